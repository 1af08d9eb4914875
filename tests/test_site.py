"""The sample site: golden Markdown tree, built pages, links, determinism, atomic builds."""

from __future__ import annotations

import filecmp
import shutil
import re
from pathlib import Path

import pytest

from sitegen.build.run import BuildError, Project, build

from helpers import REPO, broken_links, build_into, html_files, site_languages

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Project:
    return build_into(tmp_path_factory.mktemp("sample"), strict=True)


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_markdown_tree_matches_golden(sample, update_goldens):
    # Leaflet's and markercluster's files are the packages' own bytes (tests/test_maps.py), not kept here
    produced = {rel: data for rel, data in _tree(sample.work / "docs").items()
                if "/assets/leaflet/" not in rel and "/assets/markercluster/" not in rel}
    if update_goldens:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in produced.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    expected = _tree(GOLDEN)
    assert sorted(produced) == sorted(expected)
    changed = [rel for rel in produced if produced[rel] != expected[rel]]
    assert changed == [], "run `pytest --update-goldens` after a deliberate change"


@pytest.mark.parametrize("lang", site_languages())
@pytest.mark.parametrize(
    "page",
    [
        "index.html", "chronology/index.html", "chronology/2019-05/index.html",
        "events/qalaat-al-mudiq-captured/index.html", "places/hama/index.html",
        "actors/national-liberation-front/index.html", "sources/white-helmets/index.html",
        "places/index.html", "actors/index.html", "sources/index.html", "about/index.html",
        "guide/index.html",
    ],
)
def test_each_kind_of_page_exists(sample, lang, page):
    assert (sample.site / lang / page).is_file()


def test_capture_page_names_white_helmets_figure_and_source(sample):
    html = (sample.site / "en/events/qalaat-al-mudiq-captured/index.html").read_text()
    assert "at least 122" in html
    assert "White Helmets" in html
    assert 'href="../../sources/white-helmets/"' in html


def test_figures_table_on_attacks_page_keeps_qualifier_and_source(sample):
    html = (sample.site / "en/events/northwest-syria-air-and-ground-attacks/index.html").read_text()
    row = html[html.index("at least 122") - 200 : html.index("at least 122") + 400]
    assert "civilians" in row and "White Helmets" in row


def test_actor_relations_shown_both_ways(sample):
    nlf = (sample.site / "en/actors/national-liberation-front/index.html").read_text()
    turkey = (sample.site / "en/actors/turkey/index.html").read_text()
    assert "Backed by" in nlf and 'href="../../actors/turkey/"' in nlf
    assert "Backs" in turkey and 'href="../../actors/national-liberation-front/"' in turkey


def test_place_page_has_breadcrumb_children_and_osm_link(sample):
    html = (sample.site / "en/places/hama/index.html").read_text()
    assert 'href="../../places/syria/"' in html
    assert 'href="../../places/qalaat-al-mudiq/"' in html or "suqaylabiyah-district" in html
    town = (sample.site / "en/places/qalaat-al-mudiq/index.html").read_text()
    assert "openstreetmap.org/?mlat=" in town


def test_no_broken_internal_links(sample):
    assert broken_links(sample.site) == []


def test_nav_lists_only_hub_pages(sample):
    html = (sample.site / "en/events/qalaat-al-mudiq-captured/index.html").read_text()
    start = html.index('<nav class="md-nav md-nav--primary')
    nav = html[start : html.index('<nav class="md-nav md-nav--secondary"')]
    assert "chronology/" in nav and "places/" in nav
    assert "northwest-syria-air-and-ground-attacks" not in nav
    assert "/events/" not in nav


def test_two_builds_are_byte_identical(sample, tmp_path):
    again = build_into(tmp_path)
    left, right = _tree(sample.site), _tree(again.site)
    assert sorted(left) == sorted(right)
    assert [rel for rel in left if left[rel] != right[rel]] == []


