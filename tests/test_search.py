"""Search bundles on a small hand-made language folder: a whole index, then deltas that
hide the main bundle's stale results, and compaction."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from sitegen.build import budget, indexer, search

PAGE = '<!doctype html><html lang="en"><head><title>{0}</title></head><body>{1}<h1>{0}</h1><p>{2}</p></div></body></html>'
BODY = "<div data-pagefind-body>"


def write_page(folder: Path, url: str, title: str, text: str, searchable: bool = True) -> None:
    path = folder / url / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(title, BODY if searchable else "<div>", text), encoding="utf-8")


@pytest.fixture()
def language(tmp_path, monkeypatch) -> tuple[Path, dict[str, str]]:
    """A language folder indexed whole, and the main bundle's id of each page; as small as
    it is, a delta may stand for all its pages."""
    monkeypatch.setattr(search, "COMPACT_SHARE", 1.0)
    folder = tmp_path / "site" / "en"
    write_page(folder, "events/a", "Alpha", "apples")
    write_page(folder, "events/b", "Bravo", "bananas")
    write_page(folder, "places/c", "Charlie", "cherries")
    write_page(folder, "chronology/2019-05", "May", "apples bananas", searchable=False)
    indexed, ids = search.index_language(folder)
    assert indexed.whole and indexed.summary() == "en (whole)" and indexed.markers() == {}
    return folder, ids


def hidden(folder: Path) -> dict:
    return json.loads((folder / search.HIDDEN).read_text(encoding="utf-8"))


def test_whole_index_knows_each_page_by_its_result_id(language):
    folder, ids = language
    assert sorted(ids) == ["events/a/", "events/b/", "places/c/"]  # the listing has no marked body
    assert all(i.startswith("en_") and (folder / "pagefind/fragment" / f"{i}.pf_fragment").is_file()
               for i in ids.values())
    assert hidden(folder / search.DELTA) == {"delta": False, "hide": []}


def test_only_removed_pages_and_listings_make_no_delta_bundle(language, tmp_path):
    """Pagefind is not run on listings alone (it would index their whole pages)."""
    folder, ids = language
    changed = ["chronology/2019-05.md", "events/b.md"]  # b was removed
    pages = ["events/a.md", "places/c.md", "chronology/2019-05.md"]
    indexed, kept = search.update("en", pages, changed, ids, [folder], tmp_path / "staging")
    assert indexed.pages == 0 and not indexed.whole and indexed.main is None and kept == ids
    assert hidden(indexed.delta) == {"delta": False, "hide": [ids["events/b/"]]}


def test_a_changed_page_goes_to_the_delta_and_its_old_result_is_hidden(language, tmp_path):
    folder, ids = language
    new = tmp_path / "staging" / "en"
    write_page(new, "events/a", "Alpha", "apricots")  # the new version, not yet in place
    pages = ["events/a.md", "events/b.md", "places/c.md"]
    indexed, _ = search.update("en", pages, ["events/a.md"], ids, [new, folder], tmp_path / "staging")
    assert indexed.summary() == "en (delta: 1 of 1 changed pages)"
    assert indexed.markers() == {"pagefind-delta/hidden.json": indexed.delta / search.HIDDEN}
    put_in_place(indexed, folder)
    delta = folder / search.DELTA
    assert hidden(delta) == {"delta": True, "hide": [ids["events/a/"]]}
    assert sorted(p.name for p in delta.iterdir()) == sorted(
        ["fragment", "hidden.json", "index", "pagefind-entry.json", next(delta.glob("*.pf_meta")).name])
    assert not (tmp_path / "staging" / "en.pages").exists()  # the tree of links is gone


def test_past_the_threshold_the_language_is_indexed_whole(language, tmp_path, monkeypatch):
    folder, ids = language
    monkeypatch.setattr(search, "COMPACT_PAGES", 1)
    write_page(folder, "events/a", "Alpha", "apricots")
    write_page(folder, "events/b", "Bravo", "blueberries")
    pages = ["events/a.md", "events/b.md", "places/c.md"]
    indexed, new_ids = search.update("en", pages, ["events/a.md", "events/b.md"], ids, [folder], tmp_path / "staging")
    assert indexed.whole and indexed.pages == 3 and indexed.summary() == "en (whole: 2 pages had changed)"
    assert set(indexed.markers()) == {"pagefind-delta/hidden.json", "pagefind/pagefind-entry.json"}
    put_in_place(indexed, folder)
    assert new_ids == search.fragment_ids(folder / search.MAIN) and new_ids["places/c/"] == ids["places/c/"]
    assert new_ids["events/a/"] != ids["events/a/"]
    assert [p.name for p in (folder / search.DELTA).iterdir()] == [search.HIDDEN]
    assert hidden(folder / search.DELTA) == {"delta": False, "hide": []}


def put_in_place(indexed, folder):
    """What publishing an update does to a language folder (`sitegen.build.run`, by its journal)."""
    for bundle, name in ((indexed.main, search.MAIN), (indexed.delta, search.DELTA)):
        if bundle is not None:
            shutil.rmtree(folder / name, ignore_errors=True)
            bundle.rename(folder / name)


def test_threshold():
    assert search.compact_at(13_000) == 500  # a few seconds of Pagefind at most, every build
    assert search.compact_at(70) == 35       # a small site: half of it


# A Pagefind run of this many MiB holds 2 pages (budget.search_parts: PAGEFIND_MB + 0.13 MiB a page):
# the 4 pages of `language` (one a listing, not searchable) in 2 parts; of 1 page: 4 parts.
TWO_PAGES_MB = budget.PAGEFIND_MB + 2 * budget.PAGEFIND_MB_PER_PAGE
ONE_PAGE_MB = budget.PAGEFIND_MB + 1.5 * budget.PAGEFIND_MB_PER_PAGE


def test_a_language_in_parts_is_found_whole_and_its_parts_are_listed(language, tmp_path):
    folder, ids = language
    parted = tmp_path / "parted" / "en"
    shutil.copytree(folder, parted, ignore=shutil.ignore_patterns(search.MAIN, search.DELTA))
    indexed, parted_ids = search.index_language(parted, TWO_PAGES_MB)
    assert indexed.parts == 2 and indexed.summary() == "en (whole in 2 parts)"
    assert pages_of(parted_ids) == ids  # the same fragments, so the same result ids, from both parts
    words = sorted(v for u, v in parted_ids.items() if u.startswith(search.VOCABULARY))
    assert sorted(u for u in parted_ids if u not in ids) == ["pagefind-vocabulary-1/", "pagefind-vocabulary-2/"]
    assert hidden(parted / search.DELTA) == {"delta": False, "hide": [], "parts": ["pagefind-part-2/"],
                                             "vocabulary": words}
    part = parted / "pagefind-part-2"  # pruned: what mergeIndex reads
    assert not list(part.glob("*.js")) and not list(part.glob("*.pagefind")) and (part / search.ENTRY).is_file()
    assert len(list(part.glob("fragment/*"))) == 3 and len(list((parted / search.MAIN).glob("fragment/*"))) == 2
    assert (parted / search.MAIN / "pagefind.js").is_file()


def test_a_run_of_listings_alone_joins_the_next_part(language, tmp_path):
    """Cut in 4 runs of one page, the listing's run has no marked body: Pagefind would index
    its whole page, so it joins the next run, and 3 parts are made."""
    folder, ids = language
    parted = tmp_path / "parted" / "en"
    shutil.copytree(folder, parted, ignore=shutil.ignore_patterns(search.MAIN, search.DELTA))
    assert budget.search_parts(4, ONE_PAGE_MB) == 4
    indexed, parted_ids = search.index_language(parted, ONE_PAGE_MB)
    assert indexed.parts == 3 and pages_of(parted_ids) == ids and indexed.pages == 3
    assert not (parted / "pagefind-part-4").exists()


def pages_of(ids: dict[str, str]) -> dict[str, str]:
    return {url: i for url, i in ids.items() if not url.startswith(search.VOCABULARY)}


def test_a_compaction_cuts_the_language_again_and_keeps_the_parts_listed(language, tmp_path, monkeypatch):
    folder, ids = language
    monkeypatch.setattr(search, "COMPACT_PAGES", 1)
    write_page(folder, "events/a", "Alpha", "apricots")
    pages = ["chronology/2019-05.md", "events/a.md", "events/b.md", "places/c.md"]
    changed = ["events/a.md", "events/b.md"]
    indexed, new_ids = search.update("en", pages, changed, ids, [folder], tmp_path / "staging", 1, ONE_PAGE_MB)
    assert indexed.whole and indexed.parts == 3 and len(indexed.part_folders) == 2
    assert set(indexed.markers()) == {"pagefind-delta/hidden.json", "pagefind/pagefind-entry.json",
                                      "pagefind-part-2/pagefind-entry.json", "pagefind-part-3/pagefind-entry.json"}
    assert {u for u in new_ids if u.startswith(search.VOCABULARY)} == {f"pagefind-vocabulary-{k}/" for k in (1, 2, 3)}
    assert hidden(indexed.delta)["parts"] == ["pagefind-part-2/", "pagefind-part-3/"]
    assert len(hidden(indexed.delta)["vocabulary"]) == 3
    assert new_ids["events/a/"] != ids["events/a/"] and new_ids["places/c/"] == ids["places/c/"]
    # a delta keeps the main bundle, so its parts stay listed
    indexed, _ = search.update("en", pages, ["events/b.md"], new_ids, [folder], tmp_path / "staging2", 3)
    assert not indexed.whole and indexed.parts == 3
    assert hidden(indexed.delta) == {"delta": True, "hide": [], "parts": ["pagefind-part-2/", "pagefind-part-3/"],
                                     "vocabulary": sorted(v for u, v in new_ids.items() if u.startswith(search.VOCABULARY))}
    # a compaction that fits one run lists none
    indexed, _ = search.update("en", pages, changed, new_ids, [folder], tmp_path / "staging3", 3, None)
    assert indexed.parts == 1 and indexed.part_folders == () and hidden(indexed.delta) == {"delta": False, "hide": []}


def test_each_part_answers_a_word_it_lacks_as_the_whole_index_does(tmp_path):
    """Pagefind answers a query word no word of its index starts with by the longest word of
    the index that starts it ("aleppo" by "al"): a part without "aleppo" would find the pages
    with "al". The page of every word in each part makes each part see "aleppo", so only the
    pages with "aleppo" (and the parts' pages of words, which the scripts drop) are found."""
    folder = tmp_path / "en"
    write_page(folder, "events/a", "Alpha", "fighting near Aleppo")
    write_page(folder, "events/b", "Bravo", "al quiet day")
    write_page(folder, "events/c", "Charlie", "al calm night")
    write_page(folder, "events/d", "Delta", "al clear sky")
    words = indexer.vocabulary_page(indexer.site_pages(folder))
    assert words.startswith('<html lang="en">') and "<p>Aleppo Alpha Bravo Charlie Delta al calm clear day fighting near night quiet sky</p>" in words
    indexed, ids = search.index_language(folder, TWO_PAGES_MB)
    assert indexed.parts == 2
    part = folder / "pagefind-part-2"  # events/c and events/d: no "aleppo" but for the page of every word
    assert any(b"Aleppo" in gzip.decompress(p.read_bytes()) for p in part.glob("fragment/*"))
    assert hidden(folder / search.DELTA)["vocabulary"] == sorted(
        ids[f"pagefind-vocabulary-{k}/"] for k in (1, 2))


def test_part_folders_are_named_and_recognised():
    assert [search.part_name(k) for k in (1, 2, 12)] == ["pagefind", "pagefind-part-2", "pagefind-part-12"]
    assert search.is_part("pagefind-part-2") and search.is_part("pagefind-part-10")
    assert not any(search.is_part(n) for n in ("pagefind", "pagefind-part-1", "pagefind-part-02", "pagefind-part-",
                                                "pagefind-part-2x", "pagefind-delta"))
    assert search.marker("pagefind-part-3") == "pagefind-entry.json" and search.marker("events") is None
