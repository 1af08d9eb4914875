"""Reading the site from disk: `use_directory_urls: false` in mkdocs.yml.

Opened from `file://`, a link to a folder (`../places/hama/`) shows the folder's listing,
not its page. With `use_directory_urls: false` the site keeps its folders (so its URLs
are the same wherever it is served) and every relative link to a folder names the page
in it: `../places/hama/index.html`. MkDocs itself builds with directory URLs; every page
it writes and every page filled into a shell passes through `index_links`. Search needs
a server (browsers do not let a page on disk fetch the search index); opened from disk,
the search box says so.
"""

from __future__ import annotations

import re
from pathlib import Path

# A relative href/src (not '/…', no scheme) that names a folder: ends in '/', or is '.' or '..'.
FOLDER_LINK = re.compile(r'((?:href|src)=")((?![/#?])[^"#?:]*/|\.\.?)(?=["#?])')


def index_links(html: str) -> str:
    """`html` with every relative link to a folder pointing at its `index.html`."""
    return FOLDER_LINK.sub(lambda m: m.group(1) + (m.group(2) + "/" if m.group(2) in (".", "..") else m.group(2))
                           + "index.html", html)


def rewrite_tree(folder: Path, skip=()) -> None:
    """Apply `index_links` to every HTML file below `folder` but those under `skip` folders."""
    for page in folder.rglob("*.html"):
        if skip and page.relative_to(folder).parts[0] in skip:
            continue
        text = page.read_text(encoding="utf-8")
        fixed = index_links(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
