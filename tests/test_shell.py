"""The fast path converts pages exactly as Python-Markdown (MkDocs' converter) would."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from benchmarks.generate import generate
from sitegen.check import check
from sitegen.config import read_base
from sitegen.link import link
from sitegen.render import render_language
from sitegen.shell import Converter

from helpers import REPO, site_languages


def normal(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def pages(content: Path, lang: str) -> dict[str, str]:
    model = link(check(content).content)
    return render_language(model, lang, REPO / "templates", REPO / "locale", {}).pages


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus") / "content"
    generate(root, 60, seed=3)
    return root


@pytest.mark.parametrize("lang", site_languages())
def test_fast_conversion_equals_python_markdown(generated, lang):
    converter = Converter(read_base(REPO / "mkdocs.yml"))
    reference = markdown.Markdown(extensions=["toc", "tables", "fenced_code"],
                                  extension_configs={"toc": {"permalink": True}})
    for content in (REPO / "content", generated):
        for path, text in pages(content, lang).items():
            body = text.split("---\n", 2)[2]
            reference.reset()
            assert normal(converter.convert(body)) == normal(reference.convert(body)), path
            parts = re.split(r"\n[ \t]*\n", body.strip("\n"))
            assert converter.convert(body) == converter._skeleton(body, parts), path  # same bytes as before


def test_other_markdown_falls_back_to_python_markdown():
    converter = Converter({"markdown_extensions": [{"toc": {"permalink": True}}]})
    assert converter.convert("# Title\n\nA *plain* paragraph.\n") == (
        '<h1 id="title">Title<a class="headerlink" href="#title" title="Permanent link">&para;</a></h1>\n'
        "<p>A <em>plain</em> paragraph.</p>"
    )


TRICKY_HEADINGS = [
    "Hay&#39;at Tahrir al-Sham",                 # an entity
    "Hay&\\#39;at Tahrir al-Sham",               # as md_escape writes it: the id keeps "39", as Python-Markdown's does
    "Idlib&\\#39;e daha geniş bir saldırı",      # Turkish, with letters slugify drops
    "قلعة المضيق",                                # nothing ASCII: the id is '_1'
    "Summary",                                   # twice on a page: summary, summary_1
    "Summary",
    "Fish &amp; chips, 1 &lt; 2 &gt; 0 & more",
    'Edited &\\#34;quoted&\\#34; \\*not bold\\* \\_nor\\_ \\[a link\\]\\(x\\)',
    '<span lang="en" dir="ltr">Untranslated</span> <small class="sg-untranslated">(not translated yet)</small>',
    "Raw <b>bold</b> & <i>italic",
    "C\\# and F\\#",                               # ends in '#': left to Python-Markdown
    "Ends with a hash #",                        # Python-Markdown strips closing hashes
    "*emphasis* and `code`",                     # inline Markdown: Python-Markdown converts it
    "An ![image](x.png) or [link](y)",
]


@pytest.mark.parametrize("heading", TRICKY_HEADINGS)
def test_headings_convert_exactly_as_python_markdown(heading):
    """Each heading, then one of the same text, on the direct path or not: the same bytes
    as converting the headings with Python-Markdown (HTML blocks held aside), and the same
    HTML as converting the whole page with it."""
    converter = Converter(read_base(REPO / "mkdocs.yml"))
    reference = markdown.Markdown(extensions=["toc", "tables", "fenced_code"],
                                  extension_configs={"toc": {"permalink": True}})
    body = f"# {heading}\n\n<p>text</p>\n\n## {heading}\n\n## Summary\n"
    parts = re.split(r"\n[ \t]*\n", body.strip("\n"))
    assert converter.convert(body) == converter._skeleton(body, parts)
    assert normal(converter.convert(body)) == normal(reference.convert(body))


def test_plain_headings_take_the_direct_path():
    converter = Converter(read_base(REPO / "mkdocs.yml"))
    assert converter.direct
    direct = lambda heading: converter._direct([f"# {heading}"]) is not None
    assert all(direct(h) for h in TRICKY_HEADINGS[:10])
    assert not any(direct(h) for h in TRICKY_HEADINGS[10:])
    assert not Converter({"markdown_extensions": ["attr_list", {"toc": {"permalink": True}}]}).direct


def test_translated_permalink_title_is_converted_directly_as_python_markdown_would():
    toc = {"permalink": True, "permalink_title": 'رابط "دائم" & <دائم>'}
    converter = Converter({"markdown_extensions": [{"toc": toc}]})
    reference = markdown.Markdown(extensions=["toc", "tables", "fenced_code"], extension_configs={"toc": toc})
    body = "# قلعة المضيق\n\n<p>x</p>\n\n## Hay&#39;at Tahrir al-Sham\n"
    assert converter.direct and normal(converter.convert(body)) == normal(reference.convert(body))
