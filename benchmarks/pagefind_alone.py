"""Benchmark: what Pagefind alone costs, against the issue 16 target for a whole cold build
(at most 0.13x plain MkDocs, search included). Generates a corpus of `--events` events,
builds it cold once, then indexes each language of that site again into a scratch folder
exactly as the build does (`sitegen.build.indexer.index_pages` over `site_pages`: the
search parts, sorted, through `pagefind --service`), and prints per language the CPU
seconds of the Pagefind process (`RUSAGE_CHILDREN`), of this process feeding it, and the
wall time; then the sum. If Pagefind's own CPU time exceeds 0.13x plain MkDocs' for the
same site (`run.py --anchors-only` measures plain MkDocs beside it), no build that indexes
with Pagefind can meet the target. Asserts nothing.

    .venv/bin/python benchmarks/pagefind_alone.py --events 1000
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from sitegen.build import search  # noqa: E402
from sitegen.build.indexer import index_pages, site_pages  # noqa: E402
from sitegen.build.run import Project, build  # noqa: E402


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def measure(events: int, work: Path) -> dict:
    """{"events", "languages": {lang: {"pages", "pagefind_cpu_s", "feeding_cpu_s", "wall_s"}},
    "pagefind_cpu_s", "feeding_cpu_s"} for a generated corpus of `events` events."""
    content = work / "content"
    generate(content, events)
    project = Project(ROOT, content, work / "site", work / "build")
    build(project, say=lambda line: None)
    figures: dict = {"events": events, "languages": {}}
    for folder in sorted(p for p in project.site.iterdir() if (p / search.MAIN).is_dir()):
        bundles = (search.MAIN, search.DELTA, *sorted(p.name for p in folder.iterdir() if search.is_part(p.name)))
        pages = site_pages(folder, skip=bundles)
        children, own, wall = _children_cpu(), time.process_time(), time.perf_counter()
        index_pages(pages, work / f"bundle-{folder.name}", search.EXCLUDE)
        figures["languages"][folder.name] = {
            "pages": len(pages), "pagefind_cpu_s": round(_children_cpu() - children, 2),
            "feeding_cpu_s": round(time.process_time() - own, 2), "wall_s": round(time.perf_counter() - wall, 2)}
    for key in ("pagefind_cpu_s", "feeding_cpu_s"):
        figures[key] = round(sum(lang[key] for lang in figures["languages"].values()), 2)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(measure(args.events, Path(tmp)), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
