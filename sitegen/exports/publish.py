"""Making and publishing the data files with a build (`prepare` before the languages are
built: the Data pages need the sizes; `stage` beside the other new files, which the build
then publishes all at once).

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

from ..pages import urls
from ..content.model import Content
from ..build.write import read_bytes, remove, replace_file
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
        known = json.loads(read_bytes(str(work / STATE)) or b"")
        if (known["key"] == key and not os.path.islink(folder)
                and all(_signature(folder / n) == sig for n, sig in known["files"].items())):
            return Published(key, {n: sig[0] for n, sig in known["files"].items()}, None)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    made = files.make(content)
    return Published(key, {n: len(b) for n, b in made.items()}, made)


STATE = "exports.json"


def stage(root: Path, work: Path, published: Published, site: Path) -> bool:
    """Write the data files made by `prepare` into `root/data/` (`root`: the staging
    folder of the site's top entries, which the build made empty) and their record into
    `work/exports.json.new`; the publishing plan moves both into place with the rest of the
    build, or neither (`sitegen.build.publish`). Returns whether there was anything to stage
    (False: `site/data/` holds these files already and stays). A file whose bytes are those
    of the published one is that file, linked (its mtime and inode kept: a file rewritten
    only when what it holds changed); a link is never followed."""
    remove(work / f"{STATE}.new")  # a crashed build's
    if published.files is None:
        return False
    folder = root / urls.DATA_FOLDER
    os.mkdir(folder)
    signatures = {}
    old = site / urls.DATA_FOLDER
    for name, data in sorted(published.files.items()):
        path = folder / name
        if read_bytes(str(old / name)) == data:  # a regular file (read_bytes follows no link)
            try:
                os.link(old / name, path, follow_symlinks=False)
                signatures[name] = _signature(path)
                continue
            except OSError:
                pass  # (another file system, say): write it
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        signatures[name] = _signature(path)  # a rename keeps size, mtime and inode
    replace_file(str(work / f"{STATE}.new"),
                 json.dumps({"key": published.key, "files": signatures}, sort_keys=True).encode())
    return True
