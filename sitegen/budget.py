"""The memory budget of a build: how many Pagefind runs may index languages at once.

Each language's Pagefind run holds its whole index in memory until it writes the bundle:
measured on the 2-core, 24 GiB development machine (issue 16), about 1.2 GB per language at
10,000 events (13,000 pages a language), while the whole build's process tree peaked at
4.8 GB (RSS) at 10,000 events and grew by about 0.35 GB per 1,000 events. From those, a
Pagefind run is estimated at `PAGEFIND_MB + PAGEFIND_MB_PER_EVENT * events` and the rest of
the build at `BASE_MB + BASE_MB_PER_EVENT * events` (both rounded up: estimates, not
limits). The build runs as many Pagefind runs at once as the budget holds beside the rest,
at least one, at most one per language; the others wait for a slot (`sitegen.language`).
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_MB = 8192        # the budget without --memory: the 8 GB for the process tree
AVAILABLE_SHARE = 0.8    # ... or this share of the memory available now, if less
PAGEFIND_MB = 100
PAGEFIND_MB_PER_EVENT = 0.12
BASE_MB = 400
BASE_MB_PER_EVENT = 0.35


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


def search_slots(events: int, languages: int, budget_mb: int) -> int:
    """How many Pagefind runs may run at once for a site of `events` events in `languages`
    languages within `budget_mb` MiB: from 1 to `languages`."""
    base = BASE_MB + BASE_MB_PER_EVENT * events
    per_run = PAGEFIND_MB + PAGEFIND_MB_PER_EVENT * events
    return max(1, min(languages, int((budget_mb - base) // per_run)))
