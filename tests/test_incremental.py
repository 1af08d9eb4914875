"""Incremental rebuilds: only pages whose inputs changed are rendered again, every page
and file but the search bundles is byte for byte a cold build of the same content, the
search (main bundle minus hidden results, plus the delta bundle) answers as a cold
build's does, and a planted or tampered last build is never trusted."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from sitegen.build import indexer, search
from sitegen.build.run import BuildError, Project, build, refresh_search
from sitegen.build.config import is_hub
from sitegen.build.hosting import NOT_FOUND_PAGE

from helpers import REPO, assert_same_site, fragments, hidden, tree
from sitegen.build.check import check
from sitegen.content.link import link

LANGUAGES = ("ar", "en", "tr")
MODEL = link(check(REPO / "content").content)


def make(root: Path, content: Path) -> Project:
    return Project(REPO, content, root / "site", root / "build")


def run(project: Project, search: bool = True) -> dict:
    report = []
    build(project, say=lambda line: None, report=report, search=search)
    return {b.lang: b for b in report}


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


def assert_same_as_cold(project: Project, content: Path, tmp_path: Path) -> Project:
    cold = make(tmp_path / "cold", content)
    run(cold)
    assert_same_site(project.site, cold.site)
    return cold


def edit_excerpt(content: Path, n: int = 0, words: str = "An added sentence.") -> None:
    """An excerpt is shown on event and source pages, not on hubs: an edit is made in place."""
    excerpt = sorted((content / "excerpts").glob("*.md"))[n]
    excerpt.write_text(excerpt.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")


def hubs(project: Project, lang: str) -> list[str]:
    """The pages MkDocs builds (the home, the hub of each kind, the Map page, ...), from the
    Markdown tree: not the page shells nor the 404 page, which are not rendered pages."""
    docs = project.work / "docs" / lang
    paths = (p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    return [p for p in paths if is_hub(p) and not p.startswith("_shell/") and p != NOT_FOUND_PAGE]


def compiled_templates(monkeypatch, log: Path) -> None:
    """Every template Jinja compiles in a language worker (they fork from this process,
    patched; this one makes the site's top files) noted as a line of `log`."""
    import os

    import jinja2

    here = os.getpid()

    def compile_(env, source, name=None, filename=None, raw=False, defer_init=False, made=jinja2.Environment.compile):
        if os.getpid() != here:
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"{name}\n")
        return made(env, source, name, filename, raw, defer_init)
    monkeypatch.setattr(jinja2.Environment, "compile", compile_)


def test_nothing_changed_renders_only_the_pages_made_afresh_and_converts_nothing(built, monkeypatch, tmp_path):
    """With nothing changed no page of the model is rendered, not even a hub (MkDocs' own
    pages: their reads are recorded as any page's, and their Markdown tree still holds them):
    only the Data page and the guide, which are not made from the model's records, and Jinja
    compiles the templates of those only (and the shared macros)."""
    before = tree(built.site)
    log = tmp_path / "compiled.log"
    compiled_templates(monkeypatch, log)
    again = run(built)
    for b in again.values():
        assert not b.full and b.converted == 0
        assert b.rendered == 2 and len(hubs(built, b.lang)) > 5  # the Data page and the guide
    # the pages' environment's macros.j2, and the Data page's own environment's (`sitegen.exports.datapage`)
    assert sorted(log.read_text(encoding="utf-8").split()) == sorted(["macros.j2"] * 2 * len(LANGUAGES)
                                                                     + ["data.md.j2"] * len(LANGUAGES))
    assert tree(built.site) == before


def test_a_hub_not_the_last_builds_in_the_markdown_tree_is_rendered_again(built, content, tmp_path):
    """MkDocs reads the hubs from the Markdown tree in build/, which a failed build may have
    left ahead of the state: a hub whose file there is not the last build's is rendered again
    (here while an edit to the latest event changes the home page, so MkDocs runs)."""
    docs = built.work / "docs" / "en"
    places = docs / "places" / "index.md"
    assert "places/index.md" in hubs(built, "en")
    places.write_text(places.read_text(encoding="utf-8") + "\nA planted line.\n", encoding="utf-8")
    latest = content / "events" / f"{MODEL.latest[0]}.yaml"
    title = MODEL.events[MODEL.latest[0]].title.get("en", "en")[0]
    text = latest.read_text(encoding="utf-8")
    assert title in text
    latest.write_text(text.replace(title, title + " (edited)", 1), encoding="utf-8")
    again = run(built)
    assert not again["en"].full and again["en"].rendered < again["en"].pages / 2
    assert "A planted line." not in places.read_text(encoding="utf-8")
    assert "A planted line." not in (built.site / "en" / "places" / "index.html").read_text(encoding="utf-8")
    assert_same_as_cold(built, content, tmp_path)


