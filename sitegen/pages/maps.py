"""Maps on event and place pages: Leaflet, copied into the site from the `xstatic-leaflet`
package (no CDN, nothing fetched at build time), drawn by `templates/assets/map.js`.

The page itself holds the data as a list of its places, each with its coordinates and the
precision of its position (`data-lat`, `data-lon`, `data-radius`), so without script or
tiles the reader still sees the places, their coordinates and links. The script puts
the same places on a map of the tile server named in `site.yaml` (`map.tiles`,
`map.attribution`; OpenStreetMap's by default): a point for a town or site, a circle of
about the size of its kind for a place known only as a district, governorate, ...
Controls sit on the right in a right-to-left language.

The Map page (`urls.MAP`) shows every event at once, clustered by Leaflet.markercluster
(copied from the `xstatic-leaflet-markercluster` package). Its page lists the events with
their coordinates (the map without script or tiles), `PAGE_SIZE` a page, going on over
further pages (`map/page-2/`, ...: filled into page shells, so however many events there
are no page is converted whole by Python-Markdown); the script loads the points lazily
from the language's `map.json` (`data`), which holds what a popup needs in the page's
language: title, date, type, link, coordinates and precision.
"""

from __future__ import annotations

from pathlib import PurePosixPath

import json

from markupsafe import Markup, escape

ASSETS = "assets/leaflet"
CLUSTER_ASSETS = "assets/markercluster"
CLUSTER_FILES = ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css")
FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png", "images/marker-icon.png",
         "images/marker-icon-2x.png", "images/marker-shadow.png")

# Radius in metres of the circle that shows "somewhere in this <kind>": about the size of
# such a unit in Syria (a subdistrict ~10 km across, a district ~30 km, a governorate
# ~80 km). Indicative, not a boundary. 0: a point (a town, a site).
RADIUS = {"town": 0, "site": 0, "subdistrict": 5_000, "district": 15_000, "area": 20_000,
          "governorate": 40_000, "country": 150_000}

# Radius in metres of an event's own location precision (`vocab.LOCATION_PRECISIONS`):
# "near" is "within about 25 km" (docs/content-format.md); admin2/admin1 a district or
# governorate as above. An event's circle is the larger of its precision's and its place's.
PRECISION_RADIUS = {"exact": 0, "near": 25_000, "admin2": RADIUS["district"], "admin1": RADIUS["governorate"],
                    "area": RADIUS["area"], "country": RADIUS["country"], "international": RADIUS["country"]}


def radius(place_kind: str, precision: str | None) -> int:
    """Metres of uncertainty of an event placed at a place of `place_kind` with its location
    `precision` (None: the place's own): 0 is a point."""
    return max(RADIUS.get(place_kind, 0), PRECISION_RADIUS.get(precision or "exact", 0))


def assets() -> dict[str, bytes]:
    """Leaflet's files as the package ships them, by their path in a language's docs tree."""
    from xstatic.pkg import leaflet

    base = PurePosixPath(leaflet.BASE_DIR.replace("\\", "/"))
    out = {}
    for name in FILES:
        with open(base / name, "rb") as handle:
            out[f"{ASSETS}/{name}"] = handle.read()
    from xstatic.pkg import leaflet_markercluster

    base = PurePosixPath(leaflet_markercluster.BASE_DIR.replace("\\", "/"))
    for name in CLUSTER_FILES:
        with open(base / name, "rb") as handle:
            out[f"{CLUSTER_ASSETS}/{name}"] = handle.read()
    return out


def data(points) -> bytes:
    """The Map page's `map.json`: `{"events": [{"id", "title", "lang" (the title's language
    when it falls back to another), "date", "type", "url" (relative to the Map page), "lat",
    "lon" (WGS 84 degrees), "radius" (metres; 0 a point), "note" (the precision, when not a
    point)}]}` of the points of `Views.event_map`, in their order. Plain texts: the script
    puts them in the page as text, never as HTML. Same points, same bytes."""
    return items_data([item(p) for p in points])


def item(p) -> dict:
    """One point's entry in `map.json` (see `data`)."""
    entry = {"id": p.id, "title": p.link.label.text, "date": p.date, "type": p.type_link.label.text,
             "url": p.link.url, "lat": p.lat, "lon": p.lon, "radius": p.radius}
    if p.link.label.fallback:
        entry["lang"] = p.link.label.lang
    if p.note:
        entry["note"] = p.note
    return entry


