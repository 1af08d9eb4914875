"""`sitegen build`: check, link, then per language (one process each, sharing the cores so
that none idles while the last language finishes) render
the Markdown tree, let MkDocs build the hubs and page shells, fill every other page
into its shell, and let Pagefind index the language for search.

Everything is read and checked before anything is written; the new site is built beside
the old one and swapped in only when every language built. Pages whose Markdown and
shell did not change are taken over from the previous site instead of converted again.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import shell as shell_module
from . import urls
from .check import CheckResult, check
from .config import dump_config, entity_excludes, language_config, read_base
from .i18n import direction, language_name, load_translations
from .link import Model, link
from .model import Content
from .render import render_language
from .shell import SHELLS, Converter, Shell, ShellError, shell_sources
from .sitemap import sitemap
from .write import swap_in, write_if_changed, write_tree

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
    changed: int
    converted: int
    seconds: tuple[tuple[str, float], ...] = ()  # time per stage: render, mkdocs, fill


def build(project: Project, strict: bool = False, say=print, workers: int = 4, report=None) -> CheckResult:
    """Build `project.site`; raises BuildError (leaving the old site) on any failure."""
    result = check(project.content)
    say(result.summary())
    if result.failed(strict):
        raise BuildError("\n".join(result.report()[:-1]))
    content = result.content
    staging = project.site.with_name(project.site.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    epoch = _epoch(content)
    jobs = [(project, content, lang, staging, epoch) for lang in content.site.languages]
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
            searches = []
            futures = [pool.submit(_build_language, job) for job in jobs]
            for done, future in enumerate(as_completed(futures), 1):
                lang_build = future.result()
                searches.append(_start_pagefind(staging / lang_build.lang))  # overlaps the rest
                if report is not None:
                    report.append(lang_build)
                bar = "#" * done + "-" * (len(jobs) - done)
                say(f"{lang_build.lang}: {lang_build.pages} pages, {lang_build.changed} changed, "
                    f"{lang_build.converted} converted [{bar}] {done}/{len(jobs)}")
            for search in searches:
                _finish_pagefind(*search)
        say("search: indexed with Pagefind")
    except (BuildError, ShellError, urls.PathError) as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(str(err)) from None
    _write_root_index(project, content, staging)
    swap_in(staging, project.site)
    say(f"site: {project.site}")
    return result


def _build_language(job) -> LanguageBuild:
    """One language, start to end; runs in a worker process."""
    project, content, lang, staging, epoch = job
    clock = [("start", time.perf_counter())]
    model = link(content)
    pages = _render(project, model, lang)
    docs = project.work / "docs" / lang
    changed = write_tree(docs, {**pages, **shell_sources(), **_assets(project)})
    config, config_path = _configure(project, model, lang, staging)
    clock.append(("render", time.perf_counter()))
    _mkdocs(config_path, epoch)
    clock.append(("mkdocs", time.perf_counter()))
    out = staging / lang
    shells = {d: Shell((out / urls.url(p) / "index.html").read_text(encoding="utf-8"), p) for d, p in SHELLS.items()}
    reuse = _shells_unchanged(project, lang, shells, config)
    converted = _fill(pages, out, shells, Converter(config), changed if reuse else None, project.site / lang)
    shutil.rmtree(out / "_shell")
    _write_sitemap(out, pages, epoch)
    clock.append(("fill", time.perf_counter()))
    seconds = tuple((name, round(t - clock[i][1], 3)) for i, (name, t) in enumerate(clock[1:]))
    return LanguageBuild(lang, len(pages), len(changed), converted, seconds)


def _render(project: Project, model: Model, lang: str) -> dict[str, str]:
    extra = {urls.GUIDE: project.guide.read_text(encoding="utf-8")} if project.guide.is_file() else {}
    return render_language(model, lang, project.templates, project.locale, extra).pages


def _assets(project: Project) -> dict[str, bytes]:
    return {f"assets/{p.name}": p.read_bytes() for p in sorted((project.templates / "assets").glob("*"))}


def _configure(project: Project, model: Model, lang: str, staging: Path) -> tuple[dict, Path]:
    site = model.content.site
    title = html.escape(site.title.get(lang, site.default_language)[0])  # themes print it raw
    gettext = load_translations(project.locale, lang).gettext
    config = language_config(
        read_base(project.root / "mkdocs.yml"), lang, site.languages, title,
        (project.work / "docs" / lang).resolve(), (staging / lang).resolve(),
        (project.templates / "theme").resolve(), gettext,
    )
    config["exclude_docs"] = entity_excludes()
    path = project.work / f"mkdocs-{lang}.yml"
    write_if_changed(path, dump_config(config))
    return config, path


def _mkdocs(config: Path, epoch: int) -> None:
    env = {**os.environ, **QUIET_ENV, "SOURCE_DATE_EPOCH": str(epoch)}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"mkdocs build with {config} failed:\n{(done.stdout + done.stderr).strip()}")


def _shells_unchanged(project: Project, lang: str, shells: dict, config: dict) -> bool:
    """Whether pages of the previous site may be reused: same shells, same Markdown setup,
    same filling code."""
    code = Path(__file__).read_text(encoding="utf-8") + Path(shell_module.__file__).read_text(encoding="utf-8")
    state = (code, sorted(config.items(), key=str), [(s.head, s.tail) for s in shells.values()])
    digest = hashlib.sha256(repr(state).encode())
    stamp = project.work / f"shells-{lang}.sha256"
    same = stamp.is_file() and stamp.read_text() == digest.hexdigest()
    write_if_changed(stamp, digest.hexdigest())
    return same


def _fill(pages: dict[str, str], out: Path, shells: dict, convert: Converter, changed, previous: Path) -> int:
    """Write every page MkDocs did not build; returns how many were converted afresh."""
    converted = 0
    for path, text in pages.items():
        target = out / urls.url(path) / "index.html"
        if target.exists() or not path.endswith(".md"):
            continue  # a hub MkDocs built
        target.parent.mkdir(parents=True, exist_ok=True)
        old = previous / urls.url(path) / "index.html"
        if changed is not None and path not in changed and old.is_file():
            _link_or_copy(old, target)
            continue
        title, body = convert.page(text)
        html = shells[urls.depth(path)].fill(title, body, path, searchable=not urls.is_listing(path))
        target.write_text(html, encoding="utf-8")
        converted += 1
    return converted


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _write_sitemap(out: Path, pages: dict[str, str], epoch: int) -> None:
    (out / "sitemap.xml").write_text(sitemap(sorted(urls.url(p) for p in pages if p.endswith(".md")), epoch), encoding="utf-8")
    (out / "sitemap.xml.gz").unlink(missing_ok=True)


def _start_pagefind(site: Path) -> tuple[Path, subprocess.Popen]:
    """Index one language's pages in the background; its bundle goes to <lang>/pagefind/."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet", "--exclude-selectors", ".headerlink"]
    return site, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _finish_pagefind(site: Path, process: subprocess.Popen) -> None:
    output, _ = process.communicate()
    if process.returncode != 0:
        raise BuildError(f"pagefind failed for {site}:\n{output.strip()}")
    entry = site / "pagefind" / "pagefind-entry.json"  # Pagefind lists languages in any order
    entry.write_text(json.dumps(json.loads(entry.read_text(encoding="utf-8")), sort_keys=True,
                                ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _epoch(content: Content) -> int:
    """A build date taken from the content, so the same content gives the same bytes."""
    days = [e.date.last_day for e in content.events if e.date.end]
    year, month, day = max(days, default=(2000, 1, 1))
    return calendar.timegm((year, month, day, 0, 0, 0))


def _write_root_index(project: Project, content: Content, staging: Path) -> None:
    site = content.site
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(project.templates)), autoescape=True)
    languages = [{"code": l, "name": language_name(l), "dir": direction(l)} for l in site.languages]
    page = env.get_template("language-redirect.html.j2").render(
        title=site.title.get(site.default_language, site.default_language)[0],
        languages=languages, codes=list(site.languages), default=site.default_language,
    )
    (staging / "index.html").write_text(page, encoding="utf-8")
