"""A language's search cut in parts (`sitegen.build.search`, issue 16) finds what one bundle
finds: the sample built whole (K = 1) and under a memory budget that cuts every language's
search in 3 parts, searched in a real browser (Debian's Chromium through Playwright) through
the site's search box and the Browse page, which merge the parts; then incremental builds
over parts: an edit gives what a cold build in parts gives, and a compaction that fits one
run leaves no part behind."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from sitegen.build import budget, search
from sitegen.build.check import check
from sitegen.build.indexer import site_pages
from sitegen.build.run import Project, build
from sitegen.content.link import link

from helpers import REPO, site_languages
from test_browser import DONE, browser, page, serving  # noqa: F401 - fixtures
from test_browse import DONE as BROWSE_DONE, results as browse_results, shown_counts

PARTS = 3
WORD = re.compile(r"[^\W\d_]{6,}")


def quiet(line: str) -> None:
    pass


def memory_for(parts: int, events: int, site: Path) -> int:
    """The smallest memory budget (MiB) under which a build of `events` events cuts the
    search of every language of `site` (built whole) in `parts` parts."""
    languages = site_languages()
    pages = [len(site_pages(site / lang, skip=(search.MAIN, search.DELTA))) for lang in languages]
    for mb in range(1, 100_000):
        if all(budget.search_parts(n, budget.part_run_mb(mb)) == parts for n in pages):
            return mb
    raise AssertionError(f"no budget cuts every language in {parts} parts")


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The sample built with K = 1 and with K = 3, served; and its linked model."""
    root = tmp_path_factory.mktemp("parts")
    content = check(REPO / "content").content
    one = Project(REPO, REPO / "content", root / "one" / "site", root / "one" / "build")
    build(one, say=quiet)
    three = Project(REPO, REPO / "content", root / "three" / "site", root / "three" / "build")
    build(three, say=quiet, memory_mb=memory_for(PARTS, len(content.events), one.site))
    with serving(one.site) as url_one, serving(three.site) as url_three:
        yield {"one": (one.site, url_one), "three": (three.site, url_three), "model": link(content)}


def queries(model, lang: str) -> list[str]:
    """Every place's and actor's name in `lang`, and a long word of each event's summary."""
    default = model.content.site.default_language
    found = [p.name.get(lang, default)[0] for p in model.content.places]
    found += [a.name.get(lang, default)[0] for a in model.content.actors]
    for event in model.content.events:
        if event.summary is not None:
            words = WORD.findall(event.summary.get(lang, default)[0])
            if words:
                found.append(max(words, key=len))
    return sorted(set(found))


