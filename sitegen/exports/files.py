"""The records as data files: `events.csv`, `figures.csv`, `events.json`, `places.json`,
`actors.json`, `sources.json` (each JSON file with its JSON Schema, `<name>.schema.json`;
`figures.schema.json`: a row of `figures.csv`) and `events.geojson`.

- `events.csv`: one row per event, UTF-8, RFC 4180 (`csv` module, `\\r\\n` line ends), a
  fixed set of columns (`COLUMNS`), in ACLED's column names where ACLED has the notion
  (`event_date`, `time_precision`, `event_type`, `sub_event_type`, `actor1`,
  `assoc_actor_1`, `actor2`, `assoc_actor_2`, `country`, `admin1`-`admin3`, `location`,
  `latitude`, `longitude`, `geo_precision`, `source`, `notes`) and sitegen's after them.
  No casualty columns: figures are never summed across sources, and a column per series
  (source x kind x group) made the table as wide as the corpus has series (10,937 columns,
  110 MB at 10,000 generated events; spreadsheets stop at 16,384).
- `figures.csv`: the figures in long form, one row per figure (`FIGURE_COLUMNS`), sorted by
  event id, source, kind, group and `as_of` (a series' order, `sitegen.content.series`): UCDP's
  `low`/`best`/`high`, the form the source gave it in (`count`, `at_least`, `at_most`,
  `between`, the content format's fields), its date, the document behind it, and whether it
  is the latest of its series (a revised toll: the latest is the one the site shows). Joined
  to `events.csv` by `event_id`, like UCDP GED's and ACLED's tables by their ids.
- the JSON files: `{"licence": ..., "<kind>": [records]}`, every field of the content format,
  texts as `{language: text}`, dates as EDTF strings (events also `date_start`/`date_end`,
  the first and last day the date may mean; an event's figures as a `figures` list).
- `events.geojson`: RFC 7946, a FeatureCollection with one Point Feature per event and
  place that has coordinates (`[longitude, latitude]`), properties as in the CSV (its fixed
  columns but `latitude`/`longitude`) plus `place`. Every feature has the same flat keys:
  GIS tools (QGIS/GDAL) read a feature collection as one attribute table and turn a nested
  list into a JSON string column; the figures are `figures.csv`'s (join by `event_id`).

Every file is made from the records alone, sorted by id, so the same content gives the
same bytes. In the CSV files a text that a spreadsheet would read as a formula (it starts
with `=`, `+`, `-`, `@`, a tab or a carriage return) starts with `'` (`cell`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from ..pages.labels import LABELS, N_
from ..content.estimate import AT_LEAST, AT_MOST, BETWEEN, EXACT
from ..content.series import series_of
from ..content.model import Content, Event, Figure, Text
from . import schemas

COLUMNS = (
    ("event_id", N_("the event's id on this site (its page: <language>/events/<id>/)")),
    ("event_date", N_("the date in EDTF: a day, a month, a year or a range; ~ approximate, ? uncertain")),
    ("year", N_("the year of the first day the date may mean")),
    ("time_precision", N_("ACLED's code: 1 a day, 2 about that day (within a week), 3 a month, 4 a longer span")),
    ("event_type", N_("ACLED event type")),
    ("sub_event_type", N_("ACLED sub-event type")),
    ("actor1", N_("the first acting actor's name")),
    ("assoc_actor_1", N_("the other acting and supporting actors' names, separated by '; '")),
    ("actor2", N_("the first targeted actor's name")),
    ("assoc_actor_2", N_("the other targeted actors' names, separated by '; '")),
    ("country", N_("the country the first place lies in")),
    ("admin1", N_("its governorate (first-order unit)")),
    ("admin2", N_("its district (second-order unit)")),
    ("admin3", N_("its subdistrict (third-order unit)")),
    ("location", N_("the first place's name")),
    ("latitude", N_("of the first place with coordinates (WGS 84)")),
    ("longitude", N_("of the first place with coordinates (WGS 84)")),
    ("geo_precision", N_("how precisely the place is known: exact, near, admin2, admin1, area, country, international")),
    ("source", N_("the names of the sources cited, separated by '; '")),
    ("notes", N_("the summary in the site's default language")),
    ("title", N_("the title in the site's default language")),
    ("date_start", N_("the first day the date may mean (YYYY-MM-DD)")),
    ("date_end", N_("the last day the date may mean (YYYY-MM-DD)")),
    ("places", N_("every place id, separated by '; '")),
    ("tags", N_("tags, separated by '; '")),
    ("external_ids", N_("the dataset rows the event was imported from, as dataset:id, separated by '; '")),
)
FIGURE_COLUMNS = (
    ("event_id", N_("the event's id (a row of events.csv)")),
    ("source", N_("the id of the source that gives the figure")),
    ("source_name", N_("the source's name in the site's default language")),
    ("kind", N_("what happened to the people counted: killed, injured, displaced, missing or detained")),
    ("group", N_("who was counted: civilians, children, women, combatants or people (anyone)")),
    ("low", N_("the least it may be (UCDP's low); empty for \"at most\"")),
    ("best", N_("the best estimate (UCDP's best): the count itself for an exact count; empty when the source gave none")),
    ("high", N_("the most it may be (UCDP's high); empty for \"at least\"")),
    ("form", N_("how the source gave it: count, at_least, at_most or between (a range)")),
    ("as_of", N_("the date the figure is as of (EDTF); a revised toll has one row per figure")),
    ("latest", N_("1 for the latest figure of its series (source, kind and group of the event), the one the site shows; 0 for an earlier one")),
    ("url", N_("the document that gives the figure")),
    ("document_date", N_("that document's date (EDTF)")),
    ("excerpt", N_("the id of the excerpt of the content that gives the figure")),
)
FORMS = {EXACT: "count", AT_LEAST: "at_least", AT_MOST: "at_most", BETWEEN: "between"}
NAMES = ("events.csv", "figures.csv", "events.json", "places.json", "actors.json", "sources.json", "events.geojson")


EVENT_FILES = ("events.csv", "figures.csv", "events.json", "events.geojson")
Parts = tuple  # an event's bytes in each of `EVENT_FILES`, in that order (b"": none in that file)


def make(content: Content) -> dict[str, bytes]:
    """Every data file and schema, by file name. Events imported from ACLED (an `acled`
    external id) are left out: ACLED's terms forbid redistributing its rows."""
    return made(content)[0]


