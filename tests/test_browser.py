"""The built sample site in a real browser: Debian's Chromium driven by Playwright.

Searches in every language through the site's search box (Arabic also with prefixes,
without hamza, with diacritics), also after incremental builds that changed and removed
pages (delta bundle, hidden results), the language switcher keeps the page, Arabic is
right to left. Screenshots go to test-artifacts/. Without Chromium these tests skip
locally and fail when CI is set.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from sitegen.build.run import Project, build

from helpers import REPO, answers, build_into, site_languages

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
CAPTURE = "events/qalaat-al-mudiq-captured/"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update",
    # tests reach this machine only: every other host name resolves to nothing, so a page's
    # request elsewhere (map tiles) fails at once, and no packet leaves for it
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; .ci/run installs Debian's chromium")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    return build_into(tmp_path_factory.mktemp("browser")).site


@pytest.fixture(scope="module")
def base_url(sample_site):
    with serving(sample_site) as url:
        yield url


@contextlib.contextmanager
def serving(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


DONE = """() => {
    const d = document.getElementById("pf-dialog")
    return d.querySelector(".sg-search__status").textContent !== ""
        && !d.querySelector(".sg-search__results").hasAttribute("aria-busy")
}"""


def search(page, url: str, query: str) -> list[str]:
    """Type a query into the site's search box and return the result links, all of them."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    page.locator("#pf-dialog input").fill(query)
    page.wait_for_function(DONE, timeout=10_000)
    more = page.locator("#pf-dialog .sg-search__more")
    while more.is_visible():  # show every result, not only the first page of them
        more.click()
        page.wait_for_function(DONE, timeout=10_000)
    return [a.get_attribute("href") for a in page.locator("#pf-dialog .sg-search__result > a").all()]


def status(page) -> str:
    return page.locator("#pf-dialog .sg-search__status").text_content()


@pytest.mark.parametrize(
    "lang, query",
    [
        ("en", "Hmeimim"),
        ("en", "Qalaat al-Mudiq"),
        ("tr", "Kalat el-Mudik"),
        ("ar", "المضيق"),
        ("ar", "بالمضيق"),      # with a prefix
        ("ar", "والمضيق"),      # with a conjunction and the article
        ("ar", "اقرب نقطة"),    # written without hamza (أقرب)
        ("ar", "المَضِيق"),      # with diacritics
    ],
)
def test_search_finds_the_capture(page, base_url, lang, query):
    links = search(page, f"{base_url}{lang}/", query)
    assert any(CAPTURE in (href or "") for href in links), links


def test_arabic_page_is_right_to_left_and_screenshots(page, base_url):
    ARTIFACTS.mkdir(exist_ok=True)
    for lang in site_languages():
        page.goto(f"{base_url}{lang}/{CAPTURE}")
        direction = page.evaluate("getComputedStyle(document.body).direction")
        assert page.evaluate("document.documentElement.lang") == lang
        assert direction == ("rtl" if lang == "ar" else "ltr")
        page.screenshot(path=str(ARTIFACTS / f"event-{lang}.png"), full_page=True)


def test_language_switcher_keeps_the_page(page, base_url):
    page.goto(f"{base_url}ar/{CAPTURE}")
    link = page.locator('a.md-select__link[hreflang="tr"]')
    page.goto(link.evaluate("a => a.href"))
    assert page.url == f"{base_url}tr/{CAPTURE}"
    assert "Kalat el-Mudik" in page.title()


def test_root_sends_reader_to_browser_language(browser, base_url):
    for accept, lang in (("ar", "ar"), ("tr-TR", "tr"), ("de-DE", "en")):
        context = browser.new_context(locale=accept)
        page = context.new_page()
        page.goto(base_url)
        page.wait_for_url(f"{base_url}{lang}/")
        context.close()


def test_reader_journey_home_to_turkey(page, base_url):
    """Home -> the capture -> Hama -> back -> National Liberation Front -> Turkey, by clicking."""
    page.goto(f"{base_url}en/")
    page.get_by_role("link", name="Russia-regime forces capture Qalaat al-Mudiq").first.click()
    assert page.url.endswith(f"/en/{CAPTURE}")
    assert "White Helmets" in page.content() and "at least 122" in page.content()
    page.locator("dd a", has_text="Hama").first.click()
    assert page.url.endswith("/en/places/hama/")
    assert "Figures by source" in page.content()
    page.go_back()
    page.get_by_role("link", name="National Liberation Front").first.click()
    assert page.url.endswith("/en/actors/national-liberation-front/")
    page.locator("dd a", has_text="Turkey").first.click()
    assert page.url.endswith("/en/actors/turkey/")
    assert "Backs" in page.content()


