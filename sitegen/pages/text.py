"""Safe text for the Markdown tree.

Content is untrusted. Markdown from content is rendered here with markdown-it-py's
`js-default` preset (raw HTML escaped, `javascript:` and similar links refused, images made
links to them: nothing from content makes a reader's browser fetch from another host), and
plain text is escaped both as HTML and as Markdown, so nothing from content reaches
MkDocs' own Markdown (which keeps `<script>`) as markup.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_MD = MarkdownIt("js-default")


def _image_as_link(self, tokens, idx, options, env) -> str:
    """An image in content Markdown (`![alt](https://host/x.png)`) as a link to it, showing
    its alt text: an `<img>` would make every reader's browser fetch from a host content
    names (a tracking pixel on a monitoring site tells that host who reads it), and the site
    fetches nothing but its own files and the map tiles `site.yaml` names. The address is
    markdown-it's, already checked (`javascript:` and the like refused: no image at all)."""
    token = tokens[idx]
    src = token.attrGet("src") or ""
    alt = self.renderInlineAsText(token.children or [], options, env) or src
    opened = sum(t.type == "link_open" for t in tokens[:idx]) - sum(t.type == "link_close" for t in tokens[:idx])
    if opened > 0:  # inside a link already (`[![logo](x.png)](https://y/)`): its text, not a link in a link
        return str(escape(alt))
    return f'<a href="{escape(src)}">{escape(alt)}</a>'


_MD.add_render_rule("image", _image_as_link)
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
