"""Publish: put a build's new files in place all together, or not at all.

A build leaves everything new beside the site, in its staging folder (`<site>.new/`), and
only then changes the site, by a list of moves: each replaces (or removes) one entry of
the site, or one of the build's states, by a rename. Before the first move the list is
written to a journal (`<site>.new/journal.json`); each move first renames the old entry
to a backup in the staging folder, then the new one into place; deleting the journal is
the commit. Should a move fail (a read-only folder, a full disk), the moves made are
undone at once, in reverse order; should the process be killed, the next build (or
preview) undoes them before anything else (`recover`). Either way the site is the
previous one or the new one, never a mix.

Entries of a staging folder or journal may have been planted (the site's parent folder
is untrusted too), so the journal names entries only as relative paths below the site,
the staging folder or the build folder, and nothing is followed or removed through a
link (`sitegen.build.write.remove`).
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .write import NOFOLLOW, remove, remove_tree

JOURNAL = "journal.json"
BACKUP = ".backup"
ROOTS = ("site", "staging", "work")


class PublishError(Exception):
    pass


@dataclass(frozen=True)
class Place:
    """A path as a journal names it: one of the folders a build may change, and a path below it."""

    root: str  # one of ROOTS
    rel: str   # a relative POSIX path, no `..`

    def on(self, roots: dict[str, Path]) -> Path:
        """The path, once every folder on the way to it (its root included) is checked to be
        a folder itself, not a link: a planted journal or link must not make a move reach
        outside the build's folders."""
        if self.root not in ROOTS:
            raise PublishError(f"unknown folder {self.root!r} in the journal")
        if self.root == "site" and self.rel == "":
            return roots["site"]  # the whole site, put in place where there was none
        parts = PurePosixPath(self.rel).parts
        if not parts or self.rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise PublishError(f"unsafe path {self.rel!r} in the journal")
        folder = roots[self.root]
        for part in ("", *parts[:-1]):
            folder = folder / part if part else folder
            try:
                is_folder = stat.S_ISDIR(os.lstat(folder).st_mode)
            except FileNotFoundError:
                is_folder = False
            if not is_folder:
                raise PublishError(f"{folder}: not a folder of the build's (a link, or missing)")
        return folder / parts[-1]


@dataclass(frozen=True)
class Move:
    """Replace `target` with `source` (remove it when `source` is None), keeping the old
    entry at `backup` until the commit."""

    target: Place
    source: Place | None
    backup: Place


def staging_folder(site: Path) -> Path:
    return site.with_name(site.name + ".new")


def roots(site: Path, work: Path) -> dict[str, Path]:
    return {"site": site, "staging": staging_folder(site), "work": work}


class Plan:
    """The moves that publish a build, in order."""

    def __init__(self, site: Path, work: Path) -> None:
        self.roots = roots(site, work)
        self.moves: list[Move] = []

    def replace(self, target: Place, source: Place | None) -> None:
        backup = Place("staging", f"{BACKUP}/{len(self.moves)}")
        if target.root == "work":  # a backup must be on the target's file system
            backup = Place("work", f"{target.rel}.old")
        self.moves.append(Move(target, source, backup))

    def commit(self) -> None:
        """Make every move, or none: a failure undoes the moves made and raises
        PublishError."""
        staging = self.roots["staging"]
        (staging / BACKUP).mkdir(exist_ok=True)
        _write_journal(staging / JOURNAL, self.moves)
        try:
            for move in self.moves:
                _apply(move, self.roots)
        except (OSError, PublishError) as err:
            try:
                _undo(self.moves, self.roots)
            except (OSError, PublishError) as again:
                raise PublishError(f"{_why(err)}, and undoing the moves made failed too: {_why(again)}") from None
            os.unlink(staging / JOURNAL)
            raise PublishError(_why(err)) from None
        os.unlink(staging / JOURNAL)  # the commit: from here on the new site stands
        _sync(staging)


def recover(site: Path, work: Path) -> bool:
    """Undo the moves of a build that was killed while publishing (its journal is still
    there), then remove its staging folder; returns whether there was anything to undo.
    Raises PublishError if the journal cannot be read or undone."""
    staging = staging_folder(site)
    try:
        info = os.lstat(staging)
    except FileNotFoundError:
        return False
    undone = False
    if stat.S_ISDIR(info.st_mode):
        moves = _read_journal(staging / JOURNAL)
        if moves is not None:
            try:
                _undo(moves, roots(site, work))
            except (OSError, PublishError) as err:
                raise PublishError(f"undoing an interrupted build failed: {_why(err)}") from None
            os.unlink(staging / JOURNAL)
            undone = True
    remove_tree(staging)
    return undone


def _apply(move: Move, where: dict[str, Path]) -> None:
    target, backup = move.target.on(where), move.backup.on(where)
    remove(backup)  # a planted or stale entry, never one of this build's backups (made below)
    if os.path.lexists(target):
        os.rename(target, backup)
    if move.source is not None:
        os.rename(move.source.on(where), target)


def _undo(moves: list[Move], where: dict[str, Path]) -> None:
    """Reverse the moves made, last first; safe to repeat after an interruption: a new entry
    goes back to its source, so a second pass sees the move as never made. A move that
    cannot be undone does not stop the others; the first error is raised at the end."""
    failed = None
    for move in reversed(moves):
        try:
            target, backup = move.target.on(where), move.backup.on(where)
            if move.source is not None:
                source = move.source.on(where)
                if not os.path.lexists(source) and os.path.lexists(target):
                    os.rename(target, source)
            if os.path.lexists(backup) and not os.path.lexists(target):
                os.rename(backup, target)
        except (OSError, PublishError) as err:
            failed = failed or err
    if failed is not None:
        raise failed


def _write_journal(path: Path, moves: list[Move]) -> None:
    data = [[_place(m.target), _place(m.source) if m.source else None, _place(m.backup)] for m in moves]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        json.dump(data, file)
        file.flush()
        os.fsync(file.fileno())
    _sync(path.parent)


def _read_journal(path: Path) -> list[Move] | None:
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError:  # a link or something else planted there: not a journal of ours
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "r", encoding="utf-8") as file:
            fd = -1
            data = json.load(file)
        return [Move(_unplace(t), _unplace(s) if s else None, _unplace(b)) for t, s, b in data]
    except (ValueError, TypeError, KeyError) as err:
        raise PublishError(f"{path}: the journal of an interrupted build cannot be read ({err})") from None
    finally:
        if fd >= 0:
            os.close(fd)


def _place(place: Place) -> list[str]:
    return [place.root, place.rel]


def _unplace(data) -> Place:
    root, rel = data
    if not (isinstance(root, str) and isinstance(rel, str)):
        raise TypeError("a place is two strings")
    return Place(root, rel)


def _sync(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _why(err: Exception) -> str:
    if not isinstance(err, OSError):
        return str(err)
    where = f"{err.filename}: " if err.filename else ""
    return f"{where}{err.strerror or err}"
