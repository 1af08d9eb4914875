"""Benchmark: generate synthetic corpora, then time `sitegen check` (cold, writing the check
cache; warm, with nothing changed; after one edit; and after one edit with the cache kept
in memory, as the preview server keeps it), a cold build (with its stages), rebuilds
(nothing changed, one event edited, one added, one added dated after every other one;
each split into check / languages /
search / finish), what the preview server does on a save (the reader's language, then
the others and search in the background), the bytes a browser downloads for a first
search query, peak memory (of the largest process, and of the whole process tree during
the cold build), plain MkDocs building the same Markdown trees one language after
another, and the data files (`sitegen.exports.files.make`, in the process, on the checked
content as the build gives it: median seconds of 3, and the peak of memory traced while
they are made). Prints one JSON line per size; asserts nothing.

    .venv/bin/python benchmarks/run.py --sizes 1000 5000 10000
    .venv/bin/python benchmarks/run.py --exports-only --sizes 1000 3000 10000
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from sitegen.build import QUIET_ENV, Project, build, refresh_search  # noqa: E402
from sitegen.cache import CheckCache, DiskCache  # noqa: E402
from sitegen.check import check, no_gc  # noqa: E402
from sitegen.exports import files  # noqa: E402
from sitegen.link import link  # noqa: E402
from sitegen.load import load_content  # noqa: E402
from sitegen.problems import Problems  # noqa: E402
from sitegen.validate import validate  # noqa: E402

QUERIES = {"en": "air strike", "ar": "قصف", "tr": "saldırı"}


def seconds(func, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    value = func(*args, **kwargs)
    return round(time.perf_counter() - start, 2), value


def stages(content: Path) -> dict:
    """The check's stages one by one, as `sitegen check` runs them (no cyclic GC)."""
    problems = Problems()
    with no_gc():
        load_s, raw = seconds(load_content, content, problems)
        validate_s, model = seconds(validate, raw, problems)
        link_s, _ = seconds(link, model)
    return {"load": load_s, "validate": validate_s, "link": link_s}


def plain_mkdocs(project: Project, languages: list[str], out: Path) -> float:
    """MkDocs alone on the same generated Markdown trees, one language after another."""
    env = {**os.environ, **QUIET_ENV}
    start = time.perf_counter()
    for lang in languages:
        config = (project.work / f"mkdocs-{lang}.yml").read_text(encoding="utf-8")
        config = re.sub(r"(?ms)^exclude_docs:.*?(?=^\S)", "", config)
        path = project.work / f"plain-{lang}.yml"
        path.write_text(config, encoding="utf-8")
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(path), "-d", str(out / lang)],
                       env=env, check=True)
    return round(time.perf_counter() - start, 2)


SEARCH_FILES = ("/pagefind/", "/pagefind-delta/", "/assets/search.js")  # bundles, hidden ids, search box


