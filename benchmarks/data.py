"""Benchmark: data in and out. Synthesises UCDP GED rows from the real shared ones (each of the
409 rows repeated with a new id and its dates moved by whole weeks, so places, actors and
outlets repeat as in a real table), then times:

- `sitegen import gazetteer` (the shared OpenSyria files) into an empty content folder;
- `sitegen import ucdp` of N rows: cold (every record new), and again (every record unchanged);
- making the exports (`sitegen.exports.files.make`) and the three feeds, against a cold build of
  the same content, and the exports' cost in a rebuild that touched no record (`prepare` only).

Prints one JSON line per size; asserts nothing (the targets, 20,000 rows in at most 10 s and
exports at most 5% of a cold build, are read off the figures).

    .venv/bin/python benchmarks/data.py --rows 2000
    .venv/bin/python benchmarks/data.py --rows 20000 --no-build
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.build import Project, build  # noqa: E402
from sitegen.check import check  # noqa: E402
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


def quiet(dataset: str, paths, content: Path) -> int:
    return run(dataset, [str(p) for p in paths], str(content), False, False, io.StringIO(), io.StringIO())


def measure(rows: int, with_build: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="sitegen-data-bench-") as tmp:
        tmp = Path(tmp)
        content = tmp / "content"
        content.mkdir()
        (content / "site.yaml").write_text("title: Bench\ndefault_language: en\nlanguages: [en, ar, tr]\n", encoding="utf-8")
        table = tmp / "ucdp.csv"
        synthesise(rows, table)
        result = {"rows": rows}
        result["import_gazetteer_s"], code = seconds(quiet, "gazetteer", GAZETTEER, content)
        assert code == 0
        result["import_ucdp_cold_s"], code = seconds(quiet, "ucdp", [table], content)
        assert code == 0
        result["import_ucdp_again_s"], _ = seconds(quiet, "ucdp", [table], content)
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
    args = parser.parse_args()
    for rows in args.rows:
        print(json.dumps(measure(rows, not args.no_build)), flush=True)


if __name__ == "__main__":
    main()
