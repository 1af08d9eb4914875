"""`sitegen check content/events/x.yaml`: one file checked against the rest of the content.
The oracle: for every file of the base content and of every invalid-content case, its
problems are exactly those the check of the whole folder finds in it (and in site.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.build.cache import CheckCache
from sitegen.build import check as check_module
from sitegen.build.check import check, check_file
from sitegen.cli import main
from sitegen.content.load import KINDS

from test_invalid_cases import CASES, INVALID, make_content


def content_files(content: Path) -> list[Path]:
    return sorted(p for kind in (*KINDS, "excerpts") for p in (content / kind).glob("*") if p.is_file())


def warm_cache() -> CheckCache:
    """A cache of a check of `content`, as an editor's last check leaves it, keeping every
    file (its files are not left to settle: each test waits before changing one)."""
    cache = CheckCache()
    cache.settle_ns = 0
    check("content", cache)
    return cache


def assert_oracle(cache: CheckCache, monkeypatch) -> list:
    """For every file: its check alone, without a cache and with `cache` (which must serve:
    the whole folder is not checked again), finds exactly what the whole check finds in it
    and in site.yaml. Returns the whole check's problems."""
    whole = check("content")
    files = content_files(Path("content"))
    assert files
    whole_folder = check_module._check
    for path in files:
        expected = [p for p in whole.problems if p.loc.path in (str(path), "content/site.yaml")]
        monkeypatch.setattr(check_module, "_check", whole_folder)
        assert list(check_file(path).problems) == expected, path
        if cache.recall_links(check_module.cache_context(Path("content"), _site_digest())):
            monkeypatch.setattr(check_module, "_check", _not_the_whole_folder)
        result = check_file(path, cache)
        assert list(result.problems) == expected, path
        assert result.failed() == any(p.severity == "error" for p in expected)
    monkeypatch.setattr(check_module, "_check", whole_folder)
    return list(whole.problems)


def _not_the_whole_folder(*args):
    raise AssertionError("a check of one file with a usable cache checked the whole folder")


def _site_digest() -> str:
    from sitegen.content.load import digest

    return digest(Path("content/site.yaml").read_bytes())


@pytest.mark.parametrize("name", ["base", *INVALID])
def test_one_file_gets_what_the_whole_check_finds_in_it(name, tmp_path, monkeypatch):
    make_content(CASES / ("base" if name == "base" else f"invalid/{name}"), tmp_path)
    monkeypatch.chdir(tmp_path)
    assert_oracle(warm_cache(), monkeypatch)


def _edit(path: str, old: str, new: str) -> None:
    file = Path("content") / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


EVENT = "events/qalaat-al-mudiq-captured.yaml"
CLAIM_EXCERPT = ("    source: ea-worldview\n", "    source: ea-worldview\n    excerpt: ea-capture\n")
# (what to change after the editor's last check, the file it is in, the other file whose
# problems it changes): each change, and its undoing, changes another file's problems
CROSS = {
    "place-deleted": (lambda: (Path("content") / "places/qalaat-al-mudiq.yaml").unlink(), EVENT),
    "place-parent-cycle": (lambda: _edit("places/syria.yaml", "id: syria\n", "id: syria\nparent: qalaat-al-mudiq\n"),
                           "places/hama.yaml"),
    "actor-part-of-cycle": (lambda: _edit("actors/turkey.yaml", "wikidata: Q43\n",
                                          "wikidata: Q43\nrelations:\n  - type: part-of\n    actor: national-liberation-front\n"),
                            "actors/national-liberation-front.yaml"),
    "source-actor-is-claimant": (lambda: _edit("sources/ea-worldview.yaml", "kind: news-outlet\n",
                                               "kind: news-outlet\nactor: turkey\n"), EVENT),
    "source-no-longer-cited": (lambda: _edit(EVENT, "  - source: white-helmets\n", "  - source: ea-worldview\n"),
                               "sources/white-helmets.yaml"),
    "excerpt-drops-event": (lambda: _edit("excerpts/ea-capture.md", "qalaat-al-mudiq-captured, ", ""), EVENT),
    "duplicate-added": (lambda: (Path("content") / "events/qalaat-al-mudiq-captured.yml").write_text(
        (Path("content") / EVENT).read_text(encoding="utf-8"), encoding="utf-8"), "events/qalaat-al-mudiq-captured.yml"),
}


