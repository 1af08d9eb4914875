"""Estimates: how many people a figure counts, with every bound a source gave, and their sum.

A source gives a number in one of four forms (the content format's fields):

- `count: N`: exactly N (low = high = N);
- `at_least: N`: N or more (low = N, no upper bound);
- `at_most: N`: N or fewer (no stated lower bound, high = N);
- `between: [low, high]`, with an optional `best: N` (low <= best <= high): UCDP GED's
  low / best / high estimates, Airwars' minimum-maximum range.

Totals add one source's estimates over events (`total`). Every bound is kept:

- the lower bound of a sum is the sum of the lower bounds, an "at most" term counting as 0
  (a count is never negative); the sum states no lower bound only when no term states one;
- the upper bound is the sum of the upper bounds, or none when any term is "at least";
- so a sum of ranges is a range, a sum with an "at least" term is "at least", a sum of
  "at most" terms is "at most", and a sum of exact numbers is exact;
- the best estimate is summed only when every term has one (an exact term is its own best);
  otherwise the sum has none. This is how UCDP aggregates its low, best and high columns.

Source of the forms: UCDP GED codebook (`low`, `best`, `high`); Airwars' civilian harm
methodology (minimum and maximum of reported deaths).
"""

from __future__ import annotations

from dataclasses import dataclass

EXACT, AT_LEAST, AT_MOST, BETWEEN = "exact", "at-least", "at-most", "between"


class EstimateError(ValueError):
    """An estimate whose bounds contradict each other; the message is for an editor."""


@dataclass(frozen=True, order=True)
class Estimate:
    """A non-negative count with its bounds, as a source gave it or as a sum made it.

    `low`: the least it may be, or None when no lower bound is stated ("at most");
    `high`: the most it may be, or None when there is no upper bound ("at least");
    `best`: the best estimate inside [low, high], or None. For an exact count low == high
    and `best` is None (the count is its own best, see `best_value`)."""

    low: int | None
    high: int | None
    best: int | None = None

    def __post_init__(self) -> None:
        low, high, best = self.low, self.high, self.best
        if low is None and high is None:
            raise EstimateError("an estimate needs a lower or an upper bound")
        if any(v is not None and v < 0 for v in (low, high, best)):
            raise EstimateError("a count is never negative")
        if low is not None and high is not None and low > high:
            raise EstimateError(f"the low {low} is greater than the high {high}")
        if best is not None and not ((low or 0) <= best and (high is None or best <= high)):
            raise EstimateError(f"the best estimate {best} is outside [{low}, {high}]")

    # -- the four forms ---------------------------------------------------------------
    @classmethod
    def exact(cls, n: int) -> "Estimate":
        return cls(n, n)

    @classmethod
    def at_least(cls, n: int) -> "Estimate":
        return cls(n, None)

    @classmethod
    def at_most(cls, n: int) -> "Estimate":
        return cls(None, n)

    @classmethod
    def between(cls, low: int, high: int, best: int | None = None) -> "Estimate":
        """A range; raises EstimateError if low > high or best is outside it."""
        return cls(low, high, best)

    @property
    def form(self) -> str:
        """Which form it reads as: "exact", "at-least", "at-most" or "between"."""
        if self.low is not None and self.low == self.high:
            return EXACT
        if self.high is None:
            return AT_LEAST
        if self.low is None:
            return AT_MOST
        return BETWEEN

    @property
    def best_value(self) -> int | None:
        """The best estimate: the given one, an exact count itself, else None."""
        return self.low if self.form == EXACT else self.best

    def __add__(self, other: "Estimate") -> "Estimate":
        """The sum of two counts of different events (see the module's rules)."""
        if not isinstance(other, Estimate):
            return NotImplemented
        if self.low is None and other.low is None:
            low = None
        else:
            low = (self.low or 0) + (other.low or 0)
        high = None if self.high is None or other.high is None else self.high + other.high
        a, b = self.best_value, other.best_value
        best = a + b if a is not None and b is not None else None
        if best is not None and low == high:
            best = None  # an exact sum is its own best
        return Estimate(low, high, best)


def total(estimates) -> Estimate | None:
    """The sum of an iterable of estimates (of different events, from one source), or None
    when there are none."""
    result = None
    for estimate in estimates:
        result = estimate if result is None else result + estimate
    return result
