"""The folders a build writes, checked before it starts: where a site may go, and what an
error of the file system says.

A build owns two folders, `build/` and the site folder (with its staging folder beside
it, `<site>.new`), and replaces what it finds there. So the site folder must be a folder
of its own: never the project, the file system's root, the home folder, nor a folder that
holds or is inside the project's inputs (the guide's folder and sitegen's code among them),
its `.git` or `build/`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .project import Project
from .write import remove


class PlaceError(ValueError):
    """A site folder the build must not write (the message says why)."""


def check_places(project: Project) -> None:
    """Raise PlaceError if the site folder would replace the project, its inputs (the
    content, templates, catalogs, the guide's folder `docs/`, sitegen's own code), its git
    repository, its `build/` folder or the user's home folder, or lies inside one of them
    (but the project and the home folder): the build removes from the site folder all it
    did not build, so `--site docs` deleted the guide."""
    site = _absolute(project.site)
    if site == Path(site.anchor):
        raise PlaceError(f"--site {str(project.site)!r} is the root of the file system; give a folder of its own")
    guarded = {"the project": project.root, "the content": project.content, "build/": project.work,
               "the templates": project.templates, "the translations": project.locale,
               "the guide's folder": project.guide.parent, "the project's git repository": project.root / ".git",
               "sitegen's own code": Path(__file__).resolve().parent.parent,
               "your home folder": Path.home()}
    for what, folder in guarded.items():
        folder = _absolute(folder)
        if site == folder or site in folder.parents:
            raise PlaceError(f"--site {str(project.site)!r} would replace {what} ({folder}); give a folder of its own")
        if what not in ("the project", "your home folder") and folder in site.parents:
            raise PlaceError(f"--site {str(project.site)!r} is inside {what} ({folder}); give a folder of its own")


def _absolute(path: Path) -> Path:
    """The absolute path, with `..` resolved by name and links resolved only above it (the
    entry itself may be a planted link, which the build replaces)."""
    path = Path(os.path.abspath(path))
    return path.parent.resolve() / path.name if path.name else path


def linked_input(project: Project) -> str | None:
    """The first link or special file among the build's other inputs (templates, catalogs,
    `mkdocs.yml`, the guide), as `path: what it is`; None if there is none. They are read
    and copied into the site (MkDocs copies a theme's files), so a link planted there
    could publish any file the build can read."""
    for path in (project.root / "mkdocs.yml", project.guide):
        what = _what(path)
        if what not in (None, "file"):
            return f"{path}: is {what}, which the build does not follow"
    for top in (project.templates, project.locale):
        found = first_stray(top)
        if found:
            return f"{found[0]}: is {found[1]}, which the build does not follow"
    return None


def first_stray(top: Path) -> tuple[Path, str] | None:
    """The first entry at or below the folder `top` (in name order; no link followed) that is
    not a regular file or a folder, with what it is ("a symbolic link", "not a regular
    file"; `top` itself may also be "file"); None if there is none, or no `top`."""
    what = _what(top)
    if what not in (None, "folder"):
        return top, what
    for folder, dirs, files in os.walk(top):
        dirs.sort()
        for name in sorted(dirs + files):
            what = _what(Path(folder) / name)
            if what not in ("file", "folder"):
                return Path(folder) / name, what
    return None


def _what(path: Path) -> str | None:
    try:
        return kind_of(os.lstat(path).st_mode)
    except FileNotFoundError:
        return None


def kind_of(mode: int) -> str:
    """What an `lstat` mode is, in the words of an error message: "file", "folder", "a
    symbolic link" or "not a regular file" (a device, socket or pipe)."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "file" if stat.S_ISREG(mode) else "folder" if stat.S_ISDIR(mode) else "not a regular file"


def is_folder(path: Path) -> bool:
    """Whether `path` is a folder itself (not a link to one)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def own_folder(path: Path) -> None:
    """Make `path` a folder of the build's: a link or file planted there is removed (never
    followed), a missing folder made."""
    if not is_folder(path):
        remove(path)
        path.mkdir(parents=True)


def os_error(err: OSError) -> str:
    """An error of the file system in one line: the path (and a rename's other path), then
    what went wrong."""
    where = str(err.filename) if err.filename else ""
    if where and getattr(err, "filename2", None):
        where += f" -> {err.filename2}"
    return f"{where}: {err.strerror or err}" if where else str(err.strerror or err)
