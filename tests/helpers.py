"""Shared test helpers: building a project's site into a temporary folder."""

from __future__ import annotations

import re
from pathlib import Path

from sitegen.build import Project, build

REPO = Path(__file__).resolve().parent.parent
HREF = re.compile(r'(?:href|src)="([^"#?]*)[^"]*"')


def build_into(tmp: Path, content: Path = REPO / "content", strict: bool = False) -> Project:
    project = Project(REPO, content, tmp / "site", tmp / "build")
    build(project, strict=strict, say=lambda line: None)
    return project


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def broken_links(site: Path) -> list[str]:
    """Internal links and assets in every page that point at nothing in the site."""
    broken = []
    for page in html_files(site):
        if page.name == "404.html":  # served at any depth, so its links are site-absolute
            continue
        for target in set(HREF.findall(page.read_text(encoding="utf-8"))):
            if not target or re.match(r"^[a-z]+:|^//", target):
                continue
            resolved = (page.parent / target).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{page.relative_to(site)} -> {target}")
    return broken
