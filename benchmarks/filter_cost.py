"""What the Browse facets' Pagefind attributes on event pages cost search: one language of a
generated corpus, built cold, indexed by Pagefind (`sitegen.build.indexer.index_pages`, as a
whole build indexes it) from three copies of its pages, alternating, `--runs` times each:
as built (`data-pagefind-filter` of every facet value, `page:event` and the `date` sort); without
the facet filters (the `kind:record` filter of the search box kept, the sort kept); without
the facet filters and the sort. Prints one JSON line: Pagefind's CPU seconds (of its process
tree, the figure to compare on a loaded machine) and wall seconds, medians and every run, and
the sizes of the index files (KB as written: fragments, filter chunks, metadata, word chunks).
Asserts nothing.

    .venv/bin/python benchmarks/filter_cost.py --events 1000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from sitegen.build.indexer import index_pages, site_pages  # noqa: E402
from sitegen.build.run import Project, build  # noqa: E402
from sitegen.build.search import DELTA, EXCLUDE, MAIN  # noqa: E402

FACETS = re.compile(r'<span data-pagefind-filter="(?!kind:)[^"]*"></span>')  # templates/event.md.j2
SORT = re.compile(r'<span data-pagefind-sort="[^"]*"></span>')
VARIANTS = {"as built": lambda t: t, "without facet filters": lambda t: FACETS.sub("", t),
            "without facet filters and sort": lambda t: SORT.sub("", FACETS.sub("", t))}


def child_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def sizes(bundle: Path) -> dict[str, int]:
    files = [p for p in bundle.rglob("*") if p.is_file()]

    def kb(test) -> int:
        return round(sum(p.stat().st_size for p in files if test(p)) / 1024)

    return {"fragment_kb": kb(lambda p: p.parent.name == "fragment"),
            "filter_kb": kb(lambda p: p.parent.name == "filter"),
            "meta_kb": kb(lambda p: p.suffix == ".pf_meta"), "index_kb": kb(lambda p: p.parent.name == "index")}


def measure(events: int, runs: int, lang: str, work: Path) -> dict:
    content = work / "content"
    generate(content, events)
    build(Project(ROOT, content, work / "site", work / "build"), say=lambda line: None)
    pages = site_pages(work / "site" / lang, skip=(MAIN, DELTA))
    texts = {rel: path.read_text(encoding="utf-8") for rel, path in pages}
    copies = {}
    for name, change in VARIANTS.items():
        root = work / name.replace(" ", "-")
        for rel, text in texts.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(change(text), encoding="utf-8")
        copies[name] = [(rel, root / rel) for rel, _ in pages]
    cpu: dict[str, list[float]] = {name: [] for name in VARIANTS}
    wall: dict[str, list[float]] = {name: [] for name in VARIANTS}
    found = {}
    for _ in range(runs):
        for name, listed in copies.items():
            bundle = work / "bundle"
            shutil.rmtree(bundle, ignore_errors=True)
            cpu_start, start = child_cpu(), time.perf_counter()
            index_pages(listed, bundle, EXCLUDE)
            wall[name].append(round(time.perf_counter() - start, 2))
            cpu[name].append(round(child_cpu() - cpu_start, 2))
            found[name] = sizes(bundle)
    return {"events": events, "lang": lang, "pages": len(pages),
            "event_pages_with_facets": sum(1 for t in texts.values() if FACETS.search(t)),
            "pagefind_cpu_median_s": {n: statistics.median(v) for n, v in cpu.items()},
            "wall_median_s": {n: statistics.median(v) for n, v in wall.items()},
            "pagefind_cpu_s": cpu, "wall_s": wall, "sizes": found}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(measure(args.events, args.runs, args.lang, Path(tmp)), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
