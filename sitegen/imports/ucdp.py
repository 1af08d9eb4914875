"""UCDP GED rows (GED 19.1 codebook, Högbladh 2019) read into `rows.Row`.

- Dates: `date_start`/`date_end` are the earliest and latest possible day; `date_prec`
  1 exact day, 2 within 2-6 days, 3 within a week, 4 within a month, 5 within the year.
  One day with precision 1 is that day; with 2-3 it is EDTF approximate (`2019-04-28~`);
  with 4 its month, with 5 its year. Different days are the range `start/end`.
- Place precision `where_prec` 1-7 -> exact, near (within 25 km), admin2, admin1, area
  (a linear feature or area), country, international (waters or airspace).
- `type_of_violence` 1 state-based and 2 non-state conflict are ACLED `battles`/`armed-clash`,
  3 one-sided violence is `violence-against-civilians`/`attack`. UCDP does not say how
  (shelling, air strike), so the finer ACLED types are not guessed; UCDP's own type is kept
  as a tag (`ucdp-state-based`, `ucdp-non-state`, `ucdp-one-sided`).
- Figures are UCDP's: total deaths `low`/`best`/`high` as one figure (`between` with `best`,
  or `count` when all three agree), and `deaths_civilians` (the civilians' share of `best`)
  as civilians killed, a best estimate between 0 and `high` (`_civilians`).
- `side_a` acts; `side_b` is targeted. The outlets of `source_article` are cited, and their
  headlines are the English summary.
"""

from __future__ import annotations

import csv
import re

from .rows import Cited, Party, Row, Where, coordinates, count, iso_day, whole
from .tables import RowError, quote
from .tables import Row as TableRow

COLUMNS = ("id", "type_of_violence", "side_a", "side_b", "source_article", "where_prec", "where_coordinates",
           "adm_1", "adm_2", "latitude", "longitude", "country", "date_prec", "date_start", "date_end",
           "deaths_civilians", "low", "best", "high")
TYPES = {1: ("battles", "armed-clash", "ucdp-state-based"), 2: ("battles", "armed-clash", "ucdp-non-state"),
         3: ("violence-against-civilians", "attack", "ucdp-one-sided")}
WHERE = {1: "exact", 2: "near", 3: "admin2", 4: "admin1", 5: "area", 6: "country", 7: "international"}


def read_row(row: TableRow) -> Row:
    ident = row["id"].strip()
    if not re.fullmatch(r"[0-9]+", ident):
        raise RowError("id", f"expected a UCDP event id (a whole number), got {quote(ident)}")
    ident = str(int(ident))  # `0292463` is event 292463: one record, one file, whatever its zeros
    kind = whole(row["type_of_violence"], "type_of_violence")
    if kind not in TYPES:
        raise RowError("type_of_violence", f"unknown UCDP type of violence {kind}; expected 1, 2 or 3")
    event_type, sub_type, tag = TYPES[kind]
    prec = whole(row["where_prec"], "where_prec")
    if prec not in WHERE:
        raise RowError("where_prec", f"unknown where_prec {prec}; expected 1 to 7")
    admins = [(name.strip(), None) for name in (row["adm_1"], row["adm_2"]) if name.strip()]
    where = Where(row["country"].strip(), admins, row["where_coordinates"].strip(), WHERE[prec],
                  coordinates(row["latitude"], row["longitude"]))
    if not where.name and not admins and not where.country:
        raise RowError("where_coordinates", "the row names no place (no where_coordinates, admin unit or country)")
    low, best, high = (count(row[c], c) for c in ("low", "best", "high"))
    warnings = []
    if not low <= best <= high:  # a few real GED rows have high < best: the range then spans all three
        given = (low, best, high)
        low, high = min(given), max(given)
        warnings.append(("high", f"low, best, high are {given[0]}, {given[1]}, {given[2]}, not in order;"
                                 f" imported as between {low} and {high}, best {best}"))
    figures = [{"kind": "killed", "group": "people", "count": best} if low == best == high else
               {"kind": "killed", "group": "people", "between": [low, high], "best": best}]
    if row["deaths_civilians"].strip():
        figures.append(_civilians(count(row["deaths_civilians"], "deaths_civilians"), high, warnings))
    side_b = row["side_b"].strip()
    parties = [Party(row["side_a"].strip(), "acting", _kind(row["side_a"]))]
    if side_b:
        parties.append(Party(side_b, "targeted", _kind(side_b)))
    articles = _articles(row["source_article"])
    summary = "\n\n".join(h for _, _, h in articles if h and not re.fullmatch(r"R?[0-9]+", h))
    cited = [Cited(outlet, day) for outlet, day, _ in articles]
    title = f"{row['side_a'].strip()} – {side_b}" + (f", {where.name}" if where.name else "")
    return Row("ucdp", ident, _date(row), event_type, sub_type, where, [p for p in parties if p.name], summary,
               cited, figures, [tag], title, warnings)



def _civilians(civilians: int, high: int, warnings: list) -> dict:
    """UCDP's `deaths_civilians` as a figure. It is not a count but the civilians' share of the
    `best` estimate (GED codebook 19.1: deaths_a + deaths_b + deaths_civilians + deaths_unknown
    = best), and UCDP gives it no low or high of its own. So it is a best estimate in the only
    range UCDP's figures imply: none below 0, none above the event's `high` (civilians are among
    all the dead); an exact 0 only when `high` is 0. Written as a count it would claim
    "exactly N civilians killed" beside "5 to 7 people killed", and totals would add best
    estimates as exact numbers."""
    if high == 0 and civilians == 0:
        return {"kind": "killed", "group": "civilians", "count": 0}
    if civilians > high:  # never in GED 19.1's rows; a row breaking the sum keeps its figure
        warnings.append(("deaths_civilians", f"deaths_civilians {civilians} is above high {high};"
                                             f" imported as between 0 and {civilians}, best {civilians}"))
    return {"kind": "killed", "group": "civilians", "between": [0, max(high, civilians)], "best": civilians}

def _date(row: TableRow) -> str:
    start, end = iso_day(row["date_start"], "date_start"), iso_day(row["date_end"] or row["date_start"], "date_end")
    if end < start:
        raise RowError("date_end", f"date_end {end} is before date_start {start}")
    prec = whole(row["date_prec"], "date_prec")
    if prec not in (1, 2, 3, 4, 5):
        raise RowError("date_prec", f"unknown date_prec {prec}; expected 1 to 5")
    if start != end:
        return f"{start.isoformat()}/{end.isoformat()}"
    if prec == 1:
        return start.isoformat()
    if prec in (2, 3):
        return start.isoformat() + "~"
    return start.isoformat()[:7] if prec == 4 else start.isoformat()[:4]


def _articles(text: str) -> list[tuple[str, str | None, str]]:
    """`"SOHR,2019-04-28,headline";"Airwars,2019-04-28,R3419"` -> (outlet, date, headline)."""
    found = []
    for items in csv.reader([text], delimiter=";", quotechar='"'):
        for item in items:
            outlet, _, rest = item.partition(",")
            day, _, headline = rest.partition(",")
            outlet = outlet.strip()
            if outlet:
                found.append((outlet, day.strip() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.strip()) else None,
                              " ".join(headline.split())))
    return found


def _kind(name: str) -> str:
    name = name.strip()
    if name.startswith("Government of "):
        return "government"
    if name == "Civilians":
        return "other"
    return "armed-group"
