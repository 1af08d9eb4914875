"""Totals of figures over events: per source, kind and group, never across sources.

Each event counts once, with the latest figure of its series (`sitegen.content.series`): a revised
toll replaces the earlier one, never adds to it. The estimates are added by
`sitegen.content.estimate.total`, which keeps every bound.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from .estimate import Estimate
from .model import Event
from .series import series_of

Rows = Mapping[str, tuple[tuple[tuple[str, str, str], Estimate, bool], ...]]


class Total(NamedTuple):
    """One source's total of one kind and group over `events` events; `revised`: how many of
    them count a figure the source revised (only its latest is added)."""

    source: str
    kind: str
    group: str
    estimate: Estimate
    events: int
    revised: int


def latest_rows(events: Mapping[str, Event]) -> Rows:
    """Per event with figures: ((source, kind, group), latest estimate, revised?) per series."""
    return {e: tuple((s.key, s.latest.estimate, bool(s.history)) for s in series_of(event.figures))
            for e, event in events.items() if event.figures}


def totals(event_ids: Iterable[str], rows: Rows, source: str | None = None) -> tuple[Total, ...]:
    """The totals over `event_ids` (each counted once), by source, kind and group; only
    `source`'s when given."""
    sums: dict[tuple[str, str, str], list] = {}
    for event_id in dict.fromkeys(event_ids):
        for key, estimate, revised in rows.get(event_id, ()):
            if source is not None and key[0] != source:
                continue
            row = sums.get(key)
            if row is None:
                sums[key] = [estimate, 1, int(revised)]
            else:
                row[0] = row[0] + estimate
                row[1] += 1
                row[2] += revised
    return tuple(Total(*key, *row) for key, row in sorted(sums.items()))
