"""The oracle: the fast path builds every page as MkDocs itself would.

The sample and a small generated corpus are built twice: with `engine="mkdocs"`, where
MkDocs builds every page, and with the fast path, where MkDocs builds only the hubs and
page shells and sitegen fills the rest (`sitegen.shell`). Every file of the two sites
(but the search bundles, which index the same pages) must be byte-identical, or equal
after one normalisation: relative links are compared by the page they resolve to.
(MkDocs writes the shortest relative link, `../` from `actors/turkey/` to `actors/`;
a page filled into the shell of its depth keeps the shell's `../../actors/`.)
"""

from __future__ import annotations

import posixpath
import re

import pytest

from benchmarks.generate import generate
from sitegen.build import build

from helpers import REPO, pages
from projects import SITE_URL, project_with, repo_mkdocs

LINK = re.compile(r'((?:href|src)=")([^"#:?]*)(?=["#?])')


def resolved_links(html: str, page_url: str) -> str:
    """The page with every relative href/src written as the site path it resolves to."""
    def absolute(match: re.Match) -> str:
        target = match.group(2)
        if not target or target.startswith("/"):
            return match.group(0)
        path = posixpath.normpath(posixpath.join("/" + page_url, target))
        return match.group(1) + path + ("/" if target.endswith(("/", ".")) and path != "/" else "")
    return LINK.sub(absolute, html)


def _built(tmp, content, engine):
    project = project_with(tmp / engine, repo_mkdocs(site_url=SITE_URL), content)
    report = []
    build(project, say=lambda line: None, engine=engine, report=report)
    return project.site, report


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("oracle-corpus") / "content"
    generate(root, 40, seed=11)
    return root


@pytest.mark.parametrize("which", ["sample", "generated"])
def test_fast_path_builds_every_page_as_mkdocs_does(tmp_path, corpus, which):
    content = REPO / "content" if which == "sample" else corpus
    fast, fast_report = _built(tmp_path, content, "fast")
    slow, slow_report = _built(tmp_path, content, "mkdocs")
    assert all(b.converted > 0 for b in fast_report)       # the fast path filled pages ...
    assert all(b.converted == 0 for b in slow_report)      # ... that MkDocs built itself here
    left, right = pages(fast), pages(slow)
    assert sorted(left) == sorted(right)
    html = [rel for rel in left if rel.endswith(".html")]
    assert len(html) > 3 * 60
    differ, identical = [], 0
    for rel in sorted(left):
        if left[rel] == right[rel]:
            identical += 1
            continue
        folder = posixpath.dirname(rel.split("/", 1)[1]) if "/" in rel else ""
        url = folder + "/" if folder else ""
        a, b = (resolved_links(side[rel].decode(), url) for side in (left, right))
        if a != b:
            differ.append(rel)
    assert differ == []
    assert identical > len(left) // 3  # most files are byte-identical


def test_link_normalisation_only_resolves_links():
    assert resolved_links('<a href="../../actors/">x</a>', "actors/turkey/") == '<a href="/actors/">x</a>'
    assert resolved_links('<a href="../">x</a>', "actors/turkey/") == '<a href="/actors/">x</a>'
    assert resolved_links('<a href="#summary">', "actors/turkey/") == '<a href="#summary">'
    assert resolved_links('<a href="../../actors/">', "x/y/") != resolved_links('<a href="../">', "x/y/")
