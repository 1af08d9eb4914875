"""The short paths that keep `sitegen check` fast give the same answers as the long ones:
the tag resolver, lazily found positions, the empty-file test, texts, dates and sorting."""

from __future__ import annotations

import pytest
import yaml
from yaml import MappingNode, ScalarNode, SequenceNode

from sitegen.content import load
from sitegen.content.fields import Ctx, locate, parse_fields, text
from sitegen.content.load import Origin, parse_yaml
from sitegen.content.problems import Loc, Problems
from sitegen.content.schema import EVENT

try:
    from yaml import CSafeLoader as PyYAMLLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as PyYAMLLoader  # type: ignore[assignment]

TRICKY = [
    "", "~", "null", "Null", "NULL", "nULL", "none", "yes", "Yes", "YES", "yEs", "no", "No", "NO", "y", "n", "Y",
    "N", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    "oFF", "yes\n", "null\n", "~\n", "True\n", "title", "type", "tags", "name", "nothing", "offset", "onward",
    "0", "00", "08", "07", "0o7", "0b101", "0b2", "0x1F", "0x1f", "0xG", "-0x1F", "+5", "-5", "1_000", "1__0",
    "12", "-0", "1e3", "1.0e+3", "1.0e3", "1.5", "-.5", ".5", "+.5", ".inf", "-.inf", "+.INF", ".Inf", ".NaN",
    ".nan", ".NAN", ".", "..", "...", "-", "+", "--", "1:30", "1:30.5", "190:20:30", "-1:30", "1:60",
    "2019-05-10", "2019-5-1", "2019-05-10 10:00:00", "2019-05-10T10:00:00Z", "2019-05-10t10:00:00.5+02:00",
    "2019-05", "2019", "20190510", "1\n", "1.5\n", "2019-05-10\n", "<<", "<", "<<<", "=", "==", "!", "&", "*",
    "!x", "&x", "*x", "a", "abc", "é", "ışık", "قصف", "x y", "-x", "+x", ".x", "1x", "9 lives", "~x", "=x",
    "<x", "yes no", "on off", "Infinity", "NaN", "a\nb", "\n",
]


@pytest.fixture(scope="module")
def loaders():
    return load._Loader(""), PyYAMLLoader("")


@pytest.mark.parametrize("value", TRICKY)
@pytest.mark.parametrize("implicit", [(True, False), (False, True), (False, False), (True, True)])
def test_fast_resolver_gives_pyyaml_tags(loaders, value, implicit):
    fast, reference = loaders
    assert fast.resolve(ScalarNode, value, implicit) == reference.resolve(ScalarNode, value, implicit)


@pytest.mark.parametrize("kind", [MappingNode, SequenceNode])
@pytest.mark.parametrize("implicit", [True, False])
def test_fast_resolver_gives_collection_tags(loaders, kind, implicit):
    fast, reference = loaders
    assert fast.resolve(kind, None, implicit) == reference.resolve(kind, None, implicit)


def test_resolver_shortcuts_hold_for_this_pyyaml():
    """The fast path relies on these: no wildcard or path resolvers, and bool and null only
    for the letters the word table covers."""
    resolvers = PyYAMLLoader.yaml_implicit_resolvers
    assert None not in resolvers and not PyYAMLLoader.yaml_path_resolvers
    word_starts = {first for first in resolvers if first not in load.PATTERN_STARTS}
    assert word_starts == set("yYnNtTfFoO~") | {""}
    assert {word[:1] for word in load.WORDS} <= word_starts


def test_composed_documents_get_the_same_tags():
    scalars = [s for s in TRICKY if "\n" not in s and s not in ("!", "&", "*", "!x", "&x", "*x", "-", "--")]
    document = "".join(f"k{i}: {s}\n" for i, s in enumerate(scalars) if s and not s.startswith(("-", "<", "=")))
    document += "list: [" + ", ".join(f'"{s}"' for s in scalars) + "]\n"
    document += "block:\n" + "".join(f"  - {s}\n" for s in scalars if s and s[0] not in "-<=&*!")
    document += "? [complex]\n: 1\nyes: no\n~: ~\n2019-05-10: x\n!!str 5: !!int 7\n'quoted': |\n  text\n"

    def tags(node):
        if isinstance(node, ScalarNode):
            return [(node.tag, node.value)]
        items = [part for pair in node.value for part in pair] if isinstance(node, MappingNode) else node.value
        return [(node.tag, None)] + [t for item in items for t in tags(item)]

    assert tags(yaml.compose(document, Loader=load._Loader)) == tags(yaml.compose(document, Loader=PyYAMLLoader))