def items_data(entries: list[dict]) -> bytes:
    """`map.json` of its entries (`item`); entries read back from a `map.json` give its bytes."""
    return (json.dumps({"events": entries}, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
            + "\n").encode("utf-8")


class Maps:
    """Map figures in one language: `gettext` of its catalog, `label` a vocabulary label,
    `link` a link as HTML, `number` its number format."""

    def __init__(self, gettext, label, link, number) -> None:
        self.gettext, self.label, self.link, self.number = gettext, label, link, number

    def html(self, view) -> Markup:
        """The map of `view.places` (views with `link`, `kind`, `coordinates`), or nothing when
        none has coordinates; `view.settings` is the site's `MapSettings`."""
        places, settings = view.places, view.settings
        if not any(p.coordinates for p in places):
            return Markup("")
        items = "".join(self.item(p) for p in places)
        title = escape(self.gettext("Map"))
        zoom_in, zoom_out = escape(self.gettext("Zoom in")), escape(self.gettext("Zoom out"))
        return Markup(
            f'<figure class="sg-map" data-pagefind-ignore data-tiles="{escape(settings.tiles)}" '
            f'data-attribution="{escape(settings.attribution)}" '
            f'data-zoom-in="{zoom_in}" data-zoom-out="{zoom_out}">\n'
            f'<div class="sg-map__canvas" role="region" aria-label="{title}" hidden></div>\n'
            f'<figcaption>{title}</figcaption>\n'
            f'<ul class="sg-map__places">{items}</ul>\n</figure>')

    def overview(self, view) -> Markup:
        """A page of the Map page (a view of `Views.event_map`): on the first, a canvas the
        script fills from `view.data` (the language's `map.json`, every point); on every
        page, the list of its `view.points` with their coordinates, which is the map without
        script or tiles, going on over further pages (`view.pager`)."""
        sep = escape(self.gettext("; "))
        items = "".join([
            f'<li>{self.link(p.link)} <small>(<time>{escape(p.date)}</time>{sep}{self.link(p.type_link)}{sep}'
            f'{self.link(p.place)}{sep}<span dir="ltr">{p.lat:.4f}, {p.lon:.4f}</span>'
            f'{sep + escape(p.note) if p.note else ""})</small></li>\n' for p in view.points])
        listing = f'<ul class="sg-map__events">\n{items}</ul>'
        if view.pager.page > 1:
            return Markup(listing)
        settings = view.settings
        title = escape(self.gettext("Map of the events"))
        words = {"zoom-in": self.gettext("Zoom in"), "zoom-out": self.gettext("Zoom out"),
                 "events": self.gettext("events in this cluster"), "failed": self.gettext("The map could not be loaded.")}
        attrs = "".join(f' data-{k}="{escape(v)}"' for k, v in words.items())
        return Markup(
            f'<figure class="sg-map sg-map--events" data-pagefind-ignore data-src="{escape(view.data)}" '
            f'data-tiles="{escape(settings.tiles)}" data-attribution="{escape(settings.attribution)}"{attrs}>\n'
            f'<div class="sg-map__canvas" role="region" aria-label="{title}" hidden></div>\n'
            f'<figcaption>{title}</figcaption>\n{listing}\n</figure>')

    def item(self, place) -> str:
        kind, sep = escape(self.label(place.kind)), escape(self.gettext("; "))
        if not place.coordinates:
            missing = escape(self.gettext("no coordinates"))
            return f'<li>{self.link(place.link)} <small>({kind}{sep}{missing})</small></li>'
        lat, lon = place.coordinates
        radius = RADIUS.get(place.kind, 0)
        where = f"{lat:.4f}, {lon:.4f}"
        if radius:
            note = self.gettext("approximate: within about %(km)s km") % {"km": self.number(radius // 1000)}
            precision = f"{kind}{sep}{escape(note)}"
        else:
            precision = kind
        return (f'<li data-lat="{lat}" data-lon="{lon}" data-radius="{radius}">{self.link(place.link)} '
                f'<small>(<span dir="ltr">{where}</span>{sep}{precision})</small></li>')
