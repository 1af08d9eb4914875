"""Languages: Babel catalogs, dates, numbers and plurals, always with an explicit locale.

No process locale is touched. Each language gets its own Jinja environment (see
`sitegen.pages.render.make_env`) with the translations made here installed.
"""

from __future__ import annotations

import datetime
import functools
import io
import re
from pathlib import Path

from babel import Locale
from babel.dates import (PATTERN_CHAR_ORDER, DateTimeFormat, format_date, format_interval, format_skeleton,
                         match_skeleton, parse_pattern)
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from jinja2.ext import Extension
from jinja2.lexer import Token
from markupsafe import Markup

from ..content.dates import DAY, MONTH, Date, Point
from .labels import FIGURE_PHRASES

SKELETONS = {DAY: "yMMMMd", MONTH: "yMMMM", "year": "y"}
DOMAIN = "messages"


@functools.cache
def direction(lang: str) -> str:
    return "rtl" if Locale.parse(lang).character_order == "right-to-left" else "ltr"


def language_name(lang: str) -> str:
    """A language's name in itself: English, العربية, Türkçe."""
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


def plural_samples(lang: str) -> dict[str, int]:
    """The smallest count in each CLDR plural category of the language:
    {'other': 0, 'one': 1} in English; zero, one, two, few (3), many (11), other (100) in Arabic."""
    rule = Locale.parse(lang).plural_form
    samples: dict[str, int] = {}
    for n in [*range(1000), 10**6]:  # 10**6: 'many' in French, Spanish, Italian
        samples.setdefault(rule(n), n)
    return samples


def load_translations(locale_dir: Path, lang: str) -> NullTranslations:
    """Compile the language's .po catalog in memory; the default language needs none."""
    po = locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


class ConstantTranslations(Extension):
    """`_("...")` with a constant text, translated once, when a template is compiled.

    Each environment serves one language, so the translation is known then. The call
    becomes `("translated"|safe)`, a constant Jinja folds at compile time, or with
    keyword arguments `(("translated"|safe) % {"name": value})`, which escapes the
    values. That is what newstyle `_()` returns in an autoescaping environment, as ours
    always are: trusted markup, always `%`-formatted (so `%%` is made `%` when there are
    no arguments). Any other call of `_()` runs as usual.
    """

    def __init__(self, environment) -> None:
        super().__init__(environment)
        environment.extend(constant_gettext=None)

    def filter_stream(self, stream):
        tokens = list(stream)
        i = 0
        while i < len(tokens):
            call = _constant_call(tokens, i)
            if call is None:
                yield tokens[i]
                i += 1
                continue
            end, text, arguments = call
            yield from self._translated(tokens[i].lineno, text, arguments)
            i = end

    def _translated(self, lineno: int, text: str, arguments: list[tuple[str, list[Token]]]):
        def token(kind: str, value: str = "") -> Token:
            return Token(lineno, kind, value)

        translated = self.environment.constant_gettext(text)
        if not arguments:
            translated = str(Markup(translated) % {})
        yield from (token("lparen"), token("lparen"), token("string", translated), token("pipe"), token("name", "safe"),
                    token("rparen"))
        if arguments:
            yield from (token("mod"), token("lbrace"))
            for name, value in arguments:
                yield from (token("string", name), token("colon"), *value, token("comma"))
            yield token("rbrace")
        yield token("rparen")


_NESTING = {"lparen": 1, "lbracket": 1, "lbrace": 1, "rparen": -1, "rbracket": -1, "rbrace": -1}


def _constant_call(tokens: list[Token], i: int):
    """At `_("text", name=value, ...)`: (index after it, text, [(name, value tokens)]), else None."""
    if not (tokens[i].test("name:_") and (i == 0 or tokens[i - 1].type != "dot")):
        return None
    if [t.type for t in tokens[i + 1 : i + 3]] != ["lparen", "string"]:
        return None
    text, arguments, j = tokens[i + 2].value, [], i + 3
    while j < len(tokens) and tokens[j].type == "comma":
        if [t.type for t in tokens[j + 1 : j + 3]] != ["name", "assign"]:
            return None
        name, start, depth = tokens[j + 1].value, j + 3, 0
        j = start
        while j < len(tokens) and (depth or tokens[j].type not in ("comma", "rparen")):
            depth += _NESTING.get(tokens[j].type, 0)
            j += 1
        arguments.append((name, tokens[start:j]))
    if j >= len(tokens) or tokens[j].type != "rparen":
        return None
    return j + 1, text, arguments


