"""Link: turn valid records into an immutable model with the reverse indexes built once.

Nothing downstream re-scans records: every 'which events are here', 'who backs whom'
and 'what did this source report' question is answered by an index made here.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from .model import Actor, Content, Event, Excerpt, Figure, Place, Source
from .order import end_key, ordered, position
from .totals import Total, latest_rows, totals


@dataclass(frozen=True)
class SourceUse:
    """What one source has reported: `events` every event it is cited in, gives a figure or
    reports a claim for (in the page order); its figures (every one, revisions included) and
    the events of the claims it reports, in the page order; its excerpts; `totals` of its
    latest figures over events."""

    events: tuple[str, ...]
    figures: tuple[tuple[str, Figure], ...]
    claims: tuple[str, ...]
    excerpts: tuple[str, ...]
    totals: tuple[Total, ...] = ()


@dataclass(frozen=True)
class Model:
    content: Content
    places: Mapping[str, Place]
    actors: Mapping[str, Actor]
    sources: Mapping[str, Source]
    events: Mapping[str, Event]
    excerpts: Mapping[str, Excerpt]
    chronology: tuple[str, ...]                       # event ids, oldest first
    latest: tuple[str, ...]                           # event ids in the page order (sitegen.content.order)
    events_by_month: Mapping[str, tuple[str, ...]]    # "YYYY-MM" -> events overlapping it, page order
    children: Mapping[str, tuple[str, ...]]           # place -> places directly inside
    ancestors: Mapping[str, tuple[str, ...]]          # place -> outermost ... parent
    events_in_place: Mapping[str, tuple[str, ...]]    # place -> events here or inside, page order
    events_by_actor: Mapping[str, tuple[tuple[str, str, tuple[str, ...]], ...]]
    # actor -> (role, event, the actors that took part in that role: itself and/or its parts), page order
    relations_in: Mapping[str, tuple[tuple[str, str], ...]]     # actor -> (type, other actor)
    excerpts_by_event: Mapping[str, tuple[str, ...]]
    events_by_tag: Mapping[str, tuple[str, ...]]
    events_by_type: Mapping[str, tuple[str, ...]]     # ACLED type or sub-type slug -> events, in page order
    mapped: tuple[tuple[str, str], ...]
    # (event, the first of its places with coordinates) of every event that has one, page order:
    # the Map page's points (`sitegen.pages.maps`), as the CSV export's latitude and longitude
    monthly: Mapping[str, tuple[tuple[str, int], ...]]
    # "all", "place:<id>", "actor:<id>", "type:<slug>" -> ("YYYY-MM" of the start, events), oldest first
    # (an event whose start is known only to its year is in none: `filed_month`); "years" -> ("YYYY", events)
    source_uses: Mapping[str, SourceUse]
    figure_totals: Mapping[str, tuple[Total, ...]]
    # place -> per (source, kind, group): the sum of the latest figure of each event here or inside
    claims_by_actor: Mapping[str, tuple[tuple[str, int], ...]]
    # actor -> (event, index of the claim in it) of its claims and its parts', latest first
    members: Mapping[str, tuple[str, ...]]
    # actor -> every actor part of it, directly or not
    actor_totals: Mapping[str, tuple[Total, ...]]
    # actor -> per (source, kind, group): the sum over the events where it or its parts are acting


def link(content: Content) -> Model:
    """Build the model; content must be valid (every reference resolves, no cycles)."""
    places = _by_id(content.places)
    events = _by_id(content.events)
    default = content.site.default_language
    chronology = tuple(e.id for e in sorted(content.events, key=lambda e: (e.date.sort_key, e.id)))
    latest = ordered(chronology, events, default)
    rank = position(latest)
    ancestors = {p: _ancestors(places, p) for p in places}
    events_in_place = _events_in_place(latest, events, ancestors)
    members = _members(content.actors)
    rows = latest_rows(events)
    events_by_actor = _events_by_actor(latest, events, members)
    events_by_type = _freeze(_events_by_type(latest, events))
    return Model(
        content=content,
        places=places,
        actors=_by_id(content.actors),
        sources=_by_id(content.sources),
        events=events,
        excerpts=_by_id(content.excerpts),
        chronology=chronology,
        latest=latest,
        events_by_month=_freeze(_events_by_month(latest, events)),
        children=_freeze(_children(content.places)),
        ancestors=_freeze(ancestors),
        events_in_place=_freeze(events_in_place),
        events_by_actor=_freeze(events_by_actor),
        relations_in=_freeze(_relations_in(content.actors)),
        excerpts_by_event=_freeze(_excerpts_by_event(content.excerpts)),
        events_by_tag=_freeze(_events_by_tag(latest, events)),
        source_uses=MappingProxyType(_source_uses(content, latest, events, rows)),
        figure_totals=MappingProxyType({p: totals(ids, rows) for p, ids in sorted(events_in_place.items())}),
        claims_by_actor=_freeze(_claims_by_actor(latest, events, rank, members)),
        members=_freeze(members),
        actor_totals=MappingProxyType({
            a: t for a, entries in sorted(events_by_actor.items())
            if (t := totals((e for role, e, _ in entries if role == "acting"), rows))
        }),
        events_by_type=events_by_type,
        mapped=_mapped(latest, events, places),
        monthly=_monthly(chronology, events, events_in_place, events_by_actor, events_by_type),
    )


def _mapped(latest, events, places) -> tuple[tuple[str, str], ...]:
    found = ((e, next((p for p in events[e].places if places[p].coordinates), None)) for e in latest)
    return tuple((e, p) for e, p in found if p is not None)


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


def month_key(year: int, month: int) -> str:
    """The key of a month in `events_by_month`: text, so that it can name a dependency."""
    return f"{year:04d}-{month:02d}"


def month_of(key: str) -> tuple[int, int]:
    return int(key[:4]), int(key[5:])


def filed_month(date) -> tuple[int, int] | None:
    """The month an event is filed under in the Browse month facet and the monthly charts: the
    month of its date's start (its sort key), or None when that start is known only to the year
    (`2019`, UCDP `date_prec` 5, or a range from `2018`): filing it under January would say
    what no source said. An open start is filed under its end's month, as `_months` lists it."""
    point = date.start or date.end
    if point is None:
        return None
    first, last = point.first()[:2], point.last()[:2]
    return first if first == last else None


