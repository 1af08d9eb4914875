"""`sitegen import gazetteer|ucdp|acled FILE...`: dataset rows into content records.

Reads the content's place, actor and source records and `import/aliases.yaml`, reads and
checks every row of every file, and only then matches places and actors and plans each
record's file (`sitegen.imports.records`). Any bad row is reported as `file:row:column:
error: ...` and nothing is written (exit 1); with `keep_going`, the good rows are imported
and the bad ones reported (still exit 1). With `dry_run`, nothing is written. A record an
editor changed since its import is a conflict: reported and left as it is.

Every record written says `original_language: en` (the datasets' texts are English): a
dataset's own words are kept in the language it published them in, shown with a "not translated
yet" note in the site's other languages until an editor translates them, and not warned of as
missing translations, even by `--strict` (`sitegen.content.validate._record`).

Events get the id `<dataset>-<row id>` (`ucdp-292463`, `acled-syr12345`) and keep the row id
in `external_ids`, so a later import of the same row finds and updates the same file.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..content.fields import SLUG
from ..build.folders import first_stray
from ..content.load import LoadError, decode, parse_yaml
from ..content.problems import Loc
from . import acled, gazetteer, names, records, ucdp
from .actors import Names, load_aliases
from .places import PlaceIndex
from .rows import Row
from .tables import RowError, TableError, quote, read_table

READERS = {"ucdp": ucdp, "acled": acled}
DATASET_SOURCES = {
    "ucdp": {"id": "ucdp", "kind": "monitor", "name": {"en": "UCDP Georeferenced Event Dataset (GED)"},
             "url": "https://ucdp.uu.se/"},
    "acled": {"id": "acled", "kind": "monitor", "name": {"en": "ACLED (Armed Conflict Location & Event Data)"},
              "url": "https://acleddata.com/"},
}
LEVEL_KINDS = ("governorate", "district", "subdistrict")


@dataclass
class Report:
    rows: int = 0
    refused: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    places_matched: set[str] = field(default_factory=set)
    places_created: list[str] = field(default_factory=list)


class Importer:
    """The content's records, as the import sees them, and the files it plans to write."""

    def __init__(self, content: Path) -> None:
        self.content = content
        _refuse_links(content)
        site = _read(content / "site.yaml")
        languages = site.get("languages") if isinstance(site.get("languages"), list) else ["en"]
        self.languages = [str(lang) for lang in languages]
        self.text_lang = "en" if "en" in self.languages else str(site.get("default_language") or "en")
        table = load_aliases(content)
        self.places = PlaceIndex(_read_kind(content, "places"))
        self.actors = Names(_read_kind(content, "actors"), table["actors"])
        self.sources = Names(_read_kind(content, "sources"), table["sources"])
        self.plan = records.Plan()
        self.report = Report()
        self.matched: dict[tuple, str] = {}

    # -- writing ---------------------------------------------------------------------
    def write(self, kind: str, record: dict, origin: str) -> str:
        """Plan `record`'s file. Its texts are the dataset's own words in `text_lang` (places:
        the gazetteer's English and Arabic names), so it says so: `original_language` (before
        `external_ids`, the last field); the check does not warn of their missing translations."""
        out = {k: v for k, v in record.items() if k != "external_ids"}
        out["original_language"] = self.text_lang
        if "external_ids" in record:
            out["external_ids"] = record["external_ids"]
        return self.plan.add(kind, self.content / kind / f"{record['id']}.yaml", records.dump(out, origin))

    def text(self, value: str) -> dict:
        return {self.text_lang: value}

    # -- the gazetteer ---------------------------------------------------------------------
    def import_units(self, units: list[gazetteer.Unit]) -> None:
        seen: dict[str, Loc] = {}
        upstream: dict[str, str] = {}
        for unit in sorted(units, key=lambda u: (gazetteer.DEPTH[u.level], u.pcode)):
            if unit.pcode in seen:
                raise TableError(unit.loc, f"P-code {unit.pcode} is given twice (first at {seen[unit.pcode]})")
            seen[unit.pcode] = unit.loc
            parent = upstream.get(unit.upstream_parent or "") or self.places.by_pcode.get(unit.parent_pcode or "")
            ident = self.places.by_pcode.get(unit.pcode) or self._same_unit(unit, parent)
            if ident is None:
                wanted = unit.upstream_id if unit.upstream_id and SLUG.fullmatch(unit.upstream_id) and len(unit.upstream_id) <= 80 \
                    else (f"{parent}-{names.slugify(unit.names['en'])}" if parent
                          else f"{unit.pcode[:2].lower()}-{names.slugify(unit.names['en'])}")
                ident = wanted[:80].strip("-")
            if unit.upstream_id:
                upstream[unit.upstream_id] = ident
            record = {"id": ident, "kind": unit.level, "name": self._names(unit.names)}
            aliases = self._aliases(unit.aliases, record["name"])
            if aliases:
                record["aliases"] = aliases
            if parent:
                record["parent"] = parent
            if unit.coordinates:
                record["coordinates"] = records.Flow(unit.coordinates)
            record["pcode"] = unit.pcode
            if unit.geonames:
                record["geonames"] = unit.geonames
            if unit.wikidata:
                record["wikidata"] = unit.wikidata
            state = self.write("places", record, f"gazetteer {unit.pcode}")
            if state != records.CONFLICT:
                self.places.add(record)
            self.report.rows += 1

    def _same_unit(self, unit: gazetteer.Unit, parent: str | None) -> str | None:
        """A record without a P-code that is this unit: the one place of its level directly
        under its parent that one of its names (or aliases) names, as a row's names are matched.
        An editor's `mhardeh-district` (aliases: Muhradah District) is the gazetteer's Mhardeh
        (SY0505): without this the gazetteer added a second Mhardeh district beside it, and then
        every UCDP row naming 'Muhradah district' matched both, so each row created yet another
        district and town (17 'Muhradah district' places from the sample's 45 rows)."""
        if parent is None:
            return None
        found = set()
        for name in [*unit.names.values(), *(a for values in unit.aliases.values() for a in values)]:
            ident = self.places.match(name, (unit.level,), within=parent, direct=True)
            if ident is not None and not self.places.places[ident].get("pcode"):
                found.add(ident)
        return found.pop() if len(found) == 1 else None

    def _names(self, given: dict[str, str]) -> dict[str, str]:
        return {lang: given[lang] for lang in self.languages if lang in given} or {self.text_lang: given["en"]}

    def _aliases(self, given: dict[str, list[str]], name: dict[str, str]) -> dict[str, list[str]]:
        out = {}
        for lang in self.languages:
            kept = []
            for alias in given.get(lang, ()):
                if alias != name.get(lang) and alias not in kept:
                    kept.append(alias)
            if kept:
                out[lang] = kept
        return out

    # -- event rows --------------------------------------------------------------------
    def import_row(self, row: Row) -> None:
        origin = f"{row.dataset} {row.row_id}"
        place = self.place_for(row, origin)
        dataset = self.dataset_source(row.dataset)
        parties, seen = [], set()
        for party in row.parties:
            actor, new = self.actors.resolve(party.name, lambda i, n, k=party.kind: {"id": i, "kind": k, "name": self.text(n)})
            if new:
                self.write("actors", self.actors.records[actor], origin)
            if (actor, party.role) not in seen:
                seen.add((actor, party.role))
                parties.append({"actor": actor, "role": party.role})
        cited, cited_seen = [{"source": dataset}], {(dataset, None)}
        for item in row.cited:
            source, new = self.sources.resolve(item.outlet, lambda i, n: {"id": i, "kind": "other", "name": self.text(n)})
            if new:
                self.write("sources", self.sources.records[source], origin)
            if (source, item.date) not in cited_seen:
                cited_seen.add((source, item.date))
                cited.append({"source": source, **({"date": item.date} if item.date else {})})
        event = {
            "id": f"{row.dataset}-{row.row_id.lower()}",
            "title": self.text(row.title),
            "date": row.date,
            "type": row.type,
            "sub_type": row.sub_type,
            "places": [place],
            "location_precision": row.where.precision,
        }
        if parties:
            event["actors"] = parties
        if row.summary:
            event["summary"] = self.text(_md_text(row.summary))
        if row.figures:
            event["figures"] = [_figure(dataset, f) for f in row.figures]
        event["sources"] = cited
        if row.tags:
            event["tags"] = row.tags
        event["external_ids"] = {row.dataset: int(row.row_id) if row.row_id.isdigit() else row.row_id}
        self.write("events", event, origin)
        self.report.rows += 1

    def dataset_source(self, dataset: str) -> str:
        record = DATASET_SOURCES[dataset]
        if record["id"] not in self.sources.records:
            self.sources.records[record["id"]] = dict(record)
            self.write("sources", dict(record), dataset)
        return record["id"]

    def place_for(self, row: Row, origin: str) -> str:
        """The place of a row: its admin units matched level by level (P-code, else name),
        each created under its parent when nothing matches; then the named place itself.
        Rows repeat places: each distinct description is matched once per import (the index
        only grows, and a later match of the same description finds the same place)."""
        where = row.where
        key = (where.country, tuple(where.admins), where.name, where.precision)
        found = self.matched.get(key)
        if found is None:
            found = self.matched[key] = self._place_for(row, origin)
        else:
            self.report.places_matched.add(found)
        return found

    def _place_for(self, row: Row, origin: str) -> str:
        where, index = row.where, self.places
        parent = index.match(where.country, ("country",)) if where.country else None
        chain: list[str] = []
        for (name, pcode), kind in zip(where.admins, LEVEL_KINDS):
            found = index.by_pcode.get(pcode) if pcode else None
            found = found or index.match(name, (kind,), within=parent)
            if found is None:
                found = self._create(names.plain_name(name) if kind == "town" else name, kind, parent, None, origin)
            else:
                self.report.places_matched.add(found)
            chain.append(found)
            parent = found
        if where.precision in ("admin1", "admin2", "country") or not where.name:
            target = {"admin1": chain[:1], "admin2": chain[1:2] or chain[:1]}.get(where.precision) or chain[-1:]
            if target or parent:
                return target[0] if target else parent
        level = names.words(where.name)[-1:]
        if level in (("governorate",), ("district",), ("subdistrict",)):  # 'Idlib Governorate' as the place itself
            found = index.match(where.name, (level[0],), within=None)
            if found in chain:
                return found
        scope = chain[1] if len(chain) > 1 else chain[0] if chain else None
        plain = names.plain_name(where.name)
        found = index.match(plain, ("town", "site", "area"), within=scope)
        if found:
            self.report.places_matched.add(found)
            return found
        home = chain[2] if len(chain) > 2 else None
        if home is None and len(chain) > 1:
            home = index.match(plain, ("subdistrict",), within=chain[1], direct=True)
        home = home or (chain[-1] if chain else None)
        kind = "area" if where.precision == "area" else names.kind_word(where.name) or "town"
        # a town or site is at the row's point; an area (a plain, "Southern Idlib") is drawn as a ring
        # around it, the point UCDP gave the area: without one it was on no map
        coords = where.coordinates if where.precision in ("exact", "near", "area") else None
        return self._create(plain, kind, home, coords, origin)

    def _create(self, name: str, kind: str, parent: str | None, coords, origin: str) -> str:
        ident = self.places.free_id(names.slugify(name), parent)
        record = {"id": ident, "kind": kind, "name": self.text(name)}
        if parent:
            record["parent"] = parent
        if coords:
            record["coordinates"] = records.Flow(coords)
        self.places.add(record)
        self.write("places", record, origin)
        self.report.places_created.append(ident)
        return ident