def test_search_box_counts_results_and_shows_sub_results(page, base_url):
    links = search(page, f"{base_url}en/", "Hmeimim")
    assert len(links) == len(set(links)) > 5  # more than one page of them: "load more" was used
    assert status(page) == f"{len(links)} results for “Hmeimim”"
    assert page.locator("#pf-dialog .sg-search__sub").count() > 0  # headings under a result
    assert page.locator("#pf-dialog mark").first.text_content().lower().startswith("hmeimim")
    links = search(page, f"{base_url}ar/", "حميميم")
    assert status(page).startswith(str(len(links))) and "«حميميم»" in status(page)
    assert page.evaluate("getComputedStyle(document.querySelector('#pf-dialog')).direction") == "rtl"
    search(page, f"{base_url}tr/", "zzqqxx")
    assert status(page) == "“zzqqxx” için sonuç bulunamadı"
    assert page.locator("#pf-dialog .sg-search__result").count() == 0
    scripts = page.evaluate("[...document.scripts].map(s => s.src)") + page.evaluate(
        "[...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href)")
    assert not [s for s in scripts if "pagefind-ui" in s]


def archive_event(model: str, n: int, day: int, title: str, tag: str) -> str:
    """A copy of a sample event, older than every other: not on the home page (hub)."""
    text = model.replace("id: qalaat-al-mudiq-captured", f"id: archive-{n}")
    text = text.replace('date: "2019-05-09"', f'date: "2001-01-{day:02d}"')
    start = text.index("title:\n")
    end = text.index("\n", text.index("  tr: ", start))
    text = text[:start] + f"title:\n  en: {title}\n" + text[end + 1:]
    return text.replace("tags: [", f"tags: [{tag}, ")


def pages_with(site: Path, word: str) -> set[str]:
    """URLs of the searchable pages whose text has `word`: what a search for it must find."""
    found = set()
    for path in site.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" in html and word in html.lower():
            found.add("/" + str(path.parent.relative_to(site.parent)) + "/")
    return found