def test_a_hub_reached_through_a_planted_link_in_the_markdown_tree_is_rendered_again(built, content, tmp_path):
    """A folder of the Markdown tree replaced by a link to a copy of itself elsewhere: the hub
    in it has the last build's bytes, but is not read through the link; it is rendered again
    into a real folder, and the site is a cold build's."""
    docs = built.work / "docs" / "en"
    assert "places/index.md" in hubs(built, "en")
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(docs / "places", elsewhere)
    shutil.rmtree(docs / "places")
    (docs / "places").symlink_to(elsewhere, target_is_directory=True)
    latest = content / "events" / f"{MODEL.latest[0]}.yaml"
    title = MODEL.events[MODEL.latest[0]].title.get("en", "en")[0]
    text = latest.read_text(encoding="utf-8")
    latest.write_text(text.replace(title, title + " (edited)", 1), encoding="utf-8")
    again = run(built)
    assert not again["en"].full
    assert not (docs / "places").is_symlink() and (docs / "places" / "index.md").is_file()
    assert_same_as_cold(built, content, tmp_path)


def test_editing_one_translation_renders_only_pages_that_show_it(built, content, tmp_path):
    event = content / "events" / "qalaat-al-mudiq-captured.yaml"
    text = event.read_text(encoding="utf-8")
    # the Turkish summary: every page of an event carries its title in every language (hidden,
    # for search), but a summary only in its own
    assert "\n    Yerel halk" in text
    event.write_text(text.replace("\n    Yerel halk", "\n    Düzenlendi Yerel halk", 1), encoding="utf-8")
    again = run(built)
    assert again["tr"].converted >= 1
    assert again["en"].converted == 0 and again["ar"].converted == 0  # their pages show no Turkish
    assert all(b.rendered < b.pages / 2 for b in again.values())
    assert "Düzenlendi" in (built.site / "tr" / "events" / event.stem / "index.html").read_text(encoding="utf-8")
    assert_same_as_cold(built, content, tmp_path)


def test_a_changed_figure_reaches_the_pages_of_its_source(built, content, tmp_path):
    """A source's page lists the figures it gives, taken from events it may not link:
    its fingerprint names each figure's event by the digest of the event's file."""
    event = content / "events" / "northwest-syria-air-and-ground-attacks.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("at_least: 122", "at_least: 123"), encoding="utf-8")
    again = run(built)
    page = built.site / "en" / "sources" / "white-helmets" / "index.html"
    assert "at least 123" in page.read_text(encoding="utf-8")
    assert all(not b.full and b.rendered < b.pages / 2 for b in again.values())
    assert_same_as_cold(built, content, tmp_path)


def test_adding_then_removing_an_event_equals_a_cold_build(built, content, tmp_path):
    model = content / "events" / "qalaat-al-mudiq-captured.yaml"
    added = content / "events" / "zz-added.yaml"
    added.write_text(model.read_text(encoding="utf-8").replace("id: qalaat-al-mudiq-captured", "id: zz-added"),
                     encoding="utf-8")
    page = built.site / "en" / "events" / "zz-added" / "index.html"
    added_run = run(built)
    assert page.is_file()
    for b in added_run.values():  # hubs changed, so MkDocs ran; the rest of the folder stayed
        assert not b.full and b.rendered < b.pages / 2
        assert {"events/zz-added.md", "index.md", "chronology/index.md"} <= set(b.search_changed)
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


def test_one_edit_makes_a_delta_bundle_and_keeps_the_main_one(built, content, tmp_path):
    main = built.site / "en" / search.MAIN
    before = tree(main), (main / "pagefind-entry.json").stat().st_ino
    ids = fragments(main)
    edit_excerpt(content, words="Quixotic marmalade.")
    again = run(built)
    assert all(not b.full and b.converted for b in again.values())
    assert (tree(main), (main / "pagefind-entry.json").stat().st_ino) == before  # not indexed again
    listed = hidden(built.site / "en")
    delta = fragments(built.site / "en" / search.DELTA)
    changed = {f["url"] for f in delta.values()}
    assert listed["delta"] and changed and all("marmalade" in f["content"] for f in delta.values())
    assert sorted(listed["hide"]) == sorted(i for i, f in ids.items() if f["url"] in changed)
    assert not list((built.site / "en" / search.DELTA).glob("*.js"))  # the main bundle's scripts serve both
    assert_same_as_cold(built, content, tmp_path)


