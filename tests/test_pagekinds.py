"""Page kinds (`sitegen.pages.pagekinds`): every page is of one kind, what the table derives is
what the pages are, and a page reads the model only through the dependency recorder."""

from __future__ import annotations

import shutil

import pytest

import sitegen.pages.render
from sitegen.build import config
from sitegen.pages import pagekinds, urls
from sitegen.build.check import check
from sitegen.pages.deps import Fingerprints
from sitegen.content.link import link
from sitegen.pages.render import render_language

from helpers import REPO

EN = "en"


def linked(content):
    return link(check(content).content)


def render(model, only=None):
    return render_language(model, EN, REPO / "templates", REPO / "locale", {}, only)


@pytest.fixture(scope="module")
def sample():
    model = linked(REPO / "content")
    return model, render(model)


def test_every_page_is_of_exactly_one_kind_and_every_kind_has_pages(sample):
    model, rendered = sample
    seen = set()
    for path in rendered.paths:
        kinds = [k for k in pagekinds.PAGE_KINDS if k.shape_of(path) is not None]
        assert len(kinds) == 1, (path, [k.name for k in kinds])
        assert pagekinds.kind_of(path)[0] is kinds[0]
        seen.add(kinds[0].name)
    assert seen == set(pagekinds.KINDS)
    assert len(rendered.paths) == sum(1 for kind in pagekinds.PAGE_KINDS for _ in kind.pages(model))


def test_kind_of_finds_what_trying_every_kind_finds(sample):
    """`kind_of` tries only the kinds with pages in the path's top folder: the same answer
    as trying every kind in order, for every page and for paths no kind makes."""
    _, rendered = sample
    paths = [*rendered.paths, "guide.md", "data.md", "index.md", "map.md", "map/page-2.md", "map/x.md",
             "events/a/b.md", "events/index.md", "places/index.md", "places/a/page-x.md", "zz/a.md", "a.md", ""]
    for path in paths:
        tried = next(((k, s) for k in pagekinds._MATCH_ORDER if (s := k.shape_of(path)) is not None), (None, None))
        assert pagekinds.kind_of(path) == tried, path


def test_hubs_shells_and_search_are_derived_from_the_kinds(sample):
    _, rendered = sample
    for path in rendered.paths:
        kind, shape = pagekinds.kind_of(path)
        assert config.is_hub(path) == (kind.hub and shape == 0), path
        assert urls.is_listing(path) == (not kind.searchable or shape == 1), path
    # a hub's further pages (the Map page's list) are in no nav: filled into shells like the rest
    assert config.is_hub(urls.MAP) and not config.is_hub(urls.map_page(2))
    assert set(config.ENTITY_FOLDERS) == ({k.folder for k in pagekinds.PAGE_KINDS if not k.hub}
                                          | {k.more.split("/")[0] for k in pagekinds.PAGE_KINDS if k.hub and k.more})
    # the rule the table replaced, on the shapes of every kind's pages, further pages included
    paths = [*rendered.paths, "places/hama/page-2.md", "tags/x/page-3.md", "chronology/2018-09-page-2.md",
             "types/battles/page-2.md", "actors/a/page-2.md", "sources/s/page-2.md", "map/page-2.md", "guide.md",
             "data.md"]
    for path in paths:
        old = path.startswith("chronology/") and path != "chronology/index.md" or "/page-" in path
        old = old or path == urls.MAP  # since: the Map page lists every event, noise in search
        assert urls.is_listing(path) == old, path


def test_paths_refuse_a_key_that_is_not_a_page_name():
    for key in ("index", "../x", "a/b", "A", "", "a--b"):
        with pytest.raises(urls.PathError):
            urls.entity("event", key)
    assert urls.entity("place", "hama", 2) == "places/hama/page-2.md"
    assert urls.month(2018, 9, 2) == "chronology/2018-09-page-2.md"


def test_page_arithmetic():
    assert [pagekinds.pages_of(range(n)) for n in (0, 1, 50, 51, 100, 101)] == [1, 1, 1, 2, 2, 3]
    assert list(pagekinds.page_slice(tuple(range(120)), 3)) == list(range(100, 120))


def stale_but_kept(tmp_path, edit_event: bool = True) -> tuple[list[str], int]:
    """Pages an incremental build would keep after one record of each kind is edited (every
    token they read has the same fingerprint) but whose Markdown differs when rendered
    again; and how many pages the edits did reach."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    before = linked(content)
    old = render(before)
    edited = [content / "places" / "hama.yaml", content / "actors" / sorted(p.name for p in (content / "actors").iterdir())[0],
              content / "sources" / sorted(p.name for p in (content / "sources").iterdir())[0]]
    if edit_event:
        edited.append(content / "events" / f"{before.content.events[0].id}.yaml")
    for path in edited:
        text = path.read_text(encoding="utf-8")
        assert "\n  en: " in text, path
        path.write_text(text.replace("\n  en: ", "\n  en: Edited ", 1), encoding="utf-8")
    after = linked(content)
    was, now = Fingerprints(before), Fingerprints(after)
    kept = [p for p in old.paths if all(was[t] == now[t] for t in old.reads[p])]
    new = render(after, only=set(kept).__contains__)
    return [p for p in kept if new.pages[p] != old.pages[p]], len(old.paths) - len(kept)


def test_a_page_reads_the_model_only_through_the_recorder(tmp_path):
    """The oracle of incremental builds: a page none of whose reads changed renders the same."""
    wrong, reached = stale_but_kept(tmp_path)
    assert reached > 0
    assert wrong == []


def test_an_untracked_read_fails_the_oracle(tmp_path, monkeypatch):
    """A place page that reads an event past the recorder (the untracked model behind
    `v.model`) goes stale when that event changes, and the oracle above says so."""
    place = pagekinds.KINDS["place"]

    def leaky(v, key, page):
        view = v.place(key, page)
        first = v.model._model.content.events[0]
        view.title = view.title._replace(text=view.title.text + first.title.get(EN, EN)[0])
        return view

    rows = tuple(pagekinds.PageKind(k.name, k.path, k.template, leaky, k.keys, k.more, k.hub, k.searchable)
                 if k is place else k for k in pagekinds.PAGE_KINDS)
    monkeypatch.setattr(sitegen.pages.render, "PAGE_KINDS", rows)
    wrong, _ = stale_but_kept(tmp_path)
    assert wrong and all(p.startswith("places/") for p in wrong)
