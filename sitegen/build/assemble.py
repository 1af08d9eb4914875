"""`sitegen assemble`: the site put together from shards built elsewhere (`sitegen.build.shards`),
the same `site/` a whole build gives, byte for byte.

Each shard gives its language folder; the files at the site's top, which every shard
makes from the whole content, must be the same bytes in every shard and are taken once.
Shards are refused unless they share one fingerprint and one list of languages, and
together hold each of the site's languages exactly once: one whole-language shard, or
every share 1/N to N/N of it, each once, all cut alike.

The shares of a language (`sitegen build --shard LANG --share K/N`) each give the pages of
range K of the language's cut and the part of its search that range ends, and every other
file of the language, made from the whole content (the same bytes in each: checked, taken
once); what names every part's result ids, `pagefind-delta/hidden.json` and the Browse
page's `browse-ids.json`, no share can make: assemble writes them from the parts' fragments
and the events' order in the shares' `shard.json`, as a whole build does
(`sitegen.build.search.write_hidden`, `sitegen.pages.facets.result_ids`).

Shard folders come from elsewhere (a CI artifact) and are untrusted: their entries are
copied one by one, each read without following a link (`sitegen.build.write.read_bytes`); a
link or any other special file refuses the whole shard. The new site is made beside the
old one and published as a build is (`sitegen.build.publish`: a journal, then renames; under the
project's build lock): a failed assemble leaves `site/` as it was. The build's states in
`build/` described the old site, so they go with it (the next `sitegen build` is whole).
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .folders import check_places, is_folder, kind_of, os_error
from .lock import project_lock
from .project import BuildError, Project
from .publish import BACKUP, Place, Plan, PublishError, recover, staging_folder
from . import search
from ..pages import facets
from .shards import FORMAT, MANIFEST
from .write import NOFOLLOW, read_bytes, remove_tree

WHOLE = ".site"  # in the staging folder: the assembled site
FRAGMENT_MB = 16  # the most a Pagefind fragment of a share may unpack to (a page's text: kilobytes)
LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")  # a BCP 47 tag, as a folder name


class ShardError(Exception):
    """A shard that cannot be assembled (the message says which and why)."""


@dataclass(frozen=True)
class Shard:
    folder: Path
    lang: str
    languages: tuple[str, ...]
    fingerprint: str
    top: tuple[str, ...]  # the entries at the site's top it gives: every entry but its language and shard.json
    share: tuple[int, int] | None = None  # (k, n): share k of n of its language; None: the whole language
    events: tuple[str, ...] = ()  # a share's: the events in the Browse page's order (`Model.latest`)

    def name(self) -> str:
        return self.lang if self.share is None else f"{self.lang} {self.share[0]}/{self.share[1]}"


def assemble(project: Project, folders: list[Path], say=print, wait: bool = False) -> list[str]:
    """Put the shard `folders` together into `project.site`; returns the languages, sorted
    as the site lists them. Raises BuildError (leaving the site as it was) if a shard is
    unusable, the shards disagree or miss or repeat a language, a language's shares are
    incomplete, repeated or cut differently, or publishing fails."""
    check_places(project)
    with project_lock(project.work, wait, say):
        staging = staging_folder(project.site)
        try:
            recover(project.site, project.work)
            if not folders:
                raise ShardError("no shard folder given")
            shards = [read_shard(Path(folder)) for folder in folders]
            languages, groups = _agree(shards)
            staging.mkdir(parents=True)
            whole = staging / WHOLE
            os.mkdir(whole)
            first = shards[0]
            for name in first.top:
                _copy(first.folder / name, whole / name)
            for shard in shards[1:]:
                for name in shard.top:
                    _same(shard.folder / name, whole / name, first.folder)
            for lang in languages:
                group = groups[lang]
                _copy(group[0].folder / lang, whole / lang)
                for shard in group[1:]:
                    _merge(shard.folder / lang, whole / lang, lang)
                if group[0].share is not None:
                    _finish_search(whole / lang, group)
            plan = Plan(project.site, project.work)
            plan.replace(Place("site", ""), Place("staging", WHOLE))
            for name in sorted(os.listdir(project.work)):  # the states of the old site's build
                if re.fullmatch(r"state-[^/]+\.json|exports\.json", name):
                    plan.replace(Place("work", name), None)
            plan.commit()
        except (ShardError, PublishError) as err:
            remove_tree(staging)
            raise BuildError(str(err)) from None
        except OSError as err:
            remove_tree(staging)
            raise BuildError(os_error(err)) from None
        remove_tree(staging / BACKUP)
        remove_tree(staging)
    shared = [f"{lang} in {len(groups[lang])} shares" for lang in languages if groups[lang][0].share is not None]
    say(f"site: {project.site}: {', '.join(languages)} from {len(shards)} shard{'s' * (len(shards) != 1)}"
        + (f" ({'; '.join(shared)})" if shared else ""))
    return languages


def read_shard(folder: Path) -> Shard:
    """The shard in `folder`, from its `shard.json`. Raises ShardError for a folder that is
    a link or missing, a missing or malformed `shard.json`, or a language folder missing."""
    if not is_folder(folder):
        raise ShardError(f"{folder}: not a shard folder (missing, a file or a link)")
    raw = read_bytes(str(folder / MANIFEST))
    if raw is None:
        raise ShardError(f"{folder}: no {MANIFEST}: not a shard `sitegen build --shard` made")
    try:
        data = json.loads(raw)
        lang, languages, print_ = data["language"], data["languages"], data["fingerprint"]
        share, events = data.get("share"), data.get("events", [])
        ok = (data["format"] == FORMAT and isinstance(print_, str) and isinstance(languages, list)
              and all(isinstance(l, str) and LANGUAGE.fullmatch(l) for l in languages)
              and len(set(languages)) == len(languages) and lang in languages
              and (share is None or (isinstance(share, list) and len(share) == 2
                                     and all(type(i) is int for i in share) and 1 <= share[0] <= share[1]))
              and isinstance(events, list) and all(isinstance(e, str) for e in events)
              and (share is not None or "events" not in data))
    except (ValueError, KeyError, TypeError, AttributeError):
        ok = False
    if not ok:
        raise ShardError(f"{folder / MANIFEST}: not a shard manifest of this sitegen (format {FORMAT})")
    if not is_folder(folder / lang):
        raise ShardError(f"{folder}: no folder {lang}/ for its language {lang}")
    top = []
    for name in sorted(os.listdir(folder)):
        if name in languages and name != lang:
            raise ShardError(f"{folder}: holds {name}/ besides its language {lang}")
        if name not in (lang, MANIFEST):
            top.append(name)
    if share is not None:
        for made in (search.DELTA, facets.IDS):  # they name every part's ids: assemble writes them
            if os.path.lexists(folder / lang / made):
                raise ShardError(f"{folder}: a share holds {lang}/{made}, which only assemble makes")
    return Shard(folder, lang, tuple(languages), print_, tuple(top), None if share is None else tuple(share),
                 tuple(events))


def _agree(shards: list[Shard]) -> tuple[list[str], dict[str, list[Shard]]]:
    """The site's languages, and each one's shards (one whole, or its shares in order), once
    the shards are checked to share their inputs and to hold each language once: one
    whole-language shard, or each share 1/N to N/N once, all of the same N."""
    first = shards[0]
    groups: dict[str, list[Shard]] = {}
    for shard in shards:
        if (shard.fingerprint, shard.languages) != (first.fingerprint, first.languages):
            raise ShardError(f"{shard.folder}: built from other content or configuration than {first.folder} "
                             f"(fingerprint {shard.fingerprint[:12]}, not {first.fingerprint[:12]}); "
                             f"build every shard from the same commit")
        if shard.top != first.top:
            raise ShardError(f"{shard.folder}: its top-level files ({', '.join(shard.top)}) are not those of "
                             f"{first.folder} ({', '.join(first.top)})")
        group = groups.setdefault(shard.lang, [])
        for other in group:
            if shard.share is None or other.share is None:
                raise ShardError(f"{shard.folder}: language {shard.lang} is in {other.folder} too"
                                 + (f" ({other.name()})" if other.share else
                                    f" (whole; not {shard.name()})" if shard.share else ""))
            if shard.share == other.share:
                raise ShardError(f"{shard.folder}: share {shard.name()} is in {other.folder} too")
            if shard.share[1] != other.share[1]:
                raise ShardError(f"{shard.folder}: share {shard.name()} is of {shard.lang} cut into {shard.share[1]} "
                                 f"shares, {other.folder} of {shard.lang} cut into {other.share[1]}; build every share "
                                 f"of a language with the same N")
            if shard.events != other.events:
                raise ShardError(f"{shard.folder}: its events differ from those of {other.folder}")
        group.append(shard)
    missing = [lang for lang in first.languages if lang not in groups]
    if missing:
        raise ShardError(f"no shard of {', '.join(missing)} (the site's languages: {', '.join(first.languages)})")
    for lang in first.languages:
        group = sorted(groups[lang], key=lambda s: s.share or (1, 1))
        if group[0].share is not None:
            n = group[0].share[1]
            absent = [f"{k}/{n}" for k in range(1, n + 1) if k not in {s.share[0] for s in group}]
            if absent:
                raise ShardError(f"no share {', '.join(absent)} of {lang} (given: "
                                 f"{', '.join(f'{s.share[0]}/{n}' for s in group)})")
        groups[lang] = group
    return list(first.languages), groups


def _merge(source: Path, target: Path, lang: str) -> None:
    """Add the file or folder `source` (of a share) to `target` (the language folder the
    shares before it gave): what is not there yet is copied (`_copy`), a folder there is
    entered, a file there must hold the same bytes (a file every share makes); else
    ShardError."""
    info = os.lstat(source)
    if not os.path.lexists(target):
        _copy(source, target)
        return
    if stat.S_ISDIR(info.st_mode) and is_folder(target):
        with os.scandir(source) as entries:
            names = sorted(entry.name for entry in entries)
        for name in names:
            _merge(source / name, target / name, lang)
        return
    if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        raise ShardError(f"{source}: {kind_of(info.st_mode)}, which assemble does not copy")
    if is_folder(target) or stat.S_ISDIR(info.st_mode) or read_bytes(str(source)) != read_bytes(str(target)):
        raise ShardError(f"{source}: differs from the same file in another share of {lang}")


def _finish_search(folder: Path, shares: list[Shard]) -> None:
    """Write what names every part's result ids into the language `folder` put together from
    its `shares`: `pagefind-delta/hidden.json` (an empty delta, the parts, their pages of
    every word) and `browse-ids.json`, as a whole build writes them
    (`sitegen.build.search.index_language`, `sitegen.build.language._write_browse_ids`).
    Raises ShardError when the parts are not `pagefind/` and `pagefind-part-2/` to
    `pagefind-part-P/`, or a fragment cannot be read."""
    lang = folder.name
    parts = sorted(int(name[len(search.PART):]) for name in os.listdir(folder) if search.is_part(name))
    if not is_folder(folder / search.MAIN) or parts != list(range(2, len(parts) + 2)):
        raise ShardError(f"{lang}: the shares' search parts are not {search.MAIN}/ and "
                         f"{search.PART}2/ onwards (found: {', '.join(search.part_name(k) for k in parts) or 'none'}"
                         f"{'' if is_folder(folder / search.MAIN) else f', no {search.MAIN}/'})")
    count = len(parts) + 1
    try:
        ids = search.fragment_ids(folder / search.MAIN, [folder / search.part_name(k) for k in range(2, count + 1)],
                                  limit=FRAGMENT_MB << 20)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError) as err:
        raise ShardError(f"{lang}: a fragment of the shares' search cannot be read: {err}") from None
    os.mkdir(folder / search.DELTA)
    search.write_hidden(folder / search.DELTA, [], delta=False, parts=count, ids=ids)
    table = facets.result_ids(list(shares[0].events), {url: [result] for url, result in ids.items()}, [])
    fd = os.open(folder / facets.IDS, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as file:
        file.write(table)


def _copy(source: Path, target: Path) -> None:
    """Copy the file or folder `source` to `target` (which must not exist), entry by entry,
    never following a link: a link or special file raises ShardError."""
    info = os.lstat(source)
    if stat.S_ISDIR(info.st_mode):
        os.mkdir(target)
        with os.scandir(source) as entries:
            names = sorted(entry.name for entry in entries)
        for name in names:
            _copy(source / name, target / name)
        return
    raw = read_bytes(str(source)) if stat.S_ISREG(info.st_mode) else None
    if raw is None:
        raise ShardError(f"{source}: {kind_of(info.st_mode)}, which assemble does not copy")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as file:
        file.write(raw)


def _same(source: Path, copied: Path, first: Path) -> None:
    """Raise ShardError unless `source` holds the same entries and bytes as `copied` (the
    first shard's, already copied and checked)."""
    info = os.lstat(source)
    if stat.S_ISDIR(info.st_mode) and is_folder(copied):
        with os.scandir(source) as entries:
            names = sorted(entry.name for entry in entries)
        if names != sorted(os.listdir(copied)):
            raise ShardError(f"{source}: differs from the same folder in {first}")
        for name in names:
            _same(source / name, copied / name, first)
        return
    if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        raise ShardError(f"{source}: {kind_of(info.st_mode)}, which assemble does not copy")
    if is_folder(copied) or stat.S_ISDIR(info.st_mode) or read_bytes(str(source)) != read_bytes(str(copied)):
        raise ShardError(f"{source}: differs from the same file in {first}")
