"""Search: each language's Pagefind index, kept current the way an LSM tree is.

A whole build indexes a language whole into `<lang>/pagefind/` (the main bundle) and
notes which Pagefind fragment holds each page (a fragment's file stem is the result id
Pagefind's API gives the browser). Pagefind cannot update an index, so a build that
changes pages in place leaves the main bundle alone: the pages changed since it was
made (cumulatively) are indexed into a small second bundle, `<lang>/pagefind-delta/`,
beside `hidden.json`, the main bundle's ids of those pages, which the search box drops
from its results. `hidden.json` is always published (empty without a delta). Once more
pages than `compact_at` have changed, the next build indexes the language whole again
(compaction) and the delta empties.

Pagefind is fed the pages in a fixed order (`sitegen.build.indexer`) and writes its bundles
beside the site, so a failed run changes nothing; new bundles replace the old ones by
renames when the build is published (`sitegen.build.publish`).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..pages import urls
from .indexer import PagefindError, index_pages, site_pages
from .write import write_if_changed

MAIN = "pagefind"
DELTA = "pagefind-delta"
HIDDEN = "hidden.json"
MARKERS = {MAIN: "pagefind-entry.json", DELTA: HIDDEN}  # re-made with each bundle: its identity
# Compact once more pages than this changed since the main bundle was made. Every build
# indexes the whole delta again: at 10,000 events Pagefind takes about 0.1 s + 1.4 ms per
# page of a delta (0.8 s at 500 pages), and 10-14 s for a whole language of 13,000 pages.
COMPACT_PAGES = 500
COMPACT_SHARE = 0.5  # ... or than this share of a small language, where a delta saves little




class SearchError(Exception):
    pass


def compact_at(pages: int) -> int:
    """How many changed pages a delta may stand for in a language of `pages` pages."""
    return min(COMPACT_PAGES, int(pages * COMPACT_SHARE))


# Not indexed: heading anchors, and labels (a definition list's terms, a table's header
# row), which Pagefind would join to the value beside them ("P-codeSY02", "writtenHmeimim").
EXCLUDE = [".headerlink", "dt", "thead"]


def _index(pages: list[tuple[str, Path]], bundle: Path) -> None:
    """Index `pages` (see `sitegen.build.indexer.index_pages`) into `bundle`."""
    try:
        index_pages(pages, bundle, EXCLUDE)
    except PagefindError as err:
        raise SearchError(f"pagefind failed for {bundle}: {err}") from None
    entry = bundle / "pagefind-entry.json"  # Pagefind lists languages in any order
    entry.write_text(json.dumps(json.loads(entry.read_text(encoding="utf-8")), sort_keys=True,
                                ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def fragment_ids(bundle: Path) -> dict[str, str]:
    """URL (relative to the language root) -> Pagefind result id, from the bundle's
    fragments (gzip: a signature, then JSON with the page's `url`)."""
    ids = {}
    for path in (bundle / "fragment").iterdir():
        raw = gzip.decompress(path.read_bytes())
        ids[json.loads(raw[raw.index(b"{"):])["url"].lstrip("/")] = path.name.partition(".")[0]
    return dict(sorted(ids.items()))


def bundle_ids(bundles: list[Path]) -> dict[str, list[str]]:
    """URL (relative to the language root) -> the page's result ids, sorted, in any of
    `bundles` (a language's bundle folders: its main bundle, or the parts of it, and its
    delta), from their fragments (`fragment_ids`); a folder without fragments (an empty
    delta) adds none. Raises SearchError for a fragment that cannot be read."""
    found: dict[str, set[str]] = {}
    for bundle in bundles:
        if (bundle / "fragment").is_dir():
            try:
                ids = fragment_ids(bundle)
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
                raise SearchError(f"{bundle}: a fragment of the search bundle cannot be read: {err}") from None
            for url, result in ids.items():
                found.setdefault(url, set()).add(result)
    return {url: sorted(results) for url, results in sorted(found.items())}


def read_hidden(folder: Path) -> list[str]:
    """The result ids the `HIDDEN` file of a delta folder hides ([] without the file).
    Raises SearchError for a file that is not what `write_hidden` writes."""
    try:
        hide = json.loads((folder / HIDDEN).read_text(encoding="utf-8"))["hide"]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise SearchError(f"{folder / HIDDEN}: cannot be read: {err}") from None
    if not isinstance(hide, list) or not all(isinstance(i, str) for i in hide):
        raise SearchError(f"{folder / HIDDEN}: not a list of result ids")
    return hide


def write_hidden(folder: Path, hide: list[str], delta: bool) -> None:
    data = json.dumps({"delta": delta, "hide": sorted(hide)}, separators=(",", ":"))
    write_if_changed(folder / HIDDEN, data, top=folder.parent)


@dataclass(frozen=True)
class Indexed:
    """What one language's indexing left beside the site, for `publish`: a whole build's
    bundles are inside its new folder already; an update made a delta folder and, when it
    compacted, a new main bundle."""

    lang: str
    whole: bool                # the language was indexed whole
    pages: int                 # how many pages Pagefind read
    changed: int               # how many pages had changed since the main bundle
    delta: Path | None = None  # becomes <lang>/pagefind-delta
    main: Path | None = None   # becomes <lang>/pagefind (a compaction)

    def summary(self) -> str:
        if self.delta is None:
            return f"{self.lang} (whole)"
        if self.main is not None:
            return f"{self.lang} (whole: {self.changed} pages had changed)"
        return f"{self.lang} (delta: {self.pages} of {self.changed} changed pages)"

    def markers(self) -> dict[str, Path]:
        """The file that identifies each bundle `publish` puts in place, by its path in
        the language folder (renames keep what `sitegen.build.state` signs)."""
        found = {f"{DELTA}/{HIDDEN}": self.delta / HIDDEN} if self.delta is not None else {}
        if self.main is not None:
            found[f"{MAIN}/{MARKERS[MAIN]}"] = self.main / MARKERS[MAIN]
        return found


def index_language(folder: Path) -> tuple[Indexed, dict[str, str]]:
    """Index a whole language folder built beside the site into its main bundle, with an
    empty delta; returns what was indexed and the main bundle's result id of each page.
    Waits for Pagefind."""
    _index(site_pages(folder, skip=(MAIN, DELTA)), folder / MAIN)
    write_hidden(folder / DELTA, [], delta=False)
    ids = fragment_ids(folder / MAIN)
    return Indexed(folder.name, True, len(ids), 0), ids


def update(lang: str, pages: list[str], changed: list[str], ids: dict[str, str], sources: list[Path],
           staging: Path) -> tuple[Indexed, dict[str, str]]:
    """Index what a language's search owes: the `changed` pages that are searchable and
    still exist into a delta, or the whole language (`pages`) once too many changed. A
    page is read from the first of `sources` (language folders) that has it. Waits for
    Pagefind; returns what to publish and the ids of the main bundle it leaves."""
    compact = bool(pages) and len(changed) > compact_at(len(pages))
    existing = set(pages)
    read = pages if compact else [p for p in changed if p in existing and not urls.is_listing(p)]
    folder = staging / f"{lang}.{DELTA}"
    main = staging / f"{lang}.{MAIN}" if compact else None
    _remove(folder)
    if main is not None:
        _remove(main)
    if read:  # never only listings: without a marked body Pagefind would index whole pages
        _index(_find_pages(read, sources), main or folder)
    if compact:
        write_hidden(folder, [], delta=False)
        return Indexed(lang, True, len(read), len(changed), folder, main), fragment_ids(main)
    in_delta = set()
    if read:
        _prune(folder)
        in_delta = {p.name.partition(".")[0] for p in (folder / "fragment").glob("*.pf_fragment")}
    old = {ids[u] for u in map(urls.url, changed) if u in ids}
    # a page changed back has the same fragment in both bundles: kept, and shown once by the search box
    write_hidden(folder, sorted(old - in_delta), delta=bool(read))
    return Indexed(lang, False, len(read), len(changed), folder), ids


def _prune(bundle: Path) -> None:
    """Keep of a delta bundle what `mergeIndex` reads: entry, metadata, index and fragments
    (the scripts and WebAssembly are the main bundle's)."""
    for path in bundle.iterdir():
        if path.is_file() and path.suffix in (".js", ".css", ".pagefind"):
            path.unlink()


def _find_pages(pages: list[str], sources: list[Path]) -> list[tuple[str, Path]]:
    """Each page's file, from the first of `sources` that has it, sorted by path."""
    found = []
    for path in pages:
        rel = urls.url(path) + "index.html"
        source = next((s / rel for s in sources if os.path.isfile(s / rel) and not os.path.islink(s / rel)), None)
        if source is None:
            raise SearchError(f"page {rel} to index for search is missing")
        found.append((rel, source))
    return sorted(found)


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
