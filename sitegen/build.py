"""`sitegen build`: check, link, then per language (one process each, sharing the cores so
that none idles while the last language finishes) render
the Markdown tree, let MkDocs build the hubs and page shells, fill every other page
into its shell, and let Pagefind index the language for search (whole, or only the pages
changed since, see `sitegen.search`).

Everything is read and checked before anything is written; the new site is built beside
the old one and swapped in only when every language built. Pages whose Markdown and
shell did not change are taken over from the previous site instead of converted again.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from . import state, urls
from .check import CheckResult, check
from .config import dump_config, entity_excludes, is_hub, language_config, read_base
from .deps import Fingerprints
from .i18n import direction, language_name, load_translations, plural_samples
from .labels import search_strings
from .link import Model, link
from .model import Content
from .render import Rendered, render_language
from .search import SearchError, Update, finish_update, finish_whole, index_whole, publish, start_update, stop
from .shell import SHELLS, Converter, Shell, ShellError, shell_sources
from .sitemap import sitemap
from .state import State
from .write import swap_in, write_if_changed, write_new, write_tree

QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


@dataclass(frozen=True)
class Project:
    """Where a project's inputs and outputs live."""

    root: Path
    content: Path
    site: Path
    work: Path

    @classmethod
    def at(cls, root: Path, content: str | None = None, site: str | None = None) -> "Project":
        return cls(root, root / (content or "content"), root / (site or "site"), root / "build")

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def locale(self) -> Path:
        return self.root / "locale"

    @property
    def guide(self) -> Path:
        return self.root / "docs" / "content-format.md"


class BuildError(Exception):
    pass


@dataclass(frozen=True)
class LanguageBuild:
    lang: str
    pages: int
    rendered: int
    converted: int
    full: bool                   # the language folder was built whole; else changed files replace theirs
    removed: tuple[str, ...]     # pages of the last build that no longer exist
    state: State
    search_stale: bool = False   # its search misses changed pages (whole builds index it anyway)
    seconds: tuple[tuple[str, float], ...] = ()  # time per stage: render, mkdocs, fill


def build(project: Project, strict: bool = False, say=print, workers: int = 4, report=None,
          search: bool = True, cache=None) -> CheckResult:
    """Build `project.site`; raises BuildError (leaving the old site) on any failure.
    With `search=False`, languages updated in place keep their old search bundles until
    `refresh_search` (the preview server does that in the background). A check `cache`
    (see `sitegen.cache`) spares checking the files unchanged since its last check."""
    result = check(project.content, cache)
    say(result.summary())
    if result.failed(strict):
        raise BuildError("\n".join(result.report()[:-1]))
    content = result.content
    staging = project.site.with_name(project.site.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    epoch = _epoch(content)
    inputs = _inputs_digest(project, content, epoch)
    jobs = [(project, lang, staging, epoch, inputs) for lang in content.site.languages]
    try:
        builds = _build_languages(content, jobs, staging, say, workers)
        owed = {b.lang: b.state for b in builds if b.search_stale} if search else {}
        updates = _update_search(owed, staging, project.site)  # before anything is replaced
        for lang_build in builds:
            _put_in_place(lang_build, staging, project.site)
        for update in updates:
            publish(update, project.site / update.lang, staging)
        builds = [replace(b, search_stale=False) if b.lang in owed else b for b in builds]
        say(_search_summary(builds, updates))
    except (BuildError, SearchError, ShellError, urls.PathError) as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(str(err)) from None
    _finish_site(project, content, builds)
    shutil.rmtree(staging, ignore_errors=True)
    if report is not None:
        report.extend(builds)
    say(f"site: {project.site}")
    return result


def _build_languages(content: Content, jobs, staging: Path, say, workers: int) -> list[LanguageBuild]:
    """Every language in its own process; a whole language is indexed for search as soon
    as it is done, while the others still build. The model is linked once, here, and
    reaches the workers as they fork (inherited: not pickled, not linked three times)."""
    builds, searches = [], []
    model = link(content)  # once, before the workers fork
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=multiprocessing.get_context("fork"),
                                 initializer=_start_worker, initargs=(model,)) as pool:
            futures = [pool.submit(_build_language, job) for job in jobs]
            for done, future in enumerate(as_completed(futures), 1):
                lang_build = future.result()
                builds.append(lang_build)
                if lang_build.full:
                    searches.append((lang_build, index_whole(staging / lang_build.lang)))
                bar = "#" * done + "-" * (len(jobs) - done)
                say(f"{lang_build.lang}: {lang_build.pages} pages, {lang_build.rendered} rendered, "
                    f"{lang_build.converted} converted [{bar}] {done}/{len(jobs)}")
        for lang_build, indexing in searches:
            lang_build.state.search_ids = finish_whole(indexing, staging / lang_build.lang)
    finally:
        stop(indexing for _, indexing in searches)
    return sorted(builds, key=lambda b: b.lang)


