"""Publishing for real: site_url gives every language its absolute base (sitemaps,
canonical links, hreflang, Open Graph), robots.txt, the 404 pages; without site_url the
build warns once and writes nothing that needs it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from sitegen.build.run import build
from sitegen.build.hosting import NO_SITE_URL

from helpers import REPO, build_into, html_files, site_languages
from projects import SITE_URL, project_with, repo_mkdocs

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
LANGS = site_languages()
EVENT = "events/qalaat-al-mudiq-captured/"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("published")
    project = project_with(tmp, repo_mkdocs(site_url=SITE_URL))
    said = []
    build(project, say=said.append)
    return project, said


@pytest.fixture(scope="module")
def unpublished(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("unpublished")
    project = project_with(tmp, repo_mkdocs())
    said = []
    build(project, say=said.append)
    return project, said


def _pages(site, lang):
    """Page URLs (relative to the language root) of every built page but the 404 page."""
    found = []
    for page in html_files(site / lang):
        rel = page.relative_to(site / lang).as_posix()
        if rel.endswith("index.html") and not rel.startswith("404/"):
            found.append(rel[: -len("index.html")])
    return sorted(found)


def test_each_language_sitemap_lists_every_page_with_absolute_urls_and_hreflang(published):
    project, _ = published
    for lang in LANGS:
        tree = ET.parse(project.site / lang / "sitemap.xml")
        entries = tree.findall("s:url", NS)
        locs = [e.find("s:loc", NS).text for e in entries]
        assert sorted(locs) == sorted(f"{SITE_URL}{lang}/{url}" for url in _pages(project.site, lang))
        for entry in entries:
            url = entry.find("s:loc", NS).text[len(f"{SITE_URL}{lang}/"):]
            links = {l.get("hreflang"): l.get("href") for l in entry.findall("x:link", NS)}
            assert links == {**{code: f"{SITE_URL}{code}/{url}" for code in LANGS}, "x-default": f"{SITE_URL}en/{url}"}


def test_root_sitemap_index_and_robots(published):
    project, _ = published
    index = ET.parse(project.site / "sitemap.xml").getroot()
    assert index.tag == "{%s}sitemapindex" % NS["s"]
    assert [l.text for l in index.findall("s:sitemap/s:loc", NS)] == [f"{SITE_URL}{l}/sitemap.xml" for l in LANGS]
    assert (project.site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\nSitemap: {SITE_URL}sitemap.xml\n"


@pytest.mark.parametrize("lang", LANGS)
def test_one_canonical_per_page_in_its_own_language(published, lang):
    project, _ = published
    for url in _pages(project.site, lang):
        html = (project.site / lang / url / "index.html").read_text()
        assert re.findall(r'<link rel="canonical" href="([^"]*)">', html) == [f"{SITE_URL}{lang}/{url}"], url
        assert re.findall(r'<meta property="og:url" content="([^"]*)">', html) == [f"{SITE_URL}{lang}/{url}"], url
        # hreflang sets live in the sitemaps: a <link rel="alternate"> in a page makes Material
        # fetch <that page>/sitemap.xml, and Material's own home-only links are gone
        assert not re.search(r'<link rel="alternate" hreflang', html), url  # (the feed's link is no hreflang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_a_description_and_open_graph_tags(published, lang):
    project, _ = published
    for url in _pages(project.site, lang):
        html = (project.site / lang / url / "index.html").read_text()
        description = re.findall(r'<meta name="description" content="([^"]+)">', html)
        assert len(description) == 1, url
        assert re.findall(r'<meta property="og:description" content="([^"]+)">', html) == description, url
        for tag in ("og:title", "og:type", "og:site_name", "og:locale"):
            assert len(re.findall(f'<meta property="{tag}" content="[^"]+">', html)) == 1, (url, tag)
        assert '<meta name="twitter:card" content="summary">' in html
    event = (project.site / lang / EVENT / "index.html").read_text()
    summary = re.search(r'<meta name="description" content="([^"]+)">', event).group(1)
    assert summary != re.search(r'<meta name="description" content="([^"]+)">',
                                (project.site / lang / "chronology/index.html").read_text()).group(1)


@pytest.mark.parametrize("lang, locale", [("en", "en_US"), ("ar", "ar_EG"), ("tr", "tr_TR")])
def test_open_graph_locale(published, lang, locale):
    html = (published[0].site / lang / EVENT / "index.html").read_text()
    assert f'<meta property="og:locale" content="{locale}">' in html


def test_event_description_is_its_summary(published):
    project, _ = published
    html = (project.site / "en" / EVENT / "index.html").read_text()
    assert ('<meta name="description" content="Residents and pro-opposition activists, as well as pro-Assad '
            'outlets, reported the fall of Qalaat al-Mudiq in northwest Hama to Russia-regime forces on…">') in html


@pytest.mark.parametrize("lang", LANGS)
def test_home_title_is_not_doubled(published, lang):
    project, _ = published
    html = (project.site / lang / "index.html").read_text()
    titles = re.findall(r"<title>([^<]*)</title>", html.split("<svg", 1)[0])  # (a chart's SVG has titles)
    assert len(titles) == 1 and " - " not in titles[0]
    event = (project.site / lang / EVENT / "index.html").read_text()
    assert re.search(r"<title>[^<]+ - [^<]+</title>", event)


def test_without_site_url_the_build_warns_once_and_writes_nothing_that_needs_it(unpublished):
    project, said = unpublished
    assert said.count(NO_SITE_URL) == 1
    assert not (project.site / "sitemap.xml").exists()
    assert (project.site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    for lang in LANGS:
        # an empty sitemap still answers Material's request for it
        assert ET.parse(project.site / lang / "sitemap.xml").getroot().findall("s:url", NS) == []
        for page in html_files(project.site / lang):
            html = page.read_text()
            assert 'rel="canonical"' not in html and "og:url" not in html
            assert not re.search(r'<link rel="alternate" hreflang', html)  # (the feed's link is no hreflang)


def test_a_site_url_that_is_not_a_url_is_a_located_error(tmp_path):
    from sitegen.build.run import BuildError

    project = project_with(tmp_path, repo_mkdocs(site_url="example.github.io/repo"))
    with pytest.raises(BuildError) as err:
        build(project, say=lambda line: None)
    line = len(repo_mkdocs().splitlines()) + 1
    assert str(err.value) == (f"{project.root / 'mkdocs.yml'}:{line}:11: error: site_url must be an absolute http(s) URL "
                              "such as 'https://example.github.io/repo/', not 'example.github.io/repo'")
    assert not project.site.exists()


@pytest.mark.parametrize("value", [
    'https://example.org/r"e/',                    # would end href="..." in the canonical link and og:url
    "https://example.org/x<script>alert(1)</script>/",
    "https://example.org/a b/",                     # a space: two URLs to a reader of robots.txt
    "https://example.org/repo\nDisallow: /",        # a line break: a line of robots.txt of its own
    "https://example.org/rep'o/",
    "https://example.org/تقرير/",                   # an IRI: percent-encode it
    "https://example.org//evil.example/",           # the 404 pages' root: //evil.example/en/ is another host
    "https://example.org/a/../b/",
])
def test_a_site_url_that_is_not_a_plain_base_url_is_a_located_error(tmp_path, value):
    """site_url reaches pages through MkDocs' and Material's templates unescaped (canonical,
    og:url) and robots.txt line by line: one holding a character a URL does not (a quote,
    '<', a space, a line break, non-ASCII) is refused before anything is built; so is a path
    with an empty, `.` or `..` segment (the 404 pages send readers to its path, and
    `//evil.example/en/` is another host)."""
    import json

    from sitegen.build.run import BuildError

    project = project_with(tmp_path, repo_mkdocs(site_url=json.dumps(value)))
    with pytest.raises(BuildError) as err:
        build(project, say=lambda line: None)
    assert f"error: site_url must be an absolute http(s) URL such as 'https://example.github.io/repo/', not {value!r}" \
        in str(err.value)
    assert "\n" not in str(err.value)
    assert not project.site.exists()


def test_a_site_url_with_a_user_or_password_is_refused_without_printing_it(tmp_path):
    """`https://deploy:token@host/` (site_url: !ENV SITE_URL in CI) would publish the token
    in every page's canonical link and og:url; the error does not print it either."""
    from sitegen.build.run import BuildError

    project = project_with(tmp_path, repo_mkdocs(site_url="https://deploy:s3cret@example.org/"))
    with pytest.raises(BuildError) as err:
        build(project, say=lambda line: None)
    assert "error: site_url holds a user name or password" in str(err.value)
    assert "s3cret" not in str(err.value) and "deploy" not in str(err.value)
    assert not project.site.exists()


