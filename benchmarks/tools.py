"""The reader tools of issue 14 switched off, to measure what they add to a build
(`run.py --tools-share`): the same cold build with and without them, in one run.

`switched_off(groups)` replaces, for as long as it is entered, what each group makes
(in this process; the language workers fork from it and inherit it):

- `maps`: the maps of event and place pages (`Maps.html`), the Map page's map and list
  (`Maps.overview`; with no points, `Model.mapped` empty, it has no further pages), its
  `map.json` (`language._write_map_data`) and Leaflet's files copied into the site
  (`maps.assets`);
- `browse`: the Pagefind filters of event pages (`facets.event_values`; the `page:event`
  filter stays) and their sort value (`facets.sort_value`: the event's id instead), and the
  Browse page's facets (`Views.browse`: the page stays, with no choices) and its `browse.json`
  and `browse-NN.json` (`language._write_browse_data`);
- `charts`: the timeline charts (`Charts.html`) and the monthly counts they are drawn from
  (`link._monthly`; the Browse page's dates come from them too).

What stays is the rest of every page and of the site; a chart or map switched off leaves
an empty raw block (`EMPTY`), so every page converts as it does with the tools.
Only the benchmark switches them:
the build has no such setting. `tests/test_benchmark.py` checks that a build made inside
`switched_off()` has none of what the tools write and one made outside has it all.
"""

from __future__ import annotations

import contextlib
from types import MappingProxyType

from markupsafe import Markup

from sitegen.build import language
from sitegen.pages import chart, facets, maps, views
from sitegen.content import link as linking

GROUPS = ("maps", "browse", "charts")
# In place of a chart or map: an empty raw HTML block. An empty string would leave three line
# breaks in a row, which the shells' direct conversion does not take (the next block would
# start with a line break), sending every such page through Python-Markdown: the build without
# the tools would then cost more than the build with them.
EMPTY = Markup('<div hidden></div>')


def _browse_without_facets(browse):
    """`Views.browse` as it is, but with no facet to choose from."""

    def without(self) -> views.View:
        return views.View(**{**vars(browse(self)), "facets": []})

    return without


@contextlib.contextmanager
def switched_off(groups=GROUPS):
    """The tools of `groups` (of `GROUPS`) switched off while entered; restored on leaving."""
    unknown = set(groups) - set(GROUPS)
    if unknown:
        raise ValueError(f"unknown tool groups: {sorted(unknown)}")
    saved = []

    def put(owner, name: str, value) -> None:
        saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    if "maps" in groups:
        put(maps.Maps, "html", lambda self, view: EMPTY)
        put(maps.Maps, "overview", lambda self, view: EMPTY)
        put(maps, "assets", lambda: {})
        put(language, "_write_map_data", lambda *args, **kwargs: None)
        put(views.Views, "map_point", lambda self, *args: None)  # before the paged list, every event was asked
        if hasattr(linking, "_mapped"):  # before the Map page's list was paged, its points were not indexed
            put(linking, "_mapped", lambda *args: ())
    if "browse" in groups:
        put(facets, "event_values", lambda model, event_id: ())
        put(facets, "sort_value", lambda model, event_id: event_id)
        put(views.Views, "browse", _browse_without_facets(views.Views.browse))
        put(language, "_write_browse_data", lambda *args, **kwargs: None)
    if "charts" in groups:
        put(chart.Charts, "html", lambda self, counts: EMPTY)
        put(linking, "_monthly", lambda *args: MappingProxyType({}))
    try:
        yield
    finally:
        for owner, name, value in reversed(saved):
            setattr(owner, name, value)
