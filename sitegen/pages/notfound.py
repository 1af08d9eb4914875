"""The page a reader lands on after asking for a page that does not exist: `<lang>/404/`.

Hosts serve the root `404.html` for a missing URL (`sitegen.build.hosting`), which sends the
reader here: a page of the site like the others (built by MkDocs with the theme, so
styled, translated, with the header's search), at a known depth, so its relative links
work wherever the site is published. It is kept out of search, the sitemap and search
engines' indexes (`robots: noindex`).
"""

from __future__ import annotations

from markupsafe import escape

from . import urls
from .labels import N_
from .render import yaml_string

TITLE = N_("Page not found")
MOVED = N_("There is no page at this address. It may have moved, or the address may be mistyped.")
SEARCH = N_("Search the site")
HOME = N_("Home")
# The home page's lead, also every page's meta description when it has none of its own.
HOME_LEAD = N_("What happened where, who did it, who was hurt, and who says so: every figure on this site names its source.")
LINKS = [
    (HOME, urls.HOME),
    (N_("Chronology"), urls.CHRONOLOGY),
    (N_("Places"), urls.hub("place")),
    (N_("Actors"), urls.hub("actor")),
    (N_("Sources"), urls.hub("source")),
    (N_("About and methodology"), urls.ABOUT),
]


def not_found_page(gettext) -> str:
    """The Markdown of the 404 page, with the language's `gettext`."""
    path = "404.md"
    links = "\n".join(f'<li><a href="{escape(urls.relative(path, target))}">{escape(gettext(label))}</a></li>'
                      for label, target in LINKS)
    return (f"---\ntitle: {yaml_string(gettext(TITLE))}\nrobots: noindex\nsearch:\n  exclude: true\n---\n\n"
            f"# {escape(gettext(TITLE))}\n\n"
            f'<div class="sg-notfound">\n<p>{escape(gettext(MOVED))}</p>\n'
            f'<p><button type="button" class="md-button md-button--primary" data-sg-open-search>'
            f"{escape(gettext(SEARCH))}</button></p>\n"
            f'<ul class="sg-notfound__links">\n{links}\n</ul>\n</div>\n')
