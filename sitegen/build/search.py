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

Pagefind holds its whole index in memory until it writes the bundle, so a language too large
for one run within the memory budget (`sitegen.build.budget.search_parts`) is indexed in
parts: its pages, sorted by path, are cut into K contiguous runs, each indexed by a Pagefind
run of its own, one after another. Part 1 is the main bundle; part k > 1 goes to
`<lang>/pagefind-part-k/`, pruned like the delta to what `mergeIndex` reads, and
`hidden.json` lists them (`"parts"`) for the search box and the Browse page, which merge each
one. With K = 1 nothing of this shows: the same bundle and `hidden.json` as ever.

Pagefind is fed the pages in a fixed order (`sitegen.build.indexer`) and writes its bundles
beside the site, so a failed run changes nothing; new bundles replace the old ones by
renames when the build is published (`sitegen.build.publish`).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..pages import urls
from . import budget
from .indexer import PagefindError, index_pages, is_marked, site_pages, vocabulary_page
from .write import write_if_changed

MAIN = "pagefind"
DELTA = "pagefind-delta"
HIDDEN = "hidden.json"
PART = "pagefind-part-"  # + k, for the parts k > 1 of a main bundle cut in parts
VOCABULARY = "pagefind-vocabulary-"  # + k: the URL of part k's page of every word (indexer.vocabulary_page)
ENTRY = "pagefind-entry.json"
MARKERS = {MAIN: ENTRY, DELTA: HIDDEN}  # re-made with each bundle: its identity
_PART_NAME = re.compile(r"pagefind-part-([2-9]|[1-9][0-9]+)")


def part_name(k: int) -> str:
    """The folder (in the language folder) of part `k` of the main bundle: `pagefind` for 1."""
    return MAIN if k == 1 else f"{PART}{k}"


def is_part(name: str) -> bool:
    """Whether `name` is the folder of a part k > 1 (`pagefind-part-k`)."""
    return _PART_NAME.fullmatch(name) is not None


def marker(name: str) -> str | None:
    """The file that identifies a bundle folder `name` of the language folder (re-made with
    the bundle), or None for any other folder."""
    return ENTRY if is_part(name) else MARKERS.get(name)
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


