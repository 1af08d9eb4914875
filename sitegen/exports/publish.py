"""Making and publishing the data files with a build (`prepare` before the languages are
built: the Data pages need the sizes; `publish` once they are in place).

The files are made only when a record or the site settings changed since the files now in
`site/data/` were made: `build/exports.json` keeps a digest of the records' digests (the
check's, one per file), the site settings and this package's code, and the size, mtime and
inode of each file written. A checkout cannot reproduce those, so a committed `build/` or
`site/` is never trusted: anything that does not match means making the files again. Files
are rewritten only where their bytes changed, never through a link (a link or other entry
in `site/data/` is removed), and files the build did not make are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..model import Content
from . import files


@dataclass(frozen=True)
class Published:
    key: str
    sizes: dict[str, int]
    files: dict[str, bytes] | None  # None: the files in site/data are already these


def _key(content: Content) -> str:
    digest = hashlib.sha256(repr(content.site).encode())
    for item in sorted(content.digests.items()):
        digest.update("\0".join(item).encode() + b"\n")
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _signature(path: Path) -> list[int] | None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ino]


def prepare(site: Path, work: Path, content: Content) -> Published:
    key = _key(content)
    folder = site / urls.DATA_FOLDER
    try:
        known = json.loads((work / "exports.json").read_text(encoding="utf-8"))
        if (known["key"] == key and not os.path.islink(folder)
                and all(_signature(folder / n) == sig for n, sig in known["files"].items())):
            return Published(key, {n: sig[0] for n, sig in known["files"].items()}, None)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    made = files.make(content)
    return Published(key, {n: len(b) for n, b in made.items()}, made)


def publish(site: Path, work: Path, published: Published) -> None:
    if published.files is None:
        return
    folder = site / urls.DATA_FOLDER
    if os.path.islink(folder) or (folder.exists() and not folder.is_dir()):
        folder.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(folder):
        if entry.name not in published.files or not entry.is_file(follow_symlinks=False):
            if entry.is_dir(follow_symlinks=False):
                import shutil

                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
    signatures = {}
    for name, data in sorted(published.files.items()):
        path = folder / name
        if _read(path) != data:
            tmp = folder / f".{name}.tmp"
            tmp.unlink(missing_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, path)
        signatures[name] = _signature(path)
    work.mkdir(parents=True, exist_ok=True)
    tmp = work / "exports.json.tmp"
    tmp.write_text(json.dumps({"key": published.key, "files": signatures}), encoding="utf-8")
    os.replace(tmp, work / "exports.json")


def _read(path: Path) -> bytes | None:
    """A regular file's bytes, never read through a link."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        return file.read()
