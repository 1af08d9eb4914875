"""Pagefind is fed only what it indexes (`sitegen.build.indexer.search_part`: a page's
`data-pagefind-body` element in its `<html>` start tag, no page without one) and many
requests ahead of their answers; the oracle is Pagefind fed the whole pages one request at a
time, as its own walk reads them: the search bundles must be byte for byte the same, so the
search answers the same."""

from __future__ import annotations

import pytest

from benchmarks.generate import generate
from sitegen.build import indexer
from sitegen.build.indexer import BODY, index_pages, search_part, site_pages
from sitegen.build.search import DELTA, EXCLUDE, MAIN

from helpers import REPO, build_into, site_languages, tree


def _built(tmp_path_factory, name: str):
    root = tmp_path_factory.mktemp(name)
    content = REPO / "content"
    if name == "generated":
        content = root / "content"
        generate(content, 200, seed=11)
    return build_into(root, content), site_languages(content)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample site, built."""
    return _built(tmp_path_factory, "sample")


@pytest.mark.parametrize("corpus", ["sample", "generated"])
def test_bundles_from_the_search_parts_equal_those_from_whole_pages(corpus, built, tmp_path, tmp_path_factory):
    project, languages = built if corpus == "sample" else _built(tmp_path_factory, corpus)
    for lang in languages:
        pages = site_pages(project.site / lang, skip=(MAIN, DELTA))
        index_pages(pages, tmp_path / f"{lang}-whole", EXCLUDE, cut=False)
        assert any(BODY not in path.read_bytes() for _, path in pages)  # pages without a body were sent
        index_pages(pages, tmp_path / f"{lang}-cut", EXCLUDE)
        whole = tree(tmp_path / f"{lang}-whole")
        assert whole == tree(tmp_path / f"{lang}-cut")
        assert whole == tree(project.site / lang / MAIN)  # what the build published: the same


def test_the_parts_are_much_smaller_than_the_pages(built):
    project, languages = built
    pages = site_pages(project.site / languages[0], skip=(MAIN, DELTA))
    raw = [path.read_bytes() for _, path in pages]
    cut = [search_part(page) for page in raw]
    assert sum(len(c) for c in cut if c) < sum(map(len, raw)) / 2
    assert sum(c is None for c in cut) == sum(BODY not in page for page in raw) > 0


def test_pages_without_a_body_alone_are_indexed_whole(built, tmp_path):
    """Pagefind indexes whole pages when none has a body: then they are all sent."""
    project, languages = built
    lang = languages[0]
    bare = [(rel, path) for rel, path in site_pages(project.site / lang, skip=(MAIN, DELTA))
            if BODY not in path.read_bytes()][:5]
    index_pages(bare, tmp_path / "whole", EXCLUDE, cut=False)
    index_pages(bare, tmp_path / "cut", EXCLUDE)
    assert tree(tmp_path / "whole") == tree(tmp_path / "cut")
    assert len(list((tmp_path / "cut" / "fragment").iterdir())) == len(bare)


def test_one_request_at_a_time_gives_the_same_bundle(built, tmp_path, monkeypatch):
    project, languages = built
    lang = languages[-1]
    monkeypatch.setattr(indexer, "WINDOW", 0)
    index_pages(site_pages(project.site / lang, skip=(MAIN, DELTA)), tmp_path / "one", EXCLUDE)
    assert tree(tmp_path / "one") == tree(project.site / lang / MAIN)


@pytest.mark.parametrize("page, part", [
    (b'<!DOCTYPE html><html lang="ar" dir="rtl"><head><title>t</title></head><body><nav><div>menu</div></nav>'
     b'<div data-pagefind-body><h1>x</h1><div class="a"><div>in</div></div><p>y</p></div><div>after</div></body></html>',
     b'<html lang="ar" dir="rtl"><body><div data-pagefind-body><h1>x</h1><div class="a"><div>in</div></div><p>y</p>'
     b'</div></body></html>'),
    (b'<html lang="en"><body><div>no body marked</div></body></html>', None),
    (b'<html lang="en"><body><div data-pagefind-body><div>never closed</div></body></html>', None),
    (b'<div data-pagefind-body>before the html tag</div><html lang="en"></html>', None),
    # an ignored element Pagefind would parse only to drop is left out (a chart, a map) ...
    (b'<html lang="en"><body><div data-pagefind-body><p>a</p><figure class="c" data-pagefind-ignore>\n<svg>'
     b'<title id="t">1</title></svg><table><tr><td>2</td></tr></table></figure><p>b</p>'
     b'<div data-pagefind-ignore="all">x</div></div></body></html>',
     b'<html lang="en"><body><div data-pagefind-body><p>a</p><p>b</p></div></body></html>'),
    # ... but not one holding a filter, meta or sort, which Pagefind still reads, nor one nesting its own kind
    (b'<html lang="en"><body><div data-pagefind-body><div data-pagefind-ignore><span data-pagefind-filter="k:v">'
     b'</span></div><figure data-pagefind-ignore><figure>in</figure></figure></div></body></html>',
     b'<html lang="en"><body><div data-pagefind-body><div data-pagefind-ignore><span data-pagefind-filter="k:v">'
     b'</span></div><figure data-pagefind-ignore><figure>in</figure></figure></div></body></html>'),
])
def test_search_part(page, part):
    assert search_part(page) == part
