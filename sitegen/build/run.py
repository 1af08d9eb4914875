"""`sitegen build`: check, link, then build every language in its own worker process
(`sitegen.build.language`: render, MkDocs, fill, search, state), the processes sharing the
cores so that none idles while the last language finishes.

Everything is read and checked before anything is written; each language is built beside
the old site, and only when every language built is the build published, all together or
not at all (`sitegen.build.publish`: a whole new folder swapped in, or the changed files over
theirs, the search bundles, the root page, the removal of what the build did not make,
the new states). A failed or interrupted build leaves the old site and states as they
were. One build of a project runs at a time (`sitegen.build.lock`).
"""

from __future__ import annotations

import calendar
import hashlib
import multiprocessing
import os
import posixpath
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import jinja2

from . import budget, hosting, inputs, shards, state
from ..pages import urls
from .config import read_base
from .engine import template_error
from .check import CheckResult, check, no_gc
from ..exports.publish import STATE as EXPORTS_STATE, prepare as prepare_exports, stage as stage_exports
from .folders import check_places, is_folder, linked_input, os_error
from ..pages.coverage import missing_catalogs, progress_report
from ..pages.i18n import direction, language_name
from .engine import QUIET_ENV
from .language import (Job, LanguageBuild, browse_ids, build_language, gone_parts, new_state_path, start_worker,
                       state_path,
                       update_search)
from ..content.link import link
from .lock import project_lock
from ..content.model import Content
from ..content.problems import ERROR
from .project import BuildError, Project
from .publish import BACKUP, Place, Plan, PublishError, recover, staging_folder
from .search import DELTA, MAIN, Indexed, SearchError, is_part, part_name
from ..pages.facets import IDS
from .shell import ShellError
from .write import make_dirs, remove, remove_tree, write_if_changed

ROOT = ".root"  # in the staging folder: the files at the site's top
WHOLE = ".site"  # in the staging folder: a whole first site

__all__ = ["QUIET_ENV", "BuildError", "LanguageBuild", "Project", "build", "refresh_search"]


def build(project: Project, strict: bool = False, say=print, workers: int = 4, report=None,
          search: bool = True, cache=None, only=None, wait: bool = False, engine: str = "fast",
          shard: str | None = None, memory_mb: int | None = None, freeze: bool = False,
          share: tuple[int, int] | None = None, search_parts: dict[str, int] | None = None) -> CheckResult:
    """Build `project.site`; raises BuildError (leaving the old site as it was) on any
    failure, or if another build of the project is running (with `wait`, waits for it).
    With `search=False`, languages updated in place keep their old search bundles until
    `refresh_search` (the preview server does that in the background). A check `cache`
    (see `sitegen.build.cache`) spares checking the files unchanged since its last check. With
    `only`, only those of the site's languages are built (the preview server builds the
    language being read first). With `engine="mkdocs"` MkDocs builds every page
    (`sitegen.build.engine`). With `shard`, only that language is built, into a shard folder for
    `sitegen assemble` (`sitegen.build.shards`): the language, the site's top files and
    `shard.json`; an unknown language raises BuildError. `memory_mb` is the memory budget
    (MiB) that bounds the language workers and the Pagefind runs at once (`sitegen.build.budget`;
    default: 8 GiB, or 80% of the memory available if less). `freeze`: for the one-shot command only, never the
    preview server (see `sitegen.build.check.no_gc`). `search_parts`: language -> into how many parts its
    search is cut (`sitegen.build.search.runs`), instead of by the memory budget; a language whose cut
    changes is built whole. `share` (k, n), with `shard`: only share k of n of that language, its
    search cut into n parts (`sitegen.build.shards`); BuildError for a language not of the site,
    a share without a shard or a cut that contradicts it."""
    check_places(project)
    with project_lock(project.work, wait, say):
        try:
            recover(project.site, project.work)
            for leftover in project.work.glob("state-*.json.*"):  # an interrupted build's
                remove(leftover)
        except PublishError as err:
            raise BuildError(str(err)) from None
        except OSError as err:
            raise BuildError(os_error(err)) from None
        return _build(project, strict, say, workers, report, search, cache, only, engine, shard, memory_mb, freeze,
                      share, dict(search_parts or {}))


