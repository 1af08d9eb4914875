"""A small generated corpus (the benchmark's generator at 200 events): it checks clean,
every page kind is built, and an incremental rebuild equals a cold build (its search
bundles: answers the same)."""

from __future__ import annotations

import pytest

from benchmarks.generate import generate
from sitegen.build.run import build
from sitegen.build.check import check

from helpers import assert_same_site, broken_links, build_into, site_languages


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("generated")
    generate(root / "content", 200, seed=7)
    return root / "content"


def test_generated_corpus_has_no_errors(corpus):
    result = check(corpus)
    assert not result.failed()
    assert result.records > 250


def test_incremental_rebuild_equals_cold_build(corpus, tmp_path):
    first = build_into(tmp_path / "a", corpus)
    for lang in site_languages(corpus):
        for page in ("events", "places", "actors", "sources", "chronology"):
            assert any((first.site / lang / page).iterdir())
    assert broken_links(first.site) == []
    event = sorted((corpus / "events").glob("*.yaml"))[0]
    text = event.read_text(encoding="utf-8")
    event.write_text(text.replace("\ntitle:", "\ntitle:", 1).replace("en: ", "en: Edited ", 1), encoding="utf-8")
    report = []
    build(first, say=lambda line: None, report=report)  # rebuild in place, over the previous build
    assert all(not b.full and b.converted < b.pages / 10 for b in report)  # incremental, not whole
    assert next(b for b in report if b.lang == "en").converted > 0
    cold = build_into(tmp_path / "b", corpus)
    assert_same_site(first.site, cold.site)
    event.write_text(text, encoding="utf-8")
