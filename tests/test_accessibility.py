"""WCAG 2.2 AA in a real browser: axe-core (the copy shipped in the `axe-playwright-python`
package, injected into the page; nothing is downloaded) over one page of every kind in every
language finds no serious or critical violation; header tabs and small list links have the
contrast AA asks."""

from __future__ import annotations

import pytest

from sitegen.build.check import check
from sitegen.build.config import ENTITY_FOLDERS

from helpers import REPO, build_into
from test_browser import browser, page, serving  # noqa: F401 - fixtures

LANGUAGES = check(REPO / "content").content.site.languages
BLOCKING = ("serious", "critical")


def kinds_of_pages(site) -> list[str]:
    """One page of each kind: the home, every hub MkDocs builds (found in the built
    navigation), and the first page of each folder filled into page shells."""
    lang = site / LANGUAGES[0]
    found = ["", "about/", "guide/", "map/", "browse/"]
    for folder in ENTITY_FOLDERS:
        if (lang / folder / "index.html").is_file():
            found.append(f"{folder}/")
        pages = sorted(p.parent.relative_to(lang).as_posix() for p in (lang / folder).glob("*/index.html"))
        found += [p + "/" for p in pages[:1]]  # map/ has further pages only past 50 events
        assert pages or folder == "map", folder
        paged = sorted(p.parent.relative_to(lang).as_posix() for p in (lang / folder).glob("*/page-*/index.html"))
        found += [p + "/" for p in paged[:1]]
    return found


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    site = build_into(tmp_path_factory.mktemp("a11y")).site
    with serving(site) as url:
        yield site, url


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_no_serious_or_critical_violation(page, sample, axe, lang):  # noqa: F811
    site, url = sample
    paths = kinds_of_pages(site)
    assert len(paths) > len(ENTITY_FOLDERS) * 2
    problems = []
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url) else r.abort())  # map tiles
    for path in paths:
        page.goto(f"{url}{lang}/{path}")
        page.wait_for_load_state("load")
        if page.locator(".sg-map").count():  # the map drawn, with Leaflet's controls
            page.wait_for_selector(".sg-map .leaflet-control-zoom")
        if page.locator(".sg-map[data-src]").count():  # the Map page: its markers and clusters too
            page.wait_for_selector(".sg-map[data-ready] .leaflet-marker-icon")
        if page.locator("#sg-browse").count():  # the Browse page with its counts and results
            page.wait_for_function("() => document.getElementById('sg-browse-status').textContent !== ''"
                                   " && !document.getElementById('sg-browse').hasAttribute('aria-busy')")
        results = axe.run(page).response
        for v in results["violations"]:
            if v["impact"] in BLOCKING:
                targets = [n["target"] for n in v["nodes"][:3]]
                problems.append(f"{lang}/{path}: {v['id']} ({v['impact']}) {targets}")
    assert problems == []