def _figure(source: str, figure: dict) -> dict:
    out = {"source": source, "kind": figure["kind"], "group": figure["group"]}
    for key in ("count", "at_least", "between", "best"):
        if key in figure:
            out[key] = records.Flow(figure[key]) if key == "between" else figure[key]
    return out


def _md_text(text: str) -> str:
    """Dataset text as Markdown that shows as written (no emphasis, links or HTML from it)."""
    import re

    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _refuse_links(content: Path) -> None:
    """Raise TableError for the first symbolic link or special file in the content folder
    (the folder itself included), in name order: the import reads the records there and
    replaces them, and like the build it never reads through a link it did not make (a
    planted `events/x.yaml -> /etc/passwd` would otherwise be read, and its text could
    reach a conflict message)."""
    found = first_stray(content)
    if found is None:
        return
    path, what = found
    if path == content:
        what = "a regular file" if what == "file" else what
        raise TableError(Loc(str(content)), f"is {what}, not a folder; the import does not follow links")
    raise TableError(Loc(str(path)), f"is {what}, which the import does not follow; "
                                     "content must be regular files and folders")


def _read(path: Path) -> dict:
    try:
        return parse_yaml(decode(path.read_bytes(), str(path)), str(path))
    except FileNotFoundError:
        raise TableError(Loc(str(path)), "not found; the content folder needs a site.yaml") from None
    except LoadError as err:
        raise TableError(err.loc, err.message) from None