def _months(date) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The first and last month of a date's span; None for an open end (an open start counts
    from its end's month: only its end is known). A point known only to its year spans its
    year's months, as a range over them would (never its January alone)."""
    start, end = date.start, date.end
    if start is None:
        last = end.last()[:2]
        return last, last
    if not date.is_range:  # a point: its month; a year: its months
        return start.first()[:2], start.last()[:2]
    return start.first()[:2], end.last()[:2] if end is not None else None


def _events_by_month(latest, events) -> dict:
    """Each month an event begins or ends in, with every event whose span overlaps it, in
    the page order. The months between are no pages of their own: a span makes at most two,
    however long it is (a range from 0001 to 9999 would otherwise make 120,000 pages), and
    an event that continues (an open end) is listed on every month from its start."""
    spans = {e: _months(events[e].date) for e in latest}
    months = set()
    for first, last in spans.values():
        months.add(first)
        if last is not None:
            months.add(last)
    in_order = sorted(months)
    index = defaultdict(list)
    for event_id in latest:
        first, last = spans[event_id]
        stop = len(in_order) if last is None else bisect.bisect_right(in_order, last)
        for key in in_order[bisect.bisect_left(in_order, first):stop]:
            index[month_key(*key)].append(event_id)
    return index


def _members(actors) -> dict:
    """Each actor's parts: the actors `part-of` it, directly or through others."""
    direct = defaultdict(list)
    for actor in actors:
        for relation in actor.relations:
            if relation.type == "part-of":
                direct[relation.actor].append(actor.id)
    found = {}
    for actor in actors:
        seen, stack = [], list(direct.get(actor.id, ()))
        while stack:
            member = stack.pop()
            if member not in seen and member != actor.id:
                seen.append(member)
                stack.extend(direct.get(member, ()))
        if seen:
            found[actor.id] = sorted(seen)
    return found


