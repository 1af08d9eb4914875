"""The data files of a generated corpus (the benchmark's generator, 200 events, ~80 figure
series) against the implementation before the rows were made sparse
(tests/exports_reference.py): the same bytes, except that a GeoJSON feature carries the
figure columns of its own event's series only (before, every feature repeated every column of
the corpus, empty: quadratic, gigabytes at 10,000 events)."""

from __future__ import annotations

import json

import pytest

import exports_reference
from benchmarks.generate import generate
from sitegen.check import check
from sitegen.exports import files


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    root = tmp_path_factory.mktemp("exports-scale")
    generate(root / "content", 200, seed=3)
    result = check(root / "content", None)
    assert not result.failed()
    return result.content


@pytest.fixture(scope="module")
def made(content):
    return files.make(content), exports_reference.make(content)


def test_the_corpus_has_many_series_and_sparse_figures(content):
    series = {files._series(f) for e in content.events for f in e.figures}
    assert len(series) > 50  # every row of the reference holds 3 columns per series
    assert sum(1 for e in content.events if not e.figures) > 10


def test_every_file_but_the_geojson_is_byte_identical(made):
    new, old = made
    assert sorted(new) == sorted(old)
    for name in new:
        if name != "events.geojson":
            assert new[name] == old[name], name


def test_geojson_features_keep_only_their_own_series_columns(content, made):
    new, old = made
    columns = set(files.figure_columns(sorted({files._series(f) for e in content.events for f in e.figures})))
    by_id = {e.id: e for e in content.events}
    expected = json.loads(old["events.geojson"])
    for feature in expected["features"]:
        own = set(files.figure_columns({files._series(f) for f in by_id[feature["id"].split("/")[0]].figures}))
        feature["properties"] = {k: v for k, v in feature["properties"].items() if k not in columns - own}
    assert new["events.geojson"] == exports_reference._json(expected)
    features = json.loads(new["events.geojson"])["features"]
    assert len(features) == len(expected["features"]) > 150
    assert any(columns & set(f["properties"]) for f in features)
    assert all(len(columns & set(f["properties"])) < 3 * 5 for f in features)
