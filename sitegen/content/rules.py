"""Check rules about what a record says, beyond the shape of its fields.

`file_rules` runs on one record alone (its problems are kept by the check cache with the
file's); `cross_rules` runs on valid events with what it reads of the other records (a
source's actor, an excerpt's events: see `validate.Links`), as the checks of references do,
and reports only in the event's own file, so that one event can be checked against the rest.
Each rule's message names the field and says what to do.
"""

from __future__ import annotations

from dataclasses import replace

from .fields import Ctx
from .load import RawRecord
from .problems import Problems
from .series import key_of, undated


def file_rules(ctx: Ctx, rec: RawRecord, fields: dict) -> bool:
    """Rules on one record; adds its problems to `ctx`, returns False if an error makes it
    invalid. Locates each figure and claim of an event for `cross_rules`."""
    ok = True
    data = rec.data
    if rec.kind == "places" and fields.get("spans") and fields["kind"] != "area":
        ctx.error(data.where("spans"), "spans",
                  f"only an area spans other places, and this place is a '{fields['kind']}'"
                  " (use parent for the place it is in)")
        ok = False
    if rec.kind != "events":
        return ok
    figures = fields.get("figures", ())
    for index, first in undated(figures):
        source, kind, group = key_of(figures[index])
        ctx.error(data["figures"].where(index), f"figures[{index}]",
                  f"figures[{first}] has the same source, kind and group ('{source}', {kind}, {group})"
                  " and no distinct as_of: a revised figure needs the date it was given in as_of")
        ok = False
    if not figures and not fields.get("claims") and not fields.get("sources"):
        ctx.problems.warning(data.where("id"), f"event '{fields['id']}' has no figure, no claim and no cited source:"
                             " name the source that reports it under sources")
    if figures:
        fields["figures"] = tuple(replace(f, loc=data["figures"].where(i)) for i, f in enumerate(figures))
    if fields.get("claims"):
        fields["claims"] = tuple(replace(c, loc=data["claims"].where(i)) for i, c in enumerate(fields["claims"]))
    return ok


def cross_rules(events, source_actors, excerpt_events, problems: Problems) -> None:
    """Rules across records, given the valid events by id and, of the other records, only
    what the rules read (`validate.Links`): each source's actor (or None) and each excerpt's
    events, by id. A claim reported only by its claimant; a document excerpt that does not
    report the event. Every problem is located in the event's own file."""
    for event in events.values():
        cited = {c.source for c in event.sources}
        for index, claim in enumerate(event.claims):
            own = claim.source == claim.claimant or (
                claim.source in source_actors and source_actors[claim.source] == claim.claimant)
            if own and not (cited - {claim.source}):
                problems.warning(claim.loc, f"claims[{index}]: the claimant '{claim.claimant}' is also the only source"
                                 " reporting this claim: cite an independent source that reports it under sources")
        for name, items in (("figures", event.figures), ("claims", event.claims)):
            for index, item in enumerate(items):
                reported = excerpt_events.get(item.excerpt) if item.excerpt else None
                if reported is not None and event.id not in reported:
                    problems.error(item.loc, f"{name}[{index}].excerpt: excerpt '{item.excerpt}' does not report"
                                   f" event '{event.id}': add the event to the excerpt's events")
