"""The Map page in a real browser: every event with a place that has coordinates is one marker
or is counted in one cluster (the count comes from the model); its popup gives the title in
the page's language, the date, the type and a link to the event that works; markers and
clusters are reached by keyboard; controls are on the right in Arabic; no request leaves
localhost but tile requests (aborted here); without script the page lists the events with
their coordinates. The points (`map.json`) agree with the model and are rewritten only when
an event changed. Screenshots of the Map page in every language go to test-artifacts/."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from markupsafe import escape

from benchmarks.generate import generate
from sitegen.pages import maps, render, urls
from sitegen.build.run import Project, build
from sitegen.build.check import check
from sitegen.content.link import link
from sitegen.pages.pagekinds import PAGE_SIZE, pages_of

from helpers import REPO, assert_same_site, build_into
from test_browser import ARTIFACTS, browser, page, serving  # noqa: F401 - fixtures
from test_maps import open_page
from test_subpath import pages_server

MODEL = link(check(REPO / "content").content)
LANGUAGES = MODEL.content.site.languages


def first_point(event) -> str | None:
    """The place an event is shown at: its first place with coordinates (as the CSV's)."""
    return next((p for p in event.places if MODEL.places[p].coordinates), None)


MAPPED = {e: first_point(ev) for e, ev in MODEL.events.items() if first_point(ev)}

COUNT = """() => [...document.querySelectorAll('.sg-map .leaflet-marker-icon')].reduce((n, icon) =>
    n + (icon.classList.contains('marker-cluster') ? parseInt(icon.querySelector('.sg-cluster__count').firstChild.data)
         : icon.classList.contains('sg-pin') ? 1 : 0), 0)"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    site = build_into(tmp_path_factory.mktemp("mappage")).site
    with serving(site) as url:
        yield site, url


def open_map(page, url: str, lang: str, tiles: list | None = None) -> list[str]:
    asked = open_page(page, f"{url}{lang}/map/", tiles)
    page.wait_for_selector(".sg-map[data-ready]")
    page.wait_for_timeout(300)  # markercluster adds its icons after the view is set
    return asked


def test_the_sample_has_events_to_map():
    assert len(MAPPED) >= 3 and len(MAPPED) < len(MODEL.events)  # some have no coordinates


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_marker_or_cluster_per_event_and_nothing_leaves_localhost(page, sample, lang):
    _, url = sample
    tiles: list[str] = []
    asked = open_map(page, url, lang, tiles)
    assert page.locator(".sg-map__canvas").is_visible()
    assert page.evaluate(COUNT) == len(MAPPED)
    assert page.locator(".sg-map").get_attribute("data-ready") == str(len(MAPPED))
    assert [u for u in asked if not u.startswith(url)] == []
    assert tiles  # asked of the configured server, and failing without failing the page
    assert any(u.endswith(f"{lang}/map.json") for u in asked)
    assert any(u.endswith("assets/markercluster/leaflet.markercluster.js") for u in asked)
    side = "right" if lang == "ar" else "left"
    assert page.locator(f".leaflet-top.leaflet-{side} .leaflet-control-zoom").count() == 1


def test_other_pages_do_not_load_the_points(page, sample):
    _, url = sample
    asked = open_page(page, f"{url}en/events/qalaat-al-mudiq-captured/")
    page.wait_for_selector(".sg-map .leaflet-interactive", state="attached")
    assert not any(u.endswith("map.json") or "markercluster" in u for u in asked)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_popup_reached_by_keyboard_links_to_its_event(page, sample, lang):
    _, url = sample
    open_map(page, url, lang)
    pin = page.locator(".sg-map .sg-pin").first
    pin.focus()
    assert page.evaluate("document.activeElement.classList.contains('sg-pin')")
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup-content .sg-popup a")
    link.wait_for()
    assert page.evaluate("document.activeElement.closest('.sg-popup') !== null")  # focus moved into it
    href = link.get_attribute("href")
    event_id = href.strip("/").split("/")[-1]
    assert href == f"../events/{event_id}/" and event_id in MAPPED
    title, title_lang = MODEL.events[event_id].title.get(lang, MODEL.content.site.default_language)
    assert link.inner_text() == title
    assert (link.get_attribute("lang") or lang) == title_lang
    popup = page.locator(".leaflet-popup-content").inner_text()
    item = page.locator(f'.sg-map__events li:has(a[href="{href}"])')
    listed = item.locator("time").inner_text()  # the date as the page's list gives it
    assert listed in popup and item.locator("a").nth(1).inner_text() in popup  # its date and type
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.locator(".leaflet-popup").count() == 0
    assert page.evaluate("document.activeElement.classList.contains('sg-pin')")  # back on its marker
    open_map(page, url, lang)
    page.locator(".sg-map .sg-pin").first.focus()
    page.keyboard.press("Enter")
    page.locator(".sg-popup a").click()
    page.wait_for_load_state("load")
    assert page.url == f"{url}{lang}/events/{event_id}/"


def test_a_cluster_opens_by_keyboard(page, sample):
    _, url = sample
    open_map(page, url, "en")
    clusters = page.locator(".sg-map .marker-cluster")
    assert clusters.count() >= 1  # the sample has two events at Idlib
    before = page.locator(".sg-map .sg-pin").count()
    clusters.first.focus()
    assert "events in this cluster" in clusters.first.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_timeout(1000)
    assert page.locator(".sg-map .sg-pin").count() > before  # zoomed in or spread out


def test_precision_is_shown_a_ring_for_somewhere_in_an_area(page, sample):
    _, url = sample
    open_map(page, url, "en")
    data = json.loads(page.evaluate("fetch('../map.json').then(r => r.text())"))
    areas = {e["id"] for e in data["events"] if e["radius"]}
    assert areas and areas != set(MAPPED)  # the sample has both
    for entry in data["events"]:
        event = MODEL.events[entry["id"]]
        place = MODEL.places[MAPPED[entry["id"]]]
        assert entry["radius"] == maps.radius(place.kind, event.location_precision)
        assert ("note" in entry) == bool(entry["radius"])


def test_without_script_the_list_with_coordinates_is_shown(browser, sample):  # noqa: F811
    _, url = sample
    for lang in LANGUAGES:
        context = browser.new_context(java_script_enabled=False)
        try:
            page = context.new_page()
            page.goto(f"{url}{lang}/map/")
            assert not page.locator(".sg-map__canvas").is_visible()
            items = page.locator(".sg-map__events li")
            assert items.count() == len(MAPPED)
            texts = "\n".join(items.all_inner_texts())
            for event_id, place_id in MAPPED.items():
                lat, lon = MODEL.places[place_id].coordinates
                assert f"{lat:.4f}, {lon:.4f}" in texts
        finally:
            context.close()


def test_screenshots_of_the_map_page_in_each_language(page, sample):
    ARTIFACTS.mkdir(exist_ok=True)
    _, url = sample
    for lang in LANGUAGES:
        open_map(page, url, lang)
        shot = ARTIFACTS / f"map-page-{lang}.png"
        page.locator(".sg-map").screenshot(path=str(shot))
        assert shot.stat().st_size > 1000


def test_the_points_agree_with_the_model_and_the_pages(sample):
    site, _ = sample
    for lang in LANGUAGES:
        data = json.loads((site / lang / "map.json").read_text(encoding="utf-8"))
        entries = {e["id"]: e for e in data["events"]}
        assert set(entries) == set(MAPPED)
        for event_id, entry in entries.items():
            lat, lon = MODEL.places[MAPPED[event_id]].coordinates
            assert (entry["lat"], entry["lon"]) == (lat, lon)
            title, title_lang = MODEL.events[event_id].title.get(lang, MODEL.content.site.default_language)
            assert entry["title"] == title and entry.get("lang", lang) == title_lang
            target = (site / lang / "map" / entry["url"]).resolve() / "index.html"
            assert target == (site / lang / "events" / event_id / "index.html").resolve() and target.is_file()
        assert "map/" in (site / lang / "index.html").read_text(encoding="utf-8")  # reachable from home


def test_map_json_is_rewritten_only_when_an_event_changed(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    project = Project(REPO, content, tmp_path / "site", tmp_path / "build")
    build(project, say=lambda line: None)
    files = {lang: project.site / lang / "map.json" for lang in LANGUAGES}
    stamps = {lang: (f.stat().st_ino, f.stat().st_mtime_ns) for lang, f in files.items()}
    build(project, say=lambda line: None)  # nothing changed: nothing rewritten
    assert {lang: (f.stat().st_ino, f.stat().st_mtime_ns) for lang, f in files.items()} == stamps
    event = content / "events" / "qalaat-al-mudiq-captured.yaml"
    text = event.read_text(encoding="utf-8")
    title = MODEL.events["qalaat-al-mudiq-captured"].title.get("en", "en")[0]
    assert title in text
    event.write_text(text.replace(title, title + " (edited)", 1), encoding="utf-8")
    build(project, say=lambda line: None)
    data = json.loads(files["en"].read_text(encoding="utf-8"))
    assert title + " (edited)" in [e["title"] for e in data["events"]]
    cold = Project(REPO, content, tmp_path / "cold" / "site", tmp_path / "cold" / "build")
    build(cold, say=lambda line: None)
    for lang in LANGUAGES:
        assert files[lang].read_bytes() == (cold.site / lang / "map.json").read_bytes()


def test_the_map_page_works_under_a_sub_path(page, sample):
    """Served at /repo/ as a GitHub Pages project site: the points load and a popup's link
    leads to its event (every link of map.json is relative to the Map page)."""
    site, _ = sample
    with pages_server(site) as base:
        failed: list[str] = []
        page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
        open_map(page, base, "ar")
        assert page.evaluate(COUNT) == len(MAPPED)
        page.locator(".sg-map .sg-pin").first.focus()
        page.keyboard.press("Enter")
        link = page.locator(".sg-popup a")
        event_id = link.get_attribute("href").strip("/").split("/")[-1]
        link.click()
        page.wait_for_load_state("load")
        assert page.url == f"{base}ar/events/{event_id}/"
        assert failed == []


# -- the list goes on over further pages (a generated corpus with more points than a page holds) --

ITEM = re.compile(r'<li><a href="([^"]+)">(.*?)</a> <small>\(<time>[^<]*</time>.*?'
                  r'<span dir="ltr">(-?[0-9.]+), (-?[0-9.]+)</span>')


def map_pages(site: Path, lang: str) -> dict[str, str]:
    """The Map page and its further pages, by URL, in page order."""
    found = {"map/": site / lang / "map" / "index.html"}
    found.update((f"map/page-{n}/", site / lang / "map" / f"page-{n}" / "index.html")
                 for n in sorted(int(p.name[len("page-"):]) for p in (site / lang / "map").glob("page-*")))
    return {url: path.read_text(encoding="utf-8") for url, path in found.items()}


def listed(html: str) -> list[tuple[str, str, str, str]]:
    body = html.split('<ul class="sg-map__events">', 1)[1].split("</ul>", 1)[0]
    return ITEM.findall(body)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("mapgen")
    generate(root / "content", 120, seed=11)
    project = Project(REPO, root / "content", root / "site", root / "build")
    build(project, say=lambda line: None)
    return project, link(check(root / "content").content)


def test_the_list_goes_on_over_further_pages_with_every_point_once(generated):
    project, model = generated
    assert len(model.mapped) > 2 * PAGE_SIZE  # three pages at least
    for lang in model.content.site.languages:
        pages = map_pages(project.site, lang)
        assert list(pages) == [urls.url(urls.map_page(n)) for n in range(1, pages_of(model.mapped) + 1)]
        items = []
        for n, (url, html) in enumerate(pages.items(), start=1):
            shown = listed(html)
            assert 0 < len(shown) <= PAGE_SIZE, url
            assert lang != "en" or f">Page {n} of {len(pages)}<" in html, url  # the pager says where
            assert ('class="sg-map sg-map--events"' in html) == (n == 1), url  # the map (and map.json) on the first
            assert 'rel="next"' in html if n < len(pages) else 'rel="next"' not in html
            for href, title, lat, lon in shown:
                target = (project.site / lang / url / href).resolve()
                items.append((target.name, title, lat, lon))
                assert target == (project.site / lang / "events" / target.name).resolve()
                assert (target / "index.html").is_file()
        assert [i[0] for i in items] == [e for e, _ in model.mapped]  # each point once, in the listing order
        for (event_id, title, lat, lon), (_, place_id) in zip(items, model.mapped):
            assert (float(lat), float(lon)) == tuple(round(c, 4) for c in model.places[place_id].coordinates)
            text, text_lang = model.events[event_id].title.get(lang, model.content.site.default_language)
            isolated = (f"<bdi>{escape(text)}</bdi>" if text_lang == lang else
                        f'<span lang="{text_lang}" dir="ltr">{escape(text)}</span> ')
            assert title.startswith(isolated), (lang, title)  # escaped, isolated, in its own language
        data = json.loads((project.site / lang / "map.json").read_text(encoding="utf-8"))
        assert [e["id"] for e in data["events"]] == [e for e, _ in model.mapped]


def counted_entries(monkeypatch, log: Path) -> None:
    """Every entry of a map.json made (`maps.item`) noted as a line of `log`, from whichever
    process makes it (the language workers fork from this one, patched)."""
    def item(point, made=maps.item):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(point.id + "\n")
        return made(point)
    monkeypatch.setattr(maps, "item", item)
    monkeypatch.setattr(render, "maps_item", item)


def test_an_edit_reaches_only_the_map_pages_that_show_it(generated, tmp_path, monkeypatch):
    """An event's title edited: the further page listing it and map.json change, the Map
    page and the other further pages keep their bytes; an edit the map does not show (a
    summary) leaves every page of it and map.json as they were; and the site equals a cold
    build. The edit's map.json is made from the points of the one page rendered again, the
    others' entries taken from the last build's."""
    _, model = generated
    content = tmp_path / "content"
    generate(content, 120, seed=11)
    project = Project(REPO, content, tmp_path / "site", tmp_path / "build")
    build(project, say=lambda line: None)
    langs = model.content.site.languages
    before = {lang: map_pages(project.site, lang) for lang in langs}
    stamp = lambda: {lang: os.stat(project.site / lang / "map.json").st_mtime_ns for lang in langs}
    stamps = stamp()
    event_id = model.mapped[2 * PAGE_SIZE][0]  # the first of the third page
    path = content / "events" / f"{event_id}.yaml"
    text = path.read_text(encoding="utf-8")
    summary = model.events[event_id].summary.get("en", "en")[0]
    path.write_text(text.replace(summary, summary + " One more sentence.", 1), encoding="utf-8")
    build(project, say=lambda line: None)
    assert {lang: map_pages(project.site, lang) for lang in langs} == before
    assert stamp() == stamps  # map.json not rewritten
    title = model.events[event_id].title.get("en", "en")[0]
    path.write_text(path.read_text(encoding="utf-8").replace(f'en: "{title}"', f'en: "{title} (edited)"', 1),
                    encoding="utf-8")
    log = tmp_path / "entries.log"
    counted_entries(monkeypatch, log)
    build(project, say=lambda line: None)
    made = log.read_text(encoding="utf-8").split()
    shown = [e for e, _ in model.mapped[2 * PAGE_SIZE:3 * PAGE_SIZE]]
    assert len(model.mapped) > 2 * PAGE_SIZE and sorted(made) == sorted(shown * len(langs))
    after = map_pages(project.site, "en")
    changed = [url for url in after if after[url] != before["en"][url]]
    assert changed == ["map/page-3/"] and f"{title} (edited)" in after["map/page-3/"]
    assert f"{title} (edited)" in (project.site / "en" / "map.json").read_text(encoding="utf-8")
    cold = Project(REPO, content, tmp_path / "cold" / "site", tmp_path / "cold" / "build")
    build(cold, say=lambda line: None)
    assert_same_site(project.site, cold.site)


def test_map_json_takes_kept_entries_only_for_the_events_their_page_shows(generated):
    """`render.map_data` with the last build's entries of some pages: those are taken as they
    are (here marked), a page whose kept entries are not of the events it shows now is made
    again, and without any the bytes are those of every point made afresh."""
    _, model = generated
    whole = render.map_data(model, "en", REPO / "templates", REPO / "locale")
    entries = json.loads(whole)["events"]
    assert render.map_data(model, "en", REPO / "templates", REPO / "locale", {}) == whole
    kept = {n: [dict(e, title="kept") for e in entries[(n - 1) * PAGE_SIZE:n * PAGE_SIZE]] for n in (2, 3)}
    kept[3][-1]["id"] = "another-event"
    made = json.loads(render.map_data(model, "en", REPO / "templates", REPO / "locale", kept))["events"]
    assert [e["title"] == "kept" for e in made] == [PAGE_SIZE <= i < 2 * PAGE_SIZE for i in range(len(entries))]
    assert [dict(e, title="") for e in made] == [dict(e, title="") for e in entries]
