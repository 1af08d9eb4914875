"""JSON Schemas (draft 2020-12) of the JSON exports, published beside them in `site/data/`,
and of a row of `figures.csv` as a CSV reader gives it (an object of strings, keyed by the
header: `csv.DictReader`, pandas with `dtype=str`). The enumerations come from
`sitegen.content.vocab`, so a schema says exactly what the content format allows."""

from __future__ import annotations

from ..content import vocab

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SLUG = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
TEXT = {"type": "object", "description": "a text by language code", "minProperties": 1,
        "additionalProperties": {"type": "string"}}
EDTF = {"type": "string", "description": "an EDTF date (level 0, with level-1 ~ ? % qualifiers) or range"}
ALIASES = {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}
COUNT = {"type": "integer", "minimum": 0}
LICENCE = {"description": "the site's data licence, by language", "oneOf": [TEXT, {"type": "null"}]}


def _enum(values) -> dict:
    return {"type": "string", "enum": list(values)}


def _document(title: str, key: str, item: dict) -> dict:
    return {
        "$schema": DIALECT,
        "title": title,
        "type": "object",
        "required": ["licence", key],
        "additionalProperties": False,
        "properties": {"licence": LICENCE, key: {"type": "array", "items": item}},
    }


FIGURE = {
    "type": "object",
    "required": ["source", "kind", "group"],
    "additionalProperties": False,
    "properties": {
        "source": SLUG, "kind": _enum(vocab.FIGURE_KINDS), "group": _enum(vocab.FIGURE_GROUPS),
        "count": COUNT, "at_least": COUNT, "at_most": COUNT,
        "between": {"type": "array", "items": COUNT, "minItems": 2, "maxItems": 2},
        "best": COUNT, "as_of": EDTF,
        "url": {"type": "string", "format": "uri", "description": "the document that gives the figure"},
        "date": EDTF, "excerpt": SLUG,
    },
    "oneOf": [{"required": ["count"]}, {"required": ["at_least"]}, {"required": ["at_most"]},
              {"required": ["between"]}],
}

EVENT = {
    "type": "object",
    "required": ["id", "title", "date", "type", "sub_type", "places"],
    "additionalProperties": False,
    "properties": {
        "id": SLUG, "title": TEXT, "date": EDTF,
        "date_start": {"type": "string", "format": "date"}, "date_end": {"type": "string", "format": "date"},
        "type": _enum(vocab.EVENT_TYPES), "sub_type": _enum(sorted({s for v in vocab.EVENT_TYPES.values() for s in v})),
        "places": {"type": "array", "items": SLUG},
        "location_precision": _enum(vocab.LOCATION_PRECISIONS),
        "actors": {"type": "array", "items": {"type": "object", "required": ["actor", "role"], "additionalProperties": False,
                                              "properties": {"actor": SLUG, "role": _enum(vocab.ROLES)}}},
        "summary": TEXT,
        "figures": {"type": "array", "items": FIGURE,
                    "description": "every figure of the event, as listed; figures.csv has a row for each "
                                   "(low/best/high, form, as_of, latest of its series)"},
        "claims": {"type": "array", "items": {
            "type": "object", "required": ["claimant", "stance", "text", "source"], "additionalProperties": False,
            "properties": {"claimant": SLUG, "stance": _enum(vocab.STANCES), "text": TEXT, "source": SLUG}}},
        "sources": {"type": "array", "items": {"type": "object", "required": ["source"], "additionalProperties": False,
                                               "properties": {"source": SLUG, "url": {"type": "string"}, "date": EDTF}}},
        "related": {"type": "array", "items": SLUG},
        "tags": {"type": "array", "items": SLUG},
        "external_ids": {"type": "object", "propertyNames": _enum(vocab.DATASETS),
                         "additionalProperties": {"type": "string"}},
    },
}

PLACE = {
    "type": "object",
    "required": ["id", "kind", "name"],
    "additionalProperties": False,
    "properties": {
        "id": SLUG, "kind": _enum(vocab.PLACE_KINDS), "name": TEXT, "aliases": ALIASES, "parent": SLUG,
        "spans": {"type": "array", "items": SLUG},
        "coordinates": {"type": "array", "description": "[latitude, longitude] in degrees (WGS 84)",
                        "prefixItems": [{"type": "number", "minimum": -90, "maximum": 90},
                                        {"type": "number", "minimum": -180, "maximum": 180}],
                        "minItems": 2, "maxItems": 2},
        "pcode": {"type": "string", "pattern": "^[A-Z]{2}[0-9]*$"}, "geonames": {"type": "integer", "minimum": 1},
        "wikidata": {"type": "string", "pattern": "^Q[1-9][0-9]*$"}, "description": TEXT,
    },
}

ACTOR = {
    "type": "object",
    "required": ["id", "kind", "name"],
    "additionalProperties": False,
    "properties": {
        "id": SLUG, "kind": _enum(vocab.ACTOR_KINDS), "name": TEXT, "aliases": ALIASES,
        "relations": {"type": "array", "items": {
            "type": "object", "required": ["type", "actor"], "additionalProperties": False,
            "properties": {"type": _enum(vocab.RELATION_TYPES), "actor": SLUG, "since": EDTF}}},
        "wikidata": {"type": "string", "pattern": "^Q[1-9][0-9]*$"}, "description": TEXT,
    },
}

SOURCE = {
    "type": "object",
    "required": ["id", "kind", "name"],
    "additionalProperties": False,
    "properties": {"id": SLUG, "kind": _enum(vocab.SOURCE_KINDS), "name": TEXT, "url": {"type": "string"},
                   "actor": SLUG, "stance": TEXT},
}

def _figure_row() -> dict:
    from .files import FIGURE_COLUMNS  # (files imports this module)

    number = {"type": "string", "pattern": "^([0-9]+)?$"}  # a count, or empty
    date = {"type": "string"}  # an EDTF date, or empty
    columns = {
        "event_id": SLUG, "source": SLUG, "source_name": {"type": "string"},
        "kind": _enum(vocab.FIGURE_KINDS), "group": _enum(vocab.FIGURE_GROUPS),
        "low": number, "best": number, "high": number,
        "form": _enum(("count", "at_least", "at_most", "between")), "as_of": date,
        "latest": _enum(("0", "1")), "url": {"type": "string"}, "document_date": date,
        "excerpt": {"anyOf": [SLUG, {"const": ""}]},
    }
    assert list(columns) == [c for c, _ in FIGURE_COLUMNS]
    return {
        "$schema": DIALECT,
        "title": "sitegen figures.csv: one row, as a CSV reader gives it",
        "description": "one casualty figure of one event by one source (UCDP low/best/high); "
                       "join to events.csv by event_id",
        "type": "object",
        "required": list(columns),
        "additionalProperties": False,
        "properties": {name: dict(schema, description=what)
                       for (name, schema), (_, what) in zip(columns.items(), FIGURE_COLUMNS)},
    }


SCHEMAS = {
    "events.schema.json": _document("sitegen events", "events", EVENT),
    "places.schema.json": _document("sitegen places", "places", PLACE),
    "actors.schema.json": _document("sitegen actors", "actors", ACTOR),
    "sources.schema.json": _document("sitegen sources", "sources", SOURCE),
}


def schemas() -> dict[str, dict]:
    """Every published schema by file name: the JSON files' and `figures.schema.json`."""
    return {**SCHEMAS, "figures.schema.json": _figure_row()}
