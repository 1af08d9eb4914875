"""Build inputs: an upgraded package that shapes pages, or an edited file mkdocs.yml names,
makes the next build cold; the build date is not a page's input, so a new latest event
rebuilds incrementally (only the sitemaps show the date)."""

from __future__ import annotations

import re
import shutil

import pytest

from sitegen.build import inputs
from sitegen.build.run import build

from helpers import REPO, assert_same_site
from projects import project_with, repo_mkdocs


def run(project) -> dict:
    report = []
    build(project, say=lambda line: None, report=report)
    return {b.lang: b for b in report}


@pytest.fixture
def content(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(REPO / "content", copy)
    return copy


def test_an_upgraded_package_makes_the_next_build_cold(tmp_path, content, monkeypatch):
    project = project_with(tmp_path, repo_mkdocs(), content)
    run(project)
    assert not any(b.full for b in run(project).values())  # nothing changed: in place
    real = inputs.versions()
    bumped = tuple((name, "99.0" if name == "mkdocs-material" else version) for name, version in real)
    monkeypatch.setattr(inputs, "versions", lambda packages=inputs.PACKAGES: bumped)
    assert all(b.full and b.rendered == b.pages for b in run(project).values())


def test_versions_name_the_packages_that_shape_pages():
    found = dict(inputs.versions())
    for name in ("mkdocs", "mkdocs-material", "markdown", "jinja2", "babel", "pymdown-extensions"):
        assert found[name] != "-", name


def test_an_edited_hook_file_makes_the_next_build_cold(tmp_path, content):
    project = project_with(tmp_path, repo_mkdocs(hooks="[hooks/config.py]"), content)
    (project.root / "hooks").mkdir()
    hook = project.root / "hooks" / "config.py"
    hook.write_text("def on_config(config):\n    return config\n", encoding="utf-8")
    run(project)
    assert not any(b.full for b in run(project).values())
    hook.write_text("def on_config(config):\n    config.copyright = 'changed'\n    return config\n", encoding="utf-8")
    assert all(b.full for b in run(project).values())
    assert "changed" in (project.site / "en/events/qalaat-al-mudiq-captured/index.html").read_text()


def test_a_new_latest_event_is_an_incremental_build(tmp_path, content):
    project = project_with(tmp_path / "a", repo_mkdocs(site_url="https://example.org/"), content)
    run(project)
    before = (project.site / "en/sitemap.xml").read_text()
    model = (content / "events" / "qalaat-al-mudiq-captured.yaml").read_text(encoding="utf-8")
    model = re.sub(r"(?m)^id: .*$", "id: zz-latest-event", model, count=1)
    (content / "events" / "zz-latest-event.yaml").write_text(
        re.sub(r"(?m)^date: .*$", 'date: "2019-06-02"', model, count=1), encoding="utf-8")
    after = run(project)
    assert not any(b.full for b in after.values())
    assert all(b.rendered < b.pages for b in after.values())
    sitemap = (project.site / "en/sitemap.xml").read_text()
    assert "<lastmod>2019-06-02</lastmod>" in sitemap and "<lastmod>2019-06-02</lastmod>" not in before
    assert "https://example.org/en/events/zz-latest-event/" in sitemap
    cold = project_with(tmp_path / "cold", repo_mkdocs(site_url="https://example.org/"), content)
    run(cold)
    assert_same_site(project.site, cold.site)
