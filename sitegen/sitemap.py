"""sitemap.xml for every page of one language (MkDocs only sees the hubs)."""

from __future__ import annotations

import time
from xml.sax.saxutils import escape


def sitemap(page_urls: list[str], epoch: int) -> str:
    day = time.strftime("%Y-%m-%d", time.gmtime(epoch))
    rows = "".join(f"<url><loc>{escape(u)}</loc><lastmod>{day}</lastmod></url>\n" for u in page_urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n'
