"""sitemap.xml for every page of one language (MkDocs only sees the hubs), and the
root sitemap index that names each language's.

Search engines and Material's own script (its language selector and instant navigation
read `<lang>/sitemap.xml`) need absolute `<loc>` URLs, so a sitemap lists pages only
when the site's `site_url` is known (`sitegen.build.hosting`); without it the file is an empty
`<urlset>`, which still answers Material's request. Each page's entry carries its hreflang
set (every language and `x-default`, Google's sitemap form of hreflang): in the pages
themselves a `<link rel="alternate">` would make Material fetch a sitemap.xml beside the
linked page, which does not exist.
"""

from __future__ import annotations

import time
from xml.sax.saxutils import quoteattr
from xml.sax.saxutils import escape

URLSET = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
          'xmlns:xhtml="http://www.w3.org/1999/xhtml">')


def day(epoch: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(epoch))


def sitemap(page_urls: list[str], epoch: int, root: str | None = None, lang: str = "",
            languages: tuple[str, ...] = (), default: str = "") -> str:
    """One language's sitemap: `page_urls` relative to the language root (`events/x/`),
    `root` the site's absolute URL ending in '/' (or None: no entries), `epoch` the build
    date in seconds (the `<lastmod>` of every entry)."""
    rows = []
    if root:
        when = day(epoch)
        for url in page_urls:
            links = "".join(f'<xhtml:link rel="alternate" hreflang="{code}" href={quoteattr(root + code + "/" + url)}/>'
                            for code in languages)
            if default:
                links += f'<xhtml:link rel="alternate" hreflang="x-default" href={quoteattr(root + default + "/" + url)}/>'
            rows.append(f"<url><loc>{escape(root + lang + '/' + url)}</loc><lastmod>{when}</lastmod>{links}</url>\n")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{URLSET}\n{"".join(rows)}</urlset>\n'


def sitemap_index(root: str, languages: tuple[str, ...], epoch: int) -> str:
    """The root sitemap.xml: a sitemap index naming each language's sitemap."""
    when = day(epoch)
    rows = "".join(f"<sitemap><loc>{escape(root + code + '/sitemap.xml')}</loc><lastmod>{when}</lastmod></sitemap>\n"
                   for code in languages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</sitemapindex>\n')
