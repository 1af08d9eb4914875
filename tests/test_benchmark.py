"""The benchmark's meter measures a process tree (no timing assertions: figures, not
targets), and the benchmark's smallest size runs, its sharded build equal to the whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from benchmarks.meter import Meter, cpu_s, pss_kb, tree

HOLD = "import time; data = bytearray(200 * 2**20); data[::4096] = b'x' * len(data[::4096]); " \
       "sum(range(3 * 10**7)); time.sleep(1.5)"


def test_a_child_s_memory_and_cpu_count_in_the_tree():
    with Meter(interval=0.1) as meter:
        meter.stage("idle")
        meter.stage("child")
        subprocess.run([sys.executable, "-c", HOLD], check=True)
    child, idle = meter.stages["child"], meter.stages["idle"]
    assert child["peak_pss_mb"] >= idle["peak_pss_mb"] + 150  # the child's 200 MB, touched, counted
    assert child["cpu_s"] >= 0.3 and child["wall_s"] >= 1.5  # the child's CPU, once it was waited for
    summary = meter.summary(pages=100)
    assert summary["total"]["peak_pss_mb"] == child["peak_pss_mb"]
    assert summary["child"]["pages_per_s"] == round(100 / child["wall_s"], 1)


def test_the_meter_s_own_readings_are_not_counted_as_the_tree_s_cpu():
    """Summing a process's PSS makes the kernel walk its page tables, in the meter's thread:
    CPU of this process that grows with the tree's memory and the build's length. It is
    measured apart (`meter_cpu_s`) and taken out of `cpu_s`: with a child holding 300 MB
    asleep and this process asleep, the stage's own CPU is less than what the meter spent
    reading them, and the two sum to the tree's CPU as read."""
    hold = subprocess.Popen([sys.executable, "-c", "import sys, time; data = bytearray(300 * 2**20); "
                             "data[::4096] = b'x' * len(data[::4096]); print(flush=True); time.sleep(30)"],
                            stdout=subprocess.PIPE)
    try:
        hold.stdout.readline()  # the child's memory is touched: it sleeps from now on
        before = cpu_s(tree(os.getpid()))
        with Meter(interval=0.01) as meter:
            meter.stage("asleep")
            time.sleep(1.0)
        after = cpu_s(tree(os.getpid()))
    finally:
        hold.kill()
        hold.wait()
    asleep = meter.stages["asleep"]
    assert asleep["meter_cpu_s"] > asleep["cpu_s"]
    assert asleep["cpu_s"] + asleep["meter_cpu_s"] <= after - before + 0.02  # the tree's, as read (10 ms ticks)
    assert meter.summary(pages=1)["total"]["meter_cpu_s"] == asleep["meter_cpu_s"]


def test_tree_and_pss_of_this_process():
    me = os.getpid()
    assert tree(me)[0] == me
    assert pss_kb(me) > 1000
    assert cpu_s([me]) > 0


def test_the_smallest_size_runs_and_its_shards_equal_the_whole_build(tmp_path):
    """The whole benchmark at its smallest size: every figure is made (plain MkDocs and Hugo
    too, on the trees the build wrote, and the floor of writing the site's bytes), none timed
    against a target."""
    from benchmarks.run import bench

    figures = bench(30, tmp_path)
    assert figures["pages"] > 100
    assert figures["plain_mkdocs_sequential_s"] > 0 and figures["ratio_vs_plain"] > 0
    anchors = figures["anchors"]  # Hugo (Debian's, which .ci/run installs: no skip) on the same trees
    md_pages = sum(1 for _ in (tmp_path / "build-30" / "docs").rglob("*.md"))
    assert anchors["hugo"]["pages_given"] == md_pages
    assert anchors["hugo"]["html_written"] >= md_pages and anchors["hugo"]["cpu_s"] > 0
    assert anchors["floor"]["files"] == sum(1 for p in (tmp_path / "site-30").rglob("*") if p.is_file())
    assert anchors["floor"]["fsync"]["wall_s"] >= 0 and anchors["ratios"]["cpu_s_sitegen/hugo"] > 0
    assert figures["check_one_file"]["command_s"] > 0  # a new Python process: never under 10 ms
    assert set(figures["browse_first_view_kb"]) == set(figures["sharded"]["shards"])
    assert set(figures["search_first_query_kb"]) == set(figures["sharded"]["shards"])
    assert figures["sharded"]["assembled_equals_whole"] is True
    assert set(figures["cold_build"]) == {"check", "languages", "publish", "total"}
    assert set(figures["sharded"]["shards"]) == {"en", "ar", "tr"}


