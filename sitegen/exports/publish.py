"""Making and publishing the data files with a build (`prepare` before the languages are
built: the Data pages need the sizes; `stage` beside the other new files, which the build
then publishes all at once).

The files are made only when a record or the site settings changed since the files now in
`site/data/` were made: `build/exports.json` keeps a digest of the records' digests (the
check's, one per file), the site settings and this package's code, and the size, mtime and
inode of each file written. A checkout cannot reproduce those, so a committed `build/` or
`site/` is never trusted: anything that does not match means making the files again. Files
are rewritten only where their bytes changed, never through a link (a link or other entry
in `site/data/` is removed), and files the build did not make are removed.

When only events changed (every other record, the site settings and the code as they were),
only the changed and new events' parts are made again (`sitegen.exports.files.made`): the
others are cut out of the files in `site/data/` at the lengths `build/exports.json` keeps for
each event (with its digest), as trusted as those files themselves. At 10,000 events one
edited event made the files again in 0.24–0.46 s of CPU, against 1.7 s made whole; see
benchmarks/README.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..pages import urls
from ..content.model import Content
from ..content.validate import SEP
from ..build.write import read_bytes, remove, replace_file
from . import files


@dataclass(frozen=True)
class Published:
    key: str
    sizes: dict[str, int]
    files: dict[str, bytes] | None  # None: the files in site/data are already these
    context: str = ""  # `_context` of the content the files were made from
    events: tuple = ()  # per event of the files: [id, digest, length in each of files.EVENT_FILES...]


EVENT = "events" + SEP  # an event's key in `Content.digests`


def _key(content: Content, context: str) -> str:
    """A digest of everything the files depend on: `context` (`_context(content)`) and every
    event's digest."""
    digest = hashlib.sha256(context.encode())
    for item in sorted(content.digests.items()):
        if item[0].startswith(EVENT):
            digest.update("\0".join(item).encode() + b"\n")
    return digest.hexdigest()


def _context(content: Content) -> str:
    """A digest of all an event's parts depend on besides the event: the site settings,
    every record that is not an event, and this package's code."""
    digest = hashlib.sha256(repr(content.site).encode())
    for item in sorted(content.digests.items()):
        if not item[0].startswith(EVENT):
            digest.update("\0".join(item).encode() + b"\n")
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _signature(path: Path) -> list[int] | None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ino]


def prepare(site: Path, work: Path, content: Content) -> Published:
    """The data files for `content`: None when `site/data/` holds them already, else made,
    with only the edited events' parts made again when nothing but events changed."""
    context = _context(content)
    key = _key(content, context)
    folder = site / urls.DATA_FOLDER
    known = _known(folder, work)
    if known is not None and known["key"] == key:  # the key covers the context
        return Published(key, {n: sig[0] for n, sig in known["files"].items()}, None,
                         context, tuple(known["events"]))
    old = _old_parts(folder, known) if known is not None and known["context"] == context else {}
    digests = content.digests

    def reuse(event):
        kept = old.get(event.id)
        return kept[1] if kept is not None and kept[0] == digests.get(EVENT + event.id) else None

    made, parts = files.made(content, reuse)
    events = tuple([ident, digests.get(EVENT + ident, ""), *map(len, p)] for ident, p in parts.items())
    return Published(key, {n: len(b) for n, b in made.items()}, made, context, events)


def _known(folder: Path, work: Path) -> dict | None:
    """The record of the files in `folder` if each of them is still the very file the build
    wrote (size, mtime and inode); otherwise None."""
    try:
        known = json.loads(read_bytes(str(work / STATE)) or b"")
        if (isinstance(known, dict) and isinstance(known.get("key"), str) and isinstance(known.get("context"), str)
                and isinstance(known.get("events"), list) and isinstance(known.get("files"), dict)
                and not os.path.islink(folder)
                and all(_signature(folder / n) == sig for n, sig in known["files"].items())):
            return known
    except (OSError, ValueError, TypeError, AttributeError):
        pass
    return None