def _put_in_place(lang_build: LanguageBuild, staging: Path, site: Path) -> None:
    """A whole language folder replaces the old one; otherwise changed pages (and, when
    MkDocs ran, the hubs and theme files it made) replace theirs one by one and pages
    that are gone are removed."""
    new, target = staging / lang_build.lang, site / lang_build.lang
    if lang_build.full:
        site.mkdir(parents=True, exist_ok=True)
        swap_in(new, target, staging / f"{lang_build.lang}.old")
        return
    for path in sorted(lang_build.removed):
        page = target / urls.url(path) / "index.html"
        page.unlink(missing_ok=True)
        _remove_empty(page.parent, target)
    for file in sorted(f for f in new.rglob("*") if f.is_file()):
        dest = target / file.relative_to(new)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(file, dest)


def _remove_empty(folder: Path, top: Path) -> None:
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _update_search(owed: dict[str, State], staging: Path, site: Path) -> list[Update]:
    """Index, beside the site, the pages each language's search lacks (`owed`, language ->
    its new state): into a delta bundle, or the whole language when too many changed. A
    page is read from the new pages in `staging` first, then from the site. Brings each
    state up to date with the bundles `publish` will put in place."""
    updates = []
    try:
        for lang, known in owed.items():
            pages = [p for p in known.markdown if p.endswith(".md")]
            updates.append(start_update(lang, pages, known.search_changed, [staging / lang, site / lang], staging))
        for update in updates:
            known = owed[update.lang]
            known.search_ids = finish_update(update, known.search_ids)
            known.search_changed = [] if update.compact else known.search_changed
            known.search_stale = False
    finally:
        stop(update.indexing for update in updates)
    return updates


def _search_summary(builds, updates: list[Update]) -> str:
    done = [f"{b.lang} (whole)" for b in builds if b.full]
    done += [_update_summary(u) for u in updates]
    later = [b.lang for b in builds if b.search_stale]
    return (f"search: indexed with Pagefind: {', '.join(sorted(done)) or 'none (no page changed)'}"
            + (f"; not yet: {', '.join(later)}" if later else ""))


def _update_summary(update: Update) -> str:
    if update.compact:
        return f"{update.lang} (whole: {len(update.changed)} pages had changed)"
    return f"{update.lang} (delta: {update.pages} of {len(update.changed)} changed pages)"


def refresh_search(project: Project, say=print) -> None:
    """Index the pages that `search=False` builds left out of each language's search."""
    staging = project.site.with_name(project.site.name + ".search")
    owed = {}
    for folder in sorted(p for p in project.site.iterdir() if p.is_dir()):
        previous = state.load(_state_path(project, folder.name), folder)
        if previous is not None and previous.search_stale:
            owed[folder.name] = previous
    if not owed:
        return
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        updates = _update_search(owed, staging, project.site)
        for update in updates:
            publish(update, project.site / update.lang, staging)
    except SearchError as err:
        raise BuildError(str(err)) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for lang, known in owed.items():
        known.files = state.with_markers(known.files, project.site / lang)
        state.save(_state_path(project, lang), known)
    say(f"search: indexed with Pagefind: {', '.join(_update_summary(u) for u in updates)}")


def _finish_site(project: Project, content: Content, builds) -> None:
    """The root page, no folders of languages no longer built, and each language's state."""
    _write_root_index(project, content, project.site)
    for folder in project.site.iterdir():
        if folder.is_dir() and folder.name not in content.site.languages:
            shutil.rmtree(folder)
    for b in builds:
        b.state.search_stale = b.search_stale
        b.state.files = state.with_markers(b.state.files, project.site / b.lang)
        state.save(_state_path(project, b.lang), b.state)


_given: dict = {}  # in a worker process: what it was started with


def _start_worker(model: Model) -> None:
    _given["model"] = model


