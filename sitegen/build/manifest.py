"""The manifest of the last check of a whole content folder: what the folder held (a digest
of every file's path and stat key, `load.walk`), in what context (the check cache's: sitegen's
code, Python, PyYAML, the folder, `site.yaml`'s bytes), and what the check found (its problems
and how many records loaded). A check of the same folder that finds the same walk, in the
same context, with every file settled, gives that result again without loading anything:
`sitegen check` of an unchanged folder costs a stat of each file and the reading of this
small file, not the reading of the cache of every file's record and the checks across them.

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
from dataclasses import dataclass
from pathlib import Path

from ..content.load import FILE, LoadError, digest, read_bytes, walk
from ..content.problems import ERROR, WARNING, Loc, Problem
from .cache import Context, _read_own
from .write import replace_file

MAGIC = b"sitegen check manifest 1\n"
FIELDS = ("context", "listing", "records", "problems")


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
    entries = walk(root)
    if entries is None or entries[0][2] != FILE:
        return None
    try:
        data, key = read_bytes(entries[0][0])
    except LoadError:
        return None
    if key != entries[0][3]:  # changed since the walk: a check now would be a cold one anyway
        return None
    newest = max(key[2] for *_, key in entries if key is not None)
    return State(_digest(context(root, digest(data))), _digest(entries), newest)


def _digest(value) -> str:
    """A digest of a value made of tuples, lists, text, numbers and None, by its `repr`
    (which escapes whatever is not printable, a file name's undecodable bytes included)."""
    return hashlib.blake2b(repr(value).encode("utf-8", "backslashreplace"), digest_size=16).hexdigest()


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
        if check != hashlib.blake2b(body, digest_size=16).hexdigest().encode():
            return None
        stored = json.loads(body)
    except Exception:  # unreadable, not this user's alone, damaged: check without it
        return None
    if type(stored) is not dict or sorted(stored) != sorted(FIELDS):
        return None
    if stored["context"] != now.context or stored["listing"] != now.listing:
        return None
    records, problems = stored["records"], stored["problems"]
    if type(records) is not int or records < 0 or type(problems) is not list:
        return None
    if not all(_is_problem(p) for p in problems):
        return None
    return Stored(tuple(Problem(Loc(p[0], p[1], p[2]), p[3], p[4]) for p in problems), records)


def _is_problem(value) -> bool:
    return (type(value) is list and len(value) == 5 and type(value[0]) is str and type(value[1]) is int
            and type(value[2]) is int and value[3] in (ERROR, WARNING) and type(value[4]) is str)


def keep(path: Path, before: State, after: State | None, context: Context, stored: Stored, settled: int) -> bool:
    """Write the manifest of a check that found `stored` in `context`, if the folder was
    the same before (`before`) and after (`after`) it and every file older than `settled`
    (ns since the epoch, the check's start less the settling time). Whether it was written
    (a manifest that cannot be written only makes the next check slower)."""
    if after != before or before.newest >= settled or before.context != _digest(context):
        return False
    problems = [[p.loc.path, p.loc.line, p.loc.col, p.severity, p.message] for p in stored.problems]
    body = json.dumps({"context": before.context, "listing": before.listing, "records": stored.records,
                       "problems": problems}, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    check = hashlib.blake2b(body, digest_size=16).hexdigest().encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(str(path), [MAGIC, check, b"\n", body], private=True)
    except Exception:
        return False
    return True
