"""The data built with every site: site/data/ (CSV, JSON with schemas, GeoJSON), an Atom feed
per language and a Data page, for the 409 imported UCDP events (one build per session)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path

import feedparser
import geojson
import jsonschema
import pytest

from helpers import REPO, broken_links, build_into
from sitegen.build import build
from sitegen.check import check
from sitegen.exports import files, schemas
from sitegen.exports.feeds import LATEST, latest
from test_import import GAZETTEER, UCDP, importing, new_content

JSON_FILES = ("events.json", "places.json", "actors.json", "sources.json")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("exports")
    content = new_content(tmp)
    assert importing("gazetteer", GAZETTEER, content)[0] == 0
    assert importing("ucdp", [UCDP], content)[0] == 0
    project = build_into(tmp, content)
    return project, check(content, None).content


def data(project, name: str) -> bytes:
    return (project.site / "data" / name).read_bytes()


def test_every_data_file_is_there_once(site):
    project, content = site
    assert sorted(os.listdir(project.site / "data")) == sorted(files.NAMES + tuple(schemas.SCHEMAS))
    for lang in content.site.languages:
        assert not (project.site / lang / "data" / "events.csv").exists()


def test_events_csv_parses_one_row_per_event(site):
    project, content = site
    rows = list(csv.DictReader(io.StringIO(data(project, "events.csv").decode("utf-8"), newline="")))
    assert [r["event_id"] for r in rows] == [e.id for e in content.events]
    assert list(rows[0])[:len(files.COLUMNS)] == [c for c, _ in files.COLUMNS]
    event = next(e for e in content.events if e.id == "ucdp-292463")
    row = next(r for r in rows if r["event_id"] == event.id)
    assert (row["event_date"], row["admin1"], row["admin2"], row["admin3"]) == (
        "2019-04-28", "Hama", "Al-Suqaylabiyah", "Madiq Castle")
    assert row["geo_precision"] == event.location_precision


def test_json_files_parse_and_follow_their_schemas(site):
    project, content = site
    for name in JSON_FILES:
        document = json.loads(data(project, name))
        schema = json.loads(data(project, name.replace(".json", ".schema.json")))
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    counts = {name: len(json.loads(data(project, name))[name[:-5]]) for name in JSON_FILES}
    assert counts == {"events.json": len(content.events), "places.json": len(content.places),
                      "actors.json": len(content.actors), "sources.json": len(content.sources)}


def test_geojson_is_valid_rfc7946_longitude_first(site):
    project, content = site
    collection = geojson.loads(data(project, "events.geojson").decode("utf-8"))
    assert collection.is_valid, collection.errors()
    places = {p.id: p for p in content.places}
    expected = [(e.id, p) for e in content.events for p in e.places if places[p].coordinates]
    assert [tuple(f["id"].split("/")) for f in collection["features"]] == expected
    for feature in collection["features"]:
        lat, lon = places[feature["properties"]["place"]].coordinates
        assert feature["geometry"]["coordinates"] == [lon, lat]


def test_round_trip_keeps_every_figure_and_its_source(site):
    project, content = site
    exported = {e["id"]: e for e in json.loads(data(project, "events.json"))["events"]}
    rows = {r["event_id"]: r for r in csv.DictReader(io.StringIO(data(project, "events.csv").decode("utf-8"), newline=""))}
    for event in content.events:
        assert exported[event.id].get("figures", []) == [files.figure_dict(f) for f in event.figures]
        for figure in event.figures:
            prefix = f"{figure.source}__{figure.kind}__{figure.group}__"
            estimate = figure.estimate
            for part in ("low", "high", "best"):
                value = getattr(estimate, part)
                assert rows[event.id][prefix + part] == ("" if value is None else str(value))
    ranged = exported["ucdp-292463"]["figures"][0]
    assert (ranged["source"], ranged["between"], ranged["best"]) == ("ucdp", [5, 7], 7)


def test_feed_per_language_parses_with_the_latest_events(site):
    project, content = site
    expected = latest(content)
    assert len(expected) == min(LATEST, len(content.events))
    assert expected == sorted(content.events, key=lambda e: (e.date.sort_key, e.id), reverse=True)[:LATEST]
    for lang in content.site.languages:
        feed = feedparser.parse((project.site / lang / "feed.xml").read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.language == lang
        assert [e.link for e in feed.entries] == [f"events/{e.id}/" for e in expected]
        assert [e.title for e in feed.entries] == [e.title.get(lang, content.site.default_language)[0] for e in expected]


def test_every_page_announces_the_feed_and_links_resolve(site):
    project, content = site
    for lang in content.site.languages:
        for page in (project.site / lang).rglob("index.html"):
            head = page.read_text(encoding="utf-8").partition("</head>")[0]
            link = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]* href="([^"]+)"', head)
            assert link, page
            assert (page.parent / link.group(1)).resolve() == (project.site / lang / "feed.xml").resolve()
    assert broken_links(project.site) == []


def test_data_page_lists_each_file_with_its_size(site):
    project, content = site
    from sitegen.exports.datapage import size

    for lang in content.site.languages:
        page = (project.site / lang / "data" / "index.html").read_text(encoding="utf-8")
        for name in files.NAMES:
            assert f'href="../../data/{name}"' in page
            assert size(len(data(project, name)), lang) in page
        for column, _ in files.COLUMNS:
            assert f'<code dir="ltr">{column}</code>' in page


def test_low_best_high_shows_as_a_range_with_its_best(site):
    project, _ = site
    page = (project.site / "en" / "events" / "ucdp-292463" / "index.html").read_text(encoding="utf-8")
    from sitegen.render import make_env

    shown = make_env("en", REPO / "templates", REPO / "locale")[1].figure("killed", "best", 5, 7, 7)
    assert shown in page and "5" in shown and "7" in shown
    assert "the exact place" in page  # the location precision


def test_exports_are_rewritten_only_when_a_record_changed(tmp_path):
    """On the small sample site: a rebuild that touched no record leaves every file and feed
    (the feeds are not even made); an edited event rewrites the files that hold events, and
    only those, and the feeds are those a whole build makes."""
    from sitegen.exports import feeds

    shutil.copytree(REPO / "content", tmp_path / "content")
    project = build_into(tmp_path, tmp_path / "content")
    folder = project.site / "data"
    stamps = {n: os.stat(folder / n).st_mtime_ns for n in files.NAMES}
    langs = ("en", "ar", "tr")
    feed_stamps = {lang: os.stat(project.site / lang / "feed.xml").st_mtime_ns for lang in langs}
    build(project, say=lambda line: None)
    assert {n: os.stat(folder / n).st_mtime_ns for n in files.NAMES} == stamps
    assert {lang: os.stat(project.site / lang / "feed.xml").st_mtime_ns for lang in langs} == feed_stamps
    event = project.content / "events" / "qalaat-al-mudiq-captured.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("date: \"2019-05-09\"", "date: \"2019-05-09~\"")
                     .replace("capture Qalaat al-Mudiq", "take Qalaat al-Mudiq"), encoding="utf-8")
    build(project, say=lambda line: None)
    after = {n: os.stat(folder / n).st_mtime_ns for n in files.NAMES}
    assert [n for n in files.NAMES if after[n] != stamps[n]] == ["events.csv", "events.json", "events.geojson"]
    assert b'"date": "2019-05-09~"' in (folder / "events.json").read_bytes()
    page = (project.site / "en" / "events" / "qalaat-al-mudiq-captured" / "index.html").read_text(encoding="utf-8")
    assert "about May 9, 2019" in page
    model = check(project.content, None).content
    assert "qalaat-al-mudiq-captured" in [e.id for e in latest(model)]
    for lang in langs:
        assert (project.site / lang / "feed.xml").read_bytes() == feeds.feed(model, lang)
    assert b"take Qalaat al-Mudiq" in (project.site / "en" / "feed.xml").read_bytes()


def test_acled_events_stay_out_of_the_data_files(site):
    _, content = site
    from dataclasses import replace

    event = replace(content.events[0], id="acled-syr1", external_ids=(("acled", "SYR1"),))
    made = files.make(replace(content, events=content.events + (event,)))
    assert b"acled-syr1" not in made["events.json"] + made["events.csv"] + made["events.geojson"]


def test_a_newcomers_import_builds_strict_and_keeps_acled_rows_out_of_the_files(tmp_path):
    """The README's flow on a copy of the sample content: the gazetteer, the 409 UCDP rows and
    ACLED rows (made by the test) imported, then the build `make site` runs (strict), with no
    hand-editing. ACLED's events are on the site in every language but in no data file, and
    the Data page says so."""
    from test_import import ACLED_ROWS, write_acled

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    assert importing("gazetteer", GAZETTEER, content)[0] == 0
    assert importing("ucdp", [UCDP], content)[0] == 0
    assert importing("acled", [write_acled(tmp_path / "acled.csv", ACLED_ROWS)], content)[0] == 0
    project = build_into(tmp_path, content, strict=True)
    acled = [f"acled-syr10{n}" for n in (1, 2, 3)]
    for lang in ("en", "ar", "tr"):
        for event in acled + ["ucdp-292463"]:
            assert (project.site / lang / "events" / event / "index.html").is_file()
        assert b"events/ucdp-" in (project.site / lang / "feed.xml").read_bytes()  # the latest 50
    for name in ("events.csv", "events.json", "events.geojson"):
        made = data(project, name)
        assert b"ucdp-292463" in made and not any(e.encode() in made for e in acled)
    rows = list(csv.DictReader(io.StringIO(data(project, "events.csv").decode("utf-8"), newline="")))
    events = check(content, None).content.events
    assert len(rows) == len(events) - 3
    page = (project.site / "en" / "data" / "index.html").read_text(encoding="utf-8")
    assert "Events imported from ACLED are left out of these files" in page
