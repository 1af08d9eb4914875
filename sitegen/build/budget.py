"""The memory budget of a build: how many language workers run at once, and how many
Pagefind runs index languages at once.

Three kinds of process hold memory that grows with the corpus (measured on the 2-core,
24 GiB development machine, issue 16, as proportional set size):
- the building process (the checked content and the linked model): about 0.3 GB at
  10,000 events, 1.4 GB at 100,000;
- each language worker (its copy of the model's pages it touched, its rendered pages, kept
  compressed, `sitegen.pages.packed`, and its state): 0.36-0.41 GB at 10,000 events, over 2 GB
  while rendering at 100,000;
- each Pagefind run, which holds its whole index in memory until it writes the bundle:
  1.45-1.72 GB at 10,000 events (13,800 pages a language), about 125 KB a page.
Each is estimated as `*_MB + *_MB_PER_EVENT * events` (rounded up: estimates, not
limits). The build runs as many language workers as fit beside the building process and
one Pagefind run (at least one), then as many Pagefind runs at once as fit beside those
workers (at least one, at most one per worker); the others wait for a slot
(`sitegen.build.language`). Fewer workers cost wall time, not CPU time.

A Pagefind run over a whole language may not fit even alone: at 100,000 events one run over
the 138,312 English pages reached 12.5 GB resident (issue 16). Such a language's search is
then cut into parts (`search_parts`), each indexed by a run of its own, one after another,
so the peak is one part's (`sitegen.build.search`).
"""

from __future__ import annotations

import math
from pathlib import Path

DEFAULT_MB = 8192        # the budget without --memory: the 8 GB for the process tree
AVAILABLE_SHARE = 0.8    # ... or this share of the memory available now, if less
PARENT_MB = 100
PARENT_MB_PER_EVENT = 0.025
WORKER_MB = 100
WORKER_MB_PER_EVENT = 0.045
PAGEFIND_MB = 100
PAGEFIND_MB_PER_EVENT = 0.16
PAGEFIND_MB_PER_PAGE = 0.13  # 1.45-1.72 GB for the 13,800 pages of a language at 10,000 events


def available_mb(meminfo: Path = Path("/proc/meminfo")) -> int | None:
    """MemAvailable from /proc/meminfo, in MiB; None where there is no such file."""
    try:
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def default_mb() -> int:
    """The budget when none is given: DEFAULT_MB, or less when less memory is available."""
    free = available_mb()
    return DEFAULT_MB if free is None else min(DEFAULT_MB, int(free * AVAILABLE_SHARE))


def estimate_mb(events: int, workers: int, runs: int) -> int:
    """The estimated peak (MiB) of a build of `events` events with `workers` language
    workers and `runs` Pagefind runs at once."""
    return round(PARENT_MB + PARENT_MB_PER_EVENT * events + workers * (WORKER_MB + WORKER_MB_PER_EVENT * events)
                 + runs * (PAGEFIND_MB + PAGEFIND_MB_PER_EVENT * events))


def language_workers(events: int, languages: int, budget_mb: int, most: int) -> int:
    """How many language workers may run at once (from 1 to `most` and `languages`): as
    many as fit within `budget_mb` MiB beside the building process and one Pagefind run."""
    workers = max(1, min(most, languages))
    while workers > 1 and estimate_mb(events, workers, 1) > budget_mb:
        workers -= 1
    return workers


def search_slots(events: int, languages: int, budget_mb: int, workers: int | None = None) -> int:
    """How many Pagefind runs may run at once for a site of `events` events in `languages`
    languages, built by `workers` workers at once (default: one per language), within
    `budget_mb` MiB: from 1 to the workers."""
    workers = languages if workers is None else min(workers, languages)
    runs = workers
    while runs > 1 and estimate_mb(events, workers, runs) > budget_mb:
        runs -= 1
    return runs


def refresh_slots(pages: list[int], budget_mb: int) -> int:
    """How many Pagefind runs `sitegen.build.run.refresh_search` may run at once, for languages
    of `pages` pages each (each run reckoned as indexing its whole language, as a compaction
    does), within `budget_mb` MiB beside the building process (no model: it checks
    nothing): from 1 to the languages."""
    runs = max(1, len(pages))
    largest = sorted(pages, reverse=True)
    while runs > 1 and PARENT_MB + sum(PAGEFIND_MB + PAGEFIND_MB_PER_PAGE * n for n in largest[:runs]) > budget_mb:
        runs -= 1
    return runs


PART_SHARE = 0.25  # of the budget, what one part's Pagefind run is cut for: 2 GiB of the default 8


def part_run_mb(memory_mb: int | None) -> float:
    """The MiB each part of a language's search is cut to fit (`search_parts`): PART_SHARE of
    the budget the build was given (`--memory`), or of DEFAULT_MB without one; never of the
    memory available now, nor of how many workers or languages the build has. So the same
    content (and `--memory`) gives the same search bundles on any machine, whole or as
    language shards, built or refreshed; what the machine has left changes only how many
    workers and runs go at once (`language_workers`, `search_slots`). At DEFAULT_MB a part holds up to 14,984 pages
    (a language at 10,000 events, 14,049 pages, is one part; at 100,000, 138,312 pages, ten)."""
    return (DEFAULT_MB if memory_mb is None else memory_mb) * PART_SHARE


def search_parts(pages: int, run_mb: float | None) -> int:
    """Into how many parts (contiguous runs of its pages, each indexed by its own Pagefind
    run) a language of `pages` pages is cut so that one run fits `run_mb` MiB: the smallest
    K with PAGEFIND_MB + PAGEFIND_MB_PER_PAGE * ceil(pages / K) <= run_mb (1.45-1.72 GB for the
    13,800 pages of a language at 10,000 events, 12.5 GB for 138,312 at 100,000: issue 16).
    1 when the whole language fits, when `run_mb` is None (no budget), and when not even a
    run over one page would fit (parts would cost runs and not fit either: one run, as the
    slots are never none); never more than `pages`."""
    room = None if run_mb is None else run_mb - PAGEFIND_MB
    if room is None or pages <= 1 or room < PAGEFIND_MB_PER_PAGE:
        return 1
    parts = max(1, math.ceil(pages * PAGEFIND_MB_PER_PAGE / room))
    while parts > 1 and PAGEFIND_MB_PER_PAGE * math.ceil(pages / (parts - 1)) <= room:
        parts -= 1  # rounding: the smallest count that fits
    while PAGEFIND_MB_PER_PAGE * math.ceil(pages / parts) > room and parts < pages:
        parts += 1
    return min(parts, pages)
