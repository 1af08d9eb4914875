"""Per-stage figures of a process tree (this process and every descendant: build workers,
MkDocs, Pagefind): wall time, CPU time, and peak memory as proportional set size (PSS,
from /proc/<pid>/smaps_rollup: a page shared by n processes counts 1/n in each, so pages
a forked worker shares with its parent count once), sampled every `interval` seconds.

    with Meter() as meter:
        meter.stage("check")
        ...
        meter.stage("languages")
        ...
    meter.stages  # {"check": {"wall_s", "cpu_s", "peak_pss_mb", "meter_cpu_s"}, ...}

The meter's own reading is not the build's: the kernel walks every page table of a process
to sum its PSS (about 18 ms of CPU per GB resident, on this machine kind), in the reading
thread, which is in this process, so four samples a second of a tree holding several GB cost
more CPU the larger the corpus (memory) and the longer the build (samples): at 10,000 events a
tenth of a language's CPU. The CPU the meter's threads spend reading is measured
(`time.thread_time` around each reading) and taken out of each stage's `cpu_s`; it is kept
apart as `meter_cpu_s`.
"""

from __future__ import annotations

import os
import threading
import time

TICKS = os.sysconf("SC_CLK_TCK")


def tree(root: int) -> list[int]:
    """`root` and every live descendant, from /proc/<pid>/stat's parent ids."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                children.setdefault(int(stat.read().rsplit(")", 1)[1].split()[1]), []).append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack += children.get(pid, [])
    return found


def pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def cpu_s(pids: list[int]) -> float:
    """User + system CPU of the processes, with their children that ended and were waited
    for (a child's time moves into its parent's once it is waited for: counted once)."""
    ticks = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            ticks += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
        except (OSError, ValueError, IndexError):
            continue
    return ticks / TICKS


class Meter:
    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.stages: dict[str, dict] = {}
        self.current: str | None = None
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.root = os.getpid()

    def __enter__(self) -> "Meter":
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def stage(self, name: str) -> None:
        """End the current stage (if any) and start `name`."""
        with self.lock:
            now, cpu, pss = self._boundary()
            self.current = name
            self.stages[name] = {"start": now, "cpu0": cpu, "peak_pss_mb": pss, "meter_cpu": 0.0}

    def __exit__(self, *exc) -> None:
        with self.lock:
            self._boundary()
            self.current = None
        self.done.set()
        self.thread.join()

    def _boundary(self) -> tuple[float, float, int]:
        """End the current stage (if any): the wall clock, the tree's PSS (its last sample)
        and the tree's CPU, read last, so that the readings fall in the stage that ends,
        with the meter's CPU for them; returns (wall, CPU, PSS) for the next stage."""
        spent = time.thread_time()
        now, pss = time.perf_counter(), self._pss_mb()
        cpu = cpu_s(tree(self.root))
        spent = time.thread_time() - spent
        if self.current is not None:
            stage = self.stages[self.current]
            stage["peak_pss_mb"] = max(stage["peak_pss_mb"], pss)
            meter = stage.pop("meter_cpu") + spent
            stage["wall_s"] = round(now - stage.pop("start"), 2)
            stage["cpu_s"] = max(0.0, round(cpu - stage.pop("cpu0") - meter, 2))  # the tree's, less the meter's
            stage["meter_cpu_s"] = round(meter, 2)
        return now, cpu, pss

    def _pss_mb(self) -> int:
        return round(sum(pss_kb(pid) for pid in tree(self.root)) / 1024)

    def _sample(self) -> None:
        while not self.done.wait(self.interval):
            start = time.thread_time()
            pss = self._pss_mb()
            spent = time.thread_time() - start
            with self.lock:
                if self.current is not None:
                    stage = self.stages[self.current]
                    stage["peak_pss_mb"] = max(stage["peak_pss_mb"], pss)
                    stage["meter_cpu"] += spent

    def summary(self, pages: int) -> dict:
        """Every stage with its pages per second, and the whole: wall and CPU summed, the
        highest peak."""
        out = {name: {**s, "pages_per_s": round(pages / s["wall_s"], 1) if s.get("wall_s") else None}
               for name, s in self.stages.items()}
        wall = round(sum(s["wall_s"] for s in self.stages.values()), 2)
        out["total"] = {"wall_s": wall, "cpu_s": round(sum(s["cpu_s"] for s in self.stages.values()), 2),
                        "meter_cpu_s": round(sum(s["meter_cpu_s"] for s in self.stages.values()), 2),
                        "peak_pss_mb": max((s["peak_pss_mb"] for s in self.stages.values()), default=0),
                        "pages_per_s": round(pages / wall, 1) if wall else None}
        return out
