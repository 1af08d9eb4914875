"""The record kinds of the content format, as field specs."""

from __future__ import annotations

from . import vocab
from .fields import (
    Invalid, Reported, Spec, aliases, between, choice, coordinates, count, date, external_ids, integer_id,
    language, list_of, locate, mapping_of, pattern, record, ref, slug, string, text, url,
)
from .estimate import Estimate, EstimateError
from .recordkinds import NAMES
from .model import Citation, Claim, Correction, Figure, MapSettings, Participant, Relation


def reported_alone(parser):
    """A site field whose problems are reported without making the whole site unusable: a
    bad map setting is an error, and every record is still checked (with the default map)."""

    def parse(ctx, value, at, field):
        try:
            return parser(ctx, value, at, field)
        except Invalid as err:
            ctx.error(locate(at), field, str(err))
        except Reported:
            pass
        return None

    parse.item = parser  # what it wraps (the guide test reads a record's fields through it)
    return parse


MAP = {
    "tiles": Spec(pattern(r"^(?=.*\{z\})(?=.*\{x\})(?=.*\{y\})https://[^\s<>\"'\\]+$",
                          "a tile URL such as https://tile.openstreetmap.org/{z}/{x}/{y}.png"), required=True),
    "attribution": Spec(string, required=True),
}

SITE = {
    "title": Spec(text, required=True),
    "default_language": Spec(string, required=True),
    "languages": Spec(list_of(string), required=True),
    "licence": Spec(text),   # of the site's data, shown on the Data page and in the exports
    "citation": Spec(text),  # how to cite the site, shown on the Data page
    "map": Spec(reported_alone(record(MAP, MapSettings))),
    "locales": Spec(mapping_of(language, string)),
    "in_progress": Spec(list_of(language, unique=True)),
    "tags": Spec(mapping_of(slug, text)),
}

PLACE = {
    "id": Spec(slug, required=True),
    "kind": Spec(choice(vocab.PLACE_KINDS, "place kind"), required=True),
    "name": Spec(text, required=True),
    "aliases": Spec(aliases),
    "parent": Spec(ref("places")),
    "spans": Spec(list_of(ref("places"), unique=True)),
    "coordinates": Spec(coordinates),
    "pcode": Spec(pattern(r"^[A-Z]{2}[0-9]*$", "an OCHA P-code such as SY05")),
    "geonames": Spec(integer_id),
    "wikidata": Spec(pattern(r"^Q[1-9][0-9]*$", "a Wikidata id such as Q43")),
    "description": Spec(text),
    "original_language": Spec(language),  # texts quoted from a dataset: see validate._record
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
    "relations": Spec(list_of(record(RELATION, Relation), unique=True)),
    "wikidata": Spec(pattern(r"^Q[1-9][0-9]*$", "a Wikidata id such as Q43")),
    "description": Spec(text),
    "original_language": Spec(language),  # texts quoted from a dataset: see validate._record
}

SOURCE = {
    "id": Spec(slug, required=True),
    "kind": Spec(choice(vocab.SOURCE_KINDS, "source kind"), required=True),
    "name": Spec(text, required=True),
    "url": Spec(url),
    "actor": Spec(ref("actors")),
    "stance": Spec(text),
    "original_language": Spec(language),  # texts quoted from a dataset: see validate._record
}


def _figure(source, kind, group, count=None, at_least=None, at_most=None, between=None, best=None,
            as_of=None, url=None, date=None, excerpt=None) -> Figure:
    given = [v for v in (count, at_least, at_most, between) if v is not None]
    if len(given) != 1:
        raise Invalid("give exactly one of count, at_least, at_most or between")
    if best is not None and between is None:
        raise Invalid("best goes with between: [low, high]")
    try:
        if count is not None:
            estimate = Estimate.exact(count)
        elif at_least is not None:
            estimate = Estimate.at_least(at_least)
        elif at_most is not None:
            estimate = Estimate.at_most(at_most)
        else:
            estimate = Estimate.between(between[0], between[1], best)
    except EstimateError as err:
        raise Invalid(str(err)) from None
    _document(url, date, excerpt)
    return Figure(source, kind, group, estimate, as_of, url, date, excerpt)


def _document(url, date, excerpt) -> None:
    """A figure's or claim's document is a url (with its date) or an excerpt, not both."""
    if excerpt is not None and (url is not None or date is not None):
        raise Invalid("name the document by url and date, or by excerpt, not both")
    if date is not None and url is None:
        raise Invalid("date is the date of the document at url: give url too")


FIGURE = {
    "source": Spec(ref("sources"), required=True),
    "kind": Spec(choice(vocab.FIGURE_KINDS, "figure kind"), required=True),
    "group": Spec(choice(vocab.FIGURE_GROUPS, "group"), required=True),
    "count": Spec(count),
    "at_least": Spec(count),
    "at_most": Spec(count),
    "between": Spec(between),
    "best": Spec(count),
    "as_of": Spec(date),
    "url": Spec(url),
    "date": Spec(date),
    "excerpt": Spec(ref("excerpts")),
}


def _claim(claimant, stance, text, source, date=None, url=None, excerpt=None) -> Claim:
    if excerpt is not None and url is not None:
        raise Invalid("name the document by url, or by excerpt, not both")
    return Claim(claimant, stance, text, source, date, url, excerpt)


CLAIM = {
    "claimant": Spec(ref("actors"), required=True),
    "stance": Spec(choice(vocab.STANCES, "stance"), required=True),
    "text": Spec(text, required=True),
    "source": Spec(ref("sources"), required=True),
    "date": Spec(date),
    "url": Spec(url),
    "excerpt": Spec(ref("excerpts")),
}

CORRECTION = {
    "date": Spec(date, required=True),
    "text": Spec(text, required=True),
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
    "places": Spec(list_of(ref("places"), unique=True), required=True),
    "actors": Spec(list_of(record(PARTICIPANT, Participant), unique=True)),
    "summary": Spec(text),
    "figures": Spec(list_of(record(FIGURE, _figure))),
    "claims": Spec(list_of(record(CLAIM, _claim))),
    "sources": Spec(list_of(record(CITATION, Citation), unique=True)),
    "related": Spec(list_of(ref("events"), unique=True)),
    "tags": Spec(list_of(slug, unique=True)),
    "grade": Spec(choice(vocab.GRADES, "grade")),
    "updated": Spec(date),
    "corrections": Spec(list_of(record(CORRECTION, Correction))),
    "location_precision": Spec(choice(vocab.LOCATION_PRECISIONS, "location precision")),
    "external_ids": Spec(external_ids),
    "original_language": Spec(language),  # texts quoted from a dataset: see validate._record
}

EXCERPT = {
    "id": Spec(slug, required=True),
    "source": Spec(ref("sources"), required=True),
    "title": Spec(string),
    "url": Spec(url),
    "published": Spec(date, required=True),
    "language": Spec(language, required=True),
    "events": Spec(list_of(ref("events"), unique=True), required=True),
    "translations": Spec(mapping_of(language, string)),
}

# The fields of each record kind (`sitegen.content.recordkinds`), by its name.
KINDS = dict(zip(NAMES, (PLACE, ACTOR, SOURCE, EVENT, EXCERPT), strict=True))
