"""Benchmark: generate synthetic corpora, then time `sitegen check` (cold, writing the check
cache; warm, with nothing changed; after one edit; and after one edit with the cache kept
in memory, as the preview server keeps it), `sitegen check content/events/x.yaml` (one file
checked against the rest, with the disk cache of the folder's last check: in process, and
as a command in a new process, with Python's startup and sitegen's imports measured
apart), a cold build (with its stages), rebuilds
(nothing changed, one event edited, one added, one added dated after every other one;
each split into check / languages /
search / finish), what the preview server does on a save (the reader's language, then
the others and search in the background), the bytes a browser downloads for a first
search query, peak memory (of the largest process), and plain MkDocs building the same
Markdown trees one language after another, beside Debian's Hugo on the same trees with a
three-template theme and the floor of writing the site's bytes (`anchors`). The cold build is measured per stage (wall time,
CPU time, peak PSS of the process tree, pages per second: `benchmarks.meter`), beside the
same cold build with Pagefind one language at a time (the tightest memory budget) and the
languages built as shards and assembled (checked equal to the whole build). Prints one JSON
line per size, then the stages as a Markdown table; asserts nothing. The data files
(`sitegen.exports.files.make`, in the process, on the checked content: median seconds of 3,
and the peak of memory traced while they are made) are timed at every size, and so is making
them again after one edited event, as a build does (`sitegen.exports.publish.prepare`, which
makes only that event's parts again).

    .venv/bin/python benchmarks/run.py --sizes 1000 5000 10000
    .venv/bin/python benchmarks/run.py --sizes 10000 --only check    # the checks alone, no build
    .venv/bin/python benchmarks/run.py --sizes 1000 5000 --cold-only   # the cold builds only
    .venv/bin/python benchmarks/run.py --exports-only --sizes 1000 3000 10000
    .venv/bin/python benchmarks/run.py --tools-share --sizes 10000   # what maps, browse data, charts add
    .venv/bin/python benchmarks/run.py --anchors-only --sizes 1000 10000  # cold build, MkDocs, Hugo, floor
    .venv/bin/python benchmarks/run.py --apart --sizes 1000 10000 100000  # each step its own process
"""

from __future__ import annotations

import argparse
import contextlib
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
from benchmarks.meter import Meter  # noqa: E402
from sitegen.build.assemble import assemble  # noqa: E402
from sitegen.build.run import QUIET_ENV, Project, build, refresh_search  # noqa: E402
from sitegen.build.cache import CheckCache, DiskCache, disk_cache  # noqa: E402
from sitegen.build.check import check, check_file, no_gc  # noqa: E402
from sitegen.exports import files  # noqa: E402
from sitegen.content.link import link  # noqa: E402
from sitegen.content.load import load_content  # noqa: E402
from sitegen.content.problems import Problems  # noqa: E402
from sitegen.content.validate import validate  # noqa: E402

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
    """MkDocs alone building the same Markdown trees (`build/docs/<lang>/`, every page, as
    `sitegen build --engine mkdocs` has it build them, with the same theme and settings), one
    language after another, in this process: the seconds of MkDocs' own `build` calls (its
    start-up and the configuration's loading not counted, which favours MkDocs)."""
    from mkdocs.commands.build import build as mkdocs_build

    from sitegen.pages.i18n import load_translations
    from sitegen.build.language import _configure

    result = check(project.content)
    model = link(result.content)
    total = 0.0
    for lang in languages:
        config = _configure(project, model, lang, out, load_translations(project.locale, lang), "mkdocs")
        config.site_dir = str((out / lang).resolve())
        elapsed, _ = seconds(mkdocs_build, config)
        total += elapsed
    return round(total, 2)


SEARCH_FILES = ("/pagefind/", "/pagefind-delta/", "/assets/search.js")  # bundles, hidden ids, search box


def first_query_bytes(site: Path) -> dict[str, int]:
    """KB a browser downloads for search: opening the search and a first query, per
    language: both search bundles, the list of hidden results and the search box's script."""
    sizes = {}
    with served_in_chromium(site) as (browser, base):
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
    return sizes


