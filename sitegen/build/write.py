"""Write: the only stage besides load that touches the disk.

Generated trees are rewritten only where bytes changed, so later stages can skip
unchanged pages; the built site is swapped in whole, never left half-written.

`build/` and the site folder may arrive in a pull request holding links or files of
its own (git stores symbolic links). So nothing here follows a link it did not make:
files are read with `O_NOFOLLOW`, temporary files are created exclusively (a planted
one is removed first, never written through), folders are made one component at a
time, each checked with `lstat`, and removal (`remove`) unlinks a link or a file
without looking behind it.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def write_tree(root: Path, files: dict[str, str | bytes]) -> set[str]:
    """Make `root` hold exactly `files`; returns the paths whose bytes changed.

    Thousands of files a build: each folder is made once, and the tree is walked once
    with `os.scandir` to remove what is no longer wanted."""
    changed, folders = set(), set()
    for rel, data in files.items():
        path = os.path.join(root, rel)
        folder = os.path.dirname(path)
        if folder not in folders:
            make_dirs(Path(root), os.path.relpath(folder, root))
            folders.add(folder)
        if _replace_if_changed(path, data.encode("utf-8") if isinstance(data, str) else data):
            changed.add(rel)
    _prune(str(root), "", set(files))
    return changed


def write_if_changed(path: Path, data: str | bytes, top: Path) -> bool:
    """Write `path` unless it holds `data` already; returns whether it was written. Its
    folders below `top`, a folder the build made or checked, are made or checked (see
    `make_dirs`)."""
    make_dirs(top, os.path.relpath(path.parent, top))
    return _replace_if_changed(str(path), data.encode("utf-8") if isinstance(data, str) else data)


def read_bytes(path: str) -> bytes | None:
    """A regular file's bytes; None if there is none at `path` (a link is not followed)."""
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as err:
        if err.errno == errno.ELOOP:
            return None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _replace_if_changed(path: str, raw: bytes) -> bool:
    if read_bytes(path) == raw:
        return False
    replace_file(path, raw)
    return True


def replace_file(path: str, raw: bytes | Iterable[bytes], private: bool = False) -> None:
    """Put `raw` (bytes, or pieces of them) at `path` by a rename from a temporary file: the
    one atomic write of sitegen. The temporary file is `path.tmp`, created exclusively and
    without following a link; whatever stood at either name (a planted link, file or
    folder) is removed, never written through. `private`: readable by this user alone
    (mode 0600) and through a temporary file of a name no other writer uses
    (`tempfile.mkstemp`), for a file in a folder shared by runs (the check cache)."""
    if private:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=os.path.basename(path) + ".", suffix=".tmp")
    else:
        tmp = path + ".tmp"
        remove(Path(tmp))
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o644)
    try:
        with os.fdopen(fd, "wb") as file:
            file.writelines((raw,) if isinstance(raw, bytes) else raw)
        if os.path.isdir(path) and not os.path.islink(path):
            remove(Path(path))
        os.replace(tmp, path)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise


def make_dirs(top: Path, rel: str) -> None:
    """Make the folder `top/rel`, one component at a time below `top` (which must be a
    folder the build made or checked): a component that is a link or a file is removed
    and a folder made in its place, so nothing is ever made through a link."""
    if not os.path.lexists(top):
        os.makedirs(top)
    if rel in ("", "."):
        return
    folder = str(top)
    for part in rel.split(os.sep):
        if part in ("", ".", ".."):
            raise ValueError(f"unsafe folder {rel!r} below {top}")
        folder = os.path.join(folder, part)
        try:
            info = os.lstat(folder)
        except FileNotFoundError:
            try:
                os.mkdir(folder)
                continue
            except FileExistsError:  # made by another worker meanwhile
                info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode):
            remove(Path(folder))
            os.mkdir(folder)


def _prune(folder: str, prefix: str, wanted: set[str]) -> bool:
    """Remove the files below `folder` that are not `wanted` and the folders left empty;
    returns whether `folder` is now empty."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if _prune(entry.path, rel + "/", wanted):
                    os.rmdir(entry.path)
                else:
                    empty = False
            elif rel in wanted:
                empty = False
            else:
                os.unlink(entry.path)
    return empty


def write_new(path: str, text: str) -> None:
    """Write a file into a folder being built from nothing, which the build made itself
    (no old file to compare, no half-written file to fear: the folder is swapped in only
    once complete). Created exclusively: a file already there is an error."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW
    try:
        fd = os.open(path, flags, 0o644)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, flags, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)


def link_or_copy(source: Path, target: Path) -> None:
    """`target` as a hard link to `source` (a copy where links cannot be made); a link at
    `source` is linked as itself, never followed."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def remove(path: Path) -> None:
    """Remove whatever stands at `path`: a link or a file is unlinked (a link's target is
    never touched), a folder removed with everything in it (`shutil.rmtree`, which does not
    follow links inside either)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode):
        shutil.rmtree(path)
    else:
        os.unlink(path)


def remove_tree(folder: Path) -> None:
    """Remove a folder of generated files, its subfolders in parallel: deleting tens of
    thousands of files is bound by the file system, not by one process. A link (or a file)
    at `folder` is unlinked; `rm -rf` never follows links below the folder."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(info.st_mode):
        os.unlink(folder)
        return
    rm = shutil.which("rm")
    if rm is not None:
        with os.scandir(folder) as entries:
            removing = [subprocess.Popen([rm, "-rf", "--", entry.path]) for entry in entries]
        for process in removing:
            process.wait()
    shutil.rmtree(folder, ignore_errors=True)
