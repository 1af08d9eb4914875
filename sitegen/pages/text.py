"""Safe text for the Markdown tree.

Content is untrusted. Markdown from content is rendered here with markdown-it-py's
`js-default` preset (raw HTML escaped, `javascript:` and similar links refused), and
plain text is escaped both as HTML and as Markdown, so nothing from content reaches
MkDocs' own Markdown (which keeps `<script>`) as markup.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_MD = MarkdownIt("js-default")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()+\-.!|>]|(?<!&)#)")  # Python-Markdown's escapable characters
# ('#' of a character reference such as &#39; stays: escaped, the heading's id would keep
# "39" where MkDocs users expect `hayat-tahrir-al-sham` for "Hay'at Tahrir al-Sham")


def markdown(source: str) -> Markup:
    """Content Markdown as safe HTML, with no blank lines (it sits inside an HTML block)."""
    html = _MD.render(source).strip()
    return Markup(re.sub(r"\n\s*\n", "\n", html))


def inline_markdown(source: str) -> Markup:
    """Content Markdown rendered inline (no paragraph), for short texts such as claims."""
    return Markup(_MD.renderInline(source).strip())


def md_escape(text: str) -> Markup:
    """Plain text made inert in a Markdown line (headings, front-matter-free spots)."""
    html = str(escape(text))
    return Markup(_MD_SPECIAL.sub(r"\\\1", html).replace("\n", " "))
