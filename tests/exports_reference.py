"""The data files as sitegen made them before the exports' rows were made sparse (commit
855fda0's `sitegen/exports/files.py`, verbatim where it made rows, `events.csv` and
`events.geojson`): every row held every figure column of the whole corpus. Kept as the
oracle of tests/test_exports_scale.py; quadratic in memory, so only for small corpora.
Since figures moved out of `events.csv` into the long `figures.csv`, its wide figure
columns (`figure_columns`, defined here now) are what the test checks `figures.csv`'s
latest figures against, and its other columns what it checks the new `events.csv` against."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

from sitegen.exports import schemas
from sitegen.exports.files import (
    COLUMNS, N_, _actor, _ancestors, _event, _name, _place, _series, _source, _text, _time_precision,
)
from sitegen.pages.labels import LABELS
from sitegen.content.series import series_of

FIGURE_PARTS = ("low", "high", "best")


def figure_columns(series) -> list[str]:
    return [f"{s}__{k}__{g}__{part}" for s, k, g in series for part in FIGURE_PARTS]


def make(content) -> dict[str, bytes]:
    content = replace(content, events=tuple(e for e in content.events if "acled" not in dict(e.external_ids)))
    default = content.site.default_language
    places = {p.id: p for p in content.places}
    ancestors = {p.id: _ancestors(places, p.id) for p in content.places}
    series = sorted({_series(f) for e in content.events for f in e.figures})
    actors = {a.id: _name(a.name, default) for a in content.actors}
    sources = {s.id: _name(s.name, default) for s in content.sources}
    rows = [_row(e, places, ancestors, series, default, actors, sources) for e in content.events]
    licence = _text(content.site.licence) if content.site.licence else None
    files = {
        "events.csv": _csv(rows, [c for c, _ in COLUMNS] + figure_columns(series)),
        "events.json": _json({"licence": licence, "events": [_event(e) for e in content.events]}),
        "places.json": _json({"licence": licence, "places": [_place(p) for p in content.places]}),
        "actors.json": _json({"licence": licence, "actors": [_actor(a) for a in content.actors]}),
        "sources.json": _json({"licence": licence, "sources": [_source(s) for s in content.sources]}),
        "events.geojson": _json(_geojson(content.events, rows, places)),
    }
    for name, schema in schemas.SCHEMAS.items():
        files[name] = (json.dumps(schema, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return files


def _row(event, places, ancestors, series, default: str, actors, sources) -> dict:
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
    latest = {s.key: s.latest for s in series_of(event.figures)}
    for key in series:
        figure = latest.get(key)
        values = ("", "", "") if figure is None else tuple("" if v is None else v for v in (
            figure.estimate.low, figure.estimate.high, figure.estimate.best))
        for part, value in zip(FIGURE_PARTS, values):
            row[f"{key[0]}__{key[1]}__{key[2]}__{part}"] = value
    return row


def _csv(rows: list[dict], columns: list[str]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _json(data) -> bytes:
    if isinstance(data, dict):
        parts = []
        for key, value in data.items():
            if isinstance(value, list) and value:
                inner = ",\n".join(json.dumps(item, ensure_ascii=False) for item in value)
                parts.append(f"{json.dumps(key)}: [\n{inner}\n]")
            else:
                parts.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
        return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


def _geojson(events, rows, places) -> dict:
    features = []
    for event, row in zip(events, rows):
        for place_id in event.places:
            place = places.get(place_id)
            if place is None or place.coordinates is None:
                continue
            lat, lon = place.coordinates
            properties = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
            properties["place"] = place_id
            features.append({"type": "Feature", "id": f"{event.id}/{place_id}",
                             "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties})
    return {"type": "FeatureCollection", "features": features}
