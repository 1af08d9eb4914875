"""Incremental rebuilds: only pages whose inputs changed are rendered again, the result is
byte for byte a cold build of the same content, and a planted or tampered last build is
never trusted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.build import Project, build, refresh_search

from helpers import REPO


def make(root: Path, content: Path) -> Project:
    return Project(REPO, content, root / "site", root / "build")


def run(project: Project, search: bool = True) -> dict:
    report = []
    build(project, say=lambda line: None, report=report, search=search)
    return {b.lang: b for b in report}


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture()
def content(tmp_path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(REPO / "content", copy)
    return copy


@pytest.fixture()
def built(tmp_path, content) -> Project:
    project = make(tmp_path / "a", content)
    first = run(project)
    assert all(b.full and b.rendered == b.pages for b in first.values())
    return project


def assert_same_as_cold(project: Project, content: Path, tmp_path: Path) -> None:
    cold = make(tmp_path / "cold", content)
    run(cold)
    assert tree(project.site) == tree(cold.site)


def test_nothing_changed_renders_only_hubs_and_converts_nothing(built):
    before = tree(built.site)
    again = run(built)
    for b in again.values():
        assert not b.full and b.converted == 0
        assert b.rendered < 10  # the hubs, which are cheap and always rendered
    assert tree(built.site) == before


def test_editing_one_translation_renders_only_pages_that_show_it(built, content, tmp_path):
    event = content / "events" / "qalaat-al-mudiq-captured.yaml"
    text = event.read_text(encoding="utf-8")
    assert "\n  tr: " in text
    event.write_text(text.replace("\n  tr: ", "\n  tr: Düzenlendi ", 1), encoding="utf-8")
    again = run(built)
    assert again["tr"].converted >= 1
    assert again["en"].converted == 0 and again["ar"].converted == 0  # their pages show no Turkish
    assert all(b.rendered < b.pages / 2 for b in again.values())
    assert "Düzenlendi" in (built.site / "tr" / "events" / event.stem / "index.html").read_text(encoding="utf-8")
    assert_same_as_cold(built, content, tmp_path)


def test_adding_then_removing_an_event_equals_a_cold_build(built, content, tmp_path):
    model = content / "events" / "qalaat-al-mudiq-captured.yaml"
    added = content / "events" / "zz-added.yaml"
    added.write_text(model.read_text(encoding="utf-8").replace("id: qalaat-al-mudiq-captured", "id: zz-added"),
                     encoding="utf-8")
    page = built.site / "en" / "events" / "zz-added" / "index.html"
    run(built)
    assert page.is_file()
    assert_same_as_cold(built, content, tmp_path / "1")
    added.unlink()
    again = run(built)
    assert again["en"].removed == ("events/zz-added.md",)
    assert not page.exists() and not page.parent.exists()
    assert_same_as_cold(built, content, tmp_path / "2")


def test_a_copied_last_build_is_not_trusted(built, content, tmp_path):
    """A pull request could commit a build/ and site/ of its own: copies have new inodes
    and times, so the next build starts from nothing."""
    planted = make(tmp_path / "planted", content)
    shutil.copytree(built.work, planted.work)
    shutil.copytree(built.site, planted.site)
    page = planted.site / "en" / "events" / "qalaat-al-mudiq-captured" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", "<script>alert(1)</script></article>"))
    again = run(planted)
    assert all(b.full and b.rendered == b.pages for b in again.values())
    assert "<script>alert(1)" not in page.read_text(encoding="utf-8")


def test_a_page_changed_after_the_build_makes_the_next_build_whole(built):
    page = built.site / "ar" / "places" / "hama" / "index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</article>", b"<p>tampered</p></article>"))
    again = run(built)
    assert again["ar"].full and again["ar"].rendered == again["ar"].pages
    assert page.read_bytes() == original


def test_search_left_for_later_is_indexed_by_refresh_search(built, content, tmp_path):
    """The preview server builds without search, then indexes in the background."""
    excerpt = sorted((content / "excerpts").glob("*.md"))[0]  # shown on event pages, not on hubs
    excerpt.write_text(excerpt.read_text(encoding="utf-8") + "\nAn added sentence.\n", encoding="utf-8")
    bundle = lambda: tree(built.site / "en" / "pagefind")
    before = bundle()
    again = run(built, search=False)
    assert again["en"].search_stale and bundle() == before
    assert run(built, search=False)["en"].search_stale  # stays owed until indexed
    said = []
    refresh_search(built, say=said.append)
    assert said == ["search: indexed with Pagefind: ar, en, tr"]
    assert bundle() != before
    assert not run(built)["en"].search_stale
    assert_same_as_cold(built, content, tmp_path)