@pytest.mark.parametrize("lang", LANGS)
def test_language_404_page_is_translated_styled_and_out_of_search(published, lang):
    project, _ = published
    from sitegen.pages.i18n import load_translations
    from sitegen.pages.notfound import LINKS, MOVED, SEARCH, TITLE

    gettext = load_translations(REPO / "locale", lang).gettext
    html = (project.site / lang / "404/index.html").read_text()
    assert f"<h1 id=" in html and gettext(TITLE) in html and gettext(MOVED) in html
    assert f"data-sg-open-search>{gettext(SEARCH)}</button>" in html
    for label, _target in LINKS:
        assert f">{gettext(label)}</a></li>" in html
    assert 'href="../assets/stylesheets/main.' in html and 'src="../assets/search.js"' in html
    assert '<meta name="robots" content="noindex">' in html and "data-pagefind-body" not in html
    assert "404/" not in (project.site / lang / "sitemap.xml").read_text()


def test_404_redirect_pages_fetch_nothing_and_know_the_sub_path(published, unpublished):
    for project, root in ((published[0], '"/repo/"'), (unpublished[0], "null")):
        for page in [project.site / "404.html"] + [project.site / l / "404.html" for l in LANGS]:
            html = page.read_text()
            assert not re.search(r'<(?:link|script|img)[^>]+(?:href|src)="(?!data:)', html), page
            assert f"root = {root}" in html
        assert 'lang = null' in (project.site / "404.html").read_text()
        assert 'lang = "ar"' in (project.site / "ar/404.html").read_text()