def _index(pages: list[tuple[str, Path]], bundle: Path, marked_only: bool = False,
           extra: tuple[str, str] | None = None) -> None:
    """Index `pages` (see `sitegen.build.indexer.index_pages`), and the page `extra`, into
    `bundle`. Raises SearchError (NothingMarked's included: `runs` gives no such run)."""
    try:
        index_pages(pages, bundle, EXCLUDE, marked_only=marked_only, extra=extra)
    except PagefindError as err:
        raise SearchError(f"pagefind failed for {bundle}: {err}") from None
    entry = bundle / ENTRY  # Pagefind lists languages in any order
    entry.write_text(json.dumps(json.loads(entry.read_text(encoding="utf-8")), sort_keys=True,
                                ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


@dataclass(frozen=True)
class Run:
    """One Pagefind run of a language cut in parts: the part it makes (`part_name(folder)`),
    the pages it indexes, the range of the cut (1-based) that ends it, which is the share
    (`sitegen build --share`) that makes it, and whether pages without a marked body are
    left out (`sitegen.build.indexer.index_pages`)."""

    folder: int
    pages: list[tuple[str, Path]]
    last: int
    marked_only: bool


def cut_range(count: int, parts: int, k: int) -> tuple[int, int]:
    """The pages [start, end) of range `k` (1-based) when `count` pages (sorted by path) are
    cut into `parts` contiguous ranges of (nearly) equal length."""
    return (k - 1) * count // parts, k * count // parts


def runs(pages: list[tuple[str, Path]], parts: int) -> list[Run]:
    """The Pagefind runs that index `pages` (sorted by path) cut into `parts` ranges: one run a
    range, but that a range with no marked page (listings only) is not indexed alone, where
    Pagefind would index whole pages: its pages join the next range's run (those of a last
    such range are not searchable anyway). With one part, or when no page is marked, one run
    over every page, made by range 1, as a single Pagefind run makes it."""
    whole = [Run(1, pages, 1, False)]
    if parts <= 1:
        return whole
    made: list[Run] = []
    carried: list[tuple[str, Path]] = []
    for k in range(1, parts + 1):
        start, end = cut_range(len(pages), parts, k)
        run = carried + pages[start:end]
        if any(is_marked(rel, path) for rel, path in pages[start:end]):
            made.append(Run(len(made) + 1, run, k, True))
            carried = []
        else:
            carried = run
    return made or whole


def index_parts(pages: list[tuple[str, Path]], parts: int, folder, share: int | None = None) -> int:
    """Index `pages` (sorted by path) into the main bundle `folder(1)` cut into `parts`
    contiguous ranges (`runs`), each by its own Pagefind run, one after another; part k > 1
    goes to `folder(k)`, pruned (`_prune`). Returns how many parts the cut makes; with one
    part, the bundle is the one a single run makes. Each part also indexes a page of every
    word of the language (`VOCABULARY`), so that it answers a query as the whole index would
    (see `sitegen.build.indexer.vocabulary_page`); the scripts drop that page's results
    (`hidden.json`). With `share` (1 to `parts`), only the run that range `share` ends is
    made (none if that range has no marked page): the same bytes as in the whole cut, since
    every range still reads every page for the words."""
    try:
        cut = runs(pages, parts)
    except PagefindError as err:
        raise SearchError(str(err)) from None
    words = vocabulary_page(pages) if cut[0].marked_only else None
    for run in cut:
        if share is not None and run.last != share:
            continue
        extra = (f"{VOCABULARY}{run.folder}/index.html", words) if run.marked_only and words is not None else None
        _index(run.pages, folder(run.folder), marked_only=run.marked_only, extra=extra)
        if run.folder > 1:
            _prune(folder(run.folder))
    return len(cut)


def _pages(ids: dict[str, str]) -> int:
    """How many of the pages in `ids` are the site's (not a part's page of every word)."""
    return sum(not url.startswith(VOCABULARY) for url in ids)


def fragment_ids(bundle: Path, parts: list[Path] = (), limit: int | None = None) -> dict[str, str]:
    """URL (relative to the language root) -> Pagefind result id, from the fragments of the
    bundle and of its `parts` (gzip: a signature, then JSON with the page's `url`); a part's
    page of every word is there too, as `pagefind-vocabulary-k/`. `limit`: the most bytes a
    fragment may unpack to (for bundles from elsewhere, `sitegen assemble`: a small file that
    unpacks to gigabytes raises ValueError instead of filling the memory); None: no limit."""
    ids = {}
    for folder in (bundle, *parts):
        for path in (folder / "fragment").iterdir():
            raw = gzip.decompress(path.read_bytes()) if limit is None else _gunzip(path.read_bytes(), limit)
            ids[json.loads(raw[raw.index(b"{"):])["url"].lstrip("/")] = path.name.partition(".")[0]
    return dict(sorted(ids.items()))


def _gunzip(data: bytes, limit: int) -> bytes:
    """One gzip member (as Pagefind writes a fragment) unpacked, if within `limit` bytes;
    else ValueError."""
    unpack = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        raw = unpack.decompress(data, limit + 1)
    except zlib.error as err:
        raise ValueError(f"a fragment is not gzip: {err}") from None
    if len(raw) > limit:
        raise ValueError(f"a fragment unpacks to more than {limit:,} bytes")
    if not unpack.eof:
        raise ValueError("a fragment is not a whole gzip stream")
    return raw


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


def write_hidden(folder: Path, hide: list[str], delta: bool, parts: int = 1,
                 ids: dict[str, str] | None = None) -> None:
    """`hidden.json`: whether there is a delta bundle, the main bundle's ids it hides, and,
    when the main bundle is cut in parts, the folders of parts 2..K (relative to the
    language folder), which the scripts merge, and the ids of the parts' pages of every
    word (from the main bundle's `ids`), whose results they drop (`"parts"`, `"vocabulary"`:
    absent with one part)."""
    data = {"delta": delta, "hide": sorted(hide)}
    if parts > 1:
        data["parts"] = [part_name(k) + "/" for k in range(2, parts + 1)]
        data["vocabulary"] = sorted(i for url, i in (ids or {}).items() if url.startswith(VOCABULARY))
    write_if_changed(folder / HIDDEN, json.dumps(data, separators=(",", ":")), top=folder.parent)


@dataclass(frozen=True)
class Indexed:
    """What one language's indexing left beside the site, for `publish`: a whole build's
    bundles are inside its new folder already; an update made a delta folder and, when it
    compacted, a new main bundle (and its parts)."""

    lang: str
    whole: bool                # the language was indexed whole
    pages: int                 # how many pages Pagefind read
    changed: int               # how many pages had changed since the main bundle
    delta: Path | None = None  # becomes <lang>/pagefind-delta
    main: Path | None = None   # becomes <lang>/pagefind (a compaction)
    parts: int = 1             # the main bundle's parts (those k > 1: `part_name(k)`)
    part_folders: tuple[Path, ...] = ()  # a compaction's parts 2..K, to become <lang>/pagefind-part-k
    share: tuple[int, int] | None = None  # a share's (`index_language`): range k of the cut into n it indexed

    def summary(self) -> str:
        if self.share is not None:
            return f"{self.lang} (share {self.share[0]}/{self.share[1]}: {self.pages} pages)"
        cut = f" in {self.parts} parts" if self.parts > 1 and self.whole else ""
        if self.delta is None:
            return f"{self.lang} (whole{cut})"
        if self.main is not None:
            return f"{self.lang} (whole{cut}: {self.changed} pages had changed)"
        return f"{self.lang} (delta: {self.pages} of {self.changed} changed pages)"

    def markers(self) -> dict[str, Path]:
        """The file that identifies each bundle `publish` puts in place, by its path in
        the language folder (renames keep what `sitegen.build.state` signs)."""
        found = {f"{DELTA}/{HIDDEN}": self.delta / HIDDEN} if self.delta is not None else {}
        if self.main is not None:
            found[f"{MAIN}/{MARKERS[MAIN]}"] = self.main / MARKERS[MAIN]
            for k, folder in enumerate(self.part_folders, 2):
                found[f"{part_name(k)}/{ENTRY}"] = folder / ENTRY
        return found


def index_language(folder: Path, run_mb: float | None = None, cut: int | None = None,
                   share: int | None = None) -> tuple[Indexed, dict[str, str]]:
    """Index a whole language folder built beside the site into its main bundle, in `cut`
    parts if given, else in as many as one Pagefind run of `run_mb` MiB requires
    (`sitegen.build.budget.search_parts`; None: one), with an empty delta; returns what was
    indexed and the result id of each page. Waits for Pagefind.

    With `share` (k of the `cut`, which must be given): the language's share k
    (`sitegen build --share k/n`): only the part that range k of the cut ends is indexed
    (`index_parts`), the pages of the other ranges are removed from `folder` once indexed
    (their shares give them), and no `hidden.json` is written (it names every part's ids:
    `sitegen assemble` writes it, `sitegen.build.assemble`); the ids returned are those of
    the share's part."""
    pages = site_pages(folder, skip=(MAIN, DELTA))
    parts = cut if cut is not None else budget.search_parts(len(pages), run_mb)
    if share is not None:
        made = index_parts(pages, parts, lambda k: folder / part_name(k), share=share)
        start, end = cut_range(len(pages), parts, share)
        _remove_pages(folder, pages[:start] + pages[end:])
        own = [folder / part_name(k) for k in range(1, made + 1) if (folder / part_name(k)).is_dir()]
        ids = fragment_ids(own[0], own[1:]) if own else {}
        return Indexed(folder.name, True, _pages(ids), 0, parts=made, share=(share, parts)), ids
    parts = index_parts(pages, parts, lambda k: folder / part_name(k))
    ids = fragment_ids(folder / MAIN, [folder / part_name(k) for k in range(2, parts + 1)])
    write_hidden(folder / DELTA, [], delta=False, parts=parts, ids=ids)
    return Indexed(folder.name, True, _pages(ids), 0, parts=parts), ids


def _remove_pages(folder: Path, pages: list[tuple[str, Path]]) -> None:
    """Remove the `pages` (site_pages' entries of `folder`, which the build made) and then
    each folder of theirs left empty by it (not a folder that was empty before)."""
    emptied = set()
    for rel, path in pages:
        os.unlink(path)
        emptied.add(path.parent)
    for parent in sorted(emptied, key=lambda p: len(p.parts), reverse=True):  # the deepest first
        while parent != folder and os.path.isdir(parent) and not os.listdir(parent):
            os.rmdir(parent)
            parent = parent.parent


def update(lang: str, pages: list[str], changed: list[str], ids: dict[str, str], sources: list[Path],
           staging: Path, parts: int = 1, run_mb: float | None = None,
           cut: int | None = None) -> tuple[Indexed, dict[str, str]]:
    """Index what a language's search owes: the `changed` pages that are searchable and
    still exist into a delta, or the whole language (`pages`) once too many changed, in as
    many parts as a run of `run_mb` MiB requires (or in `cut` parts, if given). A page is read from the first of `sources`
    (language folders) that has it. `parts`: the parts of the main bundle now. Waits for
    Pagefind; returns what to publish and the ids of the main bundle (all its parts) it leaves."""
    # only pages the search holds count: a new latest event moves every further page of its
    # listings, which are not indexed (`urls.is_listing`), and made a whole index of them
    indexed = [p for p in pages if not urls.is_listing(p)]
    compact = bool(indexed) and sum(1 for p in changed if not urls.is_listing(p)) > compact_at(len(indexed))
    existing = set(pages)
    read = pages if compact else [p for p in changed if p in existing and not urls.is_listing(p)]
    folder = staging / f"{lang}.{DELTA}"
    main = staging / f"{lang}.{MAIN}" if compact else None
    _remove(folder)
    if main is not None:
        _remove(main)
        for old in staging.glob(f"{lang}.{PART}*"):
            _remove(old)
    if compact:
        found = _find_pages(read, sources)
        made = index_parts(found, cut if cut is not None else budget.search_parts(len(found), run_mb),
                            lambda k: staging / f"{lang}.{part_name(k)}")
        others = tuple(staging / f"{lang}.{part_name(k)}" for k in range(2, made + 1))
        new_ids = fragment_ids(main, list(others))
        write_hidden(folder, [], delta=False, parts=made, ids=new_ids)
        return Indexed(lang, True, len(read), len(changed), folder, main, made, others), new_ids
    if read:  # never only listings: without a marked body Pagefind would index whole pages
        _index(_find_pages(read, sources), folder)
    in_delta = set()
    if read:
        _prune(folder)
        in_delta = {p.name.partition(".")[0] for p in (folder / "fragment").glob("*.pf_fragment")}
    old = {ids[u] for u in map(urls.url, changed) if u in ids}
    # a page changed back has the same fragment in both bundles: kept, and shown once by the search box
    write_hidden(folder, sorted(old - in_delta), delta=bool(read), parts=parts, ids=ids)
    return Indexed(lang, False, len(read), len(changed), folder, parts=parts), ids


def _prune(bundle: Path) -> None:
    """Keep of a delta bundle, or of a part k > 1, what `mergeIndex` reads: entry, metadata,
    index, filters and fragments (the scripts and WebAssembly are the main bundle's)."""
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
