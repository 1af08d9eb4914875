"""Where a project's inputs and outputs live, and the error a build raises."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
    """Why a build failed, in one line (`str(err)`), and any `details` to show before it
    (the problems the check found)."""

    def __init__(self, why: str, details: str = "") -> None:
        super().__init__(why)
        self.details = details