def _build(project: Project, strict: bool, say, workers: int, report, search: bool, cache, only,
           engine: str, shard: str | None = None, memory_mb: int | None = None, freeze: bool = False,
           share: tuple[int, int] | None = None, cuts: dict[str, int] | None = None) -> CheckResult:
    cuts = cuts or {}
    result = check(project.content, cache, freeze=freeze)
    say(result.summary())
    if result.failed(strict):
        raise BuildError(_problems(result), "\n".join(result.report()[:-1]))
    content = result.content
    _check_catalogs(project, content, strict, say)
    linked = linked_input(project)
    if linked is not None:
        raise BuildError(linked)
    base = read_base(project.root / "mkdocs.yml")
    root = hosting.site_url(base, project.root / "mkdocs.yml")
    if root is None:
        say(hosting.NO_SITE_URL)
    staging = staging_folder(project.site)
    epoch = _epoch(content)
    languages = [lang for lang in content.site.languages if only is None or lang in only]
    if shard is not None:
        if shard not in content.site.languages:
            raise BuildError(f"--shard {shard}: the site has no such language (its languages: "
                             f"{', '.join(content.site.languages)})")
        languages = [shard]
    _check_cuts(content.site.languages, shard, share, cuts)
    if share is not None:
        cuts[shard] = share[1]
    try:
        staging.mkdir(parents=True)
        inputs = _inputs_digest(project, content, (engine, root))
        exports = prepare_exports(project.site, project.work, content)  # site/data/: its sizes go on the Data pages
        sizes = tuple(sorted(exports.sizes.items()))
        make_dirs(staging, ROOT)
        stage_exports(staging / ROOT, project.work, exports, project.site)  # now, to hold them no longer:
        del exports  # at 10,000 events about 145 MB, which every worker would inherit
        budget_mb = budget.default_mb() if memory_mb is None else memory_mb
        workers = budget.language_workers(len(content.events), len(languages), budget_mb, workers)
        slots = budget.search_slots(len(content.events), len(languages), budget_mb, workers)
        jobs = [Job(project, lang, staging, epoch, inputs if lang not in cuts else f"{inputs} parts={cuts[lang]}",
                    search, data_sizes=sizes, engine=engine, site_url=root, search_mb=budget.part_run_mb(memory_mb),
                    search_cut=cuts.get(lang), share=share[0] if share is not None else None) for lang in languages]
        builds = _build_languages(content, jobs, say, workers, slots)
        root_files = _root_files(project, content, root, epoch)
        say(_search_summary(builds))
        _write_root_index(project, content, staging / ROOT, "index.html" if base.get("use_directory_urls") is False else "")
        for name, text in sorted(root_files.items()):
            if text is not None:  # None: no such file (the plan removes an old one)
                write_if_changed(staging / ROOT / name, text, top=staging)
        if shard is not None:
            print_ = shards.fingerprint(project, content, engine, root)
            write_if_changed(staging / ROOT / shards.MANIFEST,
                             shards.manifest(shard, content.site.languages, print_, share,
                                             builds[0].browse_events if share is not None else None),
                             top=staging)
        _plan(project, content, builds, staging).commit()
    except (BuildError, SearchError, ShellError, urls.PathError, PublishError) as err:
        _discard(project, staging, content.site.languages)
        raise BuildError(str(err)) from None
    except BrokenProcessPool:
        _discard(project, staging, content.site.languages)
        raise BuildError("a worker process building a language died") from None
    except OSError as err:
        _discard(project, staging, content.site.languages)
        raise BuildError(os_error(err)) from None
    remove_tree(staging / BACKUP)  # the old entries the new ones replaced, several `rm` at once
    remove_tree(staging)
    if report is not None:
        report.extend(builds)
    say(f"site: {project.site}")
    return result


def _check_cuts(languages, shard: str | None, share: tuple[int, int] | None, cuts: dict[str, int]) -> None:
    """Raise BuildError for a cut of a language not of the site (`--search-parts`), a cut
    below 1, a share without a shard, a share not within its cut (k of n: 1 <= k <= n), or a
    cut of the shard's language other than its share's n."""
    for lang, parts in sorted(cuts.items()):
        if lang not in languages:
            raise BuildError(f"--search-parts {lang}={parts}: the site has no such language (its languages: "
                             f"{', '.join(languages)})")
        if parts < 1:
            raise BuildError(f"--search-parts {lang}={parts}: a language is cut into 1 part or more")
    if share is None:
        return
    k, n = share
    if shard is None:
        raise BuildError(f"--share {k}/{n}: a share is of one language: give --shard LANG too")
    if not 1 <= k <= n:
        raise BuildError(f"--share {k}/{n}: share k of n needs 1 <= k <= n")
    if cuts.get(shard, n) != n:
        raise BuildError(f"--share {k}/{n} cuts {shard} into {n} parts, --search-parts {shard}={cuts[shard]} "
                         f"into {cuts[shard]}")