BROWSE_VIEW = "browse/?type=battles&year=2019"  # a first filtered view, as a shared link opens it


def first_browse_bytes(site: Path) -> dict[str, dict[str, dict[str, int]]]:
    """KB a browser downloads to open a shared filtered view of the Browse page and show its
    counts and first results, per language, for the view without words (`BROWSE_VIEW`) and
    with the language's query of `QUERIES` added: everything (the page, the theme's CSS and
    scripts, the page's script, its `browse.json` and the `browse-NN.json` files of the
    results shown; for a view with words, Pagefind's files and `browse-ids.json`) as served
    (`raw`; Pagefind's index files are gzip already) and as a host that gzips text would
    send it (`gzip`, what the target is judged on), Pagefind's files alone (`pagefind_raw`),
    how many requests, and how many events the view found (`results`)."""
    import gzip
    from urllib.parse import quote

    sizes: dict = {}
    with served_in_chromium(site) as (browser, base):
        for lang, query in QUERIES.items():
            sizes[lang] = {}
            for name, view in (("without words", BROWSE_VIEW), ("with words", f"{BROWSE_VIEW}&q={quote(query)}")):
                page = browser.new_page()
                got = []
                page.on("response", lambda r: got.append(r))
                page.goto(f"{base}{lang}/{view}")
                page.wait_for_function("() => document.getElementById('sg-browse-status').textContent !== ''"
                                       " && !document.getElementById('sg-browse').hasAttribute('aria-busy')",
                                       timeout=60_000)
                page.wait_for_load_state("networkidle")
                bodies = [(r.url, r.body()) for r in got if r.ok]
                search = [b for u, b in bodies if "/pagefind" in u]
                sizes[lang][name] = {
                    "raw": round(sum(len(b) for _, b in bodies) / 1024),
                    "gzip": round(sum(len(gzip.compress(b, 6)) for _, b in bodies) / 1024),
                    "pagefind_raw": round(sum(len(b) for b in search) / 1024),
                    "requests": len(bodies),
                    "results": int(page.evaluate("document.querySelector('#sg-browse input:checked')"
                                                 ".parentElement.dataset.count")),
                }
                page.close()
    return sizes


def tools_share(events: int, work: Path, builds=("off", "on")) -> dict:
    """What the reader tools (maps, browse data, charts: `benchmarks.tools`) add to a cold
    build, in one run: the same corpus built cold in each of `builds` ("off": without any
    of them; "on": with them; "without maps", "without browse", "without charts": with
    all but that group), one after another, each into empty folders with a check cache of
    its own, per stage (`metered_build`) and per language (render, MkDocs, fill, search);
    beside "on", the share of the build "on" that each other build saves, of CPU time (of
    the process tree) and of wall time."""
    from benchmarks.tools import GROUPS, switched_off

    content = work / f"content-{events}"
    generate(content, events)
    off = {"off": GROUPS, "on": ()}
    off.update((f"without {g}", (g,)) for g in GROUPS)
    figures: dict = {"events": events, "builds": {}}
    for name in builds:
        slug = name.replace(" ", "-")
        project = Project(ROOT, content, work / f"site-{events}-{slug}", work / f"build-{events}-{slug}")
        report: list = []
        with switched_off(off[name]):
            metered = metered_build(project, report=report, cache=DiskCache(work / f"cache-{events}-{slug}"))
        figures["builds"][name] = {"total": metered["total"], "stages": metered,
                                   "per_language_s": {b.lang: dict(b.seconds) for b in report},
                                   "pages": count_pages(project.site)}
    if "on" in figures["builds"]:
        on = figures["builds"]["on"]["total"]
        for name, build_figures in figures["builds"].items():
            if name != "on":
                less = build_figures["total"]
                build_figures["share_of_on"] = {unit: round((on[unit] - less[unit]) / on[unit], 3)
                                                for unit in ("cpu_s", "wall_s")}
    return figures


