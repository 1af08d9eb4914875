"""Scale figures, each build and check in a process of its own (issue 16).

`benchmarks/run.py --apart` calls `bench` for each size. A process's memory is never given
back whole to the system, so a build run after another in one process starts from the
first one's leftovers, and the peak of the process tree (`benchmarks.meter`) then counts
them: here each step is `python benchmarks/apart.py STEP CONTENT WORK` in a new process,
which prints its figures as one JSON line. The steps, in order, on one generated corpus:

- `check`: `sitegen check` with the disk cache (cold: the cache empty; then warm);
- `cold`: a cold build, per stage (wall, CPU, peak PSS of the tree, pages/s), and per
  language the stages of its worker (`language_clocks`; `cold:LANG` builds that language
  alone, as `sitegen build --shard LANG`: not one of the steps of `bench`);
- `edit`: one event edited, then the incremental build, per stage;
- `latest`: one event added, dated after every other one, then the build, per stage.

Plain MkDocs, the browser figures and the shards are not run here (`run.py` without
`--apart` runs them): at 100,000 events plain MkDocs alone would take hours on a shared
2-core machine. Times exclude Python's start-up and imports (as `run.py` measures them).

    .venv/bin/python benchmarks/run.py --apart --sizes 1000 10000 100000
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STEPS = ("check", "check", "cold", "edit", "latest")


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def step(name: str, content: Path, work: Path) -> dict:
    """One step in this process (see the module's docstring)."""
    from benchmarks.run import add_latest, edit_one, metered_build
    from sitegen.build.run import Project
    from sitegen.build.cache import DiskCache
    from sitegen.build.check import check

    project = Project(ROOT, content, work / "site", work / "build")
    cache = DiskCache(work / "build-cache")
    if name == "check":
        start, cpu = time.perf_counter(), _cpu()
        result = check(content, DiskCache(work / "check-cache"), freeze=True, model=False)  # as `sitegen check`
        return {"wall_s": round(time.perf_counter() - start, 2), "cpu_s": round(_cpu() - cpu, 2),
                "records": result.records}
    report: list = []
    if name == "cold" or name.startswith("cold:"):
        shard = name.partition(":")[2] or None
        if shard:
            project = Project(ROOT, content, work / f"shard-{shard}", work / f"build-{shard}")
        figures = metered_build(project, cache=cache, freeze=True, report=report, shard=shard)
    elif name in ("edit", "latest"):
        edited = edit_one(content)
        if name == "latest":
            add_latest(content, edited)
        figures = metered_build(project, cache=cache, freeze=True, report=report)  # a rebuild: the same stages
    else:
        raise ValueError(f"unknown step {name!r}")
    return {**figures, "per_language": language_clocks(report)}


def language_clocks(report: list) -> dict:
    """Each language's pages and the clocks of its worker's stages (`LanguageBuild.seconds`,
    `cpu_seconds`, and of it `system_seconds`: render, mkdocs, fill, search wait, search, state), with the CPU
    milliseconds per page of each stage: which stage's cost per page grows with the corpus."""
    return {b.lang: {"pages": b.pages, "wall_s": dict(b.seconds), "cpu_s": dict(b.cpu_seconds),
                     "system_s": dict(b.system_seconds),
                     "cpu_ms_per_page": {stage: round(1000 * s / b.pages, 3) if b.pages else None
                                         for stage, s in b.cpu_seconds}}
            for b in report}


def language_table(events: int, figures: dict) -> str:
    """A build's per-language stage clocks (`language_clocks`) as Markdown table rows."""
    rows = []
    for lang, clocks in figures["per_language"].items():
        for stage, cpu in clocks["cpu_s"].items():
            rows.append(f"| {events:,} | {lang} | {clocks['pages']:,} | {stage} | {clocks['wall_s'][stage]} | {cpu} | "
                        f"{clocks['cpu_ms_per_page'][stage]} |")
    return "\n".join(rows)


LANGUAGE_HEAD = ("| events | language | pages | stage | wall s | CPU s | CPU ms/page |\n"
                 "|---:|---|---:|---|---:|---:|---:|")


def run_step(name: str, content: Path, work: Path) -> dict:
    """`step` in a new Python process; its figures."""
    done = subprocess.run([sys.executable, __file__, name, str(content), str(work)], check=True,
                          stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench(events: int, work: Path, say=None) -> dict:
    """Every step for a generated corpus of `events` events, each in its own process.
    `say(line)`, if given, gets each step's figures as one JSON line as soon as the step ends
    (`{"events", "step", "figures"}`): at 100,000 events a step takes up to an hour, and a
    step that fails or is stopped would otherwise lose the figures of those before it."""
    from benchmarks.generate import generate
    from sitegen.build.cache import CheckCache

    content = work / f"content-{events}"
    generate(content, events)
    time.sleep(CheckCache.settle_ns / 1e9)  # files changed since are not kept by the check cache
    folder = work / f"apart-{events}"
    folder.mkdir(parents=True, exist_ok=True)
    def steps(name: str, label: str) -> dict:
        figures = run_step(name, content, folder)
        if say is not None:
            say(json.dumps({"events": events, "step": label, "figures": figures}, ensure_ascii=False))
        return figures

    check_cold = steps("check", "check cold")
    check_warm = steps("check", "check warm")
    cold = steps("cold", "cold")
    edit = steps("edit", "edit")
    latest = steps("latest", "latest")
    total = cold["total"]
    pages = round(total["pages_per_s"] * total["wall_s"]) if total["pages_per_s"] else 0
    return {"events": events, "records": check_cold["records"], "pages": pages,
            "check_cold": check_cold, "check_warm": check_warm, "cold_build": cold,
            "cpu_ms_per_page": round(1000 * total["cpu_s"] / pages, 2) if pages else None,
            "rebuild_edit": edit["total"], "rebuild_add_latest": latest["total"],
            "load_average": os.getloadavg()}


def table(figures: dict) -> str:
    """One size's figures as a row of the Markdown table in benchmarks/README.md."""
    cold = figures["cold_build"]["total"]
    return (f"| {figures['events']:,} | {figures['pages']:,} | {cold['wall_s']} | {cold['cpu_s']} | "
            f"{figures['cpu_ms_per_page']} | {cold['peak_pss_mb']:,} | {figures['rebuild_edit']['wall_s']} | "
            f"{figures['rebuild_add_latest']['wall_s']} | {figures['check_cold']['wall_s']} / "
            f"{figures['check_warm']['wall_s']} |")


TABLE_HEAD = ("| events | pages | cold build wall s | CPU s | CPU ms/page | peak PSS MB (tree) | 1 edit s | "
              "1 latest event s | check cold / warm s |\n|---:|---:|---:|---:|---:|---:|---:|---:|---|")


if __name__ == "__main__":  # python benchmarks/apart.py STEP CONTENT WORK (STEP: check, cold, cold:LANG, edit, latest)
    print(json.dumps(step(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])), ensure_ascii=False))
