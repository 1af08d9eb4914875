"""Benchmark: one language's search indexed whole and cut in parts (`sitegen.build.search`,
issue 16). Generates a corpus of `--events` events, builds it once (cold, default budget),
then indexes the language `--lang` of that site again, into a scratch folder, as one
Pagefind run and as `--parts` runs one after another (each with the page of every word,
as a build in parts makes them), alternating `--runs` times. Each Pagefind process is
sampled every 0.1 s: its peak proportional set size (PSS, `benchmarks.meter`) is that
part's peak; also the whole process tree's peak, the wall time and the bundles' bytes.
Prints one JSON line per run, then a Markdown table of the medians; asserts nothing.

    .venv/bin/python benchmarks/parts.py --events 10000 --parts 3
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from benchmarks.meter import pss_kb, tree  # noqa: E402
from sitegen.build import search  # noqa: E402
from sitegen.build.indexer import site_pages  # noqa: E402
from sitegen.build.run import Project, build  # noqa: E402


class PerProcess:
    """Peak PSS (MiB) of each descendant of this process, in the order they were first seen
    alive, and of the whole tree (this process too)."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval, self.peaks, self.tree_peak = interval, {}, 0
        self.done = threading.Event()

    def __enter__(self) -> "PerProcess":
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.thread.join()

    def _sample(self) -> None:
        me = os.getpid()
        while not self.done.wait(self.interval):
            total = 0
            for pid in tree(me):
                kb = pss_kb(pid)
                total += kb
                if pid != me and kb:  # 0: gone, or exited and not yet waited for (no memory to read)
                    self.peaks[pid] = max(self.peaks.get(pid, 0), kb)
            self.tree_peak = max(self.tree_peak, total)

    def figures(self) -> dict:
        """The peaks in MiB, rounded up: a process sampled only as it started (a few hundred KiB,
        which rounding to the nearest gave as 0 MB) is not reported as holding nothing."""
        return {"per_process_peak_pss_mb": [math.ceil(kb / 1024) for kb in self.peaks.values()],
                "tree_peak_pss_mb": math.ceil(self.tree_peak / 1024)}


def bytes_below(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def index(pages, parts: int, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    start = time.perf_counter()
    with PerProcess() as meter:
        made = search.index_parts(pages, parts, lambda k: out / search.part_name(k))
    wall = time.perf_counter() - start
    return {"parts": made, "wall_s": round(wall, 2), **meter.figures(),
            "bundle_bytes": [bytes_below(out / search.part_name(k)) for k in range(1, made + 1)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--parts", type=int, default=3)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=None, help="keep the corpus and site here (default: a temporary folder)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="sitegen-parts-"))
    content = work / f"content-{args.events}"
    project = Project(ROOT, content, work / f"site-{args.events}", work / f"build-{args.events}")
    if not (project.site / args.lang).is_dir():
        generate(content, args.events, seed=1)
        build(project, say=lambda line: None)
    pages = site_pages(project.site / args.lang, skip=(search.MAIN, search.DELTA))
    rows = {1: [], args.parts: []}
    for run in range(args.runs):
        for parts in (1, args.parts):
            row = index(pages, parts, work / "scratch")
            rows[parts].append(row)
            print(json.dumps({"events": args.events, "lang": args.lang, "pages": len(pages), "run": run + 1, **row}))
    shutil.rmtree(work / "scratch", ignore_errors=True)
    print(f"\n| {args.events} events, {args.lang}: {len(pages)} pages | runs | wall s (median) | "
          "peak PSS of each Pagefind run, MiB (median) | process tree peak PSS, MiB (median) | bundle MB |")
    print("|---|---|---|---|---|---|")
    for parts, found in rows.items():
        made = found[0]["parts"]
        per = [statistics.median(r["per_process_peak_pss_mb"][i] for r in found) for i in range(made)]
        name = "whole" if parts == 1 else f"{made} parts"
        print(f"| {name} | {len(found)} | "
              f"{statistics.median(r['wall_s'] for r in found):.1f} | {', '.join(f'{p:.0f}' for p in per)} | "
              f"{statistics.median(r['tree_peak_pss_mb'] for r in found):.0f} | "
              f"{sum(found[0]['bundle_bytes']) / 1e6:.1f} |")


if __name__ == "__main__":
    main()
