"""One language's build, start to end, in a worker process.

Render the pages whose inputs changed (all without a trusted last build), write the
Markdown tree, let MkDocs build the hubs and page shells when a hub changed, fill every
other changed page into its shell, index the language for search (whole, or the pages
changed since into a delta: `sitegen.search`), sign what was written and save the new
state beside the old one. The parent process then only moves files into place.
"""

from __future__ import annotations

import hashlib
import html
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from . import search, state, urls
from .config import dump_config, entity_excludes, is_hub, language_config, read_base
from .deps import Fingerprints
from .i18n import load_translations, plural_samples
from .labels import search_strings, theme_strings
from .link import Model
from .project import BuildError, Project
from .render import Rendered, render_language
from .shell import SHELLS, Converter, Shell, shell_sources
from .sitemap import sitemap
from .state import State
from .write import write_if_changed, write_new, write_tree

QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


@dataclass(frozen=True)
class Job:
    project: Project
    lang: str
    staging: Path   # the language's new files go to staging/<lang>
    epoch: int      # the build date
    inputs: str     # digest of everything but the records (see build._inputs_digest)
    search: bool    # index changed pages for search now (whole builds always are)


@dataclass(frozen=True)
class LanguageBuild:
    lang: str
    pages: int
    rendered: int
    converted: int
    full: bool                      # the language folder was built whole; else changed files replace theirs
    removed: tuple[str, ...]        # pages of the last build that no longer exist
    search_changed: tuple[str, ...]  # pages changed since the main search bundle was made
    search_stale: bool = False      # its search misses changed pages until `refresh_search`
    indexed: search.Indexed | None = None  # what was indexed for search, to publish
    seconds: tuple[tuple[str, float], ...] = ()  # time per stage: render, mkdocs, fill, search


_given: dict = {}  # in a worker process: what it was started with


def start_worker(model: Model) -> None:
    _given["model"] = model


def state_path(project: Project, lang: str) -> Path:
    return project.work / f"state-{lang}.json"


def new_state_path(project: Project, lang: str) -> Path:
    """Where a worker leaves the new state; the parent moves it over the old one once the
    language's files are in place."""
    return project.work / f"state-{lang}.json.new"


def build_language(job: Job) -> LanguageBuild:
    """One language; only pages whose inputs changed since the last build are rendered,
    converted and indexed again."""
    model, lang, out = _given["model"], job.lang, job.staging / job.lang
    clock = [("start", time.perf_counter())]
    previous = state.load(state_path(job.project, lang), job.project.site / lang)
    previous = previous if previous and previous.inputs == job.inputs else None
    fingerprints = Fingerprints(model)
    rendered = _render(job.project, model, lang, _stale(previous, fingerprints))
    changed = _write_docs(job.project, job.project.work / "docs" / lang, rendered, previous)
    config, config_path, config_changed = _configure(job.project, model, lang, job.staging)
    clock.append(("render", time.perf_counter()))
    mkdocs = previous is None or config_changed or any(is_hub(p) for p in changed)
    if mkdocs:
        _mkdocs(config_path, job.epoch)
        shells = {d: (out / urls.url(p) / "index.html").read_text(encoding="utf-8") for d, p in SHELLS.items()}
        shutil.rmtree(out / "_shell")
        if previous is not None and {str(d): h for d, h in shells.items()} != previous.shells:
            previous = None  # the theme's page around every page changed: convert them all
            rendered = _render(job.project, model, lang, None)
    else:
        shells = {int(d): h for d, h in previous.shells.items()}
    clock.append(("mkdocs", time.perf_counter()))
    digests = _digests(rendered, previous)
    fresh = {p for p in rendered.pages if previous is None or previous.markdown.get(p) != digests[p]}
    filled = {d: Shell(h, SHELLS[d]) for d, h in shells.items()}
    converted = _fill(rendered, fresh, out, filled, config)
    if mkdocs or list(previous.markdown) != list(rendered.paths):  # else the sitemap stays as it is
        _write_sitemap(out, rendered.paths, job.epoch)
    clock.append(("fill", time.perf_counter()))
    removed = tuple(sorted(set(previous.pages) - set(rendered.paths))) if previous else ()
    new = _new_state(job.inputs, rendered, previous, fingerprints, shells, digests)
    if previous is not None:  # the main search bundle stays; a delta covers the changed pages
        hubs = [p for p in changed if is_hub(p) and p in digests]
        new.search_ids = previous.search_ids
        new.search_changed = sorted(set(previous.search_changed).union(converted, removed, hubs))
        new.search_stale = bool(converted or removed or hubs or previous.search_stale)
    indexed = _search(job, new, whole=previous is None)
    clock.append(("search", time.perf_counter()))
    new.files = state.updated({} if previous is None else previous.files, out,
                              [urls.url(p) + "index.html" for p in removed],
                              indexed.markers() if indexed else {})
    state.save(new_state_path(job.project, lang), new)
    seconds = tuple((name, round(t - clock[i][1], 3)) for i, (name, t) in enumerate(clock[1:]))
    return LanguageBuild(lang, len(rendered.paths), len(rendered.pages), len(converted), previous is None, removed,
                         tuple(new.search_changed), new.search_stale, indexed, seconds)


