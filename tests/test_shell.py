"""The fast path converts pages exactly as Python-Markdown (MkDocs' converter) would."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from benchmarks.generate import generate
from sitegen.build.check import check
from sitegen.build.config import read_base
from sitegen.content.link import link
from sitegen.pages.render import render_language
from sitegen.build.shell import BLANK, Converter

from helpers import REPO, site_languages


def normal(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


def pages(content: Path, lang: str) -> dict[str, str]:
    model = link(check(content).content)
    return render_language(model, lang, REPO / "templates", REPO / "locale", {}).pages


def _reference(config=None) -> markdown.Markdown:
    """Python-Markdown as MkDocs sets it up for the project's mkdocs.yml."""
    base = read_base(REPO / "mkdocs.yml") if config is None else config
    names, settings = ["toc", "tables", "fenced_code"], {}
    for item in base.get("markdown_extensions") or []:
        name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        names += [name] if name not in names else []
        settings[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=settings)


def _toc(tokens) -> list:
    """What MkDocs reads of the toc tokens (`mkdocs.structure.toc.get_toc`)."""
    return [(t["level"], t["id"], t["name"], _toc(t["children"])) for t in tokens]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus") / "content"
    generate(root, 60, seed=3)
    return root


@pytest.mark.parametrize("lang", site_languages())
def test_fast_conversion_equals_python_markdown(generated, lang):
    converter = Converter(read_base(REPO / "mkdocs.yml"))
    reference = _reference()
    for content in (REPO / "content", generated):
        for path, text in pages(content, lang).items():
            body = text.split("---\n", 2)[2]
            reference.reset()
            assert converter.convert(body) == reference.convert(body), path
            assert _toc(converter.tokens) == _toc(reference.toc_tokens), path
            parts = re.split(r"\n[ \t]*\n", body.strip("\n"))
            assert converter.convert(body) == converter._skeleton(body, parts), path  # same bytes as before


@pytest.mark.parametrize("lang", site_languages())
def test_every_filled_page_takes_the_direct_path(generated, lang):
    """No page the shells fill goes through Python-Markdown: a part the direct path does not
    take (a run of blank lines once did, on every actor page with members) sends the whole
    page there, several times slower, with the same bytes: only this test sees it."""
    from sitegen.pages.pagekinds import is_hub

    converter = Converter(read_base(REPO / "mkdocs.yml"))
    for content in (REPO / "content", generated):
        for path, text in pages(content, lang).items():
            if path.endswith(".md") and not is_hub(path):
                body = text.split("---\n", 2)[2]
                assert converter._direct(BLANK.split(body.strip("\n"))) is not None, path


def test_runs_of_blank_lines_convert_directly_as_python_markdown():
    converter = Converter(read_base(REPO / "mkdocs.yml"))
    body = "# Title\n\n\n<p>one</p>\n \n\n\n## Events\n\n\n\n<ul>\n<li>x</li>\n</ul>\n"
    assert converter._direct(BLANK.split(body.strip("\n"))) is not None
    assert converter.convert(body) == _reference().convert(body)
    assert converter.convert(body) == converter.convert(re.sub(r"\n(?:[ \t]*\n)+", "\n\n", body))


def test_other_markdown_falls_back_to_python_markdown():
    converter = Converter({"markdown_extensions": [{"toc": {"permalink": True}}]})
    assert converter.convert("# Title\n\nA *plain* paragraph.\n") == (
        '<h1 id="title">Title<a class="headerlink" href="#title" title="Permanent link">&para;</a></h1>\n'
        "<p>A <em>plain</em> paragraph.</p>"
    )


TRICKY_HEADINGS = [
    "Hay&#39;at Tahrir al-Sham",                 # an entity
    "Hay&\\#39;at Tahrir al-Sham",               # as md_escape writes it: the id keeps "39", as Python-Markdown's does
    "Idlib&\\#39;e daha geniş bir saldırı",      # Turkish: the project's Unicode slug keeps ş and ı
    "قلعة المضيق",                                # Arabic: a readable id (with Python-Markdown's own slug, '_1')
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
    reference = _reference()
    body = f"# {heading}\n\n<p>text</p>\n\n## {heading}\n\n## Summary\n"
    parts = re.split(r"\n[ \t]*\n", body.strip("\n"))
    assert converter.convert(body) == converter._skeleton(body, parts)
    assert converter.convert(body) == reference.convert(body)
    assert _toc(converter.tokens) == _toc(reference.toc_tokens)


def test_plain_headings_take_the_direct_path():
    converter = Converter(read_base(REPO / "mkdocs.yml"))
    assert converter.direct
    direct = lambda heading: converter._direct([f"# {heading}"]) is not None
    assert all(direct(h) for h in TRICKY_HEADINGS[:10])
    assert not any(direct(h) for h in TRICKY_HEADINGS[10:])
    assert not Converter({"markdown_extensions": ["attr_list", {"toc": {"permalink": True}}]}).direct


def test_heading_ids_are_what_mkdocs_users_expect():
    """The project's toc.slugify (pymdownx's Unicode slug) keeps every script; a title
    rendered from content ("Hay'at", escaped as md_escape writes it) gets `hayat`."""
    from sitegen.pages.text import md_escape

    converter = Converter(read_base(REPO / "mkdocs.yml"))
    title = md_escape("Hay'at Tahrir al-Sham")
    html = converter.convert(f"# {title}\n\n## قلعة المضيق\n\n## Kalat el-Mudik'in düşüşü\n")
    assert 'id="hayat-tahrir-al-sham"' in html
    assert 'id="قلعة-المضيق"' in html
    assert 'id="kalat-el-mudikin-düşüşü"' in html
    plain = Converter({"markdown_extensions": [{"toc": {"permalink": True}}]})  # Python-Markdown's ASCII slug
    assert 'id="_1"' in plain.convert("# قلعة المضيق\n")


def test_shells_for_every_depth_and_kind():
    """A page at any depth has shells (no depth is left out: four folders deep built too)."""
    from sitegen.pages import urls
    from sitegen.build.shell import KINDS, shell_paths, shell_sources

    paths = shell_paths([4])
    assert sorted(paths) == sorted(f"{d}-{k}" for d in (2, 3, 4) for k in KINDS)
    for key, path in paths.items():
        assert urls.depth(path) == int(key.split("-")[0]), path
    assert set(shell_sources([4])) == set(paths.values())
def test_translated_permalink_title_is_converted_directly_as_python_markdown_would():
    toc = {"permalink": True, "permalink_title": 'رابط "دائم" & <دائم>'}
    converter = Converter({"markdown_extensions": [{"toc": toc}]})
    reference = markdown.Markdown(extensions=["toc", "tables", "fenced_code"], extension_configs={"toc": toc})
    body = "# قلعة المضيق\n\n<p>x</p>\n\n## Hay&#39;at Tahrir al-Sham\n"
    assert converter.direct and normal(converter.convert(body)) == normal(reference.convert(body))
