"""What one dataset row says, checked, before it is matched against the content: the shape
that `sitegen.imports.ucdp` and `sitegen.imports.acled` read rows into."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..content.fields import MAX_COUNT
from .tables import RowError, quote


@dataclass
class Where:
    """A row's place: names from the widest to the narrowest admin unit, the place the
    coordinates refer to, and how precisely it is known (vocab.LOCATION_PRECISIONS)."""

    country: str
    admins: list[tuple[str, str | None]]  # (name, P-code or None): admin1, admin2, admin3; empty names left out
    name: str                              # where_coordinates / location
    precision: str
    coordinates: tuple[float, float] | None


@dataclass
class Party:
    name: str
    role: str           # acting | targeted | supporting
    kind: str           # vocab.ACTOR_KINDS


@dataclass
class Cited:
    outlet: str
    date: str | None = None


@dataclass
class Row:
    dataset: str        # "ucdp" | "acled"
    row_id: str
    date: str           # EDTF
    type: str
    sub_type: str
    where: Where
    parties: list[Party]
    summary: str
    cited: list[Cited]
    figures: list[dict] = field(default_factory=list)  # without `source`: the dataset owns them
    tags: list[str] = field(default_factory=list)
    title: str = ""
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (column, message)


def whole(text: str, column: str, low: int = 0) -> int:
    text = text.strip()
    try:
        value = int(float(text)) if text and float(text).is_integer() else int(text)
    except ValueError:
        raise RowError(column, f"expected a whole number, got {quote(text)}") from None
    if value < low:
        raise RowError(column, f"expected a whole number of {low} or more, got {value}")
    return value


def count(text: str, column: str) -> int:
    """A number of people: a whole number from 0 to the content's `MAX_COUNT` (a figure
    above it is refused by the check, so it is refused here, at its row and column)."""
    value = whole(text, column)
    if value > MAX_COUNT:
        raise RowError(column, f"{value:,} is more than a count may be ({MAX_COUNT:,})")
    return value


def iso_day(text: str, column: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise RowError(column, f"malformed date {quote(text)}; expected YYYY-MM-DD") from None


def coordinates(lat: str, lon: str, column: str = "latitude") -> tuple[float, float] | None:
    if not lat.strip() and not lon.strip():
        return None
    try:
        point = (float(lat), float(lon))
    except ValueError:
        raise RowError(column, f"invalid coordinates {quote(lat)}, {quote(lon)}: expected decimal degrees") from None
    if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180) or point != point:
        raise RowError(column, f"invalid coordinates {lat}, {lon}: latitude must be within -90..90, longitude -180..180")
    return point
