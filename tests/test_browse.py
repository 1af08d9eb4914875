"""The Browse page in a real browser (Debian's Chromium through Playwright), over the sample
content and a 200-event generated corpus: every facet value's count shown equals the count
computed here from the linked model's own indexes (not from `sitegen.pages.facets`), two facets
chosen by keyboard give their intersection (results and counts), and the address of that
view restores it, in another language too, with the same events. A screenshot of the page
in each language goes to test-artifacts/."""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from babel.numbers import format_decimal

from benchmarks.generate import generate
from sitegen.build.check import check
from sitegen.content.link import link

from sitegen.pages import facets
from sitegen.pages.facets import runs

from helpers import REPO, build_into
from test_browser import ARTIFACTS, browser, page, serving  # noqa: F401 - fixtures

BROWSE_FILES = [facets.DATA] + [facets.title_chunk(i) for i in range(facets.TITLE_CHUNKS)]
DONE = """() => {
    const box = document.getElementById("sg-browse")  // null while the page before is still shown
    return !!box && !box.hidden && !box.hasAttribute("aria-busy")
        && document.getElementById("sg-browse-status").textContent !== ""
        && !document.getElementById("sg-browse-list").hasAttribute("aria-busy")
}"""


def expected(model) -> dict[tuple[str, str], set[str]]:
    """(facet, value) -> the ids of its events, from the model's indexes: the ones the
    type, place, actor, source and tag pages and the monthly charts list."""
    found: dict[tuple[str, str], set[str]] = {}
    for slug, ids in model.events_by_type.items():
        key = "sub" if any(model.events[e].sub_type == slug for e in ids) else "type"
        found[(key, slug)] = set(ids)
    for place, ids in model.events_in_place.items():
        found[("place", place)] = set(ids)
    for actor, entries in model.events_by_actor.items():
        found[("actor", actor)] = {entry[1] for entry in entries}
    for source, use in model.source_uses.items():
        if use.events:
            found[("source", source)] = set(use.events)
    for tag, ids in model.events_by_tag.items():
        found[("tag", tag)] = set(ids)
    for event in model.content.events:
        month = "%04d-%02d" % event.date.sort_key[:2]  # the chronology's month (Model.monthly)
        first, last = (event.date.start or event.date.end).first(), (event.date.start or event.date.end).last()
        if first[:2] == last[:2]:  # a start known only to its year is filed under no month
            found.setdefault(("month", month), set()).add(event.id)
        found.setdefault(("year", month[:4]), set()).add(event.id)
        if event.grade:
            found.setdefault(("grade", event.grade), set()).add(event.id)
    monthly = dict(model.monthly["all"])
    assert {k: len(v) for (f, k), v in found.items() if f == "month"} == monthly  # the charts' months
    return found


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    return build_into(tmp_path_factory.mktemp("browse-sample")).site


@pytest.fixture(scope="module")
def sample(sample_site):
    model = link(check(REPO / "content").content)
    with serving(sample_site) as url:
        yield url, model


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("browse-generated")
    generate(root / "content", 200, seed=7)
    site = build_into(root, root / "content").site
    model = link(check(root / "content").content)
    with serving(site) as url:
        yield url, model


def open_view(page, url: str) -> None:  # noqa: F811
    page.goto(url)
    page.wait_for_function(DONE, timeout=20_000)


def shown_counts(page) -> dict[tuple[str, str], int]:  # noqa: F811
    """Every value of every facet with the count shown beside it, as a number."""
    rows = page.eval_on_selector_all(
        "#sg-browse input[type=checkbox]",
        "inputs => inputs.map(i => [i.name, i.value, i.parentElement.dataset.count,"
        " i.parentElement.querySelector('.sg-browse__n').textContent])")
    counts = {}
    lang = page.evaluate("document.documentElement.lang")
    for name, value, count, text in rows:
        counts[(name, value)] = int(count)
        assert text.strip("()") == format_decimal(int(count), locale=lang)
    return counts


def results(page) -> list[str]:  # noqa: F811
    """Every result's link, after showing all of them."""
    more = page.locator("#sg-browse-more")
    while more.is_visible():
        more.click()
        page.wait_for_function(DONE, timeout=20_000)
    return [a.get_attribute("href") for a in page.locator("#sg-browse-list a").all()]