def test_a_removed_page_is_hidden_from_search(built, content, tmp_path):
    event = content / "events" / "qalaat-al-mudiq-captured.yaml"
    text = event.read_text(encoding="utf-8")
    assert ", territorial-change]" in text  # the only event with this tag: its page goes
    event.write_text(text.replace(", territorial-change]", "]"), encoding="utf-8")
    tag = fragments(built.site / "en" / search.MAIN)
    (gone,) = [i for i, f in tag.items() if f["url"] == "/tags/territorial-change/"]
    again = run(built)
    assert "tags/territorial-change.md" in again["en"].removed and not again["en"].full
    assert gone in hidden(built.site / "en")["hide"]
    assert_same_as_cold(built, content, tmp_path)


def test_crossing_the_threshold_compacts(built, content, tmp_path, monkeypatch):
    monkeypatch.setattr(search, "COMPACT_PAGES", 4)
    edit_excerpt(content, 0)  # 3 pages per language
    first = run(built)
    assert all(hidden(built.site / lang)["delta"] for lang in LANGUAGES)
    assert all(len(b.search_changed) == 3 for b in first.values())
    edit_excerpt(content, 1)  # 2 more (the source page is shared): past 4, so indexed whole again
    said = []
    build(built, say=said.append)
    assert [line for line in said if line.startswith("search:")] == [
        "search: indexed with Pagefind: ar (whole: 5 pages had changed), en (whole: 5 pages had changed), "
        "tr (whole: 5 pages had changed)"
    ]
    again = run(built)  # nothing changed since: no delta, no search work
    assert all(not b.search_changed and not b.search_stale for b in again.values())
    cold = assert_same_as_cold(built, content, tmp_path)
    for lang in LANGUAGES:
        assert tree(built.site / lang / search.DELTA) == {search.HIDDEN: b'{"delta":false,"hide":[]}'}
        assert tree(built.site / lang / search.MAIN) == tree(cold.site / lang / search.MAIN)  # as a cold build's


def test_a_failed_search_index_leaves_the_old_site(built, content, monkeypatch):
    before = tree(built.site)
    monkeypatch.setattr(indexer, "SERVICE", [sys.executable, "-c", "import sys; sys.exit('pagefind broke')"])
    edit_excerpt(content)
    with pytest.raises(BuildError, match="pagefind broke"):
        run(built)
    assert tree(built.site) == before
    assert not list(built.work.glob("state-*.json.new"))  # the workers' new states are dropped
    monkeypatch.undo()
    assert all(not b.full for b in run(built).values())  # the last good build is still trusted


def test_a_changed_search_bundle_makes_the_next_build_whole(built):
    listed = built.site / "tr" / search.DELTA / search.HIDDEN
    listed.write_text('{"delta":false,"hide":["tr_0000000"]}', encoding="utf-8")
    again = run(built)
    assert again["tr"].full and not again["en"].full
    assert hidden(built.site / "tr") == {"delta": False, "hide": []}


def test_search_left_for_later_is_indexed_by_refresh_search(built, content, tmp_path):
    """The preview server builds without search, then indexes the changed pages in the
    background, into the delta bundle."""
    bundles = lambda: {lang: tree(built.site / lang / search.MAIN) | tree(built.site / lang / search.DELTA)
                       for lang in LANGUAGES}
    before = bundles()
    main = {lang: tree(built.site / lang / search.MAIN) for lang in LANGUAGES}
    edit_excerpt(content)
    again = run(built, search=False)
    assert again["en"].search_stale and bundles() == before
    assert run(built, search=False)["en"].search_stale  # stays owed until indexed
    said = []
    refresh_search(built, say=said.append)
    assert said == ["search: indexed with Pagefind: ar (delta: 3 of 3 changed pages), "
                    "en (delta: 3 of 3 changed pages), tr (delta: 3 of 3 changed pages)"]
    for lang in LANGUAGES:
        assert tree(built.site / lang / search.MAIN) == main[lang]  # not indexed again
        assert hidden(built.site / lang)["delta"]
    assert not run(built)["en"].search_stale
    assert_same_as_cold(built, content, tmp_path)
