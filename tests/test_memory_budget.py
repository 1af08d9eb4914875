"""The memory budget: how many Pagefind runs index languages at once, and a build under the
tightest budget (one at a time) gives the same site."""

from __future__ import annotations

import pytest

from sitegen.build import budget
from sitegen.build.run import Project, build

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


def test_a_language_is_cut_in_parts_only_when_one_run_would_not_fit():
    # the builds: 10,000 events (13,800-14,049 pages a language) in one run each
    assert budget.search_parts(14_049, budget.part_run_mb(None)) == 1
    # 100,000 events: 138,312 pages do not fit one run (12.5 GB measured)
    run_mb = budget.part_run_mb(None)
    parts = budget.search_parts(138_312, run_mb)
    assert parts > 1
    largest = -(-138_312 // parts)  # the longest part
    assert budget.PAGEFIND_MB + budget.PAGEFIND_MB_PER_PAGE * largest <= run_mb  # one part fits
    longer = -(-138_312 // (parts - 1))
    assert budget.PAGEFIND_MB + budget.PAGEFIND_MB_PER_PAGE * longer > run_mb  # and it is the fewest that do
    # the smallest count, each part within the run: 2 pages a part fit, 3 do not
    two = budget.PAGEFIND_MB + 2.5 * budget.PAGEFIND_MB_PER_PAGE
    assert [budget.search_parts(n, two) for n in (1, 2, 3, 4, 5, 100)] == [1, 1, 2, 2, 3, 50]


def test_the_parts_depend_on_the_budget_given_not_on_the_machine(monkeypatch):
    """The same content gives the same bundles whatever memory is free and however many
    workers or languages (a shard) the build has: only `--memory` changes the cut."""
    cuts = set()
    for free in (2_000, 9_000, 64_000):
        monkeypatch.setattr(budget, "available_mb", lambda free=free: free)
        assert budget.default_mb() == min(budget.DEFAULT_MB, int(free * budget.AVAILABLE_SHARE))
        cuts.add(budget.search_parts(138_312, budget.part_run_mb(None)))
    assert len(cuts) == 1
    assert budget.part_run_mb(None) == budget.part_run_mb(budget.DEFAULT_MB)
    assert budget.search_parts(138_312, budget.part_run_mb(4096)) > budget.search_parts(138_312, budget.part_run_mb(None))


def test_no_parts_without_a_budget_or_when_not_even_one_page_would_fit():
    assert budget.search_parts(138_312, None) == 1
    assert budget.search_parts(138_312, budget.PAGEFIND_MB) == 1  # parts would cost runs and fit no better
    assert budget.search_parts(138_312, -5.0) == 1
    assert budget.search_parts(0, 200.0) == 1
    assert budget.search_parts(3, budget.PAGEFIND_MB + 1.5 * budget.PAGEFIND_MB_PER_PAGE) == 3  # a page a part at most


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


def _edit_excerpt(content):
    excerpt = sorted((content / "excerpts").glob("*.md"))[0]
    excerpt.write_text(excerpt.read_text(encoding="utf-8") + "\nAn added sentence.\n", encoding="utf-8")


def _most_pagefind_runs_at_once(monkeypatch) -> list[int]:
    """Wraps the Pagefind runs of `sitegen.build.search` to count how many run at once; the list's
    one item becomes the peak."""
    import threading
    import time

    from sitegen.build import search

    real, lock, now, peak = search.index_pages, threading.Lock(), [0], [0]

    def counted(*args, **kwargs):
        with lock:
            now[0] += 1
            peak[0] = max(peak[0], now[0])
        try:
            time.sleep(0.3)  # long enough for the other languages' threads to start theirs
            return real(*args, **kwargs)
        finally:
            with lock:
                now[0] -= 1

    monkeypatch.setattr(search, "index_pages", counted)
    return peak


@pytest.mark.parametrize("given", [None, 1])
def test_refresh_search_keeps_to_the_memory_budget(tmp_path, monkeypatch, given):
    """`refresh_search` (the preview server's background indexing) runs no more Pagefind
    runs at once than the budget holds: the default budget (here made 1 MiB) or one given."""
    import shutil

    from sitegen.build.run import refresh_search

    content = tmp_path / "content"
    shutil.copytree(REPO / "tests/cases/base/content", content)
    project = Project(REPO, content, tmp_path / "site", tmp_path / "build")
    build(project, say=lambda line: None)
    _edit_excerpt(content)
    build(project, say=lambda line: None, search=False)
    peak = _most_pagefind_runs_at_once(monkeypatch)
    monkeypatch.setattr(budget, "default_mb", lambda: 1)
    said = []
    refresh_search(project, say=said.append, **({} if given is None else {"memory_mb": given}))
    assert said and said[0].startswith("search: indexed with Pagefind: ar (delta")
    assert peak[0] == 1
    monkeypatch.undo()
    peak = _most_pagefind_runs_at_once(monkeypatch)
    _edit_excerpt(content)
    build(project, say=lambda line: None, search=False)
    refresh_search(project, say=lambda line: None, memory_mb=10**6)
    assert peak[0] > 1  # without a bound the languages index at once: the count could fail
