"""Languages: complete catalogs, Arabic plurals, localized dates and numbers, fallbacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from babel.messages.pofile import read_po

from sitegen.dates import parse_date
from sitegen.i18n import Formatter, direction, load_translations, plural_samples
from sitegen.labels import search_strings
from sitegen.render import make_env

from helpers import REPO

LOCALE = REPO / "locale"


def catalog(lang: str):
    with (LOCALE / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("lang", ["ar", "tr"])
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
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "N_",
         "--no-location", "--sort-output", "--omit-header", "-o", str(out), "."],
        cwd=REPO, check=True, capture_output=True,
    )
    assert out.read_text() == (LOCALE / "messages.pot").read_text(), "re-run pybabel extract (README)"


# CLDR Arabic: 0 zero, 1 one, 2 two, 3-10 few, 11-99 many, 100-102 other.
ARABIC_EVENTS = {0: "لا أحداث", 1: "حدث واحد", 2: "حدثان", 3: "3 أحداث", 11: "11 حدثًا", 100: "100 حدث"}


@pytest.mark.parametrize("n, expected", sorted(ARABIC_EVENTS.items()))
def test_arabic_plural_forms(n, expected):
    env, _ = make_env("ar", REPO / "templates", LOCALE)
    template = env.from_string("{% trans count=n, n=n %}{{ n }} event{% pluralize %}{{ n }} events{% endtrans %}")
    assert template.render(n=n) == expected


@pytest.mark.parametrize("lang", ["en", "ar", "tr"])
@pytest.mark.parametrize(
    "source",
    [
        '{{ _("Date") }}{{ _(", ") }}',
        '{{ _("Actors")|yaml }}',
        '{{ _("at least %(n)s", n=value) }}',
        '{{ _("Page %(page)s of %(pages)s", page=value, pages=(value, "2")[1]) }}',
        '{% if _("Date") %}{{ _("%(low)s to %(high)s", low=value, high=value ~ "&") }}{% endif %}',
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


def test_ranges_and_numbers():
    en = Formatter("en", load_translations(LOCALE, "en"))
    assert en.date(parse_date("2019-04-26/2019-05-10")).replace("\u2009", " ") == "Apr 26 – May 10, 2019"
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
