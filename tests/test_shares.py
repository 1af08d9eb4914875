"""Shares: one language's share of pages built on "a machine of its own" (`sitegen build
--shard LANG --share K/N`: the pages of part K of its search cut into N), assembled with
whole-language shards and other shares into the site a whole build with the same cuts
(`--search-parts LANG=N`) gives, byte for byte; the sets of shares assemble refuses, with
the site left as it was; and the cut's plan of Pagefind runs that a share follows."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from benchmarks.generate import generate
from sitegen.build import search
from sitegen.build.shell import SEARCH_BODY

from helpers import REPO
from test_shards import KEPT, files, machine, refused, run

# en in 3 shares, ar whole, tr in 2 shares: (language, share or None)
PLAN = [("en", (1, 3)), ("en", (2, 3)), ("en", (3, 3)), ("ar", None), ("tr", (1, 2)), ("tr", (2, 2))]
CUTS = ["--search-parts", "en=3", "--search-parts", "tr=2"]


def shard_args(lang: str, share) -> list[str]:
    return ["build", "--shard", lang] + ([] if share is None else ["--share", f"{share[0]}/{share[1]}"])


def shard_name(lang: str, share) -> str:
    return f"shard-{lang}" if share is None else f"shard-{lang}-{share[0]}-of-{share[1]}"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("shares")
    generate(root / "content", 80, seed=5)
    return root


def test_shares_on_six_machines_assemble_into_the_whole_site_with_the_same_cuts(corpus):
    machines = {item: machine(corpus / f"machine-{shard_name(*item)}", corpus / "content") for item in PLAN}
    with ThreadPoolExecutor(2) as pool:  # separate processes, two at a time (2 shared cores)
        done = list(pool.map(lambda item: run(machines[item], *shard_args(*item)), PLAN))
    for item, result in zip(PLAN, done):
        assert result.returncode == 0, result.stderr
        assert result.stdout.endswith(f"built shard {shard_name(*item)}/: put the site together with "
                                      f"`sitegen assemble` and the other shards\n")
    whole = machine(corpus / "machine-whole", corpus / "content")
    result = run(whole, "build", *CUTS)
    assert result.returncode == 0, result.stderr
    assert "search: indexed with Pagefind: ar (whole), en (whole in 3 parts), tr (whole in 2 parts)" in result.stdout
    assembler = machine(corpus / "machine-assemble", corpus / "content")
    for item in PLAN:  # downloaded artifacts, each in a folder of its own, given in any order
        shutil.copytree(machines[item] / shard_name(*item), assembler / "artifacts" / shard_name(*item), symlinks=True)
    result = run(assembler, "assemble", *(f"artifacts/{shard_name(*item)}" for item in reversed(PLAN)))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "site: site: en, ar, tr from 6 shards (en in 3 shares; tr in 2 shares)\n"
    expected, got = files(whole / "site"), files(assembler / "site")
    assert sorted(got) == sorted(expected)
    different = [rel for rel in expected if got[rel] != expected[rel]]
    assert different == []
    # the cut shows: three parts of en, two of tr, one of ar, each part made by one share
    hidden = {lang: json.loads(got[f"{lang}/pagefind-delta/hidden.json"]) for lang in ("en", "ar", "tr")}
    assert hidden["en"]["parts"] == ["pagefind-part-2/", "pagefind-part-3/"] and len(hidden["en"]["vocabulary"]) == 3
    assert hidden["tr"]["parts"] == ["pagefind-part-2/"] and "parts" not in hidden["ar"]
    assert json.loads(got["en/browse-ids.json"])["events"] == 80
    for lang, n in (("en", 3), ("tr", 2)):
        shares = [files(machines[lang, (k, n)] / shard_name(lang, (k, n)) / lang) for k in range(1, n + 1)]
        bundles = [sorted(name for name in share if "/" not in name and name.startswith("pagefind")) for share in shares]
        assert bundles == [["pagefind"]] + [[f"pagefind-part-{k}"] for k in range(2, n + 1)]
        pages = [{rel for rel in share if rel.endswith(".html") and not rel.startswith("pagefind")} for share in shares]
        whole_pages = {rel[len(lang) + 1:] for rel in expected if rel.startswith(f"{lang}/") and rel.endswith(".html")
                       and not rel.startswith(f"{lang}/pagefind")}
        assert set().union(*pages) == whole_pages  # each page in exactly one share
        assert sum(map(len, pages)) == len(whole_pages) and all(len(p) >= len(whole_pages) // n for p in pages)
        others = [{rel: data for rel, data in share.items() if not rel.endswith(".html") and data is not None
                   and not rel.startswith("pagefind")} for share in shares]
        assert "feed.xml" in others[0] and "map.json" in others[0] and all(o == others[0] for o in others)
        assert "browse-ids.json" not in others[0] and "pagefind-delta" not in shares[0]  # assemble writes them


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The base test project: en in two shares (and one share of another cut), ar and tr
    whole, and the site they assemble into."""
    root = machine(tmp_path_factory.mktemp("small-shares") / "project", REPO / "tests/cases/base/content")
    for args in (["--shard", "en", "--share", "1/2"], ["--shard", "en", "--share", "2/2"],
                 ["--shard", "en", "--share", "1/3"], ["--shard", "en"], ["--shard", "ar"], ["--shard", "tr"]):
        result = run(root, "build", *args)
        assert result.returncode == 0, result.stderr
    result = run(root, "assemble", "shard-en-1-of-2", "shard-en-2-of-2", "shard-ar", "shard-tr")
    assert (result.returncode, result.stderr) == (0, "")
    return root