def made(content: Content, known: Callable[[Event], Parts | None] = lambda event: None
         ) -> tuple[dict[str, bytes], dict[str, Parts]]:
    """`make`'s files, and each event's `Parts` by event id (events left out: none). An
    event's parts depend on the event and on the rest of the content (place, actor and source
    names, the site's settings), never on other events: `known(event)` may give the parts an
    earlier call made for the same event and the same rest (`sitegen.exports.publish` does, to
    make only the edited events' parts again); None means make them. The files are the parts
    joined in the order of the files, so the bytes are the same either way."""
    events = tuple(e for e in content.events if "acled" not in dict(e.external_ids))
    default = content.site.default_language
    places = {p.id: p for p in content.places}
    ancestors = {p.id: _ancestors(places, p.id) for p in content.places}
    actors = {a.id: _name(a.name, default) for a in content.actors}
    sources = {s.id: _name(s.name, default) for s in content.sources}
    parts = {}
    for event in events:
        given = known(event)
        parts[event.id] = given if given is not None else _parts(event, places, ancestors, default, actors, sources)
    licence = _text(content.site.licence) if content.site.licence else None
    ordered = [parts[e.id] for e in events]
    by_id = [parts[e.id] for e in sorted(events, key=lambda e: e.id)]
    files = {
        "events.csv": _csv([c for c, _ in COLUMNS], ()) + b"".join(p[0] for p in ordered),
        "figures.csv": _csv([c for c, _ in FIGURE_COLUMNS], ()) + b"".join(p[1] for p in by_id),
        "events.json": _document({"licence": licence, "events": [p[2] for p in ordered]}),
        "places.json": _json({"licence": licence, "places": [_place(p) for p in content.places]}),
        "actors.json": _json({"licence": licence, "actors": [_actor(a) for a in content.actors]}),
        "sources.json": _json({"licence": licence, "sources": [_source(s) for s in content.sources]}),
        "events.geojson": _document({"type": "FeatureCollection", "features": [p[3] for p in ordered if p[3]]}),
    }
    for name, schema in schemas.schemas().items():
        files[name] = (json.dumps(schema, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return files, parts


def _parts(event: Event, places, ancestors, default: str, actors, sources) -> Parts:
    """The event's line of `events.csv`, its lines of `figures.csv`, its record in
    `events.json` and its features in `events.geojson` (joined as the file joins them)."""
    row = _row(event, places, ancestors, default, actors, sources)
    return (
        _csv(None, [row]),
        _csv(None, figure_rows([event], sources)),
        _item(_event(event)),
        b",\n".join(_item(f) for f in _features(event, row, places)),
    )


def _series(figure: Figure) -> tuple[str, str, str]:
    return (figure.source, figure.kind, figure.group)


def _ancestors(places, place_id: str) -> list[str]:
    chain, seen = [], {place_id}
    parent = places[place_id].parent
    while parent and parent in places and parent not in seen:
        chain.append(parent)
        seen.add(parent)
        parent = places[parent].parent
    return chain


def _name(text: Text, default: str) -> str:
    return text.get(default, default)[0]


def _row(event: Event, places, ancestors, default: str, actors, sources) -> dict:
    """The event's CSV row: every column of `COLUMNS`, and no others."""
    acting = [actors.get(p.actor, p.actor) for p in event.actors if p.role in ("acting", "supporting")]
    targeted = [actors.get(p.actor, p.actor) for p in event.actors if p.role == "targeted"]
    first = places.get(event.places[0]) if event.places else None
    admin = {}
    if first is not None:
        for ident in [first.id, *ancestors[first.id]]:
            admin.setdefault(places[ident].kind, _name(places[ident].name, default))
    point = next((places[p].coordinates for p in event.places if p in places and places[p].coordinates), None)
    start, end = event.date.sort_key, event.date.last_day
    row = {
        "event_id": event.id,
        "event_date": str(event.date),
        "year": start[0],
        "time_precision": _time_precision(event),
        "event_type": LABELS[event.type],
        "sub_event_type": LABELS[event.sub_type],
        "actor1": acting[0] if acting else "",
        "assoc_actor_1": "; ".join(acting[1:]),
        "actor2": targeted[0] if targeted else "",
        "assoc_actor_2": "; ".join(targeted[1:]),
        "country": admin.get("country", N_("")),
        "admin1": admin.get("governorate", N_("")),
        "admin2": admin.get("district", N_("")),
        "admin3": admin.get("subdistrict", N_("")),
        "location": _name(first.name, default) if first else "",
        "latitude": point[0] if point else "",
        "longitude": point[1] if point else "",
        "geo_precision": event.location_precision or "",
        "source": "; ".join(dict.fromkeys(sources.get(c.source, c.source) for c in event.sources)),
        "notes": _name(event.summary, default) if event.summary else "",
        "title": _name(event.title, default),
        "date_start": "%04d-%02d-%02d" % start if event.date.start else "",
        "date_end": "%04d-%02d-%02d" % end if event.date.end else "",
        "places": "; ".join(event.places),
        "tags": "; ".join(event.tags),
        "external_ids": "; ".join(f"{d}:{i}" for d, i in event.external_ids),
    }
    return row


def _time_precision(event: Event) -> int:
    date = event.date
    point = date.start or date.end
    if date.is_range and date.start != date.end:
        return 4
    if point.precision == "day":
        return 2 if point.qualifier else 1
    return 3 if point.precision == "month" else 4


def figure_rows(events, sources: dict[str, str]) -> list[list]:
    """`figures.csv`'s rows (values in `FIGURE_COLUMNS`' order): one per figure of the events,
    sorted by event id, source, kind, group, then the series' order (by `as_of`, see
    `sitegen.content.series.when`; figures alike in date keep their listed order). `best` is an exact
    count's own number (as UCDP's best of an event known exactly); a bound the source did not
    state is empty."""
    rows = []
    for event in sorted(events, key=lambda e: e.id):
        for item in sorted(series_of(event.figures), key=lambda s: s.key):
            for figure in item.figures:
                estimate = figure.estimate
                rows.append([
                    event.id, figure.source, sources.get(figure.source, figure.source), figure.kind, figure.group,
                    *("" if v is None else v for v in (estimate.low, estimate.best_value, estimate.high)),
                    FORMS[estimate.form], str(figure.as_of) if figure.as_of else "",
                    1 if figure is item.latest else 0, figure.url or "",
                    str(figure.date) if figure.date else "", figure.excerpt or "",
                ])
    return rows


# The first characters that make a spreadsheet (Excel, LibreOffice Calc, Google Sheets) read a
# cell as a formula or a command: `=`, `+`, `-`, `@`, tab and carriage return (OWASP, "CSV
# Injection"), and their full-width forms, which Excel reads as the ASCII ones in East Asian
# locales.
FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def cell(value):
    """A CSV cell's value, made inert for a spreadsheet: a text that starts with one of
    `FORMULA_START` gets a leading `'` (the quote spreadsheets themselves use to mark a cell as
    text; OWASP's advice), so a title such as `=HYPERLINK(...)` from content is shown, never
    run, when a reader opens the file. Numbers (coordinates may be negative) are left as they
    are: only texts come from editors or datasets."""
    if isinstance(value, str) and value[:1] in FORMULA_START:
        return "'" + value
    return value


def _csv(header: list[str] | None, rows) -> bytes:
    """CSV lines: the header (None: none) and a line per row (a dict keyed by `COLUMNS`'
    names, or a list in its header's order), encoded as they are written (no copy as text);
    every text cell through `cell`."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(out, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in ([row[c] for c, _ in COLUMNS] if isinstance(row, dict) else row)])
    out.flush()
    return raw.getvalue()


def _item(value) -> bytes:
    """One record of a JSON list, as `_document` writes it: on a line of its own, through the
    C encoder."""
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _json(data) -> bytes:
    """One JSON value; a list of records is written one record per line (readable, and each
    record goes through the C encoder, which `indent` would turn off)."""
    if isinstance(data, dict):
        return _document({k: [_item(i) for i in v] if isinstance(v, list) else v for k, v in data.items()})
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


def _document(data: dict) -> bytes:
    """A JSON object, a key per line; a list value is given as its records already encoded
    (`_item`), written one per line."""
    parts = []
    for key, value in data.items():
        if isinstance(value, list):
            parts.append(json.dumps(key).encode() + (b": [\n" + b",\n".join(value) + b"\n]" if value else b": []"))
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}".encode("utf-8"))
    return b"{\n" + b",\n".join(parts) + b"\n}\n"


def _text(text: Text | None):
    return None if text is None else dict(text.values)


def _drop_empty(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, [], {}, ())}


def figure_dict(figure: Figure) -> dict:
    """A figure as the content format writes it."""
    out = {"source": figure.source, "kind": figure.kind, "group": figure.group}
    estimate = figure.estimate
    form = estimate.form
    if form == EXACT:
        out["count"] = estimate.low
    elif form == AT_LEAST:
        out["at_least"] = estimate.low
    elif form == AT_MOST:
        out["at_most"] = estimate.high
    else:
        out["between"] = [estimate.low, estimate.high]
        if estimate.best is not None:
            out["best"] = estimate.best
    if figure.as_of is not None:
        out["as_of"] = str(figure.as_of)
    for name in ("url", "excerpt"):
        if getattr(figure, name) is not None:
            out[name] = getattr(figure, name)
    if figure.date is not None:
        out["date"] = str(figure.date)
    return out


def _event(e: Event) -> dict:
    start, end = e.date.sort_key, e.date.last_day
    return _drop_empty({
        "id": e.id,
        "title": _text(e.title),
        "date": str(e.date),
        "date_start": "%04d-%02d-%02d" % start if e.date.start else None,
        "date_end": "%04d-%02d-%02d" % end if e.date.end else None,
        "type": e.type,
        "sub_type": e.sub_type,
        "places": list(e.places),
        "location_precision": e.location_precision,
        "actors": [{"actor": p.actor, "role": p.role} for p in e.actors],
        "summary": _text(e.summary),
        "figures": [figure_dict(f) for f in e.figures],
        "claims": [{"claimant": c.claimant, "stance": c.stance, "text": _text(c.text), "source": c.source}
                   for c in e.claims],
        "sources": [_drop_empty({"source": c.source, "url": c.url, "date": str(c.date) if c.date else None})
                    for c in e.sources],
        "related": list(e.related),
        "tags": list(e.tags),
        "external_ids": dict(e.external_ids),
    })


def _place(p) -> dict:
    return _drop_empty({
        "id": p.id, "kind": p.kind, "name": _text(p.name), "aliases": {lang: list(v) for lang, v in p.aliases},
        "parent": p.parent, "spans": list(p.spans), "coordinates": list(p.coordinates) if p.coordinates else None,
        "pcode": p.pcode, "geonames": p.geonames, "wikidata": p.wikidata, "description": _text(p.description),
    })


def _actor(a) -> dict:
    return _drop_empty({
        "id": a.id, "kind": a.kind, "name": _text(a.name), "aliases": {lang: list(v) for lang, v in a.aliases},
        "relations": [_drop_empty({"type": r.type, "actor": r.actor, "since": str(r.since) if r.since else None})
                      for r in a.relations],
        "wikidata": a.wikidata, "description": _text(a.description),
    })


def _source(s) -> dict:
    return _drop_empty({"id": s.id, "kind": s.kind, "name": _text(s.name), "url": s.url, "actor": s.actor,
                        "stance": _text(s.stance)})


def _features(event: Event, row: dict, places) -> list[dict]:
    """The event's GeoJSON Features: one Point per place of it that has coordinates."""
    features = []
    for place_id in event.places:
        place = places.get(place_id)
        if place is None or place.coordinates is None:
            continue
        lat, lon = place.coordinates
        properties = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
        properties["place"] = place_id
        features.append({"type": "Feature", "id": f"{event.id}/{place_id}",
                         "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties})
    return features