def browse_only(events: int, work: Path) -> dict:
    """A cold build of a generated corpus and what a first Browse view and a first search
    query download (`--browse-only`: without the timings of the whole benchmark)."""
    content = work / f"content-{events}"
    generate(content, events)
    project = Project(ROOT, content, work / f"site-{events}", work / f"build-{events}")
    cold_s, _ = seconds(build, project, say=lambda line: None)
    return {"events": events, "cold_build_s": cold_s, "browse_first_view_kb": first_browse_bytes(project.site),
            "search_first_query_kb": first_query_bytes(project.site)}


@contextlib.contextmanager
def served_in_chromium(site: Path):
    """(browser, base URL): `site` served on a local port, and Debian's Chromium driven by
    Playwright (never a downloaded browser); both stopped on leaving."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            try:
                yield browser, f"http://127.0.0.1:{server.server_address[1]}/"
            finally:
                browser.close()
    finally:
        server.shutdown()


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


def metered_build(project: Project, **options) -> dict:
    """A cold build, per stage (check; languages: the data files, then every language's
    render, MkDocs, fill and search in the workers; publish: the root files, the data files
    staged, the moves): wall time, CPU time and peak PSS of the process tree, pages per
    second (`benchmarks.meter`)."""
    marks = []

    with Meter() as meter:
        meter.stage("check")

        def say(line: str) -> None:
            if not marks:
                marks.append(line)
                meter.stage("languages")
            elif line.startswith("search:"):
                meter.stage("publish")

        build(project, say=say, **options)
    return meter.summary(count_pages(project.site))


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html"))


def same_tree(a: Path, b: Path) -> bool:
    """Whether two folders hold the same files with the same bytes."""
    files = lambda root: sorted(str(p.relative_to(root)) for p in root.rglob("*"))
    names = files(a)
    return names == files(b) and all((a / n).is_dir() == (b / n).is_dir() and
                                     ((a / n).is_dir() or (a / n).read_bytes() == (b / n).read_bytes())
                                     for n in names)


def sharded(events: int, work: Path, content: Path, languages: list[str], whole: Path) -> dict:
    """Each language built as a shard (one after another here: on CI each on a machine of its
    own), then assembled; per shard the figures of `metered_build` (pages per second per
    machine), the assemble's, and whether the assembled site equals the whole build `whole`."""
    shards = {}
    for lang in languages:
        project = Project(ROOT, content, work / f"shard-{events}-{lang}", work / f"build-{events}-shard-{lang}")
        shards[lang] = metered_build(project, shard=lang, cache=DiskCache(work / f"shard-cache-{events}-{lang}"))
    target = Project(ROOT, content, work / f"assembled-{events}", work / f"build-{events}-assembled")
    with Meter() as meter:
        meter.stage("assemble")
        assemble(target, [work / f"shard-{events}-{lang}" for lang in languages], say=lambda line: None)
    return {"shards": {lang: figures["total"] for lang, figures in shards.items()},
            "assemble": meter.summary(count_pages(target.site))["assemble"],
            "assembled_equals_whole": same_tree(target.site, whole)}


