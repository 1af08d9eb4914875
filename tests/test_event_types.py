"""Event-type pages: one per ACLED type and sub-type in every language, linked from the type
on every event page and in every event list, listing exactly the events of that type."""

from __future__ import annotations

import re

import pytest

from sitegen.pages import urls
from sitegen.build.check import check
from sitegen.content.link import link
from sitegen.content.vocab import EVENT_TYPES, event_type_slugs

from helpers import REPO, answers, build_into, site_languages

LANGS = tuple(site_languages())
EVENT_LINK = re.compile(r'href="\.\./\.\./events/([a-z0-9-]+)/"')


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return build_into(tmp_path_factory.mktemp("types"))


@pytest.fixture(scope="module")
def model():
    return link(check(REPO / "content").content)


def test_type_and_sub_type_slugs_are_unique():
    slugs = event_type_slugs()
    assert len(slugs) == len(set(slugs)) == len(EVENT_TYPES) + sum(len(s) for s in EVENT_TYPES.values())


@pytest.mark.parametrize("lang", LANGS)
def test_one_page_per_type_and_sub_type(sample, model, lang):
    root = sample.site / lang / "types"
    built = {p.parent.name for p in root.glob("*/index.html")}
    assert built == set(event_type_slugs())
    for slug in event_type_slugs():
        html = (root / slug / "index.html").read_text(encoding="utf-8")
        listed = set(EVENT_LINK.findall(html))
        assert listed == set(model.events_by_type.get(slug, ())), slug
        for event_id in listed:
            event = model.events[event_id]
            assert slug in (event.type, event.sub_type)


def test_type_names_are_translated(sample):
    titles = {lang: re.search(r"<h1[^>]*>(?:<bdi>)?(.*?)<", (sample.site / lang / "types/battles/index.html").read_text())[1]
              for lang in LANGS}
    assert titles == {"en": "Battles", "ar": "معارك", "tr": titles["tr"]}
    assert titles["tr"] != "Battles"


@pytest.mark.parametrize("lang", LANGS)
def test_every_event_page_and_list_links_its_type(sample, model, lang):
    for event_id, event in model.events.items():
        html = (sample.site / lang / urls.url(urls.entity("event", event_id)) / "index.html").read_text(encoding="utf-8")
        for slug in (event.type, event.sub_type):
            assert f'href="../../types/{slug}/"' in html, (event_id, slug)
    for place_id, ids in model.events_in_place.items():
        html = (sample.site / lang / "places" / place_id / "index.html").read_text(encoding="utf-8")
        items = re.findall(r"<li><time>.*?</li>", html)
        assert len(items) == len(ids)
        for item in items:
            event_id = EVENT_LINK.search(item)[1]
            assert f'href="../../types/{model.events[event_id].type}/"' in item


@pytest.mark.parametrize("lang", LANGS)
def test_type_pages_are_found_by_search_and_reached_from_the_hub(sample, lang):
    found = answers(sample.site / lang)
    assert "/types/battles/" in found
    assert "/types/armed-clash/" in found
    hub = (sample.site / lang / "types/index.html").read_text(encoding="utf-8")
    assert all(f'href="../types/{slug}/"' in hub for slug in event_type_slugs())
