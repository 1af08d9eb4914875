"""Browse facets: the values an event is filed under on the Browse page.

Each event page carries them as Pagefind filters (`data-pagefind-filter="key:value"`), with
stable ids as values (the same in every language; the Browse page maps them to its own
language's labels), so Pagefind's filter counts are counts of events. Only event pages carry
them, and each carries `page:event`, which the Browse page always filters on.

The rules are those of the site's other listings: an event counts under its places and every
place they are inside (`Model.ancestors`, as a place page lists them), under its actors and
every actor they are `part-of` (as an actor page rolls up its parts), under every source it
cites or that gives one of its figures or claims (as a source page lists it), under the
year and month it is filed under in the chronology (its date's sort key), its ACLED type and
sub-type, its tags and its grade.
"""

from __future__ import annotations

from .link import Model, month_key

# Filter keys, in the order the Browse page shows them.
FACETS = ("type", "sub", "year", "month", "place", "actor", "source", "tag", "grade")
EVENT = ("page", "event")  # on every event page: the Browse page's search is over events only


def event_values(model: Model, event_id: str) -> tuple[tuple[str, str], ...]:
    """(filter key, value id) pairs of one event, sorted, each once (keys: `FACETS`)."""
    event = model.events[event_id]
    year, month = event.date.sort_key[:2]
    values = {("type", event.type), ("sub", event.sub_type), ("year", f"{year:04d}"),
              ("month", month_key(year, month))}
    for place in event.places:
        values.update(("place", p) for p in (place, *model.ancestors[place]))
    for part in event.actors:
        values.update(("actor", a) for a in (part.actor, *owners(model, part.actor)))
    named = {c.source for c in event.sources} | {f.source for f in event.figures} | {c.source for c in event.claims}
    values.update(("source", s) for s in named)
    values.update(("tag", t) for t in event.tags)
    if event.grade:
        values.add(("grade", event.grade))
    return tuple(sorted(values))


def sort_value(model: Model, event_id: str) -> str:
    """The event's Pagefind sort value (`data-pagefind-sort="date:..."`): its last day, its
    first, and its id, as `YYYY-MM-DD YYYY-MM-DD id` (text, compared as text): sorting by it,
    descending, is the site's page order (`sitegen.order`: by end date, then start date),
    and no two events tie (Pagefind would order ties at random)."""
    date = model.events[event_id].date
    return " ".join(["%04d-%02d-%02d" % day for day in (date.last_day, date.sort_key)] + [event_id])


def owners(model: Model, actor_id: str) -> tuple[str, ...]:
    """The actors `actor_id` is part of, directly or through others (its record's `part-of`
    relations, followed), sorted."""
    found: set[str] = set()
    stack = [actor_id]
    while stack:
        for relation in model.actors[stack.pop()].relations:
            if relation.type == "part-of" and relation.actor not in found and relation.actor != actor_id:
                found.add(relation.actor)
                stack.append(relation.actor)
    return tuple(sorted(found))


def parents(model: Model, actor_id: str) -> tuple[str, ...]:
    """The actors `actor_id` is directly part of, sorted."""
    return tuple(sorted({r.actor for r in model.actors[actor_id].relations if r.type == "part-of"}))