def _build_language(job) -> LanguageBuild:
    """One language, start to end; runs in a worker process. Only pages whose inputs
    changed since the last build are rendered and converted again."""
    project, lang, staging, epoch, inputs = job
    model = _given["model"]
    clock = [("start", time.perf_counter())]
    previous = state.load(_state_path(project, lang), project.site / lang)
    previous = previous if previous and previous.inputs == inputs else None
    fingerprints = Fingerprints(model)
    rendered = _render(project, model, lang, _stale(previous, fingerprints))
    docs = project.work / "docs" / lang
    changed = _write_docs(project, docs, rendered, previous)
    config, config_path, config_changed = _configure(project, model, lang, staging)
    clock.append(("render", time.perf_counter()))
    out = staging / lang
    if previous is None or config_changed or any(is_hub(p) for p in changed):
        _mkdocs(config_path, epoch)
        shells = {d: (out / urls.url(p) / "index.html").read_text(encoding="utf-8") for d, p in SHELLS.items()}
        shutil.rmtree(out / "_shell")
        if previous is not None and {str(d): h for d, h in shells.items()} != previous.shells:
            previous = None  # the theme's page around every page changed: convert them all
            rendered = _render(project, model, lang, None)
    else:
        shells = {int(d): h for d, h in previous.shells.items()}
    full = previous is None  # a whole new folder; else what changed (and MkDocs' hubs) replaces its files
    clock.append(("mkdocs", time.perf_counter()))
    converter = Converter(config)
    filled = {d: Shell(h, SHELLS[d]) for d, h in shells.items()}
    digests = _digests(rendered, previous)
    fresh = {p for p in rendered.pages if previous is None or previous.markdown.get(p) != digests[p]}
    converted = _fill(rendered, fresh, out, filled, converter)
    _write_sitemap(out, rendered.paths, epoch)
    clock.append(("fill", time.perf_counter()))
    removed = tuple(sorted(set(previous.pages) - set(rendered.paths))) if previous else ()
    new_state = _new_state(inputs, rendered, previous, fingerprints, shells, digests)
    new_state.files = state.updated({} if full else previous.files, out, [urls.url(p) + "index.html" for p in removed])
    stale = False
    if not full:  # the main search bundle stays; the delta will cover the changed pages
        hubs = [p for p in changed if is_hub(p) and p in digests]
        new_state.search_ids = previous.search_ids
        new_state.search_changed = sorted(set(previous.search_changed).union(converted, removed, hubs))
        stale = bool(converted or removed or hubs or previous.search_stale)  # saved with the state
    seconds = tuple((name, round(t - clock[i][1], 3)) for i, (name, t) in enumerate(clock[1:]))
    return LanguageBuild(lang, len(rendered.paths), len(rendered.pages), len(converted), full, removed, new_state,
                         stale, seconds)


def _stale(previous: State | None, fingerprints: Fingerprints):
    """Which pages to render: all without a usable last build; else hubs, new pages, and
    pages that read a token whose fingerprint changed."""
    if previous is None:
        return None
    names = list(previous.tokens)
    changed = {i for i, name in enumerate(names) if fingerprints[name] != previous.tokens[name]}
    return lambda path: is_hub(path) or path not in previous.pages or not changed.isdisjoint(previous.pages[path])


def _digests(rendered: Rendered, previous: State | None) -> dict[str, str]:
    """A digest of every page's Markdown: fresh for rendered pages, the last build's for the others."""
    digests = {p: hashlib.blake2b(text.encode("utf-8"), digest_size=10).hexdigest() for p, text in rendered.pages.items()}
    for path in rendered.paths:
        if path not in digests:
            digests[path] = previous.markdown[path]
    return digests


def _new_state(inputs: str, rendered: Rendered, previous: State | None, fingerprints: Fingerprints, shells,
               digests: dict[str, str]) -> State:
    names = list(previous.tokens) if previous else []
    reads: dict[str, list[str]] = {}
    for path in rendered.paths:
        fresh = rendered.reads.get(path)
        reads[path] = sorted(fresh) if fresh is not None else previous.reads(path, names)
    tokens = sorted({t for ts in reads.values() for t in ts})
    index = {t: i for i, t in enumerate(tokens)}
    return State(
        inputs=inputs,
        tokens={t: fingerprints[t] for t in tokens},
        pages={p: [index[t] for t in ts] for p, ts in reads.items()},
        shells={str(d): h for d, h in sorted(shells.items())},
        markdown={p: digests[p] for p in rendered.paths},
    )