def event_urls(lang: str, ids) -> list[str]:
    return sorted(f"/{lang}/events/{e}/" for e in ids)


def assert_counts_match(page, model, within: set[str]) -> None:  # noqa: F811
    truth = expected(model)
    shown = shown_counts(page)
    want = {key: len(ids & within) for key, ids in truth.items()}
    assert set(shown) == set(want)  # every value events are filed under is offered, no other
    wrong = {key: (shown[key], want[key]) for key in shown if shown[key] != want[key]}
    assert wrong == {}


def choose_pair(model) -> tuple[tuple[str, str], tuple[str, str]]:
    """The type and the governorate (a place inside the country) with most events, whose
    intersection is neither empty nor the whole of either."""
    truth = expected(model)
    types = sorted((k for k in truth if k[0] == "type"), key=lambda k: (-len(truth[k]), k))
    top = [p.id for p in model.content.places if not p.parent]
    inside = [c for t in top for c in model.children.get(t, ())]
    places = sorted((("place", p) for p in inside if ("place", p) in truth), key=lambda k: (-len(truth[k]), k))
    for kind in types:
        for place in places:
            both = truth[kind] & truth[place]
            if both and both != truth[kind] and both != truth[place]:
                return kind, place
    raise AssertionError("no pair of a type and a governorate that narrows")


def tick(page, key: tuple[str, str]) -> None:  # noqa: F811
    """Choose a value by keyboard: focus its checkbox and press Space."""
    box = page.locator(f'#sg-browse input[name="{key[0]}"][value="{key[1]}"]').first
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_function(DONE, timeout=20_000)
    assert box.is_checked()


@pytest.mark.parametrize("which", ["sample", "corpus"])
def test_counts_are_the_models_and_two_facets_intersect(page, request, which):  # noqa: F811
    url, model = request.getfixturevalue(which)
    lang = model.content.site.default_language
    every = set(model.events)
    open_view(page, f"{url}{lang}/browse/")
    assert sorted(results(page)) == event_urls(lang, every)
    assert_counts_match(page, model, every)
    truth = expected(model)
    first, second = choose_pair(model)
    tick(page, first)
    assert_counts_match(page, model, truth[first])
    tick(page, second)
    both = truth[first] & truth[second]
    assert sorted(results(page)) == event_urls(lang, both)
    assert_counts_match(page, model, both)
    status = page.locator("#sg-browse-status").text_content()
    assert format_decimal(len(both), locale=lang) in status
    query = parse_qs(urlsplit(page.url).query)
    assert query == {first[0]: [first[1]], second[0]: [second[1]]}
    # the address, shared: the same view restored, in every language, with the same events
    view = page.url
    for other in model.content.site.languages:
        shared = view.replace(f"/{lang}/browse/", f"/{other}/browse/")
        open_view(page, shared)
        assert sorted(results(page)) == event_urls(other, both)
        assert_counts_match(page, model, both)
        checked = page.eval_on_selector_all("#sg-browse input:checked", "xs => xs.map(x => [x.name, x.value])")
        assert sorted(map(tuple, checked)) == sorted([first, second])
    # the language selector keeps the view
    switch = page.locator(f'a.md-select__link[hreflang="{lang}"]').get_attribute("href")
    assert urlsplit(switch).path.endswith(f"/{lang}/browse/") and parse_qs(urlsplit(switch).query) == query


def test_words_narrow_the_chosen_events(page, sample):  # noqa: F811
    """A text query with a facet: the events of both, counted from the search bundle and
    the model (the words are found by Pagefind, the facet's events come from the model)."""
    url, model = sample
    truth = expected(model)
    place = ("place", "hama")
    open_view(page, f"{url}en/browse/?place=hama&q=Mhardeh")
    found = results(page)
    assert found and set(found) <= set(event_urls("en", truth[place]))
    assert len(found) < len(truth[place])
    assert page.locator("#sg-browse-q").input_value() == "Mhardeh"
    # with words the counts are Pagefind's: those of the events it found, as the model files them
    assert_counts_match(page, model, ids_of(found, "en"))


