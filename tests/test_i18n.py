"""Languages: complete catalogs, Arabic plurals, localized dates and numbers, fallbacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from babel.messages.pofile import read_po

from sitegen.content import vocab
from sitegen.content.dates import parse_date
from sitegen.pages.i18n import Formatter, direction, load_translations, plural_samples
from sitegen.pages.labels import ESTIMATES, search_strings
from sitegen.pages.render import make_env

from helpers import REPO, site_languages, translated_languages

LOCALE = REPO / "locale"


def catalog(lang: str):
    with (LOCALE / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("lang", translated_languages())
def test_catalog_translates_every_interface_string(lang):
    with (LOCALE / "messages.pot").open("rb") as handle:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    found = catalog(lang)
    done = set()
    for message in found:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and all(strings) and not message.fuzzy:
            done.add(message.id if isinstance(message.id, str) else message.id[0])
    assert sorted(template - done) == []


def test_template_lists_every_string_in_the_code(tmp_path):
    out = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "N_", "-k", "NP_:1,2",
         "--no-location", "--sort-output", "--omit-header", "-o", str(out), "."],
        cwd=REPO, check=True, capture_output=True,
    )
    assert out.read_text() == (LOCALE / "messages.pot").read_text(), "re-run pybabel extract (README)"


# CLDR Arabic: 0 zero, 1 one, 2 two, 3-10 few, 11-99 many, 100-102 other (101 too: n % 100 == 1).
N = (0, 1, 2, 3, 10, 11, 99, 100, 101)
ARABIC_COUNTS = {
    "event": ["لا أحداث", "حدث واحد", "حدثان", "3 أحداث", "10 أحداث", "11 حدثًا", "99 حدثًا", "100 حدث", "101 حدث"],
    "place": ["لا أماكن", "مكان واحد", "مكانان", "3 أماكن", "10 أماكن", "11 مكانًا", "99 مكانًا", "100 مكان",
              "101 مكان"],
    "actor": ["لا جهات فاعلة", "جهة فاعلة واحدة", "جهتان فاعلتان", "3 جهات فاعلة", "10 جهات فاعلة",
              "11 جهةً فاعلة", "99 جهةً فاعلة", "100 جهة فاعلة", "101 جهة فاعلة"],
    "source": ["لا مصادر", "مصدر واحد", "مصدران", "3 مصادر", "10 مصادر", "11 مصدرًا", "99 مصدرًا", "100 مصدر",
               "101 مصدر"],
}
TURKISH_COUNTS = {"event": "olay", "place": "yer", "actor": "aktör", "source": "kaynak"}


@pytest.mark.parametrize("noun", sorted(ARABIC_COUNTS))
def test_counts_agree_with_their_number(noun):
    """Every "count + noun" of the templates goes through the catalogs' plural forms."""
    source = f"{{% trans count=n, n=n %}}{{{{ n }}}} {noun}{{% pluralize %}}{{{{ n }}}} {noun}s{{% endtrans %}}"
    ar = make_env("ar", REPO / "templates", LOCALE)[0].from_string(source)
    assert [ar.render(n=n) for n in N] == ARABIC_COUNTS[noun]
    tr = make_env("tr", REPO / "templates", LOCALE)[0].from_string(source)
    assert [tr.render(n=n) for n in (0, 1, 2)] == [f"{n} {TURKISH_COUNTS[noun]}" for n in (0, 1, 2)]


ARABIC_KILLED = {  # the noun after each number: singular, dual, plural (3-10), accusative (11-99)
    "exact": ["لا قتلى", "قتيل واحد", "قتيلان", "3 قتلى", "10 قتلى", "11 قتيلاً", "99 قتيلاً", "100 قتيل", "101 قتيل"],
    "at-least": ["0 قتيل على الأقل", "قتيل واحد على الأقل", "قتيلان على الأقل", "3 قتلى على الأقل",
                 "10 قتلى على الأقل", "11 قتيلاً على الأقل", "99 قتيلاً على الأقل", "100 قتيل على الأقل",
                 "101 قتيل على الأقل"],
    "at-most": ["0 قتيل على الأكثر", "قتيل واحد على الأكثر", "قتيلان على الأكثر", "3 قتلى على الأكثر",
                "10 قتلى على الأكثر", "11 قتيلاً على الأكثر", "99 قتيلاً على الأكثر", "100 قتيل على الأكثر",
                "101 قتيل على الأكثر"],
}


