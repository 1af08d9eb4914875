"""Shards: each language built on "a machine of its own" (a folder and a process of its
own, through the command line), then `sitegen assemble`: the same site a whole build
gives, byte for byte; and the shards assemble refuses, with the site left as it was."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from benchmarks.generate import generate

from helpers import REPO

SITE_URL = "https://example.org/monitor/"  # so that the sitemaps and their index are made too


def machine(folder: Path, content: Path) -> Path:
    """A checkout of the project in `folder` (its own copy of everything a build reads)."""
    folder.mkdir(parents=True)
    for name in ("templates", "locale", "docs"):
        shutil.copytree(REPO / name, folder / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(f"site_url: {SITE_URL}\n{config}", encoding="utf-8")
    shutil.copytree(content, folder / "content")
    return folder


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd, capture_output=True, text=True,
                          env=env)


def files(root: Path) -> dict[str, bytes]:
    """Every entry below `root`: a file's bytes, or None for a folder (a link fails the test)."""
    found = {}
    for top, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(top) / name
            assert not path.is_symlink(), path
            found[str(path.relative_to(root))] = path.read_bytes() if path.is_file() else None
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("shards")
    generate(root / "content", 200, seed=11)
    return root


def test_three_shards_on_three_machines_assemble_into_the_whole_site(corpus):
    languages = ["en", "ar", "tr"]
    machines = {lang: machine(corpus / f"machine-{lang}", corpus / "content") for lang in languages}
    with ThreadPoolExecutor(3) as pool:  # three processes at once, as three CI jobs
        done = list(pool.map(lambda lang: run(machines[lang], "build", "--shard", lang), languages))
    for lang, result in zip(languages, done):
        assert result.returncode == 0, result.stderr
        assert result.stdout.endswith(f"built shard shard-{lang}/: put the site together with `sitegen assemble` "
                                      f"and the other shards\n")
        shard = json.loads((machines[lang] / f"shard-{lang}" / "shard.json").read_text())
        assert (shard["language"], shard["languages"]) == (lang, languages)
        assert sorted(os.listdir(machines[lang] / f"shard-{lang}")) == sorted(
            [lang, "404.html", "data", "index.html", "robots.txt", "shard.json", "sitemap.xml"])
    whole = machine(corpus / "machine-whole", corpus / "content")
    assert run(whole, "build").returncode == 0
    # the assembling machine: the shards arrive as downloaded artifacts, in folders of their own
    assembler = machine(corpus / "machine-assemble", corpus / "content")
    for lang in languages:
        shutil.copytree(machines[lang] / f"shard-{lang}", assembler / "artifacts" / f"shard-{lang}", symlinks=True)
    result = run(assembler, "assemble", *(f"artifacts/shard-{lang}" for lang in ["tr", "en", "ar"]))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "site: site: en, ar, tr from 3 shards\n"
    expected, got = files(whole / "site"), files(assembler / "site")
    assert sorted(got) == sorted(expected)
    assert len(expected) > 2000 and "sitemap.xml" in expected and "tr/pagefind/pagefind-entry.json" in expected
    different = [rel for rel in expected if got[rel] != expected[rel]]
    assert different == []


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The base test project, its three shards built (one process each), and a site."""
    root = machine(tmp_path_factory.mktemp("small") / "project", REPO / "tests/cases/base/content")
    for lang in ("en", "ar", "tr"):
        assert run(root, "build", "--shard", lang).returncode == 0
    assert run(root, "assemble", "shard-en", "shard-ar", "shard-tr").returncode == 0
    return root


@pytest.fixture()
def project(small, tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(small, copy, symlinks=True)
    return copy


def refused(project: Path, *shards: str) -> str:
    """assemble's error line, once it is checked that it failed and left the site alone."""
    before = files(project / "site")
    result = run(project, "assemble", *shards)
    assert (result.returncode, result.stdout) == (1, "")
    assert files(project / "site") == before
    assert not os.path.lexists(project / "site.new")
    return result.stderr


KEPT = "; the previous site was left as it was\n"


