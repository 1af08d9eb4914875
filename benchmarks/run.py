"""Benchmark: generate a synthetic corpus, then time check, a full build, rebuilds, and
plain sequential MkDocs on the same Markdown trees. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/run.py --sizes 1000 5000 10000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from sitegen.build import QUIET_ENV, Project, build  # noqa: E402
from sitegen.check import check  # noqa: E402


def timed(func, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    value = func(*args, **kwargs)
    return time.perf_counter() - start, value


def plain_mkdocs(project: Project, languages: list[str]) -> float:
    """The same generated Markdown trees built by MkDocs alone, one language after another."""
    env = {**os.environ, **QUIET_ENV}
    start = time.perf_counter()
    for lang in languages:
        config = project.work / f"mkdocs-{lang}.yml"
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                        "-d", str(project.work / "plain" / lang)], env=env, check=True)
    return time.perf_counter() - start


def search_bytes(site: Path, lang: str) -> int:
    """What a browser fetches for a first query: the search index and the worker scripts."""
    index = site / lang / "search" / "search_index.json"
    workers = sum(p.stat().st_size for p in (site / lang / "assets/javascripts/workers").glob("*.js"))
    return index.stat().st_size + workers


def bench(events: int, work: Path) -> dict:
    content = work / f"content-{events}"
    generate(content, events)
    project = Project(ROOT, content, work / f"site-{events}", work / f"build-{events}")
    check_s, result = timed(check, content)
    cold_s, _ = timed(build, project, say=lambda line: None)
    languages = list(result.content.site.languages)
    pages = sum(1 for _ in project.site.rglob("index.html"))
    edited = sorted((content / "events").glob("*.yaml"))[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(re.sub(r"(?m)^  en: ", "  en: Edited ", text, count=1), encoding="utf-8")
    edit_s, _ = timed(build, project, say=lambda line: None)
    added = content / "events" / "zz-added-event.yaml"
    added.write_text(re.sub(r"(?m)^id: .*$", "id: zz-added-event", text, count=1), encoding="utf-8")
    add_s, _ = timed(build, project, say=lambda line: None)
    plain_s = plain_mkdocs(project, languages)
    return {
        "events": events,
        "records": result.records,
        "pages": pages,
        "check_s": round(check_s, 2),
        "cold_build_s": round(cold_s, 2),
        "pages_per_s": round(pages / cold_s, 1),
        "ms_per_page": round(1000 * cold_s / pages, 2),
        "rebuild_edit_s": round(edit_s, 2),
        "rebuild_add_s": round(add_s, 2),
        "plain_mkdocs_sequential_s": round(plain_s, 2),
        "ratio_vs_plain": round(cold_s / plain_s, 2),
        "search_first_query_kb": {l: round(search_bytes(project.site, l) / 1024) for l in languages},
        "peak_rss_mb_self": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_rss_mb_children": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for events in args.sizes:
            print(json.dumps(bench(events, Path(tmp)), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