def ids_of(hrefs: list[str], lang: str) -> set[str]:
    prefix = f"/{lang}/events/"
    assert all(h.startswith(prefix) and h.endswith("/") for h in hrefs)
    return {h[len(prefix):-1] for h in hrefs}


def test_without_script_the_page_links_the_chronology(browser, sample):  # noqa: F811
    url, _ = sample
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{url}en/browse/")
    note = page.locator("#sg-browse-noscript")
    assert note.is_visible()
    assert {a.get_attribute("href") for a in note.locator("a").all()} == {"../chronology/", "../types/"}
    assert not page.locator("#sg-browse").is_visible()
    context.close()


def test_browse_page_in_each_language(page, sample):  # noqa: F811
    """In the navigation; Arabic right to left; labelled fieldsets and a live region; a
    screenshot per language."""
    url, model = sample
    ARTIFACTS.mkdir(exist_ok=True)
    for lang in model.content.site.languages:
        page.goto(f"{url}{lang}/")
        page.locator(".md-tabs a[href$='browse/']").first.click()
        page.wait_for_url(f"**/{lang}/browse/", timeout=20_000)  # the click's page, not the one before
        page.wait_for_function(DONE, timeout=20_000)
        assert page.url.endswith(f"/{lang}/browse/")
        assert page.evaluate("getComputedStyle(document.querySelector('#sg-browse')).direction") == (
            "rtl" if lang == "ar" else "ltr")
        assert page.locator("#sg-browse fieldset > legend").count() >= 6
        assert page.locator("#sg-browse-status[role=status][aria-live=polite]").count() == 1
        unlabelled = page.eval_on_selector_all(
            "#sg-browse input", "xs => xs.filter(x => !x.labels || !x.labels.length).map(x => x.id)")
        assert unlabelled == []
        page.screenshot(path=str(ARTIFACTS / f"browse-{lang}.png"), full_page=True)
        assert (ARTIFACTS / f"browse-{lang}.png").stat().st_size > 1000


def test_counts_after_an_incremental_build(browser, page, tmp_path):  # noqa: F811
    """An event's type and tags edited, built in place: the changed pages are in the delta
    bundle and their old versions hidden, and every count is the edited model's (the old
    version's values are not counted beside the new one's)."""
    import json
    import shutil

    from sitegen.build.run import build

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    event = content / "events" / "mhardeh-suqaylabiyeh-attacks.yaml"
    text = event.read_text(encoding="utf-8")
    project = build_into(tmp_path, content)
    languages = check(content).content.site.languages
    files = [project.site / lang / name for lang in languages for name in BROWSE_FILES + [facets.IDS]]
    stamps = [(f.stat().st_ino, f.stat().st_mtime_ns) for f in files]
    build(project, say=lambda line: None)  # nothing changed: the Browse page's files are not rewritten
    assert [(f.stat().st_ino, f.stat().st_mtime_ns) for f in files] == stamps
    title = "Retaliatory attacks on Mhardeh and Suqaylabiyeh"
    hostile = title + ' </script><img src=x onerror="window.pwned=1"> & "quoted"'
    event.write_text(text.replace("sub_type: shelling-artillery-missile-attack", "sub_type: air-drone-strike")
                     .replace("tags: [mhardeh, ", "tags: [").replace(f"en: {title}", f"en: '{hostile}'"),
                     encoding="utf-8")
    report = []
    build(project, say=lambda line: None, report=report)
    assert not any(b.full for b in report)
    assert json.loads((project.site / "en" / "pagefind-delta" / "hidden.json").read_text())["hide"]
    model = link(check(content).content)
    assert "mhardeh" not in model.events["mhardeh-suqaylabiyeh-attacks"].tags
    cold = build_into(tmp_path / "cold", content)  # the incremental build's files are a cold build's
    assert [f.read_bytes() for f in files if f.name != facets.IDS] == [
        (cold.site / lang / name).read_bytes() for lang in languages for name in BROWSE_FILES]
    with serving(project.site) as url:
        open_view(page, f"{url}en/browse/")
        assert sorted(results(page)) == event_urls("en", model.events)
        assert_counts_match(page, model, set(model.events))
        # the edited title, from browse-NN.json, is text in the list, never markup
        edited = page.locator('#sg-browse-list a[href="/en/events/mhardeh-suqaylabiyeh-attacks/"]')
        assert edited.text_content() == hostile
        assert page.locator("#sg-browse-list img").count() == 0 and page.evaluate("window.pwned") is None
        # with words, Pagefind's main bundle and the delta: the edited event counted once, as edited
        open_view(page, f"{url}en/browse/?q=Mhardeh")
        found = ids_of(results(page), "en")
        assert "mhardeh-suqaylabiyeh-attacks" in found
        assert_counts_match(page, model, found)
        # and as the old path counts them, the hidden old version dropped: by its new
        # sub-type, not its old one, and without the tag taken off
        for values in ({}, {"sub": ["air-drone-strike"]}, {"sub": ["shelling-artillery-missile-attack"]},
                       {"place": ["hama"]}):
            assert_words_path_is_the_old_one(browser, page, url, model, "en", "Mhardeh", ["Mhardeh"], values)
        assert old_path(browser, url, "en", ["Mhardeh"], {})["hidden"]
    ids = json.loads((project.site / "en" / facets.IDS).read_text(encoding="utf-8"))
    delta = {p.name.partition(".")[0] for p in (project.site / "en" / "pagefind-delta" / "fragment").iterdir()}
    assert ids["ids"][model.latest.index("mhardeh-suqaylabiyeh-attacks")] in delta