def test_failed_build_leaves_previous_site(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    project = build_into(tmp_path, content)
    before = _tree(project.site)
    broken = content / "events" / "qalaat-al-mudiq-captured.yaml"
    broken.write_text(broken.read_text().replace("places: [qalaat-al-mudiq]", "places: [qalaat-al-mudik]"))
    with pytest.raises(BuildError) as err:
        build(project, say=lambda line: None)
    assert str(err.value) == "the content has 1 error"
    assert "unknown place 'qalaat-al-mudik'; did you mean 'qalaat-al-mudiq'?" in err.value.details
    assert _tree(project.site) == before
    assert not project.site.with_name("site.new").exists()


def test_search_indexes_records_not_listings(sample):
    site = sample.site / "en"
    assert "data-pagefind-body" in (site / "events/qalaat-al-mudiq-captured/index.html").read_text()
    assert "data-pagefind-body" in (site / "places/hama/index.html").read_text()
    assert "data-pagefind-body" not in (site / "chronology/2019-05/index.html").read_text()
    assert (site / "pagefind/pagefind-entry.json").is_file()
    assert (site / "pagefind-delta/hidden.json").read_text() == '{"delta":false,"hide":[]}'  # always there


@pytest.mark.parametrize("lang", site_languages())
def test_pages_carry_the_search_box_not_pagefind_ui(sample, lang):
    html = (sample.site / lang / "events/qalaat-al-mudiq-captured/index.html").read_text()
    assert "pagefind-ui" not in html
    assert '<script src="../../assets/search.js"></script>' in html
    assert 'data-root="../../"' in html and '<script type="application/json" id="sg-search-words">' in html
    assert (sample.site / lang / "assets/search.js").is_file()


@pytest.mark.parametrize("lang", site_languages())
def test_may_page_lists_the_attacks_that_began_in_april(sample, lang):
    may = (sample.site / lang / "chronology/2019-05/index.html").read_text()
    item = re.search(r"<li><time>[^<]*</time> — <a href=\"../../events/northwest-syria-air-and-ground-attacks/\".*?</li>", may)
    assert item and 'class="sg-continuing"' in item.group(0)


@pytest.mark.parametrize("lang", site_languages())
def test_assad_regime_lists_the_events_of_its_forces(sample, lang):
    page = (sample.site / lang / "actors/syrian-regime/index.html").read_text()
    for event in ("northwest-hama-ground-advance", "northwest-syria-air-and-ground-attacks", "qalaat-al-mudiq-captured"):
        assert f'events/{event}/' in page
    assert page.count('class="sg-via"') == 3


@pytest.mark.parametrize("lang", site_languages())
def test_the_sample_denial_is_the_denial_of_its_statement(sample, lang):
    from sitegen.pages.i18n import load_translations
    from sitegen.pages.labels import CLAIM_SENTENCES

    gettext = load_translations(REPO / "locale", lang).gettext
    page = (sample.site / lang / "events/denials-of-wider-offensive/index.html").read_text()
    claim = re.search(r'<span class="sg-claim sg-denies">(.*?)</span></li>', page).group(1)
    words = gettext(CLAIM_SENTENCES["denies"]).split("%(claimant)s")
    assert claim.startswith(words[0]) and gettext("“%(text)s”").split("%(text)s")[0] in claim
    assert "reported by" not in page and "«There are plans" not in page


def test_a_continuing_event_is_the_latest_in_every_list(sample):
    home = (sample.site / "en/index.html").read_text()
    listed = re.findall(r'events/([^/]+)/">', home[home.index('class="sg-events"'):])
    assert listed[0] == "turkish-forces-deployed-northern-syria"  # since August 2016, and continuing
    assert listed[-1] == "sochi-demilitarised-zone-agreement"


@pytest.mark.parametrize("lang", site_languages())
def test_turkey_lists_its_forces_deployment_and_the_places_index_every_place(sample, lang):
    turkey = (sample.site / lang / "actors/turkey/index.html").read_text()
    assert "events/turkish-forces-deployed-northern-syria/" in turkey
    index = (sample.site / lang / "places/index.html").read_text()
    places = sorted(p.stem for p in (REPO / "content/places").glob("*.yaml"))
    assert [p for p in places if f'href="../places/{p}/"' not in index and f'href="{p}/"' not in index] == []
def test_search_index_keeps_labels_apart_from_values(sample):
    """Pagefind joins a <dt> to its <dd> and a table's header cells ("writtenHmeimim",
    "P-codeSY05", "FigureWhoSource"): labels are not indexed."""
    from helpers import answers

    for lang in site_languages():
        found = answers(sample.site / lang)
        hama = found["/places/hama/"]["content"]
        assert "SY05" in hama.split()
        for fragment in found.values():
            content = fragment["content"]
            assert "writtenHmeimim" not in content and "P-codeSY" not in content and "FigureWho" not in content


def test_every_sample_figure_names_its_source_and_its_document():
    """The project's promise for the sample: every figure names its source and the document
    behind it (a url with its date, or an excerpt). Three White Helmets figures of 10 May named
    no document, though the excerpt of the fourth gives them all."""
    from sitegen.build.check import check as check_content

    events = check_content(REPO / "content", None).content.events
    figures = [(e.id, f) for e in events for f in e.figures]
    assert figures
    assert [(e, f.kind, f.group) for e, f in figures if not (f.source and (f.url or f.excerpt))] == []
