"""The data files of a generated corpus (the benchmark's generator, 200 events, ~80 figure
series) against the implementation that had a column per figure series in `events.csv`
(tests/exports_reference.py, every row holding every series of the corpus):

- `events.csv` is the reference's with its figure columns taken out, and `events.geojson`
  the reference's with the figure keys taken out of every feature's properties;
- `figures.csv` holds every figure of the model (written out here from the records, in the
  documented order), and its latest figures (`latest` 1) are exactly the reference's
  non-empty figure cells (its low/high, and its best where the reference had one: the
  reference left an exact count's best empty, `figures.csv` gives the count);
- every other file is byte-identical."""

from __future__ import annotations

import csv
import io
import json

import pytest

import exports_reference
from benchmarks.generate import generate
from sitegen.build.check import check
from sitegen.content.estimate import EXACT
from sitegen.exports import files
from sitegen.content.series import when


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


def table(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def series_columns(content) -> set[str]:
    return set(exports_reference.figure_columns({files._series(f) for e in content.events for f in e.figures}))


def test_the_corpus_has_many_series_revisions_and_sparse_figures(content):
    assert len(series_columns(content)) > 3 * 50  # every row of the reference holds 3 columns per series
    assert sum(1 for e in content.events if not e.figures) > 10
    assert sum(1 for e in content.events for f in e.figures if f.as_of) > 0


def test_other_files_are_byte_identical(made):
    new, old = made
    assert sorted(new) == sorted([*old, "figures.csv", "figures.schema.json"])
    for name in old:
        if name not in ("events.csv", "events.geojson"):
            assert new[name] == old[name], name


def test_events_csv_is_the_reference_without_its_figure_columns(content, made):
    new, old = made
    reference = table(old["events.csv"])
    width = len(files.COLUMNS)
    assert set(reference[0][width:]) == series_columns(content)
    assert table(new["events.csv"]) == [row[:width] for row in reference]
    assert len(reference) == len(content.events) + 1


def test_geojson_features_have_the_fixed_keys_only(content, made):
    new, old = made
    columns = series_columns(content)
    expected = json.loads(old["events.geojson"])
    for feature in expected["features"]:
        feature["properties"] = {k: v for k, v in feature["properties"].items() if k not in columns}
    assert new["events.geojson"] == exports_reference._json(expected)
    features = json.loads(new["events.geojson"])["features"]
    assert len(features) > 150
    keys = {c for c, _ in files.COLUMNS if c not in ("latitude", "longitude")} | {"place"}
    assert all(set(f["properties"]) == keys for f in features)


def test_figures_csv_holds_every_figure_in_order(content, made):
    new, _ = made
    rows = table(new["figures.csv"])
    assert rows[0] == [c for c, _ in files.FIGURE_COLUMNS]
    names = {s.id: dict(s.name.values)[content.site.default_language] for s in content.sources}
    expected = []
    for event in content.events:
        for figure in event.figures:
            e = figure.estimate
            expected.append((event.id, figure.source, figure.kind, figure.group, when(figure), [
                event.id, figure.source, names[figure.source], figure.kind, figure.group,
                "" if e.low is None else str(e.low),
                str(e.low) if e.form == EXACT else "" if e.best is None else str(e.best),
                "" if e.high is None else str(e.high),
                {"exact": "count", "at-least": "at_least", "at-most": "at_most", "between": "between"}[e.form],
                str(figure.as_of or ""), figure.url or "", str(figure.date or ""), figure.excerpt or ""]))
    expected.sort(key=lambda item: item[:5])
    latest = {item[:4]: index for index, item in enumerate(expected)}  # the last of each series
    assert [row[:10] + row[11:] for row in rows[1:]] == [item[5] for item in expected]
    assert [row[10] for row in rows[1:]] == ["1" if latest[item[:4]] == i else "0" for i, item in enumerate(expected)]
    assert "0" in [row[10] for row in rows[1:]]  # a revised toll is in the corpus


def test_the_latest_figures_are_the_references_figure_cells(content, made):
    new, old = made
    reference = table(old["events.csv"])
    header, width = reference[0], len(files.COLUMNS)
    cells = {}
    for row in reference[1:]:
        for column, value in zip(header[width:], row[width:]):
            if value:
                cells[(row[0], column)] = value
    figures = [dict(zip([c for c, _ in files.FIGURE_COLUMNS], row))
               for row in table(new["figures.csv"])[1:]]
    shown = {}
    for f in figures:
        if f["latest"] == "1":
            prefix = f"{f['source']}__{f['kind']}__{f['group']}__"
            for part in ("low", "high"):
                if f[part]:
                    shown[(f["event_id"], prefix + part)] = f[part]
            if f["best"] and f["form"] != "count":
                shown[(f["event_id"], prefix + "best")] = f["best"]
    assert shown == cells and len(cells) > 100
