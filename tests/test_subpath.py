"""Hosting under a sub-path, in a real browser: the site served at /repo/ as GitHub Pages
serves a project site (a folder without its slash is redirected, a missing URL gets the
root 404.html with status 404), walked root redirect -> home -> event -> other language
-> search -> a missing URL, with no failed request. With site_url and without it; and a
`use_directory_urls: false` build walked from file://."""

from __future__ import annotations

import contextlib
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from sitegen.build.run import build

from projects import SITE_URL, project_with, repo_mkdocs

from test_browser import browser  # noqa: F401  (Chromium as every browser test launches it: no host but this one)

EVENT = "events/qalaat-al-mudiq-captured/"


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """GitHub Pages for a project site: the site at /repo/, its 404.html for what is missing."""

    prefix = "/repo/"

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        path = unquote(urlsplit(path).path)
        if not path.startswith(self.prefix):
            return os.path.join(self.directory, "\0missing")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) or os.path.isfile(path):
            return super().send_head()
        body = Path(self.directory, "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


@contextlib.contextmanager
def pages_server(site: Path):
    handler = lambda *a, **k: PagesHandler(*a, directory=str(site), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/repo/"
    finally:
        server.shutdown()


def _local(url: str) -> bool:
    """Whether a request is the site's: map tiles come from the tile server in site.yaml,
    which the tests cannot reach (the browser resolves no other host)."""
    return url.startswith("http://127.0.0.1")


def _watch(page, failed: list[str], expected_404: set[str]):
    # a request cut short because the page navigated on (the root's redirect, a favicon
    # still loading when the walk moves on) is not a failure; every response is checked
    page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and _local(r.url)
            and failed.append(f"failed {r.url} {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and r.url not in expected_404 and failed.append(f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and m.location.get("url") not in expected_404
            and _local(m.location.get("url") or "http://127.0.0.1") and "ERR_NAME_NOT_RESOLVED" not in m.text
            and failed.append(f"console {m.text} {m.location}"))


@pytest.mark.parametrize("site_url", [SITE_URL, None])
def test_walk_under_a_sub_path(browser, tmp_path, site_url):
    settings = {"site_url": site_url} if site_url else {}
    project = project_with(tmp_path, repo_mkdocs(**settings))
    build(project, say=lambda line: None)
    with pages_server(project.site) as base:
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        failed: list[str] = []
        missing, nowhere = f"{base}ar/events/no-such-event/", f"{base}nowhere/at/all"
        _watch(page, failed, {missing, nowhere})

        page.goto(base)                                   # the root sends the reader to their language
        page.wait_for_url(f"{base}en/")
        page.wait_for_load_state("networkidle")
        page.locator(f'a[href="{EVENT}"]').first.click()  # home -> an event
        page.wait_for_url(f"{base}en/{EVENT}")
        assert page.locator("a.md-skip").get_attribute("href") == "#russia-regime-forces-capture-qalaat-al-mudiq"
        assert page.locator('nav.md-nav--secondary a[href="#summary"]').count() == 1
        page.wait_for_load_state("networkidle")
        page.locator('a.md-select__link[hreflang="ar"]').evaluate("a => a.click()")  # switch language
        page.wait_for_url(f"{base}ar/{EVENT}")
        page.wait_for_load_state("networkidle")
        page.keyboard.press("/")                          # search
        page.locator("#pf-dialog input").fill("المضيق")
        page.wait_for_function("() => document.querySelectorAll('#pf-dialog .sg-search__result').length > 0",
                               timeout=15_000)
        hrefs = [a.get_attribute("href") for a in page.locator("#pf-dialog .sg-search__result > a").all()]
        assert any(EVENT in (h or "") for h in hrefs), hrefs
        page.goto(missing)                                # a missing URL: the host's 404, then the reader's
        page.wait_for_url(f"{base}ar/404/")
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").first.text_content().startswith("الصفحة غير موجودة")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"  # styled
        page.locator("[data-sg-open-search]").click()
        assert page.locator("#pf-dialog").evaluate("d => d.open")
        page.keyboard.press("Escape")
        page.locator('.sg-notfound a').first.click()      # a main link: home
        page.wait_for_url(f"{base}ar/")
        page.goto(nowhere)                                # no language in the address: the browser's
        page.wait_for_url(f"{base}en/404/")
        page.wait_for_load_state("networkidle")
        context.close()
        if site_url is None:  # without site_url the 404 page looks for the site's folder above the address
            failed = [f for f in failed if f"{base}nowhere/" not in f]
        assert failed == []


def test_use_directory_urls_false_reads_from_disk(browser, tmp_path):
    """Every relative link to a folder names its index.html; walked from file://: the root
    redirect, home, an event, another language, and search saying it needs a server."""
    from helpers import HREF, broken_links, html_files

    project = project_with(tmp_path, repo_mkdocs(use_directory_urls="false"))
    build(project, say=lambda line: None)
    assert broken_links(project.site) == []
    for page in html_files(project.site):
        if "pagefind" in page.parts:
            continue
        for target in HREF.findall(page.read_text(encoding="utf-8")):
            assert not (target.endswith("/") and ":" not in target and not target.startswith("/")), (page, target)
    context = browser.new_context(locale="tr-TR")
    page = context.new_page()
    root = project.site.resolve().as_uri()
    page.goto(f"{root}/index.html")
    page.wait_for_url(f"{root}/tr/index.html")
    page.locator(f'a[href="{EVENT}index.html"]').first.click()
    page.wait_for_url(f"{root}/tr/{EVENT}index.html")
    assert "Kalat el-Mudik" in page.title()
    page.locator('a.md-select__link[hreflang="en"]').evaluate("a => a.click()")
    page.wait_for_url(f"{root}/en/{EVENT}index.html")
    page.keyboard.press("/")
    status = page.locator("#pf-dialog .sg-search__status")
    assert status.text_content().startswith("Search needs the site to be served")
    context.close()


class RootPagesHandler(PagesHandler):
    """A site at a host's root (a user site or a custom domain): every missing URL gets its 404.html."""

    prefix = "/"


def test_a_missing_url_starting_with_two_slashes_stays_on_the_site(browser, tmp_path):
    """Without site_url the 404 page takes the site's folder from the address: for
    `//evil.example/en/x` that was `//evil.example/`, and it sent the reader to
    `//evil.example/en/404/`, another host (an open redirect from the site's own domain).
    Every request stays on the site's host, and the reader lands on a page of it."""
    project = project_with(tmp_path, repo_mkdocs())
    build(project, say=lambda line: None)
    handler = lambda *a, **k: RootPagesHandler(*a, directory=str(project.site), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        context = browser.new_context(locale="en-US")
        page = context.new_page()
        asked: list[str] = []
        page.on("request", lambda r: asked.append(r.url))
        for address in ("//evil.example/en/x", "/\\evil.example/en/x", "///evil.example/ar/x/y"):
            asked.clear()
            page.goto(host + address)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)
            assert page.url.startswith(host + "/"), (address, page.url)
            assert [u for u in asked if not u.startswith(host + "/") and not u.startswith("data:")] == [], (address, asked)
        context.close()
    finally:
        server.shutdown()
