"""A page of a listing depends on its own slice of the listing and the listing's length,
not on the whole listing (`sitegen.pages.deps.TrackedModel.listing`): an edit that moves one
event within the listings it is in renders again the pages it moved across, not every page
of those listings, and the rebuild is byte for byte a cold build."""

from __future__ import annotations

import re
import shutil

import pytest

from benchmarks.generate import generate
from sitegen.build import search
from sitegen.build.check import check
from sitegen.content.link import link
from sitegen.pages import urls
from sitegen.pages.pagekinds import pages_of

from test_incremental import assert_same_as_cold, hubs, make, run

LISTINGS = ("events_in_place", "events_by_type", "events_by_month", "events_by_tag")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("listing-corpus") / "content"
    generate(root, 300, seed=11)  # the whole country's listing and the Map page's take 6 pages
    return root


def listings_of(model, event_id: str) -> list[int]:
    """The number of pages of each listing that holds `event_id`."""
    sizes = [pages_of(items) for name in LISTINGS for items in getattr(model, name).values() if event_id in items]
    sizes += [pages_of(entries) for entries in model.events_by_actor.values()
              if any(entry[1] == event_id for entry in entries)]
    return sizes + ([pages_of(model.mapped)] if any(e == event_id for e, _ in model.mapped) else [])


def redate(content, event_id: str, date: str) -> None:
    path = content / "events" / f"{event_id}.yaml"
    path.write_text(re.sub(r'(?m)^date: .*$', f'date: "{date}"', path.read_text(encoding="utf-8"), count=1),
                    encoding="utf-8")


def test_moving_an_event_renders_only_the_pages_it_moved_across(corpus, tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(corpus, content)
    project = make(tmp_path / "a", content)
    run(project)
    model = link(check(content).content)
    oldest, moved = model.latest[-1], model.latest[-2]
    sizes = listings_of(model, moved)
    assert model.events[oldest].date.sort_key[:2] == model.events[moved].date.sort_key[:2]  # one month
    # dated as the oldest: it moves to the end of each listing or stays, in the same month (no
    # chart or count changes); each listing changes on its last page, or its last two if the
    # event was alone at the top of the last page
    redate(content, moved, str(model.events[oldest].date))
    bound = sum(min(2, size) for size in sizes) + 1  # and the event's own page
    assert bound < sum(sizes) - 1  # below what rendering every page of those listings would take
    again = run(project)
    for b in again.values():
        assert b.rendered - len(hubs(project, b.lang)) <= bound, (b.lang, b.rendered, sizes)
    assert_same_as_cold(project, content, tmp_path / "1")
    # the other way: made the latest, it shifts every slice of its listings, which must all follow
    # ... and the further pages it moves, which search does not hold, do not make the next
    # search whole: only changed pages the search holds count towards a compaction
    monkeypatch.setattr(search, "COMPACT_PAGES", sum(sizes))
    redate(content, moved, "2100-01-01")
    again = run(project)
    assert all(b.rendered >= sum(sizes) - 1 for b in again.values())  # less the Map page's first, a hub
    for b in again.values():
        assert len(b.search_changed) > sum(sizes) >= sum(1 for p in b.search_changed if not urls.is_listing(p))
        assert b.indexed is not None and not b.indexed.whole
    assert_same_as_cold(project, content, tmp_path / "2")