def _read_kind(content: Path, kind: str) -> dict[str, dict]:
    found = {}
    folder = content / kind
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix in (".yaml", ".yml") and path.is_file() and not path.is_symlink():
                data = _read(path)
                ident = data.get("id")
                if isinstance(ident, str):
                    found[ident] = data
    return found


def run(dataset: str, files: list[str], content: str, dry_run: bool, keep_going: bool, out=sys.stdout,
        err=sys.stderr) -> int:
    """The command: import `files` of `dataset` into the content folder; prints problems to
    `err` and a summary to `out`; returns the exit code."""
    try:
        importer = Importer(Path(content))
        if dataset == "gazetteer":
            units = [u for name in files for u in gazetteer.read_units(Path(name))]
            importer.import_units(units)
        else:
            rows = _read_rows(dataset, files, importer.report, keep_going, err)
            if rows is None:
                return 1
            for row in _progress(rows, err):
                importer.import_row(row)
    except TableError as error:
        print(f"{error.loc}: error: {error.message}", file=err)
        print("nothing was written", file=err)
        return 1
    except records.WriteError as error:
        print(f"{Loc(str(error.path))}: error: {error.message}", file=err)
        print("nothing was written", file=err)
        return 1
    plan, report = importer.plan, importer.report
    for path in plan.conflicts():
        why = "edited since it was imported" if records.imported(path) else "written by hand (it has no import mark)"
        print(f"{Loc(str(path), 1, 1)}: warning: {why}; left as it is (a conflict)", file=err)
    if not dry_run:
        try:
            plan.write()
        except records.WriteError as error:
            print(f"{Loc(str(error.path))}: error: {error.message}", file=err)
            print("nothing was written" if not error.written else
                  f"{error.written} of the import's files were written before it; import again once it is fixed",
                  file=err)
            return 1
    _summary(dataset, importer, out, dry_run)
    return 1 if report.refused else 0


