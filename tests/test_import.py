"""`sitegen import`: the shared gazetteer and UCDP rows into an empty content folder, ACLED rows
the tests write themselves (ACLED's terms forbid committing its rows), bad input, re-imports."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO, tree
from sitegen.build.check import check
from sitegen.imports import names
from sitegen.imports.places import PlaceIndex
from sitegen.imports.run import Importer, run
from sitegen.content.link import link

SHARED = REPO.parent / "shared" / "data"
if not SHARED.is_dir():  # CI lays shared/ beside the clone; a worktree has it two levels up
    SHARED = REPO.parent.parent / "shared" / "data"
GAZETTEER = [SHARED / "syria-gazetteer" / f"{n}.json" for n in ("governorates", "districts", "subdistricts")]
UCDP = SHARED / "ucdp-ged-syria-nw-2019" / "ged_syria_nw_2019-04-01_2019-06-30.csv"
SITE = "title: Test monitor\ndefault_language: en\nlanguages: [en, ar, tr]\n"
QALAAT_ROWS = ("292463", "292556", "292678", "292701")  # the shared README names them

ACLED_COLUMNS = ("event_id_cnty, event_date, year, time_precision, disorder_type, event_type, sub_event_type, actor1, "
                 "assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction, civilian_targeting, iso, region, "
                 "country, admin1, admin2, admin3, location, latitude, longitude, geo_precision, source, source_scale, "
                 "notes, fatalities, tags, timestamp").split(", ")


def importing(dataset: str, files, content: Path, *flags: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(dataset, [str(f) for f in files], str(content), "--dry-run" in flags, "--keep-going" in flags, out, err)
    return code, out.getvalue(), err.getvalue()


def new_content(tmp: Path) -> Path:
    content = tmp / "content"
    content.mkdir()
    (content / "site.yaml").write_text(SITE, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """The gazetteer and the 409 UCDP rows, imported into an empty content folder."""
    content = new_content(tmp_path_factory.mktemp("imported"))
    assert importing("gazetteer", GAZETTEER, content)[0] == 0
    code, out, err = importing("ucdp", [UCDP], content)
    assert code == 0, err
    return content


def ucdp_rows() -> list[dict]:
    with UCDP.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_ucdp_import_checks_clean(imported):
    result = check(imported, None)
    assert not [p for p in result.problems if p.severity == "error"]
    assert len(result.content.events) == len(ucdp_rows())
    assert {dict(e.external_ids)["ucdp"] for e in result.content.events} == {r["id"] for r in ucdp_rows()}


def test_imported_texts_in_their_original_language_pass_strict(imported, tmp_path):
    """The datasets' words are English only; each record says so (`original_language: en`),
    so a strict check has nothing to warn of; without the field, the same record's missing
    Arabic and Turkish are warned of again."""
    problems = check(imported, None).problems
    assert [p.loc.path for p in problems] == [str(imported / "site.yaml")] * 2  # the test's own title: en only
    content = tmp_path / "content"
    shutil.copytree(imported, content)
    event = content / "events" / "ucdp-292463.yaml"
    text = event.read_text(encoding="utf-8")
    assert "\noriginal_language: en\n" in text
    event.write_text(text.replace("\noriginal_language: en\n", "\n"), encoding="utf-8")
    warned = sorted(p.message for p in check(content, None).problems if p.loc.path == str(event))
    assert warned == [f"{field}: missing translation for '{lang}'" for field in ("summary", "title") for lang in ("ar", "tr")]


def test_gazetteer_places_keep_codes_names_and_parents(imported):
    places = {p.id: p for p in check(imported, None).content.places}
    castle = places["sy-hama-al-suqaylabiyah-madiq-castle"]
    assert (castle.kind, castle.pcode, castle.geonames, castle.wikidata) == ("subdistrict", "SY050204", 7895174, "Q12247262")
    assert dict(castle.name.values) == {"en": "Madiq Castle", "ar": "قلعة المضيق"}
    assert "Qalaat al-Madiq" in dict(castle.aliases)["en"]
    assert castle.parent == "sy-hama-al-suqaylabiyah" and places[castle.parent].parent == "sy-hama"
    assert sum(1 for p in places.values() if p.pcode) == sum(len(__import__("json").loads(f.read_text())) for f in GAZETTEER)


def test_qalaat_al_mudiq_rows_land_under_madiq_castle(imported):
    model = link(check(imported, None).content)
    for row_id in QALAAT_ROWS:
        event = model.events[f"ucdp-{row_id}"]
        (place,) = event.places
        assert model.places[place].kind == "town"
        assert model.ancestors[place][-3:] == ("sy-hama", "sy-hama-al-suqaylabiyah", "sy-hama-al-suqaylabiyah-madiq-castle")
        assert event.location_precision in ("exact", "near")


def test_low_best_high_is_a_range_with_its_best_estimate(imported):
    events = {e.id: e for e in check(imported, None).content.events}
    ranged = [r for r in ucdp_rows() if int(r["low"]) < int(r["best"]) <= int(r["high"])]
    assert ranged
    for row in ranged:
        people = [f for f in events[f"ucdp-{row['id']}"].figures if f.group == "people"]
        assert [(f.source, f.estimate.form, f.estimate.low, f.estimate.high, f.estimate.best) for f in people] == [
            ("ucdp", "between", int(row["low"]), int(row["high"]), int(row["best"]))]
    shares = 0
    for row in ucdp_rows():
        civilians = [f for f in events[f"ucdp-{row['id']}"].figures if f.group == "civilians"]
        civ, high = int(row["deaths_civilians"]), max(int(row[c]) for c in ("low", "best", "high"))
        # deaths_civilians is the civilians' share of `best` (GED codebook), never an exact count:
        # a best estimate between 0 and the event's high; exact only as the 0 of an event with none dead
        expected = (("exact", 0, 0, None) if high == 0 else ("between", 0, high, civ))
        assert [(f.estimate.form, f.estimate.low, f.estimate.high, f.estimate.best) for f in civilians] == [expected]
        shares += high > 0
    assert shares  # the sample has rows with civilians' shares to check


def test_civilians_share_is_never_exact_beside_a_range(imported):
    """Row 292463 (Qalaat al-Mudiq): 5 to 7 killed, best 7, of them 7 civilians by the best
    estimate. The page and figures.csv must not say "exactly 7 civilians" beside "5 to 7 people",
    and a place's civilians total must stay a best estimate, not an exact sum."""
    model = link(check(imported, None).content)
    (civ,) = [f for f in model.events["ucdp-292463"].figures if f.group == "civilians"]
    assert (civ.estimate.form, civ.estimate.low, civ.estimate.high, civ.estimate.best) == ("between", 0, 7, 7)
    hama = {(t.source, t.kind, t.group): t.estimate for t in model.figure_totals["sy-hama"]}
    total = hama[("ucdp", "killed", "civilians")]
    assert total.form != "exact" and total.best is not None and total.low == 0


