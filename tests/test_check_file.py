"""`sitegen check content/events/x.yaml`: one file checked against the rest of the content.
The oracle: for every file of the base content and of every invalid-content case, its
problems are exactly those the check of the whole folder finds in it (and in site.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.cache import CheckCache
from sitegen.check import check, check_file
from sitegen.cli import main
from sitegen.load import KINDS

from test_invalid_cases import CASES, INVALID, make_content


def content_files(content: Path) -> list[Path]:
    return sorted(p for kind in (*KINDS, "excerpts") for p in (content / kind).glob("*") if p.is_file())


@pytest.mark.parametrize("name", ["base", *INVALID])
def test_one_file_gets_what_the_whole_check_finds_in_it(name, tmp_path, monkeypatch):
    make_content(CASES / ("base" if name == "base" else f"invalid/{name}"), tmp_path)
    monkeypatch.chdir(tmp_path)
    whole = check("content")
    cache = CheckCache()
    check("content", cache)  # a warm cache, as an editor's last check left it
    files = content_files(Path("content"))
    assert files
    for path in files:
        expected = [p for p in whole.problems if p.loc.path in (str(path), "content/site.yaml")]
        for kept in (None, cache):
            result = check_file(path, kept)
            assert list(result.problems) == expected, (path, kept)
            assert result.failed() == any(p.severity == "error" for p in expected)


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
