"""The editors' guide (docs/content-format.md) documents every field the schema accepts and
nothing else: the field names of each kind's examples, read from the guide's YAML blocks,
equal those of the schema, read from `sitegen.content.schema` (nested records included)."""

from __future__ import annotations

import re

import pytest
import yaml

from sitegen.content import schema, vocab

from helpers import REPO

GUIDE = REPO / "docs" / "content-format.md"
SECTIONS = {"site": schema.SITE, **schema.KINDS}


def guide_blocks() -> dict[str, list[str]]:
    """Each kind's YAML examples: the ```yaml blocks of its section (an excerpt's front matter)."""
    blocks: dict[str, list[str]] = {}
    kind = None
    for part in re.split(r"^(## .*)$", GUIDE.read_text(encoding="utf-8"), flags=re.M):
        if part.startswith("## "):
            found = re.search(r"content/(\w+)/", part)
            kind = found.group(1) if found else ("site" if "site.yaml" in part else None)
            continue
        if kind is None:
            continue
        for lang, body in re.findall(r"```(yaml|markdown)\n(.*?)```", part, flags=re.S):
            blocks.setdefault(kind, []).append(body.split("---\n")[1] if lang == "markdown" else body)
    return blocks


# Fields whose value is a mapping of the editor's own keys (a dataset, a tag, a language), not fields.
FREE_MAPPINGS = {"external_ids", "tags", "locales"}


def guide_fields(value, languages: set[str], prefix: str = "") -> set[str]:
    """Field paths in an example; a mapping keyed by languages is a text, not fields."""
    found = set()
    if isinstance(value, dict) and not set(value) <= languages:
        for key, item in value.items():
            found.add(prefix + key)
            if prefix + key not in FREE_MAPPINGS:
                found |= guide_fields(item, languages, prefix + key + ".")
    elif isinstance(value, list):
        for item in value:
            found |= guide_fields(item, languages, prefix)
    return found


def schema_fields(specs: dict, prefix: str = "") -> set[str]:
    found = set()
    for name, spec in specs.items():
        found.add(prefix + name)
        item = getattr(spec.parser, "item", spec.parser)
        if hasattr(item, "specs"):
            found |= schema_fields(item.specs, prefix + name + ".")
    return found


@pytest.mark.parametrize("kind", sorted(SECTIONS))
def test_guide_documents_every_field_and_nothing_else(kind):
    blocks = guide_blocks()
    assert kind in blocks, f"the guide has no example of {kind}"
    site = yaml.safe_load(blocks["site"][0])
    documented = set().union(*(guide_fields(yaml.safe_load(b), set(site["languages"])) for b in blocks[kind]))
    assert documented == schema_fields(SECTIONS[kind])


@pytest.mark.parametrize("name, values", [
    ("place kind", vocab.PLACE_KINDS), ("actor kind", vocab.ACTOR_KINDS), ("source kind", vocab.SOURCE_KINDS),
    ("relation type", vocab.RELATION_TYPES), ("role", vocab.ROLES), ("figure kind", vocab.FIGURE_KINDS),
    ("group", vocab.FIGURE_GROUPS), ("stance", vocab.STANCES),
])
def test_guide_lists_every_controlled_value(name, values):
    text = GUIDE.read_text(encoding="utf-8")
    for value in values:
        assert re.search(rf"[#|:,] `?{re.escape(value)}`?\b", text), (name, value)