def _search(job: Job, new: State, whole: bool) -> search.Indexed | None:
    """Index the language whole (a whole build), or what its search owes when asked to;
    brings the state's search record up to date."""
    out = job.staging / job.lang
    if whole:
        indexed, new.search_ids = search.index_language(out)
        new.search_changed = []
        return indexed
    if job.search and new.search_stale:
        return update_search(job.lang, new, [out, job.project.site / job.lang], job.staging)
    return None


def update_search(lang: str, known: State, sources: list[Path], staging: Path) -> search.Indexed:
    """Index what a language's search owes (`sitegen.search.update`) and bring its state's
    search record up to date; pages are read from the first of `sources` that has them."""
    pages = [p for p in known.markdown if p.endswith(".md")]
    indexed, known.search_ids = search.update(lang, pages, known.search_changed, known.search_ids, sources, staging)
    known.search_changed = [] if indexed.whole else known.search_changed
    known.search_stale = False
    return indexed


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
    """What each page read, with the fingerprints now. A page not rendered again keeps its
    list: the last build's tokens keep their places, and tokens read for the first time
    are added after them (the table is sorted afresh in a whole build)."""
    names = list(previous.tokens) if previous else []
    index = {t: i for i, t in enumerate(names)}
    pages: dict[str, list[int]] = {}
    for path in rendered.paths:
        fresh = rendered.reads.get(path)
        if fresh is None:
            pages[path] = previous.pages[path]
            continue
        for token in sorted(t for t in fresh if t not in index):  # not `fresh - index.keys()`: that walks every key
            index[token] = len(names)
            names.append(token)
        pages[path] = sorted(index[t] for t in fresh)
    if previous is None:
        names, pages = _sorted_tokens(names, pages)
    return State(
        inputs=inputs,
        tokens={t: fingerprints[t] for t in names},
        pages=pages,
        shells={str(d): h for d, h in sorted(shells.items())},
        markdown={p: digests[p] for p in rendered.paths},
    )


def _sorted_tokens(names: list[str], pages: dict[str, list[int]]) -> tuple[list[str], dict[str, list[int]]]:
    order = sorted(range(len(names)), key=names.__getitem__)
    place = {old: new for new, old in enumerate(order)}
    return [names[i] for i in order], {p: sorted(place[i] for i in ts) for p, ts in pages.items()}


def _write_docs(project: Project, docs: Path, rendered: Rendered, previous: State | None) -> set[str]:
    """The Markdown tree; returns the paths whose bytes changed."""
    files = {**rendered.pages, **shell_sources(), **_assets(project)}
    if previous is None:
        return write_tree(docs, files)
    for path in set(previous.pages) - set(rendered.paths):
        (docs / path).unlink(missing_ok=True)
    return {rel for rel, data in files.items() if write_if_changed(docs / rel, data)}


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
        search_strings(translations, plural_samples(lang)), theme_strings(translations),
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


def _fill(rendered: Rendered, fresh: set[str], out: Path, shells: dict, config: dict) -> list[str]:
    """Write every page whose Markdown is new and that MkDocs does not build, converted
    into its shell. Returns the pages converted."""
    paths = sorted(p for p in fresh if not is_hub(p) and p.endswith(".md"))
    convert = Converter(config) if paths else None
    for path in paths:
        title, body = convert.page(rendered.pages[path])
        html = shells[urls.depth(path)].fill(title, body, path, searchable=not urls.is_listing(path))
        write_new(f"{out}/{urls.url(path)}index.html", html)
    return paths


def _write_sitemap(out: Path, paths, epoch: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "sitemap.xml").write_text(sitemap(sorted(urls.url(p) for p in paths if p.endswith(".md")), epoch), encoding="utf-8")
    (out / "sitemap.xml.gz").unlink(missing_ok=True)
