"""A failed or interrupted build leaves the site byte for byte as it was, says why in one
line, and leaves nothing behind; the next build is correct. One test per kind of fault:
another build running, a failure while publishing (a full disk, a read-only folder), a
worker killed, a failure inside a worker, MkDocs failing after the Markdown changed, and
the build killed at every rename of its publication."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from helpers import REPO, assert_same_site, build_into, tree
from sitegen.build import language, publish
from sitegen.build.run import BuildError, Project, build
from sitegen.build.lock import project_lock

BASE = REPO / "tests" / "cases" / "base" / "content"
EVENT = "events/qalaat-al-mudiq-captured.yaml"


@pytest.fixture
def built(tmp_path) -> Project:
    content = tmp_path / "content"
    shutil.copytree(BASE, content)
    return build_into(tmp_path, content)


def edit_title(project: Project, new: str = "Forces seize") -> None:
    record = project.content / EVENT
    record.write_text(record.read_text().replace("Regime forces capture", new))


def leftovers(project: Project) -> list[str]:
    """What a failed build must not leave: its staging folder, new states, backups."""
    found = [str(p) for p in project.work.glob("state-*.json.*")]
    return found + [str(p) for p in [project.site.with_name("site.new")] if os.path.lexists(p)]


def test_another_build_running_is_refused_and_serve_waits(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(BASE, project / "content")
    for name in ("templates", "locale", "docs"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project)
    with project_lock(project / "build", wait=False):
        done = subprocess.run([sys.executable, "-m", "sitegen", "build"], cwd=project, capture_output=True, text=True)
        assert done.returncode == 1
        assert done.stderr == (f"build failed: another build is running (pid {os.getpid()}); "
                               "the previous site was left as it was\n")
        said, took = [], []

        def waiting():  # what `sitegen serve` does before each build
            with project_lock(project / "build", wait=True, say=said.append):
                took.append(time.monotonic())

        waiter = threading.Thread(target=waiting)
        waiter.start()
        time.sleep(1)
        assert not took and said == [f"waiting for another build (pid {os.getpid()}) to finish"]
        released = time.monotonic()
    waiter.join(10)
    assert took and took[0] >= released
    assert not (project / "site").exists()


@pytest.mark.parametrize("fault, at", [((errno.ENOSPC, "No space left on device"), 1),
                                       ((errno.EROFS, "Read-only file system"), 5),
                                       ((errno.ENOSPC, "No space left on device"), -1)])
def test_a_failure_while_publishing_leaves_the_previous_site(built, monkeypatch, fault, at):
    before = tree(built.site)
    edit_title(built)
    renames, fired = [], []
    real = os.rename

    def failing(src, dst, **kw):  # one of the publication's renames fails (the last: the last state's)
        renames.append(dst)
        if not fired and (len(renames) == at or (at == -1 and str(dst).endswith("state-tr.json"))):
            fired.append(dst)
            raise OSError(fault[0], fault[1], str(dst))
        return real(src, dst, **kw)

    monkeypatch.setattr(publish.os, "rename", failing)
    with pytest.raises(BuildError) as err:
        build(built, say=lambda line: None)
    assert str(err.value).endswith(f": {fault[1]}") and "\n" not in str(err.value)
    monkeypatch.undo()
    assert fired and tree(built.site) == before
    assert leftovers(built) == []
    build(built, say=lambda line: None)
    assert "Forces seize" in (built.site / "en" / "index.html").read_text()


def _killed(job):
    if job.lang == "ar":
        os.kill(os.getpid(), signal.SIGKILL)
    return language.build_language(job)


def test_a_killed_worker_leaves_the_previous_site(built, monkeypatch):
    before = tree(built.site)
    edit_title(built)
    from sitegen.build import run as build_module

    monkeypatch.setattr(build_module, "build_language", _killed)
    with pytest.raises(BuildError, match="^a worker process building a language died$"):
        build(built, say=lambda line: None)
    assert tree(built.site) == before and leftovers(built) == []


def test_a_full_disk_in_a_worker_leaves_the_previous_site(built, monkeypatch):
    before = tree(built.site)
    edit_title(built)

    def full(path, text):
        raise OSError(errno.ENOSPC, "No space left on device", path)

    monkeypatch.setattr(language, "write_new", full)
    with pytest.raises(BuildError, match=r"index\.html: No space left on device$"):
        build(built, say=lambda line: None)
    assert tree(built.site) == before and leftovers(built) == []


def test_mkdocs_failing_after_a_title_edit_does_not_keep_the_old_title(built, monkeypatch):
    """The Markdown tree is written before MkDocs runs; a build that stops there must not
    make the next one think the hubs are built already."""
    edit_title(built)

    def broken(config, epoch):
        raise BuildError("mkdocs was killed")

    monkeypatch.setattr(language.engine, "build", broken)  # MkDocs, run in the worker
    with pytest.raises(BuildError, match="mkdocs was killed"):
        build(built, say=lambda line: None)
    monkeypatch.undo()
    builds = []
    build(built, say=lambda line: None, report=builds)
    assert not any(b.full for b in builds)  # still incremental
    assert "Forces seize" in (built.site / "en" / "index.html").read_text()


DRIVER = """
import os, signal, sys
sys.path.insert(0, {repo!r})
from pathlib import Path
from sitegen.build.run import Project, build
kill_at, main, count = int(sys.argv[1]), os.getpid(), [0]
rename, unlink = os.rename, os.unlink