def search_all(page, url: str, terms: list[str]) -> dict[str, tuple[str, frozenset[str]]]:
    """Each term typed into the search box of the page at `url`: the status line and the
    set of every result's link (all of them shown)."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    box = page.locator("#pf-dialog input")
    more = page.locator("#pf-dialog .sg-search__more")
    found = {}
    for term in terms:
        box.fill("")
        page.wait_for_function("() => document.querySelector('#pf-dialog .sg-search__status').textContent === ''")
        box.fill(term)
        page.wait_for_function(DONE, timeout=20_000)
        while more.is_visible():
            more.click()
            page.wait_for_function(DONE, timeout=20_000)
        links = [a.get_attribute("href") for a in page.locator("#pf-dialog .sg-search__result > a").all()]
        assert len(links) == len(set(links)), term  # each page once
        found[term] = (page.locator("#pf-dialog .sg-search__status").text_content(), frozenset(links))
    return found


def part_urls(site: Path, lang: str) -> dict[int, set[str]]:
    """The page URLs (as the search box links them) indexed in each part of a language."""
    folder = site / lang
    found = {}
    for k in range(1, PARTS + 1):
        ids = search.fragment_ids(folder / search.part_name(k))
        found[k] = {f"/{lang}/{url}" for url in ids if not url.startswith(search.VOCABULARY)}
    return found


def test_the_sample_is_cut_in_parts_and_its_pages_and_ids_are_the_same(sites):
    one, three = sites["one"][0], sites["three"][0]
    for lang in site_languages():
        listed = json.loads((three / lang / search.DELTA / search.HIDDEN).read_text(encoding="utf-8"))
        assert listed["parts"] == [f"pagefind-part-{k}/" for k in range(2, PARTS + 1)]
        assert len(listed["vocabulary"]) == PARTS  # each part's page of every word, which the scripts drop
        assert not (three / lang / f"pagefind-part-{PARTS + 1}").exists()
        assert "parts" not in json.loads((one / lang / search.DELTA / search.HIDDEN).read_text(encoding="utf-8"))
        assert not list((one / lang).glob("pagefind-part-*"))
        parts = part_urls(three, lang)
        assert all(parts.values()) and sum(map(len, parts.values())) == len(set().union(*parts.values()))
        whole = {f"/{lang}/{url}" for url in search.fragment_ids(one / lang / search.MAIN)}
        assert set().union(*parts.values()) == whole


@pytest.mark.parametrize("lang", site_languages())
def test_the_search_box_finds_the_same_pages_in_parts(page, sites, lang):
    terms = queries(sites["model"], lang)
    assert len(terms) >= 15
    whole = search_all(page, f"{sites['one'][1]}{lang}/", terms)
    parted = search_all(page, f"{sites['three'][1]}{lang}/", terms)
    differ = [f"{t!r}: {whole[t][0]} / {parted[t][0]}; only whole: {sorted(whole[t][1] - parted[t][1])}, "
              f"only in parts: {sorted(parted[t][1] - whole[t][1])}" for t in terms if whole[t] != parted[t]]
    assert not differ, "\n".join(differ)
    # the queries reach every part: a search box that read the main bundle alone would fail here
    found = set().union(*(links for _, links in parted.values()))
    parts = part_urls(sites["three"][0], lang)
    assert all(found & parts[k] for k in range(2, PARTS + 1))
    assert sum(1 for _, links in whole.values() if links) >= len(terms) * 3 // 4  # most terms find something


@pytest.mark.parametrize("lang", site_languages())
def test_browse_with_words_counts_the_same_in_parts(page, sites, lang):
    model = sites["model"]
    default = model.content.site.default_language
    hama = next(p for p in model.content.places if p.id == "hama").name.get(lang, default)[0]
    terms = [hama, queries(model, lang)[-1], next(a for a in model.content.actors).name.get(lang, default)[0]]
    for term in terms:
        seen = []
        for which in ("one", "three"):
            page.goto(f"{sites[which][1]}{lang}/browse/?q={term}")
            page.wait_for_function(BROWSE_DONE, timeout=20_000)
            status = page.locator("#sg-browse-status").text_content()
            seen.append((status, shown_counts(page), sorted(browse_results(page))))
        assert seen[0] == seen[1], term
        assert any(seen[0][1].values()), term  # the words find events


def test_an_edit_over_parts_gives_what_a_cold_build_in_parts_gives(page, tmp_path, monkeypatch):
    """Cold build in parts, edit an event (a delta over the parts): the search box finds what a
    cold build of the edited content in parts finds. Then a compaction under a budget that
    fits one run: one bundle, no part folder left, and a trusted state."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    events = len(check(content).content.events)
    first = Project(REPO, content, tmp_path / "first" / "site", tmp_path / "first" / "build")
    build(first, say=quiet)
    memory = memory_for(PARTS, events, first.site)
    shutil.rmtree(first.site)
    shutil.rmtree(first.work)
    build(first, say=quiet, memory_mb=memory)
    assert all((first.site / lang / f"pagefind-part-{PARTS}").is_dir() for lang in site_languages())
    event = content / "events" / "qalaat-al-mudiq-captured.yaml"
    text = event.read_text(encoding="utf-8")
    title = re.search(r"^  en: (.+)$", text, re.M).group(1)
    event.write_text(text.replace(title, "Wombat crossing at " + title, 1), encoding="utf-8")
    report = []
    build(first, say=quiet, memory_mb=memory, report=report)
    assert not any(b.full for b in report) and all(b.indexed and not b.indexed.whole for b in report)
    cold = Project(REPO, content, tmp_path / "cold" / "site", tmp_path / "cold" / "build")
    build(cold, say=quiet, memory_mb=memory)
    terms = ["wombat", title.split()[0], "Hama", "Hmeimim"]
    with serving(first.site) as edited, serving(cold.site) as whole:
        assert search_all(page, f"{edited}en/", terms) == search_all(page, f"{whole}en/", terms)
        assert "/en/events/qalaat-al-mudiq-captured/" in search_all(page, f"{edited}en/", ["wombat"])["wombat"][1]
    # any change now compacts; the default budget fits one run: the parts go
    monkeypatch.setattr(search, "COMPACT_PAGES", 0)  # the workers fork from this process
    event.write_text(event.read_text(encoding="utf-8").replace("Wombat", "Quokka", 1), encoding="utf-8")
    report = []
    build(first, say=quiet, report=report)
    assert all(b.indexed and b.indexed.whole and b.indexed.parts == 1 and not b.full for b in report)
    for lang in site_languages():
        assert not list((first.site / lang).glob("pagefind-part-*"))
        assert "parts" not in json.loads((first.site / lang / search.DELTA / search.HIDDEN).read_text(encoding="utf-8"))
    report = []
    build(first, say=quiet, report=report)  # the state still describes the site: nothing to do
    assert not any(b.full or b.converted or b.indexed for b in report)
    with serving(first.site) as url:
        found = search_all(page, f"{url}en/", ["quokka", "wombat"])
        assert "/en/events/qalaat-al-mudiq-captured/" in found["quokka"][1] and not found["wombat"][1]


