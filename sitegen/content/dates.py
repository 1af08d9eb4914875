"""Dates with precision, in the Library of Congress EDTF notation (level 0, and level 1's
qualifiers).

`2019-05-09` a day, `2019-05` a month, `2019` a year, `a/b` a range, `a/..` an open
end, `../b` an open start. A date (or either end of a range) may end with an EDTF level-1
qualifier: `~` approximate ("about 9 May 2019", as ACLED's time precision 2 or UCDP's
date_prec 2-3 say), `?` uncertain, `%` both (EDTF, ISO 8601-2:2019 section 4.2.1 / LoC EDTF
specification, "Qualification of a date (complete)").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from .quote import quote

DAY, MONTH, YEAR = "day", "month", "year"
_POINT = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([~?%]?)$")
QUALIFIERS = {"": None, "~": "approximate", "?": "uncertain", "%": "approximate-uncertain"}
# The years a date may have: four digits (EDTF level 0) and a year of the Gregorian calendar
# as Python's `datetime` and Babel format it (datetime.MINYEAR to MAXYEAR: there is no year 0).
MIN_YEAR, MAX_YEAR = 1, 9999


class DateError(ValueError):
    pass


@dataclass(frozen=True)
class Point:
    """A calendar date known to a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None
    qualifier: str = ""  # EDTF: "" exact, "~" approximate, "?" uncertain, "%" both

    @property
    def precision(self) -> str:
        return DAY if self.day else MONTH if self.month else YEAR

    def first(self) -> tuple[int, int, int]:
        """The earliest day this point may mean, for sorting and comparing."""
        return (self.year, self.month or 1, self.day or 1)

    def last(self) -> tuple[int, int, int]:
        """The latest day this point may mean."""
        month = self.month or 12
        return (self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        parts = [f"{self.year:04d}", self.month and f"{self.month:02d}", self.day and f"{self.day:02d}"]
        return "-".join(p for p in parts if p) + self.qualifier


@dataclass(frozen=True)
class Date:
    """A point in time or a range; either end of a range may be open (None)."""

    start: Point | None
    end: Point | None
    is_range: bool = False

    @property
    def sort_key(self) -> tuple[int, int, int]:
        point = self.start or self.end
        return point.first() if point else (0, 1, 1)

    @property
    def last_day(self) -> tuple[int, int, int]:
        point = self.end or self.start
        return point.last() if point else (9999, 12, 31)

    def __str__(self) -> str:
        if not self.is_range:
            return str(self.start)
        return f"{self.start or '..'}/{self.end or '..'}"


def parse_date(text: str) -> Date:
    """Parse an EDTF date or range; raise DateError with a reader's message."""
    text = str(text).strip()
    if "/" not in text:
        point = parse_point(text)
        return Date(point, point)
    start_text, _, end_text = text.partition("/")
    start = None if start_text in ("..", "") else parse_point(start_text)
    end = None if end_text in ("..", "") else parse_point(end_text)
    if start is None and end is None:
        raise DateError(f"{quote(text)} is open at both ends")
    if start and end and start.first() > end.first():
        raise DateError(f"{quote(text)} ends before it starts")
    return Date(start, end, is_range=True)


def parse_point(text: str) -> Point:
    match = _POINT.fullmatch(text)
    if not match:
        raise DateError(f"{quote(text)} is not a date (write YYYY, YYYY-MM or YYYY-MM-DD, optionally"
                        " followed by ~ approximate, ? uncertain or % both)")
    *numbers, qualifier = match.groups()
    year, month, day = (int(g) if g else None for g in numbers)
    if year < MIN_YEAR:
        raise DateError(f"{quote(text)} has the year 0; years run from {MIN_YEAR:04d} to {MAX_YEAR}")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{quote(text)} has no month {month}")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise DateError(f"{quote(text)} is not a day of the calendar")
    return Point(year, month, day, qualifier)
