"""Hints for the YAML mistakes editors make most, told from the text around the error.

The parser's own message ("mapping values are not allowed here") names what it met, not
what the editor did; the hint, one line after it, names the usual cause: a tab, a missing
space after a colon, a list item's fields out of line, a value that contains ": " or that
starts with a character YAML reserves. Hints are found from the source text, not from the
parser's wording, which differs between libyaml and PyYAML's own parser. They quote only
field names (letters, digits, `_` and `-`), never a value: a hint cannot forge a line.

Also here: the values that YAML parses without an error but not as written, a value that
starts with `&` (an anchor: `&co ltd` reads as "ltd") or `!` (a tag: `!important` reads
as ""), found by `hidden_property`.
"""

from __future__ import annotations

import re

import yaml

RESERVED = {
    "@": "'@' is reserved in YAML",
    "`": "'`' is reserved in YAML",
    "%": "'%' starts a YAML directive",
    "*": "'*' starts a YAML alias",
    "&": "'&' starts a YAML anchor",
    "!": "'!' starts a YAML tag",
}
KEY = r"[A-Za-z_][\w-]*"
VALUE_START = re.compile(rf"^[ ]*(?:-[ ]+)*(?:{KEY}:[ ]+)?(\S)")
NO_SPACE = re.compile(rf"^[ ]*(?:-[ ]+)?({KEY}):(?=[^\s:/])")
COLON_IN_VALUE = re.compile(rf"^[ ]*(?:-[ ]+)?{KEY}:[ ]+[^'\"\s|>].*?:(?:[ ]|$)")
LIST_ITEM = re.compile(rf"^([ ]*-[ ]+){KEY}:")
FIELD = re.compile(rf"^([ ]*){KEY}:")
PARENT = re.compile(rf"^([ ]*){KEY}:[ ]*(?:#.*)?$")  # a field whose value is on the lines below
# A value that may start with an anchor or a tag: after "key: ", "- ", "[", "," or "{".
PROPERTY = re.compile(r"(?:^|[:\-?])[ \t]+[&!]|[\[,{][ \t]*[&!]|^[&!]", re.M)


def hint(text: str, line: int, column: int) -> str | None:
    """The likely cause of a YAML error at `line`, `column` (from 0) of `text`, or None."""
    lines = text.splitlines() or [""]
    line = min(line, len(lines) - 1)
    here = lines[line]
    before = lines[line - 1] if line > 0 else ""
    if "\t" in here[: column + 1] or "\t" in here[: len(here) - len(here.lstrip())]:
        return "indent with spaces: YAML does not allow a tab character there"
    found = VALUE_START.match(here)
    if found and found.group(1) in RESERVED and found.start(1) <= column:
        char = found.group(1)
        return f"{RESERVED[char]}: put a value that starts with it in quotes, as \"{char}...\""
    for candidate in (here, before):
        missing = NO_SPACE.match(candidate)
        if missing:
            return f"put a space after the colon of '{missing.group(1)}:' (write '{missing.group(1)}: value')"
    if COLON_IN_VALUE.match(here):
        return "a value that contains ': ' (a colon and a space) must be in quotes: \"...\""
    indent = _list_indent(lines, line)
    if indent is not None:
        return (f"the fields of a list item line up under the first one after '- ' (column {indent + 1});"
                " a new item starts with '- '")
    return None


def _list_indent(lines: list[str], line: int) -> int | None:
    """The column of a list item's first field, if the field at `line` (or the one before)
    belongs to that item but is out of line with it."""
    for at in (line, line - 1):
        field = FIELD.match(lines[at]) if at >= 0 else None
        if not field:
            continue
        indent = len(field.group(1))
        for above in range(at - 1, -1, -1):
            text = lines[above]
            item = LIST_ITEM.match(text)
            if item:
                column = len(item.group(1))
                if indent != column and indent >= column - 2:
                    return column
                break
            if PARENT.match(text) and len(PARENT.match(text).group(1)) < indent:  # the field's own parent
                break
    return None


def hidden_property(text: str, loader) -> tuple[object, str] | None:
    """The mark and first character of the first value that YAML reads with an anchor or a
    tag of its own (`&co ltd`, `!important`), which would silently change it; None if
    there is none. A quick search rules out nearly every file before any parsing."""
    if not PROPERTY.search(text):
        return None
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None:
                return event.start_mark, "&"
            if event.tag is not None and not event.tag.startswith("tag:yaml.org,2002:"):
                return event.start_mark, "!"
    return None


def property_message(char: str) -> str:
    return (f"a value that starts with '{char}' is read by YAML as {'an anchor' if char == '&' else 'a tag'},"
            f" not as text\n  hint: {RESERVED[char]}: put the value in quotes, as \"{char}...\"")
