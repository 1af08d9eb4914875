"""One language's share of pages against the whole language (issue 16, item 4): pages per
minute per machine.

On one generated corpus, each build cold and in a process of its own (as on its own CI
machine; `benchmarks.apart` says why a new process): the language LANG built whole as a
shard (`sitegen build --shard LANG`, its search cut as the budget says: one part up to
about 15,000 pages), then each share K of N of it (`--shard LANG --share K/N`). For each:
wall and CPU time and peak PSS of the process tree (`benchmarks.meter`), the pages it gives
(its folder's `index.html` files: a share gives only its range's), pages per minute of wall
time and of CPU time, and the language worker's own stages (render, MkDocs, fill, search).
Nothing is asserted: the equality of assembled shares and a whole build is
`tests/test_shares.py`'s.

    .venv/bin/python benchmarks/shares.py --events 1000 --lang en --shares 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def step(content: Path, work: Path, lang: str, share: tuple[int, int] | None) -> dict:
    """One cold shard build in this process: its figures."""
    from benchmarks.run import count_pages, metered_build
    from sitegen.build.run import Project
    from sitegen.build.shards import name

    folder = name(lang, share)
    project = Project(ROOT, content, work / folder, work / f"build-{folder}")
    report = []
    figures = metered_build(project, shard=lang, share=share, report=report, freeze=True)
    total = figures["total"]
    pages = count_pages(project.site)
    return {"shard": folder, "pages": pages, "wall_s": total["wall_s"], "cpu_s": total["cpu_s"],
            "peak_pss_mb": total["peak_pss_mb"],
            "pages_per_min": round(60 * pages / total["wall_s"]) if total["wall_s"] else None,
            "pages_per_cpu_min": round(60 * pages / total["cpu_s"]) if total["cpu_s"] else None,
            "worker_s": dict(report[0].seconds) if report else {}}


def run_step(content: Path, work: Path, lang: str, share: tuple[int, int] | None) -> dict:
    args = [sys.executable, __file__, "--step", str(content), str(work), lang] + ([f"{share[0]}/{share[1]}"] if share else [])
    done = subprocess.run(args, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--shares", type=int, default=3)
    parser.add_argument("--step", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        content, work, lang, *share = args.step
        given = tuple(map(int, share[0].split("/"))) if share else None
        print(json.dumps(step(Path(content), Path(work), lang, given)))
        return
    from benchmarks.generate import generate
    from sitegen.build.cache import CheckCache

    work = Path(tempfile.mkdtemp(prefix="sitegen-shares-"))
    try:
        content = work / "content"
        generate(content, args.events)
        time.sleep(CheckCache.settle_ns / 1e9)
        rows = [run_step(content, work, args.lang, None)]
        rows += [run_step(content, work, args.lang, (k, args.shares)) for k in range(1, args.shares + 1)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"events": args.events, "lang": args.lang, "shares": args.shares, "rows": rows,
                      "load_average": os.getloadavg()}, indent=1))
    print("| shard | pages given | wall s | CPU s | pages/min (wall) | pages/min (CPU) | peak PSS MB "
          "| render / mkdocs / fill / search s |\n|---|---:|---:|---:|---:|---:|---:|---|")
    for row in rows:
        stages = " / ".join(str(row["worker_s"].get(s, "-")) for s in ("render", "mkdocs", "fill", "search"))
        print(f"| {row['shard']} | {row['pages']:,} | {row['wall_s']} | {row['cpu_s']} | {row['pages_per_min']:,} "
              f"| {row['pages_per_cpu_min']:,} | {row['peak_pss_mb']:,} | {stages} |")


if __name__ == "__main__":
    main()
