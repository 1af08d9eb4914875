"""Validate: check every raw record, collect every problem, return the valid model.

Each file is validated alone (`validate_file`) into a `FileCheck`, which the check cache
can keep; the checks across records (duplicate ids, references, cycles, unused sources,
`rules.cross_rules`) then run over every file's `FileCheck` (`validate_files`), fresh or kept.

What a file gives the checks across records of the others is its `Links`, and nothing
else (`check_across`): a problem located in a file depends only on that file's own
`FileCheck` and on every file's `Links`. So one file can be checked against the rest from
the others' `Links` alone (`sitegen check content/events/x.yaml`, `check.check_file`).
"""

from __future__ import annotations

import re

from babel import Locale, UnknownLocaleError
from typing import NamedTuple

from . import vocab
from .fields import Ctx, Invalid, Ref, Reported, parse_fields
from .load import Found, Key, RawContent, RawRecord
from .model import Content, Site
from .problems import Loc, Problem, Problems
from .rules import cross_rules, file_rules
from .recordkinds import NAMES, NOUNS, RECORD_KINDS
from .schema import KINDS, SITE
from .suggest import did_you_mean
from .supported import is_supported, supported_languages
from .quote import quote

BUILDERS = {kind.name: kind.model for kind in RECORD_KINDS}
CYCLE_FIELDS = {"places": "parent", "actors": "relations"}  # whose references may form a cycle
CITED = NAMES  # the kinds a reference names: any (`sitegen.content.recordkinds`)
CITED_INDEX = {kind: index for index, kind in enumerate(CITED)}
SOURCES = CITED_INDEX["sources"]
NONE_CITED = ((),) * len(CITED)
SEP = "\x1f"


class Links(NamedTuple):
    """What one file gives the checks across records, all they read of it besides the file
    they report on (see `check_across`): its valid record's id and where it stands, the
    sources it cites, and by kind: a place's parent, an actor's part-of actors (the edges of
    the cycle checks, and where a cycle through it is shown), a source's actor (is a claim's
    source its claimant's own?), an excerpt's events (does it report the event that cites
    it?). A check rule that reads more of another file must add it here."""

    kind: str
    path: str
    key: Key | None  # the stat key of the bytes it was made from
    ident: str | None  # the valid record's id
    at: tuple[int, int] | None  # (line, col) where the valid record begins (plain: a check of one file
    # reads every file's links, and each object of a class costs a call to make as it is read back)
    id_at: tuple[int, int] | None  # (line, col) of the valid record's id
    sources: tuple[str, ...]  # the source ids it cites (valid record or not)
    edges: tuple[str, ...]  # places: its parent; actors: the actors it is part of
    cycle_at: tuple[int, int] | None  # (line, col) of the last reference a cycle goes through
    actor: str | None  # sources: the actor that publishes it
    events: tuple[str, ...]  # excerpts: the events it reports
    rows: tuple[str, ...] = ()  # events: the dataset rows it was imported from (`row_key`)
    rows_at: tuple[int, int] | None = None  # (line, col) of its external_ids


class FileCheck(NamedTuple):
    """One content file, loaded and validated alone: what the checks across records need
    from it, with its positions made plain, so that a check cache can keep it. (A tuple:
    there is one per file.)

    A reference is located only if it names an id that no file has: only those are reported,
    and the file is checked again while it makes one (see `depends_on_others`)."""

    kind: str
    path: str
    stem: str
    key: Key | None  # the stat key of the bytes it was made from
    loaded: bool  # the file was read and parsed: it counts as a record
    record: object | None  # the valid model record
    id_at: tuple[int, int] | None  # (line, col) of the valid record's id
    cites: tuple[tuple[str, ...], ...]  # every id it names (valid record or not), by kind of CITED
    unknown: tuple[tuple[str, str, str, int, int], ...]  # (kind, id, field, line, col) of unknown ids
    cycle_at: tuple[int, int] | None  # (line, col) of the last reference a cycle goes through
    problems: tuple[Problem, ...]  # found in it alone
    digest: str  # of its bytes, when loaded
    links: Links  # what the checks of other files read of it

    def depends_on_others(self) -> bool:
        """Whether its check depends on other files: it names an id that none has (and the
        message suggests one they have)."""
        return bool(self.unknown)

    def names_only(self, known: dict[str, set[str]]) -> bool:
        """Whether every id it names is `known`."""
        return all(known[kind].issuperset(ids) for kind, ids in zip(CITED, self.cites) if ids)


