"""ACLED export rows (ACLED Codebook, 2019 and later) read into `rows.Row`.

ACLED's terms forbid redistributing its rows: nothing of ACLED's is committed here; tests
write their own rows in the export's columns.

- `event_date` comes as `09 May 2019` (older exports) or `2019-05-09`; `time_precision`
  1 is that day, 2 "about that week" (EDTF approximate: `2019-05-09~`), 3 "that month"
  (the month alone: `2019-05`). Never a false exact day.
- `event_type`/`sub_event_type` are ACLED's own taxonomy, which the content format uses as
  ids (`Explosions/Remote violence` -> `explosions-remote-violence`); an unknown one is an error.
- `inter1`/`inter2` come as numbers (1-8) or, in newer exports, as labels (`Rebel group`);
  both give the actor's kind. `actor1` acts, `assoc_actor_1` supports it, `actor2` and
  `assoc_actor_2` are targeted.
- `geo_precision` 1 -> exact (the town), 2 -> near (part of a region, near the named town),
  3 -> the wider region: the narrowest admin unit given (admin2, else admin1).
- `fatalities`: ACLED records the most conservative reported estimate ("ACLED codes 10 for
  'tens', 12 for 'dozens'") and 0 when no fatalities are reported: a positive number is
  `at_least` people killed according to ACLED; 0 writes no figure (it is "none reported",
  not a count of zero).
- `source` (outlets separated by `;`) is cited; `notes` is the English summary.
"""

from __future__ import annotations

import datetime
import re

from ..content.vocab import EVENT_TYPES
from .names import slugify
from .rows import Cited, Party, Row, Where, coordinates, count, whole
from .tables import RowError, quote
from .tables import Row as TableRow

COLUMNS = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
           "inter1", "actor2", "assoc_actor_2", "inter2", "country", "admin1", "admin2", "admin3", "location",
           "latitude", "longitude", "geo_precision", "source", "notes", "fatalities")
INTER = {1: "armed-forces", 2: "armed-group", 3: "armed-group", 4: "armed-group", 5: "other", 6: "other",
         7: "other", 8: "other"}
INTER_LABELS = {"state forces": 1, "rebel group": 2, "rebel groups": 2, "political militia": 3,
                "political militias": 3, "identity militia": 4, "identity militias": 4, "rioters": 5,
                "protesters": 6, "civilians": 7, "external/other forces": 8, "external/other force": 8}
SUB_TYPES = {s for subs in EVENT_TYPES.values() for s in subs}


def read_row(row: TableRow) -> Row:
    ident = row["event_id_cnty"].strip()
    found = re.fullmatch(r"([A-Za-z]{2,4})([0-9]+)", ident, re.ASCII)
    if not found:
        raise RowError("event_id_cnty", f"expected an ACLED event id such as SYR12345, got {quote(ident)}")
    ident = found[1].upper() + str(int(found[2]))  # `syr012345` is SYR12345: one record, one file
    event_type = slugify(row["event_type"])
    if event_type not in EVENT_TYPES:
        raise RowError("event_type", f"unknown event type {quote(row['event_type'])}; expected one of ACLED's:"
                       " Battles, Explosions/Remote violence, Violence against civilians, Protests, Riots,"
                       " Strategic developments")
    sub_type = slugify(row["sub_event_type"])
    if sub_type not in EVENT_TYPES[event_type]:
        raise RowError("sub_event_type", f"{quote(row['sub_event_type'])} is not a sub-event type of"
                       f" {quote(row['event_type'])}")
    geo = whole(row["geo_precision"], "geo_precision")
    if geo not in (1, 2, 3):
        raise RowError("geo_precision", f"unknown geo_precision {geo}; expected 1, 2 or 3")
    admins = [(row[c].strip(), row[c + "_pcode"].strip() or None) for c in ("admin1", "admin2", "admin3")
              if row[c].strip()]
    precision = {1: "exact", 2: "near"}.get(geo) or ("admin2" if len(admins) > 1 else "admin1")
    where = Where(row["country"].strip(), admins, row["location"].strip(), precision,
                  coordinates(row["latitude"], row["longitude"]))
    if not where.name and not admins and not where.country:
        raise RowError("location", "the row names no place (no location, admin unit or country)")
    parties = [Party(row["actor1"].strip(), "acting", _kind(row, "inter1"))]
    parties += [Party(n, "supporting", "other") for n in _split(row["assoc_actor_1"])]
    if row["actor2"].strip():
        parties.append(Party(row["actor2"].strip(), "targeted", _kind(row, "inter2")))
    parties += [Party(n, "targeted", "other") for n in _split(row["assoc_actor_2"])]
    fatalities = count(row["fatalities"], "fatalities")
    figures = [{"kind": "killed", "group": "people", "at_least": fatalities}] if fatalities else []
    title = f"{row['sub_event_type'].strip()}: {row['actor1'].strip()}" + (
        f", {row['location'].strip()}" if row["location"].strip() else "")
    return Row("acled", ident, _date(row), event_type, sub_type, where, [p for p in parties if p.name],
               row["notes"].strip(), [Cited(o) for o in _split(row["source"])], figures, [], title)


def _date(row: TableRow) -> str:
    text = row["event_date"].strip()
    day = None
    for form in ("%Y-%m-%d", "%d %B %Y", "%d %b %Y"):
        try:
            day = datetime.datetime.strptime(text, form).date()
            break
        except ValueError:
            continue
    if day is None:
        raise RowError("event_date", f"malformed date {quote(text)}; expected 2019-05-09 or 09 May 2019")
    precision = whole(row["time_precision"], "time_precision")
    if precision not in (1, 2, 3):
        raise RowError("time_precision", f"unknown time_precision {precision}; expected 1, 2 or 3")
    return {1: day.isoformat(), 2: day.isoformat() + "~", 3: day.isoformat()[:7]}[precision]


def _kind(row: TableRow, column: str) -> str:
    text = row[column].strip()
    if not text:
        return "other"
    code = int(text) if re.fullmatch(r"[0-9]+", text, re.ASCII) else INTER_LABELS.get(text.casefold())
    if code not in INTER:
        raise RowError(column, f"unknown {column} {quote(text)}; expected 1-8 or a label such as \"Rebel group\"")
    return INTER[code]


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]
