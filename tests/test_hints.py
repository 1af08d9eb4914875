"""Hints for YAML mistakes come from the source text, so libyaml and PyYAML's own parser
(whose wordings differ) give the same hint; values read as anchors or tags are refused."""

from __future__ import annotations

import pytest
import yaml

from sitegen.content import hints
from sitegen.content.load import LoadError, parse_yaml

CASES = [
    ("id: x\ntitle:\n\ten: X\n", "indent with spaces"),
    ("id: x\nkind:town\nname: X\n", "put a space after the colon of 'kind:'"),
    ("id: x\nname:\n  en:Foo\n  ar: y\n", "put a space after the colon of 'en:'"),
    ("id: x\ntitle: Forces: capture\n", "a value that contains ': '"),
    ("id: x\nactors:\n  - actor: a\n   role: acting\n", "line up under the first one after '- ' (column 5)"),
    ("id: x\nactors:\n  - actor: a\n  role: acting\n", "line up under the first one after '- ' (column 5)"),
    ("id: x\nactors:\n  - actor: a\n      role: acting\n", "line up under the first one after '- ' (column 5)"),
    ("id: x\nactors:\n- actor: a\n role: acting\n", "line up under the first one after '- ' (column 3)"),
    ("id: x\ntitle: @ali said\n", "'@' is reserved"),
    ("id: x\ntitle: `code`\n", "'`' is reserved"),
    ("id: x\ntitle: %50 up\n", "'%' starts a YAML directive"),
    ("id: x\ntitle: *bold* claim\n", "'*' starts a YAML alias"),
    ("id: x\ntitle: *bold\n", "'*' starts a YAML alias"),
    ("id: x\ntitle: & co\n", "'&' starts a YAML anchor"),
]


@pytest.mark.parametrize("loader", [yaml.SafeLoader, yaml.CSafeLoader])
@pytest.mark.parametrize("text, expected", CASES)
def test_hint_is_the_same_whichever_parser_failed(text, expected, loader):
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.compose(text, Loader=loader)
    mark = caught.value.problem_mark or caught.value.context_mark
    assert expected in hints.hint(text, mark.line, mark.column)


def test_unrelated_errors_get_no_hint():
    text = "id: x\nname: {en: Hama, ar: y\nparent: syria\n"
    with pytest.raises(LoadError) as caught:
        parse_yaml(text, "f.yaml")
    assert "hint" not in caught.value.message


@pytest.mark.parametrize("text, char", [
    ("id: x\ntitle: &co ltd\n", "&"), ("id: x\ntitle: !important\n", "!"), ("id: x\ntags: [! x]\n", "!"),
])
def test_values_read_as_anchors_or_tags_are_refused(text, char):
    with pytest.raises(LoadError) as caught:
        parse_yaml(text, "f.yaml")
    assert caught.value.message.startswith(f"a value that starts with '{char}' is read by YAML as")
    assert str(caught.value.loc).startswith("f.yaml:")


@pytest.mark.parametrize("text", [
    "id: x\nsummary: 'a & b ! c'\n", "id: x\nsummary: |\n  Breaking! Q&A: x\n", "id: x\nn: !!str 12\n",
    "id: x\nbase: &b {en: X}\ntitle: *b\n",  # an anchor on a mapping is not a value's text
])
def test_quoted_and_block_values_and_collection_anchors_pass(text):
    parse_yaml(text, "f.yaml")
