"""Maps on event and place pages: Leaflet, copied into the site from the `xstatic-leaflet`
package (no CDN, nothing fetched at build time), drawn by `templates/assets/map.js`.

The page itself holds the data as a list of its places, each with its coordinates and the
precision of its position (`data-lat`, `data-lon`, `data-radius`), so without script or
tiles the reader still sees the places, their coordinates and links. The script puts
the same places on a map of the tile server named in `site.yaml` (`map.tiles`,
`map.attribution`; OpenStreetMap's by default): a point for a town or site, a circle of
about the size of its kind for a place known only as a district, governorate, ...
Controls sit on the right in a right-to-left language.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from markupsafe import Markup, escape

ASSETS = "assets/leaflet"
FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png", "images/marker-icon.png",
         "images/marker-icon-2x.png", "images/marker-shadow.png")

# Radius in metres of the circle that shows "somewhere in this <kind>": about the size of
# such a unit in Syria (a subdistrict ~10 km across, a district ~30 km, a governorate
# ~80 km). Indicative, not a boundary. 0: a point (a town, a site).
RADIUS = {"town": 0, "site": 0, "subdistrict": 5_000, "district": 15_000, "area": 20_000,
          "governorate": 40_000, "country": 150_000}


def assets() -> dict[str, bytes]:
    """Leaflet's files as the package ships them, by their path in a language's docs tree."""
    from xstatic.pkg import leaflet

    base = PurePosixPath(leaflet.BASE_DIR.replace("\\", "/"))
    out = {}
    for name in FILES:
        with open(base / name, "rb") as handle:
            out[f"{ASSETS}/{name}"] = handle.read()
    return out


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
