"""Figure series: one source's successive figures for one event, kind and group.

A source revises its toll ("at least 33 soldiers killed", then "34"): figures of one event
with the same source, kind and group are one series, ordered by `as_of`. The latest is
*the* figure of the series, the one totals add; the earlier ones are its history, shown
on the event page. A series of two or more figures must date each one (`as_of`), and no
two alike: otherwise which is the latest cannot be told (`undated`, a check rule).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Figure

Key = tuple[str, str, str]  # (source, kind, group)


def key_of(figure: Figure) -> Key:
    return (figure.source, figure.kind, figure.group)


def when(figure: Figure) -> tuple:
    """The order of a series: by the last day `as_of` may mean, then its first day."""
    return (figure.as_of.last_day, figure.as_of.sort_key) if figure.as_of else ((0, 0, 0), (0, 0, 0))


@dataclass(frozen=True)
class Series:
    """One source's figures for one kind and group of one event, oldest first."""

    key: Key
    figures: tuple[Figure, ...]

    @property
    def latest(self) -> Figure:
        return self.figures[-1]

    @property
    def history(self) -> tuple[Figure, ...]:
        """The earlier figures, oldest first."""
        return self.figures[:-1]


def series_of(figures: tuple[Figure, ...]) -> tuple[Series, ...]:
    """The series of one event's figures, in the order their first figure is listed; each
    ordered by `as_of` (figures alike in date keep their listed order)."""
    groups: dict[Key, list[Figure]] = {}
    for figure in figures:
        groups.setdefault(key_of(figure), []).append(figure)
    return tuple(Series(key, tuple(sorted(items, key=when))) for key, items in groups.items())


def latest(figures: tuple[Figure, ...]) -> tuple[Figure, ...]:
    """The latest figure of each series of one event, in the series' order."""
    return tuple(s.latest for s in series_of(figures))


def undated(figures: tuple[Figure, ...]) -> list[tuple[int, int]]:
    """(index, index of the figure it clashes with) of each figure of a series of two or
    more that has no `as_of`, or the same `as_of` as an earlier-listed figure of its series."""
    seen: dict[Key, list[int]] = {}
    for index, figure in enumerate(figures):
        seen.setdefault(key_of(figure), []).append(index)
    clashes = []
    for indexes in seen.values():
        if len(indexes) < 2:
            continue
        dates: dict[tuple, int] = {}
        for index in indexes:
            figure = figures[index]
            first = indexes[0] if index != indexes[0] else indexes[1]
            if figure.as_of is None:
                clashes.append((index, first))
                continue
            moment = when(figure)
            if moment in dates:
                clashes.append((index, dates[moment]))
            else:
                dates[moment] = index
    return sorted(clashes)