def test_dates_keep_their_precision(imported):
    events = {e.id: e for e in check(imported, None).content.events}
    for row in ucdp_rows():
        date = str(events[f"ucdp-{row['id']}"].date)
        if row["date_start"] != row["date_end"]:
            assert date == f"{row['date_start']}/{row['date_end']}"
        elif row["date_prec"] == "1":
            assert date == row["date_start"]
        else:
            assert date == row["date_start"] + "~", row["id"]


def test_place_names_match_across_spellings(imported):
    index = PlaceIndex({p.id: _place_dict(p) for p in check(imported, None).content.places})
    assert index.match("Idleb", ("governorate",)) == "sy-idlib"
    assert index.match("Hamah Governorate", ("governorate",)) == "sy-hama"
    assert index.match("Muhradah district", ("district",), within="sy-hama") == "sy-hama-mhardeh"
    assert index.match("Mhardeh District", ("district",), within="sy-hama") == "sy-hama-mhardeh"
    assert index.match("Qalat al Madiq town", ("subdistrict",), within="sy-hama-al-suqaylabiyah") \
        == "sy-hama-al-suqaylabiyah-madiq-castle"
    assert names.plain_name("Qalat al Madiq town") == "Qalat al Madiq"


def _place_dict(place) -> dict:
    return {"id": place.id, "kind": place.kind, "name": dict(place.name.values), "parent": place.parent,
            "aliases": {lang: list(v) for lang, v in place.aliases}, "pcode": place.pcode}


def test_importing_twice_changes_nothing(imported, tmp_path):
    before = tree(imported)
    code, out, err = importing("ucdp", [UCDP], imported)
    assert code == 0
    rows = len(ucdp_rows())
    assert out.splitlines()[:2] == [f"ucdp: {rows} rows imported, 0 refused",
                                    f"events: 0 created, 0 updated, {rows} unchanged, 0 conflicts"]
    assert importing("gazetteer", GAZETTEER, imported)[0] == 0
    assert tree(imported) == before


