"""The one order of every event list: latest first by end date, then by start date, then
by title (in the site's default language, so that every language lists alike), then id.

An open end ("since August 2016") is the latest of all ends: the event continues. An open
start ("until 10 May 2019") is the earliest of starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .model import Event


OPEN_END = (9999, 12, 31)


def end_key(date) -> tuple[int, int, int]:
    """The last day a date may mean; an open end (it continues) is later than any day."""
    return OPEN_END if date.is_range and date.end is None else date.last_day


def ordered(event_ids: Iterable[str], events: Mapping[str, Event], default_language: str) -> tuple[str, ...]:
    """`event_ids` in the page order (see the module)."""
    by_title = sorted(event_ids, key=lambda e: (events[e].title.get(default_language, default_language)[0].casefold(), e))
    return tuple(sorted(by_title, key=lambda e: (end_key(events[e].date), events[e].date.sort_key), reverse=True))


def position(ordered_ids: tuple[str, ...]) -> dict[str, int]:
    """Each event's place in the order, to sort any subset by it."""
    return {e: i for i, e in enumerate(ordered_ids)}