def _read_rows(dataset: str, files: list[str], report: Report, keep_going: bool, err) -> list[Row] | None:
    reader = READERS[dataset]
    rows, seen = [], {}
    for name in files:
        table = read_table(Path(name), reader.COLUMNS)
        for raw in table:
            try:
                row = reader.read_row(raw)
                if row.row_id.lower() in seen:
                    raise RowError(reader.COLUMNS[0], f"row id {quote(row.row_id)} is given twice (first at {seen[row.row_id.lower()]})")
                seen[row.row_id.lower()] = str(raw.loc())
                rows.append(row)
                report.warnings += [f"{raw.loc(column)}: warning: {message}" for column, message in row.warnings]
            except RowError as error:
                report.refused += 1
                report.errors.append(f"{raw.loc(error.column)}: error: {error.message}")
    for line in report.errors + report.warnings:
        print(line, file=err)
    if report.errors and not keep_going:
        print(f"{len(report.errors)} row{'s' if len(report.errors) != 1 else ''} refused; nothing was written"
              " (--keep-going imports the good rows)", file=err)
        return None
    return rows


def _progress(rows: list[Row], err):
    """A progress bar on a terminal (tqdm; none when `err` is not a terminal)."""
    from tqdm import tqdm

    return tqdm(rows, file=err, unit="row", disable=not (hasattr(err, "isatty") and err.isatty()), leave=False)


def _summary(dataset: str, importer: Importer, out, dry_run: bool) -> None:
    plan, report = importer.plan, importer.report
    kinds = ("places",) if dataset == "gazetteer" else ("events", "places", "actors", "sources")
    print(f"{dataset}: {report.rows} {'units' if dataset == 'gazetteer' else 'rows'} imported, {report.refused} refused", file=out)
    for kind in kinds:
        counts = [plan.count(s, kind) for s in (records.CREATED, records.UPDATED, records.UNCHANGED, records.CONFLICT)]
        print(f"{kind}: {counts[0]} created, {counts[1]} updated, {counts[2]} unchanged, {counts[3]} conflicts", file=out)
    if dataset != "gazetteer":
        matched = report.places_matched - set(report.places_created)
        print(f"places matched: {len(matched)}, created: {len(report.places_created)}", file=out)
    if dry_run:
        print("dry run: nothing was written", file=out)
