"""Page shells: the fast path for the many pages that are not hubs.

MkDocs and Material build the hub pages and, per language, a few empty "shell" pages for
each folder depth: one whose content starts with a title heading, one with only lower
headings, one with none (the theme writes each differently: its own `<h1>`, the skip
link, the table of contents). Every other page is its Markdown converted by
Python-Markdown (the library and extensions MkDocs itself uses) and poured into the shell
of its depth and kind, with its title, meta description, table of contents (the theme's
own `partials/toc.html`, rendered for the page) and skip link; so each page costs a
Markdown conversion instead of a full theme render, and comes out as MkDocs would build
it (`tests/test_oracle.py` compares every page).
"""

from __future__ import annotations

import html
import json
import posixpath
import re

import markdown
from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique
from markdown.serializers import RE_AMP

from ..pages import urls

TITLE = "SGSHELLTITLE"
BODY = "SGSHELLBODY"
DESCRIPTION = "SGSHELLDESCRIPTION"
KINDS = {"title": f"# {TITLE}\n\n", "heading": "## SGSHELLTOC\n\n", "plain": ""}  # what the body starts with
META = frozenset({"title", "description", "search"})  # front matter the fast path honours
NOT_SEARCHED = {"exclude": True}  # `search:` of a page kept out of search (as Material's search plugin reads it)
SEARCH_BODY = "<div data-pagefind-body>"  # set by templates/theme/main.html
DEFAULT_EXTENSIONS = ["toc", "tables", "fenced_code"]  # what MkDocs always adds
HEADING = re.compile(r"(#{1,6}) ([^\n]*)$")
# What parts a page's blocks: one blank line or a run of them (a template's `{% endif %}`
# lines leave two or three), as Python-Markdown takes any number of blank lines between blocks.
# Splitting on one blank line only left a part starting with a line break ("\n## Events"),
# which sent the whole page through Python-Markdown: every actor page with members did.
BLANK = re.compile(r"\n(?:[ \t]*\n)+")
# What a heading line may hold for `Headings` to convert it: inline tags, entities,
# backslash escapes and text without any other character Python-Markdown's inline
# patterns act on. Anything else goes through Python-Markdown.
INLINE = re.compile(r'(</?[a-z]+(?: [a-z-]+="[^"<>]*")*>)'   # a tag such as <span lang="ar" dir="rtl">
                    r"|(&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)"  # an entity
                    r"|\\(.)"                                       # a backslash escape
                    r"|([^\\`*_\[\]!<>\x00-\x1f]+)")                # text no inline pattern acts on


class ShellError(Exception):
    pass


ADVICE = "build with `sitegen build --engine mkdocs`, where MkDocs builds every page"


def shell_paths(depths) -> dict[str, str]:
    """Shell key ('2-title') -> its Markdown path, for every depth (2 and up) and kind."""
    paths = {}
    for depth in sorted(set(depths) | {2, 3}):
        folder = "/".join(["_shell"] + ["deeper"] * (depth - 2))
        for kind in KINDS:
            paths[f"{depth}-{kind}"] = f"{folder}/{kind}.md"
    return paths


def shell_sources(depths=()) -> dict[str, str]:
    """The Markdown of the shell pages, added to every language's docs tree."""
    return {path: f"---\ntitle: {TITLE}\ndescription: {DESCRIPTION}\n---\n\n{KINDS[key.split('-')[1]]}{BODY}\n"
            for key, path in shell_paths(depths).items()}


def shell_key(path: str, body_html: str, toc) -> str:
    kind = "title" if "<h1" in body_html else "heading" if toc else "plain"
    return f"{urls.depth(path)}-{kind}"


class Page:
    """What the theme's table of contents reads of a page (as MkDocs' Page has it)."""

    def __init__(self, toc, content: str, meta: dict, title: str) -> None:
        self.toc, self.content, self.meta, self.title = toc, content, meta, title


class Tocs:
    """The theme's own `partials/toc.html`, rendered for a page, in MkDocs' Jinja
    environment for the language's configuration."""

    def __init__(self, config) -> None:
        self.config = config
        env = config.theme.get_env()
        self.lang = env.get_template("partials/language.html").make_module({"config": config})
        self.template = env.get_template("partials/toc.html")
        self.made: dict[tuple, str] = {}
        # Material lists a page's title heading's children, not the title: pages whose
        # sections are the same then share one table of contents. Asked of the template
        # itself (a custom_dir may override it), with a title and a body it must not show.
        from mkdocs.structure.toc import get_toc

        probe = get_toc([{"level": 1, "id": "sgprobe", "name": "SGPROBE", "children": [
            {"level": 2, "id": "a", "name": "A", "children": []}]}])
        shown = self.template.render(config=config, page=Page(probe, "<h1>SGPROBEBODY</h1>", {}, "SGPROBE"), lang=self.lang)
        self.titles_hidden = "SGPROBE" not in shown and "sgprobe" not in shown

    def render(self, page: Page) -> str:
        toc = list(page.toc)
        if not (self.titles_hidden and len(toc) == 1 and toc[0].level == 1):
            return self.template.render(config=self.config, page=page, lang=self.lang)
        key = ("<h1" in page.content, _sections(toc[0].children))
        if key not in self.made:
            self.made[key] = self.template.render(config=self.config, page=page, lang=self.lang)
        return self.made[key]