@pytest.mark.parametrize("estimate", sorted(ARABIC_KILLED))
def test_arabic_figures_agree_with_their_number(estimate):
    fmt = Formatter("ar", load_translations(LOCALE, "ar"))
    assert [fmt.figure("killed", estimate, n) for n in N] == ARABIC_KILLED[estimate]
    assert fmt.figure("injured", estimate, 329).startswith("329 جريحاً")
    assert fmt.figure("killed", estimate, 122).startswith("122 قتيلاً")


def test_ranges_and_best_estimates_agree_with_the_number_they_end_on():
    ar = Formatter("ar", load_translations(LOCALE, "ar"))
    assert ar.figure("killed", "between", 5, 10) == "بين 5 و10 قتلى"
    assert ar.figure("killed", "between", 10, 12) == "بين 10 و12 قتيلاً"
    assert ar.figure("injured", "between", 90, 101) == "بين 90 و101 جريح"
    assert ar.figure("killed", "best", 10, 20, 15) == "15 قتيلاً (التقدير الأرجح؛ بين 10 و20)"
    assert ar.figure("killed", "best", 1, 3, 2) == "قتيلان (التقدير الأرجح؛ بين 1 و3)"
    assert ar.figure("displaced", "at-most", None, 1500) == "1,500 نازح على الأكثر"
    tr = Formatter("tr", load_translations(LOCALE, "tr"))
    assert [tr.figure("killed", "at-least", n) for n in (0, 1, 2)] == ["en az 0 ölü", "en az 1 ölü", "en az 2 ölü"]
    assert [tr.figure("injured", "exact", n) for n in (0, 1, 2)] == ["0 yaralı", "1 yaralı", "2 yaralı"]
    assert tr.figure("killed", "between", 10, 12) == "10 ile 12 arası ölü"
    assert tr.figure("killed", "best", 10, 20, 15) == "15 ölü (en iyi tahmin; 10 ile 20 arası)"
    en = Formatter("en", load_translations(LOCALE, "en"))
    assert en.figure("killed", "at-least", 1220) == "at least 1,220 killed"
    assert en.figure("missing", "best", 10, 20, 15) == "15 missing (best estimate; 10 to 20)"


@pytest.mark.parametrize("lang", site_languages())
def test_every_estimate_and_figure_kind_has_a_phrase(lang):
    fmt = Formatter(lang, load_translations(LOCALE, lang))
    for kind in vocab.FIGURE_KINDS:
        for estimate in ESTIMATES:
            for n in N:
                phrase = fmt.figure(kind, estimate, n, n + 5, n + 2)
                assert "%(" not in phrase and phrase.strip()


@pytest.mark.parametrize("lang", site_languages())
@pytest.mark.parametrize(
    "source",
    [
        '{{ _("Date") }}{{ _(", ") }}',
        '{{ _("Actors")|yaml }}',
        '{{ _("Made with %(generator)s", generator=value) }}',
        '{{ _("Page %(page)s of %(pages)s", page=value, pages=(value, "2")[1]) }}',
        '{% if _("Date") %}{{ _("%(figure)s (%(group)s), according to %(source)s", figure=value, group=value ~ "&", '
        'source="x") }}{% endif %}',
    ],
)
def test_constant_texts_translated_when_compiled_render_as_gettext_would(lang, source):
    env, _ = make_env(lang, REPO / "templates", LOCALE)
    plain = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    plain.install_gettext_translations(load_translations(LOCALE, lang), newstyle=True)
    plain.filters["yaml"] = env.filters["yaml"]
    assert env.from_string(source).render(value="<b>") == plain.from_string(source).render(value="<b>")
    assert "context.call" not in env.compile(source, raw=True)  # no gettext left to run per page


def test_arabic_catalog_header_has_the_standard_formula():
    assert catalog("ar").plural_forms == (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
    )


@pytest.mark.parametrize("n", [0, 1, 2, 3, 11, 100])
def test_turkish_has_one_plural_form(n):
    env, _ = make_env("tr", REPO / "templates", LOCALE)
    template = env.from_string("{% trans count=n, n=n %}{{ n }} event{% pluralize %}{{ n }} events{% endtrans %}")
    assert template.render(n=n) == f"{n} olay"


