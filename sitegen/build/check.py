"""`sitegen check`: load and validate, then report every problem once."""

from __future__ import annotations

import functools
import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import fanout, manifest
from .cache import CheckCache, context as cache_context
from ..content.fields import Ctx
from ..content.recordkinds import NAMES
from ..content.load import Found, find_files, load_file, load_site
from ..content.model import Content
from ..content.problems import ERROR, WARNING, Loc, Problem, Problems
from ..content.quote import printable
from ..content.validate import FileCheck, check_across, file_context, known_ids, validate_file, validate_files, validate_site




@dataclass(frozen=True)
class CheckResult:
    root: str
    content: Content | None
    problems: tuple[Problem, ...]
    records: int

    def failed(self, strict: bool = False) -> bool:
        return any(p.severity == ERROR or strict for p in self.problems)

    def summary(self) -> str:
        errors = sum(p.severity == ERROR for p in self.problems)
        warnings = sum(p.severity == WARNING for p in self.problems)
        return (
            f"{printable(self.root)}: {_plural(self.records, 'record')}, "
            f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
        )

    def report(self, style: str = "text") -> list[str]:
        lines = [p.format_github() if style == "github" else p.format() for p in self.problems]
        return lines + [self.summary()]


def check(root: str | Path, cache: CheckCache | None = None, freeze: bool = False, model: bool = True,
          jobs: int | None = None) -> CheckResult:
    """Load and validate the content under `root`. With a `cache`, files unchanged since the
    cache's last check are taken from it as they were checked then, and the cache then keeps
    this check's files; the result is the same as without it. `freeze`: for a one-shot
    command only (see `no_gc`).

    `model`: whether the caller wants the valid content (`content`, which a build links).
    Without it (`model=False`, as `sitegen check` calls it) `content` is always None, and a
    cache with a manifest (`DiskCache`) answers a check of a folder unchanged since the last
    such check with that check's problems and record count, from the manifest alone
    (`sitegen.build.manifest`); otherwise the check runs and then writes the manifest.

    `jobs`: how many processes load the files not taken from the cache, when there are many
    (`sitegen.build.fanout`; default: one per CPU this process may use). The result is the
    same whatever it is."""
    started = time.time_ns()
    where = cache.manifest if cache is not None and not model else None
    with no_gc(freeze):  # the manifest's problems too: 210,000 at 100,000 events
        before = manifest.state(Path(root), cache_context) if where is not None else None
        stored = manifest.recall(where, before, started - cache.settle_ns) if before is not None else None
        if stored is not None:
            return CheckResult(str(root), None, stored.problems, stored.records)
        problems = Problems()
        content, records, context = _check(Path(root), cache, problems, started, jobs)
    result = CheckResult(str(root), content if model else None, tuple(problems.sorted()), records)
    if before is not None and context is not None and before.newest < started - cache.settle_ns:
        after = manifest.state(Path(root), cache_context)  # not walked again for a manifest that cannot be kept
        manifest.keep(where, before, after, context, manifest.Stored(result.problems, records),
                      started - cache.settle_ns)
    return result


def check_file(path: str | Path, cache: CheckCache | None = None, freeze: bool = False) -> CheckResult:
    """Check one content file (`content/events/x.yaml`) against the rest of the content: the
    problems a check of the whole folder finds in this file and in `site.yaml`, no others
    (`content` is None). For editors' save hooks.

    With a `cache` from a check of the folder in the same context (same `site.yaml`, same
    sitegen), only this file is loaded and validated: the other files give the checks
    across records their `Links` from the cache (`validate.check_across`), those changed
    since (at most `STALE_AT_MOST`) loaded again. Without one, or with a cache further out of
    date, the whole folder is checked (through the cache, which that check refreshes)."""
    path = Path(path)
    if path.name == "site.yaml":  # every record depends on it: the whole folder
        return check(path.parent, cache, model=False)
    root, kind = path.parent.parent, path.parent.name
    if kind not in NAMES or not (root / "site.yaml").is_file():
        problem = Problem(Loc(str(path)), ERROR, "not a content file: records are in <content>/<kind>/, beside site.yaml")
        return CheckResult(str(path), None, (problem,), 0)
    if not path.is_file():
        return CheckResult(str(path), None, (Problem(Loc(str(path)), ERROR, "file not found"),), 0)
    problems = Problems()
    with no_gc(freeze):
        if cache is None or not _check_against_links(root, str(path), cache, problems):
            problems = Problems()
            _check(root, cache, problems, time.time_ns())
    mine = (str(path), str(root / "site.yaml"))
    kept = Problems()
    kept.items = [p for p in problems.items if p.loc.path in mine]
    return CheckResult(str(path), None, tuple(kept.sorted()), 1)


