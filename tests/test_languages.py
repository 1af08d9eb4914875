"""Adding a language: marked in progress in site.yaml, it builds under --strict with its
texts falling back to the default language and its coverage reported; a language without
an interface catalog is warned of."""

from __future__ import annotations

import shutil

import pytest
import yaml

from sitegen.build.run import BuildError, Project, build
from sitegen.build.check import check

from helpers import REPO, site_languages


def with_french(tmp_path, in_progress: bool):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    site_yaml = content / "site.yaml"
    site = yaml.safe_load(site_yaml.read_text(encoding="utf-8"))
    text = site_yaml.read_text(encoding="utf-8").replace(
        f"languages: [{', '.join(site['languages'])}]", f"languages: [{', '.join(site['languages'] + ['fr'])}]")
    if in_progress:
        text += "in_progress: [fr]\n"
    site_yaml.write_text(text, encoding="utf-8")
    assert site_languages(content) == [*site_languages(), "fr"]
    return Project(REPO, content, tmp_path / "site", tmp_path / "build")


def test_a_language_in_progress_builds_strict_with_fallbacks_and_its_coverage(tmp_path):
    project = with_french(tmp_path, in_progress=True)
    said: list[str] = []
    build(project, strict=True, say=said.append)
    assert f"{project.content / 'site.yaml'}:1:1: warning: languages: 'fr' has no interface catalog " \
           f"({REPO / 'locale/fr/LC_MESSAGES/messages.po'}): its pages show the interface untranslated; " \
           "create it with `pybabel init -l fr` (README, Translations)" in said
    progress = [line for line in said if line.startswith("fr (in progress): ")]
    assert len(progress) == 1 and "content 0.0% (0/" in progress[0] and "interface 0.0% (0/" in progress[0]
    page = (project.site / "fr/events/qalaat-al-mudiq-captured/index.html").read_text(encoding="utf-8")
    assert 'lang="fr"' in page and "sg-untranslated" in page  # English texts, each with its note


def test_a_language_not_in_progress_must_be_complete_under_strict(tmp_path):
    project = with_french(tmp_path, in_progress=False)
    result = check(project.content)
    assert result.failed(strict=True) and any("missing translation for 'fr'" in p.message for p in result.problems)
    with pytest.raises(BuildError):
        build(project, strict=True, say=lambda line: None)


def test_the_default_language_cannot_be_in_progress(tmp_path):
    project = with_french(tmp_path, in_progress=False)
    site_yaml = project.content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "in_progress: [en]\n", encoding="utf-8")
    assert [p.format() for p in check(project.content).problems if p.severity == "error"] == [
        f"{site_yaml}:{len(site_yaml.read_text().splitlines())}:14: error: in_progress: the default language "
        "cannot be in progress"]


def test_a_regional_locale_must_be_of_its_language(tmp_path):
    project = with_french(tmp_path, in_progress=True)
    site_yaml = project.content / "site.yaml"
    lines = site_yaml.read_text(encoding="utf-8").splitlines()
    line = lines.index("  ar: ar_SY") + 1
    lines[line - 1] = "  ar: tr_TR"
    site_yaml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [p.format() for p in check(project.content).problems] == [
        f"{site_yaml}:{line}:7: error: locales.ar: 'tr_TR' is not a locale of the language 'ar' (such as ar_SY)"]


def test_the_progress_report_walks_only_for_languages_in_progress(tmp_path, monkeypatch):
    """Every build asks for the report: with no language in progress it must not walk the
    records' texts (O(records), seconds at 10,000 events), and with some it must give what
    the whole coverage gives for them."""
    from sitegen.pages import coverage as module

    project = with_french(tmp_path, in_progress=True)
    content = check(project.content).content
    whole = {entry.lang: entry for entry in module.coverage(content, REPO / "locale")}
    assert [line for line in module.progress_report(content, REPO / "locale")] == [
        whole["fr"].line(" (in progress)")]
    assert module.coverage(content, REPO / "locale", {"fr", "tr"}) == [whole["tr"], whole["fr"]]

    walked = []
    monkeypatch.setattr(module, "_texts", lambda c: walked.append(c) or iter(()))
    plain = check(REPO / "content").content
    assert not plain.site.in_progress
    assert module.progress_report(plain, REPO / "locale") == [] and walked == []
