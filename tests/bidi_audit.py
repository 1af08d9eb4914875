"""A bidi audit of a built page: every run of text whose direction differs from the page's
is isolated (issue 10 item 13, issue 15 item 7).

The page's own text (interface strings) is not isolated; everything else must be: a content
text (`<bdi>`, or an element with `dir`), a URL or a pair of numbers (`dir="ltr"`), a
fallback text in another language (`lang` AND `dir`). Checked over the page's `<article>`,
paragraph by paragraph (a block element starts a paragraph, as in the Unicode Bidirectional
Algorithm's rule P1 as browsers apply it):
- no text outside an isolate holds letters of the other direction when its paragraph holds
  anything else;
- no text outside an isolate holds two numbers joined by a separator and a space ("37.0000,
  35.2000"), which an RTL paragraph shows in the reverse order;
- no text outside an isolate holds a bidi control character;
- an element whose `lang` is not the page's has a `dir`;
- an excerpt's footer has the page's direction;
- a link whose text is a URL is isolated left to right.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = frozenset("address article aside blockquote dd details div dl dt figcaption figure footer form h1 h2 h3 h4 "
                   "h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split())
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
ARABIC = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")
NUMBER_PAIR = re.compile(r"\d(?:\s+[,،;/:]\s*|[,،;/:]\s+)\d")
CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
URL = re.compile(r"^\s*https?://")


class _Node:
    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag: str, attrs: dict, parent) -> None:
        self.tag, self.attrs, self.children, self.parent = tag, attrs, [], parent

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.at = _Node("#root", {}, None)

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, dict(attrs), self.at)
        self.at.children.append(node)
        if tag not in VOID:
            self.at = node

    def handle_endtag(self, tag):
        at = self.at
        while at is not None and at.tag != tag:
            at = at.parent
        if at is not None and at.parent is not None:
            self.at = at.parent

    def handle_data(self, data):
        if not self._in_svg():  # an SVG's texts are laid out each on its own (a chart's labels):
            self.at.children.append(data)  # no paragraph runs across them

    def _in_svg(self) -> bool:
        at = self.at
        while at is not None:
            if at.tag == "svg":
                return True
            at = at.parent
        return False


def _find(node: _Node, tag: str) -> _Node | None:
    for child in node.children:
        if isinstance(child, _Node):
            if child.tag == tag:
                return child
            found = _find(child, tag)
            if found:
                return found
    return None


def audit(html: str) -> list[str]:
    """The bidi faults of one page, each as a short sentence with the text at fault."""
    tree = _Tree()
    tree.feed(html)
    page = _find(tree.root, "html")
    body = _find(page, "body")  # Material sets the direction on <body>
    lang, direction = page.attrs.get("lang", ""), body.attrs.get("dir") or page.attrs.get("dir", "ltr")
    article = _find(page, "article")
    faults: list[str] = []
    if article is not None:
        _paragraph(article, direction, lang, direction, faults)
    return faults


def _paragraph(block: _Node, page_dir: str, page_lang: str, base: str, faults: list[str]) -> None:
    """Audit one block: its own inline text as one paragraph, its inner blocks on their own."""
    other = ARABIC if page_dir == "ltr" else LATIN
    loose: list[str] = []  # text outside any isolate
    parts = 0  # pieces of the paragraph: texts outside isolates and isolates

    def inline(node: _Node, isolated: bool) -> None:
        nonlocal parts
        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    parts += not isolated
                    if not isolated:
                        loose.append(child)
                continue
            if child.tag in BLOCKS:
                _paragraph(child, page_dir, page_lang, child.attrs.get("dir", base), faults)
                continue
            _element(child, page_dir, page_lang, faults)
            isolates = child.tag == "bdi" or "dir" in child.attrs
            if isolates and not isolated:
                parts += 1
            if URL.match(child.text()) and child.tag == "a" and not (isolated or child.attrs.get("dir") == "ltr"):
                faults.append(f"a URL not isolated left to right: {child.text()!r}")
            inline(child, isolated or isolates)

    _element(block, page_dir, page_lang, faults)
    inline(block, False)
    text = " ".join(loose)
    if base == page_dir:
        if other.search(text) and parts > 1:
            faults.append(f"text of the other direction not isolated: {text.strip()!r}")
        if page_dir == "rtl" and NUMBER_PAIR.search(text):
            faults.append(f"numbers not isolated: {text.strip()!r}")
    if CONTROLS.search(text):
        faults.append(f"a bidi control outside any isolate: {text.strip()!r}")


def _element(node: _Node, page_dir: str, page_lang: str, faults: list[str]) -> None:
    lang = node.attrs.get("lang")
    if lang and lang != page_lang and "dir" not in node.attrs:
        faults.append(f"<{node.tag} lang={lang!r}> without dir: {node.text().strip()[:60]!r}")
    if node.tag == "footer" and node.parent is not None and node.parent.tag == "blockquote":
        if node.attrs.get("dir") != page_dir:
            faults.append(f"an excerpt footer not in the page's direction: {node.text().strip()[:60]!r}")