class Formatter:
    """Dates, numbers and "count + noun" phrases in one language."""

    def __init__(self, lang: str, translations: NullTranslations, region: str | None = None) -> None:
        """`region`: the CLDR locale for dates and numbers when not the language's own
        (site.yaml `locales`, such as ar_SY for Levantine month names)."""
        self.lang = lang
        self.locale = Locale.parse(region or lang)
        self.gettext = translations.gettext
        self.ngettext = translations.ngettext
        self.dates: dict[Date, str] = {}
        self.numbers: dict[tuple[type, int | float], str] = {}
        self.figures: dict[tuple, str] = {}

    def figure(self, kind: str, estimate: str, low: int | None, high: int | None = None,
               best: int | None = None) -> str:
        """A figure as one phrase in which number and noun agree: 'at least 122 killed',
        '122 قتيلاً على الأقل', 'en az 122 ölü'. `estimate` is one of `labels.ESTIMATES`:
        exact and at-least give `low`; at-most gives `high` (or `low` when only it is set);
        between gives `low` to `high`; best gives `best` with the range `low` to `high`.
        The catalog's plural form is chosen by the number the phrase agrees with (the
        count, the bound, the range's high end, the best estimate). Raises KeyError for a
        kind or estimate without a phrase in `labels.FIGURE_PHRASES`."""
        key = (kind, estimate, low, high, best)
        if key not in self.figures:
            singular, plural = FIGURE_PHRASES[(estimate, kind)]
            n = {"at-most": high if high is not None else low, "between": high, "best": best}.get(estimate, low)
            values = {name: self.number(value) for name, value in
                      (("n", n), ("low", low), ("high", high), ("best", best)) if value is not None}
            self.figures[key] = self.ngettext(singular, plural, n) % values
        return self.figures[key]

    def number(self, value: int | float) -> str:
        """'1,234' in English; made once per value (and type: 1 and 1.0 are equal keys)."""
        key = (type(value), value)
        if key not in self.numbers:
            self.numbers[key] = format_decimal(value, locale=self.locale)
        return self.numbers[key]

    def point(self, point: Point) -> str:
        if point.precision == DAY:
            text = format_date(_as_date(point), "long", locale=self.locale)
        else:
            text = format_skeleton(SKELETONS[point.precision], _as_date(point), locale=self.locale)
        if point.qualifier == "~":
            return self.gettext("about %(date)s") % {"date": text}
        if point.qualifier == "?":
            return self.gettext("%(date)s (uncertain)") % {"date": text}
        if point.qualifier == "%":
            return self.gettext("about %(date)s (uncertain)") % {"date": text}
        return text

    def date(self, date: Date) -> str:
        """'9 May 2019', 'May 2019', '26 April – 10 May 2019', 'since August 2016'."""
        if date not in self.dates:
            self.dates[date] = self._date(date)
        return self.dates[date]

    def _date(self, date: Date) -> str:
        start, end = date.start, date.end
        if not date.is_range or start == end:
            return self.point(start)
        if end is None:
            return self.gettext("since %(date)s") % {"date": self.point(start)}
        if start is None:
            return self.gettext("until %(date)s") % {"date": self.point(end)}
        return self.interval(start, end)

    def interval(self, start: Point, end: Point) -> str:
        if start.precision != end.precision or start.qualifier or end.qualifier:
            return f"{self.point(start)} – {self.point(end)}"
        return date_range(_as_date(start), _as_date(end), SKELETONS[start.precision], self.locale)

    def month(self, year: int, month: int) -> str:
        return format_skeleton("yMMMM", datetime.date(year, month, 1), locale=self.locale)


_QUOTED_OR_MONTH = re.compile(r"'[^']*'|M+|L+")


def date_range(start: datetime.date, end: datetime.date, skeleton: str, locale: Locale) -> str:
    """A date range in the locale's interval pattern, its months as wide as the skeleton asks:
    '26 April – 10 May 2019' beside the single date '9 May 2019'.

    Babel's `format_interval` takes the closest interval skeleton the locale has (`yMMMd` for
    `yMMMMd`) and keeps its abbreviated months (python-babel/babel#803); CLDR (UTS #35, "Missing
    Skeleton Fields" and field width adjustment) and ICU widen the pattern's fields to the
    requested width, as done here for the month."""
    formats = locale.interval_formats
    matched = skeleton if skeleton in formats else match_skeleton(skeleton, formats)
    width = skeleton.count("M")
    if not matched or start == end or width < 3:
        return format_interval(start, end, skeleton, locale=locale)
    first, last = DateTimeFormat(start, locale=locale), DateTimeFormat(end, locale=locale)
    for field in PATTERN_CHAR_ORDER:  # the largest field that differs chooses the pattern
        if field in formats[matched] and first.extract(field) != last.extract(field):
            return "".join(parse_pattern(_widen_months(pattern, width)).apply(day, locale)
                           for pattern, day in zip(formats[matched][field], (start, end)))
    return format_interval(start, end, skeleton, locale=locale)


def _widen_months(pattern: str, width: int) -> str:
    """Textual month fields (MMM, LLL) of a date pattern made `width` wide; quoted text kept."""
    return _QUOTED_OR_MONTH.sub(
        lambda m: m[0] if m[0][0] == "'" or len(m[0]) < 3 else m[0][0] * width, pattern)


def _as_date(point: Point) -> datetime.date:
    return datetime.date(*point.first())
