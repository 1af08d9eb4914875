"""The check cache: a check that takes unchanged files from it reports exactly what a check
without it reports, notices every change, and never fails because of it."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import time
from pathlib import Path

import pytest

from benchmarks.generate import generate
from sitegen.build import check as check_module
from sitegen.build.cache import CheckCache, DiskCache, cache_folder, disk_cache
from sitegen.build.check import check
from sitegen.cli import main

from test_invalid_cases import CASES, INVALID, make_content

SETTLE_NS = 50_000_000  # longer than a tick of any file system clock here; the default is 2 s


@pytest.fixture(autouse=True)
def quick_settle(monkeypatch):
    """Files count as settled 50 ms after their last change (see `wait_until_settled`)."""
    monkeypatch.setattr(CheckCache, "settle_ns", SETTLE_NS)


def wait_until_settled() -> None:
    time.sleep(2 * SETTLE_NS / 1e9)


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The paths of the content files that checks read (site.yaml aside)."""
    paths: list[str] = []
    load_file = check_module.load_file

    def counting(found, problems):
        paths.append(found.path)
        return load_file(found, problems)

    monkeypatch.setattr(check_module, "load_file", counting)
    return paths


@pytest.fixture
def content(tmp_path) -> Path:
    make_content(CASES / "base", tmp_path)
    wait_until_settled()
    return tmp_path / "content"


def cli_check(folder: Path, capsys, *args: str) -> tuple[int, str]:
    code = main(["check", *args, str(folder)])
    return code, capsys.readouterr().out


def report(result) -> list[str]:
    return result.report()


# Cases whose site.yaml has a problem that leaves the site usable (a bad map setting is
# reported alone, with the default map): their records are checked, so cached.
SITE_USABLE = {"map-tiles-not-a-template"}


