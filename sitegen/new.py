"""`sitegen new KIND ID`: a new record written from a commented template of its kind.

The template is made from the schema (`sitegen.content.schema`, with `sitegen.content.vocab`), so it
cannot drift from what `sitegen check` accepts: every field of the kind in the schema's
order, the required ones ready to fill, the optional ones commented out; each with what it
takes (its controlled vocabulary, the kind of record an id names, a date's notation) as a
comment, and every text with one key per language of the site.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from .content import fields, schema, vocab
from .content.load import load_site
from .content.problems import Loc, Problems
from .content.recordkinds import NOUNS
from .content.validate import validate_site

KINDS = {NOUNS[kind]: kind for kind in schema.KINDS}  # "event" -> "events", ... (`sitegen.content.recordkinds`)
COMMENT_COLUMN = 24
WIDTH = 64  # of a vocabulary's comment rows
DATES = '"2019-05-09" (a day), "2019-05", "2019", "2019-04-26/2019-05-10" (a range), "2016-08-24/.." (open)'
DESCRIPTIONS = {
    fields.slug: "an id: lower-case letters, digits and single hyphens",
    fields.string: "text",
    fields.text: "text, one line per language",
    fields.aliases: "other names, a list per language",
    fields.date: "an EDTF date, quoted",
    fields.count: "a whole number, 0 or more",
    fields.between: "[low, high], whole numbers",
    fields.url: "an http(s) URL",
    fields.coordinates: "[latitude, longitude] in degrees",
    fields.integer_id: "a positive whole number",
}
MORE = {fields.date: (DATES,)}


class NewError(Exception):
    """Why no record was written; `loc` is the file concerned, if there is one."""

    def __init__(self, message: str, loc: Loc | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.loc = loc

    def __str__(self) -> str:
        return f"{self.loc}: error: {self.message}" if self.loc else f"error: {self.message}"


class Line(NamedTuple):
    depth: int  # indentation, in steps of two spaces
    code: str  # the YAML, or "" for a comment line
    comment: str


def create(content: Path, noun: str, ident: str) -> Path:
    """Write the template of `noun` (a key of KINDS) for `ident` into its folder under
    `content`; returns the new file's path. Raises NewError for an invalid id, an id that
    a file of the kind already has, a site.yaml that does not check, or a folder that is
    a link; nothing is written then, and an existing file is never replaced."""
    kind = KINDS[noun]
    _check_id(ident)
    languages = _languages(content)
    folder = content / kind
    path = content / _path(kind, ident)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise NewError(f"'{folder}' is not a folder (or is a link): no record is written there")
    taken = [p for p in (folder.iterdir() if folder.is_dir() else ()) if p.name.rpartition(".")[0] == ident]
    if taken:
        raise NewError(f"{NOUNS[kind]} '{ident}' already exists; choose another id", Loc(str(sorted(taken)[0])))
    folder.mkdir(parents=True, exist_ok=True)
    data = template(kind, ident, languages, str(path)).encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        raise NewError(f"{NOUNS[kind]} '{ident}' already exists; choose another id", Loc(str(path))) from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return path


def _path(kind: str, ident: str) -> str:
    return f"{kind}/{ident}{'.md' if kind == 'excerpts' else '.yaml'}"


def _check_id(ident: str) -> None:
    if not fields.SLUG.fullmatch(ident) or len(ident) > fields.MAX_SLUG:
        raise NewError(f"{_quote(ident)} is not a valid id: use lower-case letters, digits and single hyphens"
                       f" (at most {fields.MAX_SLUG} characters)")
    if ident in fields.RESERVED:
        raise NewError(f"'{ident}' is reserved for the site's own pages")


def _quote(text: str) -> str:
    """A value typed by the user, quoted, its control characters escaped (no forged lines)."""
    return "'" + "".join(c if c.isprintable() else repr(c)[1:-1] for c in text) + "'"


def _languages(content: Path) -> tuple[str, ...]:
    problems = Problems()
    site = validate_site(load_site(content, problems), problems) if content.is_dir() else None
    if site is None:
        lines = [p.format() for p in problems.sorted()] or [f"{content}: error: content folder not found"]
        raise NewError("the site settings do not check:\n" + "\n".join(lines), Loc(str(content / "site.yaml")))
    return site.languages


def template(kind: str, ident: str, languages: tuple[str, ...], path: str = "") -> str:
    """The commented template of a record of `kind` (a key of `schema.KINDS`) whose id is
    `ident`, its texts keyed by `languages`. An excerpt's is its front matter between `---`
    lines, with an empty body."""
    noun = NOUNS[kind]
    head = [
        f"# A new {noun}: the guide, docs/content-format.md, describes every field.",
        '# Fill in each field marked "required". To use an optional one, remove the "# " before',
        "# its lines and fill it in. Then check the record: sitegen check " + (path or "content/" + _path(kind, ident)),
    ]
    if kind == "excerpts":
        head.append("# The passage itself goes below the closing ---, in the language named by `language`.")
    lines = [line for name, spec in schema.KINDS[kind].items() for line in _field(name, spec, languages, ident)]
    body = "\n".join(head + [_render(line) for line in lines]) + "\n"
    return f"---\n{body}---\n\n" if kind == "excerpts" else body


def _field(name: str, spec: fields.Spec, languages, ident: str = "", inside: bool = False) -> list[Line]:
    """The lines of one field at depth 0; an optional field's are commented out, unless it
    is inside a commented-out field already (`inside`)."""
    parser = spec.parser
    what, more = _describe(parser, languages)
    head = f"{name}: {ident}" if name == "id" and ident else f"{name}:"
    lines = [Line(0, head, f"{'required' if spec.required else 'optional'}: {what}")]
    lines += [Line(1, "", m) for m in more]
    lines += _children(parser, languages, inside or not spec.required)
    if not spec.required and not inside:
        lines = [Line(l.depth, "# " + l.code, l.comment) if l.code else l for l in lines]
    return lines


def _children(parser, languages, inside: bool) -> list[Line]:
    """The lines under a field: one per language for a text, an item for a list of records."""
    if parser is fields.text:
        return [Line(1, f"{lang}:", "") for lang in languages]
    if parser is fields.aliases:
        return [Line(1, f"{lang}: []", "") for lang in languages]
    specs = getattr(getattr(parser, "item", None), "specs", None)
    if specs is None:
        return []
    item = [line for name, spec in specs.items() for line in _field(name, spec, languages, inside=inside)]
    first = next(i for i, line in enumerate(item) if line.code)
    return [Line(l.depth + 1, "- " + l.code, l.comment) if i == first else Line(l.depth + 2, l.code, l.comment)
            for i, l in enumerate(item)]


def _describe(parser, languages) -> tuple[str, tuple[str, ...]]:
    """What a field takes, and further comment lines (a vocabulary too long for one line)."""
    if parser in DESCRIPTIONS:
        return DESCRIPTIONS[parser], MORE.get(parser, ())
    if parser is fields.language:
        return "one of the site's languages: " + " | ".join(languages), ()
    if hasattr(parser, "values"):
        if parser.values == schema.ALL_SUB_TYPES:  # listed by the event type they belong to
            rows = [row for kind, subs in vocab.EVENT_TYPES.items() for row in _wrap(f"{kind}:", subs)]
            return f"the {parser.what} of the type:", tuple(rows)
        rows = _wrap(f"{parser.what}:", parser.values)
        return rows[0], tuple(rows[1:])
    if hasattr(parser, "kind"):
        return f"the id of {_a(NOUNS[parser.kind])}", ()
    if hasattr(parser, "example"):
        return parser.example, ()
    item = getattr(parser, "item", None)
    if item is not None:
        if hasattr(item, "specs"):
            return "a list; each item:", ()
        if hasattr(item, "kind"):
            return f"a list of {NOUNS[item.kind]} ids: [one-id, another-id]", ()
        if item is fields.slug:
            return "a list of ids: [one-id, another-id]", ()
        return f"a list of {_describe(item, languages)[0]}", ()
    return "see the guide", ()


def _wrap(label: str, values: tuple[str, ...]) -> list[str]:
    """`label a | b | c`, wrapped into rows of at most WIDTH characters, each further row
    starting with `|`."""
    rows, row = [], label
    for value in values:
        if len(row) + len(value) + 3 > WIDTH and row != label:
            rows.append(row)
            row = "|"
        row += f" {value}" if row in (label, "|") else f" | {value}"
    rows.append(row)
    return rows


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _render(line: Line) -> str:
    pad = "  " * line.depth
    if not line.code:
        return f"{pad}#   {line.comment}"
    if not line.comment:
        return pad + line.code
    code = pad + line.code
    return f"{code.ljust(COMMENT_COLUMN - 1)} # {line.comment}"