# The old path, the oracle of a view with words: Pagefind's own search of each of the query's
# terms with the choices as filters (and page:event), every filter chunk loaded, the hidden
# results dropped, the answers merged; the counts are the found pages' own filter values (which
# the page's Pagefind bundle holds), tallied. Run in a page of its own that has not loaded the
# bundle (the Browse page without words), so nothing of the page's own search is shared.
OLD_PATH = """async ([terms, values, keys]) => {
    const root = new URL(document.getElementById("pf-dialog").dataset.root, location.href)
    const pagefind = await import(new URL("pagefind/pagefind.js", root).href)
    const hidden = await (await fetch(new URL("pagefind-delta/hidden.json", root), { cache: "no-cache" })).json()
    await pagefind.options({ baseUrl: root.pathname })
    if (hidden.delta) await pagefind.mergeIndex(new URL("pagefind-delta/", root).href, { baseUrl: root.pathname })
    await pagefind.filters()
    const filters = { page: "event" }
    for (const [key, chosen] of Object.entries(values)) filters[key] = chosen.length === 1 ? chosen[0] : { all: chosen }
    const hide = new Set(hidden.hide), pages = new Map(), reported = []
    for (const term of terms) {
        const found = await pagefind.search(term, { filters })
        reported.push(found.filters)
        for (const r of found.results) {
            if (!hide.has(r.id) && !pages.has(r.id)) pages.set(r.id, await r.data())
        }
    }
    const counts = {}
    for (const page of pages.values()) {
        for (const key of keys) {
            for (const value of (page.filters[key] || [])) {
                counts[key] = counts[key] || {}
                counts[key][value] = (counts[key][value] || 0) + 1
            }
        }
    }
    return { urls: [...pages.values()].map(p => p.url), counts, reported, hidden: hidden.hide.length }
}"""


def old_path(browser, url: str, lang: str, terms: list[str], values: dict[str, list[str]]) -> dict:  # noqa: F811
    """`OLD_PATH` run for a view in a fresh page of the language's Browse page."""
    context = browser.new_context()
    page = context.new_page()
    open_view(page, f"{url}{lang}/browse/")
    answer = page.evaluate(OLD_PATH, [terms, values, list(facets.FACETS)])
    context.close()
    return answer


