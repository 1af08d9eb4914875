"""Maps in a real browser: an event page's map shows its places, a place page's the place and
the places inside it, one shape per place with coordinates (a point for a town or site, a
circle for a coarser place); controls on the right in Arabic; Leaflet comes from the site
itself: no request leaves localhost but tile requests (aborted here, and the page still
works); without script the list with coordinates is the content. Screenshots of a map and
a chart in every language go to test-artifacts/."""

from __future__ import annotations

import pytest

from sitegen.pages import maps
from sitegen.build.check import check
from sitegen.content.link import link

from helpers import REPO, build_into
from test_browser import ARTIFACTS, browser, page, serving  # noqa: F401 - fixtures

MODEL = link(check(REPO / "content").content)
LANGUAGES = MODEL.content.site.languages
TILES = MODEL.content.site.map.tiles.split("/{z}")[0]  # the tile server's origin and path


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    site = build_into(tmp_path_factory.mktemp("maps")).site
    with serving(site) as url:
        yield site, url


def mapped(place_ids) -> list[str]:
    return [p for p in place_ids if MODEL.places[p].coordinates]


def pages_with_maps():
    for event_id, event in MODEL.events.items():
        yield f"events/{event_id}/", event.places
    for place_id in MODEL.places:
        yield f"places/{place_id}/", (place_id, *MODEL.children.get(place_id, ()))


def open_page(page, url: str, tiles: list | None = None) -> list[str]:
    """Go to `url`, aborting tile requests (noted in `tiles`); returns every other URL the
    page asked for."""
    asked: list[str] = []

    def route(r):
        if r.request.url.startswith(TILES):
            (tiles if tiles is not None else []).append(r.request.url)
            return r.abort()
        asked.append(r.request.url)
        return r.continue_()

    page.unroute("**/*")
    page.route("**/*", route)
    page.goto(url)
    page.wait_for_load_state("load")
    return asked


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_map_shows_its_places_and_nothing_leaves_localhost(page, sample, lang):
    """Every page with a map in the default language; in the others, one of each kind."""
    site, url = sample
    checked, tiles = 0, []
    every = list(pages_with_maps())
    if lang != MODEL.content.site.default_language:
        every = [p for p in every if p[0] in ("events/qalaat-al-mudiq-captured/", "places/hama/")]
    for path, places in every:
        asked = open_page(page, f"{url}{lang}/{path}", tiles)
        shown = mapped(places)
        if not shown:
            assert page.locator(".sg-map").count() == 0, path
            continue
        page.wait_for_selector(".sg-map .leaflet-interactive", state="attached")
        assert page.locator(".sg-map__canvas").is_visible()
        shapes = page.locator(".sg-map path.leaflet-interactive")
        assert shapes.count() == len(shown), path
        assert page.locator(".sg-map li[data-lat]").count() == len(shown)
        points = [p for p in shown if maps.RADIUS.get(MODEL.places[p].kind, 0) == 0]
        circles = page.evaluate("""() => [...document.querySelectorAll('.sg-map path.leaflet-interactive')]
                                   .filter(p => p.getAttribute('stroke-dasharray')).length""")
        assert circles == len(shown) - len(points), path  # coarse places drawn as areas
        assert [u for u in asked if not u.startswith(url)] == [], path
        assert any(u.endswith("assets/leaflet/leaflet.js") for u in asked)
        checked += 1
    assert checked >= 2 and tiles  # the tiles were asked of the configured server


def test_controls_are_on_the_right_in_arabic_named_and_reached_by_keyboard(page, sample):
    _, url = sample
    for lang in LANGUAGES:
        open_page(page, f"{url}{lang}/places/hama/")
        page.wait_for_selector(".leaflet-control-zoom")
        side = "right" if lang == "ar" else "left"
        assert page.locator(f".leaflet-top.leaflet-{side} .leaflet-control-zoom").count() == 1, lang
        assert "OpenStreetMap" in page.locator(".leaflet-control-attribution").inner_text()
        zoom_in = page.locator(".leaflet-control-zoom-in")
        assert zoom_in.get_attribute("aria-label") == page.locator(".sg-map").get_attribute("data-zoom-in")
        if lang != MODEL.content.site.default_language:
            assert zoom_in.get_attribute("aria-label") != "Zoom in"  # translated
        canvas = page.locator(".sg-map__canvas")
        assert canvas.get_attribute("tabindex") == "0"  # Leaflet's keyboard: arrows pan, + and - zoom
        before = page.evaluate("document.querySelector('.leaflet-map-pane').style.transform")
        canvas.focus()
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(400)
        assert page.evaluate("document.querySelector('.leaflet-map-pane').style.transform") != before


def test_popup_links_to_the_place(page, sample):
    _, url = sample
    open_page(page, f"{url}en/events/qalaat-al-mudiq-captured/")
    page.wait_for_selector(".sg-map path.leaflet-interactive")
    page.locator(".sg-map path.leaflet-interactive").first.click(force=True)
    link = page.locator(".leaflet-popup-content a")
    assert link.get_attribute("href") == "../../places/qalaat-al-mudiq/"


def test_without_script_the_list_with_coordinates_is_shown(browser, sample):  # noqa: F811
    _, url = sample
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{url}en/places/hama/")
        assert not page.locator(".sg-map__canvas").is_visible()
        items = page.locator(".sg-map__places li")
        assert items.count() == 1 + len(MODEL.children["hama"])
        assert "35.2000, 37.0000" in items.first.inner_text()
    finally:
        context.close()


def test_screenshots_of_a_map_and_a_chart_in_each_language(page, sample):
    ARTIFACTS.mkdir(exist_ok=True)
    _, url = sample
    for lang in LANGUAGES:
        open_page(page, f"{url}{lang}/places/hama/")
        page.wait_for_selector(".sg-map path.leaflet-interactive")
        page.locator(".sg-map").screenshot(path=str(ARTIFACTS / f"map-{lang}.png"))
        page.locator(".sg-chart").screenshot(path=str(ARTIFACTS / f"chart-{lang}.png"))
        assert (ARTIFACTS / f"map-{lang}.png").stat().st_size > 1000


def test_leaflet_is_copied_from_its_package_into_every_language(sample):
    site, _ = sample
    for lang in LANGUAGES:
        for rel, data in maps.assets().items():
            assert (site / lang / rel).read_bytes() == data
    assert b"Leaflet" in maps.assets()["assets/leaflet/leaflet.js"][:200]