def validate(raw: RawContent, problems: Problems) -> Content | None:
    """Every problem goes to `problems`; returns the valid records, or None without a site."""
    site = validate_site(raw.site, problems)
    if site is None:
        return None
    ctx, known = file_context(site), known_ids(raw.stems)
    files = [validate_file(ctx, known, Found(r.kind, r.path, r.stem, None), r, None, Problems()) for r in raw.records]
    return validate_files(site, files, known, problems)


def file_context(site: Site) -> Ctx:
    """What validating a file needs from the site settings; shared by the files of a check."""
    return Ctx(Problems(), site.languages, site.default_language, in_progress=frozenset(site.in_progress))


def known_ids(stems) -> dict[str, set[str]]:
    """The ids a reference may name: the (kind, stem) of every file found, read or not (a
    valid record's id is its file's stem, so these are all the ids there are)."""
    known: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for kind, stem in stems:
        known[kind].add(stem)
    return known


def validate_file(ctx: Ctx, known, found: Found, rec: RawRecord | None, key: Key | None, problems: Problems) -> FileCheck:
    """Validate one file's record (None if it did not load) alone; `problems` holds what
    loading it found, and gets what validating it finds."""
    ctx.restart(problems)
    record = _record(ctx, rec) if rec is not None else None
    refs = ctx.refs
    cites, unknown = _names(refs, known) if refs else (NONE_CITED, ())
    cycle_field = CYCLE_FIELDS.get(found.kind) if record is not None else None
    id_at = _position(rec.data.where("id")) if record is not None else None
    cycle_at = _cycle_at(refs, cycle_field) if cycle_field else None
    return FileCheck(
        found.kind, found.path, found.stem, key, rec is not None, record, id_at, cites, unknown, cycle_at,
        tuple(problems.items),
        rec.digest if rec is not None else "",
        _links(found, key, record, id_at, cites[SOURCES], cycle_at,
               _position(rec.data.where("external_ids")) if record is not None and "external_ids" in rec.data else None),
    )


def _links(found: Found, key: Key | None, record, id_at, sources: tuple[str, ...], cycle_at, rows_at=None) -> Links:
    if record is None:
        return Links(found.kind, found.path, key, None, None, None, sources, (), None, None, ())
    kind = found.kind
    edges = ((record.parent,) if record.parent else ()) if kind == "places" else \
        tuple(r.actor for r in record.relations if r.type == "part-of") if kind == "actors" else ()
    rows = tuple(row_key(d, i) for d, i in record.external_ids) if kind == "events" else ()
    return Links(kind, found.path, key, record.id, _position(record.loc), id_at, sources, edges, cycle_at,
                 record.actor if kind == "sources" else None,
                 tuple(record.events) if kind == "excerpts" else (), rows, rows_at if rows else None)


def row_key(dataset: str, row: str) -> str:
    """A dataset row as one key whatever its spelling: `ucdp:292463` for `0292463`,
    `acled:SYR101` for `syr0101` (as `sitegen import` reads them)."""
    found = re.fullmatch(r"([A-Za-z]*)([0-9]+)", row)
    return f"{dataset}:{found[1].upper()}{int(found[2])}" if found else f"{dataset}:{row}"


def _names(refs: list[Ref], known: dict[str, set[str]]) -> tuple[tuple[tuple[str, ...], ...], tuple]:
    """The ids named, by kind of CITED; and the references to unknown ids, located."""
    ids: tuple[list[str], ...] = tuple([] for _ in CITED)
    unknown = []
    for r in refs:
        ids[CITED_INDEX[r.kind]].append(r.id)
        if r.id not in known[r.kind]:
            loc = r.loc
            unknown.append((r.kind, r.id, r.field, loc.line, loc.col))
    return tuple(map(tuple, ids)), tuple(unknown)


def _position(loc: Loc) -> tuple[int, int]:
    return loc.line, loc.col


def _cycle_at(refs: list[Ref], field: str) -> tuple[int, int] | None:
    """Where the last reference made in `field` stands: a cycle through the record is shown there."""
    spot = None
    for r in refs:
        if r.field.split("[")[0].split(".")[0] == field:
            spot = r
    return _position(spot.loc) if spot else None


