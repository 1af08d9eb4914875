"""Link: turn valid records into an immutable model with the reverse indexes built once.

Nothing downstream re-scans records: every 'which events are here', 'who backs whom'
and 'what did this source report' question is answered by an index made here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from .model import Actor, Content, Event, Excerpt, Figure, Place, Source


@dataclass(frozen=True)
class SourceUse:
    """What one source has reported: cited events, figures and claims it owns, excerpts."""

    events: tuple[str, ...]
    figures: tuple[tuple[str, Figure], ...]
    claims: tuple[str, ...]
    excerpts: tuple[str, ...]


@dataclass(frozen=True)
class Model:
    content: Content
    places: Mapping[str, Place]
    actors: Mapping[str, Actor]
    sources: Mapping[str, Source]
    events: Mapping[str, Event]
    excerpts: Mapping[str, Excerpt]
    chronology: tuple[str, ...]                       # event ids, oldest first
    latest: tuple[str, ...]                           # event ids, latest end date first
    events_by_month: Mapping[str, tuple[str, ...]]    # "YYYY-MM" of the start -> events, oldest first
    children: Mapping[str, tuple[str, ...]]           # place -> places directly inside
    ancestors: Mapping[str, tuple[str, ...]]          # place -> outermost ... parent
    events_in_place: Mapping[str, tuple[str, ...]]    # place -> events here or inside, oldest first
    events_by_actor: Mapping[str, tuple[tuple[str, str], ...]]  # actor -> (role, event)
    relations_in: Mapping[str, tuple[tuple[str, str], ...]]     # actor -> (type, other actor)
    excerpts_by_event: Mapping[str, tuple[str, ...]]
    events_by_tag: Mapping[str, tuple[str, ...]]
    events_by_type: Mapping[str, tuple[str, ...]]     # ACLED type or sub-type slug -> events, oldest first
    monthly: Mapping[str, tuple[tuple[str, int], ...]]
    # "all", "place:<id>", "actor:<id>", "type:<slug>" -> ("YYYY-MM" of the start, events), oldest first
    source_uses: Mapping[str, SourceUse]
    figure_totals: Mapping[str, tuple[tuple[str, str, str, int, int, bool], ...]]
    # place -> per (source, kind, group) of the figures of events here or inside:
    # (source, kind, group, sum of lower bounds, events, whether any figure is a lower bound)


def link(content: Content) -> Model:
    """Build the model; content must be valid (every reference resolves, no cycles)."""
    places = _by_id(content.places)
    events = _by_id(content.events)
    chronology = tuple(e.id for e in sorted(content.events, key=lambda e: (e.date.sort_key, e.id)))
    ancestors = {p: _ancestors(places, p) for p in places}
    events_in_place = _events_in_place(chronology, events, ancestors)
    events_by_actor = _freeze(_events_by_actor(chronology, events))
    events_by_type = _freeze(_events_by_type(chronology, events))
    return Model(
        content=content,
        places=places,
        actors=_by_id(content.actors),
        sources=_by_id(content.sources),
        events=events,
        excerpts=_by_id(content.excerpts),
        chronology=chronology,
        latest=tuple(sorted(chronology, key=lambda e: (events[e].date.last_day, e), reverse=True)),
        events_by_month=_freeze(_events_by_month(chronology, events)),
        children=_freeze(_children(content.places)),
        ancestors=_freeze(ancestors),
        events_in_place=_freeze(events_in_place),
        events_by_actor=events_by_actor,
        relations_in=_freeze(_relations_in(content.actors)),
        excerpts_by_event=_freeze(_excerpts_by_event(content.excerpts)),
        events_by_tag=_freeze(_events_by_tag(chronology, events)),
        events_by_type=events_by_type,
        monthly=_monthly(chronology, events, events_in_place, events_by_actor, events_by_type),
        source_uses=MappingProxyType(_source_uses(content, chronology, events)),
        figure_totals=_figure_totals(events_in_place, events),
    )


def _by_id(items) -> Mapping:
    return MappingProxyType({item.id: item for item in items})


def _freeze(index: dict) -> Mapping:
    return MappingProxyType({key: tuple(values) for key, values in sorted(index.items())})


def _ancestors(places: Mapping[str, Place], place_id: str) -> tuple[str, ...]:
    chain = []
    parent = places[place_id].parent
    while parent:
        chain.append(parent)
        parent = places[parent].parent
    return tuple(reversed(chain))


def _children(places) -> dict:
    index = defaultdict(list)
    for place in places:
        if place.parent:
            index[place.parent].append(place.id)
    return index


def _events_in_place(chronology, events, ancestors) -> dict:
    index = defaultdict(list)
    for event_id in chronology:
        seen = set()
        for place in events[event_id].places:
            seen.update((place, *ancestors[place]))
        for place in sorted(seen):
            index[place].append(event_id)
    return index


def _figure_totals(events_in_place, events) -> Mapping:
    """Each place's: every source's own figures summed per kind and group, never mixed with
    another source's (each event's figures are read once, not once per place above it)."""
    rows = {e: [((f.source, f.kind, f.group), f.low, f.qualifier != "exact") for f in event.figures]
            for e, event in events.items() if event.figures}
    return MappingProxyType({place: _totals(ids, rows) for place, ids in sorted(events_in_place.items())})


def _totals(event_ids, rows) -> tuple[tuple[str, str, str, int, int, bool], ...]:
    sums: dict[tuple[str, str, str], list] = {}
    for event_id in event_ids:
        for key, low, lower in rows.get(event_id, ()):
            row = sums.get(key)
            if row is None:
                sums[key] = [low, 1, lower]
            else:
                row[0] += low
                row[1] += 1
                row[2] = row[2] or lower
    return tuple((*key, *row) for key, row in sorted(sums.items()))


def month_key(year: int, month: int) -> str:
    """The key of a month in `events_by_month`: text, so that it can name a dependency."""
    return f"{year:04d}-{month:02d}"


def month_of(key: str) -> tuple[int, int]:
    return int(key[:4]), int(key[5:])


def _events_by_month(chronology, events) -> dict:
    index = defaultdict(list)
    for event_id in chronology:
        year, month, _ = events[event_id].date.sort_key
        index[month_key(year, month)].append(event_id)
    return index


def _events_by_actor(chronology, events) -> dict:
    index = defaultdict(list)
    for event_id in chronology:
        seen = set()
        for part in events[event_id].actors:
            if (part.actor, part.role) not in seen:
                seen.add((part.actor, part.role))
                index[part.actor].append((part.role, event_id))
    return index


def _relations_in(actors) -> dict:
    index = defaultdict(list)
    for actor in actors:
        for relation in actor.relations:
            index[relation.actor].append((relation.type, actor.id))
    return index


def _excerpts_by_event(excerpts) -> dict:
    index = defaultdict(list)
    for excerpt in excerpts:
        for event_id in excerpt.events:
            index[event_id].append(excerpt.id)
    return index


def _events_by_tag(chronology, events) -> dict:
    index = defaultdict(list)
    for event_id in chronology:
        for tag in events[event_id].tags:
            index[tag].append(event_id)
    return index


def _monthly(chronology, events, events_in_place, events_by_actor, events_by_type) -> Mapping:
    """Events per month of their start (the chronology's month), for the timeline charts: a
    chart's page reads only its own counts, so it is rendered again only when they change."""
    month = {e: month_key(*events[e].date.sort_key[:2]) for e in chronology}
    groups = {"all": chronology}
    groups.update((f"place:{p}", ids) for p, ids in sorted(events_in_place.items()))
    groups.update((f"actor:{a}", dict.fromkeys(e for _, e in pairs)) for a, pairs in events_by_actor.items())
    groups.update((f"type:{t}", ids) for t, ids in events_by_type.items())
    index = {}
    for key, ids in groups.items():
        counts: dict[str, int] = {}
        for event_id in ids:
            counts[month[event_id]] = counts.get(month[event_id], 0) + 1
        index[key] = tuple(sorted(counts.items()))
    return MappingProxyType(index)


def _events_by_type(chronology, events) -> dict:
    """Types and sub-types share one index: ACLED's sub-type slugs are unique across types."""
    index = defaultdict(list)
    for event_id in chronology:
        index[events[event_id].type].append(event_id)
        index[events[event_id].sub_type].append(event_id)
    return index


def _source_uses(content: Content, chronology, events) -> dict:
    cited, figures, claims, excerpts = (defaultdict(list) for _ in range(4))
    for event_id in chronology:
        event = events[event_id]
        for source in sorted({c.source for c in event.sources}):
            cited[source].append(event_id)
        for figure in event.figures:
            figures[figure.source].append((event_id, figure))
        for source in sorted({c.source for c in event.claims}):
            claims[source].append(event_id)
    for excerpt in content.excerpts:
        excerpts[excerpt.source].append(excerpt.id)
    return {
        s.id: SourceUse(tuple(cited[s.id]), tuple(figures[s.id]), tuple(claims[s.id]), tuple(excerpts[s.id]))
        for s in content.sources
    }