def first_query_bytes(site: Path) -> dict[str, int]:
    """KB a browser downloads for search: opening the search and a first query, per
    language: both search bundles, the list of hidden results and the search box's script."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    sizes = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for lang, query in QUERIES.items():
            page = browser.new_page()
            got = []
            page.on("response", lambda r: got.append(r) if any(f in r.url for f in SEARCH_FILES) else None)
            page.goto(f"{base}{lang}/")
            page.wait_for_load_state("networkidle")
            page.keyboard.press("/")
            page.locator("#pf-dialog input").fill(query)
            page.locator("#pf-dialog .sg-search__result").first.wait_for(timeout=20_000)
            page.wait_for_load_state("networkidle")
            sizes[lang] = round(sum(len(r.body()) for r in got) / 1024)
            page.close()
        browser.close()
    server.shutdown()
    return sizes


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def timed_build(project: Project, **options) -> dict:
    """A build with the time at which each of its stages ended, from what it prints."""
    marks, start = {}, time.perf_counter()

    def say(line: str) -> None:
        if not line.startswith("site:"):
            stage = "check" if not marks else "search" if line.startswith("search:") else "languages"
            marks[stage] = time.perf_counter() - start

    build(project, say=say, **options)
    total = time.perf_counter() - start
    ends = [marks["check"], marks["languages"], marks.get("search", marks["languages"]), total]
    names = ["check", "languages", "search", "finish"]
    return {"total": round(total, 2), **{n: round(b - a, 2) for n, a, b in zip(names, [0.0] + ends, ends)}}


def edit_one(content: Path, nth: int = 2) -> Path:
    events = sorted((content / "events").glob("*.yaml"))
    event = events[len(events) // nth]
    text = event.read_text(encoding="utf-8")
    event.write_text(re.sub(r"(?m)^  en: ", "  en: Edited ", text, count=1), encoding="utf-8")
    return event


def add_one(content: Path, model_event: Path) -> None:
    text = model_event.read_text(encoding="utf-8")
    added = content / "events" / "zz-added-event.yaml"
    added.write_text(re.sub(r"(?m)^id: .*$", "id: zz-added-event", text, count=1), encoding="utf-8")


def add_latest(content: Path, model_event: Path) -> None:
    """An event dated after every other one: the everyday edit of a monitoring site, which
    moves the build date (the sitemaps' lastmod) but no other page's inputs."""
    text = model_event.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^id: .*$", "id: zz-latest-event", text, count=1)
    added = content / "events" / "zz-latest-event.yaml"
    added.write_text(re.sub(r'(?m)^date: .*$', 'date: "2099-12-31"', text, count=1), encoding="utf-8")


def checks(content: Path, cache_file: Path) -> tuple[dict, object]:
    """`sitegen check` with the disk cache: cold (it writes the cache), warm with nothing
    changed, and after one edit; then with a cache kept in memory, after one more edit. The
    corpus must be older than `CheckCache.settle_ns`: files changed since are not kept."""
    time.sleep(CheckCache.settle_ns / 1e9)
    check_s, result = seconds(check, content, DiskCache(cache_file))
    warm_s, _ = seconds(check, content, DiskCache(cache_file))
    edit_one(content, nth=5)
    edit_s, _ = seconds(check, content, DiskCache(cache_file))
    memory = CheckCache()
    check(content, memory)
    edit_one(content, nth=7)
    memory_s, _ = seconds(check, content, memory)
    return {"check_s": check_s, "check_warm_s": warm_s, "check_after_edit_s": edit_s,
            "check_in_memory_after_edit_s": memory_s}, result


class TreeMemory:
    """The peak, sampled twice a second, of the summed resident memory of this process and
    all its descendants (workers, MkDocs, Pagefind). Pages a forked worker shares with its
    parent count twice, so this overstates the memory used; it bounds it."""

    def __init__(self) -> None:
        self.peak_mb = 0
        self.done = threading.Event()

    def __enter__(self) -> "TreeMemory":
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.thread.join()

    def _sample(self) -> None:
        while not self.done.wait(0.5):
            self.peak_mb = max(self.peak_mb, round(_tree_rss(os.getpid()) / 2**20))


def _tree_rss(root: int) -> int:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                children.setdefault(int(stat.read().rsplit(")", 1)[1].split()[1]), []).append(int(entry))
        except (OSError, ValueError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/statm") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
    return total


def catch_up(project: Project, languages: list[str], cache) -> None:
    """What the preview server does in the background after the reader's language."""
    build(project, say=lambda line: None, search=False, cache=cache, only=languages)
    refresh_search(project, say=lambda line: None)


def cli_startup() -> float:
    """What a `sitegen build` command adds to the in-process figures: starting Python and
    importing sitegen's modules (median of five)."""
    code = "import sitegen.cli, sitegen.build, sitegen.cache, sitegen.serve"
    runs = [seconds(subprocess.run, [sys.executable, "-c", code], check=True)[0] for _ in range(5)]
    return sorted(runs)[2]


def exports(model) -> dict:
    """The data files of a checked corpus: the median of 3 timed runs, then the peak of the
    Python memory traced (`tracemalloc`, MB) during a fourth, above what was traced before it;
    and how many figure series (CSV column triples) and MB of files they hold."""
    runs = sorted(seconds(files.make, model)[0] for _ in range(3))
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        made = files.make(model)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return {"exports_s": runs[1], "exports_peak_mb": round((peak - base) / 2**20),
            "series": len({(f.source, f.kind, f.group) for e in model.events for f in e.figures}),
            "files_mb": {n: round(len(b) / 2**20, 1) for n, b in made.items() if n in files.NAMES}}


def bench_exports(events: int, work: Path) -> dict:
    content = work / f"content-{events}"
    generate(content, events)
    model = check(content, None).content
    return {"events": events, **exports(model)}


def bench(events: int, work: Path) -> dict:
    content = work / f"content-{events}"
    generate(content, events)
    project = Project(ROOT, content, work / f"site-{events}", work / f"build-{events}")
    check_times, result = checks(content, work / f"check-cache-{events}")
    languages = list(result.content.site.languages)
    report = []
    cache = lambda: DiskCache(work / f"build-cache-{events}")  # a new one per build, as `sitegen build` has
    with TreeMemory() as tree:
        cold_s, _ = seconds(build, project, say=lambda line: None, report=report, cache=cache())
    pages = sum(1 for _ in project.site.rglob("index.html"))
    unchanged = timed_build(project, cache=cache())
    edited = edit_one(content)
    edit = timed_build(project, cache=cache())
    first_query_with_delta = first_query_bytes(project.site)  # the edited pages are in a delta bundle
    memory = cache() or CheckCache()  # the preview server reads the disk cache once, then keeps it
    timed_build(project, search=False, cache=memory)  # its first build, as it starts
    edit_one(content, nth=3)
    # On a save the preview server builds the language being read (here the first), the
    # browser reloads, and then it builds the others and indexes search in the background.
    preview = timed_build(project, search=False, cache=memory, only=languages[:1])
    later_s, _ = seconds(catch_up, project, languages[1:], memory)
    add_one(content, edited)
    add = timed_build(project, cache=cache())
    add_latest(content, edited)
    add_latest_s = timed_build(project, cache=cache())
    plain_s = plain_mkdocs(project, languages, work / f"plain-{events}")
    data_files = exports(check(content, None).content)
    return {
        "events": events,
        "records": result.records,
        "pages": pages,
        **check_times,
        "stages_s": stages(content),
        "cold_build_s": cold_s,
        "per_language_s": {b.lang: dict(b.seconds) for b in report},
        "pages_per_s": round(pages / cold_s, 1),
        "ms_per_page": round(1000 * cold_s / pages, 2),
        "rebuild_unchanged_s": unchanged,
        "rebuild_edit_s": edit,
        "preview_edit_first_language_s": preview,
        "preview_other_languages_and_search_s": later_s,
        "rebuild_add_s": add,
        "rebuild_add_latest_s": add_latest_s,
        "cli_startup_s": cli_startup(),
        "plain_mkdocs_sequential_s": plain_s,
        "ratio_vs_plain": round(cold_s / plain_s, 3),
        "search_first_query_kb": first_query_bytes(project.site),
        "search_first_query_kb_with_delta": first_query_with_delta,
        **data_files,
        "peak_rss_mb_self": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_rss_mb_children": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "peak_rss_mb_tree_cold_build": tree.peak_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--exports-only", action="store_true",
                        help="generate and check each corpus, then time only its data files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for events in args.sizes:
            figures = (bench_exports if args.exports_only else bench)(events, Path(tmp))
            print(json.dumps(figures, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
