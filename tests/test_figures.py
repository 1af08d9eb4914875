"""Figures and claims a reader can trust, on the built pages of a second, independent content
set (tests/fixtures/idlib-2020: the February–March 2020 Idlib escalation) in every language:
a revised toll counts once, a range keeps both bounds, a denial reads as one, every event is
reachable from the actors and places that contain it."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from babel.numbers import format_decimal

from sitegen.pages.i18n import load_translations
from sitegen.pages.labels import CLAIM_SENTENCES
from sitegen.pages.render import make_env

from helpers import REPO, build_into, html_files, site_languages

FIXTURE = Path(__file__).parent / "fixtures" / "idlib-2020" / "content"
LANGS = site_languages()
NAMES = {  # the fixture's names, per language
    "mod": {"en": "Turkish Ministry of National Defence", "ar": "وزارة الدفاع الوطني التركية", "tr": "Millî Savunma Bakanlığı"},
    "russia": {"en": "Russia", "ar": "روسيا", "tr": "Rusya"},
    "forces": {"en": "Syrian regime forces", "ar": "قوات النظام السوري", "tr": "Suriye rejim güçleri"},
}
DENIED = {
    "en": "Russian aircraft struck the Turkish soldiers near Balyun.",
    "ar": "طائرات روسية قصفت الجنود الأتراك قرب بليون.",
    "tr": "Rus uçakları Balyun yakınlarındaki Türk askerlerini vurdu.",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_into(tmp_path_factory.mktemp("idlib-2020"), FIXTURE, strict=True).site


def text(page: Path) -> str:
    """A page's text as a reader sees it: no tags, entities decoded, spaces collapsed."""
    raw = page.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def squeeze(value: str) -> str:
    return re.sub(r"\s+", " ", value)


def _(lang: str, message: str) -> str:
    return load_translations(REPO / "locale", lang).gettext(message)


def n(lang: str, value: int) -> str:
    return format_decimal(value, locale=lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_revised_toll_shows_its_latest_with_its_history(site, lang):
    page = text(site / lang / "events/balyun-airstrike/index.html")
    history = squeeze(_(lang, "%(figure)s on %(date)s") % {"figure": _(lang, "at least %(n)s") % {"n": 33}, "date": ""})
    assert history.strip() in page
    assert "34" in page and "→" in page


@pytest.mark.parametrize("lang", LANGS)
def test_a_revised_toll_is_never_added_to_itself(site, lang):
    """The 33 and the 34 are one series: no page says 67 (33 + 34)."""
    for page in html_files(site / lang):
        if "pagefind" not in page.parts:
            assert not re.search(r"(?<![\d.,٬])67(?![\d.,٬])", text(page)), page
    for place in ("balyun", "idlib", "syria"):
        rows = [r for r in (site / lang / f"places/{place}/index.html").read_text().split("<tr>") if "turkish-defence-ministry" in r]
        assert len(rows) == 1
        assert f"<strong>{phrase(lang, 'killed', 'exact', 34)}</strong>" in rows[0]
        row = text_of(rows[0])
        assert load_translations(REPO / "locale", lang).ngettext(
            "sum over %(n)s event", "sum over %(n)s events", 1) % {"n": n(lang, 1)} in row


def phrase(lang: str, kind: str, form: str, low, high=None, best=None) -> str:
    """A figure as the page words it: number and noun in one catalog phrase (`Formatter.figure`)."""
    return html.escape(make_env(lang, REPO / "templates", REPO / "locale")[1].figure(kind, form, low, high, best), quote=False)


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment)))


@pytest.mark.parametrize("lang", LANGS)
def test_a_range_keeps_both_bounds_on_its_place_pages(site, lang):
    shown = html.unescape(phrase(lang, "displaced", "between", 950_000, 960_000))
    for place in ("idlib", "syria"):
        assert shown in text(site / lang / f"places/{place}/index.html"), place
    assert shown in text(site / lang / "events/idlib-displacement/index.html")
    assert shown in text(site / lang / "sources/un-ocha/index.html")


@pytest.mark.parametrize("lang", LANGS)
def test_a_sum_of_a_range_and_an_exact_figure_is_a_range_with_its_best(site, lang):
    """White Helmets: 10–14 (best 12) in Saraqib and exactly 9 in Ariha make 19–23 (best 21)."""
    total = html.unescape(phrase(lang, "killed", "best", 19, 23, 21))
    page = text(site / lang / "places/idlib/index.html")
    assert total in page
    assert html.unescape(phrase(lang, "killed", "best", 10, 14, 12)) not in page  # a term, not a total


@pytest.mark.parametrize("lang", LANGS)
def test_a_denial_reads_as_the_denial_of_the_statement(site, lang):
    quoted = _(lang, "“%(text)s”") % {"text": DENIED[lang]}
    sentence = _(lang, CLAIM_SENTENCES["denies"]) % {"claimant": NAMES["russia"][lang], "text": quoted}
    assert sentence in text(site / lang / "events/balyun-airstrike/index.html")
    assert sentence in text(site / lang / "actors/russia/index.html")  # on the claimant's page too
    assert quoted != DENIED[lang] and quoted[0] != DENIED[lang][0]  # in the language's quotation marks


@pytest.mark.parametrize("lang", LANGS)
def test_an_actor_page_lists_its_claims_latest_first(site, lang):
    page = (site / lang / "actors/russia/index.html").read_text()
    claims = page[page.index('class="sg-claims"'):]
    assert re.findall(r"events/([^/]+)/", claims[: claims.index("</ul>")]) == ["moscow-ceasefire", "balyun-airstrike"]


