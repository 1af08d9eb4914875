"""Projects like the repository's but with a mkdocs.yml of the test's own: templates,
locale and the guide are the repository's (copied: the build refuses a linked one), content and
outputs in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from sitegen.build.run import Project

from helpers import REPO

SITE_URL = "https://example.github.io/repo/"


def project_with(tmp: Path, mkdocs_yml: str, content: Path = REPO / "content") -> Project:
    root = tmp / "project"
    root.mkdir(parents=True, exist_ok=True)
    for name in ("templates", "locale", "docs"):
        if not (root / name).exists():
            shutil.copytree(REPO / name, root / name)
    (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    return Project(root, content, tmp / "site", tmp / "build")


def repo_mkdocs(**settings: str) -> str:
    """The repository's mkdocs.yml with top-level `settings` (raw YAML values) added."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    return text + "".join(f"{key}: {value}\n" for key, value in settings.items())
