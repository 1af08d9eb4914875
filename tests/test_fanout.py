"""Files loaded in several processes (`sitegen.build.fanout`) give the check a single process
gives: the same `FileCheck`s in the same order, the same problems, the same content."""

import functools
import os
import shutil
from pathlib import Path

import pytest

from sitegen.build import check as check_module, fanout
from sitegen.build.check import check
from sitegen.cli import main
from sitegen.content.load import find_files
from sitegen.content.problems import Problems
from sitegen.content.validate import file_context, known_ids, validate_site
from sitegen.content.load import load_site

from test_invalid_cases import CASES, INVALID, make_content

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def fan_out_always(monkeypatch):
    """Share the loading among processes whatever the number of files, two files at a time."""
    monkeypatch.setattr(fanout, "AT_LEAST", 1)
    monkeypatch.setattr(fanout, "BATCH", 2)


def _shared(root: Path):
    """The files of a content folder, and the function that checks one (as `check` makes it)."""
    problems = Problems()
    site = validate_site(load_site(root, problems), problems)
    listing = find_files(root, problems, keys=True)
    return listing.files, functools.partial(check_module._load, ctx=file_context(site), known=known_ids(listing.stems))


_CHECKING = os.getpid()  # this process: the one the loading processes fork from


def test_processes_give_each_file_check_a_single_process_gives(fan_out_always):
    files, one = _shared(REPO / "content")
    assert len(files) > 2 * fanout.BATCH  # several batches, so several processes
    alone = [one(found) for found in files]

    def elsewhere(found):  # a closure: it reaches the processes as they fork
        assert os.getpid() != _CHECKING, "a file was loaded in the checking process"
        return one(found)

    shared = fanout.check_files(files, elsewhere, jobs=2)
    assert shared == alone
    assert [f.path for f in shared] == [found.path for found in files]


def test_a_check_with_processes_equals_one_without(fan_out_always):
    alone = check(REPO / "content", jobs=1)
    shared = check(REPO / "content", jobs=2)
    assert shared.problems == alone.problems
    assert shared.records == alone.records == len(_shared(REPO / "content")[0])
    assert shared.content == alone.content


@pytest.mark.parametrize("name", INVALID)
def test_every_invalid_case_reports_the_same_with_processes(name, fan_out_always, tmp_path, capsys, monkeypatch):
    """The goldens of `test_invalid_cases`, from a check whose files were loaded in two processes."""
    case = CASES / "invalid" / name
    make_content(case, tmp_path)
    monkeypatch.setattr(fanout, "jobs_here", lambda: 2)
    monkeypatch.setenv("SITEGEN_CACHE_DIR", "off")
    monkeypatch.chdir(tmp_path)
    args = (case / "args").read_text().split() if (case / "args").exists() else []
    code = main(["check", *args, "content"])
    assert capsys.readouterr().out == (case / "expected.txt").read_text(encoding="utf-8")
    assert code == int((case / "exit-code").read_text())


def test_a_process_that_dies_leaves_the_loading_to_this_one(fan_out_always, monkeypatch):
    files, one = _shared(REPO / "content")
    monkeypatch.setattr(fanout, "_batch", _die)  # inherited by the forked processes
    assert fanout.check_files(files, one, jobs=2) == [one(found) for found in files]


def _die(batch):
    os._exit(3)


def test_few_files_are_loaded_here(monkeypatch):
    files, one = _shared(REPO / "content")
    assert len(files) < fanout.AT_LEAST
    monkeypatch.setattr(fanout, "ProcessPoolExecutor", None)  # any use of a pool would raise
    assert fanout.check_files(files, one, jobs=8) == [one(found) for found in files]


def test_files_kept_by_the_cache_are_not_loaded_again(fan_out_always, tmp_path, monkeypatch):
    """Only the files the cache does not hold go to the processes."""
    from sitegen.build.cache import CheckCache

    shutil.copytree(REPO / "content", tmp_path / "content")
    cache = CheckCache()
    cache.settle_ns = 0
    first = check(tmp_path / "content", cache, jobs=2)
    sent = []
    real = fanout.check_files
    monkeypatch.setattr(fanout, "check_files", lambda files, *rest: sent.append(len(files)) or real(files, *rest))
    edited = next((tmp_path / "content" / "events").glob("*.yaml"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    again = check(tmp_path / "content", cache, jobs=2)
    assert sent == [1]
    assert again.problems == first.problems