def test_search_after_incremental_builds(page, tmp_path):
    """An edited title is found by its new words, once, and no longer by its old ones; a
    page removed in place (a tag) or with a whole build (an event) is no longer found."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    events = content / "events"
    model = (events / "qalaat-al-mudiq-captured.yaml").read_text(encoding="utf-8")
    for n, day in ((1, 5), (2, 10), (3, 15)):
        title = "Wombat parade number " + str(n)
        (events / f"archive-{n}.yaml").write_text(archive_event(model, n, day, title, f"marsupials-{n}"),
                                                  encoding="utf-8")
    project = Project(REPO, content, tmp_path / "site", tmp_path / "build")
    build(project, say=lambda line: None)
    edited = events / "archive-1.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace(
        "Wombat parade number 1", "Quokka gathering <img src=x onerror=window.pwned=1>").replace(
        "marsupials-1, ", ""), encoding="utf-8")
    report = []
    build(project, say=lambda line: None, report=report)
    assert not any(b.full for b in report)
    assert all(json.loads((project.site / lang / "pagefind-delta/hidden.json").read_text())["delta"]
               for lang in site_languages())
    archive = "/en/events/archive-1/"
    with serving(project.site) as url:
        links = search(page, f"{url}en/", "quokka")
        assert links.count(archive) == 1 and set(links) == pages_with(project.site / "en", "quokka")
        assert status(page) == f"{len(links)} results for “quokka”"
        first = page.locator("#pf-dialog .sg-search__result", has=page.locator(f'a[href="{archive}"]'))
        assert "<img src=x onerror=window.pwned=1>" in first.inner_text()  # page text stays text
        assert page.locator("#pf-dialog img").count() == 0 and page.evaluate("window.pwned") is None
        links = search(page, f"{url}en/", "wombat")
        assert archive not in links and set(links) == pages_with(project.site / "en", "wombat")
        assert "/en/events/archive-2/" in links and status(page) == f"{len(links)} results for “wombat”"
        assert search(page, f"{url}en/", "marsupials-1") == []  # its tag page is gone
        assert status(page) == "No results for “marsupials-1”"
        assert search(page, f"{url}en/", "marsupials-2") != []
        links = search(page, f"{url}ar/", "quokka")
        assert links.count("/ar/events/archive-1/") == 1 and len(links) == len(set(links))
        (events / "archive-2.yaml").unlink()  # the home page counts events: a whole build
        build(project, say=lambda line: None)
        links = search(page, f"{url}en/", "wombat")
        assert "/en/events/archive-2/" not in links and "/en/events/archive-3/" in links
        assert set(links) == pages_with(project.site / "en", "wombat")
        assert status(page) == f"{len(links)} result{'s' if len(links) > 1 else ''} for “wombat”"


@pytest.mark.parametrize(
    "lang, query, expected",
    [
        ("en", "حميميم", "places/hmeimim-air-base/"),  # a name in another script
        ("tr", "حميميم", "places/hmeimim-air-base/"),
        ("ar", "Kalat el-Mudik", "places/qalaat-al-mudiq/"),
        ("ar", "Qalaat al-Mudiq", "places/qalaat-al-mudiq/"),
        ("en", "بالمضيق", "places/qalaat-al-mudiq/"),  # another script, with a prefix
        ("tr", "Hmeimim", "places/hmeimim-air-base/"),
        ("ar", "لحميميم", "places/hmeimim-air-base/"),  # the one-letter prefixes لـ and كـ
        ("ar", "كحميميم", "places/hmeimim-air-base/"),
        ("ar", "لمحردة", "places/mhardeh/"),
        ("en", "Sochi", "events/sochi-demilitarised-zone-agreement/"),  # records rank first
        ("tr", "Hama", "places/hama/"),
    ],
)
def test_every_name_finds_its_record_first(page, base_url, lang, query, expected):
    """Found among the first results, records first (a district named after its town may
    come before the town)."""
    links = search(page, f"{base_url}{lang}/", query)
    assert f"/{lang}/{expected}" in links[:2], links[:5]
    assert links[0].split("/")[2] in ("events", "places", "actors", "sources"), links[:5]


def test_enter_opens_the_first_result_a_record(page, base_url):
    search(page, f"{base_url}en/", "Sochi")
    page.locator("#pf-dialog input").press("Enter")
    page.wait_for_url("**/en/events/sochi-demilitarised-zone-agreement/")


def test_records_rank_above_tags_and_the_guide(page, base_url):
    for lang in site_languages():
        for query in ("Sochi", "Hmeimim"):
            links = search(page, f"{base_url}{lang}/", query)
            kinds = [href.split("/")[2] for href in links]
            first_other = next((i for i, k in enumerate(kinds) if k in ("tags", "guide")), len(kinds))
            assert all(k in ("events", "places", "actors", "sources") for k in kinds[:first_other])
            assert first_other > 0, (lang, query, links)


def test_search_dialog_on_a_phone_has_a_close_button_and_readable_titles(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        search(page, f"{base_url}ar/", "حماة")
        size = lambda selector: page.evaluate(
            f"parseFloat(getComputedStyle(document.querySelector({selector!r})).fontSize)")
        assert size("#pf-dialog .sg-search__result > .sg-search__title") > size("#pf-dialog .sg-search__excerpt")
        close = page.locator("#pf-dialog .sg-search__close")
        assert close.is_visible() and close.get_attribute("aria-label") == "أغلق البحث"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "search-phone-ar.png"))
        close.tap()
        assert page.evaluate("document.getElementById('pf-dialog').open") is False
    finally:
        context.close()


def test_sub_results_do_not_repeat_their_result(page, base_url):
    search(page, f"{base_url}en/", "Hmeimim")
    for result in page.locator("#pf-dialog .sg-search__result").all():
        title = result.locator("> .sg-search__title").text_content().strip()
        excerpt = result.locator("> .sg-search__excerpt").text_content().strip()
        for sub in result.locator(".sg-search__sub").all():
            assert sub.locator(".sg-search__title").text_content().strip() != title
            assert sub.locator(".sg-search__excerpt").text_content().strip() != excerpt


def test_turkish_search_finds_the_name_not_words_of_the_same_stem(page, base_url, sample_site):
    """Turkish Snowball stems "Hama" to "ha": "hava", "halk" and "hafta" must not come in."""
    links = search(page, f"{base_url}tr/", "Hama")
    found = answers(sample_site / "tr")
    texts = {"/tr" + url: fragment["content"].replace("İ", "i").lower() for url, fragment in found.items()}
    assert links and all("hama" in texts[link] for link in links), [l for l in links if "hama" not in texts[l]]
