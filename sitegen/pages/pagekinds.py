"""Page kinds: every kind of page the site has, declared once, in the spirit of MkDocs'
`structure/files.py` and `structure/pages.py` (a page is a path, a template and what
fills it).

Each row says where a kind's pages live (`path`, with `{key}` for the record, type or
month it shows; `more` for the further pages of a long listing, with `{page}`), its
template, its view (a function of `sitegen.pages.views.Views`, which reads the model only
through the dependency recorder, `sitegen.pages.deps.TrackedModel`), which pages of the kind
exist (`keys`: a function of the linked model giving each page's key and the items its
listing pages through), whether MkDocs builds it (`hub`: a hub is in MkDocs' own build
and may be in `nav`; any other page is filled into a page shell, `sitegen.build.shell`, and so
are the further pages of a hub's listing, which are in no `nav`) and
whether search indexes it (`searchable`; further pages of a listing never are).

Everything else about a kind is derived from this table: the folders MkDocs leaves to the
shells (`sitegen.build.config.ENTITY_FOLDERS`), which pages search skips
(`sitegen.pages.urls.is_listing`), the pages rendered (`sitegen.pages.render`), the shells needed
(one per folder depth of the shell pages rendered, at any depth). Adding a kind is a row
here, its view, its template and a line of the editors' guide.

This module imports nothing else of sitegen at import time, so `sitegen.pages.urls` can make
its paths from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sized
from dataclasses import dataclass, field
from typing import Any

from ..content.quote import quote

PAGE_SIZE = 50  # events on one page of a listing
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class PathError(ValueError):
    pass


def pages_of(items: Sized | None) -> int:
    """How many pages a listing of `items` takes: PAGE_SIZE a page, at least one."""
    return 1 if items is None else max(1, -(-len(items) // PAGE_SIZE))


def page_slice(items, page: int):
    """The items shown on page `page` (from 1) of a listing."""
    start = (page - 1) * PAGE_SIZE
    return items[start: start + PAGE_SIZE]


# (page's key, items its listing pages through, or None for a page that does not page)
Keys = Callable[[Any], Iterable[tuple[str, Sized | None]]]


@dataclass(frozen=True)
class PageKind:
    """One kind of page. `view(views, key, page)` gives the template's `page`."""

    name: str
    path: str                      # e.g. "places/{key}.md"; no `{key}` for a single page
    template: str
    view: Callable[..., Any]
    keys: Keys | None = None       # None: a single page, its key ""
    more: str | None = None        # further pages, e.g. "places/{key}/page-{page}.md"
    hub: bool = False
    searchable: bool = True
    shapes: tuple[re.Pattern, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        def regex(template: str) -> re.Pattern:
            text = re.escape(template).replace(r"\{key\}", r"(?!index[./])[a-z0-9]+(?:-[a-z0-9]+)*")
            return re.compile(text.replace(r"\{page\}", "[0-9]+"))

        shapes = (regex(self.path),) + ((regex(self.more),) if self.more else ())
        object.__setattr__(self, "shapes", shapes)

    def shape_of(self, path: str) -> int | None:
        """0 if `path` has the shape of this kind's first pages, 1 of its further pages, else None."""
        return next((i for i, shape in enumerate(self.shapes) if shape.fullmatch(path)), None)

    @property
    def folder(self) -> str:
        """The top folder of the kind's pages ("" for a page at the language root)."""
        return self.path.partition("/")[0] if "/" in self.path else ""

    @property
    def shell_folder(self) -> str:
        """The top folder of the kind's pages that are filled into shells: all of them for a
        kind that is not a hub, the further pages of a hub's listing (the Map page's); "" for none."""
        if not self.hub:
            return self.folder
        return self.more.partition("/")[0] if self.more and "/" in self.more else ""

    def page_path(self, key: str = "", page: int = 1) -> str:
        """The Markdown path of a page of this kind. Raises PathError for a key that is not
        a slug (lowercase ASCII letters and digits between single hyphens) or is 'index':
        no key, however it arrived, can leave its folder or take a hub's place."""
        if "{key}" in self.path and (not SLUG.fullmatch(key) or key == "index"):
            raise PathError(f"{quote(key)} cannot be used as a page name")
        if page == 1 or self.more is None:
            return self.path.format(key=key)
        return self.more.format(key=key, page=page)

    def pages(self, model) -> Iterable[tuple[str, str, int]]:
        """(path, key, page number) of every page of this kind in the model."""
        for key, items in self.keys(model) if self.keys else (("", None),):
            for page in range(1, (pages_of(items) if self.more else 1) + 1):
                yield self.page_path(key, page), key, page


def _types(model):
    from ..content.vocab import event_type_slugs

    return ((slug, model.events_by_type.get(slug, ())) for slug in event_type_slugs())


def _month(v, key: str, page: int):
    return v.month(int(key[:4]), int(key[5:]), page)


# In the order pages are rendered. Record pages are named for their record kind
# (`sitegen.pages.urls.entity(kind, id)`), hubs of a record kind `<kind>-hub` (`sitegen.pages.urls.hub`).
PAGE_KINDS: tuple[PageKind, ...] = (
    PageKind("home", "index.md", "home.md.j2", lambda v, key, page: v.home(), hub=True),
    PageKind("about", "about.md", "about.md.j2", lambda v, key, page: {}, hub=True),
    PageKind("place-hub", "places/index.md", "places.md.j2", lambda v, key, page: v.places_hub(), hub=True),
    PageKind("actor-hub", "actors/index.md", "actors.md.j2",
             lambda v, key, page: v.kind_hub(v.model.content.actors, v.actor_link), hub=True),
    PageKind("source-hub", "sources/index.md", "sources.md.j2",
             lambda v, key, page: v.kind_hub(v.model.content.sources, v.source_link), hub=True),
    PageKind("event", "events/{key}.md", "event.md.j2", lambda v, key, page: v.event(key),
             keys=lambda m: ((e.id, None) for e in m.content.events)),
    PageKind("place", "places/{key}.md", "place.md.j2", lambda v, key, page: v.place(key, page),
             keys=lambda m: ((i, m.events_in_place.get(i, ())) for i in m.places), more="places/{key}/page-{page}.md"),
    PageKind("actor", "actors/{key}.md", "actor.md.j2", lambda v, key, page: v.actor(key, page),
             keys=lambda m: ((i, m.events_by_actor.get(i, ())) for i in m.actors), more="actors/{key}/page-{page}.md"),
    PageKind("tag", "tags/{key}.md", "tag.md.j2", lambda v, key, page: v.tag(key, page),
             keys=lambda m: m.events_by_tag.items(), more="tags/{key}/page-{page}.md"),
    PageKind("source", "sources/{key}.md", "source.md.j2", lambda v, key, page: v.source(key, page),
             keys=lambda m: ((i, use.events) for i, use in m.source_uses.items()), more="sources/{key}/page-{page}.md"),
    PageKind("chronology", "chronology/index.md", "chronology.md.j2", lambda v, key, page: v.chronology(), hub=True),
    PageKind("type-hub", "types/index.md", "types.md.j2", lambda v, key, page: v.types_hub(), hub=True),
    # the Map page lists every event: noise in search, like the month pages; its list of the
    # events with their coordinates (the map without script) goes on over further pages
    PageKind("map", "map.md", "map.md.j2", lambda v, key, page: v.event_map(page),
             keys=lambda m: (("", m.mapped),), more="map/page-{page}.md", hub=True, searchable=False),
    PageKind("browse", "browse.md", "browse.md.j2", lambda v, key, page: v.browse(), hub=True),
    PageKind("type", "types/{key}.md", "type.md.j2", lambda v, key, page: v.event_type(key, page),
             keys=_types, more="types/{key}/page-{page}.md"),
    PageKind("month", "chronology/{key}.md", "month.md.j2", _month,
             keys=lambda m: m.events_by_month.items(), more="chronology/{key}-page-{page}.md", searchable=False),
)

KINDS: dict[str, PageKind] = {kind.name: kind for kind in PAGE_KINDS}

# Folders whose pages (all but their index page) are filled into shells, not built by MkDocs.
SHELL_FOLDERS: tuple[str, ...] = tuple(dict.fromkeys(k.shell_folder for k in PAGE_KINDS if k.shell_folder))


def kind_of(path: str) -> tuple[PageKind, int] | tuple[None, None]:
    """The kind whose pages have this path's shape (a hub's exact path first, then the
    patterns), and 0 for a first page, 1 for a further one; (None, None) for a page no
    kind makes (the guide, the Data page). Only the kinds whose paths are in the path's top
    folder are tried (a path template's top folder is literal): it runs for every page of
    a language on every build (the search's pages, the Map pages)."""
    for kind in _BY_FOLDER.get(_top(path), ()):
        shape = kind.shape_of(path)
        if shape is not None:
            return kind, shape
    return None, None


_MATCH_ORDER = tuple(sorted(PAGE_KINDS, key=lambda k: "{key}" in k.path))


def _top(path: str) -> str:
    """A path's top folder ("" for a page at the language root)."""
    return path.partition("/")[0] if "/" in path else ""


# top folder -> the kinds with a page there, in `_MATCH_ORDER`
_BY_FOLDER: dict[str, tuple[PageKind, ...]] = {
    top: tuple(k for k in _MATCH_ORDER if top in {_top(t) for t in (k.path, k.more) if t})
    for top in {_top(t) for k in PAGE_KINDS for t in (k.path, k.more) if t}}
# Hubs in the shell folders: their index pages, and any other single page declared a hub.
SHELL_FOLDER_HUBS: frozenset[str] = frozenset(
    [f"{folder}/index.md" for folder in SHELL_FOLDERS]
    + [k.path for k in PAGE_KINDS if k.hub and k.folder in SHELL_FOLDERS and "{key}" not in k.path])
KEYED_HUBS = tuple(k for k in PAGE_KINDS if k.hub and k.folder in SHELL_FOLDERS and "{key}" in k.path)


def is_hub(path: str) -> bool:
    """Whether MkDocs builds the page itself (and it may be in `nav`), rather than it being
    filled into a shell: any page outside the shell folders, and the hubs inside them."""
    if path.partition("/")[0] not in SHELL_FOLDERS or path in SHELL_FOLDER_HUBS:
        return True
    return any(k.shape_of(path) is not None for k in KEYED_HUBS)


def is_searchable(path: str) -> bool:
    """Whether search indexes the page: the first page of a searchable kind, or a page
    of no kind (the guide, the Data page)."""
    kind, shape = kind_of(path)
    return kind is None or (kind.searchable and shape == 0)
