"""The oracle: the fast path builds every page as MkDocs itself would.

The sample and a small generated corpus are built twice: with `engine="mkdocs"`, where
MkDocs builds every page, and with the fast path, where MkDocs builds only the hubs and
page shells and sitegen fills the rest (`sitegen.build.shell`). Every file of the two sites
must be byte-identical, but the search bundles (`<lang>/pagefind*/`: Pagefind's own
output, whose file names hash the bundle), which `assert_same_site` compares by what
they answer.
"""

from __future__ import annotations

import pytest

from benchmarks.generate import generate
from sitegen.build.run import build

from helpers import REPO, assert_same_site, pages
from projects import SITE_URL, project_with, repo_mkdocs


def _built(tmp, content, engine):
    project = project_with(tmp / engine, repo_mkdocs(site_url=SITE_URL), content)
    report = []
    build(project, say=lambda line: None, engine=engine, report=report)
    return project.site, report


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("oracle-corpus") / "content"
    generate(root, 120, seed=11)  # with further pages of listings: shells three folders deep
    return root


@pytest.mark.parametrize("which", ["sample", "generated"])
def test_fast_path_builds_every_page_as_mkdocs_does(tmp_path, corpus, which):
    content = REPO / "content" if which == "sample" else corpus
    fast, fast_report = _built(tmp_path, content, "fast")
    slow, slow_report = _built(tmp_path, content, "mkdocs")
    assert all(b.converted > 0 for b in fast_report)       # the fast path filled pages ...
    assert all(b.converted == 0 for b in slow_report)      # ... that MkDocs built itself here
    left, right = pages(fast), pages(slow)
    assert len([rel for rel in left if rel.endswith(".html")]) > 3 * 60
    assert sorted(left) == sorted(right)
    assert [rel for rel in left if left[rel] != right[rel]] == []
    assert_same_site(fast, slow)