@pytest.mark.parametrize("lang", LANGS)
def test_no_reported_by_when_the_source_is_the_claimant(site, lang):
    """The Russian ministry reports Russia's own denial: it is not named as another source."""
    page = (site / lang / "events/balyun-airstrike/index.html").read_text()
    claims = page[page.index('class="sg-claims"'):]
    claims = claims[: claims.index("</ul>")]
    assert "russian-defence-ministry" not in claims


@pytest.mark.parametrize("lang", LANGS)
def test_an_actor_lists_the_events_of_its_parts(site, lang):
    page = (site / lang / "actors/syrian-regime/index.html").read_text()
    for event in ("balyun-airstrike", "saraqib-fighting", "ariha-airstrikes", "idlib-escalation"):
        assert f"events/{event}/" in page, event
    marks = re.findall(r'<em class="sg-via">(.*?)</em>', page)
    assert len(marks) == 4 and all("actors/syrian-regime-forces/" in m for m in marks)
    assert NAMES["forces"][lang] in text_of(marks[0])
    turkey = (site / lang / "actors/turkey/index.html").read_text()
    assert "events/balyun-airstrike/" in turkey and "events/moscow-ceasefire/" in turkey
    # its totals: the events where it or its parts acted, each source's latest figures
    totals = page[page.index('class="sg-totals"'):page.index("</table>", page.index('class="sg-totals"'))]
    rows = {re.search(r"sources/([^/]+)/", r).group(1): r for r in totals.split("<tr>")[2:]}
    assert f"<strong>{phrase(lang, 'killed', 'exact', 34)}</strong>" in rows["turkish-defence-ministry"]
    assert phrase(lang, "killed", "best", 19, 23, 21) in rows["white-helmets"]
    assert 'class="sg-totals"' not in turkey  # Turkey's own forces acted only where no figure was given


@pytest.mark.parametrize("lang", LANGS)
def test_a_month_lists_every_event_overlapping_it(site, lang):
    march = (site / lang / "chronology/2020-03/index.html").read_text()
    items = re.findall(r"<li><time>.*?</li>", march)
    continuing = [i for i in items if "sg-continuing" in i]
    assert {re.search(r"events/([^/]+)/", i).group(1) for i in continuing} == {"idlib-escalation", "saraqib-fighting"}
    assert _(lang, "continuing from an earlier month") in continuing[0]
    february = (site / lang / "chronology/2020-02/index.html").read_text()
    assert "events/idlib-escalation/" in february and "events/idlib-displacement/" in february
    december = (site / lang / "chronology/2019-12/index.html").read_text()
    assert "events/idlib-displacement/" in december


@pytest.mark.parametrize("lang", LANGS)
def test_every_list_has_one_stated_order(site, lang):
    home = (site / lang / "index.html").read_text()
    order = re.findall(r"events/([^/]+)/\">", home[home.index('class="sg-events"'):])
    # latest end first; equal ends (5 March) by start date, latest first
    assert order == ["moscow-ceasefire", "idlib-escalation", "saraqib-fighting", "idlib-displacement",
                     "balyun-airstrike", "ariha-airstrikes"]
    assert _(lang, "Latest first: by end date, then start date, then title.") in text(site / lang / "index.html")
    idlib = (site / lang / "places/idlib/index.html").read_text()
    assert re.findall(r"events/([^/]+)/\">", idlib[idlib.index('class="sg-events"'):]) == order


@pytest.mark.parametrize("lang", LANGS)
def test_the_places_index_reaches_every_place(site, lang):
    index = (site / lang / "places/index.html").read_text()
    for place in FIXTURE.joinpath("places").glob("*.yaml"):
        assert f"places/{place.stem}/" in index


@pytest.mark.parametrize("lang", LANGS)
def test_a_source_page_counts_every_event_it_is_in_and_links_each_figures_document(site, lang):
    mod = (site / lang / "sources/turkish-defence-ministry/index.html").read_text()
    count = load_translations(REPO / "locale", lang).ngettext("%(n)s event", "%(n)s events", 2) % {"n": n(lang, 2)}
    assert f'<p class="sg-count">{count}</p>' in mod  # a figure and a citation (Balyun), a citation (Moscow)
    figures = mod[mod.index('class="sg-figures"'):]
    figures = figures[: figures.index("</table>")]
    assert figures.count("<tr>") == 3 and 'href="https://www.msb.gov.tr/"' in figures
    helmets = (site / lang / "sources/white-helmets/index.html").read_text()
    count = load_translations(REPO / "locale", lang).ngettext("%(n)s event", "%(n)s events", 2) % {"n": n(lang, 2)}
    assert f'<p class="sg-count">{count}</p>' in helmets
    event = (site / lang / "events/balyun-airstrike/index.html").read_text()
    row = [r for r in event.split("<tr>") if f"<strong>{phrase(lang, 'killed', 'exact', 34)}</strong>" in r][0]
    assert 'href="https://www.msb.gov.tr/"' in row  # beside the figure


@pytest.mark.parametrize("lang", LANGS)
def test_grade_corrections_and_cite_this(site, lang):
    page = (site / lang / "events/idlib-displacement/index.html").read_text()
    assert _(lang, "Fair") in page and 'href="../../about/#grades"' in page
    assert _(lang, "Corrections") in page and _(lang, "Updated") in page
    assert _(lang, "Cite this") in page
    for code in LANGS:
        assert f'<code dir="ltr">/{code}/events/idlib-displacement/</code>' in page
    csl = json.loads(html.unescape(re.search(r'<pre><code dir="ltr">(.*?)</code></pre>', page, re.S).group(1)))
    assert csl["URL"] == f"/{lang}/events/idlib-displacement/" and csl["issued"] == {"date-parts": [[2020, 3, 3]]}
    about = (site / lang / "about/index.html").read_text()
    assert 'id="grades"' in about and _(lang, "Discounted") in about