def assert_words_path_is_the_old_one(browser, page, url: str, model, lang: str, query: str, terms: list[str],  # noqa: F811
                                     values: dict[str, list[str]]) -> set[str]:
    """The view (`query` and the chosen `values`) on the Browse page equals the old path's
    (`OLD_PATH` for `terms`, the query's words as the search box reads them): the same
    events, listed in the site's order, and the same count beside every value, which are
    also what the model files those events under. Returns the events' ids. Checks that the
    page loaded no filter chunk of Pagefind's."""
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    params = "&".join([f"q={quote(query)}"] + [f"{k}={quote(v)}" for k, vs in values.items() for v in vs])
    open_view(page, f"{url}{lang}/browse/?{params}")
    found = results(page)
    shown = {k: n for k, n in shown_counts(page).items() if n}
    oracle = old_path(browser, url, lang, terms, values)
    assert sorted(found) == sorted(oracle["urls"])
    order = [f"/{lang}/events/{e}/" for e in model.latest]
    assert found == sorted(found, key=order.index)  # the site's order (Pagefind's `date` sort, descending)
    assert shown == {(k, v): n for k, vs in oracle["counts"].items() for v, n in vs.items()}
    if len(terms) == 1 and not oracle["hidden"]:  # Pagefind's own counts of its filters, as the old page showed them
        assert shown == {(k, v): n for k, vs in oracle["reported"][0].items() for v, n in vs.items()
                         if n and k in facets.FACETS}
    ids = ids_of(found, lang)
    assert_counts_match(page, model, ids & set.intersection(set(model.events), *(
        expected(model).get((k, v), set()) for k, vs in values.items() for v in vs)))
    assert not [r for r in requested if "/filter/" in r or r.endswith(".pf_filter")]
    assert any(r.endswith("/" + facets.IDS) for r in requested)
    return ids


# (language, query, its terms as the search box reads them: search.js's processTerm, variants)
WORD_QUERIES = [
    ("en", "Mhardeh", ["Mhardeh"]),
    ("en", "air strikes", ["air strikes"]),
    ("tr", "saldırı", ["saldırı"]),
    ("ar", "المضيق", ["المضيق"]),
    ("ar", "بالمضيق", ["بالمضيق", "المضيق"]),  # a prefix taken off
    ("ar", "والمضيق", ["المضيق"]),              # a conjunction before the article dropped
    ("ar", "لمحردة", ["لمحردة", "محردة"]),      # found only without its prefix
]


@pytest.mark.parametrize("lang, query, terms", WORD_QUERIES)
def test_words_with_choices_equal_pagefinds_filtered_search(browser, page, sample, lang, query, terms):  # noqa: F811
    """A view with words, without choices and with one and two facets (a type and a
    governorate that narrow): the page's own counting equals Pagefind's filtered search."""
    url, model = sample
    first, second = choose_pair(model)
    found = [assert_words_path_is_the_old_one(browser, page, url, model, lang, query, terms, values)
             for values in ({}, {first[0]: [first[1]]}, {first[0]: [first[1]], second[0]: [second[1]]})]
    assert found[0]  # the words find events


@pytest.mark.parametrize("lang, query", [("en", "air strike"), ("ar", "قصف"), ("tr", "saldırı")])
def test_words_with_choices_over_a_generated_corpus(browser, page, corpus, lang, query):  # noqa: F811
    """The same over the 200-event corpus (the benchmark's queries), with a facet pair, a
    year and a source: the words find events, and a choice narrows them."""
    url, model = corpus
    truth = expected(model)
    first, second = choose_pair(model)
    year = max((k for k in truth if k[0] == "year"), key=lambda k: (len(truth[k]), k))
    source = max((k for k in truth if k[0] == "source"), key=lambda k: (len(truth[k]), k))
    every = assert_words_path_is_the_old_one(browser, page, url, model, lang, query, [query], {})
    assert 0 < len(every) < len(model.events)
    for values in ({first[0]: [first[1]], second[0]: [second[1]]}, {year[0]: [year[1]], source[0]: [source[1]]}):
        narrowed = assert_words_path_is_the_old_one(browser, page, url, model, lang, query, [query], values)
        assert narrowed < every