def _problems_in(problems: list, path: str) -> list:
    return [p for p in problems if p.loc.path == str(Path("content") / path)]


@pytest.mark.parametrize("name", sorted(CROSS))
@pytest.mark.parametrize("undo", [False, True], ids=["makes", "undoes"])
def test_a_change_in_one_file_changes_the_problems_of_another(name, undo, tmp_path, monkeypatch):
    """The oracle again, after a change in one file that adds a problem to another file (or,
    undone, takes one away), with a cache of the check before the change: the check of each
    file finds what the whole check now finds in it."""
    import shutil
    import time

    make_content(CASES / "base", tmp_path)
    monkeypatch.chdir(tmp_path)
    second = (Path("content") / EVENT).read_text(encoding="utf-8").replace("id: qalaat-al-mudiq-captured", "id: second")
    second = second.replace("  - source: white-helmets\n", "  - source: ea-worldview\n")
    (Path("content") / "events/second.yaml").write_text(second, encoding="utf-8")
    _edit("excerpts/ea-capture.md", "events: [qalaat-al-mudiq-captured]", "events: [qalaat-al-mudiq-captured, second]")
    _edit(EVENT, *CLAIM_EXCERPT)
    _edit("actors/national-liberation-front.yaml", "type: backed-by", "type: part-of")
    change, other = CROSS[name]
    if undo:
        shutil.copytree("content", "base")
        change()
    before = check("content").problems
    cache = warm_cache()
    assert len(cache.files) >= len(content_files(Path("content"))) - 2  # all but the events naming a deleted place
    time.sleep(0.05)  # a later tick of the file system's clock: the change gives new stat keys
    if undo:
        shutil.rmtree("content")
        shutil.copytree("base", "content")
    else:
        change()
    after = assert_oracle(cache, monkeypatch)
    gained, lost = (before, after) if undo else (after, before)
    assert len(_problems_in(gained, other)) > len(_problems_in(lost, other))


def test_check_one_file_from_the_command_line(tmp_path, capsys, monkeypatch):
    make_content(CASES / "base", tmp_path)
    monkeypatch.chdir(tmp_path)
    event = Path("content/events/qalaat-al-mudiq-captured.yaml")
    assert main(["check", str(event)]) == 0
    assert capsys.readouterr().out == f"{event}: 1 record, 0 errors, 0 warnings\n"
    event.write_text(event.read_text().replace("places: [qalaat-al-mudiq]", "places: [qalaat-al-mudik]"))
    Path("content/places/hama.yaml").write_text("id: hama\n")  # broken too, but not the file checked
    assert main(["check", str(event)]) == 1
    assert capsys.readouterr().out == (
        f"{event}:9:10: error: places[0]: unknown place 'qalaat-al-mudik'; did you mean 'qalaat-al-mudiq'?\n"
        f"{event}: 1 record, 1 error, 0 warnings\n")
    assert main(["check", "content/site.yaml"]) == 1  # the whole folder
    assert capsys.readouterr().out.endswith("content: 10 records, 3 errors, 0 warnings\n")
    assert main(["check", "--no-cache", "content/places/hama.yaml"]) == 1
    assert capsys.readouterr().out.endswith("content/places/hama.yaml: 1 record, 2 errors, 0 warnings\n")
    Path("notes.txt").write_text("x")
    assert main(["check", "notes.txt"]) == 1
    assert capsys.readouterr().out == (
        "notes.txt:1:1: error: not a content file: records are in <content>/<kind>/, beside site.yaml\n"
        "notes.txt: 0 records, 1 error, 0 warnings\n")
