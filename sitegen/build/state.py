"""What the last build of a language left behind, so the next one can redo only what changed.

Kept in `build/state-<lang>.json`: a digest of every input that is not a record (code,
templates, catalogs, configuration), the fingerprint of every model token a page read,
the tokens and a digest of the Markdown of each page, the page shells MkDocs made, the search
index's own record (see `sitegen.build.search`: the main bundle's result id of each page, the pages
changed since that bundle was made, its parts), and the size, mtime and inode of every file the build left
in `site/<lang>/` (of the search bundles, only the one file each that is re-made with it).

Content arrives in pull requests, and a pull request could commit a `build/` or `site/`
folder of its own. A state is therefore trusted only when every file it lists is still
the very file the build wrote (same size, mtime and inode, which a checkout cannot
reproduce) and no other file has appeared; anything else means a cold build.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .search import marker
from .write import read_bytes, replace_file


@dataclass
class State:
    inputs: str = ""
    tokens: dict[str, str] = field(default_factory=dict)   # token -> fingerprint
    pages: dict[str, list[int]] = field(default_factory=dict)  # page -> indexes into tokens
    markdown: dict[str, str] = field(default_factory=dict)  # page -> digest of its Markdown
    shells: dict[str, str] = field(default_factory=dict)   # depth -> shell HTML
    files: dict[str, list[int]] = field(default_factory=dict)  # site file -> [size, mtime_ns, inode]
    search_ids: dict[str, str] = field(default_factory=dict)  # page URL -> its result id in the main bundle
    search_changed: list[str] = field(default_factory=list)  # pages changed since the main bundle was made
    search_stale: bool = False  # and not yet indexed into the delta bundle
    # event ids in the Browse page's numbering (`Model.latest`), from which a search refresh
    # makes browse-ids.json again (`sitegen.build.language.browse_ids`)
    browse_events: list[str] = field(default_factory=list)
    search_parts: int = 1  # the main bundle's parts (`sitegen.build.search`: parts k > 1 in pagefind-part-k/)


def load(path: Path, site: Path) -> State | None:
    """The state at `path` if it still describes `site` exactly; otherwise None."""
    try:
        raw = read_bytes(str(path))  # never through a link
        state = State(**json.loads(raw)) if raw is not None else None
    except (OSError, ValueError, TypeError):
        return None
    if state is None or not state.files or not _is_folder(site) or signatures(site) != state.files:
        return None
    return state


def save(path: Path, state: State) -> None:
    """Write the state; its `files` must already describe the site (see `updated`)."""
    replace_file(str(path), json.dumps(state.__dict__, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def updated(files: dict[str, list[int]], written: Path | None, removed, markers: dict[str, Path]) -> dict[str, list[int]]:
    """The signatures of a site after the files under `written` are moved into it (a
    rename keeps size, mtime and inode), the `removed` files are deleted from it, and the
    search bundles whose `markers` (path in the site -> file now) are put in place."""
    removed = set(removed)
    files = {rel: sig for rel, sig in files.items() if rel not in removed}
    if written is not None:
        files.update(signatures(written))
    for rel, path in markers.items():
        _sign(path, rel, files)
    return dict(sorted(files.items()))


def signatures(site: Path) -> dict[str, list[int]]:
    """[size, mtime_ns, inode] of every file below `site`; of each search bundle (thousands
    of files, all written at once) only the one file that identifies it."""
    found: dict[str, list[int]] = {}
    _walk(str(site), "", found)
    return found


def _walk(folder: str, prefix: str, found: dict) -> None:
    try:
        entries = os.scandir(folder)
    except FileNotFoundError:
        return
    with entries:
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                name = marker(rel)  # a bundle (rel is a top-level name only there)
                if name is not None:
                    _sign(Path(entry.path) / name, f"{rel}/{name}", found)
                    found.setdefault(f"{rel}/{name}", [-1, 0, 0])  # a bundle folder without it: not the build's
                else:
                    _walk(entry.path, rel + "/", found)
            else:
                info = entry.stat(follow_symlinks=False)
                found[rel] = [info.st_size, info.st_mtime_ns, info.st_ino]


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _sign(path: Path, rel: str, found: dict) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    found[rel] = [info.st_size, info.st_mtime_ns, info.st_ino]
