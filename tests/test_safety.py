"""Content is untrusted: no markup or script from content reaches a built page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from helpers import build_into, html_files, site_languages

BASE = Path(__file__).parent / "cases" / "base" / "content"
PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "[x](javascript:alert(3))")
HOSTILE = " ".join(PAYLOADS)
TEXT_FIELDS = {"title", "name", "summary", "description", "text"}


def poison(value, key=None):
    """Append every payload to every human text, in every language."""
    if isinstance(value, dict):
        return {k: poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key) for v in value]
    if key in TEXT_FIELDS | set(site_languages()) and isinstance(value, str):
        return f"{value} {HOSTILE}"
    return value


def hostile_content(tmp: Path) -> Path:
    content = tmp / "content"
    shutil.copytree(BASE, content)
    for path in content.rglob("*.yaml"):
        data = poison(yaml.safe_load(path.read_text(encoding="utf-8")))
        if "places" in path.parts or "actors" in path.parts:
            data["aliases"] = {"en": [HOSTILE]}
        if "sources" in path.parts:
            data["stance"] = HOSTILE
        if "events" in path.parts:
            data["tags"] = ["x"]
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    excerpt = content / "excerpts" / "ea-capture.md"
    front, body = excerpt.read_text(encoding="utf-8").rsplit("---\n", 1)
    excerpt.write_text(f"{front}title: {yaml.safe_dump(HOSTILE).strip()}\n---\n{body}\n{HOSTILE}\n", encoding="utf-8")
    return content


def test_hostile_text_never_becomes_markup(tmp_path):
    project = build_into(tmp_path, hostile_content(tmp_path))
    pages = html_files(project.site)
    assert len(pages) > 30
    seen_escaped = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(" not in html, page
        assert not re.search(r"<img[^>]*onerror", html), page
        assert not re.search(r"""href=["']?javascript:""", html, re.I), page
        seen_escaped += "&lt;script&gt;alert(1)" in html
    assert seen_escaped > 10  # the text is shown, as text


def test_markdown_tree_has_no_raw_payload(tmp_path):
    project = build_into(tmp_path, hostile_content(tmp_path))
    for page in (project.work / "docs").rglob("*.md"):
        if page.name == "guide.md":
            continue
        text = page.read_text(encoding="utf-8").split("\n---\n", 1)[1]  # past the front matter
        assert "<script>" not in text and "onerror=alert" not in text.replace("&lt;img src=x onerror=alert", "")
        # link syntax may stay as inert text inside HTML blocks; the built HTML is checked above


def test_an_image_in_content_markdown_is_a_link_and_never_loaded():
    """Markdown images from content (`![alt](url)`, reference style, inside a link) would make
    every reader's browser fetch from a host the text names: each is a link to the image
    showing its alt text, never an `<img>`, in pages and in the feed's HTML."""
    from sitegen.pages.text import inline_markdown, markdown

    source = ("Seen ![a *pixel*](https://tracker.example/p.png) and ![ref][r] and "
              "[![logo](https://tracker.example/logo.png)](https://ok.example/)\n\n[r]: https://tracker.example/q.gif")
    html = str(markdown(source))
    assert "<img" not in html and "<img" not in str(inline_markdown(source))
    assert '<a href="https://tracker.example/p.png">a pixel</a>' in html
    assert '<a href="https://tracker.example/q.gif">ref</a>' in html
    assert '<a href="https://ok.example/">logo</a>' in html  # no link inside a link
    assert "tracker.example/logo.png" not in html
    assert str(inline_markdown("![x](javascript:alert(1))")) == "![x](javascript:alert(1))"
