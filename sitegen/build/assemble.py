"""`sitegen assemble`: the site put together from shards built elsewhere (`sitegen.build.shards`),
the same `site/` a whole build gives, byte for byte.

Each shard gives its language folder; the files at the site's top, which every shard
makes from the whole content, must be the same bytes in every shard and are taken once.
Shards are refused unless they share one fingerprint and one list of languages, and
together hold each of the site's languages exactly once.

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
from .shards import FORMAT, MANIFEST
from .write import NOFOLLOW, read_bytes, remove_tree

WHOLE = ".site"  # in the staging folder: the assembled site
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


def assemble(project: Project, folders: list[Path], say=print, wait: bool = False) -> list[str]:
    """Put the shard `folders` together into `project.site`; returns the languages, sorted
    as the site lists them. Raises BuildError (leaving the site as it was) if a shard is
    unusable, the shards disagree or miss or repeat a language, or publishing fails."""
    check_places(project)
    with project_lock(project.work, wait, say):
        staging = staging_folder(project.site)
        try:
            recover(project.site, project.work)
            if not folders:
                raise ShardError("no shard folder given")
            shards = [read_shard(Path(folder)) for folder in folders]
            languages = _agree(shards)
            staging.mkdir(parents=True)
            whole = staging / WHOLE
            os.mkdir(whole)
            first = shards[0]
            for name in first.top:
                _copy(first.folder / name, whole / name)
            for shard in shards[1:]:
                for name in shard.top:
                    _same(shard.folder / name, whole / name, first.folder)
            for shard in shards:
                _copy(shard.folder / shard.lang, whole / shard.lang)
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
    say(f"site: {project.site}: {', '.join(languages)} from {len(shards)} shard{'s' * (len(shards) != 1)}")
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
        ok = (data["format"] == FORMAT and isinstance(print_, str) and isinstance(languages, list)
              and all(isinstance(l, str) and LANGUAGE.fullmatch(l) for l in languages)
              and len(set(languages)) == len(languages) and lang in languages)
    except (ValueError, KeyError, TypeError):
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
    return Shard(folder, lang, tuple(languages), print_, tuple(top))


def _agree(shards: list[Shard]) -> list[str]:
    """The site's languages, once the shards are checked to share their inputs and to hold
    each language once."""
    first = shards[0]
    seen: dict[str, Path] = {}
    for shard in shards:
        if (shard.fingerprint, shard.languages) != (first.fingerprint, first.languages):
            raise ShardError(f"{shard.folder}: built from other content or configuration than {first.folder} "
                             f"(fingerprint {shard.fingerprint[:12]}, not {first.fingerprint[:12]}); "
                             f"build every shard from the same commit")
        if shard.lang in seen:
            raise ShardError(f"{shard.folder}: language {shard.lang} is in {seen[shard.lang]} too")
        seen[shard.lang] = shard.folder
        if shard.top != first.top:
            raise ShardError(f"{shard.folder}: its top-level files ({', '.join(shard.top)}) are not those of "
                             f"{first.folder} ({', '.join(first.top)})")
    missing = [lang for lang in first.languages if lang not in seen]
    if missing:
        raise ShardError(f"no shard of {', '.join(missing)} (the site's languages: {', '.join(first.languages)})")
    return list(first.languages)


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