def test_a_missing_language_is_refused(project):
    assert refused(project, "shard-en", "shard-ar") == (
        f"assemble failed: no shard of tr (the site's languages: en, ar, tr){KEPT}")


def test_a_language_twice_is_refused(project):
    shutil.copytree(project / "shard-ar", project / "again-ar")
    assert refused(project, "shard-en", "shard-ar", "again-ar", "shard-tr") == (
        f"assemble failed: again-ar: language ar is in shard-ar too{KEPT}")


def test_shards_of_other_content_are_refused(project):
    event = sorted((project / "content" / "events").glob("*.yaml"))[0]
    event.write_text(event.read_text(encoding="utf-8").replace("en: ", "en: Edited ", 1), encoding="utf-8")
    assert run(project, "build", "--shard", "tr", "--site", "edited-tr").returncode == 0
    first = json.loads((project / "shard-en" / "shard.json").read_text())["fingerprint"]
    other = json.loads((project / "edited-tr" / "shard.json").read_text())["fingerprint"]
    assert first != other
    assert refused(project, "shard-en", "shard-ar", "edited-tr") == (
        f"assemble failed: edited-tr: built from other content or configuration than shard-en (fingerprint "
        f"{other[:12]}, not {first[:12]}); build every shard from the same commit{KEPT}")


def test_a_link_in_a_shard_is_refused_not_followed(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site")
    os.symlink(secret, project / "shard-ar" / "ar" / "leak.txt")
    assert refused(project, "shard-en", "shard-ar", "shard-tr") == (
        f"assemble failed: shard-ar/ar/leak.txt: a symbolic link, which assemble does not copy{KEPT}")


def test_a_shard_folder_that_is_a_link_is_refused(project):
    os.symlink(project / "shard-tr", project / "linked-tr")
    assert refused(project, "shard-en", "shard-ar", "linked-tr") == (
        f"assemble failed: linked-tr: not a shard folder (missing, a file or a link){KEPT}")


def test_a_folder_without_a_manifest_is_refused(project):
    assert refused(project, "shard-en", "shard-ar", "site") == (
        f"assemble failed: site: no shard.json: not a shard `sitegen build --shard` made{KEPT}")


def test_a_manifest_naming_an_unsafe_language_is_refused(project):
    manifest = project / "shard-tr" / "shard.json"
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "language": "../tr", "languages": ["en", "ar", "../tr"]}))
    assert refused(project, "shard-en", "shard-ar", "shard-tr") == (
        f"assemble failed: shard-tr/shard.json: not a shard manifest of this sitegen (format 1){KEPT}")


def test_top_files_that_differ_between_shards_are_refused(project):
    (project / "shard-tr" / "robots.txt").write_text("User-agent: *\nDisallow: /\n")
    assert refused(project, "shard-en", "shard-ar", "shard-tr") == (
        f"assemble failed: shard-tr/robots.txt: differs from the same file in shard-en{KEPT}")


def test_an_unknown_shard_language_fails_the_build(project):
    result = run(project, "build", "--shard", "fr")
    assert (result.returncode, result.stderr.splitlines()[-1]) == (
        1, "build failed: --shard fr: the site has no such language (its languages: en, ar, tr); "
           "the previous site was left as it was")
    assert not os.path.lexists(project / "shard-fr")


def test_assemble_replaces_a_built_site_and_shards_keep_to_their_own_states(project):
    assert run(project, "build").returncode == 0
    whole = files(project / "site")
    states = {p.name: p.read_bytes() for p in (project / "build").glob("state-*.json")}
    assert sorted(states) == ["state-ar.json", "state-en.json", "state-tr.json"]
    assert run(project, "build", "--shard", "en").returncode == 0
    assert {p.name: p.read_bytes() for p in (project / "build").glob("state-*.json")} == states
    (project / "site" / "en" / "stray.html").write_text("not from any shard")
    result = run(project, "assemble", "shard-en", "shard-ar", "shard-tr")
    assert (result.returncode, result.stderr) == (0, "")
    assert files(project / "site") == whole
    assert list((project / "build").glob("state-*.json")) == []  # they described the site replaced