def point():
    count[0] += 1
    if count[0] == kill_at:
        os.killpg(0, signal.SIGKILL)

def counted_rename(src, dst, **kw):
    if os.getpid() == main:
        point()
    return rename(src, dst, **kw)

def counted_unlink(path, **kw):
    if os.getpid() == main and str(path).endswith("journal.json"):
        point()  # the commit
    return unlink(path, **kw)

os.rename, os.unlink = counted_rename, counted_unlink
build(Project(Path({repo!r}), Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])), say=lambda line: None)
print(count[0])
"""


def kill_at(project: Project, point: int) -> subprocess.CompletedProcess:
    """Run a build in a process group of its own and SIGKILL the group just before the
    publication's `point`-th rename (or the commit); 0 runs it whole."""
    args = [str(point), str(project.content), str(project.site), str(project.work)]
    return subprocess.run([sys.executable, "-c", DRIVER.format(repo=str(REPO)), *args], capture_output=True,
                          text=True, start_new_session=True, timeout=300)


STRIDE = int(os.environ.get("SITEGEN_KILL_STRIDE", "3"))  # 1: every point (slower)


def _sweep(project: Project, before: dict | None, start: int) -> tuple[int, dict]:
    """Kill the build at points start, start + STRIDE, ... until one completes; after each
    kill, recover as the next build does first and check the site is the previous one."""
    point = start
    while True:
        done = kill_at(project, point)
        if done.returncode == 0:
            return point, tree(project.site)
        assert done.returncode == -signal.SIGKILL, done.stderr
        publish.recover(project.site, project.work)
        if before is None:
            assert not os.path.lexists(project.site), point
        else:
            assert tree(project.site) == before, point
        assert not os.path.lexists(project.site.with_name("site.new"))
        point += STRIDE


def test_killed_at_any_rename_the_site_is_the_previous_or_the_new_one(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BASE, content)
    project = Project(REPO, content, tmp_path / "site", tmp_path / "build")
    # a cold build: no site before
    points, cold = _sweep(project, None, 1)
    assert points > 3
    assert cold == tree(build_into(tmp_path / "cold", content).site)
    # an incremental build: an excerpt edited (a few pages per language, a delta bundle)
    excerpt = sorted((content / "excerpts").glob("*.md"))[0]
    excerpt.write_text(excerpt.read_text() + "\nQuixotic marmalade.\n")
    before = tree(project.site)
    points, new = _sweep(project, before, 1)
    assert points > 6 and new != before
    assert all(not b.full for b in _rebuild(project))  # the next build is incremental again, and correct
    assert_same_site(project.site, build_into(tmp_path / "cold2", content).site)


def _rebuild(project: Project):
    builds = []
    build(project, say=lambda line: None, report=builds)
    return builds


def _group(pgid: int) -> list[int]:
    """The live (not zombie) processes of a process group, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()  # state, ppid, pgrp, ...
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.append(int(entry))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux's")
def test_killing_only_the_parent_ends_its_workers(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BASE, content)
    project = Project(REPO, content, tmp_path / "site", tmp_path / "build")
    args = ["0", str(project.content), str(project.site), str(project.work)]
    parent = subprocess.Popen([sys.executable, "-c", DRIVER.format(repo=str(REPO)), *args],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(_group(parent.pid)) < 3:  # the parent and its workers (and their MkDocs)
            assert parent.poll() is None and time.monotonic() < deadline, "no workers seen"
            time.sleep(0.05)
        os.kill(parent.pid, signal.SIGKILL)  # the parent only
        parent.wait()
        deadline = time.monotonic() + 3
        while _group(parent.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _group(parent.pid) == []
    finally:
        for pid in _group(parent.pid):
            os.kill(pid, signal.SIGKILL)
    assert not project.site.exists()