@pytest.mark.parametrize(
    "lang, samples",
    [
        ("en", {"one": 1, "other": 0}),
        ("tr", {"one": 1, "other": 0}),
        ("ar", {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}),
    ],
)
def test_search_words_have_a_count_per_plural_category(lang, samples):
    assert plural_samples(lang) == samples
    words = search_strings(load_translations(LOCALE, lang), plural_samples(lang))
    assert set(words["count"]) == set(samples)
    assert all("%(query)s" in text for text in [words["none"], *words["count"].values()])
    if lang == "ar":
        assert words["count"]["two"] == "نتيجتان للبحث عن «%(query)s»"
        assert words["count"]["many"] == "%(num)s نتيجةً للبحث عن «%(query)s»"
    if lang == "en":
        assert words["count"] == {"one": "%(num)s result for “%(query)s”", "other": "%(num)s results for “%(query)s”"}


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("en", "2019-05-09", "May 9, 2019"),
        ("en", "2019-05", "May 2019"),
        ("en", "2019", "2019"),
        ("en", "2016-08-24/..", "since August 24, 2016"),
        ("en", "../2019-05-10", "until May 10, 2019"),
        ("tr", "2019-05", "Mayıs 2019"),
        ("tr", "2019-05-09", "9 Mayıs 2019"),
        ("ar", "2019-05", "مايو 2019"),
        ("ar", "2019-05-09", "9 مايو 2019"),
        ("ar", "2016-08/..", "منذ أغسطس 2016"),
    ],
)
def test_dates_with_their_precision(lang, text, expected):
    fmt = Formatter(lang, load_translations(LOCALE, lang))
    assert fmt.date(parse_date(text)) == expected


@pytest.mark.parametrize(
    "lang, region, single, ranges",
    [
        ("en", None, "May 9, 2019", ["April 26 – May 10, 2019", "May 1 – 10, 2019",
                                     "December 30, 2018 – January 2, 2019", "April – May 2019"]),
        ("tr", None, "9 Mayıs 2019", ["26 Nisan – 10 Mayıs 2019", "1–10 Mayıs 2019",
                                      "30 Aralık 2018 – 2 Ocak 2019", "Nisan – Mayıs 2019"]),
        ("ar", None, "9 مايو 2019", ["26 أبريل – 10 مايو 2019", "1–10 مايو 2019",
                                     "30 ديسمبر 2018 – 2 يناير 2019", "أبريل – مايو 2019"]),
        ("ar", "ar_SY", "9 أيار 2019", ["26 نيسان – 10 أيار 2019", "1–10 أيار 2019",
                                        "30 كانون الأول 2018 – 2 كانون الثاني 2019", "نيسان – أيار 2019"]),
    ],
)
def test_ranges_have_the_month_width_of_single_dates(lang, region, single, ranges):
    """python-babel/babel#803: Babel's interval for yMMMMd abbreviates the months."""
    fmt = Formatter(lang, load_translations(LOCALE, lang), region)
    texts = ["2019-04-26/2019-05-10", "2019-05-01/2019-05-10", "2018-12-30/2019-01-02", "2019-04/2019-05"]
    assert fmt.date(parse_date("2019-05-09")) == single
    assert [fmt.date(parse_date(t)).replace("\u2009", " ") for t in texts] == ranges


def test_numbers():
    en = Formatter("en", load_translations(LOCALE, "en"))
    assert en.number(329000) == "329,000"
    assert Formatter("tr", load_translations(LOCALE, "tr")).number(329000) == "329.000"


def test_directions():
    assert [direction(l) for l in ("en", "ar", "tr")] == ["ltr", "rtl", "ltr"]


def test_missing_translation_falls_back_with_a_note(tmp_path):
    from helpers import build_into
    import shutil

    content = tmp_path / "content"
    shutil.copytree(REPO / "tests/cases/invalid/missing-translation/content", content, dirs_exist_ok=True)
    shutil.copytree(REPO / "tests/cases/base/content", content, dirs_exist_ok=True)
    shutil.copy(REPO / "tests/cases/invalid/missing-translation/content/actors/turkey.yaml", content / "actors")
    project = build_into(tmp_path, content)
    html = (project.work / "docs/ar/actors/turkey.md").read_text()
    assert '<span lang="en" dir="ltr">Turkey</span>' in html
    assert "sg-untranslated" in html
    assert "Türkiye" in (project.work / "docs/tr/actors/turkey.md").read_text()
