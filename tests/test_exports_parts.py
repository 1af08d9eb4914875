"""The data files made again from the parts of the files in `site/data/` (`sitegen.exports.publish`):
after each kind of change, the files equal those made whole from the content, and only the
changed events' parts were made again (every event's, when anything besides events changed)."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from helpers import REPO
from sitegen.build.check import check
from sitegen.exports import files, publish


@pytest.fixture
def made(monkeypatch):
    """Counts the events whose parts `files.made` makes (rather than reuses)."""
    calls = []
    original = files._parts

    def counted(event, *args):
        calls.append(event.id)
        return original(event, *args)

    monkeypatch.setattr(files, "_parts", counted)
    return calls


def publish_data(tmp_path, content_folder):
    """What a build does with the data files: prepare, stage, and the publishing plan's moves
    (renames: the files keep their size, mtime and inode). Returns whether files were made."""
    content = check(content_folder, None).content
    site, work, root = tmp_path / "site", tmp_path / "build", tmp_path / "staging"
    work.mkdir(exist_ok=True)
    site.mkdir(exist_ok=True)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    published = publish.prepare(site, work, content)
    if not publish.stage(root, work, published, site):
        return False, content
    shutil.rmtree(site / "data", ignore_errors=True)
    os.rename(root / "data", site / "data")
    os.rename(work / f"{publish.STATE}.new", work / publish.STATE)
    return True, content


def assert_whole(tmp_path, content):
    whole = files.make(content)
    assert sorted(p.name for p in (tmp_path / "site" / "data").iterdir()) == sorted(whole)
    for name, data in whole.items():
        assert (tmp_path / "site" / "data" / name).read_bytes() == data, name


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def copy_event(events, ident: str, new: str) -> None:
    (events / f"{new}.yaml").write_text((events / f"{ident}.yaml").read_text(encoding="utf-8")
                                        .replace(f"id: {ident}", f"id: {new}", 1), encoding="utf-8")


def test_only_the_changed_events_parts_are_made_again(tmp_path, made):
    folder = tmp_path / "content"
    shutil.copytree(REPO / "content", folder)
    events = folder / "events"
    count = len(list(events.glob("*.yaml")))

    assert publish_data(tmp_path, folder)[0] and len(made) == count  # cold: every event
    assert_whole(tmp_path, check(folder, None).content)
    made.clear()
    assert publish_data(tmp_path, folder)[0] is False and made == []  # nothing changed: nothing made

    steps = [
        # an edited title (the event's line in every file), then the summary of an event without coordinates
        (lambda: edit(events / "qalaat-al-mudiq-captured.yaml", "capture Qalaat al-Mudiq", "take Qalaat al-Mudiq"),
         ["qalaat-al-mudiq-captured"]),
        (lambda: edit(events / "sochi-demilitarised-zone-agreement.yaml", "summary:\n  en: ", "summary:\n  en: Edited. "),
         ["sochi-demilitarised-zone-agreement"]),
        # a changed figure (figures.csv's lines of the event)
        (lambda: edit(events / "northwest-syria-air-and-ground-attacks.yaml", "at_least: 122", "at_least: 123"),
         ["northwest-syria-air-and-ground-attacks"]),
        # new events: the first of all (no coordinates: no features), and the last of all (figures)
        (lambda: copy_event(events, "sochi-demilitarised-zone-agreement", "aa-first"), ["aa-first"]),
        (lambda: copy_event(events, "northwest-syria-air-and-ground-attacks", "zz-last"), ["zz-last"]),
        # removed events: nothing made
        (lambda: (events / "aa-first.yaml").unlink(), []),
        (lambda: (events / "zz-last.yaml").unlink(), []),
    ]
    for step, (change, expected) in enumerate(steps):
        change()
        made.clear()
        done, content = publish_data(tmp_path, folder)
        assert done and sorted(made) == expected, step
        assert_whole(tmp_path, content)

    # a place's name is in its events' lines: every event's parts are made again
    place = next(folder.glob("places/qalaat-al-mudiq.yaml"))
    edit(place, "en: Qalaat al-Mudiq", "en: Qal'at al-Madiq")
    made.clear()
    done, content = publish_data(tmp_path, folder)
    assert done and len(made) == count
    assert_whole(tmp_path, content)


def test_lengths_that_do_not_fit_the_files_make_every_part_again(tmp_path, made):
    folder = tmp_path / "content"
    shutil.copytree(REPO / "content", folder)
    count = len(list((folder / "events").glob("*.yaml")))
    publish_data(tmp_path, folder)
    state = tmp_path / "build" / publish.STATE
    record = json.loads(state.read_bytes())
    record["events"][0][2] += 1  # the first event's line of events.csv a byte longer, the next's shorter:
    record["events"][1][2] -= 1  # the same bytes in all, cut elsewhere
    state.write_text(json.dumps(record), encoding="utf-8")
    edit(folder / "events" / "qalaat-al-mudiq-captured.yaml", "capture Qalaat al-Mudiq", "take Qalaat al-Mudiq")
    made.clear()
    done, content = publish_data(tmp_path, folder)
    assert done and len(made) == count
    assert_whole(tmp_path, content)
