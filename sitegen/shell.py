"""Page shells: the fast path for the many pages that are not hubs.

MkDocs and Material build the hub pages and, per language, one empty "shell" page for
each folder depth. Every other page is its Markdown converted by Python-Markdown (the
library and extensions MkDocs itself uses) and poured into the shell of its depth, so
each page costs a Markdown conversion instead of a full theme render.
"""

from __future__ import annotations

import json
import re

import markdown

from . import urls

TITLE = "SGSHELLTITLE"
BODY = "SGSHELLBODY"
SHELLS = {2: "_shell/depth2.md", 3: "_shell/depth3/page.md"}
SEARCH_BODY = "<div data-pagefind-body>"  # set by templates/theme/main.html
DEFAULT_EXTENSIONS = ["toc", "tables", "fenced_code"]  # what MkDocs always adds


class ShellError(Exception):
    pass


def shell_sources() -> dict[str, str]:
    """The Markdown of the shell pages, added to every language's docs tree."""
    page = f"---\ntitle: {TITLE}\n---\n\n{BODY}\n"
    return {path: page for path in SHELLS.values()}


class Shell:
    """A built shell page split around its title and body markers."""

    def __init__(self, html: str, shell_path: str) -> None:
        parts = re.split(f"<h1>{TITLE}</h1>\\s*<p>{BODY}</p>", html)
        if len(parts) != 2:
            raise ShellError(f"the theme's page for {shell_path} has no single title and body slot")
        self.head, self.tail = parts
        self.url = urls.url(shell_path)

    def fill(self, title_html: str, body_html: str, path: str, searchable: bool = True) -> str:
        url = urls.url(path)
        head = self.head.replace(TITLE, title_html).replace(self.url, url)
        if not searchable:  # Pagefind indexes only pages that mark a body
            head = head.replace(SEARCH_BODY, "<div>", 1)
        return head + body_html + self.tail.replace(self.url, url)


class Converter:
    """Markdown to HTML as MkDocs would convert it, for one configuration.

    Rendered pages are headings and raw HTML blocks. Python-Markdown passes raw HTML
    blocks through unchanged, so only the headings (for their ids and permalinks) go
    through it, with each HTML block held as a placeholder; any other Markdown makes
    the whole page go through Python-Markdown.
    """

    def __init__(self, config: dict) -> None:
        names, settings = DEFAULT_EXTENSIONS[:], {}
        for item in config.get("markdown_extensions") or []:
            name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
            if name not in names:
                names.append(name)
            settings[name] = options or {}
        self.md = markdown.Markdown(extensions=names, extension_configs=settings)
        self.blocks = set(self.md.block_level_elements)

    def page(self, text: str) -> tuple[str, str]:
        """(title as HTML, body as HTML) of one rendered page with its front matter."""
        _, front, body = text.split("---\n", 2)
        title = json.loads(front.partition("title:")[2].strip())
        return title, self.convert(body)

    def convert(self, body: str) -> str:
        skeleton, held = [], []
        for part in re.split(r"\n[ \t]*\n", body.strip("\n")):
            tag = re.match(r"<([a-zA-Z][a-zA-Z0-9]*)", part)
            if re.match(r"#{1,6} [^\n]*$", part):
                skeleton.append(part)
            elif tag and tag.group(1).lower() in self.blocks:
                skeleton.append(f"SGBLOCK{len(held)}")
                held.append(part)
            else:
                return self._full(body)
        html = self._full("\n\n".join(skeleton))
        return re.sub(r"<p>SGBLOCK(\d+)</p>", lambda m: held[int(m.group(1))], html)

    def _full(self, source: str) -> str:
        self.md.reset()
        return self.md.convert(source)