def test_refresh_search_compacts_in_parts_and_back(tmp_path, monkeypatch):
    """`refresh_search` (the preview server's background indexing) compacts in as many parts
    as its budget requires: the parts are published, listed and signed in the state (the
    next build is not cold); a compaction that fits one run removes them."""
    from sitegen.build.run import refresh_search

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    project = Project(REPO, content, tmp_path / "site", tmp_path / "build")
    build(project, say=quiet)
    monkeypatch.setattr(search, "COMPACT_PAGES", 0)  # any change compacts
    event = content / "events" / "qalaat-al-mudiq-captured.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("Qalaat al-Mudiq\n", "Qalaat al-Mudiq fortress\n", 1),
                     encoding="utf-8")
    build(project, say=quiet, search=False)
    states = {lang: json.loads((project.work / f"state-{lang}.json").read_text(encoding="utf-8"))
              for lang in site_languages()}
    assert all(s["search_stale"] for s in states.values())
    pages = [sum(p.endswith(".md") for p in s["markdown"]) for s in states.values()]
    memory = next(mb for mb in range(1, 100_000) if all(
        budget.search_parts(n, budget.part_run_mb(mb)) == PARTS for n in pages))
    said = []
    refresh_search(project, say=said.append, memory_mb=memory)
    assert len(said) == 1 and said[0].count(f"(whole in {PARTS} parts: ") == len(site_languages())
    for lang in site_languages():
        assert sorted(p.name for p in (project.site / lang).glob("pagefind-part-*")) == ["pagefind-part-2",
                                                                                      "pagefind-part-3"]
        assert json.loads((project.site / lang / search.DELTA / search.HIDDEN).read_text())["parts"] == [
            "pagefind-part-2/", "pagefind-part-3/"]
    report = []
    build(project, say=quiet, report=report)
    assert not any(b.full or b.indexed or b.search_stale for b in report)  # the state still describes the site
    event.write_text(event.read_text(encoding="utf-8").replace(" fortress", "", 1), encoding="utf-8")
    build(project, say=quiet, search=False)
    refresh_search(project, say=quiet)
    for lang in site_languages():
        assert not list((project.site / lang).glob("pagefind-part-*"))
    report = []
    build(project, say=quiet, report=report)
    assert not any(b.full or b.indexed for b in report)