def _problems(result: CheckResult) -> str:
    errors = sum(p.severity == ERROR for p in result.problems)
    if errors:
        return f"the content has {errors} error{'s' if errors != 1 else ''}"
    return "the content has warnings, which --strict makes fatal"


def _check_catalogs(project: Project, content: Content, strict: bool, say) -> None:
    """Warn of a language without an interface catalog (fatal with `strict` unless the
    language is marked in progress in site.yaml), and report the coverage of the languages
    in progress, whose missing translations fall back to the default language."""
    site = content.site
    missing = missing_catalogs(site, project.content / "site.yaml", project.locale)
    for problem in missing.values():
        say(problem.format())
    if strict and set(missing) - set(site.in_progress):
        raise BuildError("\n".join(p.format() for p in missing.values()))
    for line in progress_report(content, project.locale):
        say(line)


def _build_languages(content: Content, jobs: list[Job], say, workers: int, slots: int) -> list[LanguageBuild]:
    """Every language in its own process, at most `slots` of them indexing search at once.
    The model is linked once, here, and reaches the workers as they fork (inherited: not
    pickled, not linked once per language), as does the semaphore of the search slots."""
    builds = []
    if not jobs:
        return builds
    with no_gc():  # the model is acyclic: at 100,000 events the collector took a third of linking (18 s -> 12 s)
        model = link(content)
    context = multiprocessing.get_context("fork")
    workers = min(workers, len(jobs))
    search_slots = context.BoundedSemaphore(slots) if slots < workers else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=start_worker, initargs=(model, search_slots, os.getpid())) as pool:
        futures = [pool.submit(build_language, job) for job in jobs]
        for done, future in enumerate(as_completed(futures), 1):
            lang_build = future.result()
            builds.append(lang_build)
            bar = "#" * done + "-" * (len(jobs) - done)
            say(f"{lang_build.lang}: {lang_build.pages} pages, {lang_build.rendered} rendered, "
                f"{lang_build.converted} converted [{bar}] {done}/{len(jobs)}")
    return sorted(builds, key=lambda b: b.lang)


def _plan(project: Project, content: Content, builds: list[LanguageBuild], staging: Path) -> Plan:
    """The moves that publish the languages built: a whole language folder replaces the
    old one; otherwise the changed pages (and, when MkDocs ran, the hubs and theme files it
    made) replace theirs, pages that are gone are removed, and new search bundles replace
    theirs. Then the root files, the removal of everything else at the site's top (folders
    of languages no longer built, files the build did not make), and the new states."""
    plan = Plan(project.site, project.work)
    first = not is_folder(project.site)
    if first:  # the first build: the whole site at once
        remove(project.site)  # a link or file planted where the site goes
        whole = staging / WHOLE
        whole.mkdir()
        for lang_build in builds:  # without a site, every language was built whole
            os.rename(staging / lang_build.lang, whole / lang_build.lang)
        for name in sorted(os.listdir(staging / ROOT)):
            os.rename(staging / ROOT / name, whole / name)
        plan.replace(Place("site", ""), Place("staging", WHOLE))
    for lang_build in builds if not first else []:
        lang = lang_build.lang
        if lang_build.full:
            plan.replace(Place("site", lang), Place("staging", lang))
            continue
        target = project.site / lang
        if is_folder(staging / lang):
            _plan_tree(plan, staging / lang, target, lang)
        removed = [urls.url(path) + "index.html" for path in lang_build.removed]
        for rel in _removals(target, staging / lang, removed):
            plan.replace(Place("site", f"{lang}/{rel}"), None)
        if lang_build.indexed is not None:
            _plan_search(plan, project.site, lang_build.indexed)
    if not first:
        made = sorted(os.listdir(staging / ROOT))
        for name in made:
            plan.replace(Place("site", name), Place("staging", f"{ROOT}/{name}"))
        keep = set(content.site.languages).union(made, [urls.DATA_FOLDER])  # data/: replaced when made
        for name in sorted(os.listdir(project.site)):
            if name not in keep:
                plan.replace(Place("site", name), None)
    for lang_build in builds:
        new = new_state_path(project, lang_build.lang)
        plan.replace(Place("work", state_path(project, lang_build.lang).name), Place("work", new.name))
    if os.path.lexists(project.work / f"{EXPORTS_STATE}.new"):
        plan.replace(Place("work", EXPORTS_STATE), Place("work", f"{EXPORTS_STATE}.new"))
    return plan


