"""What a native reader of each language meets on the built sample: tag names in their
language, the theme's words from the project's catalogs, notes on untranslated pages, lists
in the language's alphabetical order, localised separators, numbers agreeing with nouns."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
import yaml

from sitegen.pages.collation import sort_key
from sitegen.build.project import Project

from helpers import REPO, build_into, html_files, site_languages, translated_languages

SITE = yaml.safe_load((REPO / "content/site.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Project:
    return build_into(tmp_path_factory.mktemp("native"))


def read(sample, lang: str, page: str) -> str:
    return (sample.site / lang / page / "index.html").read_text(encoding="utf-8")


def h1(page_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", page_html, re.S).group(1)))


@pytest.mark.parametrize("lang", site_languages())
def test_tag_pages_are_titled_by_the_tags_name_in_the_language(sample, lang):
    for tag, names in SITE["tags"].items():
        assert h1(read(sample, lang, f"tags/{tag}")).rstrip("¶").strip() == names[lang]
    event = read(sample, lang, "events/qalaat-al-mudiq-captured")
    assert f'href="../../tags/demilitarised-zone/"><bdi>{html.escape(SITE["tags"]["demilitarised-zone"][lang])}</bdi></a>' in event


class Visible(HTMLParser):
    """A page's text a reader sees (no scripts, styles, hidden elements) and the attributes
    read aloud or shown as tooltips; with the language of each piece."""

    VOID = {"meta", "link", "img", "br", "hr", "input", "source", "wbr", "area", "base", "col", "embed", "track"}

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, str, bool]] = [("html", lang, False)]
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        _, lang, hidden = self.stack[-1]
        hidden = hidden or tag in ("script", "style", "svg", "code", "pre") or "hidden" in a
        lang = a.get("lang", lang)
        for name in ("title", "aria-label", "placeholder"):
            if a.get(name) and not hidden:
                self.texts.append((lang, a[name]))
        if tag not in self.VOID:
            self.stack.append((tag, lang, hidden))

    def handle_endtag(self, tag):
        while len(self.stack) > 1:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        _, lang, hidden = self.stack[-1]
        if not hidden and data.strip():
            self.texts.append((lang, data.strip()))


# Words of the theme that stayed English, and Material's Arabic errors (issue 15).
THEME_ENGLISH = ["Made with", "Permanent link", "Skip to content", "Search", "Select language", "Back to top",
                 "Table of contents", "Navigation", "Header", "Footer"]
MATERIAL_ERRORS = ["إبحث", "إختر", "نوافذ", "عنوان العارضة"]


@pytest.mark.parametrize("lang", translated_languages())
def test_every_word_of_the_theme_is_in_the_language(sample, lang):
    for page in ("", "events/qalaat-al-mudiq-captured", "places/hama", "guide"):
        seen = Visible(lang)
        seen.feed(read(sample, lang, page))
        own = [text for text_lang, text in seen.texts if text_lang == lang]
        assert not [t for t in own if t in THEME_ENGLISH or any(t.startswith(w + " ") for w in THEME_ENGLISH)], page
        assert not [t for t in own if any(error in t for error in MATERIAL_ERRORS)], page
    page = read(sample, lang, "events/qalaat-al-mudiq-captured")
    assert 'title="Permanent link"' not in page and "Made with" not in page


@pytest.mark.parametrize("lang", translated_languages())
def test_the_guide_kept_in_the_default_language_says_so(sample, lang):
    guide = read(sample, lang, "guide")
    note = re.search(r'<p class="sg-untranslated">([^<]+)</p>', guide)
    assert note and note.group(1) != "This text is not translated yet; it is shown in its original language."
    assert 'class="sg-untranslated"' not in read(sample, SITE["default_language"], "guide")


def names(page_html: str, ul_class: str) -> list[str]:
    block = re.search(f'<ul class="{ul_class}">(.*?)</ul>', page_html, re.S).group(1)
    return [html.unescape(n) for n in re.findall(r"<li><a [^>]*>([^<]+)</a>", block)]


@pytest.mark.parametrize("lang", site_languages())
def test_hubs_list_in_the_languages_alphabetical_order(sample, lang):
    key = sort_key(dict(SITE.get("locales", {})).get(lang, lang))
    actors = read(sample, lang, "actors")
    groups = re.findall(r'<h2[^>]*>([^<]*).*?</h2>\s*<ul class="sg-actors">(.*?)</ul>', actors, re.S)
    assert len(groups) > 2
    headings = [html.unescape(h) for h, _ in groups]
    assert headings == sorted(headings, key=key)
    for _, block in groups:
        listed = [html.unescape(n) for n in re.findall(r"<li><a [^>]*>(?:<bdi>)?([^<]+)(?:</bdi>)?</a>", block)]
        assert listed == sorted(listed, key=key)
    tree = read(sample, lang, "places")
    tree = tree[tree.index('<ul class="sg-tree">'):]
    siblings = _sibling_names(tree)
    assert max(map(len, siblings)) > 3
    for names in siblings:
        assert names == sorted(names, key=key)


def _sibling_names(tree: str) -> list[list[str]]:
    """The names in each list of the places tree, list by list (its nesting followed)."""
    lists, stack = [], []
    for match in re.finditer(r"<ul[^>]*>|</ul>|<li><a [^>]*>(?:<bdi>)?([^<]+)", tree):
        token = match.group(0)
        if token.startswith("<ul"):
            stack.append([])
        elif token == "</ul>":
            lists.append(stack.pop())
            if not stack:
                break
        else:
            stack[-1].append(html.unescape(match.group(1)))
    return lists


def test_collation_knows_turkish_and_arabic_letters():
    tr = sort_key("tr")
    assert sorted(["Ulusal", "Şam", "Özgür", "Zafer", "İdlib", "Irak", "Çanakkale", "Cem", "Ğ", "Gaziantep"],
                  key=tr) == ["Cem", "Çanakkale", "Gaziantep", "Ğ", "Irak", "İdlib", "Özgür", "Şam", "Ulusal", "Zafer"]
    ar = sort_key("ar")
    # alef with hamza above, below, or madda sorts with the bare alef, by the letters after it
    assert sorted(["بيروت", "إدلب", "أنقرة", "آمد", "اللاذقية", "حلب"], key=ar) == [
        "آمد", "إدلب", "اللاذقية", "أنقرة", "بيروت", "حلب"]


@pytest.mark.parametrize("lang", [lang for lang in site_languages() if lang == "ar"])
def test_arabic_pages_use_arabic_separators(sample, lang):
    """No Latin ';' or ', ' in Arabic text (text in another language, URLs and numbers aside)."""
    for path in html_files(sample.site / lang):
        if "data-pagefind-body" not in path.read_text(encoding="utf-8") or path.parent.name == "data":
            continue  # (the Data page quotes the CSV's own separator, '; ')
        seen = Visible(lang)
        seen.feed(path.read_text(encoding="utf-8"))
        arabic = [t for text_lang, t in seen.texts if text_lang == lang and re.search("[\u0600-\u06ff]", t)]
        bad = [t for t in arabic if re.search(r"[;]|[\u0600-\u06ff\)], ", t)]
        assert bad == [], (path, bad[:3])


@pytest.mark.parametrize("lang", site_languages())
def test_figures_read_as_one_phrase_number_and_noun_agreeing(sample, lang):
    expected = {"en": ["at least 122 killed", "22 killed", "329 injured", "77 injured"],
                "ar": ["122 قتيلاً على الأقل", "22 قتيلاً", "329 جريحاً", "77 جريحاً"],
                "tr": ["en az 122 ölü", "22 ölü", "329 yaralı", "77 yaralı"]}
    page = read(sample, lang, "events/northwest-syria-air-and-ground-attacks")
    cells = re.findall(r"<td><strong>([^<]+)</strong></td>", page)
    if lang in expected:
        assert cells == expected[lang]
    assert all(re.search(r"\d", c) and not c.strip().isdigit() for c in cells)  # a noun with every number


def test_arabic_dates_use_the_regional_months_and_ranges_their_width(sample):
    page = read(sample, "ar", "events/northwest-syria-air-and-ground-attacks")
    assert ">26 نيسان – 10 أيار 2019</time>" in page
    assert "مايو" not in re.sub(r'<div class="sg-text".*?</div>', "", page, flags=re.S)
    turkish = read(sample, "tr", "events/northwest-syria-air-and-ground-attacks").replace("\u2009", " ")
    assert ">26 Nisan – 10 Mayıs 2019</time>" in turkish


def test_an_excerpt_shows_its_translation_with_the_original_marked(sample):
    excerpt = (REPO / "content/excerpts/eaworldview-2019-05-10-qalaat-al-mudiq.md").read_text(encoding="utf-8")
    translations = yaml.safe_load(excerpt.split("---\n")[1])["translations"]
    for lang in site_languages():
        page = read(sample, lang, "events/qalaat-al-mudiq-captured")
        if lang in translations:
            first = translations[lang].split("\n")[0]
            quote = page[page.index(html.escape(first, quote=False)) - 300:]
            assert re.search(f'<blockquote class="sg-excerpt"(?: id="[^"]+")? lang="{lang}"', quote[:300])
            assert re.search(r'<p class="sg-translated">[^<]+</p>\s*<details class="sg-original" lang="en" dir="ltr">',
                             quote)
        else:
            assert 'class="sg-original"' not in page and 'class="sg-translated"' not in page
