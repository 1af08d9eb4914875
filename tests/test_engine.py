"""Plugins and hooks: `--engine mkdocs` lets MkDocs build every page, so a hook sees every
page; the fast path, which would skip them on most pages, refuses with a message naming
the option. mkdocs.yml is read by MkDocs' own loader (`!ENV`, Python tags), paths in it
are relative to it, and the user's theme.custom_dir is kept under the project's overrides."""

from __future__ import annotations

import pytest

from sitegen.build.run import BuildError, build
from sitegen.cli import main

from helpers import REPO, site_languages
from projects import project_with, repo_mkdocs

HOOK = '''import os


def on_page_markdown(markdown, page, config, files):
    with open(os.environ["SEEN_PAGES"], "a", encoding="utf-8") as seen:
        seen.write(config.theme["language"] + " " + page.file.src_uri + "\\n")
    return markdown.replace("SGHOOKMARK", "hooked")
'''


def _hooked(tmp_path, monkeypatch):
    project = project_with(tmp_path, repo_mkdocs(hooks="[hooks/record.py]"))
    (project.root / "hooks").mkdir()
    (project.root / "hooks" / "record.py").write_text(HOOK, encoding="utf-8")
    monkeypatch.setenv("SEEN_PAGES", str(tmp_path / "seen.txt"))
    return project


def test_fast_path_refuses_a_hook_that_acts_on_pages(tmp_path, monkeypatch):
    project = _hooked(tmp_path, monkeypatch)
    with pytest.raises(BuildError) as err:
        build(project, say=lambda line: None)
    assert str(err.value).splitlines()[0] == (
        f"{project.root / 'mkdocs.yml'}: error: 'hooks/record.py' acts on pages (on_page_markdown): the fast path "
        "does not run it on event, place, actor and source pages; build with `sitegen build --engine mkdocs`")
    assert not project.site.exists()


def test_mkdocs_engine_runs_a_hook_on_every_page(tmp_path, monkeypatch):
    project = _hooked(tmp_path, monkeypatch)
    build(project, say=lambda line: None, engine="mkdocs")
    seen = (tmp_path / "seen.txt").read_text(encoding="utf-8").splitlines()
    docs = project.work / "docs"
    for lang in site_languages():
        written = {p.relative_to(docs / lang).as_posix() for p in (docs / lang).rglob("*.md")}
        assert {line.split(" ", 1)[1] for line in seen if line.startswith(lang + " ")} == written
    page = (project.site / "en/events/qalaat-al-mudiq-captured/index.html").read_text()
    assert "SGSHELL" not in page


def test_mkdocs_yml_is_read_by_mkdocs_loader(tmp_path, monkeypatch):
    """!ENV and a Python tag (emoji's index, as Material's docs configure it) build."""
    monkeypatch.setenv("SG_SITE_URL", "https://example.org/monitor/")
    text = repo_mkdocs(site_url="!ENV SG_SITE_URL").replace(
        "markdown_extensions:\n",
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n")
    project = project_with(tmp_path, text)
    build(project, say=lambda line: None)
    page = (project.site / "tr/events/qalaat-al-mudiq-captured/index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/monitor/tr/events/qalaat-al-mudiq-captured/">' in page


def test_user_custom_dir_is_kept_under_the_project_overrides(tmp_path):
    text = repo_mkdocs().replace("theme:\n", "theme:\n  custom_dir: overrides\n")
    project = project_with(tmp_path, text)
    partials = project.root / "overrides" / "partials"
    partials.mkdir(parents=True)
    # (a partial the project does not override itself: its copyright.html translates the footer)
    (partials / "footer.html").write_text('<footer class="md-footer">SGUSERCOPYRIGHT</footer>\n', encoding="utf-8")
    build(project, say=lambda line: None)
    for page in ("en/index.html", "ar/events/qalaat-al-mudiq-captured/index.html"):
        html = (project.site / page).read_text()
        assert "SGUSERCOPYRIGHT" in html                   # the user's override
        assert 'id="pf-dialog"' in html                    # and the project's main.html over it


def test_cli_names_the_engines(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = capsys.readouterr().out
    assert "--engine {fast,mkdocs}" in out


def test_page_meta_the_fast_path_cannot_honour(tmp_path):
    """A template giving event pages `hide: [toc]`: the fast path stops and names the
    option; under `--engine mkdocs` Material hides the table of contents as it would."""
    import shutil

    project = project_with(tmp_path, repo_mkdocs())
    template = project.root / "templates" / "event.md.j2"
    lines = template.read_text(encoding="utf-8").split("\n", 1)
    template.write_text('{{ front(page.title, page.summary) | replace("---\\n", "---\\nhide: [toc]\\n", 1) }}\n'
                        + lines[1], encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build(project, say=lambda line: None)
    assert str(err.value).startswith("events/")
    assert ": error: front matter 'hide' is not honoured by the fast path; build with `sitegen build --engine mkdocs`" \
        in str(err.value)
    build(project, say=lambda line: None, engine="mkdocs")
    html = (project.site / "en/events/qalaat-al-mudiq-captured/index.html").read_text()
    assert 'data-md-type="toc" hidden>' in html


def test_a_failing_hook_is_a_message_not_a_traceback(tmp_path):
    project = project_with(tmp_path, repo_mkdocs(hooks="[hooks/broken.py]"))
    (project.root / "hooks").mkdir()
    (project.root / "hooks" / "broken.py").write_text(
        "def on_page_markdown(markdown, page, config, files):\n    raise KeyError('no-such-key')\n", encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build(project, say=lambda line: None, engine="mkdocs")
    assert str(err.value).splitlines()[-1] == f"{project.root / 'mkdocs.yml'}: error: MkDocs failed: KeyError: 'no-such-key'"
    assert not project.site.exists()
