"""The memory budget: how many Pagefind runs index languages at once, and a build under the
tightest budget (one at a time) gives the same site."""

from __future__ import annotations

from sitegen import budget
from sitegen.build import Project, build

from helpers import REPO, tree


def test_slots_shrink_as_the_corpus_grows_and_stay_between_one_and_the_languages():
    assert budget.search_slots(1000, 3, 8192) == 3
    assert budget.search_slots(10_000, 3, 8192) == 3  # the 10,000-event build fits 8 GB as it is
    assert budget.search_slots(12_000, 3, 2048) == 1
    assert budget.search_slots(30_000, 3, 8192, workers=2) == 1
    assert budget.search_slots(100_000, 3, 1) == 1  # never none
    assert budget.search_slots(10, 2, 10**6) == 2  # never more than the languages
    assert budget.search_slots(10, 3, 10**6, workers=2) == 2  # nor than the workers


def test_workers_shrink_as_the_corpus_grows_and_stay_between_one_and_the_languages():
    assert budget.language_workers(10_000, 3, 8192, 4) == 3
    assert budget.language_workers(25_000, 3, 8192, 4) == 2
    assert budget.language_workers(100_000, 3, 8192, 4) == 1  # never none, even above the budget
    assert budget.language_workers(10, 3, 10**6, 2) == 2  # never more than asked for
    assert budget.estimate_mb(25_000, 2, 1) <= 8192 < budget.estimate_mb(25_000, 3, 1)


def test_refresh_runs_as_many_pagefind_runs_as_the_budget_holds():
    assert budget.refresh_slots([13_000, 13_000, 13_000], 8192) == 3
    assert budget.refresh_slots([133_000, 130_000, 131_000], 8192) == 1  # never none, even above the budget
    assert budget.refresh_slots([60_000, 20_000, 20_000], 8192) == 1  # the largest reckoned first
    assert budget.refresh_slots([15_000, 15_000, 15_000], 8192) == 3
    assert budget.refresh_slots([30_000, 30_000, 30_000], 8192) == 2
    assert budget.refresh_slots([], 8192) == 1


def test_available_memory_is_read_from_meminfo(tmp_path):
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       24576000 kB\nMemAvailable:   10485760 kB\n")
    assert budget.available_mb(meminfo) == 10240
    assert budget.available_mb(tmp_path / "none") is None


def test_one_pagefind_at_a_time_builds_the_same_site(tmp_path):
    content = REPO / "tests/cases/base/content"
    report = []
    one = Project(REPO, content, tmp_path / "one" / "site", tmp_path / "one" / "build")
    build(one, say=lambda line: None, memory_mb=1, report=report)
    assert all(dict(b.seconds).keys() >= {"search wait", "search"} for b in report)
    free = Project(REPO, content, tmp_path / "free" / "site", tmp_path / "free" / "build")
    build(free, say=lambda line: None)
    assert tree(one.site) == tree(free.site)
