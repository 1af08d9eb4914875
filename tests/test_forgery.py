"""Diagnostics that no value or file name can forge: one line per problem, whatever a
value or a path holds, and GitHub annotations escaped as the Actions toolkit escapes them
(issue 10, item 12). The inputs are the issue's own."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.content.problems import Loc, Problem
from sitegen.content.quote import github_data, github_property, printable, quote
from sitegen.pages.render import FSI, PDI

from helpers import REPO, build_into

BASE = REPO / "tests/cases/base/content"
FORGED_ID = "turkey\ncontent/actors/russia.yaml:1:1: error: FORGED\n"
ANNOTATION = re.compile(r"::(error|warning) file=[^,:]*,line=\d+,col=\d+::[^\r\n]*\Z")


@pytest.fixture
def content(tmp_path, monkeypatch):
    shutil.copytree(BASE, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content"


def check(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(["check", "--no-cache", *args, "content"])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out
    return code, out.splitlines()


def set_turkey_id(content: Path, yaml_value: str) -> None:
    path = content / "actors/turkey.yaml"
    path.write_text(path.read_text().replace("id: turkey", f"id: {yaml_value}"))


def test_a_forged_error_line_in_an_id_stays_inside_its_quotes(content, capsys):
    set_turkey_id(content, '"turkey\\ncontent/actors/russia.yaml:1:1: error: FORGED\\n"')
    code, lines = check(capsys)
    assert code == 1
    assert lines == [
        "content/actors/turkey.yaml:1:5: error: id: 'turkey\\ncontent/actors/russia.yaml:1:1: error: FORGED\\n'"
        " is not a valid id: use lower-case letters, digits and single hyphens (at most 80 characters)",
        "content: 10 records, 1 error, 0 warnings",
    ]


def test_terminal_escapes_in_a_value_are_refused_in_one_line(content, capsys):
    set_turkey_id(content, '"turkey\\ncontent/actors/russia.yaml:1:1: error: FORGED\\n\\x1b[2J"')
    code, lines = check(capsys)
    assert (code, lines) == (1, [
        "content/actors/turkey.yaml:1:5: error: the control character U+001B is not allowed in content; remove it",
        "content: 9 records, 1 error, 0 warnings",
    ])


def test_a_file_name_cannot_start_a_line_or_a_workflow_command(content, capsys):
    (content / "places/x\n::warning file=README.md,line=1::FORGED\n.yaml").write_text("id: x\nkind: town\nname: X\n")
    code, lines = check(capsys)
    assert code == 1
    shown = "content/places/x\\n::warning file=README.md,line=1::FORGED\\n.yaml"
    assert lines[0] == (f"{shown}:1:5: error: id: 'x' does not match the file name"
                        " 'x\\n::warning file=README.md,line=1::FORGED\\n'")
    assert all(line.startswith(f"{shown}:") for line in lines[:-1])
    assert lines[-1] == "content: 11 records, 1 error, 2 warnings"
    code, lines = check(capsys, "--format", "github")
    prop = "content/places/x\\n%3A%3Awarning file=README.md%2Cline=1%3A%3AFORGED\\n.yaml"
    assert lines[0] == (f"::error file={prop},line=1,col=5::id: 'x' does not match the file name"
                        " 'x\\n::warning file=README.md,line=1::FORGED\\n'")
    assert all(ANNOTATION.match(line) for line in lines[:-1])
    assert not any(line.startswith("::warning file=README.md") for line in lines)


def test_commas_and_colons_in_a_path_cannot_add_annotation_properties(content, capsys):
    (content / "places/a,line=99,title=x::y.yaml").write_text("id: a\nkind: town\nname: A\n")
    code, lines = check(capsys, "--format", "github")
    assert lines[0] == ("::error file=content/places/a%2Cline=99%2Ctitle=x%3A%3Ay.yaml,line=1,col=5::"
                        "id: 'a' does not match the file name 'a,line=99,title=x::y'")


def test_annotation_escaping_follows_the_actions_toolkit():
    # escapeData: % CR LF; escapeProperty: those and : ,  (actions/toolkit packages/core/src/command.ts)
    assert github_data("100% done\r\n::x") == "100%25 done%0D%0A::x"
    assert github_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    problem = Problem(Loc("a\r,b.yaml", 2, 3), "warning", "50% of 'x\ry'")
    assert problem.format() == "a\\r,b.yaml:2:3: warning: 50% of 'x\\ry'"
    assert problem.format_github() == "::warning file=a\\r%2Cb.yaml,line=2,col=3::50%25 of 'x\\ry'"


def test_quoting_escapes_every_character_that_is_not_printable():
    assert quote("a\nb\x1b[2J\u202e\x85") == "'a\\nb\\x1b[2J\\u202e\\x85'"
    assert quote("حميميم") == "'حميميم'"  # letters of any script stay as they are
    assert printable("content/ar/حماة.yaml") == "content/ar/حماة.yaml"
    assert printable("x\n::y") == "x\\n::y"


def test_a_title_cannot_forge_the_shell_slots(tmp_path):
    """A title that holds the shell's URL and its slots' names is printed as written."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    event = tmp_path / "content/events/qalaat-al-mudiq-captured.yaml"
    title = "Raid on /en/_shell/depth2/ SGSHELLTITLE SGSHELLDESCRIPTION"
    text = event.read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.startswith("  en: "))
    event.write_text(text.replace(line, f"  en: {title}", 1), encoding="utf-8")
    site = build_into(tmp_path, tmp_path / "content").site
    page = (site / "en/events/qalaat-al-mudiq-captured/index.html").read_text(encoding="utf-8")
    assert f"<title>{FSI}{title}{PDI} - " in page
    assert "/_shell/" not in page.replace(title, "")  # (the title's slug, "…en_shelldepth2…", is its own)
    assert page.count(title) >= 2  # the <title> and the heading


def test_content_cannot_hold_the_shell_placeholder_character(content, capsys):
    path = content / "events/qalaat-al-mudiq-captured.yaml"
    text = path.read_text()
    path.write_text(text.replace("title:", 'title: "SGSHELL\\ufdd0TITLE"\nold_title:', 1))
    code, lines = check(capsys)
    assert code == 1
    assert lines[0].endswith("error: the non-character U+FDD0 is not allowed in content; remove it")


def test_a_file_name_that_is_not_utf8_is_shown_escaped(content, capsys):
    import os

    with open(os.fsencode(content / "places") + b"/bad\xff.yaml", "w") as file:
        file.write("id: x\nkind: town\nname: X\n")
    code, lines = check(capsys)
    assert lines[0] == "content/places/bad\\udcff.yaml:1:5: error: id: 'x' does not match the file name 'bad\\udcff'"
