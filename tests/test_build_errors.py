"""A failure while building (a template error, a bad mkdocs.yml) is one located message,
exit 1, no traceback, and the previous site untouched."""

from __future__ import annotations

import shutil

import pytest

from sitegen.build.run import build
from sitegen.cli import main

from helpers import REPO, tree
from projects import project_with, repo_mkdocs


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """A project with its own copy of the templates, built once."""
    tmp = tmp_path_factory.mktemp("errors")
    project = project_with(tmp, repo_mkdocs())
    build(project, say=lambda line: None)
    return tmp


@pytest.fixture
def built(first_build, tmp_path, monkeypatch):
    """A copy of the built project for one test to break; cwd at its root."""
    shutil.copytree(first_build, tmp_path / "copy", symlinks=True)
    project = project_with(tmp_path / "copy", (tmp_path / "copy/project/mkdocs.yml").read_text())
    monkeypatch.chdir(project.root)
    return project


def _fails(project, capsys) -> list[str]:
    before = tree(project.site)
    capsys.readouterr()
    assert main(["build", "--content", str(project.content), "--site", str(project.site)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert tree(project.site) == before
    return err.splitlines()


def test_yaml_error_in_mkdocs_yml(built, capsys):
    (built.root / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\n  features: [a\n", encoding="utf-8")
    lines = _fails(built, capsys)
    assert lines[0] == ("build failed: mkdocs.yml:5:1: error: while parsing a flow sequence; expected ',' or ']',"
                        " but got '<stream end>'; the previous site was left as it was")


def test_invalid_mkdocs_setting(built, capsys):
    (built.root / "mkdocs.yml").write_text(repo_mkdocs(site_author="[1, 2]"), encoding="utf-8")
    lines = _fails(built, capsys)
    assert lines[0] == ("build failed: mkdocs.yml: error: Config value 'site_author': Expected type: <class 'str'> but"
                        " received: <class 'list'>; the previous site was left as it was")


def test_undefined_name_in_a_page_template(built, capsys):
    template = built.root / "templates" / "event.md.j2"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    template.write_text("".join(lines[:2] + ["{{ page.titel }}\n"] + lines[2:]), encoding="utf-8")
    out = _fails(built, capsys)
    assert out[0] == ("build failed: templates/event.md.j2:3: error: UndefinedError: 'sitegen.pages.views.View object'"
                      " has no attribute 'titel'; the previous site was left as it was")


def test_error_in_a_theme_template(built, capsys):
    template = built.root / "templates" / "theme" / "main.html"
    template.write_text(template.read_text(encoding="utf-8").replace("{% block scripts %}", "{% block scripts %}{% if %}"),
                        encoding="utf-8")
    out = _fails(built, capsys)
    assert out[0].startswith(f"build failed: {template}:") and ": error: TemplateSyntaxError: " in out[0]
