"""The Data page of one language (`data.md`): what each data file holds, its columns or
schema, its size, the licence and how to cite the site (both from `site.yaml`), and the feed.

Rendered in the language's worker with the language's Jinja environment (`render.make_env`);
the file sizes come from the parent, which made the files once for every language."""

from __future__ import annotations

from pathlib import Path

from babel.numbers import format_decimal

from ..pages import urls
from ..pages.i18n import load_translations
from ..pages.labels import N_
from ..content.model import Site
from ..pages.render import make_env
from ..pages.views import Label
from .files import COLUMNS, FIGURE_COLUMNS

FILES = (
    ("events.csv", N_("Every event, one row each, in ACLED's column names where ACLED has the notion, then sitegen's; opens in spreadsheets, pandas and QGIS."), None),
    ("figures.csv", N_("Every casualty figure, one row each, with its event, its source, low, best and high (as UCDP's), its date and the document behind it; a revised toll has a row per figure. Figures of different sources are never added together."), "figures.schema.json"),
    ("events.json", N_("Every event with all its fields: titles and summaries in every language, actors and roles, every figure with its source, claims and cited sources."), "events.schema.json"),
    ("events.geojson", N_("Every event at each of its places that has coordinates, as GeoJSON points (RFC 7946: longitude first), with the columns of events.csv as properties; its figures are in figures.csv (the same event_id)."), None),
    ("places.json", N_("The gazetteer: places with names in every language, aliases, parent place, coordinates, OCHA P-code, GeoNames and Wikidata ids."), "places.schema.json"),
    ("actors.json", N_("The actors, with names, aliases, relations and Wikidata ids."), "actors.schema.json"),
    ("sources.json", N_("The sources: outlets, monitors and datasets that report events or give figures."), "sources.schema.json"),
)


def size(value: int, lang: str) -> str:
    """A file size in kB or MB (decimal units), in the language's number format."""
    if value >= 1_000_000:
        return f"{format_decimal(round(value / 1_000_000, 1), locale=lang)} MB"
    return f"{format_decimal(max(1, round(value / 1000)), locale=lang)} kB"


def render(site: Site, lang: str, templates: Path, locale: Path, sizes: dict[str, int]) -> str:
    env, _ = make_env(lang, templates, locale)
    gettext = load_translations(locale, lang).gettext
    path = urls.DATA

    def label(text):
        if text is None:
            return None
        value, used = text.get(lang, site.default_language)
        return Label(value, used, used != lang)

    files = [{"name": name, "href": urls.data_file(name, path), "what": gettext(what),
              "size": size(sizes.get(name, 0), lang),
              "schema": urls.data_file(schema, path) if schema else None}
             for name, what, schema in FILES]
    columns = [(name, gettext(what)) for name, what in COLUMNS]
    figure_columns = [(name, gettext(what)) for name, what in FIGURE_COLUMNS]
    page = {"files": files, "columns": columns, "figure_columns": figure_columns,
            "licence": label(site.licence), "citation": label(site.citation),
            "feed": "../" * urls.depth(path) + urls.FEED}
    return env.get_template("data.md.j2").render(page=page, path=path)
