"""The record kinds of the content format, as field specs."""

from __future__ import annotations

from . import vocab
from .fields import (
    Invalid, Spec, aliases, between, choice, coordinates, count, date, integer_id, language,
    list_of, mapping_of, pattern, record, ref, slug, string, text, url,
)
from .model import Citation, Claim, Figure, Participant, Relation

SITE = {
    "title": Spec(text, required=True),
    "default_language": Spec(string, required=True),
    "languages": Spec(list_of(string), required=True),
    "locales": Spec(mapping_of(language, string)),
    "in_progress": Spec(list_of(language)),
    "tags": Spec(mapping_of(slug, text)),
}

PLACE = {
    "id": Spec(slug, required=True),
    "kind": Spec(choice(vocab.PLACE_KINDS, "place kind"), required=True),
    "name": Spec(text, required=True),
    "aliases": Spec(aliases),
    "parent": Spec(ref("places")),
    "spans": Spec(list_of(ref("places"))),
    "coordinates": Spec(coordinates),
    "pcode": Spec(pattern(r"^[A-Z]{2}[0-9]*$", "an OCHA P-code such as SY05")),
    "geonames": Spec(integer_id),
    "description": Spec(text),
}

RELATION = {
    "type": Spec(choice(vocab.RELATION_TYPES, "relation type"), required=True),
    "actor": Spec(ref("actors"), required=True),
    "since": Spec(date),
}

ACTOR = {
    "id": Spec(slug, required=True),
    "kind": Spec(choice(vocab.ACTOR_KINDS, "actor kind"), required=True),
    "name": Spec(text, required=True),
    "aliases": Spec(aliases),
    "relations": Spec(list_of(record(RELATION, Relation))),
    "wikidata": Spec(pattern(r"^Q[1-9][0-9]*$", "a Wikidata id such as Q43")),
    "description": Spec(text),
}

SOURCE = {
    "id": Spec(slug, required=True),
    "kind": Spec(choice(vocab.SOURCE_KINDS, "source kind"), required=True),
    "name": Spec(text, required=True),
    "url": Spec(url),
    "actor": Spec(ref("actors")),
    "stance": Spec(text),
}


def _figure(source, kind, group, count=None, at_least=None, between=None, as_of=None) -> Figure:
    given = [v for v in (count, at_least, between) if v is not None]
    if len(given) != 1:
        raise Invalid("give exactly one of count, at_least or between")
    if count is not None:
        return Figure(source, kind, group, count, count, "exact", as_of)
    if at_least is not None:
        return Figure(source, kind, group, at_least, None, "at-least", as_of)
    return Figure(source, kind, group, between[0], between[1], "between", as_of)


FIGURE = {
    "source": Spec(ref("sources"), required=True),
    "kind": Spec(choice(vocab.FIGURE_KINDS, "figure kind"), required=True),
    "group": Spec(choice(vocab.FIGURE_GROUPS, "group"), required=True),
    "count": Spec(count),
    "at_least": Spec(count),
    "between": Spec(between),
    "as_of": Spec(date),
}

CLAIM = {
    "claimant": Spec(ref("actors"), required=True),
    "stance": Spec(choice(vocab.STANCES, "stance"), required=True),
    "text": Spec(text, required=True),
    "source": Spec(ref("sources"), required=True),
}

CITATION = {
    "source": Spec(ref("sources"), required=True),
    "url": Spec(url),
    "date": Spec(date),
}

PARTICIPANT = {
    "actor": Spec(ref("actors"), required=True),
    "role": Spec(choice(vocab.ROLES, "role"), required=True),
}

ALL_SUB_TYPES = tuple(sorted({s for subs in vocab.EVENT_TYPES.values() for s in subs}))

EVENT = {
    "id": Spec(slug, required=True),
    "title": Spec(text, required=True),
    "date": Spec(date, required=True),
    "type": Spec(choice(tuple(vocab.EVENT_TYPES), "event type"), required=True),
    "sub_type": Spec(choice(ALL_SUB_TYPES, "sub-event type"), required=True),
    "places": Spec(list_of(ref("places")), required=True),
    "actors": Spec(list_of(record(PARTICIPANT, Participant))),
    "summary": Spec(text),
    "figures": Spec(list_of(record(FIGURE, _figure))),
    "claims": Spec(list_of(record(CLAIM, Claim))),
    "sources": Spec(list_of(record(CITATION, Citation))),
    "related": Spec(list_of(ref("events"))),
    "tags": Spec(list_of(slug)),
}

EXCERPT = {
    "id": Spec(slug, required=True),
    "source": Spec(ref("sources"), required=True),
    "title": Spec(string),
    "url": Spec(url),
    "published": Spec(date, required=True),
    "language": Spec(language, required=True),
    "events": Spec(list_of(ref("events")), required=True),
    "translations": Spec(mapping_of(language, string)),
}

KINDS = {"places": PLACE, "actors": ACTOR, "sources": SOURCE, "events": EVENT, "excerpts": EXCERPT}
