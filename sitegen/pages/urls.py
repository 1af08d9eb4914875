"""Every output path and URL comes from here.

Paths are Markdown files relative to a language's docs folder; MkDocs turns
`events/x.md` into the directory URL `events/x/`. Ids are checked again here so that
no id, however it arrived, can leave the output folder, and two pages never claim
one path.
"""

from __future__ import annotations

import posixpath
import re

from .pagekinds import KINDS, SLUG, PathError, is_searchable
from ..content.quote import quote

# The folder of each kind of record page (`sitegen.pages.pagekinds`).
KIND_FOLDERS = {k.name: k.folder for k in KINDS.values() if k.path == f"{k.folder}/{{key}}.md"}
HOME = KINDS["home"].path
ABOUT = KINDS["about"].path
GUIDE = "guide.md"
DATA = "data.md"           # the Data page of each language
FEED = "feed.xml"          # each language's Atom feed, at the language root
DATA_FOLDER = "data"       # the data files, once for all languages, at the site root
CHRONOLOGY = KINDS["chronology"].path
TYPES = KINDS["type-hub"].path
MAP = KINDS["map"].path    # the Map page of each language: every event, clustered
MAP_DATA = "map.json"      # its points, at the language root (sitegen.pages.maps.data)
BROWSE = KINDS["browse"].path  # the Browse page of each language (sitegen.pages.facets)


def hub(kind: str) -> str:
    """The index page of a kind: places/index.md and so on."""
    return KINDS[f"{kind}-hub"].path


def entity(kind: str, ident: str, page: int = 1) -> str:
    """The page of one record; further pages of its listing below it. Raises PathError
    for an id that cannot be a page name (`sitegen.pages.pagekinds.PageKind.page_path`)."""
    return KINDS[kind].page_path(ident, page)


def event_type(slug: str, page: int = 1) -> str:
    """The page of an ACLED event type or sub-type (one folder: sub-type slugs are unique
    across types, see `sitegen.content.vocab.EVENT_TYPES`); further pages of its listing below it."""
    return KINDS["type"].page_path(slug, page)


def map_page(page: int = 1) -> str:
    """The Map page (`MAP`), or a further page of its list of the events with their coordinates."""
    return KINDS["map"].page_path("", page)


def month(year: int, month_: int, page: int = 1) -> str:
    return KINDS["month"].page_path(f"{year:04d}-{month_:02d}", page)


def is_listing(path: str) -> bool:
    """Pages search skips: those of a kind not searchable (months) and further pages of a
    listing (`sitegen.pages.pagekinds`): useful to browse, noise in search."""
    return not is_searchable(path)


def url(path: str) -> str:
    """The directory URL of a docs path, relative to the language root."""
    if path == "index.md" or path.endswith("/index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/"


def data_file(name: str, from_path: str) -> str:
    """A relative link from a page to a file of the site's data folder (`site/data/`),
    above the language roots: from `data.md`, `../../data/events.csv`."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name):
        raise PathError(f"'{name}' cannot be used as a data file name")
    return "../" * (depth(from_path) + 1) + f"{DATA_FOLDER}/{name}"


def language_file(name: str, from_path: str) -> str:
    """A relative link from a page to a file at its language's root (`map.json`): from
    `map.md`, `../map.json`."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name):
        raise PathError(f"'{name}' cannot be used as a file name")
    return "../" * depth(from_path) + name


def depth(path: str) -> int:
    """How many folders below the language root a page's URL is: `events/x/` is 2."""
    return url(path).count("/")


def relative(from_path: str, to_path: str) -> str:
    """A relative link from one page to another: up to the language root, then down."""
    up = "../" * depth(from_path)
    return (up + url(to_path)) or "./"


class PathRegistry:
    """Records which page claimed each path; a second claim is an error."""

    def __init__(self) -> None:
        self.owners: dict[str, str] = {}

    def claim(self, path: str, owner: str) -> str:
        normal = posixpath.normpath(path)
        if normal != path or normal.startswith(("../", "/")):
            raise PathError(f"{owner}: path {quote(path)} leaves the output folder")
        if path in self.owners:
            raise PathError(f"{owner} and {self.owners[path]} would both write {quote(path)}")
        self.owners[path] = owner
        return path
