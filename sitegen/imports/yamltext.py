"""Import records as YAML text, fast: the bytes libyaml's emitter gives, without PyYAML's
representer.

`records.dump` writes each record with PyYAML's `CSafeDumper` (libyaml's emitter, block
style, indent 2, width 100, Unicode kept). For 20,000 imported rows PyYAML's pure-Python
representer and the resolver calls libyaml makes back into Python were half of the import's
time. Import records have one shape (mappings of plain keys to strings, whole numbers, decimal
numbers, nested mappings, block lists and one-line `Flow` lists of numbers), so `text` writes
that shape directly, following libyaml 0.2.5's emitter (`yaml_emitter_emit_block_mapping_key`,
`yaml_emitter_select_scalar_style`, `yaml_emitter_analyze_scalar`,
`yaml_emitter_write_plain_scalar`, `yaml_emitter_write_literal_scalar`):

- a string is written plain when libyaml would (it reads back as a string, no indicator, no
  leading or trailing space, only printable characters), folded at the first single space past
  column 100 with its continuation lines indented two past its mapping;
- a string with line breaks is a literal block (`|-`) when libyaml allows one;
- any other string of printable characters without a line break (one that would read back as
  something else, `'2019-04-13'`, or with an indicator, `'Armed clash: Government of Syria'`) is
  single-quoted, its quotes doubled, folded as a plain one.

Anything else (an empty string or list, a value needing double quotes, a tab, an emoji, an
unusual type) raises `Unusual`, and `records.dump` gives the record to PyYAML whole. The
fast path equals PyYAML's output on every record it accepts: tests/test_import.py compares
both on the shared gazetteer, the 409 UCDP rows, ACLED rows and hostile strings.
"""

from __future__ import annotations

import functools
import re

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

WIDTH = 100
STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# libyaml's printable characters (IS_PRINTABLE) minus its line breaks (IS_BREAK: \x85, \u2028,
# \u2029) and tab; space handled apart. Non-BMP characters are not printable to libyaml.
_PRINTABLE = re.compile("[\x21-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd ]*\\Z")
_FIRST_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
_RESOLVER = Resolver()


class Unusual(Exception):
    """A value outside the shape `text` writes; the caller uses PyYAML."""


@functools.lru_cache(maxsize=1 << 16)
def _tag(value: str) -> str:
    """The tag a plain scalar `value` reads back as (PyYAML's implicit resolvers)."""
    return _RESOLVER.resolve(ScalarNode, value, (True, False))


@functools.lru_cache(maxsize=1 << 16)
def _plain(value: str) -> bool:
    """Whether libyaml writes `value` as a plain scalar in block context (a subset: False may
    still be plain to libyaml; the caller then gives up)."""
    if not value or value[0] == " " or value[-1] == " " or not _PRINTABLE.match(value):
        return False
    first = value[0]
    if first in _FIRST_INDICATORS:
        return False
    if first in "?:-" and (len(value) == 1 or value[1] == " "):
        return False
    if ": " in value or value.endswith(":") or " #" in value or value.startswith(("---", "...")):
        return False
    return _tag(value) == STR


def _plain_lines(value: str, column: int, indent: int) -> str:
    """`value` written plain from `column` (its first character's), folded as libyaml folds."""
    if column + len(value) <= WIDTH or " " not in value:
        return value
    out, spaces, pad = [], False, "\n" + " " * indent
    last = len(value) - 1
    for index, char in enumerate(value):
        if char == " ":
            if not spaces and column > WIDTH and index < last and value[index + 1] != " ":
                out.append(pad)
                column = indent
            else:
                out.append(" ")
                column += 1
            spaces = True
        else:
            out.append(char)
            column += 1
            spaces = False
    return "".join(out)


def _single_lines(value: str, column: int, indent: int) -> str:
    """`value` single-quoted (quotes doubled) from `column`, folded as libyaml folds it
    (`yaml_emitter_write_single_quoted_scalar`: never at the first or last character)."""
    if column + 2 * len(value) <= WIDTH or " " not in value:
        return value.replace("'", "''")
    out, spaces, pad = [], False, "\n" + " " * indent
    last = len(value) - 1
    for index, char in enumerate(value):
        if char == " ":
            if not spaces and column > WIDTH and 0 < index < last and value[index + 1] != " ":
                out.append(pad)
                column = indent
            else:
                out.append(" ")
                column += 1
            spaces = True
        else:
            out.append("''" if char == "'" else char)
            column += 2 if char == "'" else 1
            spaces = False
    return "".join(out)