def validate_files(site: Site, files: list[FileCheck], known: dict[str, set[str]], problems: Problems) -> Content:
    """Each file's own problems, then the checks across records; returns the valid records
    and the digest of each one's file."""
    records: dict[str, dict[str, FileCheck]] = {kind: {} for kind in KINDS}
    for file in files:
        if file.record is not None:
            records[file.kind].setdefault(file.record.id, file)
    check_across([file.links for file in files], files, known, problems)
    return Content(
        site, *(tuple(records[k][i].record for i in sorted(records[k])) for k in KINDS),
        digests={kind + SEP + ident: file.digest for kind in KINDS for ident, file in records[kind].items()},
    )


def check_across(links: list[Links], checked: list[FileCheck], known: dict[str, set[str]], problems: Problems) -> None:
    """The problems of each `checked` file: its own, then those of the checks across records,
    given every file's `links` (the checked ones' included) in the order they were found.

    Every problem of a checked file is reported; the checks on links alone (duplicate ids,
    unused sources, cycles) may also report problems of files not checked, which a caller
    checking only some files leaves aside. What each check reads of other files is their
    `Links`: a duplicate id, the first file with that id; an unused source, every file's
    cited sources; a cycle, the parent or part-of edges and cycle spots of every place or
    actor; `rules.cross_rules` on an event, the actors of sources and the events of
    excerpts."""
    first: dict[str, dict[str, Links]] = {kind: {} for kind in KINDS}
    cited: set[str] = set()
    for link in links:
        cited.update(link.sources)
        if link.ident is None:
            continue
        seen = first[link.kind].setdefault(link.ident, link)
        if seen is not link:
            problems.error(Loc(link.path, *link.id_at),
                           f"id: duplicate {NOUNS[link.kind]} id {quote(link.ident)} (first defined at {Loc(seen.path, *seen.at)})")
    events = {}
    for file in checked:
        problems.items.extend(file.problems)
        for kind, ident, field, line, col in file.unknown:
            hint = did_you_mean(ident, known[kind])
            problems.error(Loc(file.path, line, col), f"{field}: unknown {NOUNS[kind]} {quote(ident)}{hint}")
        if file.kind == "events" and file.record is not None and first["events"][file.record.id] is file.links:
            events[file.record.id] = file.record
    rows: dict[str, Links] = {}
    for link in first["events"].values():
        for row in link.rows:
            seen = rows.setdefault(row, link)
            if seen is not link:
                dataset, _, number = row.partition(":")
                problems.error(Loc(link.path, *(link.rows_at or link.at)),
                               f"external_ids.{dataset}: {quote(number)} is also the {dataset} row of the event "
                               f"{quote(seen.ident)} (at {Loc(seen.path, *seen.at)}): one row is one event, or every "
                               f"list and total counts it twice")
    for ident, link in first["sources"].items():
        if ident not in cited:
            problems.warning(Loc(link.path, *link.at), f"source {quote(ident)} is not cited by any event or excerpt")
    for kind, field in (("places", "parent"), ("actors", "relations (part-of)")):
        found = first[kind]
        _report_cycles({i: link.edges for i, link in found.items()},
                       {i: Loc(link.path, *(link.cycle_at or link.at)) for i, link in found.items()},
                       field, problems)
    cross_rules(events, {i: link.actor for i, link in first["sources"].items()},
                {i: link.events for i, link in first["excerpts"].items()}, problems)


def validate_site(rec: RawRecord | None, problems: Problems) -> Site | None:
    if rec is None:
        return None
    declared = rec.data.get("languages")
    languages = tuple(declared) if isinstance(declared, list) else ("en",)
    default = rec.data.get("default_language")
    # The title is checked against the languages that can be: no warning about a
    # translation missing in a language that is refused.
    usable = tuple(dict.fromkeys(lang for lang in map(str, languages) if is_supported(lang))) or ("en",)
    in_progress = rec.data.get("in_progress")
    in_progress = frozenset(map(str, in_progress)) if isinstance(in_progress, list) else frozenset()
    ctx = Ctx(problems, usable, str(default), in_progress=in_progress)
    try:
        fields = parse_fields(ctx, rec.data, SITE, "")
    except (Invalid, Reported):
        return None
    if not _languages_ok(fields["languages"], rec.data["languages"], problems):
        return None
    if default not in languages:
        problems.error(rec.data.where("default_language"), "default_language: must be one of languages")
        return None
    locales = fields.get("locales", ())
    for lang, regional in locales:
        if not _is_locale(regional) or Locale.parse(regional).language != Locale.parse(lang).language:
            problems.error(rec.data["locales"].where(lang),
                           f"locales.{lang}: {quote(regional)} is not a locale of the language {quote(lang)} (such as ar_SY)")
            return None
    if default in fields.get("in_progress", ()):
        problems.error(rec.data.where("in_progress"), "in_progress: the default language cannot be in progress")
        return None
    settings = {"map": fields["map"]} if fields.get("map") else {}
    return Site(fields["title"], default, tuple(fields["languages"]), fields.get("licence"),
                fields.get("citation"), locales=tuple(locales), in_progress=tuple(fields.get("in_progress", ())),
                tags=tuple(fields.get("tags", ())), **settings)


