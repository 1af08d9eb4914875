"""One language's build, start to end, in a worker process.

Render the pages whose inputs changed (all without a trusted last build), write the
Markdown tree, let MkDocs build the hubs and page shells when a hub changed, fill every
other changed page into its shell, index the language for search (whole, or the pages
changed since into a delta: `sitegen.build.search`), sign what was written and save the new
state beside the old one. The parent process then only moves files into place.
"""

from __future__ import annotations

import contextlib
import gc
import html
import json
import os
import posixpath
import shutil
import stat
import time
from collections import ChainMap
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import engine, hosting, lifetime, offline, search, state
from ..pages import facets, maps, urls
from .config import entity_excludes, is_hub, language_extra, read_base
from ..pages.deps import Fingerprints
from ..exports import datapage, feeds
from .hosting import NOT_FOUND_PAGE
from ..pages.i18n import direction, load_translations, plural_samples
from ..pages.labels import PERMANENT_LINK, search_strings, theme_strings
from ..content.link import Model
from ..pages.notfound import HOME_LEAD, not_found_page
from ..pages.pagekinds import KINDS, page_slice, pages_of
from .project import BuildError, Project
from ..pages.render import Rendered, browse_data, map_data, render_language
from .shell import ADVICE, META, Converter, Shell, ShellError, Tocs, shell_key, shell_paths, shell_sources
from ..pages.sitemap import sitemap
from .state import State
from ..content.digests import short_digest
from .write import make_dirs, read_bytes, remove, replace_file, write_if_changed, write_new, write_tree



@dataclass(frozen=True)
class Job:
    project: Project
    lang: str
    staging: Path   # the language's new files go to staging/<lang>
    epoch: int      # the build date
    inputs: str     # digest of everything but the records (see build._inputs_digest)
    search: bool    # index changed pages for search now (whole builds always are)
    data_sizes: tuple[tuple[str, int], ...] = ()  # the site's data files and their sizes (Data page)
    engine: str = "fast"  # or "mkdocs": MkDocs builds every page (sitegen.build.engine)
    site_url: str | None = None  # mkdocs.yml's site_url, ending in "/" (sitegen.build.hosting): permalinks
    search_mb: float | None = None  # what each part of the search is cut to fit (MiB; sitegen.build.budget.part_run_mb)
    search_cut: int | None = None  # into how many parts the search is cut, if given (`--search-parts`): not by search_mb
    share: int | None = None  # build share k of the search_cut only (`--share k/n`; sitegen.build.shards)


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
    seconds: tuple[tuple[str, float], ...] = ()  # wall time per stage: render, mkdocs, fill, search wait, search, state
    cpu_seconds: tuple[tuple[str, float], ...] = ()  # CPU time per stage, the same stages (`cpu_clock`)
    system_seconds: tuple[tuple[str, float], ...] = ()  # of which in the kernel (system time), the same stages
    browse_events: tuple[str, ...] = ()  # a share's: the Browse page's events in order, for assemble's browse-ids.json


_given: dict = {}  # in a worker process: what it was started with


def start_worker(model: Model, search_slots=None, parent: int | None = None) -> None:
    """In a language worker, first thing: the linked model, and the semaphore (shared by the
    workers, inherited as they fork) that bounds the Pagefind runs at once
    (`sitegen.build.budget`); None: no bound. The worker lives for one build: the model and
    everything else it inherited are frozen (`gc.freeze`), so its collections never scan
    them again while it renders (interpreter-wide, but the interpreter is the worker's).
    `parent`: the building process's pid, taken before the fork (`sitegen.build.lifetime`)."""
    lifetime.start_worker(parent)
    gc.freeze()
    _given["model"] = model
    _given["search_slots"] = search_slots