# Hugo's anchor (issue 16): the same Markdown trees, a minimal theme of three templates.
HUGO_CONFIG = """baseURL = "/"
languageCode = "{lang}"
title = "sitegen benchmark"
disableKinds = ["taxonomy", "term", "RSS"]
[markup.goldmark.renderer]
unsafe = true
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": (
        '<!DOCTYPE html>\n<html lang="{{ .Site.LanguageCode }}">\n<head><meta charset="utf-8">'
        "<title>{{ .Title }}</title></head>\n<body>\n"
        '<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>\n'
        '<main>{{ block "main" . }}{{ end }}</main>\n</body>\n</html>\n'),
    "_default/single.html": '{{ define "main" }}<article>{{ .Content }}</article>{{ end }}\n',
    "_default/list.html": ('{{ define "main" }}<article>{{ .Content }}</article>\n<ul>{{ range .Pages }}'
                           '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n'),
}


def hugo_source(docs: Path, lang: str, source: Path) -> int:
    """A Hugo site folder at `source` for the Markdown tree `docs` (as the build wrote it):
    its pages hard-linked under `content/` (a folder's `index.md` as Hugo's `_index.md`, the
    section's own page: an `index.md` would make the folder a leaf bundle and hide its other
    pages; a page that starts with HTML, which Hugo refuses as a "plain HTML document", is
    copied with an empty front matter before it), its other files (CSS, scripts, images) under `static/`, the config and the
    minimal theme's three templates (`HUGO_LAYOUTS`). Returns the number of pages."""
    pages = 0
    for top, _, names in os.walk(docs):
        rel = Path(top).relative_to(docs)
        for name in names:
            page = name.endswith(".md")
            target = source / ("content" if page else "static") / rel / ("_index.md" if name == "index.md" else name)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(Path(top) / name, "rb") as file:
                starts_with_html = page and file.read(1) == b"<"
            if starts_with_html:  # Hugo refuses such a page as "plain HTML": an empty front matter first
                target.write_bytes(b"---\n---\n" + (Path(top) / name).read_bytes())
            else:
                os.link(Path(top) / name, target)
            pages += page
    for name, text in HUGO_LAYOUTS.items():
        (source / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (source / "layouts" / name).write_text(text, encoding="utf-8")
    (source / "hugo.toml").write_text(HUGO_CONFIG.format(lang=lang), encoding="utf-8")
    return pages


def plain_hugo(docs: Path, languages: list[str], work: Path) -> dict:
    """Debian's `hugo` building the same Markdown trees (`docs/<lang>/`) with a minimal theme,
    one language after another, each a `hugo` command (its start-up counted, unlike plain
    MkDocs'): wall and CPU seconds (of the waited commands), pages given and HTML pages
    written. Raises RuntimeError without `hugo` (`apt-get install hugo`; `.ci/run` installs it)."""
    hugo = shutil.which("hugo")
    if hugo is None:
        raise RuntimeError("the benchmark's anchor needs Debian's hugo: apt-get install hugo")
    version = subprocess.run([hugo, "version"], check=True, capture_output=True, text=True).stdout.split()[1]
    wall = cpu = 0.0
    given = written = 0
    for lang in languages:
        source, out = work / f"hugo-{lang}", work / f"hugo-site-{lang}"
        given += hugo_source(docs / lang, lang, source)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        elapsed, done = seconds(subprocess.run, [hugo, "--source", str(source), "--destination", str(out), "--quiet"],
                                capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise RuntimeError(f"hugo failed on {lang}: {done.stderr.strip()[:2000]}")
        wall += elapsed
        cpu += (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        written += sum(1 for _ in out.rglob("*.html"))
    return {"version": version, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "pages_given": given,
            "html_written": written}


def timed_plain_mkdocs(project: Project, languages: list[str], out: Path) -> dict:
    """`plain_mkdocs`, with the CPU seconds of this process while it ran (MkDocs runs in it)."""
    before = time.process_time()
    wall = plain_mkdocs(project, languages, out)
    return {"wall_s": wall, "cpu_s": round(time.process_time() - before, 2)}


def write_floor(site: Path, work: Path) -> dict:
    """The physical floor of a build: writing the built site's bytes. Every file of `site` is
    read into memory first (not timed), then written to a fresh folder (folders made, each
    file created and written, no fsync), and once more to another fresh folder with an
    fsync of each file: files, MB, wall and CPU seconds of each."""
    files = []
    for top, _, names in os.walk(site):
        rel = os.path.relpath(top, site)
        files.extend((os.path.join(rel, n), Path(top, n).read_bytes()) for n in sorted(names))
    figures = {"files": len(files), "mb": round(sum(len(b) for _, b in files) / 2**20, 1)}
    for name, sync in (("no_fsync", False), ("fsync", True)):
        out = work / f"floor-{name}"
        wall, cpu = time.perf_counter(), time.process_time()
        for rel, data in files:
            path = os.path.join(out, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                os.write(fd, data)
                if sync:
                    os.fsync(fd)
            finally:
                os.close(fd)
        figures[name] = {"wall_s": round(time.perf_counter() - wall, 2), "cpu_s": round(time.process_time() - cpu, 2)}
        shutil.rmtree(out)
    return figures


def anchors(project: Project, languages: list[str], work: Path, cold: dict) -> dict:
    """What the cold build (`cold`: `metered_build`'s figures) is measured against, in the
    same run: plain MkDocs and Hugo on the Markdown trees the build wrote, and the physical
    floor (`write_floor`); the ratios, in wall and in CPU seconds."""
    mkdocs = timed_plain_mkdocs(project, languages, work / "plain")
    hugo = plain_hugo(project.work / "docs", languages, work)
    floor = write_floor(project.site, work)
    sitegen = {"wall_s": cold["total"]["wall_s"], "cpu_s": cold["total"]["cpu_s"]}
    ratio = lambda a, b, key: round(a[key] / b[key], 3) if b[key] else None
    return {"sitegen": sitegen, "plain_mkdocs": mkdocs, "hugo": hugo, "floor": floor,
            "ratios": {f"{key}_{name}": ratio(a, b, key) for key in ("wall_s", "cpu_s")
                       for name, a, b in (("sitegen/mkdocs", sitegen, mkdocs), ("sitegen/hugo", sitegen, hugo),
                                          ("hugo/mkdocs", hugo, mkdocs), ("floor/sitegen", floor["fsync"], sitegen))}}


def anchor_table(figures: dict) -> str:
    """The cold build beside its anchors as a Markdown table, for benchmarks/README.md."""
    a = figures["anchors"]
    floor = a["floor"]
    rows = ["| events | build | wall s | CPU s | wall ratio to sitegen | CPU ratio to sitegen |", "|---:|---|---:|---:|---:|---:|"]
    for name, f in (("sitegen (cold, search included)", a["sitegen"]), ("plain MkDocs, sequential", a["plain_mkdocs"]),
                    (f"Hugo {a['hugo']['version']}, minimal theme, sequential", a["hugo"]),
                    (f"floor: write {floor['files']:,} files, {floor['mb']:,} MB, no fsync", floor["no_fsync"]),
                    ("floor: the same with fsync per file", floor["fsync"])):
        rows.append(f"| {figures['events']:,} | {name} | {f['wall_s']} | {f['cpu_s']} | "
                    f"{_ratio(f['wall_s'], a['sitegen']['wall_s'])} | {_ratio(f['cpu_s'], a['sitegen']['cpu_s'])} |")
    r = a["ratios"]
    rows.append(f"\nsitegen/plain MkDocs {r['wall_s_sitegen/mkdocs']} (CPU {r['cpu_s_sitegen/mkdocs']}), "
                f"sitegen/Hugo {r['wall_s_sitegen/hugo']} (CPU {r['cpu_s_sitegen/hugo']}), "
                f"Hugo/plain MkDocs {r['wall_s_hugo/mkdocs']} (CPU {r['cpu_s_hugo/mkdocs']})")
    return "\n".join(rows)


def bench_anchors(events: int, work: Path) -> dict:
    """`--anchors-only`: a cold build (per stage, `metered_build`) and its anchors (plain
    MkDocs, Hugo, the floor: `anchors`), without the rest of the benchmark."""
    content = work / f"content-{events}"
    generate(content, events)
    project = Project(ROOT, content, work / f"site-{events}", work / f"build-{events}")
    report = []
    cold = metered_build(project, report=report, cache=DiskCache(work / f"build-cache-{events}"))
    languages = [b.lang for b in report]
    return {"events": events, "pages": count_pages(project.site), "cold_build": cold,
            "per_language_s": {b.lang: dict(b.seconds) for b in report},
            "per_language_cpu_s": {b.lang: dict(b.cpu_seconds) for b in report},
            "anchors": anchors(project, languages, work / f"anchors-{events}", cold)}


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.3f}" if b else "–"


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


def timed(func, *args, **kwargs) -> tuple[dict, object]:
    """Wall and CPU seconds of one call, and its value. CPU: of this process and of the children
    it waited for during the call (`os.times`: a cold check's loading processes,
    `sitegen.build.fanout`)."""
    start, cpu = time.perf_counter(), _tree_cpu()
    value = func(*args, **kwargs)
    return {"wall_s": round(time.perf_counter() - start, 2), "cpu_s": round(_tree_cpu() - cpu, 2)}, value


def _tree_cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _median_timing(timings: list[dict]) -> dict:
    return {key: _median([t[key] for t in timings]) for key in ("wall_s", "cpu_s")}


def checks(content: Path, cache_file: Path, runs: int = 3) -> tuple[dict, object]:
    """`sitegen check` of the whole folder with the disk cache, as the command calls it (no
    model wanted: `model=False`, which may answer from the cache's manifest), wall and CPU
    seconds: cold (it writes the cache), warm with nothing changed (median of `runs`), warm
    as the build calls it (it wants the model, so the manifest cannot answer), and after one
    edit (median of `runs` edits, each of another event); then with a cache kept in memory,
    after one more edit. The corpus must be older than `CheckCache.settle_ns`: files changed
    since are not kept. Returns the figures, and the result of a check that made the model."""
    time.sleep(CheckCache.settle_ns / 1e9)
    cold, _ = timed(check, content, DiskCache(cache_file), model=False)
    warm = [timed(check, content, DiskCache(cache_file), model=False)[0] for _ in range(runs)]
    warm_model, result = timed(check, content, DiskCache(cache_file))
    edits = []
    for nth in (5, 6, 9)[:runs]:
        edit_one(content, nth=nth)
        edits.append(timed(check, content, DiskCache(cache_file), model=False)[0])
    memory = CheckCache()
    check(content, memory)
    edit_one(content, nth=7)
    memory_s, _ = seconds(check, content, memory)
    return {"check_s": cold["wall_s"], "check_warm_s": _median_timing(warm)["wall_s"],
            "check_after_edit_s": _median_timing(edits)["wall_s"], "check_in_memory_after_edit_s": memory_s,
            "check_cold": cold, "check_warm": _median_timing(warm), "check_warm_with_model": warm_model,
            "check_after_edit": _median_timing(edits)}, result


def one_file_checks(content: Path, work: Path, runs: int = 7) -> dict:
    """`sitegen check content/events/x.yaml` just after x was edited, with the disk cache of
    a check of the whole folder: in process (the library call, a new `DiskCache` each time,
    as each command has), and as a command in a new Python process; then what the command
    spends before checking: starting Python, and Python plus importing the modules `sitegen
    check` imports. The commands run with bytecode cached (in a folder of their own, as an
    installed package has it), whatever PYTHONDONTWRITEBYTECODE says. Medians of `runs`;
    `whole_warm_in_process_s`: the check of the whole folder with the same cache."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(SITEGEN_CACHE_DIR=str(work / "cli-cache"), PYTHONPYCACHEPREFIX=str(work / "pycache"))
    check(content, disk_cache(content, env))  # the editor's last check of the folder
    event = edit_one(content, nth=11)
    in_process = [seconds(check_file, event, disk_cache(content, env))[0] for _ in range(runs)]
    whole = [seconds(check, content, disk_cache(content, env))[0] for _ in range(3)]

    def command(*args: str) -> float:
        return seconds(subprocess.run, [sys.executable, *args], env=env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)[0]

    command("-m", "sitegen", "check", str(event))  # writes the bytecode
    cli = [command("-m", "sitegen", "check", str(event)) for _ in range(runs)]
    python = [command("-c", "pass") for _ in range(runs)]
    imports = [command("-c", "import sitegen.cli, sitegen.build.check, sitegen.build.cache") for _ in range(runs)]
    return {"in_process_s": _median(in_process), "command_s": _median(cli),
            "python_startup_s": _median(python), "python_and_imports_s": _median(imports),
            "whole_warm_in_process_s": _median(whole)}


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def catch_up(project: Project, languages: list[str], cache) -> None:
    """What the preview server does in the background after the reader's language."""
    build(project, say=lambda line: None, search=False, cache=cache, only=languages)
    refresh_search(project, say=lambda line: None)


def cli_startup() -> float:
    """What a `sitegen build` command adds to the in-process figures: starting Python and
    importing sitegen's modules (median of five)."""
    code = "import sitegen.cli, sitegen.build.run, sitegen.build.cache, sitegen.serve"
    runs = [seconds(subprocess.run, [sys.executable, "-c", code], check=True)[0] for _ in range(5)]
    return sorted(runs)[2]


def bench_checks(events: int, work: Path) -> dict:
    """The checks alone (`--only check`): no build."""
    content = work / f"content-{events}"
    generate(content, events)
    check_times, result = checks(content, work / f"check-cache-{events}")
    return {"events": events, "records": result.records, **check_times,
            "check_one_file": one_file_checks(content, work / f"one-{events}")}


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
            "exports_one_edit_s": exports_after_one_edit(model),
            "series": len({(f.source, f.kind, f.group) for e in model.events for f in e.figures}),
            "files_mb": {n: round(len(b) / 2**20, 1) for n, b in made.items() if n in files.NAMES}}


def exports_after_one_edit(model, runs: int = 3) -> float:
    """Median seconds of `sitegen.exports.publish.prepare` after one edited event (a new
    English title, and so a new digest), the data files of the model published before it
    (in a temporary folder, as a build stages and publishes them)."""
    from dataclasses import replace

    from sitegen.content.model import Text
    from sitegen.exports import publish

    with tempfile.TemporaryDirectory() as tmp:
        site, work, staging = Path(tmp, "site"), Path(tmp, "build"), Path(tmp, "staging")
        for folder in (site, work, staging):
            folder.mkdir()
        publish.stage(staging, work, publish.prepare(site, work, model), site)
        os.rename(staging / "data", site / "data")
        os.rename(work / f"{publish.STATE}.new", work / publish.STATE)
        times = []
        for n in range(runs):
            event = model.events[len(model.events) // 2 + n]
            title = Text(tuple((lang, ("Edited " if lang == "en" else "") + text) for lang, text in event.title.values))
            edited = replace(model, events=tuple(replace(e, title=title) if e is event else e for e in model.events),
                             digests={**model.digests, publish.EVENT + event.id: f"edited-{n}"})
            took, published = seconds(publish.prepare, site, work, edited)
            assert published.files is not None and b"Edited " in published.files["events.csv"]
            times.append(took)
    return sorted(times)[len(times) // 2]


def bench_exports(events: int, work: Path) -> dict:
    content = work / f"content-{events}"
    generate(content, events)
    model = check(content, None).content
    return {"events": events, **exports(model)}


def bench(events: int, work: Path, cold_only: bool = False) -> dict:
    content = work / f"content-{events}"
    generate(content, events)
    project = Project(ROOT, content, work / f"site-{events}", work / f"build-{events}")
    check_times, result = checks(content, work / f"check-cache-{events}")
    one_file = one_file_checks(content, work / f"one-{events}")
    languages = list(result.content.site.languages)
    report = []
    cache = lambda: DiskCache(work / f"build-cache-{events}")  # a new one per build, as `sitegen build` has
    cold = metered_build(project, report=report, cache=cache())
    cold_s = cold["total"]["wall_s"]
    pages = count_pages(project.site)
    # the same cold build with Pagefind one language at a time (the tightest memory budget)
    one = Project(ROOT, content, work / f"site-{events}-one", work / f"build-{events}-one")
    one_report = []
    cold_one = metered_build(one, memory_mb=1, report=one_report, cache=DiskCache(work / f"one-cache-{events}"))
    shards = sharded(events, work, content, languages, one.site)
    head = {
        "events": events,
        "records": result.records,
        "pages": pages,
        **check_times,
        "check_one_file": one_file,
        "cold_build": cold,
        "per_language_s": {b.lang: dict(b.seconds) for b in report},
        "per_language_cpu_s": {b.lang: dict(b.cpu_seconds) for b in report},
        "cold_build_one_pagefind_at_a_time": cold_one,
        "per_language_s_one_pagefind_at_a_time": {b.lang: dict(b.seconds) for b in one_report},
        "sharded": shards,
    }
    if cold_only:
        return head
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
    anchored = anchors(project, languages, work / f"anchors-{events}", cold)
    plain_s = anchored["plain_mkdocs"]["wall_s"]
    data_files = exports(check(content, None).content)
    return {
        **head,
        "stages_s": stages(content),
        "cold_build_s": cold_s,
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
        "anchors": anchored,
        "search_first_query_kb": first_query_bytes(project.site),
        "search_first_query_kb_with_delta": first_query_with_delta,
        "browse_first_view_kb": first_browse_bytes(project.site),
        **data_files,
        "peak_rss_mb_self": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_rss_mb_children": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--only", choices=("check",), help="check: time the checks alone, without building")
    parser.add_argument("--browse-only", action="store_true",
                        help="only a cold build and the Browse page's and search's first downloads")
    parser.add_argument("--cold-only", action="store_true",
                        help="only the check and the cold builds (whole, one Pagefind at a time, sharded)")
    parser.add_argument("--tools-share", action="store_true",
                        help="only a cold build with and one without the reader tools (maps, browse data, charts)")
    parser.add_argument("--tools-builds", nargs="+", default=["off", "on"],
                        choices=("off", "on", "without maps", "without browse", "without charts"),
                        help="with --tools-share: the builds to make, in this order (default: off on)")
    parser.add_argument("--anchors-only", action="store_true",
                        help="only a cold build and its anchors: plain MkDocs, Hugo, writing the site's bytes")
    parser.add_argument("--exports-only", action="store_true",
                        help="generate and check each corpus, then time only its data files")
    parser.add_argument("--apart", action="store_true",
                        help="the scale figures (checks, cold build, one edit, one latest event), each step in a "
                             "process of its own (benchmarks/apart.py); no plain MkDocs, browser or shards")
    args = parser.parse_args()
    if args.apart:
        from benchmarks import apart

        with tempfile.TemporaryDirectory() as tmp:
            print(apart.TABLE_HEAD, flush=True)
            for events in args.sizes:
                figures = apart.bench(events, Path(tmp), say=lambda line: print(line, file=sys.stderr, flush=True))
                print(json.dumps(figures, ensure_ascii=False), flush=True)
                print(apart.table(figures), flush=True)
                print(apart.LANGUAGE_HEAD, apart.language_table(events, figures["cold_build"]), sep="\n", flush=True)
        return
    run = (bench_checks if args.only == "check" else browse_only if args.browse_only
           else functools.partial(tools_share, builds=args.tools_builds) if args.tools_share
           else bench_exports if args.exports_only else bench_anchors if args.anchors_only
           else functools.partial(bench, cold_only=args.cold_only))
    with tempfile.TemporaryDirectory() as tmp:
        for events in args.sizes:
            figures = run(events, Path(tmp))
            print(json.dumps(figures, ensure_ascii=False), flush=True)
            if "cold_build_one_pagefind_at_a_time" in figures:
                print(stage_table(figures), flush=True)
            if "anchors" in figures:
                print(anchor_table(figures), flush=True)


def stage_table(figures: dict) -> str:
    """The cold builds' stages as a Markdown table, for benchmarks/README.md."""
    rows = ["| events | build | stage | wall s | CPU s | peak PSS MB | pages/s |", "|---:|---|---|---:|---:|---:|---:|"]
    builds = {"whole": figures["cold_build"], "one Pagefind at a time": figures["cold_build_one_pagefind_at_a_time"]}
    builds.update({f"shard {lang}": {"total": t} for lang, t in figures["sharded"]["shards"].items()})
    builds["assemble"] = {"total": figures["sharded"]["assemble"]}
    for name, stages in builds.items():
        for stage, s in stages.items():
            rows.append(f"| {figures['events']:,} | {name} | {stage} | {s['wall_s']} | {s['cpu_s']} | "
                        f"{s['peak_pss_mb']:,} | {s['pages_per_s']} |")
    return "\n".join(rows)


if __name__ == "__main__":
    main()
