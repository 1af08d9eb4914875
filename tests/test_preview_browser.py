"""`sitegen serve` in a real browser (Debian's Chromium through Playwright): a save that
breaks a record puts its problems on every open page, in the page's language, as text
(file names and values are untrusted markup); the save that fixes it takes them away. The
terminal says what it always said."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys

from helpers import REPO
from test_browser import ARGS, ARTIFACTS, browser  # noqa: F401 - the fixture, shared
from test_serve import fetch, free_port, wait_for

EVENT = "events/qalaat-al-mudiq-captured/"
BANNER = "#sitegen-problems"
MINUTE = 60_000


def test_problems_show_on_every_open_page_until_fixed(browser, tmp_path):  # noqa: F811
    project = tmp_path / "project"
    project.mkdir()
    for name in ("content", "templates", "locale", "docs"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project)
    port = free_port()
    log = tmp_path / "serve.log"  # a file, not a pipe: a build's workers may outlive the server
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "--port", str(port)], cwd=project,
                                  stdout=out, stderr=subprocess.STDOUT, text=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(lambda: fetch(f"{base}en/{EVENT}"), seconds=180)
        pages = {lang: context.new_page() for lang in ("en", "ar")}
        for lang, page in pages.items():
            page.goto(f"{base}{lang}/{EVENT}")
            assert page.locator(BANNER).count() == 0
        record = project / "content/events/qalaat-al-mudiq-captured.yaml"
        good = record.read_text(encoding="utf-8")
        record.write_text(good.replace("places: [qalaat-al-mudiq]", 'places: ["<img src=x onerror=window.pwned=1>"]'),
                          encoding="utf-8")
        stray = project / "content/events/<i>x.yaml"
        stray.write_text("id: x\n", encoding="utf-8")
        for page in pages.values():  # each reloads by itself
            page.wait_for_selector(BANNER, timeout=2 * MINUTE)
        english = pages["en"].locator(BANNER)
        text = english.inner_text()
        n = english.locator("li").count()  # the record's one, and the stray file's (its id, its missing fields)
        assert 3 <= n <= 10  # Arabic's "few" plural form below
        assert f"The last save has {n} problems; this page shows the last good build." in text
        assert ("content/events/qalaat-al-mudiq-captured.yaml:9:10 error: places[0]: "
                "'<img src=x onerror=window.pwned=1>' is not a valid id") in text
        assert "content/events/<i>x.yaml:1:1 error: date: required field is missing" in text
        for page in pages.values():  # text, not markup
            assert page.locator(f"{BANNER} img, {BANNER} i").count() == 0
            assert page.evaluate("window.pwned") is None
        arabic = pages["ar"].locator(BANNER)
        assert arabic.get_attribute("dir") == "rtl" and arabic.get_attribute("lang") == "ar"
        assert f"في آخر حفظ {n} مشكلات؛ تعرض هذه الصفحة آخر بناء ناجح." in arabic.inner_text()
        assert "content/events/qalaat-al-mudiq-captured.yaml:9:10" in arabic.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        for lang, page in pages.items():
            page.screenshot(path=str(ARTIFACTS / f"preview-problems-{lang}.png"))
        stray.unlink()
        record.write_text(good, encoding="utf-8")
        for page in pages.values():
            page.wait_for_selector(BANNER, state="detached", timeout=2 * MINUTE)
            assert "Qalaat al-Mudiq" in page.title() or "قلعة المضيق" in page.title()
    finally:
        context.close()
        server.send_signal(signal.SIGINT)  # Ctrl-C: the server stops as an editor stops it
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    output = log.read_text(encoding="utf-8")
    assert "places[0]: '<img src=x onerror=window.pwned=1>' is not a valid id" in output
    assert "; still serving the last good site" in output
