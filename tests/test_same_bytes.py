"""Same content, same bytes, on any file system: the search bundles do not depend on the
order in which a file system lists a folder (ext4 by a hash seeded per file system, tmpfs
by creation)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from helpers import REPO, build_into, tree
from sitegen.build import indexer

BASE = REPO / "tests" / "cases" / "base" / "content"
TMPFS = Path("/dev/shm")


@pytest.fixture
def tmpfs(tmp_path):
    """A folder on tmpfs (Linux has one at /dev/shm); elsewhere another folder."""
    if not sys.platform.startswith("linux"):
        yield tmp_path / "other"
        return
    assert TMPFS.is_dir(), "Linux without /dev/shm"
    folder = Path(tempfile.mkdtemp(dir=TMPFS))
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def test_search_bundles_do_not_depend_on_the_order_files_were_made(tmp_path, tmpfs):
    """One language folder copied twice, its files made in opposite orders (and, on Linux,
    once on tmpfs): Pagefind is fed them in one order, so the bundles are the same bytes."""
    site = build_into(tmp_path / "built", BASE).site / "en"
    pages = sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts[0])
    assert len(pages) > 10
    bundles = []
    for order, top in ((pages, tmp_path), (pages[::-1], tmpfs)):
        folder = top / "copy"
        for page in order:
            (folder / page.relative_to(site)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(page, folder / page.relative_to(site))
        indexer.index_pages(indexer.site_pages(folder), top / "bundle", [".headerlink"])
        bundles.append(tree(top / "bundle"))
    assert bundles[0] == bundles[1]


def test_a_whole_build_is_the_same_bytes_on_ext4_and_tmpfs(tmp_path, tmpfs):
    first = build_into(tmp_path / "disk", BASE)
    second = build_into(tmpfs / "shm", BASE)
    assert tree(first.site) == tree(second.site)