def test_result_ids_table_is_the_bundles(sample_site):
    """browse-ids.json: each event (numbered as browse.json) with the one result id of its
    page in the language's bundle, read back from the fragment Pagefind wrote for it."""
    import gzip
    import json

    model = link(check(REPO / "content").content)
    for lang in model.content.site.languages:
        table = json.loads((sample_site / lang / facets.IDS).read_text(encoding="utf-8"))
        assert table["events"] == len(model.latest) == len(table["ids"])
        for event_id, ids in zip(model.latest, table["ids"]):
            assert len(ids.split()) == 1
            raw = gzip.decompress((sample_site / lang / "pagefind" / "fragment" / f"{ids}.pf_fragment").read_bytes())
            assert json.loads(raw[raw.index(b"{"):])["url"] == f"/events/{event_id}/"


def test_result_ids_follow_a_search_left_for_later(browser, page, tmp_path):  # noqa: F811
    """A build that leaves search for later (the preview server's) writes the table of the
    bundles it leaves published; `refresh_search` then indexes the changed pages into a
    delta and writes the table again, of the new bundles (the edited event by its delta
    id, its old one hidden), signed with the site: the next build is still incremental.
    With words, the page then counts as Pagefind's filtered search does."""
    import json
    import shutil

    from sitegen.build.run import build, refresh_search

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    project = build_into(tmp_path, content)
    number = link(check(content).content).latest.index("mhardeh-suqaylabiyeh-attacks")
    table = project.site / "en" / facets.IDS
    first = json.loads(table.read_text(encoding="utf-8"))["ids"][number]
    event = content / "events" / "mhardeh-suqaylabiyeh-attacks.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace(
        "sub_type: shelling-artillery-missile-attack", "sub_type: air-drone-strike"), encoding="utf-8")
    build(project, say=lambda line: None, search=False)
    assert json.loads(table.read_text(encoding="utf-8"))["ids"][number] == first  # the bundles published
    refresh_search(project, say=lambda line: None)
    hidden = json.loads((project.site / "en" / "pagefind-delta" / "hidden.json").read_text(encoding="utf-8"))
    assert first in hidden["hide"]
    delta = {p.name.partition(".")[0] for p in (project.site / "en" / "pagefind-delta" / "fragment").iterdir()}
    again = json.loads(table.read_text(encoding="utf-8"))["ids"][number]
    assert again in delta and again != first
    report = []
    build(project, say=lambda line: None, report=report)  # nothing changed: the site as its state says
    assert report and not any(b.full for b in report)
    model = link(check(content).content)
    with serving(project.site) as url:
        for values in ({}, {"sub": ["air-drone-strike"]}, {"sub": ["shelling-artillery-missile-attack"]}):
            assert_words_path_is_the_old_one(browser, page, url, model, "en", "Mhardeh", ["Mhardeh"], values)


def numbers_of(text: str) -> list[int]:
    """`sitegen.pages.facets.runs` read back, written here apart from the page's script."""
    found: list[int] = []
    for token in text.split():
        gap, _, more = token.partition(".")
        start = (found[-1] if found else -1) + 1 + int(gap, 36)
        found.extend(range(start, start + (int(more, 36) if more else 0) + 1))
    return found


@pytest.mark.parametrize("numbers", [[], [0], [5], [0, 1, 2, 7, 9, 10], list(range(100)), [1, 1000, 1001, 50000],
                                     sorted({(i * 7919) % 3001 for i in range(400)})])
def test_runs_read_back(numbers):
    assert numbers_of(runs(numbers)) == numbers
    assert facets.numbers(runs(numbers)) == numbers  # as an incremental build reads them back


def counted_values(monkeypatch, log) -> None:
    """Every event whose facet values are made (`facets.event_values`) noted as a line of
    `log`, from whichever process makes them (the language workers fork from this one)."""
    def event_values(model, event_id, made=facets.event_values):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(event_id + "\n")
        return made(model, event_id)
    monkeypatch.setattr(facets, "event_values", event_values)


