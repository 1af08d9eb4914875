"""Problems found in content: collected, sorted, reported once."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

ERROR = "error"
WARNING = "warning"


class Loc(NamedTuple):
    """A position in a content file; line and col count from 1 (a tuple: made by the million)."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    loc: Loc
    severity: str
    message: str

    def format(self) -> str:
        return f"{self.loc}: {self.severity}: {self.message}"

    def format_github(self) -> str:
        kind = "error" if self.severity == ERROR else "warning"
        message = self.message.replace("%", "%25").replace("\n", "%0A")
        loc = self.loc
        return f"::{kind} file={loc.path},line={loc.line},col={loc.col}::{message}"


_ORDER = attrgetter("loc", "severity", "message")


class Problems:
    """A collector handed to each stage; stages add, the command reports."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, loc: Loc, message: str) -> None:
        self.items.append(Problem(loc, ERROR, message))

    def warning(self, loc: Loc, message: str) -> None:
        self.items.append(Problem(loc, WARNING, message))

    def sorted(self) -> list[Problem]:
        """Each problem once, by place, severity and message: the order `Problem` compares in,
        with the comparing done on plain tuples rather than by the dataclass's Python methods."""
        return sorted(set(self.items), key=_ORDER)
