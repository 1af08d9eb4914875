"""Problems found in content: collected, sorted, reported once."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple

from .quote import github_data, github_property, printable

HINT = "\n  hint: "  # the line a message's hint goes on (`sitegen.content.hints`)
ERROR = "error"
WARNING = "warning"


class Loc(NamedTuple):
    """A position in a content file; line and col count from 1 (a tuple: made by the million)."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        """`path:line:col`, the path with any character that is not printable escaped (see
        `quote.printable`): a file name cannot start a line of its own."""
        return f"{printable(self.path)}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    loc: Loc
    severity: str
    message: str

    def format(self) -> str:
        """One line, `path:line:col: severity: message`, and a second, `  hint: ...`, when the
        message carries a hint (`HINT`, which only sitegen's own code writes: a value in a
        message is quoted, its line breaks escaped). Messages quote their values (see
        `quote.quote`); anything not printable that one let through is escaped here."""
        return f"{self.loc}: {self.severity}: {self._printable()}"

    def _printable(self) -> str:
        message, hint, rest = self.message.partition(HINT)
        return printable(message) + (HINT + printable(rest) if hint else "")

    def format_github(self) -> str:
        """One GitHub Actions annotation (`::error file=...,line=...,col=...::message`),
        its property and data escaped as the Actions toolkit escapes them."""
        kind = "error" if self.severity == ERROR else "warning"
        loc = self.loc
        where = f"file={github_property(printable(loc.path))},line={loc.line},col={loc.col}"
        return f"::{kind} {where}::{github_data(self._printable())}"


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
