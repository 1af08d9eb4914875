"""One folder per invalid-content case: its files overlay the base content; its
`expected.txt` is the exact output of `sitegen check`, `exit-code` the exit status.
Run `pytest --update-goldens` to rewrite them after a deliberate change."""

import shutil
from pathlib import Path

import pytest

from sitegen.cli import main

CASES = Path(__file__).parent / "cases"
INVALID = sorted(p.name for p in (CASES / "invalid").iterdir() if p.is_dir())


def make_content(case: Path, tmp: Path) -> None:
    shutil.copytree(CASES / "base" / "content", tmp / "content")
    if (case / "content").is_dir():
        shutil.copytree(case / "content", tmp / "content", dirs_exist_ok=True)


def run_check(tmp: Path, args: list[str], capsys, monkeypatch) -> tuple[int, str]:
    monkeypatch.chdir(tmp)
    code = main(["check", *args, "content"])
    return code, capsys.readouterr().out


def test_base_content_is_clean(tmp_path, capsys, monkeypatch):
    make_content(CASES / "base", tmp_path)
    code, out = run_check(tmp_path, ["--strict"], capsys, monkeypatch)
    assert (code, out) == (0, "content: 10 records, 0 errors, 0 warnings\n")


@pytest.mark.parametrize("name", INVALID)
def test_invalid_case(name, tmp_path, capsys, monkeypatch, update_goldens):
    case = CASES / "invalid" / name
    make_content(case, tmp_path)
    args = (case / "args").read_text().split() if (case / "args").exists() else []
    code, out = run_check(tmp_path, args, capsys, monkeypatch)
    if update_goldens:
        (case / "expected.txt").write_text(out, encoding="utf-8")
        (case / "exit-code").write_text(f"{code}\n")
    assert out == (case / "expected.txt").read_text(encoding="utf-8")
    assert code == int((case / "exit-code").read_text())
    assert "Traceback" not in out


def test_huge_file_is_refused_without_reading_it_as_yaml(tmp_path, capsys, monkeypatch):
    make_content(CASES / "base", tmp_path)
    huge = tmp_path / "content" / "places" / "huge.yaml"
    huge.write_text("id: huge\n" + "# padding\n" * 120_000)
    code, out = run_check(tmp_path, [], capsys, monkeypatch)
    assert code == 1
    assert out == (
        "content/places/huge.yaml:1:1: error: file is 1,200,009 bytes; the limit is 1,048,576\n"
        "content: 10 records, 1 error, 0 warnings\n"
    )
