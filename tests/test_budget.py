"""The budgets of ordinary changes, measured by making them (issue 17): in a copy of the
repository, a translatable record field shown on its page takes at most 5 files besides
catalogs and goldens (schema, model, view, template, guide), and a page kind four folders
deep at most 4 (its row in `sitegen.pages.pagekinds`, its view, its template, the guide). Then
the copy builds, and each change is on the site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from helpers import REPO

FIELD_BUDGET, PAGE_KIND_BUDGET = 5, 4
NOT_COUNTED = ("locale/", "tests/golden/")


def edit(root, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (rel, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def git(root, *args) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root, check=True,
                          capture_output=True, text=True).stdout


def changed_files(root) -> list[str]:
    """The files changed since the last commit of the copy, catalogs and goldens aside."""
    paths = [line[3:] for line in git(root, "status", "--porcelain", "--untracked-files=all").splitlines()]
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change")
    return sorted(p for p in paths if not p.startswith(NOT_COUNTED))


def add_weapon_field(root) -> None:
    edit(root, "sitegen/content/schema.py", '    "summary": Spec(text),\n', '    "summary": Spec(text),\n    "weapon": Spec(text),\n')
    edit(root, "sitegen/content/model.py", "    summary: Text | None = None\n    figures:",
         "    summary: Text | None = None\n    weapon: Text | None = None\n    figures:")
    edit(root, "sitegen/pages/views.py", "            summary=self.label(event.summary),\n",
         "            summary=self.label(event.summary),\n            weapon=self.label(event.weapon),\n")
    edit(root, "templates/event.md.j2", "{% if page.summary %}\n",
         '{% if page.weapon %}\n\n<p class="sg-weapon">{{ page.weapon|text }}</p>\n{% endif %}\n{% if page.summary %}\n')
    edit(root, "docs/content-format.md", "summary:                  # Markdown\n",
         "weapon:                   # optional: the weapon used, translatable\n  en: Barrel bombs\n"
         "summary:                  # Markdown\n")


def add_year_page_kind(root) -> None:
    """Every event of a year, at chronology/by-year/<year>/events.md: four folders deep."""
    edit(root, "sitegen/pages/pagekinds.py", "\nKINDS: dict[str, PageKind]", '''
PAGE_KINDS += (PageKind("year", "chronology/by-year/{key}/events.md", "year.md.j2", lambda v, key, page: v.year(key),
                        keys=lambda m: ((y, None) for y in sorted({k[:4] for k in m.events_by_month}))),)

KINDS: dict[str, PageKind]''')
    edit(root, "sitegen/pages/views.py", "    def _before(self, event_id", '''    def year(self, year: str) -> View:
        ids = dict.fromkeys(e for key, ids in self.model.events_by_month.items() if key[:4] == year for e in ids)
        return View(title=year, events=[self.event_item(e) for e in ids])

    def _before(self, event_id''')
    (root / "templates" / "year.md.j2").write_text(
        "---\ntitle: {{ page.title|yaml }}\n---\n\n# {{ page.title }}\n\n{{ event_list(page.events) }}\n", encoding="utf-8")
    with (root / "docs" / "content-format.md").open("a", encoding="utf-8") as guide:
        guide.write("\nEach year has a page of its events: `chronology/by-year/<year>/events/`.\n")


def test_a_field_and_a_page_kind_take_the_files_promised(tmp_path):
    root = tmp_path / "repo"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        if (REPO / rel).is_file() and not rel.startswith("tests/"):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, root / rel)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "copy")

    add_weapon_field(root)
    field_files = changed_files(root)
    assert len(field_files) <= FIELD_BUDGET, field_files
    assert field_files == ["docs/content-format.md", "sitegen/content/model.py", "sitegen/content/schema.py", "sitegen/pages/views.py",
                           "templates/event.md.j2"]
    add_year_page_kind(root)
    kind_files = changed_files(root)
    assert len(kind_files) <= PAGE_KIND_BUDGET, kind_files
    assert kind_files == ["docs/content-format.md", "sitegen/pages/pagekinds.py", "sitegen/pages/views.py", "templates/year.md.j2"]

    content = tmp_path / "content"
    shutil.copytree(root / "content", content)
    event = next(iter(sorted((content / "events").glob("*.yaml"))))
    event.write_text(event.read_text(encoding="utf-8") + "weapon:\n  en: Barrel bombs\n  ar: براميل متفجرة\n",
                     encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(root), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "sitegen", "build", "--content", str(content), "--site",
                           str(tmp_path / "site")], cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    en = tmp_path / "site" / "en"
    page = (en / "events" / event.stem / "index.html").read_text(encoding="utf-8")
    assert '<p class="sg-weapon"><bdi>Barrel bombs</bdi></p>' in page
    years = sorted((en / "chronology" / "by-year").iterdir())
    assert years, "no year pages"
    year_page = (years[0] / "events" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in year_page and 'class="sg-events"' in year_page
    assert "../../../../events/" in year_page  # its links reach the event pages from four folders down
