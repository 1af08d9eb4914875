"""Benchmark: the floor of a cold `sitegen check`, against the issue 16 target (at most 5 s
cold at 100,000 events). Generates a corpus of `--events` events (or takes `--content DIR`),
then measures, CPU seconds of this process each, one after another over every YAML file
(the excerpts, Markdown with a YAML head, left out: a floor):
reading the bytes; parsing them with libyaml into Python values (`yaml.CSafeLoader`, the
fastest YAML reader PyYAML has, keeping no line numbers); parsing them as sitegen does
(`sitegen.content.load.parse_yaml`: libyaml's events composed into nodes, so that every
value keeps its line and column for error messages, then converted); a whole cold check
(`sitegen.build.check.check` without a cache) in this one process (`check_cold`); and the same
check as `sitegen check` makes it, its files loaded in one process per CPU
(`check_cold_processes`, `sitegen.build.fanout`; CPU seconds of this process and of the loading
ones). If libyaml alone takes more than the target, no check that reads every file cold can
meet it in one process. Prints one JSON line; asserts nothing.

    .venv/bin/python benchmarks/check_floor.py --events 10000
    .venv/bin/python benchmarks/check_floor.py --content /path/to/content
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from benchmarks.run import timed  # noqa: E402
from sitegen.build import fanout  # noqa: E402
from sitegen.build.check import check  # noqa: E402
from sitegen.content.load import parse_yaml  # noqa: E402


def measure(content: Path) -> dict:
    """{"files", "mb", "read", "libyaml", "sitegen_parse", "check_cold", "check_cold_processes"}
    (each {"wall_s", "cpu_s"}) for the YAML files under `content`, read in sorted order, with
    "jobs", the loading processes of the last."""
    files = sorted(content.rglob("*.yaml"))
    read, datas = timed(lambda: [path.read_bytes() for path in files])
    texts = [data.decode("utf-8") for data in datas]
    libyaml, _ = timed(lambda: [yaml.load(text, Loader=yaml.CSafeLoader) for text in texts])
    ours, _ = timed(lambda: [parse_yaml(text, str(path)) for text, path in zip(texts, files)])
    cold, result = timed(lambda: check(content, None, model=False, jobs=1))
    processes, shared = timed(lambda: check(content, None, model=False))
    assert shared.problems == result.problems  # the same check, whatever loads the files
    return {"files": len(files), "mb": round(sum(map(len, datas)) / 1e6, 1), "records": result.records,
            "read": read, "libyaml": libyaml, "sitegen_parse": ours, "check_cold": cold,
            "check_cold_processes": processes, "jobs": fanout.jobs_here(), "load_average": os.getloadavg()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000, help="events in the generated corpus (default 1000)")
    parser.add_argument("--content", type=Path, help="measure this content folder instead of a generated one")
    args = parser.parse_args()
    if args.content:
        print(json.dumps(measure(args.content)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        generate(content, args.events)
        print(json.dumps({"events": args.events, **measure(content)}))


if __name__ == "__main__":
    main()
