"""`sitegen build`: check, link, render each language, then one MkDocs build per language.

Everything is read and rendered before anything is written; the new site is built
beside the old one and swapped in only when every language built.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .check import CheckResult, check
from .config import language_config, read_base, write_config
from .i18n import direction, language_name, load_translations
from .link import Model, link
from .render import render_language
from .write import swap_in, write_tree

QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


@dataclass(frozen=True)
class Project:
    """Where a project's inputs and outputs live, all relative to its root folder."""

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


def build(project: Project, strict: bool = False, say=print) -> CheckResult:
    """Build `project.site`; raises BuildError (leaving the old site) on any failure."""
    result = check(project.content)
    say(result.summary())
    if result.failed(strict):
        raise BuildError("\n".join(result.report()[:-1]))
    model = link(result.content)
    languages = model.content.site.languages
    docs = {lang: _render(project, model, lang, say) for lang in languages}
    staging = project.site.with_name(project.site.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    configs = [_configure(project, model, lang, staging) for lang in languages]
    _mkdocs_all(configs, _epoch(model), say)
    _write_root_index(project, model, staging)
    swap_in(staging, project.site)
    say(f"site: {project.site} ({sum(len(d) for d in docs.values())} pages in {len(languages)} languages)")
    return result


def _render(project: Project, model: Model, lang: str, say) -> dict[str, str]:
    extra = {"guide.md": project.guide.read_text(encoding="utf-8")} if project.guide.is_file() else {}
    pages: dict[str, str | bytes] = dict(render_language(model, lang, project.templates, project.locale, extra))
    for asset in sorted((project.templates / "assets").glob("*")):
        pages[f"assets/{asset.name}"] = asset.read_bytes()
    written, removed = write_tree(project.work / "docs" / lang, pages)
    say(f"render {lang}: {len(pages)} files, {written} changed, {removed} removed")
    return pages


def _configure(project: Project, model: Model, lang: str, staging: Path) -> tuple[str, Path]:
    site = model.content.site
    title = html.escape(site.title.get(lang, site.default_language)[0])  # themes print it raw
    gettext = load_translations(project.locale, lang).gettext
    config = language_config(
        read_base(project.root / "mkdocs.yml"), lang, site.languages, title,
        (project.work / "docs" / lang).resolve(), (staging / lang).resolve(),
        (project.templates / "theme").resolve(), gettext,
    )
    path = project.work / f"mkdocs-{lang}.yml"
    write_config(config, path)
    return lang, path


def _mkdocs_all(configs: list[tuple[str, Path]], epoch: int, say) -> None:
    """One MkDocs build per language, two at a time (one per core)."""
    env = {**os.environ, **QUIET_ENV, "SOURCE_DATE_EPOCH": str(epoch)}
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {lang: pool.submit(_mkdocs, path, env) for lang, path in configs}
        failures = []
        for done, (lang, run) in enumerate(runs.items(), 1):
            code, output = run.result()
            bar = "#" * done + "-" * (len(runs) - done)
            say(f"mkdocs {lang}: {'ok' if code == 0 else 'failed'} [{bar}] {done}/{len(runs)}")
            if code != 0:
                failures.append(f"mkdocs build for '{lang}' failed:\n{output}")
    if failures:
        raise BuildError("\n".join(failures))


def _mkdocs(config: Path, env: dict) -> tuple[int, str]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    return done.returncode, (done.stdout + done.stderr).strip()


def _epoch(model: Model) -> int:
    """A build date taken from the content, so the same content gives the same bytes."""
    import calendar

    days = [model.events[e].date.last_day for e in model.chronology if model.events[e].date.end]
    year, month, day = max(days, default=(2000, 1, 1))
    return calendar.timegm((year, month, day, 0, 0, 0))


def _write_root_index(project: Project, model: Model, staging: Path) -> None:
    site = model.content.site
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(project.templates)), autoescape=True)
    languages = [{"code": l, "name": language_name(l), "dir": direction(l)} for l in site.languages]
    html = env.get_template("language-redirect.html.j2").render(
        title=site.title.get(site.default_language, site.default_language)[0],
        languages=languages, codes=list(site.languages), default=site.default_language,
    )
    (staging / "index.html").write_text(html, encoding="utf-8")