def cpu_clock() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its children that ended and were
    waited for (Pagefind's runs), since the process started, and of them those in the kernel
    (system time: file system, page faults, reclaim)."""
    times = os.times()
    system = times.system + times.children_system
    return times.user + times.children_user + system, system


def state_path(project: Project, lang: str) -> Path:
    return project.work / f"state-{lang}.json"


def new_state_path(project: Project, lang: str) -> Path:
    """Where a worker leaves the new state; the parent moves it over the old one once the
    language's files are in place."""
    return project.work / f"state-{lang}.json.new"


def build_language(job: Job) -> LanguageBuild:
    """One language; only pages whose inputs changed since the last build are rendered,
    converted and indexed again. A template error (the project's Markdown templates or
    the theme's) raises BuildError `template:line: error: ...`."""
    try:
        return _build_language(job)
    except jinja2.TemplateError as err:
        raise BuildError(engine.template_error(err)) from None


def _build_language(job: Job) -> LanguageBuild:
    model, lang, out = _given["model"], job.lang, job.staging / job.lang
    clock = [("start", time.perf_counter(), cpu_clock())]
    previous = state.load(state_path(job.project, lang), job.project.site / lang)
    previous = previous if previous and previous.inputs == job.inputs else None
    if job.engine != "fast" or job.share is not None:
        previous = None  # MkDocs builds every page, a share is always whole: nothing is kept from the last build
    make_dirs(job.project.work, f"docs/{lang}")
    fingerprints = Fingerprints(model)
    docs = job.project.work / "docs" / lang
    rendered = _render(job.project, model, lang, _stale(previous, fingerprints, docs), job.data_sizes, job.site_url)
    _keep_listings_out_of_search(rendered)
    translations = load_translations(job.project.locale, lang)
    changed = _write_docs(job.project, docs, rendered, previous, translations)
    config = _configure(job.project, model, lang, job.staging, translations, job.engine)
    clock.append(("render", time.perf_counter(), cpu_clock()))
    # hubs changed since the last build's state, not since the Markdown tree on disk, which
    # a build that failed after writing it may have left ahead of the site (MkDocs reads
    # only hubs; every other page is converted from memory, so no other file of the tree
    # ahead of the state matters)
    changed_hubs = [p for p in rendered.pages if is_hub(p) and (previous is None or previous.markdown.get(p)
                    != _digest(rendered.pages[p]))]
    mkdocs = previous is None or bool(changed_hubs) or any(is_hub(p) for p in changed)
    if mkdocs:
        engine.build(config, job.epoch)
        if config.extra["offline"]:
            offline.rewrite_tree(out)
        shells = {k: (out / urls.url(p) / "index.html").read_text(encoding="utf-8")
                  for k, p in shell_paths(_depths(rendered)).items()}
        shutil.rmtree(out / "_shell")
        _write_not_found(job.project, model, lang, out, config)
        if previous is not None and {str(d): h for d, h in shells.items()} != previous.shells:
            previous = None  # the theme's page around every page changed: convert them all
            rendered = _render(job.project, model, lang, None, job.data_sizes, job.site_url)
            _keep_listings_out_of_search(rendered)
    else:
        shells = dict(previous.shells)
    clock.append(("mkdocs", time.perf_counter(), cpu_clock()))
    digests = _digests(rendered, previous)
    fresh = {p for p in rendered.pages if previous is None or previous.markdown.get(p) != digests[p]}
    converted = _fill(rendered, fresh, out, shells, config) if job.engine == "fast" else []
    _write_sitemap(out, rendered.paths, job.epoch, model.content.site, lang, config)
    removed = tuple(sorted(set(previous.pages) - set(rendered.paths))) if previous else ()
    _write_feed(out, job.project.site / lang, model, lang, whole=previous is None, pages_changed=bool(fresh or removed))
    _write_map_data(out, job.project.site / lang, job.project, model, lang, previous, digests, rendered)
    pages_changed = bool(fresh or removed)
    _write_browse_data(out, job.project.site / lang, job.project, model, lang, previous, pages_changed, rendered)
    clock.append(("fill", time.perf_counter(), cpu_clock()))
    new = _new_state(job.inputs, rendered, previous, fingerprints, shells, digests)
    if previous is not None:  # the main search bundle stays; a delta covers the changed pages
        hubs = [p for p in set(changed).union(changed_hubs) if is_hub(p) and p in digests]
        new.search_ids = previous.search_ids
        new.search_parts = previous.search_parts
        new.search_changed = sorted(set(previous.search_changed).union(converted, removed, hubs))
        new.search_stale = bool(converted or removed or hubs or previous.search_stale)
    pages, rendered_count = len(rendered.paths), len(rendered.pages)
    del rendered, digests, fresh  # the pages, freed before Pagefind, the largest process, runs
    with _given.get("search_slots") or contextlib.nullcontext():  # waits for a slot in the memory budget
        clock.append(("search wait", time.perf_counter(), cpu_clock()))
        indexed = _search(job, new, whole=previous is None)
    new.browse_events = list(model.latest)
    if job.share is None:  # a share's: written by assemble, from every part's ids
        _write_browse_ids(out, job.project.site / lang, new, indexed, whole=previous is None,
                          pages_changed=pages_changed)
    clock.append(("search", time.perf_counter(), cpu_clock()))
    new.files = state.updated({} if previous is None else previous.files, out,
                              [urls.url(p) + "index.html" for p in removed]
                              + gone_parts(previous.search_parts if previous else 1, new.search_parts),
                              indexed.markers() if indexed else {})
    state.save(new_state_path(job.project, lang), new)
    clock.append(("state", time.perf_counter(), cpu_clock()))
    seconds = tuple((name, round(t - clock[i][1], 3)) for i, (name, t, _) in enumerate(clock[1:]))
    cpu_seconds = tuple((name, round(c[0] - clock[i][2][0], 3)) for i, (name, _, c) in enumerate(clock[1:]))
    system_seconds = tuple((name, round(c[1] - clock[i][2][1], 3)) for i, (name, _, c) in enumerate(clock[1:]))
    return LanguageBuild(lang, pages, rendered_count, len(converted), previous is None, removed,
                         tuple(new.search_changed), new.search_stale, indexed, seconds,
                         cpu_seconds, system_seconds, tuple(new.browse_events) if job.share is not None else ())


def _search(job: Job, new: State, whole: bool) -> search.Indexed | None:
    """Index the language whole (a whole build), or what its search owes when asked to;
    brings the state's search record up to date."""
    out = job.staging / job.lang
    if whole:
        indexed, new.search_ids = search.index_language(out, job.search_mb, job.search_cut, job.share)
        new.search_changed = []
        new.search_parts = indexed.parts
        return indexed
    if job.search and new.search_stale:
        return update_search(job.lang, new, [out, job.project.site / job.lang], job.staging, job.search_mb,
                             job.search_cut)
    return None


def update_search(lang: str, known: State, sources: list[Path], staging: Path,
                  run_mb: float | None = None, cut: int | None = None) -> search.Indexed:
    """Index what a language's search owes (`sitegen.build.search.update`, a compaction in
    as many parts as a Pagefind run of `run_mb` MiB requires, or `cut`) and bring its state's search
    record up to date; pages are read from the first of `sources` that has them."""
    pages = [p for p in known.markdown if p.endswith(".md")]
    indexed, known.search_ids = search.update(lang, pages, known.search_changed, known.search_ids, sources, staging,
                                              known.search_parts, run_mb, cut)
    known.search_changed = [] if indexed.whole else known.search_changed
    known.search_parts = indexed.parts
    known.search_stale = False
    return indexed


def gone_parts(before: int, after: int) -> list[str]:
    """The marker files (paths in the language folder) of the search parts a build with
    `after` parts removes from one with `before` (publish removes their folders)."""
    return [f"{search.part_name(k)}/{search.ENTRY}" for k in range(after + 1, before + 1)]


def _stale(previous: State | None, fingerprints: Fingerprints, docs: Path):
    """Which pages to render: all without a usable last build; else new pages, pages that
    read a token whose fingerprint changed, and hubs whose Markdown in the tree `docs` is
    not the last build's. MkDocs reads the hubs from that tree, which a build that failed
    after writing it may have left ahead of the state (or anyone may have changed: it is
    not signed), so a hub is taken as it is only when its file there still has the state's
    digest; a hub is otherwise a page like any other (its model reads are recorded), and
    rendering every hub on every build was about a tenth of an edit's worker at 10,000
    events (the Browse and Places hubs walk every place), and compiled their templates."""
    if previous is None:
        return None
    names = list(previous.tokens)
    changed = {i for i, name in enumerate(names) if fingerprints[name] != previous.tokens[name]}
    return lambda path: (path not in previous.pages or not changed.isdisjoint(previous.pages[path])
                         or (is_hub(path) and not _kept_in(docs, path, previous.markdown.get(path))))


def _kept_in(docs: Path, path: str, digest: str | None) -> bool:
    """Whether the Markdown tree `docs` holds `path` with the digest `digest` (a link is not
    followed: neither the file nor a folder on the way to it may be one)."""
    if digest is None:
        return False
    folder = docs
    for part in path.split("/")[:-1]:
        folder = folder / part
        try:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                return False
        except OSError:
            return False
    data = read_bytes(str(docs / path))
    if data is None:
        return False
    try:
        return _digest(data.decode("utf-8")) == digest
    except UnicodeDecodeError:
        return False


def _digests(rendered: Rendered, previous: State | None) -> dict[str, str]:
    """A digest of every page's Markdown: fresh for rendered pages, the last build's for the others."""
    digests = {p: _digest(text) for p, text in rendered.pages.items()}
    for path in rendered.paths:
        if path not in digests:
            digests[path] = previous.markdown[path]
    return digests


_digest = short_digest  # of a page's Markdown


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


def _write_docs(project: Project, docs: Path, rendered: Rendered, previous: State | None, translations) -> set[str]:
    """The Markdown tree; returns the paths whose bytes changed."""
    files = ChainMap({**shell_sources(_depths(rendered)), **_assets(project),  # the pages one at a time
                      NOT_FOUND_PAGE: not_found_page(translations.gettext)}, rendered.pages)
    if previous is None:
        return write_tree(docs, files)
    for path in set(previous.pages) - set(rendered.paths):
        remove(docs / path)
    return {rel for rel, data in files.items() if write_if_changed(docs / rel, data, top=docs)}


def _keep_listings_out_of_search(rendered: Rendered) -> None:
    """Month pages and further pages of listings say in their front matter that search
    skips them (the theme then marks no body for Pagefind, whichever engine builds them)."""
    for path, text in rendered.pages.items():
        if urls.is_listing(path) and text.startswith("---\n"):
            rendered.pages[path] = '---\nsearch: {"exclude": true}\n' + text[4:]


def _depths(rendered: Rendered) -> set[int]:
    return {urls.depth(p) for p in rendered.paths if not is_hub(p)}


def _render(project: Project, model: Model, lang: str, only, data_sizes, site_url) -> Rendered:
    extra = {urls.GUIDE: project.guide.read_text(encoding="utf-8")} if project.guide.is_file() else {}
    own = {urls.DATA: datapage.render(model.content.site, lang, project.templates, project.locale, dict(data_sizes))}
    return render_language(model, lang, project.templates, project.locale, extra, only, site_url, own)


def _assets(project: Project) -> dict[str, bytes]:
    own = {f"assets/{p.name}": p.read_bytes() for p in sorted((project.templates / "assets").glob("*"))}
    return {**own, **maps.assets()}


def _configure(project: Project, model: Model, lang: str, staging: Path, translations, engine_name: str):
    """The project's mkdocs.yml loaded by MkDocs, set up for one language's build."""
    site = model.content.site
    title = html.escape(site.title.get(lang, site.default_language)[0])  # themes print it raw
    overrides = dict(site_name=title, docs_dir=str((project.work / "docs" / lang).resolve()),
                     site_dir=str((staging / lang).resolve()), strict=True,
                     exclude_docs=entity_excludes() if engine_name == "fast" else None)
    # Pages always get folders; `use_directory_urls: false` links them by index.html (sitegen.build.offline).
    overrides["use_directory_urls"] = True
    config = engine.load(project.root / "mkdocs.yml", overrides)
    config.extra["offline"] = read_base(project.root / "mkdocs.yml").get("use_directory_urls") is False
    if config.site_url:
        config.site_url = f"{config.site_url.rstrip('/')}/{lang}/"
    if not config.site_description:
        config.site_description = html.escape(translations.gettext(HOME_LEAD))
    extra = language_extra(lang, site.languages, search_strings(translations, plural_samples(lang)))
    extra["words"] = theme_strings(translations)  # the theme's own words, from the catalogs
    toc = config.mdx_configs.get("toc")
    if isinstance(toc, dict) and toc.get("permalink"):
        toc["permalink_title"] = translations.gettext(PERMANENT_LINK)
    engine.language_settings(config, lang, direction(lang), (project.templates / "theme").resolve(), extra,
                             translations.gettext)
    if engine_name == "fast":
        problems = engine.fast_path_problems(config)
        if problems:
            raise BuildError("\n".join(f"{project.root / 'mkdocs.yml'}: error: {p}: the fast path does not run it on "
                                        f"event, place, actor and source pages; build with `sitegen build --engine mkdocs`"
                                        for p in problems))
    return config


def _write_not_found(project: Project, model: Model, lang: str, out: Path, config) -> None:
    """The language's 404.html (MkDocs' has root-absolute links): the root one's redirect."""
    site = model.content.site
    root = config.site_url[: -len(lang) - 1] if config.site_url else None
    texts = hosting.not_found_texts(project.locale, [lang])
    page = hosting.not_found_redirect(project.templates, texts, site.languages, site.default_language, root, lang)
    replace_file(str(out / "404.html"), page.encode("utf-8"))  # over MkDocs' own


def _fill(rendered: Rendered, fresh: set[str], out: Path, shells: dict, config) -> list[str]:
    """Write every page whose Markdown is new and that MkDocs does not build, converted
    into its shell. Returns the pages converted."""
    paths = sorted(p for p in fresh if not is_hub(p) and p.endswith(".md"))
    if not paths:
        return []
    convert, tocs = Converter(config), Tocs(config)
    filled = {}
    for path in paths:
        meta, body, toc = convert.page(rendered.pages[path])
        unknown = sorted(set(meta) - META)
        if unknown:
            raise ShellError(f"{path}: error: front matter '{unknown[0]}' is not honoured by the fast path; {ADVICE}")
        key = shell_key(path, body, toc)
        if key not in shells:
            raise ShellError(f"{path}: error: no page shell for '{key}'; {ADVICE}")
        folder = posixpath.dirname(urls.url(path).rstrip("/"))  # pages of one folder share their links
        if (key, folder) not in filled:
            filled[key, folder] = Shell(shells[key], shell_paths([urls.depth(path)])[key], convert, tocs, urls.url(path))
        html = filled[key, folder].fill(meta, body, toc, path, tocs, config.site_description or "")
        if config.extra["offline"]:
            html = offline.index_links(html)
        write_new(f"{out}/{urls.url(path)}index.html", html)
    return paths


def _write_feed(out: Path, published: Path, model: Model, lang: str, whole: bool, pages_changed: bool) -> None:
    """The language's Atom feed, into a whole new folder, or where it differs from the one
    published (trusted: the state that let this build be incremental vouches for it).

    An incremental build in which no page's Markdown changed and none was removed does not
    make it at all: the feed holds the site's title (an input: a change makes the build
    whole) and, of the latest events, ids, titles, summaries and dates, each shown on the
    event's own page, so an unchanged set of pages means an unchanged feed (and a rebuild
    that touched no record spends nothing on it)."""
    if not whole and not pages_changed and (published / urls.FEED).is_file():
        return
    _put_if_changed(out, published, urls.FEED, feeds.feed(model.content, lang), whole)


def _write_map_data(out: Path, published: Path, project: Project, model: Model, lang: str, previous: State | None,
                    digests: dict[str, str], rendered: Rendered) -> None:
    """The Map page's points (`sitegen.pages.maps.data`), into a whole new folder, or where they
    differ from the published ones (as the feed): an unchanged event rewrites nothing. The
    Map page and its further pages list every point with all that `map.json` holds (title
    and its language, date, type, link, coordinates, precision), so while their Markdown is
    the last build's, so are the points, and they are not made again (their code or format changing changes the
    build's inputs: a whole build). Otherwise only the points of the pages rendered again
    are made: a page of the list not rendered read nothing that changed (`sitegen.pages.deps`:
    its slice of `Model.mapped` and each of its points' records), and its points are made
    from just those reads (`Views.map_point`), so their entries in the published `map.json`
    (which the state vouches for, as every file of the language) are taken as they are."""
    whole = previous is None or not (published / urls.MAP_DATA).is_file()
    if not whole and _map_pages(previous.markdown) == _map_pages(digests):
        return
    kept = None if whole else _kept_map_pages(published / urls.MAP_DATA, model, rendered)
    _put_if_changed(out, published, urls.MAP_DATA, map_data(model, lang, project.templates, project.locale, kept),
                    whole)


def _kept_map_pages(published: Path, model: Model, rendered: Rendered) -> dict[int, list]:
    """Page number -> its points' entries in the published `map.json` (`published`), for
    every page of the Map page's list not rendered in this build; none if it cannot be read."""
    try:
        entries = json.loads(read_bytes(str(published)) or b"")["events"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(entries, list):
        return {}
    return {n: page_slice(entries, n) for n in range(1, pages_of(model.mapped) + 1)
            if urls.map_page(n) not in rendered.pages}


def _write_browse_data(out: Path, published: Path, project: Project, model: Model, lang: str,
                       previous: State | None, pages_changed: bool, rendered: Rendered) -> None:
    """The Browse page's own files (`sitegen.pages.facets.data`), into a whole new folder, or
    where they differ from the published ones (as the feed). Each event's facet values
    and title are on its own page, so when no page's Markdown changed and none was
    removed, neither did they, and they are not made again. Otherwise only the events whose
    pages were rendered again are made: an event page not rendered read nothing that changed
    (`sitegen.pages.deps`: its record, its places' ancestors, its actors' relations), and its
    facet values and title entry are made from just those reads (`facets.event_values`, the
    event's link), so what the published files (which the state vouches for, as every file
    of the language) hold of it is taken as it is, numbered by the last build's order
    (`State.browse_events`)."""
    names = [facets.DATA] + [facets.title_chunk(i) for i in range(facets.TITLE_CHUNKS)]
    whole = previous is None or not all((published / name).is_file() for name in names)
    if not whole and not pages_changed:
        return
    kept, written = (None, None) if whole else _kept_browse_events(published, names, previous.browse_events, rendered)
    for name, data in browse_data(model, lang, project.templates, project.locale, kept, written).items():
        _put_if_changed(out, published, name, data, whole)


def _kept_browse_events(published: Path, names: list[str], order: list[str], rendered: Rendered
                        ) -> tuple[dict, dict]:
    """Event id -> what the published Browse files hold of it (`facets.read_back`), for the
    events whose pages were not rendered in this build, and the runs those files hold
    (`facets.read_back`); none if they cannot be read back."""
    try:
        files = {name: read_bytes(str(published / name)) for name in names}
        held, written = facets.read_back(files, list(order))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, {}
    return {e: v for e, v in held.items() if urls.entity("event", e) not in rendered.pages}, written


def _write_browse_ids(out: Path, published: Path, new: State, indexed: search.Indexed | None, whole: bool,
                      pages_changed: bool) -> None:
    """The Browse page's table from search result ids to events (`browse_ids`) whenever the
    bundles or the events' numbering (`browse.json`, remade when pages changed) may have
    changed, from the bundles as they will be published (the delta: this build's where it
    indexed, else the published one); into a whole new folder, or where it differs from
    the published one (as the feed)."""
    if not whole and indexed is None and not pages_changed and (published / facets.IDS).is_file():
        return
    delta = out / search.DELTA if whole else indexed.delta if indexed is not None and indexed.delta is not None \
        else published / search.DELTA
    _put_if_changed(out, published, facets.IDS, browse_ids(new, delta), whole)


def browse_ids(known: State, delta: Path) -> bytes:
    """browse-ids.json (`sitegen.pages.facets.result_ids`) of a language whose state is
    `known` (its events' numbering, `browse_events`, and its main bundle's result ids,
    `search_ids`) and whose delta bundle is the folder `delta`. The main bundle's ids are
    the state's, read from its fragments when it was made (reading its 13,000 fragments
    again takes 0.7-1.1 s per language at 10,000 events); the delta's are read from its
    fragments (`sitegen.build.search.bundle_ids`, which takes every bundle folder). Raises
    SearchError for an unreadable fragment or hidden.json."""
    ids = {url: [result] for url, result in known.search_ids.items()}
    for url, results in search.bundle_ids([delta]).items():
        ids.setdefault(url, []).extend(results)
    return facets.result_ids(known.browse_events, ids, search.read_hidden(delta))


def _map_pages(digests: dict[str, str]) -> dict[str, str]:
    """The digests of the Map page and its further pages, which together list every point."""
    kind = KINDS["map"]
    return {path: digest for path, digest in digests.items() if kind.shape_of(path) is not None}


def _put_if_changed(out: Path, published: Path, name: str, data: bytes, whole: bool) -> None:
    """A language-root file the build makes itself (the feed, `map.json`): into the new
    language folder `out` when the build is whole, else only where it differs from the
    published one (read without following a link: a missing or planted one differs)."""
    if whole or read_bytes(str(published / name)) != data:
        out.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)


def _write_sitemap(out: Path, paths, epoch: int, site, lang: str, config) -> None:
    """Every page of the language (not the 404 page), with absolute URLs when the site's
    `site_url` is known (an empty sitemap otherwise); replaces MkDocs' hubs-only one."""
    out.mkdir(parents=True, exist_ok=True)
    root = config.site_url[: -len(lang) - 1] if config.site_url else None
    page_urls = sorted(urls.url(p) for p in paths if p.endswith(".md"))
    (out / "sitemap.xml").write_text(sitemap(page_urls, epoch, root, lang, site.languages, site.default_language),
                                     encoding="utf-8")
    (out / "sitemap.xml.gz").unlink(missing_ok=True)
