"""Record kinds: every kind of content record, declared once.

For each kind: its folder under the content folder (also its field of `model.Content`
and its name in dependency tokens, `sitegen.pages.deps`), the noun messages call one record,
the file suffixes read there, the model class a valid record becomes, whether its
content texts (`model.Text`) count in translation coverage (`sitegen.pages.coverage`),
whether the home page counts it, and the page kind of its records' pages
(`sitegen.pages.pagekinds`). Its fields, and the references to other kinds they make
(`ref(kind)`), are its schema in `sitegen.content.schema.KINDS`, keyed by the same name.

The loader (`sitegen.content.load`), the validator (`sitegen.content.validate`), the check cache, the
dependency fingerprints, coverage, the home page's counts and `sitegen new` read this
table. This module imports only the model, so every stage can read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Actor, Event, Excerpt, Place, Source

YAML = (".yaml", ".yml")
MARKDOWN = (".md",)


@dataclass(frozen=True)
class RecordKind:
    name: str                   # "events": its folder, its field of `Content`
    noun: str                   # "event": one record, in messages and in `sitegen new`
    model: type
    suffixes: tuple[str, ...] = YAML
    texts: bool = True          # its content texts count in translation coverage
    counted: bool = True        # the home page gives how many there are
    page: str | None = None     # the page kind of its records' pages


# In the order of `model.Content`'s fields; references may name any of them.
RECORD_KINDS: tuple[RecordKind, ...] = (
    RecordKind("places", "place", Place, page="place"),
    RecordKind("actors", "actor", Actor, page="actor"),
    RecordKind("sources", "source", Source, page="source"),
    RecordKind("events", "event", Event, page="event"),
    RecordKind("excerpts", "excerpt", Excerpt, suffixes=MARKDOWN, texts=False, counted=False),
)

KINDS: dict[str, RecordKind] = {kind.name: kind for kind in RECORD_KINDS}
NAMES: tuple[str, ...] = tuple(KINDS)
NOUNS: dict[str, str] = {kind.name: kind.noun for kind in RECORD_KINDS}