def test_browse_files_take_what_the_last_ones_held_of_kept_events(monkeypatch, tmp_path):
    """`render.browse_data` with what the last build's files held of some events
    (`facets.read_back`): those are taken as they are (here a marked title), an entry whose
    link is not to its event's page is made again, only the other events' values are made,
    and with every event kept the bytes are those made afresh."""
    from sitegen.pages.render import browse_data

    model = link(check(REPO / "content").content)
    made = lambda kept=None: browse_data(model, "en", REPO / "templates", REPO / "locale", kept)
    whole = made()
    held, written = facets.read_back(whole, list(model.latest))
    assert {e: set(v) for e, (v, _) in held.items()} == {e: set(facets.event_values(model, e)) for e in model.latest}
    assert made(held) == whole
    assert browse_data(model, "en", REPO / "templates", REPO / "locale", held, written) == whole
    # a value's runs as written are taken only for the very same events' numbers
    marked = {k: (n, "marked") for k, (n, _) in written.items()}
    moved = {**marked, **{k: (n[1:], "moved") for k, (n, _) in list(written.items())[:1]}}
    data = json.loads(browse_data(model, "en", REPO / "templates", REPO / "locale", held, moved)[facets.DATA])
    texts = [t for values in data["values"].values() for t in values.values()]
    assert texts.count("marked") == len(texts) - 1 and "moved" not in texts
    first, second, third = model.latest[:3]
    kept = {e: (v, [item[0], "kept"] + item[2:]) for e, (v, item) in held.items() if e not in (first, second)}
    kept[third] = (kept[third][0], ["../elsewhere/"] + kept[third][1][1:])
    log = tmp_path / "values.log"
    counted_values(monkeypatch, log)
    files = made(kept)
    assert sorted(log.read_text(encoding="utf-8").split()) == sorted([first, second, third])
    titles = [item[1] for n in range(facets.TITLE_CHUNKS) for item in json.loads(files[facets.title_chunk(n)])]
    assert titles[:3] == [model.events[e].title.get("en", "en")[0] for e in (first, second, third)]
    assert set(titles[3:]) == {"kept"}
    assert files[facets.DATA] == whole[facets.DATA]
    with pytest.raises(ValueError):
        facets.read_back(whole, list(model.latest)[1:])  # not the events it numbers


def test_an_edited_title_makes_only_its_events_browse_entries(monkeypatch, tmp_path):
    """An incremental build after one event's title is edited makes the facet values of the
    events whose pages it renders (on their pages and in the Browse files), not of every
    event, and gives a cold build's site."""
    from helpers import assert_same_site
    from sitegen.build.run import Project, build

    content = tmp_path / "content"
    generate(content, 120, seed=11)
    project = Project(REPO, content, tmp_path / "site", tmp_path / "build")
    build(project, say=lambda line: None)
    model = link(check(content).content)
    event_id = model.latest[60]
    path = content / "events" / f"{event_id}.yaml"
    title = model.events[event_id].title.get("en", "en")[0]
    text = path.read_text(encoding="utf-8")
    assert f'en: "{title}"' in text
    path.write_text(text.replace(f'en: "{title}"', f'en: "Edited {title}"', 1), encoding="utf-8")
    log = tmp_path / "values.log"
    counted_values(monkeypatch, log)
    build(project, say=lambda line: None)
    made = log.read_text(encoding="utf-8").split()
    assert event_id in made and len(made) < len(model.events)  # every event's: at least 3 x 120
    cold = Project(REPO, content, tmp_path / "cold" / "site", tmp_path / "cold" / "build")
    build(cold, say=lambda line: None)
    assert_same_site(project.site, cold.site)


def test_browse_files_hold_the_models_events_and_titles(sample_site):
    """browse.json: every (facet, value) with the events the model files under it (read
    back from the runs, numbered in the site's order); browse-NN.json: every event, in that
    order, with its link from the Browse page to its page and its title in the language
    (or the one it falls back to)."""
    import json

    model = link(check(REPO / "content").content)
    truth = expected(model)
    for lang in model.content.site.languages:
        data = json.loads((sample_site / lang / facets.DATA).read_text(encoding="utf-8"))
        assert data["events"] == len(model.latest) == len(model.events)
        got = {(key, value): {model.latest[n] for n in numbers_of(text)}
               for key, values in data["values"].items() for value, text in values.items()}
        assert got == truth
        items = []
        for index in range(facets.TITLE_CHUNKS):
            chunk = json.loads((sample_site / lang / facets.title_chunk(index)).read_text(encoding="utf-8"))
            assert len(chunk) <= data["size"] and (not chunk or len(items) == index * data["size"])
            items.extend(chunk)
        assert not (sample_site / lang / facets.title_chunk(facets.TITLE_CHUNKS)).exists()
        assert len(items) == len(model.latest)
        for event_id, item in zip(model.latest, items):
            target = (sample_site / lang / "browse" / item[0]).resolve() / "index.html"
            assert target == (sample_site / lang / "events" / event_id / "index.html").resolve() and target.is_file()
            title, title_lang = model.events[event_id].title.get(lang, model.content.site.default_language)
            assert item[1] == title and (item[2] if len(item) == 3 else lang) == title_lang


