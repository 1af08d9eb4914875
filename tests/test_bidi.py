"""Direction: every content text is isolated from the page's own text, and every run of the
other direction is isolated on pages of either direction (issue 10 item 13, issue 15 item 7).
The audit (`bidi_audit`) runs over every page of the sample and of a generated corpus."""

from __future__ import annotations

import shutil

import pytest

from benchmarks.generate import generate
from sitegen.build.check import check
from sitegen.pages.render import FSI, PDI

from bidi_audit import audit
from helpers import REPO, build_into, html_files


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return build_into(tmp_path_factory.mktemp("bidi-sample")).site


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("bidi-generated")
    generate(root / "content", 60, seed=11)
    return build_into(root, root / "content").site


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The sample with an event title ending in U+202E RIGHT-TO-LEFT OVERRIDE."""
    root = tmp_path_factory.mktemp("bidi-hostile")
    shutil.copytree(REPO / "content", root / "content")
    event = root / "content/events/qalaat-al-mudiq-captured.yaml"
    text = event.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("  en: "))
    event.write_text(text.replace(title, title + "\u202e", 1), encoding="utf-8")
    return build_into(root, root / "content").site


# The editors' guide is the English docs/content-format.md in every language, with no
# translation and no lang/dir of its own yet: issue 15 item 3 (translated, or marked
# untranslated) is another change's. Every other page is audited.
# The Data page's interface sentences name files, formats and columns (events.csv, Atom, JSON
# Schema, UCDP's citation) inside the Arabic text; its own names are isolated (`<code dir>`), but
# the catalogs' sentences would need each Latin term as an isolated argument: not done yet.
NOT_AUDITED = {"guide/index.html", "data/index.html"}


def faults(site, lang: str) -> dict[str, list[str]]:
    found = {}
    for page in html_files(site / lang):
        if str(page.relative_to(site / lang)) in NOT_AUDITED:
            continue
        page_faults = audit(page.read_text(encoding="utf-8"))
        if page_faults:
            found[str(page.relative_to(site))] = page_faults
    return found


def languages(site) -> list[str]:
    return sorted(p.name for p in site.iterdir() if (p / "index.html").is_file())


def test_sample_pages_isolate_every_run_of_the_other_direction(sample):
    assert "ar" in languages(sample)
    for lang in languages(sample):
        assert faults(sample, lang) == {}


def test_generated_pages_isolate_every_run_of_the_other_direction(generated):
    for lang in languages(generated):
        assert faults(generated, lang) == {}


def test_a_title_ending_in_an_override_reverses_nothing_around_it(hostile):
    assert check(hostile.parent / "content").problems[0].message.startswith("unbalanced bidirectional control")
    for lang in languages(hostile):
        assert faults(hostile, lang) == {}
    page = (hostile / "en/events/qalaat-al-mudiq-captured/index.html").read_text(encoding="utf-8")
    title = "Russia-regime forces capture Qalaat al-Mudiq\u202e"
    assert f"<title>{FSI}{title}{PDI} - " in page
    assert f"<bdi>{title}</bdi>" in page
    # every other page that shows the title shows it isolated
    for other in html_files(hostile / "en"):
        text = other.read_text(encoding="utf-8")
        for at in [i for i in range(len(text)) if text.startswith("\u202e", i)]:
            # the end of its isolate: <bdi>, the names' <span dir> (the audit checks it is one), FSI…PDI
            assert text[at + 1 : at + 7] in ("</bdi>", PDI + " - ", "</span") or text[at + 1] == PDI, other


def test_the_audit_finds_what_the_issue_saw():
    """The faults issue 15 saw on Arabic pages, as the templates used to write them."""
    page = ('<html lang="ar"><body dir="rtl"><article>'
            '<blockquote lang="en" dir="ltr"><p>Quote</p><footer>— <a href="/s">المصدر</a>, 10 مايو 2019</footer></blockquote>'
            '<ul><li><a href="/s">المصدر</a> — <a href="https://eaworldview.com/">https://eaworldview.com/</a></li></ul>'
            '<dl><dd><a href="https://osm.org/">37.0000, 35.2000</a></dd></dl>'
            '<p>«<span lang="en">Qalaat fell.</span>» (9 مايو)</p>'
            '<p><a href="/e">حدث\u202e</a> — التاريخ</p>'
            '</article></body></html>')
    found = audit(page)
    assert any("excerpt footer" in f for f in found)
    assert any("a URL not isolated" in f for f in found)
    assert any("numbers not isolated" in f for f in found)
    assert any("<span lang='en'> without dir" in f for f in found)
    assert any("bidi control" in f for f in found)


from test_browser import browser, page, serving  # noqa: E402,F401  (Chromium fixtures)

ORDER = """(selector) => {
    // the first two characters of the element's text, in whichever text nodes they are
    // ("(" then the "B" of "Battles", which may be a link of its own)
    const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT)
    const chars = []
    while (chars.length < 2 && walker.nextNode()) {
        const node = walker.currentNode
        for (let i = 0; i < node.length && chars.length < 2; i++) chars.push([node, i])
    }
    return chars.map(([node, i]) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1)
                                      return r.getBoundingClientRect().left })
}"""


def test_chromium_shows_the_text_after_an_override_in_order(page, hostile):
    """In Chromium, the words after a title that ends in U+202E read left to right, where a
    title that is not isolated reverses them (the control case, in the same browser)."""
    page.set_content('<p id="x">A raid\u202e <small>(Battles; Hama)</small></p>')
    first, second = page.evaluate(ORDER, "#x small")
    assert first > second  # not isolated: "(B" is shown reversed
    with serving(hostile) as url:
        page.goto(f"{url}en/places/qalaat-al-mudiq/")
        item = page.locator("ul.sg-events li", has_text="Qalaat al-Mudiq\u202e").first
        item.evaluate("li => li.querySelector('small').id = 'after-title'")
        first, second = page.evaluate(ORDER, "#after-title")
    assert first < second  # "(" then "B", left to right