def _sections(items) -> tuple:
    return tuple((item.title, item.url, item.level, _sections(item.children)) for item in items)


LINK = re.compile(r'((?:href|src)=")((?![/#?])[^"#?:]*)(?=["#?])')


def _relinked(html: str, shell_url: str, page_url: str) -> str:
    """The shell's relative links into the page's own top folder, relative to the page
    as MkDocs makes them (`mkdocs.utils.get_relative_url`); other links are the same
    from the shell and from the page."""
    from mkdocs.utils import get_relative_url

    top = page_url.split("/", 1)[0] + "/"

    def relink(match: re.Match) -> str:
        target = match.group(2)
        path = posixpath.normpath(posixpath.join(shell_url, target))
        path += "/" if target.endswith("/") and path != "." else ""
        if not path.startswith(top) or path.startswith(shell_url):
            return match.group(0)
        return match.group(1) + get_relative_url(path, page_url)

    return LINK.sub(relink, html)


class Shell:
    """A built shell page split around its table of contents and its content."""

    def __init__(self, html: str, shell_path: str, converter: "Converter", tocs: Tocs, page_url: str = "") -> None:
        """`page_url`: a page of the folder the shell is for (`events/x/` for every page in
        `events/`): MkDocs writes the shortest relative link, `../` from `events/x/` to
        `events/`, where the shell has `../../events/`."""
        kind = shell_path.rsplit("/", 1)[1][: -len(".md")]
        if page_url:
            html = _relinked(html, urls.url(shell_path), page_url)
        body, toc = converter.convert_with_toc(f"{KINDS[kind]}{BODY}\n")
        shell_toc = tocs.render(Page(toc, body, {}, TITLE))
        parts = html.split(body)
        if len(parts) != 2 or parts[0].count(shell_toc) != 1:
            raise ShellError(f"the theme's page for {shell_path} has no single content and table of contents: "
                             f"the fast path cannot fill it; {ADVICE}")
        self.head, self.toc_tail = parts[0].split(shell_toc)
        self.tail = parts[1]
        self.url = urls.url(shell_path)
        self.skip = f'href="{next(iter(toc)).url}" class="md-skip"' if toc else None
        if self.skip and self.head.count(self.skip) != 1:
            raise ShellError(f"the theme's page for {shell_path} has no single skip link; {ADVICE}")

    def fill(self, meta: dict, body_html: str, toc, path: str, tocs: Tocs, description: str) -> str:
        """The page: the shell's own text with its links to the shell made links to `path`,
        then the page's title and description put in its slots in one pass (`_put`), so that
        no text of the page is searched or rewritten (a title that holds `_shell/depth2/` or a
        slot's name stays as it is)."""
        url = urls.url(path)
        title = meta.get("title", "")
        head = self.head.replace(self.url, url)
        if self.skip:
            head = head.replace(self.skip, f'href="{next(iter(toc)).url}" class="md-skip"', 1)
        head = _put(head, {TITLE: title, DESCRIPTION: meta.get("description") or description})
        middle = self.toc_tail.replace(self.url, url)
        if meta.get("search") == NOT_SEARCHED:  # Pagefind indexes only pages that mark a body
            middle = middle.replace(SEARCH_BODY, "<div>", 1)
        middle = _put(middle, {TITLE: title})
        page_toc = tocs.render(Page(toc, body_html, meta, title))
        return head + page_toc + middle + body_html + self.tail.replace(self.url, url)


def _put(text: str, values: dict[str, str]) -> str:
    """`text` with each slot named in `values` replaced by its value, in one pass: a value put
    in is never searched again."""
    return re.sub("|".join(map(re.escape, values)), lambda match: values[match.group()], text)


