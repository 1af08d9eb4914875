"""`sitegen build`: check, link, then build every language in its own worker process
(`sitegen.language`: render, MkDocs, fill, search, state), the processes sharing the
cores so that none idles while the last language finishes.

Everything is read and checked before anything is written; each language is built beside
the old site, and only when every language built are its files moved into place (a whole
new folder swapped in, or the changed files over theirs), its search bundles published
and its new state kept. A failed build leaves the old site and state as they were.
"""

from __future__ import annotations

import calendar
import hashlib
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from pathlib import Path

import jinja2

from . import state, urls
from .check import CheckResult, check
from .coverage import missing_catalogs, progress_report
from .i18n import direction, language_name
from .language import (QUIET_ENV, Job, LanguageBuild, build_language, new_state_path, start_worker, state_path,
                       update_search)
from .link import link
from .model import Content
from .project import BuildError, Project
from .search import SearchError, publish
from .shell import ShellError
from .write import remove_tree, swap_in, write_if_changed

__all__ = ["QUIET_ENV", "BuildError", "LanguageBuild", "Project", "build", "refresh_search"]


def build(project: Project, strict: bool = False, say=print, workers: int = 4, report=None,
          search: bool = True, cache=None, only=None) -> CheckResult:
    """Build `project.site`; raises BuildError (leaving the old site) on any failure.
    With `search=False`, languages updated in place keep their old search bundles until
    `refresh_search` (the preview server does that in the background). A check `cache`
    (see `sitegen.cache`) spares checking the files unchanged since its last check. With
    `only`, only those of the site's languages are built (the preview server builds the
    language being read first)."""
    result = check(project.content, cache)
    say(result.summary())
    if result.failed(strict):
        raise BuildError("\n".join(result.report()[:-1]))
    content = result.content
    _check_catalogs(project, content, strict, say)
    staging = project.site.with_name(project.site.name + ".new")
    remove_tree(staging)  # a crashed build's
    staging.mkdir(parents=True)
    epoch = _epoch(content)
    inputs = _inputs_digest(project, content, epoch)
    languages = [lang for lang in content.site.languages if only is None or lang in only]
    jobs = [Job(project, lang, staging, epoch, inputs, search) for lang in languages]
    try:
        builds = _build_languages(content, jobs, say, workers)
        say(_search_summary(builds))
        for lang_build in builds:
            _put_in_place(lang_build, staging, project.site)
            os.replace(new_state_path(project, lang_build.lang), state_path(project, lang_build.lang))
    except (BuildError, SearchError, ShellError, urls.PathError) as err:
        _discard(project, staging, content.site.languages)
        raise BuildError(str(err)) from None
    _finish_site(project, content)
    remove_tree(staging)  # with the old language folders and bundles the new ones replaced
    if report is not None:
        report.extend(builds)
    say(f"site: {project.site}")
    return result


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


def _build_languages(content: Content, jobs: list[Job], say, workers: int) -> list[LanguageBuild]:
    """Every language in its own process. The model is linked once, here, and reaches the
    workers as they fork (inherited: not pickled, not linked once per language)."""
    builds = []
    if not jobs:
        return builds
    model = link(content)
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=multiprocessing.get_context("fork"),
                             initializer=start_worker, initargs=(model,)) as pool:
        futures = [pool.submit(build_language, job) for job in jobs]
        for done, future in enumerate(as_completed(futures), 1):
            lang_build = future.result()
            builds.append(lang_build)
            bar = "#" * done + "-" * (len(jobs) - done)
            say(f"{lang_build.lang}: {lang_build.pages} pages, {lang_build.rendered} rendered, "
                f"{lang_build.converted} converted [{bar}] {done}/{len(jobs)}")
    return sorted(builds, key=lambda b: b.lang)


def _put_in_place(lang_build: LanguageBuild, staging: Path, site: Path) -> None:
    """A whole language folder replaces the old one; otherwise changed pages (and, when
    MkDocs ran, the hubs and theme files it made) replace theirs one by one and pages
    that are gone are removed; then the new search bundles are published."""
    new, target = staging / lang_build.lang, site / lang_build.lang
    if lang_build.full:
        site.mkdir(parents=True, exist_ok=True)
        swap_in(new, target, staging / f"{lang_build.lang}.old")
    else:
        _replace_files(lang_build, new, target)
    if lang_build.indexed is not None and not lang_build.full:
        publish(lang_build.indexed, target, staging)


def _replace_files(lang_build: LanguageBuild, new: Path, target: Path) -> None:
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


def _search_summary(builds: list[LanguageBuild]) -> str:
    done = sorted(b.indexed.summary() for b in builds if b.indexed is not None)
    later = [b.lang for b in builds if b.search_stale]
    return (f"search: indexed with Pagefind: {', '.join(done) or 'none (no page changed)'}"
            + (f"; not yet: {', '.join(later)}" if later else ""))


def refresh_search(project: Project, say=print) -> None:
    """Index the pages that `search=False` builds left out of each language's search."""
    owed = {}
    for folder in sorted(p for p in project.site.iterdir() if p.is_dir()):
        previous = state.load(state_path(project, folder.name), folder)
        if previous is not None and previous.search_stale:
            owed[folder.name] = previous
    if not owed:
        return
    staging = project.site.with_name(project.site.name + ".search")
    remove_tree(staging)
    staging.mkdir(parents=True)
    try:
        with ThreadPoolExecutor(len(owed)) as pool:  # each thread waits for its Pagefind
            done = list(pool.map(lambda item: _refresh(project, *item, staging), owed.items()))
    except SearchError as err:
        raise BuildError(str(err)) from None
    finally:
        remove_tree(staging)
    say(f"search: indexed with Pagefind: {', '.join(indexed.summary() for indexed in done)}")


def _refresh(project: Project, lang: str, known: state.State, staging: Path):
    indexed = update_search(lang, known, [project.site / lang], staging)
    known.files = state.updated(known.files, None, [], indexed.markers())
    publish(indexed, project.site / lang, staging)
    state.save(state_path(project, lang), known)
    return indexed


def _discard(project: Project, staging: Path, languages) -> None:
    """What a failed build made: its new folders and states."""
    remove_tree(staging)
    for lang in languages:
        new_state_path(project, lang).unlink(missing_ok=True)


def _finish_site(project: Project, content: Content) -> None:
    """The root page, and no folders of languages no longer built."""
    _write_root_index(project, content, project.site)
    for folder in project.site.iterdir():
        if folder.is_dir() and folder.name not in content.site.languages:
            remove_tree(folder)


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