def _owners(members) -> dict:
    """Each actor that is part of others: those others, by id."""
    owners = defaultdict(list)
    for owner, parts in sorted(members.items()):
        for part in parts:
            owners[part].append(owner)
    return owners


def _events_by_actor(latest, events, members) -> dict:
    """Per actor: (role, event, who took part in that role) for its own events and those of
    its parts, in the page order, each role and event once."""
    own = defaultdict(dict)  # actor -> (role, event) -> [actors]
    for event_id in latest:
        for part in events[event_id].actors:
            own[part.actor].setdefault((part.role, event_id), [])
    roll = defaultdict(dict)
    owners = _owners(members)
    for actor_id, entries in own.items():
        for owner in (actor_id, *owners.get(actor_id, ())):
            for entry in entries:
                roll[owner].setdefault(entry, []).append(actor_id)
    rank = {e: i for i, e in enumerate(latest)}
    return {
        actor_id: [(role, e, tuple(sorted(by))) for (role, e), by in sorted(entries.items(), key=lambda i: (rank[i[0][1]], i[0][0]))]
        for actor_id, entries in roll.items()
    }


def _claims_by_actor(latest, events, rank, members) -> dict:
    """Per actor: its claims and its parts' as (event, claim index), latest first: by the
    claim's date where it has one, else its event's, as the page order does."""
    index = defaultdict(list)
    owners = _owners(members)
    for event_id in latest:
        for i, claim in enumerate(events[event_id].claims):
            for owner in (claim.claimant, *owners.get(claim.claimant, ())):
                index[owner].append((event_id, i))

    def key(item):
        event_id, i = item
        date = events[event_id].claims[i].date or events[event_id].date
        return (end_key(date), date.sort_key, -rank[event_id], -i)

    return {actor: sorted(items, key=key, reverse=True) for actor, items in index.items()}


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
    """Events per month of their start (`filed_month`), for the timeline charts: a
    chart's page reads only its own counts, so it is rendered again only when they change."""
    month = {e: month_key(*m) for e in chronology if (m := filed_month(events[e].date))}
    groups = {"all": chronology}
    groups.update((f"place:{p}", ids) for p, ids in sorted(events_in_place.items()))
    groups.update((f"actor:{a}", dict.fromkeys(entry[1] for entry in entries)) for a, entries in events_by_actor.items())
    groups.update((f"type:{t}", ids) for t, ids in events_by_type.items())
    index = {}
    for key, ids in groups.items():
        counts: dict[str, int] = {}
        for event_id in ids:
            if event_id in month:  # an event known only to its year is in no month's bar
                counts[month[event_id]] = counts.get(month[event_id], 0) + 1
        index[key] = tuple(sorted(counts.items()))
    # events per year of their start, every event counted (one known only to its year too):
    # the Browse page's years
    years: dict[str, int] = {}
    for event_id in chronology:
        year = "%04d" % events[event_id].date.sort_key[0]
        years[year] = years.get(year, 0) + 1
    index["years"] = tuple(sorted(years.items()))
    return MappingProxyType(index)


def _events_by_type(chronology, events) -> dict:
    """Types and sub-types share one index: ACLED's sub-type slugs are unique across types."""
    index = defaultdict(list)
    for event_id in chronology:
        index[events[event_id].type].append(event_id)
        index[events[event_id].sub_type].append(event_id)
    return index


def _source_uses(content: Content, latest, events, rows) -> dict:
    used, figures, claims, excerpts = (defaultdict(list) for _ in range(4))
    for event_id in latest:
        event = events[event_id]
        named = {c.source for c in event.sources} | {f.source for f in event.figures} | {c.source for c in event.claims}
        for source in sorted(named):
            used[source].append(event_id)
        for figure in event.figures:
            figures[figure.source].append((event_id, figure))
        for source in sorted({c.source for c in event.claims}):
            claims[source].append(event_id)
    for excerpt in content.excerpts:
        excerpts[excerpt.source].append(excerpt.id)
    return {
        s.id: SourceUse(tuple(used[s.id]), tuple(figures[s.id]), tuple(claims[s.id]), tuple(excerpts[s.id]),
                        totals(used[s.id], rows, s.id))
        for s in content.sources
    }