def _plan_tree(plan: Plan, new: Path, target: Path, rel: str) -> None:
    """A move for each entry below `new` (a language's changed files) into `target`: a
    folder that exists there is entered, anything else replaces the entry as a whole."""
    with os.scandir(new) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            sub = f"{rel}/{entry.name}"
            if entry.is_dir(follow_symlinks=False) and is_folder(target / entry.name):
                _plan_tree(plan, Path(entry.path), target / entry.name, sub)
            else:
                plan.replace(Place("site", sub), Place("staging", sub))


def _removals(target: Path, new: Path, removed: list[str]) -> list[str]:
    """What to delete from the language folder `target` so that the `removed` files are gone
    and no folder is left empty: each file, or its highest folder that holds nothing else
    (and gets nothing new from `new`)."""
    gone = set(removed)
    memo: dict[str, bool] = {}

    def empty_after(rel: str) -> bool:
        if rel not in memo:
            ok = not os.path.lexists(new / rel) and is_folder(target / rel)
            if ok:
                with os.scandir(target / rel) as entries:
                    ok = all(empty_after(f"{rel}/{e.name}") if e.is_dir(follow_symlinks=False)
                             else f"{rel}/{e.name}" in gone for e in entries)
            memo[rel] = ok
        return memo[rel]

    tops = set()
    for rel in gone:
        if not os.path.lexists(target / rel):
            continue
        top, parent = rel, posixpath.dirname(rel)
        while parent and empty_after(parent):
            top, parent = parent, posixpath.dirname(parent)
        tops.add(top)
    return sorted(t for t in tops if not any(t.startswith(o + "/") for o in tops))


def _plan_search(plan: Plan, site: Path, indexed: Indexed) -> None:
    """The moves that put a language's new search bundles in place: a compaction's main
    bundle and its parts (and removes the parts of the old main bundle beyond the new ones:
    a folder `pagefind-part-k` of the language folder, found without following a link), and
    the delta folder."""
    lang = indexed.lang
    if indexed.main is not None:
        plan.replace(Place("site", f"{lang}/{MAIN}"), Place("staging", indexed.main.name))
        for k, folder in enumerate(indexed.part_folders, 2):
            plan.replace(Place("site", f"{lang}/{part_name(k)}"), Place("staging", folder.name))
        kept = {part_name(k) for k in range(2, len(indexed.part_folders) + 2)}
        names = sorted(os.listdir(site / lang)) if is_folder(site / lang) else []
        for name in names:
            if is_part(name) and name not in kept:
                plan.replace(Place("site", f"{lang}/{name}"), None)
    if indexed.delta is not None:
        plan.replace(Place("site", f"{lang}/{DELTA}"), Place("staging", indexed.delta.name))


def _search_summary(builds: list[LanguageBuild]) -> str:
    done = sorted(b.indexed.summary() for b in builds if b.indexed is not None)
    later = [b.lang for b in builds if b.search_stale]
    return (f"search: indexed with Pagefind: {', '.join(done) or 'none (no page changed)'}"
            + (f"; not yet: {', '.join(later)}" if later else ""))


def refresh_search(project: Project, say=print, memory_mb: int | None = None) -> None:
    """Index the pages that `search=False` builds left out of each language's search, as
    many languages at once as the memory budget `memory_mb` (MiB; default as `build`'s)
    holds (`sitegen.build.budget.refresh_slots`). Waits for another build of the project to
    finish; raises BuildError, leaving the site as it was, on a failure."""
    check_places(project)
    with project_lock(project.work, True, say):
        try:
            recover(project.site, project.work)
            _refresh_search(project, say, budget.default_mb() if memory_mb is None else memory_mb,
                            budget.part_run_mb(memory_mb))
        except (SearchError, PublishError) as err:
            _discard(project, staging_folder(project.site), [])
            raise BuildError(str(err)) from None
        except OSError as err:
            _discard(project, staging_folder(project.site), [])
            raise BuildError(os_error(err)) from None


