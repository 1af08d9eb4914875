"""Timeline charts: an SVG of events per month on the home, chronology, place, actor and
event-type pages, with the same numbers as a table; the bars sum to the page's events;
mirrored right to left; labels in the page's language; rebuilt when its counts change."""

from __future__ import annotations

import re
import shutil

import pytest

from sitegen.pages.chart import months, ticks
from sitegen.build.check import check
from sitegen.pages.deps import SEP, Fingerprints
from sitegen.content.link import link
from sitegen.pages.pagekinds import PAGE_SIZE
from sitegen.content.vocab import event_type_slugs

from helpers import REPO, assert_same_site, build_into
from test_incremental import make, run

LANGS = ("en", "ar", "tr")
EVENT = "qalaat-al-mudiq-captured"
BAR = re.compile(r'<rect class="sg-chart__bar" x="([0-9.]+)" y="[0-9.]+" width="[0-9.]+" height="([0-9.]+)">'
                 r"<title>([^<]*)</title>")
ROW = re.compile(r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td></tr>')


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return build_into(tmp_path_factory.mktemp("charts"))


@pytest.fixture(scope="module")
def model():
    return link(check(REPO / "content").content)


def chart(html: str) -> tuple[list, list]:
    figures = re.findall(r'<figure class="sg-chart".*?</figure>', html, re.S)
    assert len(figures) == 1
    return BAR.findall(figures[0]), ROW.findall(figures[0])


def test_months_fill_the_gaps_and_ticks_are_whole_numbers():
    assert months((("2018-11", 2), ("2019-02", 1))) == [(2018, 11, 2), (2018, 12, 0), (2019, 1, 0), (2019, 2, 1)]
    assert months(()) == []
    assert ticks(3) == [0, 1, 2, 3] and ticks(9) == [0, 5, 9]


def pages_with_counts(model):
    """Every page with a chart and the events it counts (distinct events for an actor)."""
    yield "", len(model.events)
    yield "chronology/", len(model.events)
    for place, ids in model.events_in_place.items():
        yield f"places/{place}/", len(ids)
    for actor, pairs in model.events_by_actor.items():
        yield f"actors/{actor}/", len({entry[1] for entry in pairs})  # (role, event, via)
    for slug in event_type_slugs():
        yield f"types/{slug}/", len(model.events_by_type.get(slug, ()))


@pytest.mark.parametrize("lang", LANGS)
def test_bars_and_table_hold_the_page_events(sample, model, lang):
    checked = 0
    for url, count in pages_with_counts(model):
        html = (sample.site / lang / url / "index.html").read_text(encoding="utf-8")
        if count == 0:
            assert "sg-chart" not in html, url
            continue
        bars, rows = chart(html)
        numbers = [int(n) for _, n in rows]  # the sample's counts are below 1,000: no grouping
        assert sum(numbers) == count, url
        shown = [(month, n) for month, n in rows if int(n)]  # a bar for each month with events, none for a 0
        assert len(bars) == len(shown) >= 1
        tallest = max(float(h) for _, h, _ in bars)
        for (_, height, title), (month, n) in zip(bars, shown):  # bar heights in proportion
            assert abs(float(height) - int(n) / max(numbers) * tallest) < 0.1
            assert title.startswith(month + ":")
        checked += 1
    assert checked >= len(model.events_in_place)


def test_arabic_chart_is_mirrored_with_arabic_month_names(sample):
    en = chart((sample.site / "en/index.html").read_text(encoding="utf-8"))
    ar = chart((sample.site / "ar/index.html").read_text(encoding="utf-8"))
    en_x = [float(x) for x, _, _ in en[0]]
    ar_x = [float(x) for x, _, _ in ar[0]]
    assert en_x == sorted(en_x) and ar_x == sorted(ar_x, reverse=True)  # oldest month at the start side
    assert [m for m, _ in en[1]][-1] == "May 2019" and [m for m, _ in ar[1]][-1] == "مايو 2019"
    html = (sample.site / "ar/index.html").read_text(encoding="utf-8")
    assert 'direction="rtl"' in html and "<title id=\"sg-chart-title\">الأحداث شهريًا</title>" in html


def test_chart_is_an_image_with_a_name_and_a_description(sample):
    html = (sample.site / "en/places/hama/index.html").read_text(encoding="utf-8")
    assert 'role="img" aria-labelledby="sg-chart-title sg-chart-desc"' in html
    assert "<desc id=\"sg-chart-desc\">From April 2019 to May 2019: 4 events;" in html
    assert "data-pagefind-ignore" in html  # the numbers stay out of search excerpts


def fingerprints(root, edit=None) -> Fingerprints:
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    if edit:
        path = content / "events" / f"{EVENT}.yaml"
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return Fingerprints(link(check(content).content))


def test_a_chart_depends_on_its_counts_not_on_other_edits(tmp_path):
    token = f"monthly{SEP}place:hama"
    before = fingerprints(tmp_path / "a")
    title = fingerprints(tmp_path / "b", lambda t: t.replace("en: Russia-regime forces", "en: Edited forces", 1))
    moved = fingerprints(tmp_path / "c", lambda t: t.replace('date: "2019-05-09"', 'date: "2019-03-09"', 1))
    assert before[token] == title[token] != moved[token]
    assert before[f"monthly{SEP}place:aleppo"] == moved[f"monthly{SEP}place:aleppo"]


def test_moving_an_event_to_another_month_rebuilds_its_charts(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    project = make(tmp_path / "a", content)
    run(project)
    path = content / "events" / f"{EVENT}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('date: "2019-05-09"', 'date: "2019-03-09"', 1),
                    encoding="utf-8")
    run(project)
    _, rows = chart((project.site / "en/places/hama/index.html").read_text(encoding="utf-8"))
    assert rows == [("March 2019", "1"), ("April 2019", "1"), ("May 2019", "2")]
    cold = make(tmp_path / "cold", content)
    run(cold)
    assert_same_site(project.site, cold.site)


def test_a_span_longer_than_a_chart_holds_gets_no_chart():
    """Every month is a bar and a table row: a span past MAX_MONTHS (an event in the year
    0001 beside 2019's) would grow every page with a chart by thousands of rows."""
    from sitegen.pages.chart import MAX_MONTHS, months

    assert len(months([("2019-01", 1), ("2019-12", 2)])) == 12
    first = (2019 * 12 - MAX_MONTHS) // 12
    assert months([(f"{first:04d}-01", 1), ("2019-12", 1)]) == []
    assert months([("0001-01", 1), ("2019-05", 3)]) == []


def test_an_edit_renders_again_only_the_charts_that_count_its_event(tmp_path):
    """After one event moved to another month, the incremental build renders again (its
    own staleness rule, `language._stale`, on the last build's state) exactly the place,
    actor and type pages whose chart counts that event (their counts changed), in a
    generated corpus of many such pages; after a title edit, no chart's counts change and
    the pages rendered again are among those counting the event (those listing it on their
    first page: a page listing it further on keeps its first page)."""
    from benchmarks.generate import generate
    from sitegen.build import language, state

    content = tmp_path / "content"
    generate(content, 120, seed=11)
    project = make(tmp_path / "a", content)
    run(project)
    before = link(check(content).content)
    previous = state.load(language.state_path(project, "en"), project.site / "en")
    assert previous is not None
    charts = {f"places/{p}.md": f"place:{p}" for p in before.places}
    charts.update((f"actors/{a}.md", f"actor:{a}") for a in before.actors)
    charts.update((f"types/{t}.md", f"type:{t}") for t in event_type_slugs())
    charts = {path: key for path, key in charts.items() if path in previous.pages and before.monthly.get(key)}
    event_id = before.latest[len(before.latest) // 2]
    path = content / "events" / f"{event_id}.yaml"
    text = path.read_text(encoding="utf-8")
    date = re.search(r'^date: "([0-9]{4})-([0-9]{2})([^"]*)"$', text, re.M)
    year = int(date.group(1)) - 1 if date.group(1) != "2015" else 2016  # a month of another year
    path.write_text(text.replace(date.group(0), f'date: "{year}-{date.group(2)}{date.group(3)}"', 1), encoding="utf-8")
    moved = link(check(content).content)
    docs = project.work / "docs" / "en"  # the Markdown tree the hubs are kept in
    stale = language._stale(previous, Fingerprints(moved), docs)
    counting = {p for p, key in charts.items() if before.monthly.get(key) != moved.monthly.get(key)}
    assert 5 <= len(counting) < len(charts) // 4  # the event's places, actors, type and sub-type
    assert {p for p in charts if stale(p)} == counting
    path.write_text(text.replace("en: \"", "en: \"Edited: ", 1), encoding="utf-8")
    titled = link(check(content).content)
    stale = language._stale(previous, Fingerprints(titled), docs)
    assert all(titled.monthly[key] == before.monthly[key] for key in charts.values())
    counted = {p for p, key in charts.items() if event_id in _counted(before, key)}
    shown = {f"places/{p}.md" for p, ids in before.events_in_place.items() if event_id in ids[:PAGE_SIZE]}
    assert shown and shown <= {p for p in charts if stale(p)} <= counted  # a page not counting it is kept


def _counted(model, key: str) -> set[str]:
    kind, _, ident = key.partition(":")
    if kind == "place":
        return set(model.events_in_place.get(ident, ()))
    if kind == "actor":
        return {entry[1] for entry in model.events_by_actor.get(ident, ())}
    return set(model.events_by_type.get(ident, ()))