class Headings:
    """ATX headings converted as Python-Markdown's toc extension with `permalink: true`
    converts them: the same inline HTML, the same unique ids, the same permalink. Made
    per page (ids are unique within a page); `line` answers None for any heading it
    cannot promise to convert exactly."""

    def __init__(self, escaped: frozenset[str], slug=slugify, separator: str = "-",
                 permalink_title: str = "Permanent link") -> None:
        self.escaped = escaped
        self.slug, self.separator = slug, separator
        self.title = _attribute(permalink_title)
        self.used: set[str] = set()
        self.counters: dict[str, int] = {}
        self.tokens: list[dict] = []  # as Python-Markdown's toc lists them, not yet nested

    def line(self, part: str) -> str | None:
        match = HEADING.match(part)
        text = match and match.group(2).strip()
        if not text or text.endswith("#"):
            return None
        pieces = self.pieces(text)
        if pieces is None:
            return None
        level = len(match.group(1))
        name = strip_tags(_inner(pieces, True))
        ident = unique(self.slug(html.unescape(name), self.separator), self.used, self.counters)
        self.tokens.append({"level": level, "id": ident, "name": name})
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


def front_matter(front: str) -> dict:
    """A page's front matter: the rendered pages' `key: <JSON string or object>` lines directly,
    anything else as MkDocs reads it (YAML)."""
    meta = {}
    for line in front.splitlines():
        key, sep, value = line.partition(": ")
        if not sep or not key.isidentifier() or not value.startswith(('"', "{")):
            from mkdocs.utils.meta import get_data

            return get_data(f"---\n{front}---\n")[1]
        meta[key] = json.loads(value)
    return meta


class Converter:
    """Markdown to HTML as MkDocs would convert it, for one configuration.

    Rendered pages are headings and raw HTML blocks. Python-Markdown passes raw HTML
    blocks through unchanged, and with the base configuration (toc with permalinks, the
    extensions MkDocs always adds) headings are converted by `Headings` directly. Any
    other Markdown, heading text or configuration goes through Python-Markdown: headings
    alone with each HTML block held as a placeholder, or the whole page.
    """

    def __init__(self, config: dict) -> None:
        """`config`: a loaded `MkDocsConfig` (its `markdown_extensions` and `mdx_configs`, as
        MkDocs passes them to Python-Markdown) or a `mkdocs.yml` mapping."""
        names, settings = DEFAULT_EXTENSIONS[:], {}
        if "mdx_configs" in config:
            names, settings = list(config["markdown_extensions"]), dict(config["mdx_configs"])
        else:
            for item in config.get("markdown_extensions") or []:
                name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
                if name not in names:
                    names.append(name)
                settings[name] = options or {}
        self.md = markdown.Markdown(extensions=names, extension_configs=settings)
        self.blocks = set(self.md.block_level_elements)
        toc = settings.get("toc") or {}
        self.direct = (sorted(names) == sorted(DEFAULT_EXTENSIONS) and toc.get("permalink") is True
                       and set(toc) <= {"permalink", "slugify", "permalink_title"})
        self.permalink_title = toc.get("permalink_title", "Permanent link")
        self.escaped = frozenset(self.md.ESCAPED_CHARS)
        toc_step = self.md.treeprocessors["toc"]
        self.slug, self.separator = toc_step.slugify, toc_step.sep
        self.tokens: list[dict] = []

    def page(self, text: str):
        """(front matter, body as HTML, table of contents) of one rendered page."""
        _, front, body = text.split("---\n", 2)
        return (front_matter(front), *self.convert_with_toc(body))

    def convert(self, body: str) -> str:
        parts = BLANK.split(body.strip("\n"))
        direct = self._direct(parts) if self.direct else None
        return direct if direct is not None else self._skeleton(body, parts)

    def convert_with_toc(self, body: str):
        """The body as HTML and its table of contents as MkDocs makes it (`page.toc`)."""
        from mkdocs.structure.toc import get_toc

        html = self.convert(body)
        return html, get_toc(self.tokens)

    def _direct(self, parts: list[str]) -> str | None:
        headings, out = Headings(self.escaped, self.slug, self.separator, self.permalink_title), []
        for part in parts:
            if part.startswith("#"):
                part = headings.line(part)
                if part is None:
                    return None
            elif not self._is_block(part):
                return None
            else:
                part += "\n"  # Python-Markdown writes a raw HTML block with a blank line after it
            out.append(part)
        self.tokens = nest_toc_tokens(headings.tokens)
        return "\n".join(out).rstrip("\n")

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
        return re.sub(r"<p>SGBLOCK(\d+)</p>(\n?)", lambda m: held[int(m.group(1))] + m.group(2) * 2, html)

    def _full(self, source: str) -> str:
        self.md.reset()
        html = self.md.convert(source)
        self.tokens = self.md.toc_tokens
        return html
