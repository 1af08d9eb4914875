"""Write: the only stage besides load that touches the disk.

Generated trees are rewritten only where bytes changed, so later stages can skip
unchanged pages; the built site is swapped in whole, never left half-written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


def write_tree(root: Path, files: dict[str, str | bytes]) -> set[str]:
    """Make `root` hold exactly `files`; returns the paths whose bytes changed.

    Thousands of files a build: each folder is made once, and the tree is walked once
    with `os.scandir` to remove what is no longer wanted."""
    changed, folders = set(), set()
    for rel, data in files.items():
        path = os.path.join(root, rel)
        folder = os.path.dirname(path)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        if _replace_if_changed(path, data.encode("utf-8") if isinstance(data, str) else data):
            changed.add(rel)
    _prune(str(root), "", set(files))
    return changed


def write_if_changed(path: Path, data: str | bytes) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    return _replace_if_changed(str(path), data.encode("utf-8") if isinstance(data, str) else data)


def _replace_if_changed(path: str, raw: bytes) -> bool:
    try:
        with open(path, "rb") as file:
            if file.read() == raw:
                return False
    except FileNotFoundError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "wb") as file:
        file.write(raw)
    os.replace(tmp, path)
    return True


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
    """Write a file into a folder being built from nothing (no old file to compare, no
    half-written file to fear: the folder is swapped in only once complete)."""
    try:
        file = open(path, "w", encoding="utf-8")
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        file = open(path, "w", encoding="utf-8")
    with file:
        file.write(text)


def link_or_copy(source: Path, target: Path) -> None:
    """`target` as a hard link to `source` (a copy where links cannot be made)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def swap_in(staging: Path, target: Path, old: Path) -> None:
    """Replace `target` with `staging` by renames. The old tree is left at `old`, for the
    caller to remove with the rest of its staging folder (`remove_tree`)."""
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)


def remove_tree(folder: Path) -> None:
    """Remove a folder of generated files, its subfolders in parallel: deleting tens of
    thousands of files is bound by the file system, not by one process."""
    if not folder.is_dir():
        return
    rm = shutil.which("rm")
    if rm is not None:
        removing = [subprocess.Popen([rm, "-rf", "--", str(p)]) for p in folder.iterdir()]
        for process in removing:
            process.wait()
    shutil.rmtree(folder, ignore_errors=True)