def test_an_edited_record_is_a_conflict_and_kept(imported, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(imported, content)
    edited = content / "events" / "ucdp-292463.yaml"
    text = edited.read_text(encoding="utf-8").replace("  en: Government of Syria", "  en: Edited: Government of Syria", 1)
    edited.write_text(text, encoding="utf-8")
    rows = ucdp_rows()
    changed = tmp_path / "ucdp.csv"  # a new release: another row's best estimate revised
    target = next(r for r in rows if r["id"] != "292463" and r["low"] == r["best"] == r["high"])
    with changed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            if row is target:
                row = {**row, "high": str(int(row["high"]) + 3)}
            writer.writerow(row)
    code, out, err = importing("ucdp", [changed], content)
    assert code == 0
    assert f"{edited}:1:1: warning: edited since it was imported; left as it is (a conflict)" in err.splitlines()
    assert f"events: 0 created, 1 updated, {len(rows) - 2} unchanged, 1 conflicts" in out.splitlines()
    assert edited.read_text(encoding="utf-8") == text
    assert "between: [" in (content / "events" / f"ucdp-{target['id']}.yaml").read_text(encoding="utf-8")


def test_a_hand_written_place_is_kept_and_used(tmp_path):
    """A place an editor wrote with a gazetteer P-code (the sample's `hama`) is a conflict the
    import names as hand-written and leaves as it is; the gazetteer's districts go under it."""
    content = new_content(tmp_path)
    (content / "places").mkdir()
    hand = content / "places" / "hama.yaml"
    hand.write_text("id: hama\nkind: governorate\nname:\n  en: Hama\npcode: SY05\n", encoding="utf-8")
    code, out, err = importing("gazetteer", GAZETTEER, content)
    assert code == 0
    assert err.splitlines() == [f"{hand}:1:1: warning: written by hand (it has no import mark); left as it is (a conflict)"]
    assert hand.read_text(encoding="utf-8") == "id: hama\nkind: governorate\nname:\n  en: Hama\npcode: SY05\n"
    places = {p.id: p for p in check(content, None).content.places}
    assert places["sy-hama-al-suqaylabiyah"].parent == "hama"


@pytest.mark.parametrize("planted", ["events/x.yaml", "places", "site.yaml", "import/aliases.yaml"])
def test_a_planted_link_in_the_content_is_refused_and_nothing_written(tmp_path, planted):
    """The import reads the records it may replace: a link anywhere in the content folder
    (to a file outside it, here one with a record's shape) is refused, not read through."""
    content = new_content(tmp_path)
    outside = tmp_path / "outside.yaml"
    outside.write_text((content / "site.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    link = content / planted
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.exists():
        link.unlink()
    link.symlink_to(outside if planted != "places" else tmp_path)
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    code, out, err = importing("ucdp", [UCDP], content)
    assert code == 1 and out == ""
    assert err.splitlines() == [f"{link}:1:1: error: is a symbolic link, which the import does not follow; "
                                "content must be regular files and folders", "nothing was written"]
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before
    assert outside.read_text(encoding="utf-8") == (SITE if planted != "site.yaml" else outside.read_text(encoding="utf-8"))


def test_dry_run_writes_nothing(tmp_path):
    content = new_content(tmp_path)
    code, out, err = importing("ucdp", [UCDP], content, "--dry-run")
    assert code == 0 and out.splitlines()[-1] == "dry run: nothing was written"
    assert sorted(p.name for p in content.iterdir()) == ["site.yaml"]


# -- ACLED: rows the test writes in ACLED's export columns --------------------------------

def acled_row(**values) -> dict:
    row = dict.fromkeys(ACLED_COLUMNS, "")
    row.update(event_id_cnty="SYR1", event_date="2019-05-09", year="2019", time_precision="1",
               event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
               actor1="Military Forces of Syria (2000-)", inter1="1", actor2="Civilians (Syria)", inter2="7",
               country="Syria", admin1="Hama", admin2="As Suqaylabiyah", admin3="Qalaat El Madiq",
               location="Qalaat El Madiq", latitude="35.4146", longitude="36.3909", geo_precision="1",
               source="SOHR", notes="Test row written by the test suite.", fatalities="3")
    row.update(values)
    return row


def write_acled(path: Path, rows: list[dict], columns=ACLED_COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


ACLED_ROWS = [
    acled_row(event_id_cnty="SYR101", event_date="09 May 2019", time_precision="1", inter1="1", inter2="7"),
    acled_row(event_id_cnty="SYR102", event_date="2019-05-09", time_precision="2", inter1="State forces",
              actor2="Hayat Tahrir al Sham", inter2="Rebel group", event_type="Battles", sub_event_type="Armed clash",
              fatalities="0", admin1="Idleb", admin2="Al Mara", admin3="Kafr Nobol", location="Kafr Nobol"),
    acled_row(event_id_cnty="SYR103", event_date="15 May 2019", time_precision="3", inter1="1",
              inter2="Civilians", geo_precision="3", admin1="Lattakia", admin2="", admin3="", location="Latakia",
              fatalities="12"),
]


@pytest.fixture
def gazetteer_content(imported, tmp_path) -> Path:
    content = new_content(tmp_path)
    shutil.copytree(imported / "places", content / "places")
    return content


def test_acled_rows_import_right(gazetteer_content, tmp_path):
    content = gazetteer_content
    (content / "import").mkdir()
    (content / "import" / "aliases.yaml").write_text(
        "actors:\n  syrian-regime-forces: [Government of Syria, \"Military Forces of Syria (2000-)\"]\n", encoding="utf-8")
    code, out, err = importing("acled", [write_acled(tmp_path / "acled.csv", ACLED_ROWS)], content)
    assert (code, err) == (0, "")
    result = check(content, None)
    assert not [p for p in result.problems if p.severity == "error"]
    assert not [p for p in result.problems if p.loc.path.startswith(str(content / "import"))]  # never read
    model = link(result.content)
    first, second, third = (model.events[f"acled-syr10{n}"] for n in (1, 2, 3))
    assert [str(e.date) for e in (first, second, third)] == ["2019-05-09", "2019-05-09~", "2019-05"]
    assert dict(first.external_ids) == {"acled": "SYR101"}
    assert [(p.actor, p.role) for p in first.actors] == [("syrian-regime-forces", "acting"), ("civilians-syria", "targeted")]
    kinds = {a.id: a.kind for a in result.content.actors}
    assert (kinds["syrian-regime-forces"], kinds["hayat-tahrir-al-sham"], kinds["civilians-syria"]) == \
        ("armed-forces", "armed-group", "other")
    assert [(f.source, f.kind, f.group, f.estimate.form, f.estimate.low) for f in first.figures] == [
        ("acled", "killed", "people", "at-least", 3)]
    assert second.figures == ()  # ACLED codes 0 when no fatalities are reported: not a count of zero
    assert (first.type, first.sub_type, second.type) == ("explosions-remote-violence", "shelling-artillery-missile-attack", "battles")
    assert model.ancestors[first.places[0]][-3:] == ("sy-hama", "sy-hama-al-suqaylabiyah", "sy-hama-al-suqaylabiyah-madiq-castle")
    assert model.ancestors[second.places[0]][-3:] == ("sy-idlib", "sy-idlib-maarrat-al-numan",
                                                      "sy-idlib-maarrat-al-numan-kafr-nobol")
    assert (third.places, third.location_precision) == (("sy-latakia",), "admin1")
    assert [c.source for c in first.sources] == ["acled", "sohr"]
    assert "Test row written" in first.summary.values[0][1]


def test_ucdp_and_acled_actors_meet_through_the_alias_table(gazetteer_content, tmp_path):
    content = gazetteer_content
    (content / "import").mkdir()
    (content / "import" / "aliases.yaml").write_text(
        "actors:\n  syrian-regime-forces: [Government of Syria, \"Military Forces of Syria (2000-)\"]\n", encoding="utf-8")
    assert importing("ucdp", [UCDP], content)[0] == 0
    assert importing("acled", [write_acled(tmp_path / "a.csv", ACLED_ROWS)], content)[0] == 0
    model = link(check(content, None).content)
    acting = {p.actor for e in ("ucdp-292463", "acled-syr101") for p in model.events[e].actors if p.role == "acting"}
    assert acting == {"syrian-regime-forces"}


def test_alias_table_errors_name_file_line_and_column(gazetteer_content, tmp_path):
    table = gazetteer_content / "import" / "aliases.yaml"
    table.parent.mkdir()
    table.write_text("actors:\n  a: [X]\n  b: [x]\n", encoding="utf-8")
    code, out, err = importing("acled", [write_acled(tmp_path / "a.csv", ACLED_ROWS)], gazetteer_content)
    assert code == 1
    assert err.splitlines()[0] == f'{table}:3:7: error: actors: "x" is given for both a and b'


# -- bad input ---------------------------------------------------------------------------

def bad_cases(tmp: Path) -> list[tuple[Path, str]]:
    cases = []
    missing = [c for c in ACLED_COLUMNS if c != "event_date"]
    path = write_acled(tmp / "missing.csv", ACLED_ROWS, missing)
    cases.append((path, f"{path}:1:{len(missing) + 1}: error: required column missing: event_date"))
    path = tmp / "latin1.csv"
    path.write_bytes(write_acled(tmp / "x.csv", [acled_row(notes="Hama café")]).read_bytes().decode().encode("latin-1"))
    line = path.read_bytes().split(b"\n").index(next(l for l in path.read_bytes().split(b"\n") if b"caf" in l)) + 1
    col = path.read_bytes().split(b"\n")[line - 1].index(b"\xe9") + 1
    cases.append((path, f"{path}:{line}:{col}: error: file is not UTF-8 (byte 0xe9); save it as UTF-8"))
    col = ACLED_COLUMNS.index("event_date") + 1
    path = write_acled(tmp / "date.csv", [ACLED_ROWS[0], acled_row(event_id_cnty="SYR9", event_date="2019-13-45")])
    cases.append((path, f'{path}:3:{col}: error: malformed date "2019-13-45"; expected 2019-05-09 or 09 May 2019'))
    col = ACLED_COLUMNS.index("latitude") + 1
    path = write_acled(tmp / "coords.csv", [acled_row(latitude="135.2")])
    cases.append((path, f"{path}:2:{col}: error: invalid coordinates 135.2, 36.3909: latitude must be within"
                        " -90..90, longitude -180..180"))
    col = ACLED_COLUMNS.index("event_type") + 1
    path = write_acled(tmp / "type.csv", [acled_row(event_type="Remote violence")])
    cases.append((path, f'{path}:2:{col}: error: unknown event type "Remote violence"; expected one of ACLED\'s:'
                        " Battles, Explosions/Remote violence, Violence against civilians, Protests, Riots,"
                        " Strategic developments"))
    return cases


def test_bad_input_is_reported_and_nothing_written(gazetteer_content, tmp_path):
    before = tree(gazetteer_content)
    for path, expected in bad_cases(tmp_path):
        code, out, err = importing("acled", [path], gazetteer_content)
        assert code == 1, path
        assert err.splitlines()[0] == expected
        assert out == ""
        assert tree(gazetteer_content) == before


def test_keep_going_imports_the_good_rows(gazetteer_content, tmp_path):
    path = write_acled(tmp_path / "mixed.csv", [ACLED_ROWS[0], acled_row(event_id_cnty="SYR9", event_date="May 2019")])
    code, out, err = importing("acled", [path], gazetteer_content, "--keep-going")
    assert code == 1
    assert err.splitlines() == [f'{path}:3:{ACLED_COLUMNS.index("event_date") + 1}: error: malformed date "May 2019";'
                                " expected 2019-05-09 or 09 May 2019"]
    assert out.splitlines()[0] == "acled: 1 rows imported, 1 refused"
    assert sorted(p.name for p in (gazetteer_content / "events").iterdir()) == ["acled-syr101.yaml"]


def test_cli_import_prints_its_summary(gazetteer_content, tmp_path):
    path = write_acled(tmp_path / "a.csv", ACLED_ROWS[:1])
    done = subprocess.run([sys.executable, "-m", "sitegen", "import", "acled", str(path), "--content", str(gazetteer_content)],
                          capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    # ACLED's "Qalaat El Madiq" is the town the UCDP import made from "Qalat al Madiq town"
    assert done.stdout.splitlines() == [
        "acled: 1 rows imported, 0 refused",
        "events: 1 created, 0 updated, 0 unchanged, 0 conflicts",
        "places: 0 created, 0 updated, 0 unchanged, 0 conflicts",
        "actors: 2 created, 0 updated, 0 unchanged, 0 conflicts",
        "sources: 2 created, 0 updated, 0 unchanged, 0 conflicts",
        "places matched: 4, created: 0",
    ]
    event = (gazetteer_content / "events" / "acled-syr101.yaml").read_text(encoding="utf-8")
    assert "places:\n- qalat-al-madiq\n" in event


def test_gazetteer_csv_gets_stable_ids(tmp_path):
    content = new_content(tmp_path)
    path = tmp_path / "gaz.csv"
    path.write_text("pcode,parent_pcode,level,name_en,name_ar,aliases,lat,lon,geonames,wikidata\n"
                    "SY05,SY,governorate,Hama,حماة,Hamah | محافظة حماة,35.1,36.9,170017,Q211513\n"
                    "SY0502,SY05,district,Al-Suqaylabiyah,السقيلبية,As-Suqaylabiyah,35.48,36.32,173885,Q576132\n",
                    encoding="utf-8")
    assert importing("gazetteer", [path], content)[0] == 0
    places = {p.id: p for p in check(content, None).content.places}
    assert sorted(places) == ["sy-hama", "sy-hama-al-suqaylabiyah"]
    assert places["sy-hama-al-suqaylabiyah"].parent == "sy-hama"
    assert dict(places["sy-hama"].aliases) == {"en": ("Hamah",), "ar": ("محافظة حماة",)}
    assert places["sy-hama"].coordinates == (35.1, 36.9)


def test_importer_reads_existing_places_once(imported):
    importer = Importer(imported)
    assert len(importer.places.places) == len(list((imported / "places").glob("*.yaml")))


def test_location_precision_decides_the_place(imported):
    model = link(check(imported, None).content)
    for row in ucdp_rows():
        event = model.events[f"ucdp-{row['id']}"]
        kind = model.places[event.places[0]].kind
        expected = {"1": "exact", "2": "near", "3": "admin2", "4": "admin1", "5": "area"}[row["where_prec"]]
        assert event.location_precision == expected
        if row["where_prec"] == "4":
            assert kind == "governorate", row["id"]
        elif row["where_prec"] == "5":
            assert kind in ("area", "governorate"), row["id"]
        elif row["where_prec"] in ("1", "2"):
            assert kind in ("town", "site", "area"), row["id"]


def test_a_p_code_beats_the_name(gazetteer_content, tmp_path):
    columns = ACLED_COLUMNS + ["admin1_pcode", "admin2_pcode", "admin3_pcode"]
    row = acled_row(admin1="Province of nowhere", admin1_pcode="SY07", admin2="Ariha", admin2_pcode="SY0703",  # Harem
                    admin3="", location="", geo_precision="3")
    code, out, err = importing("acled", [write_acled(tmp_path / "p.csv", [row], columns)], gazetteer_content)
    assert (code, err) == (0, "")
    model = link(check(gazetteer_content, None).content)
    assert model.events["acled-syr1"].places == ("sy-idlib-harem",)


# -- the fast YAML writer equals PyYAML's --------------------------------------------------

def _records_written(monkeypatch, tmp_path) -> list[dict]:
    """Every record an import of the gazetteer, the 409 UCDP rows and the test's ACLED rows
    hands to `records.dump`."""
    import copy

    from sitegen.imports import records

    seen, dump = [], records.dump
    monkeypatch.setattr(records, "dump", lambda data, origin: (seen.append(copy.deepcopy(data)), dump(data, origin))[1])
    content = new_content(tmp_path)
    assert importing("gazetteer", GAZETTEER, content, "--dry-run")[0] == 0
    assert importing("gazetteer", GAZETTEER, content)[0] == 0
    assert importing("ucdp", [UCDP], content, "--dry-run")[0] == 0
    assert importing("acled", [write_acled(tmp_path / "acled.csv", ACLED_ROWS)], content, "--dry-run")[0] == 0
    return seen


HOSTILE = ["", " lead", "trail ", "a: b", "a:", "- x", "-x", "? q", ":x", "#hash", "a #b", "a#b", "'q'", "it's",
           '"d"', "true", "No", "null", "~", "123", "-4", "1.5", "0x1f", "12:30", "2019-04-13", "2019-04", "2019-04-13~",
           "---x", "...x", "[x]", "{x}", "a, b", "&a", "*a", "!a", "|a", "%a", "@a", "`Ayn", "tab\tin", "nbsp\u00a0x",
           "line\u2028sep", "next\x85line", "bom\ufeffx", "emoji \U0001F600", "rtl \u200f mark", "عربي", "Türkçe",
           "two\n\nparas", "\nlead break", "trail break\n", "space \nbreak", "a\r\nb", "back\\slash", "x" * 120,
           " ".join(["word"] * 40), " ".join(["w" * 30] * 5), "a  b", "a" + " " * 3 + "b" * 98]


def test_fast_yaml_equals_pyyaml(monkeypatch, tmp_path):
    """`yamltext.text` (the import's fast path) gives PyYAML's bytes for every record it takes,
    and takes nearly all real ones; the rest go to PyYAML."""
    import random

    from sitegen.imports import records, yamltext

    real = _records_written(monkeypatch, tmp_path)
    fast = 0
    for record in real:
        try:
            text = yamltext.text(record, records.Flow)
        except yamltext.Unusual:
            continue
        fast += 1
        assert text == records.dump_yaml(record), record
    assert len(real) > 1200 and fast >= 0.95 * len(real)
    rnd = random.Random(12)
    pieces = HOSTILE + ["lorem", " ", ": ", " #", "\n", "'", "-", "é"]
    made = [rnd.choice(pieces) + "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30))) for _ in range(3000)]
    taken = 0
    for value in HOSTILE + made:
        for key in ("k", "a_much_longer_key_" * 3):
            record = {"id": "x", key: value, "summary": {"en": value}, "sources": [{"source": value, "date": value}],
                      "tags": [value], "coordinates": records.Flow([35.41, -36.0, 1e-05, 7])}
            try:
                text = yamltext.text(record, records.Flow)
            except yamltext.Unusual:
                continue
            taken += 1
            assert text == records.dump_yaml(record), value
    assert taken > 500


# -- a row the check would refuse is refused at its cell ------------------------------------

def test_a_value_the_check_refuses_is_refused_at_its_row_and_column(gazetteer_content, tmp_path):
    """Every row the import writes checks clean: a figure above the check's bound, a control
    character or a non-character in any text (an actor, notes, a place, an outlet), and an
    `inter` code in other digits (isdigit() is true of "²") are located row errors with
    nothing written, never a record the check then refuses or a traceback."""
    def col(name):
        return ACLED_COLUMNS.index(name) + 1

    before = tree(gazetteer_content)
    bad = [
        (acled_row(event_id_cnty="SYR201", fatalities="1e12"), "fatalities",
         "1,000,000,000,000 is more than a count may be (10,000,000,000)"),
        (acled_row(event_id_cnty="SYR202", notes="shelled\x1b[2J"), "notes",
         "the control character U+001B is not allowed in content; remove it (at character 8 of the value)"),
        (acled_row(event_id_cnty="SYR203", actor1="Forces\ufffe"), "actor1",
         "the non-character U+FFFE is not allowed in content; remove it (at character 7 of the value)"),
        (acled_row(event_id_cnty="SYR204", location="Kafr\x85Nobol"), "location",
         "the control character U+0085 is not allowed in content; remove it (at character 5 of the value)"),
        (acled_row(event_id_cnty="SYR205", source="SOHR\x07"), "source",
         "the control character U+0007 is not allowed in content; remove it (at character 5 of the value)"),
        (acled_row(event_id_cnty="SYR206", inter1="\u00b2"), "inter1",
         'unknown inter1 "\u00b2"; expected 1-8 or a label such as "Rebel group"'),
    ]
    path = write_acled(tmp_path / "bad.csv", [ACLED_ROWS[0]] + [row for row, _, _ in bad])
    code, out, err = importing("acled", [path], gazetteer_content)
    assert code == 1 and out == ""
    assert err.splitlines()[:-1] == [f"{path}:{n}:{col(column)}: error: {message}"
                                     for n, (_, column, message) in enumerate(bad, 3)]
    assert tree(gazetteer_content) == before
    code, out, err = importing("acled", [path], gazetteer_content, "--keep-going")
    assert code == 1
    assert sorted(p.name for p in (gazetteer_content / "events").iterdir()) == ["acled-syr101.yaml"]
    assert not [p for p in check(gazetteer_content, None).problems if p.severity == "error"]


def test_line_breaks_in_a_quoted_value_are_imported_as_the_check_allows(gazetteer_content, tmp_path):
    """A quoted CSV value may span CRLF or CR line breaks; content may not hold a CR, so the
    import writes them as LF (the record checks clean)."""
    path = write_acled(tmp_path / "crlf.csv", [acled_row(notes="First line.\r\nSecond line.\rThird.")])
    assert importing("acled", [path], gazetteer_content)[0] == 0
    result = check(gazetteer_content, None)
    assert not [p for p in result.problems if p.severity == "error"]
    event = link(result.content).events["acled-syr1"]
    assert "\r" not in event.summary.values[0][1] and "Third." in event.summary.values[0][1]


def test_a_row_id_is_one_event_whatever_its_leading_zeros_or_case(gazetteer_content, tmp_path):
    """UCDP `0292463` is event 292463 and ACLED `syr0101` is SYR101: in one file they are the
    same row given twice; in a later import, an update of the same record, never a second
    record of the same event (it would be counted twice in every place's and actor's list)."""
    rows = [r for r in ucdp_rows() if r["id"] == "292463"]
    with (tmp_path / "zeros.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([rows[0], dict(rows[0], id="0292463")])
    code, _, err = importing("ucdp", [tmp_path / "zeros.csv"], gazetteer_content)
    assert code == 1 and 'row id "292463" is given twice' in err
    assert importing("ucdp", [UCDP], gazetteer_content)[0] == 0
    with (tmp_path / "again.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerow(dict(rows[0], id="00292463"))
    code, out, _ = importing("ucdp", [tmp_path / "again.csv"], gazetteer_content)
    assert code == 0 and "events: 0 created, 0 updated, 1 unchanged" in out
    assert not (gazetteer_content / "events" / "ucdp-00292463.yaml").exists()
    assert importing("acled", [write_acled(tmp_path / "a.csv", ACLED_ROWS[:1])], gazetteer_content)[0] == 0
    code, out, _ = importing("acled", [write_acled(tmp_path / "b.csv", [dict(ACLED_ROWS[0], event_id_cnty="syr0101")])],
                             gazetteer_content)
    assert code == 0 and "events: 0 created, 0 updated, 1 unchanged" in out
    assert sorted(p.name for p in (gazetteer_content / "events").iterdir() if p.name.startswith("acled")) == \
        ["acled-syr101.yaml"]


def test_a_gazetteer_record_of_the_wrong_shape_or_characters_is_located(tmp_path):
    """The OpenSyria JSON read as untrusted: a control character in a name or an alias, and
    aliases, a centroid or external ids of the wrong JSON type, are errors naming the record,
    never a traceback or a place the check refuses."""
    import json as jsonlib

    good = {"id": "x1", "name": {"en": "Hama", "ar": "حماة"}, "externalIds": {"ochaPcode": "SY05"},
            "centroid": {"latitude": 35.1, "longitude": 36.7}, "aliases": [{"language": "en", "value": "Hamah"}]}
    cases = [
        (dict(good, name={"en": "Ha\x1bma"}), 'record 1 ("x1"): name: the control character U+001B is not allowed'),
        (dict(good, aliases=[{"language": "en", "value": "Ha\ufdd0mah"}]), 'record 1 ("x1"): aliases: the non-character U+FDD0'),
        (dict(good, aliases=["Hamah"]), 'record 1 ("x1"): aliases: expected a list of objects with language and value'),
        (dict(good, centroid=[35.1, 36.7]), 'record 1 ("x1"): centroid: expected an object'),
        (dict(good, externalIds=["SY05"]), 'record 1 ("x1"): externalIds: expected an object'),
        (dict(good, externalIds={"ochaPcode": "SY05", "geonames": "\u00b2"}),
         'record 1 ("x1"): geonames: "\u00b2" is not a GeoNames id'),
    ]
    for n, (record, expected) in enumerate(cases):
        (tmp_path / str(n)).mkdir()
        content = new_content(tmp_path / str(n))
        path = tmp_path / f"g{n}.json"
        path.write_text(jsonlib.dumps([record]), encoding="utf-8")
        code, out, err = importing("gazetteer", [path], content)
        assert code == 1, record
        assert err.startswith(f"{path}:1:1: error: {expected}"), err
        assert not (content / "places").exists()


def test_a_file_where_a_folder_goes_or_a_folder_where_a_record_goes_is_located(gazetteer_content, tmp_path):
    """A content folder the import cannot write into as planned (`actors` a file, a record's
    path a folder) is one located error, exit 1, and nothing written: never a traceback after
    part of the records were written."""
    path = write_acled(tmp_path / "a.csv", ACLED_ROWS[:1])
    actors = gazetteer_content / "actors"
    actors.write_text("not a folder\n", encoding="utf-8")
    before = tree(gazetteer_content)
    code, out, err = importing("acled", [path], gazetteer_content)
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"{actors}:1:1: error: is a file, not a folder: the import writes its records there",
                                "nothing was written"]
    assert tree(gazetteer_content) == before
    actors.unlink()
    (gazetteer_content / "events" / "acled-syr101.yaml").mkdir(parents=True)
    before = tree(gazetteer_content)
    code, out, err = importing("acled", [path], gazetteer_content)
    assert (code, out) == (1, "")
    assert err.splitlines()[0].startswith(f"{gazetteer_content / 'events' / 'acled-syr101.yaml'}:1:1: error: "
                                          "cannot be read as a record: ")
    assert tree(gazetteer_content) == before


def test_names_in_another_script_stay_apart_and_import_again_unchanged(gazetteer_content, tmp_path):
    """Names whose slug does not stand for them (no ASCII letters: 'جيش العزة', '!!!') were
    one record ('unnamed') for every such actor or outlet, so one took the other's events and
    figures; a place so named was never matched again, and each import created it anew; a
    name whose slug is `index` gave a record the check refuses. Now: a record each, an id the
    site allows, and a second import changes nothing."""
    rows = [acled_row(event_id_cnty="SYR301", actor1="جيش العزة", inter1="2", actor2="جيش الإسلام", inter2="2",
                      source="عنب بلدي; الوطن", location="!!!", admin3="", geo_precision="1"),
            acled_row(event_id_cnty="SYR302", actor1="Index", inter1="2", actor2="Jaysh العزة", inter2="2",
                      source="Index", location="Index", admin3="", geo_precision="1"),
            acled_row(event_id_cnty="SYR303", actor1="Jaysh الإسلام", inter1="2", location="قلعة", admin3="",
                      geo_precision="1", actor2="Jaysh", inter2="2")]
    path = write_acled(tmp_path / "scripts.csv", rows)
    code, out, err = importing("acled", [path], gazetteer_content)
    assert code == 0, err
    result = check(gazetteer_content, None)
    assert not [p for p in result.problems if p.severity == "error"]
    model = link(result.content)
    actors = {a.id: a.name.values[0][1] for a in result.content.actors}
    first, second, third = (model.events[f"acled-syr30{n}"] for n in (1, 2, 3))
    acting, targeted = (actors[p.actor] for p in first.actors)
    assert (acting, targeted) == ("جيش العزة", "جيش الإسلام")
    assert [actors[p.actor] for p in second.actors] == ["Index", "Jaysh العزة"]
    assert [actors[p.actor] for p in third.actors][:2] == ["Jaysh الإسلام", "Jaysh"]  # 'jaysh' is not Jaysh's
    sources = {s.id: s.name.values[0][1] for s in result.content.sources}
    assert [sources[c.source] for c in first.sources] == ["ACLED (Armed Conflict Location & Event Data)", "عنب بلدي", "الوطن"]
    assert "index" not in actors and "index" not in sources and "index" not in {p.id for p in result.content.places}
    before = tree(gazetteer_content)
    code, out, err = importing("acled", [path], gazetteer_content)
    assert code == 0 and "events: 0 created, 0 updated, 3 unchanged" in out
    assert "places: 0 created" in out and "actors: 0 created" in out and "sources: 0 created" in out
    assert tree(gazetteer_content) == before


def test_the_sample_import_makes_no_second_district_and_no_duplicate_towns(tmp_path):
    """The README's flow on a copy of the sample content. The editors' `mhardeh-district`
    (no P-code; aliases Muhradah District) is the gazetteer's Mhardeh: the gazetteer must use
    it, not add a second Mhardeh beside it. Before, every UCDP row naming 'Muhradah district'
    matched both, created a district of its own and its town again under it (17 'Muhradah
    district' places, 'Al Lataminah' twice), so no place page or total held those events."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    assert importing("gazetteer", GAZETTEER, content)[0] == 0
    assert importing("ucdp", [UCDP], content)[0] == 0
    model = link(check(content, None).content)
    districts = sorted(p.id for p in model.places.values() if p.kind == "district")
    by_name: dict = {}
    for place in model.places.values():
        by_name.setdefault((place.parent, place.kind, names.key(place.name.get("en", "en")[0])), []).append(place.id)
    assert not [ids for ids in by_name.values() if len(ids) > 1]
    assert "mhardeh-district" in districts and "sy-hama-mhardeh" not in districts
    assert "suqaylabiyah-district" in districts and "sy-hama-al-suqaylabiyah" not in districts
    for row in ucdp_rows():
        event = model.events[f"ucdp-{row['id']}"]
        chain = {a for p in event.places for a in (p, *model.ancestors[p])}
        if row["adm_2"] == "Muhradah district":
            assert "mhardeh-district" in chain, row["id"]
        if row["adm_2"] == "As Suqaylibiyah district":
            assert "suqaylabiyah-district" in chain, row["id"]
    assert set(model.events["ucdp-292463"].places) == {"qalaat-al-mudiq"}  # the sample's own Qalaat al-Mudiq
    code, out, _ = importing("ucdp", [UCDP], content)
    assert code == 0 and "places: 0 created" in out


def test_a_name_matching_two_places_creates_one_place_not_one_per_row():
    """'Muhradah district' under Hama matching two districts (an alias of each) is created
    once; the next rows and a second import find that one, by its own name."""
    index = PlaceIndex({
        "hama": {"id": "hama", "kind": "governorate", "name": {"en": "Hama"}},
        "a": {"id": "a", "kind": "district", "name": {"en": "Mhardeh"}, "aliases": {"en": ["Muhradah"]}, "parent": "hama"},
        "b": {"id": "b", "kind": "district", "name": {"en": "Mhardeh District"}, "aliases": {"en": ["Muhradah District"]},
              "parent": "hama"},
    })
    assert index.match("Muhradah district", ("district",), within="hama") is None  # ambiguous: neither is meant
    index.add({"id": "muhradah-district", "kind": "district", "name": {"en": "Muhradah district"}, "parent": "hama"})
    assert index.match("Muhradah district", ("district",), within="hama") == "muhradah-district"
    assert index.match("Muhradah  District", ("district",), within="hama") == "muhradah-district"
    assert index.match("Muhradah", ("district",), within="hama") is None


def test_every_ucdp_row_is_on_the_map(imported):
    """Each of the 409 rows has a point (UCDP gives every row one), so each event is on the map:
    a town at its point, an admin unit at the gazetteer's, and an area ('Sahl al Ghab plain',
    where_prec 5) at the point UCDP gave it; before, the 12 area rows were on no map."""
    model = link(check(imported, None).content)
    mapped = dict(model.mapped)
    areas = 0
    for row in ucdp_rows():
        event = f"ucdp-{row['id']}"
        assert event in mapped, (event, row["where_coordinates"], row["where_prec"])
        if row["where_prec"] == "5":
            place = model.places[mapped[event]]
            assert place.kind == "area"
            assert place.coordinates == pytest.approx((float(row["latitude"]), float(row["longitude"])))
            areas += 1
    assert areas
