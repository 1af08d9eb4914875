"""The check pauses the cyclic collector but leaves the interpreter as it found it: only a
one-shot command asks for its records to be frozen (`sitegen.build.check.no_gc`)."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from sitegen.build.check import check

REPO = Path(__file__).resolve().parent.parent


def test_a_library_check_freezes_nothing_and_leaves_the_collector_on():
    before = gc.get_freeze_count()
    for _ in range(2):  # as the preview server checks on every save
        check(REPO / "content")
    assert gc.get_freeze_count() == before
    assert gc.isenabled()


def test_a_one_shot_check_freezes_its_records():
    """In a process of its own, as `sitegen check` and `sitegen build` pass freeze=True."""
    code = ("import gc; from sitegen.build.check import check; before = gc.get_freeze_count(); "
            f"check({str(REPO / 'content')!r}, freeze=True); "
            "print(gc.get_freeze_count() > before, gc.isenabled())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.split() == ["True", "True"]


def test_a_build_links_the_model_with_the_collector_paused_and_on_again_after(tmp_path, monkeypatch):
    """Linking builds acyclic data the collector would scan again and again as it grows (a
    third of linking at 100,000 events): the build pauses it around `link`, freezes nothing
    there (a library build), and leaves it on for the rest of the build."""
    import shutil

    from sitegen.build import run

    seen = []
    real_link = run.link

    def link(content):
        seen.append((gc.isenabled(), gc.get_freeze_count()))
        return real_link(content)

    monkeypatch.setattr(run, "link", link)
    shutil.copytree(REPO / "content", tmp_path / "content")
    project = run.Project(REPO, tmp_path / "content", tmp_path / "site", tmp_path / "build")
    before = gc.get_freeze_count()
    run.build(project, say=lambda line: None, search=False, only=["en"])
    # frozen objects may be freed meanwhile (the count falls), never added: a freeze of the
    # checked content would add its thousands of objects
    assert [paused for paused, _ in seen] == [False] and seen[0][1] <= before
    assert gc.isenabled() and gc.get_freeze_count() <= before
