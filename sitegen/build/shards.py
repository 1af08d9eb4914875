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


def work_folder(project_root: Path, lang: str) -> Path:
    """A shard's own `build/` folder (its states and Markdown tree), apart from the whole
    build's, so that building a shard never makes the next whole build start cold."""
    return project_root / "build" / f"shard-{lang}"


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


def manifest(lang: str, languages, print_: str) -> str:
    """The text of a shard's `shard.json`."""
    return json.dumps({"format": FORMAT, "language": lang, "languages": list(languages), "fingerprint": print_},
                      sort_keys=True, indent=1) + "\n"
