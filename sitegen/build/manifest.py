"""The manifest of the last check of a whole content folder: what the folder held (a digest
of every entry's name and lstat figures, `load.walk`), in what context (the check cache's: sitegen's
code, Python, PyYAML, the folder, `site.yaml`'s bytes), and what the check found (its problems
and how many records loaded). A check of the same folder that finds the same walk, in the
same context, with every file settled, gives that result again without loading anything:
`sitegen check` of an unchanged folder costs a stat of each file and the reading of this
small file, not the reading of the cache of every file's record and the checks across them.

The walk (names, then lstat figures) is digested in the order the folders list their
entries: a folder listed in another order would only cost a real check.

The result is a function of the files' bytes and names and the context; a file's stat key
(size, mtime, ctime, inode) changes with its bytes, unless it changed twice within one tick of
the file system's clock: so a manifest is written only when every file was changed more than
`CheckCache.settle_ns` before the check began (as the check cache keeps a file), and only when
the folder walked the same before and after the check (nothing changed while it ran).

The manifest lives beside the check cache in the user's cache folder, never in the
repository (`cache.cache_folder`), and is read only if this user alone can read and write it
(`cache._read_own`). It carries a digest of its own body and is checked field by field; a
manifest that is damaged, of another format, context or folder, or unreadable is not used.
Only a caller that needs no model uses it (`check(..., model=False)`): a build links the
model the check makes, which the manifest does not hold.
"""

from __future__ import annotations

import hashlib
import json
import stat
from array import array
from dataclasses import dataclass
from pathlib import Path

from ..content.load import LoadError, digest, read_bytes, walk
from ..content.problems import ERROR, WARNING, Loc, Problem
from .cache import Context, _read_own
from .write import replace_file

MAGIC = b"sitegen check manifest 2\n"
FIELDS = ("context", "listing", "records", "problems")
SEVERITIES = (ERROR, WARNING)


@dataclass(frozen=True)
class State:
    """A content folder as a check would find it now."""

    context: str  # digest of the check cache's context (`cache.context`)
    listing: str  # digest of the walk (`load.walk`)
    newest: int  # the latest ctime (ns) among its files, site.yaml included


@dataclass(frozen=True)
class Stored:
    """The result of the check a manifest records."""

    problems: tuple[Problem, ...]
    records: int


def state(root: Path, context) -> State | None:
    """The folder `root` now, or None if a check would not get as far as checking records
    (no regular `site.yaml`) or the folder cannot be walked. `context(root, site_digest)`
    makes the check cache's context (`cache.context`)."""
    found = walk(root)
    if found is None or not stat.S_ISREG(found.numbers[0]):
        return None
    try:
        data, key = read_bytes(str(root / "site.yaml"))
    except LoadError:
        return None
    if list(key) != found.numbers[1:5]:  # changed since the walk: a check now would be a cold one anyway
        return None
    names = "\0".join(found.names).encode("utf-8", "surrogateescape")
    try:
        numbers = b"q" + array("q", found.numbers).tobytes()
    except OverflowError:  # an inode past 2**63
        numbers = b"r" + repr(found.numbers).encode()
    listing = hashlib.blake2b(names, digest_size=16)
    listing.update(numbers)
    context_bytes = repr(context(root, digest(data))).encode("utf-8", "backslashreplace")
    return State(_digest(context_bytes), listing.hexdigest(), max(found.numbers[3::5]))


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def recall(path: Path, now: State, settled: int) -> Stored | None:
    """The result the manifest at `path` records, if it was written for the state `now` and
    every file is older than `settled` (ns since the epoch); else None (never raises)."""
    if now.newest >= settled:
        return None
    try:
        data = _read_own(path)
        if not data.startswith(MAGIC):
            return None
        check, _, body = data[len(MAGIC):].partition(b"\n")
        if check != _digest(body).encode():
            return None
        stored = json.loads(body)
        if type(stored) is not dict or sorted(stored) != sorted(FIELDS):
            return None
        if stored["context"] != now.context or stored["listing"] != now.listing:
            return None
        return _problems(stored["problems"], stored["records"])
    except Exception:  # unreadable, not this user's alone, damaged, of another shape: check without it
        return None


def _problems(columns, records) -> Stored | None:
    """The stored result from its columns (see `keep`), if each holds what it should."""
    if type(records) is not int or records < 0 or type(columns) is not list or len(columns) != 7:
        return None
    paths, at, lines, cols, severities, texts, said = columns
    if not all(type(column) is list for column in columns):
        return None
    if len({len(at), len(lines), len(cols), len(severities), len(said)}) != 1:
        return None
    if not (set(map(type, paths)) <= {str} and set(map(type, texts)) <= {str} and set(map(type, at)) <= {int}
            and set(map(type, said)) <= {int} and set(map(type, lines)) <= {int} and set(map(type, cols)) <= {int}
            and set(severities) <= {0, 1}):
        return None
    if at and not (0 <= min(at) and max(at) < len(paths) and 0 <= min(said) and max(said) < len(texts)):
        return None
    locs = map(Loc, map(paths.__getitem__, at), lines, cols)
    messages = map(texts.__getitem__, said)
    return Stored(tuple(map(Problem, locs, map(SEVERITIES.__getitem__, severities), messages)), records)


def keep(path: Path, before: State, after: State | None, context: Context, stored: Stored, settled: int) -> bool:
    """Write the manifest of a check that found `stored` in `context`, if the folder was
    the same before (`before`) and after (`after`) it and every file older than `settled`
    (ns since the epoch, the check's start less the settling time). Whether it was written
    (a manifest that cannot be written only makes the next check slower).

    The problems are kept as columns: each path once, then for each problem its path's
    index, line, column, severity (an index of `SEVERITIES`); each message once, then each
    problem's message's index. 210,000 problems parse in 0.08 s of CPU as columns, 0.28 s as
    a list per problem (2026-11-30)."""
    if after != before or before.newest >= settled:
        return False
    if before.context != _digest(repr(context).encode("utf-8", "backslashreplace")):
        return False
    paths: dict[str, int] = {}
    texts: dict[str, int] = {}
    at = [paths.setdefault(p.loc.path, len(paths)) for p in stored.problems]
    said = [texts.setdefault(p.message, len(texts)) for p in stored.problems]
    columns = [list(paths), at, [p.loc.line for p in stored.problems], [p.loc.col for p in stored.problems],
               [SEVERITIES.index(p.severity) for p in stored.problems], list(texts), said]
    body = json.dumps({"context": before.context, "listing": before.listing, "records": stored.records,
                       "problems": columns}, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(str(path), [MAGIC, _digest(body).encode(), b"\n", body], private=True)
    except Exception:
        return False
    return True