def _is_locale(lang: str) -> bool:
    try:
        Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def _languages_ok(languages: tuple[str, ...], located, problems: Problems) -> bool:
    """Each language once, and each one that Babel, Material and Pagefind all support
    (`sitegen.content.supported`); else each problem is reported and the answer is False."""
    ok, seen = True, {}
    for index, lang in enumerate(languages):
        where = located.where(index)
        if lang in seen:
            problems.error(where, f"languages[{index}]: {quote(lang)} is listed twice (first as languages[{seen[lang]}])")
            ok = False
            continue
        seen[lang] = index
        if not is_supported(lang):
            hint = did_you_mean(lang, supported_languages())
            problems.error(where, f"languages[{index}]: {quote(lang)} is not a language that Babel, Material for"
                                  f" MkDocs and Pagefind all support{hint}; they all support"
                                  f" {', '.join(supported_languages())}")
            ok = False
    return ok


def _record(ctx: Ctx, rec: RawRecord):
    """A record's fields parsed and built. A record with `original_language` (which `sitegen
    import` writes) holds a dataset's own words (UCDP headlines, ACLED notes, names as the
    dataset spells them) in the language the dataset published them in: a missing translation
    of its texts is not warned of, as in a language in progress (the page shows the original
    with its "not translated yet" note; `sitegen coverage` still counts it)."""
    specs = KINDS[rec.kind]
    in_progress = ctx.in_progress
    if "original_language" in specs and "original_language" in rec.data:
        ctx.in_progress = ctx.language_set
    try:
        fields = parse_fields(ctx, rec.data, specs, "")
    except Invalid as err:
        ctx.problems.error(rec.data.loc, str(err))
        return None
    except Reported:
        return None
    finally:
        ctx.in_progress = in_progress
    fields.pop("original_language", None)
    if not _consistent(ctx, rec, fields):
        return None
    if rec.kind == "excerpts":
        fields["body"] = rec.body
    return BUILDERS[rec.kind](loc=rec.data.loc, **fields)


def _consistent(ctx: Ctx, rec: RawRecord, fields: dict) -> bool:
    ok = True
    stem = rec.stem
    if fields["id"] != stem:
        ctx.error(rec.data.where("id"), "id", f"{quote(fields['id'])} does not match the file name {quote(stem)}")
        ok = False
    if rec.kind == "events" and fields["sub_type"] not in vocab.EVENT_TYPES[fields["type"]]:
        allowed = ", ".join(vocab.EVENT_TYPES[fields["type"]])
        message = f"{quote(fields['sub_type'])} is not a sub-event type of {quote(fields['type'])} ({allowed})"
        ctx.error(rec.data.where("sub_type"), "sub_type", message)
        ok = False
    if rec.kind == "excerpts" and not rec.body.strip():
        ctx.problems.error(rec.body_loc or rec.data.loc, "the excerpt has no text after its front matter")
        ok = False
    return file_rules(ctx, rec, fields) and ok


def _report_cycles(edges: dict[str, tuple[str, ...]], spots: dict[str, Loc], field: str, problems: Problems) -> None:
    """Depth-first search; each cycle is reported once, at the record whose id sorts first in it."""
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        path.append(node)
        for nxt in edges[node]:
            if state.get(nxt) == "open":
                _report_cycle(path[path.index(nxt):], spots, field, problems)
            elif nxt in edges and nxt not in state:
                visit(nxt, path)
        path.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [])


def _report_cycle(cycle: list[str], spots: dict[str, Loc], field: str, problems: Problems) -> None:
    first = cycle.index(min(cycle))
    chain = cycle[first:] + cycle[:first] + [cycle[first]]
    problems.error(spots[chain[0]], f"{field}: {' -> '.join(chain)} forms a cycle")