def _refresh_search(project: Project, say, budget_mb: int, part_mb: float) -> None:
    owed = {}
    if not is_folder(project.site):
        return
    for name in sorted(os.listdir(project.site)):
        if not is_folder(project.site / name):
            continue
        previous = state.load(state_path(project, name), project.site / name)
        if previous is not None and previous.search_stale:
            owed[name] = previous
    if not owed:
        return
    staging = staging_folder(project.site)
    staging.mkdir()
    runs = budget.refresh_slots([len(known.markdown) for known in owed.values()], budget_mb)
    with ThreadPoolExecutor(runs) as pool:  # each thread waits for its Pagefind
        done = list(pool.map(lambda item: _refresh(project, *item, staging, part_mb), owed.items()))
    plan = Plan(project.site, project.work)
    for indexed in done:
        _plan_search(plan, project.site, indexed)
        if (staging / f"{indexed.lang}.{IDS}").is_file():
            plan.replace(Place("site", f"{indexed.lang}/{IDS}"), Place("staging", f"{indexed.lang}.{IDS}"))
        new = new_state_path(project, indexed.lang)
        plan.replace(Place("work", state_path(project, indexed.lang).name), Place("work", new.name))
    plan.commit()
    remove_tree(staging)
    say(f"search: indexed with Pagefind: {', '.join(indexed.summary() for indexed in done)}")


def _refresh(project: Project, lang: str, known: state.State, staging: Path, run_mb: float):
    before = known.search_parts
    indexed = update_search(lang, known, [project.site / lang], staging, run_mb)
    markers = indexed.markers()
    if known.browse_events:  # (not in a state an older sitegen saved)
        markers[IDS] = staging / f"{lang}.{IDS}"  # the Browse page's result ids, of the new bundles
        markers[IDS].write_bytes(browse_ids(known, indexed.delta))
    known.files = state.updated(known.files, None, gone_parts(before, known.search_parts), markers)
    state.save(new_state_path(project, lang), known)
    return indexed


def _discard(project: Project, staging: Path, languages) -> None:
    """What a failed build made: its staging folder and new states."""
    remove_tree(staging)
    for lang in languages:
        remove(new_state_path(project, lang))
    remove(project.work / f"{EXPORTS_STATE}.new")


def _root_files(project: Project, content: Content, root: str | None, epoch: int) -> dict:
    try:
        return hosting.root_files(project.templates, project.locale, content.site.languages,
                                  content.site.default_language, root, epoch)
    except jinja2.TemplateError as err:
        raise BuildError(template_error(err)) from None


def _inputs_digest(project: Project, content: Content, engine) -> str:
    """Everything a page depends on besides the records: code, templates, catalogs,
    configuration and the files it names (`sitegen.build.inputs`), the installed versions of
    the packages that shape pages, the guide, the site settings, the engine and site_url. Not the
    build date: only the sitemaps show it, and they are written on every build."""
    digest = hashlib.sha256(repr((content.site, engine, sys.version, inputs.versions())).encode())
    roots = [project.templates, project.locale]
    files = inputs.code_files() + [p for root in roots for p in sorted(root.rglob("*"))
                                   if p.is_file() and "__pycache__" not in p.parts]
    for path in files + [project.root / "mkdocs.yml", project.guide, *inputs.config_files(project.root / "mkdocs.yml")]:
        digest.update(str(path).encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def _epoch(content: Content) -> int:
    """A build date taken from the content, so the same content gives the same bytes: the
    last day of the latest event, within the seconds a `SOURCE_DATE_EPOCH` and a gzip header
    hold (1970-01-01 to 2106-02-07; a date may have any year from 0001 to 9999)."""
    days = [e.date.last_day for e in content.events if e.date.end]
    year, month, day = max(days, default=(2000, 1, 1))
    return min(max(calendar.timegm((year, month, day, 0, 0, 0)), 0), 2**32 - 1)


def _write_root_index(project: Project, content: Content, out: Path, index: str = "") -> None:
    site = content.site
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(project.templates)), autoescape=True)
    languages = [{"code": l, "name": language_name(l), "dir": direction(l)} for l in site.languages]
    page = env.get_template("language-redirect.html.j2").render(
        title=site.title.get(site.default_language, site.default_language)[0],
        languages=languages, codes=list(site.languages), default=site.default_language, index=index,
    )
    write_if_changed(out / "index.html", page, top=out.parent)
