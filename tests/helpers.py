"""Shared test helpers: building a project's site into a temporary folder, reading what its
search bundles answer."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import yaml

from sitegen.build import search
from sitegen.build.run import Project, build

REPO = Path(__file__).resolve().parent.parent
HREF = re.compile(r'(?:href|src)="([^"#?]*)[^"]*"')


def site_languages(content: Path = REPO / "content") -> list[str]:
    """The languages the sample site is built in, as its site.yaml lists them."""
    with (content / "site.yaml").open(encoding="utf-8") as handle:
        return list(yaml.safe_load(handle)["languages"])


def translated_languages(content: Path = REPO / "content") -> list[str]:
    """The site's languages whose interface catalog must be complete: all but the default
    and those marked in progress."""
    with (content / "site.yaml").open(encoding="utf-8") as handle:
        site = yaml.safe_load(handle)
    skip = {site["default_language"], *site.get("in_progress", ())}
    return [lang for lang in site["languages"] if lang not in skip]


def build_into(tmp: Path, content: Path = REPO / "content", strict: bool = False) -> Project:
    project = Project(REPO, content, tmp / "site", tmp / "build")
    build(project, strict=strict, say=lambda line: None)
    return project


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def broken_links(site: Path) -> list[str]:
    """Internal links and assets in every page that point at nothing in the site."""
    broken = []
    for page in html_files(site):
        if page.name == "404.html":  # served at any depth, so its links are site-absolute
            continue
        for target in set(HREF.findall(page.read_text(encoding="utf-8"))):
            if not target or re.match(r"^[a-z]+:|^//", target):
                continue
            resolved = (page.parent / target).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{page.relative_to(site)} -> {target}")
    return broken


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def pages(site: Path) -> dict[str, bytes]:
    """Every file of the site but those in the search bundles (<lang>/pagefind*/)."""
    return {rel: data for rel, data in tree(site).items() if rel.split("/")[1:2] not in ([search.MAIN], [search.DELTA])}


def fragments(bundle: Path) -> dict[str, dict]:
    """Pagefind result id -> the fragment (page URL, text, title, headings) it shows."""
    found = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        found[path.name.partition(".")[0]] = json.loads(raw[raw.index(b"{"):])
    return found


def hidden(lang_site: Path) -> dict:
    return json.loads((lang_site / search.DELTA / search.HIDDEN).read_text(encoding="utf-8"))


def answers(lang_site: Path) -> dict[str, dict]:
    """What the search box can find: URL -> fragment, from the main bundle minus the
    hidden ids and from the delta bundle; no URL twice."""
    listed = hidden(lang_site)
    shown = {i: f for i, f in fragments(lang_site / search.MAIN).items() if i not in listed["hide"]}
    if listed["delta"]:
        shown.update(fragments(lang_site / search.DELTA))  # one id in both bundles is one result
    urls = [f["url"] for f in shown.values()]
    assert len(urls) == len(set(urls)), sorted(u for u in urls if urls.count(u) > 1)
    return {f["url"]: f for f in shown.values()}


def assert_same_site(site: Path, cold: Path) -> None:
    """Byte for byte the same but the search bundles, which answer the same."""
    assert pages(site) == pages(cold)
    for lang in sorted(p.name for p in cold.iterdir() if (p / search.MAIN).is_dir()):
        assert hidden(cold / lang) == {"delta": False, "hide": []}
        assert answers(site / lang) == answers(cold / lang), lang