@pytest.mark.parametrize("name", INVALID)
def test_warm_check_prints_what_a_cold_one_does(name, tmp_path, capsys, monkeypatch, reads):
    case = CASES / "invalid" / name
    make_content(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    args = (case / "args").read_text().split() if (case / "args").exists() else []
    wait_until_settled()
    cold = cli_check(Path("content"), capsys, *args)
    cold_reads = len(reads)
    warm = cli_check(Path("content"), capsys, *args)
    assert warm == cold
    assert cold == (int((case / "exit-code").read_text()), (case / "expected.txt").read_text(encoding="utf-8"))
    if (case / "content/site.yaml").exists() and name not in SITE_USABLE:  # a refused site.yaml: nothing is cached
        assert len(reads) == 2 * cold_reads
    else:
        assert len(reads) - cold_reads < cold_reads  # only files naming unknown ids are read again


def test_warm_check_reads_nothing_and_gives_the_same_content(content, reads):
    cache = CheckCache()
    cold = check(content, cache)
    assert len(reads) == 10
    warm = check(content, cache)
    assert len(reads) == 10
    plain = check(content)
    assert report(warm) == report(cold) == report(plain)
    assert warm.content == cold.content == plain.content
    assert warm.content.digests == plain.content.digests


def test_digests_are_of_each_record_file(content):
    digests = check(content).content.digests
    event = content / "events" / "qalaat-al-mudiq-captured.yaml"
    assert digests["events\x1fqalaat-al-mudiq-captured"] == hashlib.blake2b(event.read_bytes(), digest_size=10).hexdigest()
    excerpt = content / "excerpts" / "ea-capture.md"
    assert digests["excerpts\x1fea-capture"] == hashlib.blake2b(excerpt.read_bytes(), digest_size=10).hexdigest()
    assert len(digests) == 10


def test_an_edit_is_noticed_even_with_the_same_size_and_mtime(content, reads):
    cache = CheckCache()
    check(content, cache)
    event = content / "events" / "qalaat-al-mudiq-captured.yaml"
    text, before = event.read_text(), event.stat()
    edited = text.replace("places: [qalaat-al-mudiq]", "places: [qalaat-al-mudik]")
    assert len(edited) == len(text)
    event.write_text(edited)
    os.utime(event, ns=(before.st_atime_ns, before.st_mtime_ns))
    del reads[:]
    warm = check(content, cache)
    assert reads == [str(event)]
    assert report(warm) == report(check(content))
    assert f"{event}:9:10: error: places[0]: unknown place 'qalaat-al-mudik'; did you mean 'qalaat-al-mudiq'?" \
        in report(warm)


def test_deleting_adding_and_renaming_files(content, reads):
    cache = CheckCache()
    check(content, cache)
    (content / "places" / "qalaat-al-mudiq.yaml").unlink()  # the event names it
    deleted = check(content, cache)
    assert report(deleted) == report(check(content))
    assert any("unknown place 'qalaat-al-mudiq'" in line for line in report(deleted))
    actor = content / "actors" / "turkey.yaml"
    actor.rename(content / "actors" / "turkiye.yaml")  # now its id does not match its name
    renamed = check(content, cache)
    assert report(renamed) == report(check(content))
    assert any("actors/turkiye.yaml" in line and "does not match the file name" in line for line in report(renamed))
    shutil.copy(CASES / "base" / "content" / "places" / "qalaat-al-mudiq.yaml", content / "places")
    added = check(content, cache)
    assert report(added) == report(check(content))
    assert not any("qalaat-al-mudiq'" in line for line in report(added))


def test_a_file_changed_just_before_a_check_is_read_again_by_the_next(content, reads):
    """Two changes within one tick of the file system's clock leave the same stat key."""
    event = content / "events" / "qalaat-al-mudiq-captured.yaml"
    event.write_text(event.read_text())
    cache = CheckCache()
    check(content, cache)
    files = list(cache.files.values())
    cache.keep(cache.context, files, started=event.stat().st_ctime_ns + SETTLE_NS // 2)
    assert sorted(cache.files) == sorted(f.path for f in files if f.path != str(event))
    del reads[:]
    check(content, cache)
    assert reads == [str(event)]


def test_disk_cache_round_trip_and_appends(content, tmp_path, reads):
    path = tmp_path / "cache" / "check-x"
    cold = check(content, DiskCache(path))
    assert path.is_file() and len(reads) == 10
    warm = check(content, DiskCache(path))
    assert len(reads) == 10 and report(warm) == report(cold)
    size = path.stat().st_size
    event = content / "events" / "qalaat-al-mudiq-captured.yaml"
    event.write_text(event.read_text().replace("Regime forces capture", "Forces seize"))
    wait_until_settled()
    edited = check(content, DiskCache(path))
    assert reads[10:] == [str(event)]
    assert path.stat().st_size > size  # one more frame, with the edited file
    again = check(content, DiskCache(path))
    assert len(reads) == 11
    assert report(again) == report(edited) == report(check(content))
    assert again.content == edited.content


def test_disk_cache_is_written_anew_once_its_frames_hold_a_quarter_more_files(content, tmp_path):
    path = tmp_path / "check-x"
    check(content, DiskCache(path))
    places = sorted((content / "places").glob("*.yaml"))
    stored = []
    for place in places:
        place.write_text(place.read_text() + "# edited\n")
        wait_until_settled()
        cache = DiskCache(path)
        check(content, cache)
        stored.append(cache.stored)
    assert stored == [11, 12, 10]  # 10 files: two more are kept beside them, not three
    assert report(check(content, DiskCache(path))) == report(check(content))


def test_a_damaged_cache_file_is_ignored(content, tmp_path, reads):
    path = tmp_path / "check-x"
    expected = report(check(content, DiskCache(path)))
    data = path.read_bytes()
    one = content / "events" / "qalaat-al-mudiq-captured.yaml"
    alone = report(check_module.check_file(one))
    last = len(data) - 10  # in the last frame, of links
    for damaged in (data[: len(data) // 2], data[:-1], data[:100] + b"x" + data[101:], b"", b"garbage",
                    data[:last] + bytes([data[last] ^ 1]) + data[last + 1 :]):
        path.write_bytes(damaged)
        assert report(check_module.check_file(one, DiskCache(path))) == alone
        path.write_bytes(damaged)
        del reads[:]
        assert report(check(content, DiskCache(path))) == expected
        assert len(reads) == 10  # a cold check, which writes the cache again
    del reads[:]
    assert report(check(content, DiskCache(path))) == expected and reads == []


def _well_framed(path: Path, tag: int, *chunks: bytes) -> None:
    """Rewrite the cache at `path` with its own context frame and then `chunks`, each framed
    with a right length and CRC and the `tag` of a frame of files or of links: damage that
    the framing cannot see."""
    from sitegen.build import cache as cache_module

    frames = cache_module._frames(path.read_bytes())
    cache_module._write_atomically(path, [frames[0], *((tag, chunk) for chunk in chunks)])


class _Calls:
    """A pickle that, loaded by `pickle.loads`, calls `os.getpid` (any function would do)."""

    def __reduce__(self):
        return (os.getpid, ())


def test_a_well_framed_cache_of_the_wrong_things_is_ignored(content, tmp_path, reads):
    """Issue 10, item 14: a frame that unpickles to [1, 2, 3] raised AttributeError."""
    from dataclasses import replace

    from sitegen.build import cache as cache_module
    from sitegen.content import model

    path = tmp_path / "check-x"
    expected = report(check(content, DiskCache(path)))
    good = DiskCache(path)
    good.recall(good.context or check_module.cache_context(content, _site_digest(content)))
    some = next(iter(good.files.values()))
    place = next(f for f in good.files.values() if isinstance(f.record, model.Place))
    wrong = [
        pickle.dumps([1, 2, 3]),
        pickle.dumps((1, 2, 3)),
        pickle.dumps([_Calls()]),  # refused before anything is called
        pickle.dumps([some._replace(problems=5)]),
        pickle.dumps([some._replace(cites=())]),
        pickle.dumps([place._replace(record=replace(place.record, name=5))]),
        pickle.dumps([place._replace(record=replace(place.record, name=model.Text(((1, "x"),))))]),
        pickle.dumps([place._replace(kind="events")]),
    ]
    link = some.links
    wrong += [
        pickle.dumps([link._replace(kind="events")]),
        pickle.dumps([link._replace(kind="notes")]),
        pickle.dumps([link._replace(edges=5)]),
        pickle.dumps([link._replace(at=("1", 2))]),
    ]
    one = Path(some.path)
    alone = report(check_module.check_file(one))
    for chunk in wrong:
        for tag in (cache_module.FILES, cache_module.LINKS):
            _well_framed(path, tag, chunk)
            del reads[:]
            # a check of one file reads only links frames: it checks without them, and
            # then (falling back to the whole folder) writes the cache anew
            assert report(check_module.check_file(one, DiskCache(path))) == alone
            assert len(reads) == 10
            _well_framed(path, tag, chunk)
            del reads[:]
            assert report(check(content, DiskCache(path))) == expected
            assert len(reads) == 10  # checked without the cache, then written anew


def _site_digest(content: Path) -> str:
    from sitegen.content.load import digest

    return digest((content / "site.yaml").read_bytes())


@pytest.mark.parametrize("mode", [0o666, 0o644])
def test_a_cache_file_not_private_to_its_user_is_ignored(content, tmp_path, reads, mode):
    """As one checked out of a repository would be."""
    path = tmp_path / "check-x"
    check(content, DiskCache(path))
    path.chmod(mode)
    del reads[:]
    check(content, DiskCache(path))
    assert len(reads) == 10
    assert path.stat().st_mode & 0o777 == 0o600  # written again, privately


def test_a_cache_that_cannot_be_written_does_not_fail_the_check(content, tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("SITEGEN_CACHE_DIR", str(blocker))
    assert cli_check(content, capsys, "--strict") == (0, f"{content}: 10 records, 0 errors, 0 warnings\n")


def test_a_cache_that_cannot_be_pickled_does_not_fail_the_check(content, tmp_path, monkeypatch):
    def refuse(value, reducers=None):
        raise pickle.PicklingError("no")

    monkeypatch.setattr("sitegen.build.cache._pickle", refuse)
    cache = DiskCache(tmp_path / "check-x")
    assert report(check(content, cache)) == report(check(content))
    assert len(cache.files) == 10 and not cache.path.exists()


def test_changing_site_yaml_or_the_code_checks_everything_again(content, reads, monkeypatch):
    cache = CheckCache()
    check(content, cache)
    site = content / "site.yaml"
    site.write_text(site.read_text().replace("languages: [en, ar, tr]", "languages: [en, tr, ar]"))
    del reads[:]
    reordered = check(content, cache)
    assert len(reads) == 10
    assert report(reordered) == report(check(content))
    del reads[:]
    check(content, cache)
    assert reads == []
    monkeypatch.setattr("sitegen.build.cache.code_digest", lambda: "another version")
    check(content, cache)
    assert len(reads) == 10


def test_cli_keeps_the_cache_outside_the_content_and_can_leave_it_alone(content, capsys, check_cache_dir, monkeypatch):
    before = sorted(content.rglob("*"))
    assert cli_check(content, capsys, "--no-cache")[0] == 0
    assert list(check_cache_dir.iterdir()) == []
    assert cli_check(content, capsys)[0] == 0
    assert sorted(p.name[:6] + p.suffix for p in check_cache_dir.iterdir()) == ["check-", "check-.manifest"]
    assert sorted(content.rglob("*")) == before
    monkeypatch.setenv("SITEGEN_CACHE_DIR", "off")
    assert disk_cache(content, os.environ) is None


def test_cache_folder_follows_the_environment():
    assert cache_folder({"SITEGEN_CACHE_DIR": "/c", "XDG_CACHE_HOME": "/x", "HOME": "/h"}) == Path("/c")
    assert cache_folder({"SITEGEN_CACHE_DIR": "off", "HOME": "/h"}) is None
    assert cache_folder({"XDG_CACHE_HOME": "/x", "HOME": "/h"}) == Path("/x/sitegen")
    assert cache_folder({"XDG_CACHE_HOME": "relative", "HOME": "/h"}) == Path("/h/.cache/sitegen")
    assert cache_folder({"SITEGEN_CACHE_DIR": "", "HOME": "/h"}) == Path("/h/.cache/sitegen")
    assert cache_folder({"SITEGEN_CACHE_DIR": ".cache", "HOME": "/h"}) == Path("/h/.cache/sitegen")
    assert disk_cache("a", {"HOME": "/h"}).path != disk_cache("b", {"HOME": "/h"}).path


def test_generated_corpus_warm_equals_cold(tmp_path, reads):
    corpus = tmp_path / "content"
    generate(corpus, 150, seed=3)
    wait_until_settled()
    cache = CheckCache()
    cold = check(corpus, cache)
    count = len(reads)
    event = sorted((corpus / "events").glob("*.yaml"))[5]
    event.write_text(event.read_text(encoding="utf-8").replace("en: ", "en: Edited ", 1), encoding="utf-8")
    warm = check(corpus, cache)
    assert reads[count:] == [str(event)]
    plain = check(corpus)
    assert report(warm) == report(plain) and report(warm) != [] and warm.records == cold.records
    assert warm.content == plain.content and warm.content.digests == plain.content.digests
    assert warm.content.digests != cold.content.digests


def test_without_a_valid_site_nothing_is_cached(content, tmp_path, reads):
    (content / "site.yaml").unlink()
    cache = DiskCache(tmp_path / "check-x")
    result = check(content, cache)
    assert report(result) == report(check(content)) and result.content is None
    assert cache.files == {} and not cache.path.exists()


def test_one_file_is_checked_against_the_links_in_the_disk_cache(content, tmp_path, reads):
    """`sitegen check content/events/x.yaml` with a cache of the folder's last check reads
    that file alone (and the others changed since, up to `STALE_AT_MOST`), and finds what the
    whole check finds in it."""
    path = tmp_path / "check-x"
    check(content, DiskCache(path))
    event = content / "events" / "qalaat-al-mudiq-captured.yaml"
    place = content / "places" / "hama.yaml"
    event.write_text(event.read_text().replace("places: [qalaat-al-mudiq]", "places: [hama]"))
    del reads[:]
    one = check_module.check_file(event, DiskCache(path))
    assert reads == [str(event)]
    place.write_text(place.read_text() + "# edited\n")  # changed since: loaded again
    del reads[:]
    assert report(check_module.check_file(event, DiskCache(path))) == report(one)
    assert sorted(reads) == sorted([str(event), str(place)])
    whole = check(content)
    assert [p for p in whole.problems if p.loc.path == str(event)] == list(one.problems)
