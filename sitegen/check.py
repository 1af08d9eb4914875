"""`sitegen check`: load and validate, then report every problem once."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .load import load_content
from .model import Content
from .problems import ERROR, WARNING, Problem, Problems
from .validate import validate


@dataclass(frozen=True)
class CheckResult:
    root: str
    content: Content | None
    problems: tuple[Problem, ...]
    records: int

    def failed(self, strict: bool = False) -> bool:
        return any(p.severity == ERROR or strict for p in self.problems)

    def summary(self) -> str:
        errors = sum(p.severity == ERROR for p in self.problems)
        warnings = sum(p.severity == WARNING for p in self.problems)
        return (
            f"{self.root}: {_plural(self.records, 'record')}, "
            f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
        )

    def report(self, style: str = "text") -> list[str]:
        lines = [p.format_github() if style == "github" else p.format() for p in self.problems]
        return lines + [self.summary()]


def check(root: str | Path) -> CheckResult:
    problems = Problems()
    with no_gc():
        raw = load_content(root, problems)
        content = validate(raw, problems)
    return CheckResult(str(root), content, tuple(problems.sorted()), len(raw.records))


@contextmanager
def no_gc():
    """Pause the cyclic garbage collector while building large acyclic data: it would
    otherwise scan the growing records again and again (half of the time of a check).
    What was built is then frozen, so later collections do not scan it either."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
