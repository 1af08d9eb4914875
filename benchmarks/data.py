"""Benchmark: data in and out. Synthesises UCDP GED rows from the real shared ones (each of the
409 rows repeated with a new id and its dates moved by whole weeks, so places, actors and
outlets repeat as in a real table) and as many ACLED rows in ACLED's documented export columns,
made here from the same rows (no ACLED data: its terms forbid redistributing it; both date
styles, both `inter` styles, every `time_precision`), then times:

- `sitegen import gazetteer` (the shared OpenSyria files) into an empty content folder;
- `sitegen import ucdp` and `sitegen import acled` of N rows each into a content folder holding
  only the gazetteer: cold (every record new), again (every record unchanged) and `--dry-run`
  (in the process, the median of `--repeat` runs; and once as a command, `python -m sitegen
  import ... ` with Python's start-up, cold);
- making the exports (`sitegen.exports.files.make`) and the three feeds, against a cold build of
  the same content, and the exports' cost in a rebuild that touched no record (`prepare` only).

Prints one JSON line per size; asserts nothing (the targets, 20,000 rows in at most 10 s and
exports at most 5% of a cold build, are read off the figures).

    .venv/bin/python benchmarks/data.py --rows 2000
    .venv/bin/python benchmarks/data.py --rows 20000 --no-build --repeat 3
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.build.run import Project, build  # noqa: E402
from sitegen.build.check import check  # noqa: E402
from sitegen.exports import feeds, files  # noqa: E402
from sitegen.exports.publish import prepare  # noqa: E402
from sitegen.imports.run import run  # noqa: E402

SHARED = next(p for p in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data") if p.is_dir())
UCDP = SHARED / "ucdp-ged-syria-nw-2019" / "ged_syria_nw_2019-04-01_2019-06-30.csv"
GAZETTEER = [SHARED / "syria-gazetteer" / f"{n}.json" for n in ("governorates", "districts", "subdistricts")]


def seconds(func, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    value = func(*args, **kwargs)
    return round(time.perf_counter() - start, 2), value


def synthesise(rows: int, path: Path) -> None:
    with UCDP.open(encoding="utf-8", newline="") as handle:
        real = list(csv.DictReader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(real[0]), lineterminator="\n")
        writer.writeheader()
        for n in range(rows):
            row, copy = dict(real[n % len(real)]), n // len(real)
            row["id"] = str(int(row["id"]) + copy * 10_000_000)
            for column in ("date_start", "date_end"):
                day = datetime.date.fromisoformat(row[column]) + datetime.timedelta(weeks=copy)
                row[column] = day.isoformat()
            row["year"] = row["date_start"][:4]
            writer.writerow(row)


ACLED_COLUMNS = ("event_id_cnty, event_date, year, time_precision, disorder_type, event_type, sub_event_type, actor1, "
                 "assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction, civilian_targeting, iso, region, "
                 "country, admin1, admin2, admin3, location, latitude, longitude, geo_precision, source, source_scale, "
                 "notes, fatalities, tags, timestamp").split(", ")
ACLED_TYPES = {"1": ("Battles", "Armed clash"), "2": ("Battles", "Armed clash"),
               "3": ("Violence against civilians", "Attack")}
INTER = {"1": ("1", "State forces"), "2": ("2", "Rebel group"), "3": ("7", "Civilians")}


def synthesise_acled(rows: int, path: Path) -> None:
    """`rows` ACLED-format rows made from the shared UCDP rows (same places, actors, outlets and
    text, so matching does the same work): ids SYR1..., dates moved by whole weeks and written
    in both of ACLED's styles, `time_precision` 1-3 and `inter` as numbers or labels in turn."""
    with UCDP.open(encoding="utf-8", newline="") as handle:
        real = list(csv.DictReader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ACLED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for n in range(rows):
            ucdp, copy = real[n % len(real)], n // len(real)
            day = datetime.date.fromisoformat(ucdp["date_start"]) + datetime.timedelta(weeks=copy)
            event_type, sub_type = ACLED_TYPES[ucdp["type_of_violence"]]
            labels = n % 2
            outlets = [o.strip() for o in ucdp["source_office"].split(";")]
            headline = ucdp["source_headline"].split(";")[0].strip()
            prec = int(ucdp["where_prec"])
            writer.writerow({
                "event_id_cnty": f"SYR{n + 1}", "event_date": day.isoformat() if n % 2 else day.strftime("%d %B %Y"),
                "year": str(day.year), "time_precision": str(n % 3 + 1), "disorder_type": "Political violence",
                "event_type": event_type, "sub_event_type": sub_type,
                "actor1": ucdp["side_a"], "inter1": INTER["1" if ucdp["side_a"].startswith("Government") else "2"][labels],
                "actor2": ucdp["side_b"], "inter2": INTER["3" if ucdp["side_b"] == "Civilians" else "2"][labels],
                "iso": "760", "region": "Middle East", "country": "Syria",
                "admin1": ucdp["adm_1"], "admin2": ucdp["adm_2"], "location": ucdp["where_coordinates"],
                "latitude": ucdp["latitude"], "longitude": ucdp["longitude"],
                "geo_precision": "1" if prec == 1 else "2" if prec == 2 else "3",
                "source": "; ".join(o for o in outlets if o), "source_scale": "Other",
                "notes": headline or "Made by benchmarks/data.py.", "fatalities": ucdp["best"],
                "timestamp": "1700000000",
            })


def quiet(dataset: str, paths, content: Path, dry_run: bool = False) -> int:
    return run(dataset, [str(p) for p in paths], str(content), dry_run, False, io.StringIO(), io.StringIO())


def median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def cpu_seconds(func, *args, **kwargs) -> tuple[float, float, object]:
    """Wall and CPU seconds of this process (the import runs in it alone; on a shared machine
    the CPU figure is the one that compares)."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = func(*args, **kwargs)
    return round(time.perf_counter() - wall, 2), round(time.process_time() - cpu, 2), value


def import_times(dataset: str, table: Path, places: Path, tmp: Path, repeat: int) -> dict:
    """Median seconds (wall, and CPU as `..._cpu_s`) of importing `table` into a content folder
    holding only the gazetteer's places: cold, again (all unchanged) and with --dry-run; then
    once as a command (wall)."""
    times: dict[str, list[float]] = {f"{k}{c}": [] for k in ("cold", "again", "dry_run") for c in ("", "_cpu")}
    for attempt in range(repeat + 1):
        content = tmp / f"{dataset}-{attempt}"
        content.mkdir()
        (content / "site.yaml").write_text(SITE, encoding="utf-8")
        shutil.copytree(places, content / "places")
        if attempt == repeat:  # once as a command, with Python's start-up and sitegen's imports
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "sitegen", "import", dataset, str(table), "--content", str(content)],
                           cwd=ROOT, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
            command = round(time.perf_counter() - start, 2)
        else:
            for kind, dry_run in (("dry_run", True), ("cold", False), ("again", False)):
                wall, cpu, code = cpu_seconds(quiet, dataset, [table], content, dry_run)
                assert code == 0
                times[kind].append(wall)
                times[kind + "_cpu"].append(cpu)
            assert (content / "events").is_dir()
        shutil.rmtree(content)
    return {f"import_{dataset}_{k}_s": median(v) for k, v in times.items()} | {f"import_{dataset}_command_s": command}


SITE = "title: Bench\ndefault_language: en\nlanguages: [en, ar, tr]\n"


def measure(rows: int, with_build: bool, repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="sitegen-data-bench-") as tmp:
        tmp = Path(tmp)
        content = tmp / "content"
        content.mkdir()
        (content / "site.yaml").write_text(SITE, encoding="utf-8")
        table, acled = tmp / "ucdp.csv", tmp / "acled.csv"
        synthesise(rows, table)
        synthesise_acled(rows, acled)
        result = {"rows": rows}
        result["import_gazetteer_s"], code = seconds(quiet, "gazetteer", GAZETTEER, content)
        assert code == 0
        result |= import_times("acled", acled, content / "places", tmp, repeat)
        result |= import_times("ucdp", table, content / "places", tmp, repeat)
        assert quiet("ucdp", [table], content) == 0
        model = check(content, None).content
        result["events"] = len(model.events)
        result["exports_make_s"], made = seconds(files.make, model)
        result["exports_bytes"] = sum(len(b) for b in made.values())
        result["feeds_s"], _ = seconds(lambda: [feeds.feed(model, lang) for lang in model.site.languages])
        if with_build:
            project = Project(ROOT, content, tmp / "site", tmp / "build")
            result["build_cold_s"], _ = seconds(build, project, say=lambda line: None)
            share = (result["exports_make_s"] + result["feeds_s"]) / result["build_cold_s"]
            result["exports_share_of_cold_build"] = round(share, 4)
            result["exports_prepare_unchanged_s"], unchanged = seconds(prepare, project.site, project.work, model)
            assert unchanged.files is None  # nothing to make: the files in site/data are these
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[2000])
    parser.add_argument("--no-build", action="store_true", help="time the import and the exports only")
    parser.add_argument("--repeat", type=int, default=1, help="imports timed this many times (medians printed)")
    args = parser.parse_args()
    for rows in args.rows:
        print(json.dumps(measure(rows, not args.no_build, args.repeat)), flush=True)


if __name__ == "__main__":
    main()
