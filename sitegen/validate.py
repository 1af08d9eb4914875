"""Validate: check every raw record, collect every problem, return the valid model."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from . import vocab
from .fields import Ctx, Invalid, Ref, Reported, parse_fields
from .load import RawContent, RawRecord
from .model import Actor, Content, Event, Excerpt, Place, Site, Source
from .problems import Loc, Problems
from .schema import KINDS, SITE
from .suggest import did_you_mean

BUILDERS = {"places": Place, "actors": Actor, "sources": Source, "events": Event, "excerpts": Excerpt}
CYCLE_FIELDS = ("parent", "relations")
NOUNS = {"places": "place", "actors": "actor", "sources": "source", "events": "event", "excerpts": "excerpt"}


def validate(raw: RawContent, problems: Problems) -> Content | None:
    """Every problem goes to `problems`; returns the valid records, or None without a site."""
    site = _site(raw.site, problems)
    if site is None:
        return None
    ctx = Ctx(problems, site.languages, site.default_language)
    records: dict[str, dict[str, object]] = {kind: {} for kind in KINDS}
    for rec in raw.records:
        _add(records[rec.kind], _record(ctx, rec), rec, problems)
    known = {kind: set(records[kind]) for kind in KINDS}
    for kind, stem in raw.stems:
        known[kind].add(stem)
    _check_refs(ctx.refs, known, problems)
    _check_cycles(records, ctx.refs, problems)
    _check_unused_sources(ctx.refs, records, problems)
    return Content(site, *(tuple(records[k][i] for i in sorted(records[k])) for k in KINDS))


def _site(rec: RawRecord | None, problems: Problems) -> Site | None:
    if rec is None:
        return None
    declared = rec.data.get("languages")
    languages = tuple(declared) if isinstance(declared, list) else ("en",)
    default = rec.data.get("default_language")
    ctx = Ctx(problems, tuple(map(str, languages)), str(default))
    try:
        fields = parse_fields(ctx, rec.data, SITE, "")
    except (Invalid, Reported):
        return None
    for index, lang in enumerate(fields["languages"]):
        if not _is_locale(lang):
            problems.error(rec.data["languages"].where(index), f"languages[{index}]: unknown language '{lang}'")
            return None
    if default not in languages:
        problems.error(rec.data.where("default_language"), "default_language: must be one of languages")
        return None
    return Site(fields["title"], default, tuple(fields["languages"]))


def _is_locale(lang: str) -> bool:
    try:
        Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def _record(ctx: Ctx, rec: RawRecord):
    specs = KINDS[rec.kind]
    try:
        fields = parse_fields(ctx, rec.data, specs, "")
    except Invalid as err:
        ctx.problems.error(rec.data.loc, str(err))
        return None
    except Reported:
        return None
    if not _consistent(ctx, rec, fields):
        return None
    if rec.kind == "excerpts":
        fields["body"] = rec.body
    return BUILDERS[rec.kind](loc=rec.data.loc, **fields)


def _consistent(ctx: Ctx, rec: RawRecord, fields: dict) -> bool:
    ok = True
    stem = rec.stem
    if fields["id"] != stem:
        ctx.error(rec.data.where("id"), "id", f"'{fields['id']}' does not match the file name '{stem}'")
        ok = False
    if rec.kind == "events" and fields["sub_type"] not in vocab.EVENT_TYPES[fields["type"]]:
        allowed = ", ".join(vocab.EVENT_TYPES[fields["type"]])
        message = f"'{fields['sub_type']}' is not a sub-event type of '{fields['type']}' ({allowed})"
        ctx.error(rec.data.where("sub_type"), "sub_type", message)
        ok = False
    if rec.kind == "excerpts" and not rec.body.strip():
        ctx.problems.error(rec.body_loc or rec.data.loc, "the excerpt has no text after its front matter")
        ok = False
    return ok


def _add(known: dict, item, rec: RawRecord, problems: Problems) -> None:
    if item is None:
        return
    if item.id in known:
        first = known[item.id].loc
        problems.error(rec.data.where("id"), f"id: duplicate {NOUNS[rec.kind]} id '{item.id}' (first defined at {first})")
        return
    known[item.id] = item


def _check_refs(refs: list[Ref], known: dict[str, set[str]], problems: Problems) -> None:
    """Every reference must name a record; ids of files that failed to load still count."""
    for r in refs:
        if r.id not in known[r.kind]:
            hint = did_you_mean(r.id, known[r.kind])
            problems.error(r.loc, f"{r.field}: unknown {NOUNS[r.kind]} '{r.id}'{hint}")


def _check_cycles(records: dict, refs: list[Ref], problems: Problems) -> None:
    where = {}  # (file, top field) -> the last reference made there: a cycle is shown at it
    for r in refs:
        if r.field.startswith(CYCLE_FIELDS):  # only these are looked up: locate no other reference
            loc = r.loc
            where[loc.path, r.field.split("[")[0].split(".")[0]] = loc
    parents = {p.id: ((p.parent,) if p.parent else ()) for p in records["places"].values()}
    spots = {p.id: where.get((p.loc.path, "parent"), p.loc) for p in records["places"].values()}
    _report_cycles(parents, spots, "parent", problems)
    part_of = {
        a.id: tuple(r.actor for r in a.relations if r.type == "part-of")
        for a in records["actors"].values()
    }
    spots = {a.id: where.get((a.loc.path, "relations"), a.loc) for a in records["actors"].values()}
    _report_cycles(part_of, spots, "relations (part-of)", problems)


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


def _check_unused_sources(refs: list[Ref], records: dict, problems: Problems) -> None:
    used = {r.id for r in refs if r.kind == "sources"}
    for source in records["sources"].values():
        if source.id not in used:
            problems.warning(source.loc, f"source '{source.id}' is not cited by any event or excerpt")