STALE_AT_MOST = 100  # files changed since the cache's check that a check of one file loads again (0.3 ms each)


def _check_against_links(root: Path, path: str, cache: CheckCache, problems: Problems) -> bool:
    """Check the file at `path` against the other files' links kept in `cache`, adding the
    problems to `problems` (with others' problems found on the way); False if the cache
    cannot serve (another context, or too many files changed since)."""
    site_record = load_site(root, problems)
    site = validate_site(site_record, problems)
    if site is None:
        return False
    kept = cache.recall_links(cache_context(root, site_record.digest))
    if not kept:
        return False
    listing = find_files(root, problems, keys=True)
    ctx, known = file_context(site), known_ids(listing.stems)
    links, checked, stale = [], [], 0
    for found in listing.files:
        link = kept.get(found.path) if found.path != path else None
        if link is None or link.key != found.key or link.kind != found.kind:
            if found.path != path:
                stale += 1
                if stale > STALE_AT_MOST:
                    return False
            file = _load(found, ctx, known)
            link = file.links
            if found.path == path:
                checked.append(file)
        links.append(link)
    check_across(links, checked, known, problems)
    return True


def _check(root: Path, cache: CheckCache | None, problems: Problems,
           started: int, jobs: int | None = None) -> tuple[Content | None, int, tuple | None]:
    """The valid content, or None, how many records loaded, and the cache's context the
    records were checked in (None without a cache, or without a usable site.yaml)."""
    if not root.is_dir():
        problems.error(Loc(str(root)), "content folder not found")
        return None, 0, None
    site_record = load_site(root, problems)
    site = validate_site(site_record, problems)
    if site is None:  # nothing can be validated: report what fails to load, and cache nothing
        loaded = [load_file(found, problems)[0] for found in find_files(root, problems).files]
        return None, sum(record is not None for record in loaded), None
    context = cache_context(root, site_record.digest) if cache is not None else None
    kept = cache.recall(context) if cache is not None else {}
    listing = find_files(root, problems, keys=bool(kept))
    ctx, known = file_context(site), known_ids(listing.stems)
    files = _check_files(listing.files, kept, ctx, known, jobs)
    content = validate_files(site, files, known, problems)
    if cache is not None:
        cache.keep(context, files, started)
    return content, sum(file.loaded for file in files), context


def _check_files(listing, kept, ctx: Ctx, known: dict[str, set[str]], jobs: int | None) -> list[FileCheck]:
    """Each file as the cache kept it (`_kept`), the others loaded and validated (`_load`), in
    `jobs` processes if there are many (`fanout.check_files`); in the listing's order."""
    files = [_kept(found, kept, known) for found in listing]
    missing = [i for i, file in enumerate(files) if file is None]
    loaded = fanout.check_files([listing[i] for i in missing], functools.partial(_load, ctx=ctx, known=known), jobs)
    for i, file in zip(missing, loaded):
        files[i] = file
    return files


def _kept(found: Found, kept, known: dict[str, set[str]]) -> FileCheck | None:
    """The file as the cache kept it, if it has the same stat key and every id it names is
    still known."""
    file = kept.get(found.path)
    if file is not None and file.key == found.key and file[:3] == found[:3] and file.names_only(known):
        return file
    return None


def _load(found: Found, ctx: Ctx, known: dict[str, set[str]]) -> FileCheck:
    """One file loaded and validated alone."""
    problems = Problems()
    record, key = load_file(found, problems)
    return validate_file(ctx, known, found, record, key, problems)


@contextmanager
def no_gc(freeze: bool = False):
    """Pause the cyclic garbage collector while building large acyclic data: it would
    otherwise scan the growing records again and again (half of the time of a check).
    The collector is left as it was found. With `freeze` (a one-shot command, `sitegen
    check` or `sitegen build`, whose process ends soon after), everything made is first moved
    to the permanent generation (`gc.freeze`), so the collector's first run after the pause
    does not scan it all once more: 0.37 s of a warm 1.3 s check at 10,000 events
    (cProfile, 2026-11-30). Never in a long-lived process (`sitegen serve`): it would add every
    check's records to the permanent generation; the language workers, processes of one
    build, freeze what they inherit (`sitegen.build.language.start_worker`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
