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

from helpers import REPO


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


@pytest.mark.parametrize("lang", ["en", "ar", "tr"])
def test_fast_conversion_equals_python_markdown(generated, lang):
    converter = Converter(read_base(REPO / "mkdocs.yml"))
    reference = markdown.Markdown(extensions=["toc", "tables", "fenced_code"],
                                  extension_configs={"toc": {"permalink": True}})
    for content in (REPO / "content", generated):
        for path, text in pages(content, lang).items():
            body = text.split("---\n", 2)[2]
            reference.reset()
            assert normal(converter.convert(body)) == normal(reference.convert(body)), path


def test_other_markdown_falls_back_to_python_markdown():
    converter = Converter({"markdown_extensions": [{"toc": {"permalink": True}}]})
    assert converter.convert("# Title\n\nA *plain* paragraph.\n") == (
        '<h1 id="title">Title<a class="headerlink" href="#title" title="Permanent link">&para;</a></h1>\n'
        "<p>A <em>plain</em> paragraph.</p>"
    )