@pytest.fixture()
def project(small, tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(small, copy, symlinks=True)
    return copy


def test_a_missing_share_is_refused(project):
    assert refused(project, "shard-en-2-of-2", "shard-ar", "shard-tr") == (
        f"assemble failed: no share 1/2 of en (given: 2/2){KEPT}")


def test_a_share_twice_is_refused(project):
    shutil.copytree(project / "shard-en-1-of-2", project / "again")
    assert refused(project, "shard-en-1-of-2", "again", "shard-en-2-of-2", "shard-ar", "shard-tr") == (
        f"assemble failed: again: share en 1/2 is in shard-en-1-of-2 too{KEPT}")


def test_shares_cut_differently_are_refused(project):
    assert refused(project, "shard-en-1-of-2", "shard-en-1-of-3", "shard-ar", "shard-tr") == (
        f"assemble failed: shard-en-1-of-3: share en 1/3 is of en cut into 3 shares, shard-en-1-of-2 of en cut "
        f"into 2; build every share of a language with the same N{KEPT}")


def test_a_share_beside_its_whole_language_is_refused(project):
    assert refused(project, "shard-en", "shard-en-1-of-2", "shard-en-2-of-2", "shard-ar", "shard-tr") == (
        f"assemble failed: shard-en-1-of-2: language en is in shard-en too (whole; not en 1/2){KEPT}")


def test_a_share_of_other_content_is_refused(project):
    event = sorted((project / "content" / "events").glob("*.yaml"))[0]
    event.write_text(event.read_text(encoding="utf-8").replace("en: ", "en: Edited ", 1), encoding="utf-8")
    assert run(project, "build", "--shard", "en", "--share", "2/2", "--site", "edited").returncode == 0
    first = json.loads((project / "shard-en-1-of-2" / "shard.json").read_text())["fingerprint"]
    other = json.loads((project / "edited" / "shard.json").read_text())["fingerprint"]
    assert refused(project, "shard-en-1-of-2", "edited", "shard-ar", "shard-tr") == (
        f"assemble failed: edited: built from other content or configuration than shard-en-1-of-2 (fingerprint "
        f"{other[:12]}, not {first[:12]}); build every shard from the same commit{KEPT}")


def test_a_file_every_share_makes_that_differs_is_refused(project):
    feed = project / "shard-en-2-of-2" / "en" / "feed.xml"
    feed.write_bytes(feed.read_bytes().replace(b"<feed", b"<feed data-x='1'", 1))
    assert refused(project, "shard-en-1-of-2", "shard-en-2-of-2", "shard-ar", "shard-tr") == (
        f"assemble failed: shard-en-2-of-2/en/feed.xml: differs from the same file in another share of en{KEPT}")


def test_a_share_holding_what_assemble_writes_is_refused(project):
    (project / "shard-en-1-of-2" / "en" / "browse-ids.json").write_text('{"events": 0, "ids": []}')
    assert refused(project, "shard-en-1-of-2", "shard-en-2-of-2", "shard-ar", "shard-tr") == (
        f"assemble failed: shard-en-1-of-2: a share holds en/browse-ids.json, which only assemble makes{KEPT}")


def test_a_share_missing_its_part_is_refused(project):
    shutil.rmtree(project / "shard-en-2-of-2" / "en" / "pagefind-part-2")
    os.mkdir(project / "shard-en-2-of-2" / "en" / "pagefind-part-3")
    assert refused(project, "shard-en-1-of-2", "shard-en-2-of-2", "shard-ar", "shard-tr") == (
        f"assemble failed: en: the shares' search parts are not pagefind/ and pagefind-part-2/ onwards "
        f"(found: pagefind-part-3){KEPT}")


def test_a_fragment_that_unpacks_to_too_much_is_refused(project):
    fragments = project / "shard-en-2-of-2" / "en" / "pagefind-part-2" / "fragment"
    bomb = sorted(fragments.iterdir())[0]
    bomb.write_bytes(gzip.compress(b"pagefind_dcd" + b" " * (17 << 20)))  # 17 MiB of spaces: about 17 KB packed
    assert refused(project, "shard-en-1-of-2", "shard-en-2-of-2", "shard-ar", "shard-tr") == (
        f"assemble failed: en: a fragment of the shares' search cannot be read: a fragment unpacks to more than "
        f"16,777,216 bytes{KEPT}")


def test_a_link_in_a_share_is_refused_not_followed(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site")
    os.symlink(secret, project / "shard-en-2-of-2" / "en" / "feed.xml.bak")
    assert refused(project, "shard-en-1-of-2", "shard-en-2-of-2", "shard-ar", "shard-tr") == (
        f"assemble failed: shard-en-2-of-2/en/feed.xml.bak: a symbolic link, which assemble does not copy{KEPT}")


def test_a_share_manifest_out_of_range_is_refused(project):
    manifest = project / "shard-en-2-of-2" / "shard.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "share": [3, 2]}))
    assert refused(project, "shard-en-1-of-2", "shard-en-2-of-2", "shard-ar", "shard-tr") == (
        f"assemble failed: shard-en-2-of-2/shard.json: not a shard manifest of this sitegen (format 1){KEPT}")


@pytest.mark.parametrize("args, error", [
    (["--share", "1/2"], "build failed: --share 1/2: a share is of one language: give --shard LANG too"),
    (["--search-parts", "fr=2"], "build failed: --search-parts fr=2: the site has no such language (its "
                                 "languages: en, ar, tr)"),
    (["--shard", "en", "--share", "1/2", "--search-parts", "en=3"],
     "build failed: --share 1/2 cuts en into 2 parts, --search-parts en=3 into 3"),
])
def test_a_share_the_build_cannot_make_fails_it(project, args, error):
    before = {name: files(project / name) for name in ("site", "shard-en-1-of-2")}
    result = run(project, "build", *args)
    assert (result.returncode, result.stderr.splitlines()[-1]) == (1, f"{error}; the previous site was left as it was")
    assert {name: files(project / name) for name in before} == before
    assert sorted(p.name for p in project.iterdir() if p.name.endswith(".new")) == []


@pytest.mark.parametrize("args", [["--share", "3/2"], ["--share", "0/2"], ["--share", "2"],
                                  ["--search-parts", "en=0"], ["--search-parts", "en"]])
def test_malformed_shares_and_cuts_are_usage_errors(project, args):
    result = run(project, "build", "--shard", "en", *args)
    assert result.returncode == 2 and "error: argument" in result.stderr and "Traceback" not in result.stderr


def test_a_changed_cut_builds_that_language_whole_and_only_it(project):
    assert run(project, "build").returncode == 0
    result = run(project, "build", "--search-parts", "en=2")
    assert result.returncode == 0, result.stderr
    assert "search: indexed with Pagefind: en (whole in 2 parts)\n" in result.stdout
    assert json.loads((project / "site/en/pagefind-delta/hidden.json").read_text())["parts"] == ["pagefind-part-2/"]
    result = run(project, "build")
    assert "search: indexed with Pagefind: en (whole)\n" in result.stdout
    assert not (project / "site/en/pagefind-part-2").exists()
    assert "parts" not in json.loads((project / "site/en/pagefind-delta/hidden.json").read_text())


def page(folder: Path, rel: str, marked: bool) -> tuple[str, Path]:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    body = f"{SEARCH_BODY}<p>text</p></div>" if marked else "<div>a listing</div>"
    path.write_text(f"<html lang=\"en\"><body>{body}</body></html>")
    return rel, path


def test_a_range_without_a_marked_page_joins_the_next_run_and_its_share_makes_none(tmp_path):
    # 6 pages cut in 3: ranges [a, b] [c, d] [e, f]; c and d are listings (no marked body)
    pages = [page(tmp_path, f"{name}/index.html", name not in "cd") for name in "abcdef"]
    runs = search.runs(pages, 3)
    assert [(r.folder, [rel[0] for rel, _ in r.pages], r.last, r.marked_only) for r in runs] == [
        (1, ["a", "b"], 1, True), (2, ["c", "d", "e", "f"], 3, True)]
    assert search.cut_range(6, 3, 2) == (2, 4)
    # the last range unmarked: its pages are in no run
    assert [r.last for r in search.runs(pages[:4], 2)] == [1]
    # no page marked: one run over every page, made by share 1, as one Pagefind run makes it
    bare = [page(tmp_path / "bare", f"{name}/index.html", False) for name in "abc"]
    assert [(len(r.pages), r.last, r.marked_only) for r in search.runs(bare, 3)] == [(3, 1, False)]
    assert [(len(r.pages), r.last, r.marked_only) for r in search.runs(pages, 1)] == [(6, 1, False)]
