"""Page shells: the fast path for the many pages that are not hubs.

MkDocs and Material build the hub pages and, per language, one empty "shell" page for
each folder depth. Every other page is its Markdown converted by Python-Markdown (the
library and extensions MkDocs itself uses) and poured into the shell of its depth, so
each page costs a Markdown conversion instead of a full theme render.
"""

from __future__ import annotations

import html
import json
import re

import markdown
from markdown.extensions.toc import slugify, strip_tags, unique
from markdown.serializers import RE_AMP

from . import urls

TITLE = "SGSHELLTITLE"
BODY = "SGSHELLBODY"
SHELLS = {2: "_shell/depth2.md", 3: "_shell/depth3/page.md"}
SEARCH_BODY = "<div data-pagefind-body>"  # set by templates/theme/main.html
DEFAULT_EXTENSIONS = ["toc", "tables", "fenced_code"]  # what MkDocs always adds
HEADING = re.compile(r"(#{1,6}) ([^\n]*)$")
# What a heading line may hold for `Headings` to convert it: inline tags, entities,
# backslash escapes and text without any other character Python-Markdown's inline
# patterns act on. Anything else goes through Python-Markdown.
INLINE = re.compile(r'(</?[a-z]+(?: [a-z-]+="[^"<>]*")*>)'   # a tag such as <span lang="ar" dir="rtl">
                    r"|(&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)"  # an entity
                    r"|\\(.)"                                       # a backslash escape
                    r"|([^\\`*_\[\]!<>\x00-\x1f]+)")                # text no inline pattern acts on


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


class Headings:
    """ATX headings converted as Python-Markdown's toc extension with `permalink: true`
    converts them: the same inline HTML, the same unique ids, the same permalink. Made
    per page (ids are unique within a page); `line` answers None for any heading it
    cannot promise to convert exactly."""

    def __init__(self, escaped: frozenset[str], permalink_title: str = "Permanent link") -> None:
        self.escaped = escaped
        self.title = _attribute(permalink_title)
        self.used: set[str] = set()
        self.counters: dict[str, int] = {}

    def line(self, part: str) -> str | None:
        match = HEADING.match(part)
        text = match and match.group(2).strip()
        if not text or text.endswith("#"):
            return None
        pieces = self.pieces(text)
        if pieces is None:
            return None
        level = len(match.group(1))
        ident = unique(slugify(html.unescape(strip_tags(_inner(pieces, True))), "-"), self.used, self.counters)
        return (f'<h{level} id="{ident}">{_inner(pieces, False)}<a class="headerlink" href="#{ident}" '
                f'title="{self.title}">&para;</a></h{level}>')

    def pieces(self, text: str) -> list[tuple[str, str]] | None:
        """The heading text as ("markup", tag or entity), ("escape", character) and
        ("text", text) pieces, or None if it holds anything else."""
        pieces, end = [], 0
        for match in INLINE.finditer(text):
            if match.start() != end:
                return None
            end = match.end()
            markup, escape, plain = match.group(1) or match.group(2), match.group(3), match.group(4)
            if escape is not None and escape not in self.escaped:
                return None
            pieces.append(("markup", markup) if markup else ("escape", escape) if escape is not None else ("text", plain))
        return pieces if end == len(text) else None


def _inner(pieces: list[tuple[str, str]], for_id: bool) -> str:
    """The heading's inner HTML. Python-Markdown turns escapes back into their character
    before it writes the page, but after it escaped the text its toc makes the id from:
    so an escaped '#' after '&' makes an entity on the page and '&amp;#' in the id."""
    out, run, escapes = [], [], []
    for kind, value in pieces + [("markup", "")]:
        if kind == "markup":
            text = _cdata("".join(run))
            if for_id:
                text = re.sub("\x02", lambda _: escapes.pop(0), text)
            out += [text, value]
            run, escapes = [], []
        elif kind == "escape" and for_id:
            run.append("\x02")
            escapes.append(value)
        else:
            run.append(value)
    return "".join(out)


def _attribute(text: str) -> str:
    """An attribute value as Python-Markdown's serializer writes it."""
    return _cdata(text).replace('"', "&quot;").replace("\n", "&#10;")


def _cdata(text: str) -> str:
    """Character data as Python-Markdown's serializer writes it."""
    if "&" in text:
        text = RE_AMP.sub("&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;")


class Converter:
    """Markdown to HTML as MkDocs would convert it, for one configuration.

    Rendered pages are headings and raw HTML blocks. Python-Markdown passes raw HTML
    blocks through unchanged, and with the base configuration (toc with permalinks, the
    extensions MkDocs always adds) headings are converted by `Headings` directly. Any
    other Markdown, heading text or configuration goes through Python-Markdown: headings
    alone with each HTML block held as a placeholder, or the whole page.
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
        toc = settings.get("toc", {})
        self.direct = (names == DEFAULT_EXTENSIONS and toc.get("permalink") is True
                       and toc.keys() <= {"permalink", "permalink_title"})
        self.permalink_title = toc.get("permalink_title", "Permanent link")
        self.escaped = frozenset(self.md.ESCAPED_CHARS)

    def page(self, text: str) -> tuple[str, str]:
        """(title as HTML, body as HTML) of one rendered page with its front matter."""
        _, front, body = text.split("---\n", 2)
        title = json.loads(front.partition("title:")[2].strip())
        return title, self.convert(body)

    def convert(self, body: str) -> str:
        parts = re.split(r"\n[ \t]*\n", body.strip("\n"))
        direct = self._direct(parts) if self.direct else None
        return direct if direct is not None else self._skeleton(body, parts)

    def _direct(self, parts: list[str]) -> str | None:
        headings, out = Headings(self.escaped, self.permalink_title), []
        for part in parts:
            if part.startswith("#"):
                part = headings.line(part)
                if part is None:
                    return None
            elif not self._is_block(part):
                return None
            out.append(part)
        return "\n".join(out)

    def _is_block(self, part: str) -> bool:
        tag = re.match(r"<([a-zA-Z][a-zA-Z0-9]*)", part)
        return bool(tag) and tag.group(1).lower() in self.blocks

    def _skeleton(self, body: str, parts: list[str]) -> str:
        skeleton, held = [], []
        for part in parts:
            if HEADING.match(part):
                skeleton.append(part)
            elif self._is_block(part):
                skeleton.append(f"SGBLOCK{len(held)}")
                held.append(part)
            else:
                return self._full(body)
        html = self._full("\n\n".join(skeleton))
        return re.sub(r"<p>SGBLOCK(\d+)</p>", lambda m: held[int(m.group(1))], html)

    def _full(self, source: str) -> str:
        self.md.reset()
        return self.md.convert(source)