def _write_docs(project: Project, docs: Path, rendered: Rendered, previous: State | None) -> set[str]:
    """The Markdown tree; returns the paths whose bytes changed."""
    files = {**rendered.pages, **shell_sources(), **_assets(project)}
    if previous is None:
        return write_tree(docs, files)
    for path in set(previous.pages) - set(rendered.paths):
        (docs / path).unlink(missing_ok=True)
    return {rel for rel, data in files.items() if write_if_changed(docs / rel, data)}


def _state_path(project: Project, lang: str) -> Path:
    return project.work / f"state-{lang}.json"


def _inputs_digest(project: Project, content: Content, epoch: int) -> str:
    """Everything a page depends on besides the records: code, templates, catalogs,
    configuration, the guide, the site settings and the build date."""
    digest = hashlib.sha256(repr((content.site, epoch, sys.version)).encode())
    roots = [Path(__file__).parent, project.templates, project.locale]
    files = [p for root in roots for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    for path in files + [project.root / "mkdocs.yml", project.guide]:
        digest.update(str(path).encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def _render(project: Project, model: Model, lang: str, only) -> Rendered:
    extra = {urls.GUIDE: project.guide.read_text(encoding="utf-8")} if project.guide.is_file() else {}
    return render_language(model, lang, project.templates, project.locale, extra, only)


def _assets(project: Project) -> dict[str, bytes]:
    return {f"assets/{p.name}": p.read_bytes() for p in sorted((project.templates / "assets").glob("*"))}


def _configure(project: Project, model: Model, lang: str, staging: Path) -> tuple[dict, Path, bool]:
    site = model.content.site
    title = html.escape(site.title.get(lang, site.default_language)[0])  # themes print it raw
    translations = load_translations(project.locale, lang)
    config = language_config(
        read_base(project.root / "mkdocs.yml"), lang, site.languages, title,
        (project.work / "docs" / lang).resolve(), (staging / lang).resolve(),
        (project.templates / "theme").resolve(), translations.gettext,
        search_strings(translations, plural_samples(lang)),
    )
    config["exclude_docs"] = entity_excludes()
    path = project.work / f"mkdocs-{lang}.yml"
    changed = write_if_changed(path, dump_config(config))
    return config, path, changed


def _mkdocs(config: Path, epoch: int) -> None:
    env = {**os.environ, **QUIET_ENV, "SOURCE_DATE_EPOCH": str(epoch)}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"mkdocs build with {config} failed:\n{(done.stdout + done.stderr).strip()}")


def _fill(rendered: Rendered, fresh: set[str], out: Path, shells: dict, convert: Converter) -> list[str]:
    """Write every page whose Markdown is new and that MkDocs does not build, converted
    into its shell. Returns the pages converted."""
    converted = []
    for path in sorted(fresh):
        if is_hub(path) or not path.endswith(".md"):
            continue
        title, body = convert.page(rendered.pages[path])
        html = shells[urls.depth(path)].fill(title, body, path, searchable=not urls.is_listing(path))
        write_new(f"{out}/{urls.url(path)}index.html", html)
        converted.append(path)
    return converted


def _write_sitemap(out: Path, paths, epoch: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "sitemap.xml").write_text(sitemap(sorted(urls.url(p) for p in paths if p.endswith(".md")), epoch), encoding="utf-8")
    (out / "sitemap.xml.gz").unlink(missing_ok=True)


def _epoch(content: Content) -> int:
    """A build date taken from the content, so the same content gives the same bytes."""
    days = [e.date.last_day for e in content.events if e.date.end]
    year, month, day = max(days, default=(2000, 1, 1))
    return calendar.timegm((year, month, day, 0, 0, 0))


def _write_root_index(project: Project, content: Content, out: Path) -> None:
    site = content.site
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(project.templates)), autoescape=True)
    languages = [{"code": l, "name": language_name(l), "dir": direction(l)} for l in site.languages]
    page = env.get_template("language-redirect.html.j2").render(
        title=site.title.get(site.default_language, site.default_language)[0],
        languages=languages, codes=list(site.languages), default=site.default_language,
    )
    write_if_changed(out / "index.html", page)
