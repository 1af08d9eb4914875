"""The manifest of the last whole-folder check (`sitegen.build.manifest`): `sitegen check` of
a folder unchanged since answers from it alone, with exactly what a check without any cache
reports; any change, and any doubt about the manifest, means a real check."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from benchmarks.generate import generate
from sitegen.build import cache as cache_module
from sitegen.build import check as check_module
from sitegen.build import manifest
from sitegen.build.cache import DiskCache, disk_cache
from sitegen.build.check import check
from sitegen.cli import main

from test_check_cache import quick_settle, wait_until_settled  # noqa: F401 (an autouse fixture: files settle in 50 ms)


@pytest.fixture
def big_reads(monkeypatch) -> list[str]:
    """Each time a check opens the check cache's big file (of every file's record or links)
    or loads a content file: a check answered by the manifest does neither."""
    opened: list[str] = []
    read, read_frames, load_file = DiskCache._read, cache_module._read_frames, check_module.load_file

    def counting_read(self, context):
        opened.append(f"cache {self.path}")
        return read(self, context)

    def counting_frames(path, tags):
        opened.append(f"links {path}")
        return read_frames(path, tags)

    def counting_load(found, problems):
        opened.append(found.path)
        return load_file(found, problems)

    monkeypatch.setattr(DiskCache, "_read", counting_read)
    monkeypatch.setattr(cache_module, "_read_frames", counting_frames)
    monkeypatch.setattr(check_module, "load_file", counting_load)
    return opened


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    """A generated corpus with errors (an unknown place, malformed YAML, an id that does
    not match its file name) and warnings (missing translations), as `content` in the
    working folder."""
    content = tmp_path / "content"
    generate(content, 60, seed=5)
    events = sorted((content / "events").glob("*.yaml"))
    text = events[3].read_text(encoding="utf-8")
    events[3].write_text(text.replace("places: [", "places: [no-such-place, ", 1), encoding="utf-8")
    events[4].write_text(events[4].read_text(encoding="utf-8") + "summary: [unclosed\n", encoding="utf-8")
    events[5].rename(events[5].with_name("renamed-" + events[5].name))
    monkeypatch.chdir(tmp_path)
    wait_until_settled()
    return Path("content")


def cli(capsys, *args: str) -> tuple[int, str]:
    code = main(["check", *args])
    return code, capsys.readouterr().out


def manifest_path(content: Path) -> Path:
    return disk_cache(content, os.environ).manifest


def test_the_fixture_has_errors_and_warnings(corpus, capsys):
    code, out = cli(capsys, "--no-cache", "content")
    assert code == 1
    assert "unknown place 'no-such-place'" in out and "malformed YAML" in out and ": warning: " in out
    assert "does not match the file name" in out


def test_a_warm_check_answers_from_the_manifest_with_what_a_cold_one_says(corpus, capsys, big_reads):
    plain = cli(capsys, "--no-cache", "content")
    del big_reads[:]
    cold = cli(capsys, "content")
    assert cold == plain and manifest_path(corpus).is_file()
    assert any(path.endswith(".yaml") for path in big_reads)
    for args in ((), ("--strict",), ("--format", "github")):
        del big_reads[:]
        warm = cli(capsys, *args, "content")
        assert big_reads == []  # neither the cache's big file nor any record was read
        assert warm == cli(capsys, "--no-cache", *args, "content")


def test_the_library_call_without_a_model_gives_the_same_problems(corpus, big_reads):
    cache_file = manifest_path(corpus).with_suffix("")
    plain = check(corpus)
    cold = check(corpus, DiskCache(cache_file), model=False)
    del big_reads[:]
    warm = check(corpus, DiskCache(cache_file), model=False)
    assert big_reads == []
    assert warm == cold  # the root, no content, the same problems and record count
    assert (warm.problems, warm.records, warm.content) == (plain.problems, plain.records, None)
    with_model = check(corpus, DiskCache(cache_file))  # a build's check: the manifest cannot give a model
    assert any(read.startswith("cache ") for read in big_reads)
    assert with_model.problems == plain.problems and with_model.content == plain.content is not None


def _edit(content: Path) -> None:
    event = sorted((content / "events").glob("*.yaml"))[10]
    event.write_text(event.read_text(encoding="utf-8").replace("places: [", "places: [another-unknown, ", 1),
                     encoding="utf-8")


def _same_bytes_new_mtime(content: Path) -> None:
    event = sorted((content / "events").glob("*.yaml"))[11]
    event.write_bytes(event.read_bytes())
    os.utime(event, ns=(time.time_ns(), time.time_ns() + 10**9))


def _same_size_same_mtime(content: Path) -> None:
    """An edit that keeps the size and puts the mtime back: only the ctime tells."""
    event = sorted((content / "events").glob("*.yaml"))[12]
    before = event.stat()
    text = event.read_text(encoding="utf-8")
    edited = text.replace("places: [", "places: [x", 1)
    edited = edited.replace("\n", "", 1) if edited.count("\n") > 1 else edited
    assert len(edited.encode()) == len(text.encode())
    event.write_text(edited, encoding="utf-8")
    os.utime(event, ns=(before.st_atime_ns, before.st_mtime_ns))


def _add(content: Path) -> None:
    source = sorted((content / "events").glob("*.yaml"))[13]
    text = source.read_text(encoding="utf-8")
    (content / "events" / "zz-added.yaml").write_text(text.replace(f'id: "{source.stem}"', 'id: "zz-added"'),
                                                        encoding="utf-8")


def _delete(content: Path) -> None:
    sorted((content / "places").glob("*.yaml"))[0].unlink()  # events name it


def _rename(content: Path) -> None:
    actor = sorted((content / "actors").glob("*.yaml"))[0]
    actor.rename(actor.with_name("zz-" + actor.name))


def _symlink(content: Path) -> None:
    event = sorted((content / "events").glob("*.yaml"))[14]
    copy = content.parent / "outside.yaml"
    shutil.copy(event, copy)
    event.unlink()
    event.symlink_to(copy.resolve())


def _site(content: Path) -> None:
    site = content / "site.yaml"
    text = site.read_text(encoding="utf-8")
    assert "languages: [en, ar, tr]" in text
    site.write_text(text.replace("languages: [en, ar, tr]", "languages: [en, ar]"), encoding="utf-8")


def _hidden_and_ignored(content: Path) -> None:
    """Hidden files are not read; a file of another suffix is a warning."""
    (content / "events" / ".draft.yaml").write_text("id: [broken\n", encoding="utf-8")
    (content / "events" / "notes.txt").write_text("notes\n", encoding="utf-8")


def _subfolder(content: Path) -> None:
    (content / "events" / "old").mkdir()


CHANGES = [_edit, _same_bytes_new_mtime, _same_size_same_mtime, _add, _delete, _rename, _symlink, _site,
           _hidden_and_ignored, _subfolder]


@pytest.mark.parametrize("settle", [True, False], ids=["settled", "just-changed"])
@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__.strip("_") for c in CHANGES])
def test_after_a_change_the_check_says_what_a_check_without_cache_says(corpus, capsys, change, settle):
    cli(capsys, "content")
    warm = cli(capsys, "content")
    change(corpus)
    if settle:
        wait_until_settled()
    after = cli(capsys, "content")
    plain = cli(capsys, "--no-cache", "content")
    assert after == plain
    assert after != warm or change in (_same_bytes_new_mtime, _hidden_and_ignored)
    wait_until_settled()
    assert cli(capsys, "content") == plain  # the check after, from a manifest written then or now
    assert cli(capsys, "content") == plain


def test_a_manifest_is_written_only_when_every_file_has_settled(corpus, capsys):
    event = sorted((corpus / "events").glob("*.yaml"))[0]
    event.write_text(event.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    cli(capsys, "content")
    assert not manifest_path(corpus).exists()  # a second change within one clock tick would not show
    wait_until_settled()
    cli(capsys, "content")
    assert manifest_path(corpus).exists()


def test_a_change_while_the_check_runs_writes_no_manifest(corpus, capsys, monkeypatch):
    """A file deleted while the folder is checked leaves no new ctime to see: the walks
    before and after the check differ, so no manifest is written."""
    load_file, deleted = check_module.load_file, []

    def deleting(found, problems):
        if not deleted:
            deleted.append(sorted((corpus / "sources").glob("*.yaml"))[-1])
            deleted[0].unlink()
        return load_file(found, problems)

    monkeypatch.setattr(check_module, "load_file", deleting)
    cli(capsys, "content")
    assert deleted and not manifest_path(corpus).exists()
    monkeypatch.setattr(check_module, "load_file", load_file)
    assert cli(capsys, "content") == cli(capsys, "--no-cache", "content")


def _rewrite_body(path: Path, change) -> None:
    """The manifest at `path` with its body changed by `change` and a digest that matches it."""
    data = path.read_bytes()
    body = json.loads(data[len(manifest.MAGIC):].partition(b"\n")[2])
    change(body)
    raw = json.dumps(body).encode()
    path.write_bytes(manifest.MAGIC + hashlib.blake2b(raw, digest_size=16).hexdigest().encode() + b"\n" + raw)


def _forge(problems=None, records=None, listing=None, context=None, extra=False):
    def change(body):
        if problems is not None:
            body["problems"] = problems
        if records is not None:
            body["records"] = records
        if listing is not None:
            body["listing"] = listing
        if context is not None:
            body["context"] = context
        if extra:
            body["more"] = 1
    return change


def _column(change):
    return lambda body: change(body["problems"])


DAMAGE = {
    "empty": lambda p: p.write_bytes(b""),
    "garbage": lambda p: p.write_bytes(b"garbage"),
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:-7]),
    "a byte flipped": lambda p: p.write_bytes(p.read_bytes()[:-30] + bytes([p.read_bytes()[-30] ^ 1])
                                              + p.read_bytes()[-29:]),
    "another format": lambda p: p.write_bytes(b"sitegen check manifest 1\n" + p.read_bytes()[len(manifest.MAGIC):]),
    "a folder": lambda p: (p.unlink(), p.mkdir()),
    "not private": lambda p: p.chmod(0o644),
    "other listing": lambda p: _rewrite_body(p, _forge(listing="0" * 32)),
    "other context": lambda p: _rewrite_body(p, _forge(context="0" * 32)),
    "problems as rows": lambda p: _rewrite_body(p, _forge(problems=[["x", 1, 1, "error", "m"]])),
    "a column short": lambda p: _rewrite_body(p, _column(lambda columns: columns[4].pop())),
    "a bad severity": lambda p: _rewrite_body(p, _column(lambda columns: columns[4].__setitem__(0, 2))),
    "a line as text": lambda p: _rewrite_body(p, _column(lambda columns: columns[2].__setitem__(0, "1"))),
    "a path index out of range": lambda p: _rewrite_body(p, _column(lambda columns: columns[1].__setitem__(0, 10**6))),
    "a negative path index": lambda p: _rewrite_body(p, _column(lambda columns: columns[1].__setitem__(0, -1))),
    "a path not text": lambda p: _rewrite_body(p, _column(lambda columns: columns[0].__setitem__(0, 5))),
    "a message not text": lambda p: _rewrite_body(p, _column(lambda columns: columns[5].__setitem__(0, None))),
    "a message index out of range": lambda p: _rewrite_body(p, _column(lambda columns: columns[6].__setitem__(0, 10**6))),
    "a column more": lambda p: _rewrite_body(p, _column(lambda columns: columns.append([]))),
    "records as text": lambda p: _rewrite_body(p, _forge(records="60")),
    "negative records": lambda p: _rewrite_body(p, _forge(records=-1)),
    "a field more": lambda p: _rewrite_body(p, _forge(extra=True)),
    "json not a mapping": lambda p: _rewrite_body(p, lambda body: body.clear()),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_or_foreign_manifest_gives_what_no_cache_gives(corpus, capsys, big_reads, damage):
    plain = cli(capsys, "--no-cache", "content")
    cli(capsys, "content")
    path = manifest_path(corpus)
    DAMAGE[damage](path)
    del big_reads[:]
    assert cli(capsys, "content") == plain
    assert big_reads  # checked, not answered by the manifest


def test_the_damage_cases_would_be_trusted_undamaged(corpus, capsys, big_reads):
    """The forged bodies above fail for what they change, not for how they are written."""
    plain = cli(capsys, "--no-cache", "content")
    cli(capsys, "content")
    _rewrite_body(manifest_path(corpus), _forge())
    del big_reads[:]
    assert cli(capsys, "content") == plain and big_reads == []
    _rewrite_body(manifest_path(corpus), _forge(problems=[[], [], [], [], [], [], []]))  # a pass planted by this user alone is believed
    assert plain[0] == 1 and cli(capsys, "content")[0] == 0


def test_another_version_of_sitegen_does_not_use_it(corpus, capsys, monkeypatch, big_reads):
    plain = cli(capsys, "--no-cache", "content")
    cli(capsys, "content")
    monkeypatch.setattr("sitegen.build.cache.code_digest", lambda: "another version")
    del big_reads[:]
    assert cli(capsys, "content") == plain and big_reads


def test_a_manifest_of_another_folder_is_not_used(corpus, capsys, tmp_path, big_reads):
    shutil.copytree(corpus, tmp_path / "other")
    wait_until_settled()
    cli(capsys, "other")
    shutil.copy(manifest_path(Path("other")), manifest_path(corpus))
    del big_reads[:]
    assert cli(capsys, "content") == cli(capsys, "--no-cache", "content") and big_reads


def test_no_manifest_without_a_usable_site(corpus, capsys):
    (corpus / "site.yaml").write_text("languages: 5\n", encoding="utf-8")
    wait_until_settled()
    first = cli(capsys, "content")
    assert first[0] == 1 and not manifest_path(corpus).exists()


def test_the_manifest_is_small_and_in_the_cache_folder(corpus, capsys, check_cache_dir):
    before = sorted(corpus.rglob("*"))
    cli(capsys, "content")
    path = manifest_path(corpus)
    assert path.parent == check_cache_dir and path.stat().st_mode & 0o777 == 0o600
    assert sorted(corpus.rglob("*")) == before
    assert path.stat().st_size < path.with_suffix("").stat().st_size / 5


def test_the_walk_sees_every_entry_the_loader_lists_and_no_hidden_one(corpus):
    from sitegen.content.load import find_files, walk
    from sitegen.content.problems import Problems

    _hidden_and_ignored(corpus)
    _subfolder(corpus)
    _symlink(corpus)
    found = walk(corpus)
    assert len(found.numbers) == 5 * len(found.names)
    problems = Problems()
    listed = {Path(f.path).name for f in find_files(corpus, problems).files}
    listed |= {Path(p.loc.path).name for p in problems.items}  # the subfolder, the link, notes.txt
    assert {"old", "notes.txt"} <= listed
    assert set(found.names) - {"site.yaml"} == listed | {"/actors", "/events", "/excerpts", "/places", "/sources"}
    assert ".draft.yaml" not in found.names
