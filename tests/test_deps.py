"""Fingerprints: a token's fingerprint changes exactly when what it names changes."""

from __future__ import annotations

import shutil

from sitegen.build.check import check
from sitegen.pages.deps import SEP, Fingerprints
from sitegen.content.link import link

from helpers import REPO

EVENT = "northwest-syria-air-and-ground-attacks"


def fingerprints(tmp_path, edit=None) -> Fingerprints:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    if edit:
        path = content / "events" / f"{EVENT}.yaml"
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return Fingerprints(link(check(content).content))


def test_records_are_fingerprinted_by_their_file_digest(tmp_path):
    before = fingerprints(tmp_path / "a")
    after = fingerprints(tmp_path / "b", lambda text: text + "# a comment\n")
    assert before.digests and before[f"events{SEP}{EVENT}"] == before.digests[f"events{SEP}{EVENT}"]
    assert before[f"events{SEP}{EVENT}"] != after[f"events{SEP}{EVENT}"]
    assert before["content.events" + SEP + "*"] != after["content.events" + SEP + "*"]
    assert before[f"places{SEP}hama"] == after[f"places{SEP}hama"]
    assert before[f"events{SEP}no-such-event"] == "missing"


def test_a_source_use_changes_with_its_figures_and_not_with_other_edits(tmp_path):
    before = fingerprints(tmp_path / "a")
    figure = fingerprints(tmp_path / "b", lambda text: text.replace("at_least: 122", "at_least: 123"))
    title = fingerprints(tmp_path / "c", lambda text: text.replace("\n  en: ", "\n  en: Edited ", 1))
    token = f"source_uses{SEP}white-helmets"
    assert before[token] != figure[token] and before[token] == title[token]
    assert before[f"source_uses{SEP}al-masdar-news"] == figure[f"source_uses{SEP}al-masdar-news"]
    assert before[f"figure_totals{SEP}hama"] != figure[f"figure_totals{SEP}hama"]
    assert before[f"figure_totals{SEP}hama"] == title[f"figure_totals{SEP}hama"]
    assert before[f"events_in_place{SEP}hama"] == figure[f"events_in_place{SEP}hama"]