def test_the_tools_share_builds_without_the_tools_and_with_them(tmp_path):
    """`run.py --tools-share`: the build inside `switched_off()` has no chart, map, map.json,
    Leaflet or facet filter, and no Browse choice; the build after it has them all (the
    switch is undone), and every other page is there in both."""
    from benchmarks.run import tools_share

    figures = tools_share(30, tmp_path)
    marks = {"charts": 'class="sg-chart"', "maps": 'class="sg-map', "browse": 'data-pagefind-filter="type:',
             "browse page": 'class="sg-browse__facet"'}

    def found(site):
        pages = {p.relative_to(site): p.read_text(encoding="utf-8") for p in site.rglob("index.html")}
        text = "".join(pages.values())
        files = {"map.json": (site / "en" / "map.json").is_file(),
                 "leaflet": (site / "en" / "assets" / "leaflet" / "leaflet.js").is_file()}
        return {k for k, m in marks.items() if m in text} | {k for k, there in files.items() if there}, set(pages)

    (on, on_pages), (off, off_pages) = found(tmp_path / "site-30-on"), found(tmp_path / "site-30-off")
    assert on == set(marks) | {"map.json", "leaflet"} and off == set()
    assert on_pages == off_pages
    assert set(figures["builds"]) == {"on", "off"} and set(figures["builds"]["off"]["share_of_on"]) == {"cpu_s", "wall_s"}


def test_the_scale_steps_run_each_in_a_process_of_its_own(tmp_path):
    """`run.py --apart` at a tiny size: each step's figures come from a process of its own,
    the edit and the latest event build incrementally (fewer pages rendered: less CPU than
    the cold build's languages), none timed against a target."""
    from benchmarks import apart

    said = []
    figures = apart.bench(30, tmp_path, say=said.append)
    assert figures["pages"] > 100 and figures["records"] > 30
    # each step's figures said as it ended, in order, the same as those returned
    steps = [json.loads(line) for line in said]
    assert [s["step"] for s in steps] == ["check cold", "check warm", "cold", "edit", "latest"]
    assert steps[2]["figures"] == figures["cold_build"] and steps[0]["figures"] == figures["check_cold"]
    assert steps[3]["figures"]["total"] == figures["rebuild_edit"]
    assert steps[4]["figures"]["total"] == figures["rebuild_add_latest"]
    assert figures["cold_build"]["total"]["peak_pss_mb"] > 50  # workers and Pagefind counted
    assert figures["check_warm"]["records"] == figures["check_cold"]["records"]
    for rebuild in ("rebuild_edit", "rebuild_add_latest"):
        assert 0 < figures[rebuild]["cpu_s"] < figures["cold_build"]["total"]["cpu_s"]
    assert apart.table(figures).count("|") == apart.TABLE_HEAD.splitlines()[0].count("|")
    # every language's worker stages, in wall and CPU seconds, and CPU per page (issue 16: which stage grows)
    languages = figures["cold_build"]["per_language"]
    assert set(languages) == {"en", "ar", "tr"}
    stages = ["render", "mkdocs", "fill", "search wait", "search", "state"]
    for clocks in languages.values():
        assert list(clocks["wall_s"]) == list(clocks["cpu_s"]) == list(clocks["cpu_ms_per_page"]) == stages
        assert list(clocks["system_s"]) == stages
        assert all(0 <= clocks["system_s"][s] <= clocks["cpu_s"][s] + 0.01 for s in stages)
        assert clocks["pages"] > 30 and clocks["cpu_s"]["render"] > 0 and clocks["cpu_s"]["search"] > 0
        assert clocks["cpu_ms_per_page"]["render"] == round(1000 * clocks["cpu_s"]["render"] / clocks["pages"], 3)
    # a whole build's languages do not share their CPU: their stages sum to less than the tree's
    assert sum(sum(c["cpu_s"].values()) for c in languages.values()) < figures["cold_build"]["total"]["cpu_s"]
    rows = apart.language_table(30, figures["cold_build"]).splitlines()
    assert len(rows) == 3 * len(stages)
    assert all(r.count("|") == apart.LANGUAGE_HEAD.splitlines()[0].count("|") for r in rows)