def _old_parts(folder: Path, known: dict) -> dict[str, tuple[str, files.Parts]]:
    """Each event's digest and parts, cut out of the files in `folder` (which `_known` found
    to be those the record describes) at the record's lengths: a file's parts follow its
    header (one line in a CSV file; in a JSON file, the text up to the list's first record)
    and are joined as `files.made` joins them. Nothing (every part made again) when the
    lengths do not fit the files."""
    try:
        rows = [(str(r[0]), str(r[1]), [int(n) for n in r[2:]]) for r in known["events"]]
        if not rows or any(len(lengths) != len(files.EVENT_FILES) or min(lengths) < 0 for _, _, lengths in rows):
            return {}
        cut = {}
        for index, name in enumerate(files.EVENT_FILES):
            data = read_bytes(str(folder / name))
            if data is None:
                return {}
            order = sorted(rows) if name == "figures.csv" else rows
            cut[name] = _cut(data, [lengths[index] for _, _, lengths in order], *_FRAME[name])
            if cut[name] is None:
                return {}
            cut[name] = dict(zip((r[0] for r in order), cut[name]))
    except (TypeError, ValueError, IndexError):
        return {}
    return {ident: (digest, tuple(cut[name][ident] for name in files.EVENT_FILES)) for ident, digest, _ in rows}


# each file's parts: what they follow (the header line, or the list's opening line), how they
# are joined, how each ends, and what follows the last (the list, then the object, closed)
_FRAME = {
    "events.csv": (b"\r\n", b"", b"\r\n", b""),
    "figures.csv": (b"\r\n", b"", b"\r\n", b""),
    "events.json": (b'"events": [\n', b",\n", b"}", b"\n]\n}\n"),
    "events.geojson": (b'"features": [\n', b",\n", b"}", b"\n]\n}\n"),
}


def _cut(data: bytes, lengths: list[int], start: bytes, separator: bytes, ending: bytes,
         end: bytes) -> list[bytes] | None:
    """`data`'s parts of the given lengths from just after the first `start`, joined by
    `separator` (empty parts are left out of the join), each ending in `ending`, the last
    followed by `end` and nothing else; None if they do not fit so."""
    at = data.find(start)
    if at < 0:
        return None
    at += len(start)
    parts, first = [], True
    for length in lengths:
        if not length:
            parts.append(b"")
            continue
        if not first:
            if not data.startswith(separator, at):
                return None
            at += len(separator)
        part = data[at:at + length]
        if len(part) != length or not part.endswith(ending):
            return None
        parts.append(part)
        at += length
        first = False
    return parts if data[at:] == end else None


STATE = "exports.json"


def stage(root: Path, work: Path, published: Published, site: Path) -> bool:
    """Write the data files made by `prepare` into `root/data/` (`root`: the staging
    folder of the site's top entries, which the build made empty) and their record into
    `work/exports.json.new`; the publishing plan moves both into place with the rest of the
    build, or neither (`sitegen.build.publish`). Returns whether there was anything to stage
    (False: `site/data/` holds these files already and stays). A file whose bytes are those
    of the published one is that file, linked (its mtime and inode kept: a file rewritten
    only when what it holds changed); a link is never followed."""
    remove(work / f"{STATE}.new")  # a crashed build's
    if published.files is None:
        return False
    folder = root / urls.DATA_FOLDER
    os.mkdir(folder)
    signatures = {}
    old = site / urls.DATA_FOLDER
    for name, data in sorted(published.files.items()):
        path = folder / name
        if read_bytes(str(old / name)) == data:  # a regular file (read_bytes follows no link)
            try:
                os.link(old / name, path, follow_symlinks=False)
                signatures[name] = _signature(path)
                continue
            except OSError:
                pass  # (another file system, say): write it
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        signatures[name] = _signature(path)  # a rename keeps size, mtime and inode
    replace_file(str(work / f"{STATE}.new"),
                 json.dumps({"key": published.key, "context": published.context, "files": signatures,
                             "events": list(published.events)}, sort_keys=True, separators=(",", ":")).encode())
    return True
