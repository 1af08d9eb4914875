"""EDTF level-1 qualifiers: approximate (~), uncertain (?) and both (%), parsed and shown."""

from __future__ import annotations

import pytest

from helpers import REPO
from sitegen.content.dates import DateError, parse_date
from sitegen.pages.i18n import Formatter, load_translations


@pytest.mark.parametrize("text", ["2019-05-09~", "2019-05?", "2019%", "2019-04-26~/2019-05-10", "../2019-05~"])
def test_qualified_dates_read_back_as_written(text):
    assert str(parse_date(text)) == text


def test_a_qualifier_keeps_the_precision_and_the_days():
    date = parse_date("2019-05-09~")
    assert (date.start.precision, date.start.qualifier, date.sort_key, date.last_day) == ("day", "~", (2019, 5, 9), (2019, 5, 9))


@pytest.mark.parametrize("text", ["2019-05-09~~", "~2019-05-09", "2019-05-09!"])
def test_malformed_qualifiers_are_refused(text):
    with pytest.raises(DateError):
        parse_date(text)


def test_qualifiers_are_shown_in_every_language():
    shown = {}
    for lang in ("en", "ar", "tr"):
        fmt = Formatter(lang, load_translations(REPO / "locale", lang))
        exact = fmt.date(parse_date("2019-05-09"))
        shown[lang] = [fmt.date(parse_date(t)) for t in ("2019-05-09~", "2019-05-09?", "2019-05-09%")]
        assert all(exact in text and text != exact for text in shown[lang])
    assert shown["en"] == ["about May 9, 2019", "May 9, 2019 (uncertain)", "about May 9, 2019 (uncertain)"]