def test_the_parts_benchmark_meters_each_pagefind_run(tmp_path):
    """`parts.py` at a tiny size: one line per run with a peak for each Pagefind run (one for
    the whole language, one per part), then the table; none timed against a target."""
    import json

    from helpers import REPO

    out = subprocess.run([sys.executable, str(REPO / "benchmarks/parts.py"), "--events", "30", "--parts", "3",
                          "--runs", "1", "--work", str(tmp_path)], capture_output=True, text=True, check=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [r["parts"] for r in rows] == [1, 3]
    assert [len(r["per_process_peak_pss_mb"]) for r in rows] == [1, 3] and all(
        p > 0 for r in rows for p in r["per_process_peak_pss_mb"])
    assert all(r["tree_peak_pss_mb"] >= max(r["per_process_peak_pss_mb"]) for r in rows)
    assert "| whole | 1 |" in out and "| 3 parts | 1 |" in out


def test_the_checks_alone_time_the_command_s_cold_warm_and_edited_checks(tmp_path):
    """`run.py --only check` at a tiny size: every figure in wall and CPU seconds, the warm
    check answered by the manifest (the cache's big file written once, by the cold check)."""
    from benchmarks.run import bench_checks

    figures = bench_checks(30, tmp_path)
    assert figures["records"] > 30
    for name in ("check_cold", "check_warm", "check_warm_with_model", "check_after_edit"):
        assert set(figures[name]) == {"wall_s", "cpu_s"} and figures[name]["cpu_s"] >= 0
    assert (tmp_path / "check-cache-30.manifest").is_file()


def test_pagefind_alone_prints_each_language_s_pagefind_cpu(tmp_path):
    """`pagefind_alone.py` at a tiny size: each language of the site indexed again, as the
    build feeds Pagefind, with its pages and CPU seconds; the sums; no timing asserted."""
    import json

    from helpers import REPO, site_languages

    out = subprocess.run([sys.executable, str(REPO / "benchmarks/pagefind_alone.py"), "--events", "30"],
                         capture_output=True, text=True, check=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    assert sorted(figures["languages"]) == sorted(site_languages())
    assert all(lang["pages"] > 30 and lang["pagefind_cpu_s"] > 0 for lang in figures["languages"].values())
    assert figures["pagefind_cpu_s"] == round(sum(lang["pagefind_cpu_s"] for lang in figures["languages"].values()), 2)


def test_the_check_floor_times_reading_parsing_and_a_cold_check(tmp_path):
    """`check_floor.py` at a tiny size: every YAML file of the corpus read, parsed by libyaml
    and by sitegen, then checked cold; each step's seconds; no timing asserted."""
    import json

    from helpers import REPO

    out = subprocess.run([sys.executable, str(REPO / "benchmarks/check_floor.py"), "--events", "30"],
                         capture_output=True, text=True, check=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    assert figures["events"] == 30 and figures["records"] > 30 and figures["files"] > 30
    for step in ("read", "libyaml", "sitegen_parse", "check_cold", "check_cold_processes"):
        assert set(figures[step]) == {"wall_s", "cpu_s"} and figures[step]["cpu_s"] >= 0
    assert figures["jobs"] >= 1
