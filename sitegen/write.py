"""Write: the only stage besides load that touches the disk.

Generated trees are rewritten only where bytes changed, so later stages can skip
unchanged pages; the built site is swapped in whole, never left half-written.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def write_tree(root: Path, files: dict[str, str | bytes]) -> set[str]:
    """Make `root` hold exactly `files`; returns the paths whose bytes changed."""
    changed = {rel for rel, data in files.items() if write_if_changed(root / rel, data)}
    wanted = {root / rel for rel in files}
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed


def write_if_changed(path: Path, data: str | bytes) -> bool:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == raw:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(raw)
    os.replace(tmp, path)
    return True


def link_or_copy(source: Path, target: Path) -> None:
    """`target` as a hard link to `source` (a copy where links cannot be made)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def swap_in(staging: Path, target: Path, old: Path | None = None) -> None:
    """Replace `target` with `staging` by renames; the old tree (moved to `old`) is
    removed afterwards."""
    old = old or target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    if old.exists():
        shutil.rmtree(old)
