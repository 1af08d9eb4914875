"""Record kinds (`sitegen.content.recordkinds`): the one table the loader, validator, schema,
fingerprints, coverage and home counts read agrees with the model and the pages."""

from __future__ import annotations

from dataclasses import fields

from sitegen.content import load, schema, validate
from sitegen.pages import coverage, deps, pagekinds, urls
from sitegen.build.check import check
from sitegen.content.model import Content
from sitegen.content.recordkinds import KINDS, NAMES, RECORD_KINDS

from helpers import REPO


def test_the_table_is_the_model_content_and_the_schema():
    assert NAMES == tuple(f.name for f in fields(Content) if f.name not in ("site", "digests"))
    assert tuple(schema.KINDS) == NAMES == validate.CITED == deps.RECORDS
    assert validate.BUILDERS == {k.name: k.model for k in RECORD_KINDS}
    assert load.KINDS == tuple(k.name for k in RECORD_KINDS if k.suffixes == (".yaml", ".yml"))
    for kind in RECORD_KINDS:
        assert kind.model.__name__.lower() == kind.noun
        if kind.page:
            assert urls.KIND_FOLDERS[kind.page] == kind.name == pagekinds.KINDS[kind.page].folder


def test_every_kind_is_loaded_and_its_texts_counted():
    content = check(REPO / "content").content
    for kind in RECORD_KINDS:
        assert getattr(content, kind.name), f"the sample has no {kind.noun}"
    texts = list(coverage._texts(content))
    folders = {where.split("/")[0] for where, _ in texts}
    assert folders == {k.name for k in RECORD_KINDS if k.texts}
    assert sum(len(getattr(content, k.name)) for k in RECORD_KINDS) == len(content.digests)
    assert KINDS["excerpts"].suffixes == (".md",)