def test_the_view_downloads_as_exactly_its_rows_of_events_csv(page, sample, sample_site):  # noqa: F811
    """The analyst's flow: choose a type and a place, download the view as CSV. The file is
    events.csv's header and the rows of exactly the view's events, byte for byte, in the
    view's order; with nothing chosen, every event."""
    import csv
    import io

    url, model = sample
    truth = expected(model)
    first, second = choose_pair(model)
    whole = (sample_site / "data" / "events.csv").read_bytes().decode("utf-8")
    header = whole.splitlines(keepends=True)[0]
    records = {r["event_id"]: r for r in csv.DictReader(io.StringIO(whole, newline=""))}
    for lang, view, want in (("en", f"?{first[0]}={first[1]}&{second[0]}={second[1]}", truth[first] & truth[second]),
                             ("ar", "", set(model.events))):
        open_view(page, f"{url}{lang}/browse/{view}")
        shown = [urlsplit(h).path.rstrip("/").rsplit("/", 1)[-1] for h in results(page)]
        assert set(shown) == want
        with page.expect_download() as info:
            page.locator("#sg-browse-csv").click()
        got = open(info.value.path(), encoding="utf-8", newline="").read()
        assert got.startswith(header)
        table = list(csv.DictReader(io.StringIO(got, newline="")))
        assert [r["event_id"] for r in table] == shown  # exactly the view's events, in its order
        assert all(r == records[r["event_id"]] for r in table)
        assert len(got.encode()) < len(whole.encode()) or want == set(model.events)


def test_a_date_known_only_to_its_year_is_filed_under_no_month(tmp_path):
    """An event dated `2019` (UCDP date_prec 5) was filed under January 2019: the Browse month
    facet, the charts' January bar and the January page alone, saying what no source said. It is
    now under its year only, in no month's count, and listed across its year's month pages."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(REPO / "tests" / "cases" / "base" / "content", content)
    event = content / "events" / "qalaat-al-mudiq-captured.yaml"
    text = event.read_text(encoding="utf-8")
    assert 'date: "2019-05-09"' in text
    event.write_text(text.replace('date: "2019-05-09"', "date: '2019'"), encoding="utf-8")
    result = check(content)
    assert " 0 errors" in result.report()[-1]
    model = link(result.content)
    ident = "qalaat-al-mudiq-captured"
    values = dict(facets.event_values(model, ident))
    assert values["year"] == "2019" and "month" not in values
    assert sum(n for _, n in model.monthly["all"]) == len(model.events) - 1  # in no month's bar
    assert dict(model.monthly["years"])["2019"] == sum(1 for e in model.events.values() if e.date.sort_key[0] == 2019)
    listed = [key for key, ids in model.events_by_month.items() if ident in ids]
    assert listed[0] == "2019-01" and listed[-1] == "2019-12"
    # on December's page it is listed, but not as "continuing from an earlier month": it may have begun then
    from sitegen.pages import urls

    site = build_into(tmp_path, content).site
    december = site / "en" / urls.url(urls.month(2019, 12)) / "index.html"
    html = december.read_text(encoding="utf-8")
    assert f"events/{ident}/" in html and "sg-continuing" not in html
    assert {k: v for k, v in expected(model).items() if k[0] == "month"} == {
        ("month", key): {e for e in model.events if facets.event_values(model, e) and ("month", key) in facets.event_values(model, e)}
        for key, _ in model.monthly["all"]}
