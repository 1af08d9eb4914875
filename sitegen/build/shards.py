"""Shards: one language of the site built on a machine of its own (`sitegen build --shard
LANG`), to be put together with the others by `sitegen assemble` (`sitegen.build.assemble`).

A shard folder holds what its language contributes to the site: `<lang>/` (its pages,
its Pagefind bundle, its sitemap and feed) and the files at the site's top, which every
shard makes whole from the whole content (the language redirect, robots.txt, the sitemap
index, the root 404.html, `data/`: none of them reads a built page), so that any shard
can give them; `shard.json` names the language, the site's languages and a fingerprint
of everything that shapes the bytes (`fingerprint`). Shards with equal fingerprints were
built from the same content, templates, catalogs, configuration, sitegen and package
versions; `sitegen assemble` refuses any others.

A share (`sitegen build --shard LANG --share K/N`, folder `shard-LANG-K-of-N`) is part of
one language: its search cut into N parts (`sitegen.build.search.runs`), share K gives the
pages of range K and the part that range ends, and every other file of the language (all
made from the whole content, the same in every share); its `shard.json` also holds
`"share": [K, N]` and the events in the Browse page's order, from which assemble writes the
two files that name every part's ids (`sitegen.build.assemble`). A share is built whole
each time: it renders and fills every page of its language (the cut and the parts' page of
every word read them all) and indexes only its range.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from . import inputs
from ..content.model import Content
from .project import Project

MANIFEST = "shard.json"
FORMAT = 1  # of shard.json


def name(lang: str, share: tuple[int, int] | None = None) -> str:
    """A shard's folder name: `shard-LANG`, or `shard-LANG-K-of-N` for share K of N."""
    return f"shard-{lang}" if share is None else f"shard-{lang}-{share[0]}-of-{share[1]}"


def work_folder(project_root: Path, lang: str, share: tuple[int, int] | None = None) -> Path:
    """A shard's own `build/` folder (its states and Markdown tree), apart from the whole
    build's and every other shard's, so that building a shard never makes the next whole
    build start cold, and shares of one language built on one machine do not meet."""
    return project_root / "build" / name(lang, share)


def fingerprint(project: Project, content: Content, engine: str, site_url: str | None) -> str:
    """A SHA-256 hex digest of what shapes a shard's bytes: the site settings, the digest of
    every record's file (`Content.digests`), the engine and site_url, Python's version and
    the installed versions of the packages that write pages (`sitegen.build.inputs`), and the
    bytes of sitegen's code, the templates, the catalogs, `mkdocs.yml`, the guide and the
    files it names. Paths enter relative to their folder, so machines that check the
    project out in different places agree."""
    digest = hashlib.sha256(repr((FORMAT, content.site, engine, site_url, sys.version,
                                  inputs.versions())).encode())
    for item in sorted(content.digests.items()):
        digest.update("\0".join(item).encode() + b"\n")
    roots = [(project.root, project.templates), (project.root, project.locale)]
    files = [(inputs.CODE, p) for p in inputs.code_files()]
    files += [(base, p) for base, top in roots for p in sorted(top.rglob("*"))
              if p.is_file() and "__pycache__" not in p.parts]
    config = project.root / "mkdocs.yml"
    files += [(project.root, p) for p in [config, project.guide, *inputs.config_files(config)]]
    for base, path in files:
        digest.update(os.path.relpath(path, base).encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"-")
        digest.update(b"\0")
    return digest.hexdigest()


def manifest(lang: str, languages, print_: str, share: tuple[int, int] | None = None,
             events: tuple[str, ...] | None = None) -> str:
    """The text of a shard's `shard.json`; a share's also says which (`"share": [k, n]`) and
    lists the ids of the events in the Browse page's order (`"events"`: `Model.latest`), from
    which assemble writes the language's `browse-ids.json` once every part is there."""
    data = {"format": FORMAT, "language": lang, "languages": list(languages), "fingerprint": print_}
    if share is not None:
        data.update(share=list(share), events=list(events or ()))
    return json.dumps(data, sort_keys=True, indent=1) + "\n"