def test_positions_are_found_on_demand():
    data = parse_yaml("id: a\ntitle:\n  en: x\n  ar: y\nplaces:\n  - p\n  -   q\n", "f.yaml")
    assert data.loc == Loc("f.yaml", 1, 1)
    assert data.where("id") == Loc("f.yaml", 1, 5)
    assert data.key_loc("places") == Loc("f.yaml", 5, 1)
    assert data.where("missing") == data.loc
    assert data["title"].where("ar") == Loc("f.yaml", 4, 7)
    assert data["title"].key_loc("ar") == Loc("f.yaml", 4, 3)
    places = data["places"]
    assert (places.loc, places.where(0), places.where(1), places.where(2)) == (
        Loc("f.yaml", 6, 3), Loc("f.yaml", 6, 5), Loc("f.yaml", 7, 7), Loc("f.yaml", 6, 3))
    assert locate((places, 1)) == places.where(1)
    shifted = parse_yaml("id: a\n", "e.md", line_offset=1)
    assert (shifted.loc, shifted.where("id")) == (Loc("e.md", 2, 1), Loc("e.md", 2, 5))
    assert Origin("e.md", 2).loc(yaml.compose("a: 1").start_mark) == Loc("e.md", 2, 1)


@pytest.mark.parametrize("text_", [
    "", " ", "\n\n", "# c\n", "---\n...\n", " \t# c\n---\n", "#-\n- x\n", "-- \na: 1", "...\na: 1", ".a: 1",
    "\x0b\x0c\n#\n", "\u2028# c\u2029---", "\x1c", "a: 1", "  a: 1", "#\na: 1", "--- # c\n", "---x\n",
])
def test_empty_file_shortcut_matches_the_line_by_line_rule(text_):
    by_lines = not text_.strip() or all(load._is_blank(line) for line in text_.splitlines())
    assert load._is_empty(text_) == by_lines


def test_texts_list_languages_in_site_order_even_when_declared_twice():
    problems = Problems()
    ctx = Ctx(problems, ("en", "ar", "tr", "en"), "en")
    value = parse_yaml("t:\n  en: e\n  tr: t\n  ar: a\n", "f.yaml")
    assert ctx.text_order == ("ar", "tr", "en")
    assert text(ctx, value["t"], (value, "t"), "t").values == (("ar", "a"), ("tr", "t"), ("en", "e"))
    partial = parse_yaml("t:\n  tr: t\n  en: e\n", "f.yaml")
    assert text(ctx, partial["t"], (partial, "t"), "t").values == (("tr", "t"), ("en", "e"))
    assert [p.format() for p in problems.sorted()] == ["f.yaml:2:3: warning: t: missing translation for 'ar'"]


def test_dates_are_parsed_once_and_fail_the_same_way_each_time():
    problems = Problems()
    ctx = Ctx(problems, ("en",), "en")
    source = "id: e\ntitle: T\ndate: '2019-02-30'\ntype: protests\nsub_type: peaceful-protest\nplaces: [p]\n"
    for _ in range(2):
        with pytest.raises(Exception):
            parse_fields(ctx, parse_yaml(source, "e.yaml"), EVENT, "")
    ok = parse_yaml(source.replace("02-30", "02-28"), "e.yaml")
    first, second = parse_fields(ctx, ok, EVENT, ""), parse_fields(ctx, ok, EVENT, "")
    assert first["date"] == second["date"] and str(first["date"]) == "2019-02-28"
    messages = [p.format() for p in problems.items]
    assert messages == ["e.yaml:3:7: error: date: invalid date: '2019-02-30' is not a day of the calendar"] * 2


def test_problems_sort_as_the_dataclass_orders_them():
    problems = Problems()
    for path, line, col, message in [("b", 1, 1, "x"), ("a", 2, 1, "y"), ("a", 2, 1, "x"), ("a", 10, 1, "x"),
                                     ("a", 2, 1, "x"), ("a", 1, 3, "z")]:
        problems.error(Loc(path, line, col), message)
        problems.warning(Loc(path, line, col), message)
    assert problems.sorted() == sorted(set(problems.items))