def _literal(value: str, indent: int) -> str:
    """` |-` and the lines of a multi-line string, as libyaml writes a literal block."""
    lines = value.split("\n")
    if value[0] in " \n" or value[-1] == "\n" or "\r" in value:
        raise Unusual("literal hints")
    for line in lines:
        if line and (line[-1] == " " or not _PRINTABLE.match(line)):
            raise Unusual("literal block not allowed")
    pad = " " * indent
    return " |-\n" + "\n".join(pad + line if line else "" for line in lines)


def _scalar(value, column: int, indent: int) -> str:
    """A scalar after `key:` or `-` ending at `column - 1`: its text, with the space before."""
    kind = type(value)
    if kind is str:
        if "\n" in value:
            return _literal(value, indent)
        if _plain(value):
            return " " + _plain_lines(value, column + 1, indent)
        if value and _PRINTABLE.match(value):  # printable, no break: libyaml's single quotes
            return " '" + _single_lines(value, column + 2, indent) + "'"
        raise Unusual(value)
    if kind is int:
        text = str(value)
        if _tag(text) != INT:
            raise Unusual(text)
        return " " + text
    if kind is float:
        return " " + _float(value)
    raise Unusual(kind)


def _float(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        raise Unusual(value)
    text = repr(value).lower()  # PyYAML's SafeRepresenter.represent_float
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    if _tag(text) != FLOAT:
        raise Unusual(text)
    return text


def _flow(items, column: int) -> str:
    if not items:
        raise Unusual("empty flow list")
    parts = []
    for item in items:
        if type(item) is int:
            text = str(item)
            if _tag(text) != INT:
                raise Unusual(text)
        elif type(item) is float:
            text = _float(item)
        else:
            raise Unusual(type(item))
        parts.append(text)
    text = " [" + ", ".join(parts) + "]"
    if column + len(text) > WIDTH:
        raise Unusual("long flow list")
    return text


def _mapping(data: dict, indent: int, first: str, out: list[str], flow_type) -> None:
    """The lines of a block mapping whose keys stand at `indent`; the first key follows
    `first` (the indentation, or a sequence's `- `)."""
    if not data:
        raise Unusual("empty mapping")
    for number, (key, value) in enumerate(data.items()):
        if type(key) is not str or not _KEY.match(key) or _tag(key) != STR:
            raise Unusual(key)
        head = (first if number == 0 else " " * indent) + key + ":"
        _value(value, indent, head, out, flow_type)


def _value(value, indent: int, head: str, out: list[str], flow_type) -> None:
    kind = type(value)
    if kind is dict:
        out.append(head)
        _mapping(value, indent + 2, " " * (indent + 2), out, flow_type)
    elif kind is flow_type:
        out.append(head + _flow(value, len(head)))
    elif kind is list:
        if not value:
            raise Unusual("empty list")
        out.append(head)
        for item in value:  # in a mapping, a block sequence is not indented
            if type(item) is dict:
                _mapping(item, indent + 2, " " * indent + "- ", out, flow_type)
            elif type(item) in (list, flow_type):
                raise Unusual("nested list")
            else:
                dash = " " * indent + "-"
                out.append(dash + _scalar(item, len(dash), indent + 2))
    else:
        out.append(head + _scalar(value, len(head), indent + 2))


def text(record: dict, flow_type: type) -> str:
    """`record` as the YAML text `yaml.dump(record, Dumper=CSafeDumper-like, sort_keys=False,
    allow_unicode=True, width=100, default_flow_style=False)` gives, with `flow_type` lists on
    one line; raises Unusual where it cannot be sure of those bytes."""
    if type(record) is not dict:
        raise Unusual(type(record))
    out: list[str] = []
    _mapping(record, 0, "", out, flow_type)
    return "\n".join(out) + "\n"
