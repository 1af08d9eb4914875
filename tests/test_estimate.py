"""Estimates and their arithmetic (sitegen.content.estimate), and figure series (sitegen.content.series)."""

import pytest

from sitegen.content.dates import parse_date
from sitegen.content.estimate import AT_LEAST, AT_MOST, BETWEEN, EXACT, Estimate, EstimateError, total
from sitegen.content.model import Figure
from sitegen.content.series import series_of, undated

exact, at_least, at_most, between = Estimate.exact, Estimate.at_least, Estimate.at_most, Estimate.between


@pytest.mark.parametrize("terms, expected, form", [
    ([exact(33), exact(34)], Estimate(67, 67), EXACT),
    ([between(950_000, 960_000), exact(40_000)], Estimate(990_000, 1_000_000), BETWEEN),
    ([between(10, 14, 12), exact(9)], Estimate(19, 23, 21), BETWEEN),
    ([between(10, 14, 12), between(1, 3)], Estimate(11, 17), BETWEEN),  # one term has no best
    ([at_least(122), exact(5)], Estimate(127, None), AT_LEAST),
    ([at_least(122), between(1, 3, 2)], Estimate(123, None), AT_LEAST),
    ([at_most(5), at_most(3)], Estimate(None, 8), AT_MOST),
    ([at_most(5), exact(3)], Estimate(3, 8), BETWEEN),
    ([at_most(5), at_least(3)], Estimate(3, None), AT_LEAST),
    ([exact(7)], Estimate(7, 7), EXACT),
])
def test_a_sum_keeps_every_bound(terms, expected, form):
    assert total(terms) == expected
    assert total(terms).form == form


def test_a_sum_of_nothing_is_none():
    assert total([]) is None


def test_best_is_summed_only_when_every_term_has_one():
    assert (between(1, 3, 2) + exact(4)).best == 6
    assert (between(1, 3, 2) + at_least(4)).best is None
    assert (exact(1) + exact(2)).best is None  # exact: its own best
    assert exact(3).best_value == 3 and between(1, 3).best_value is None


@pytest.mark.parametrize("make, message", [
    (lambda: between(5, 3), "the low 5 is greater than the high 3"),
    (lambda: between(1, 3, 4), "the best estimate 4 is outside [1, 3]"),
    (lambda: Estimate(None, None), "an estimate needs a lower or an upper bound"),
    (lambda: exact(-1), "a count is never negative"),
])
def test_contradictory_bounds_are_refused(make, message):
    with pytest.raises(EstimateError, match=message.replace("[", r"\[").replace("]", r"\]")):
        make()


def _figure(value, as_of=None, source="mod"):
    return Figure(source, "killed", "combatants", value, parse_date(as_of) if as_of else None)


def test_a_series_is_ordered_by_as_of_and_its_latest_is_the_figure():
    figures = (_figure(exact(34), "2020-02-28"), _figure(at_least(33), "2020-02-27"), _figure(exact(5), source="other"))
    first, other = series_of(figures)
    assert first.latest.estimate == exact(34)
    assert [f.estimate for f in first.history] == [at_least(33)]
    assert other.latest.estimate == exact(5) and other.history == ()
    assert undated(figures) == []


def test_a_series_without_distinct_dates_is_reported():
    figures = (_figure(at_least(33)), _figure(exact(34)), _figure(exact(35), "2020-02-28"), _figure(exact(36), "2020-02-28"))
    assert undated(figures) == [(0, 1), (1, 0), (3, 2)]
