"""The check cache: each content file's `FileCheck` kept from one check to the next, so that
a check loads and validates again only the files that changed since the last one.

A kept `FileCheck` is used again only while
- its file has the stat key it was read with (size, mtime, ctime, inode: rewriting a file
  changes its ctime, even when its size stays and its mtime is set back),
- the check's context is the one it was made in: the same sitegen code (a digest of the
  package's sources), Python and PyYAML, content folder, and `site.yaml` bytes, and
- every id it names is still known (`check` sees to that; a file that names an unknown id
  is checked again each time, as its message suggests other files' ids).
A file changed less than `settle_ns` before the check began is not kept: a second change
within the same tick of the file system's clock would not change its stat key.

A check of one file against the rest (`check.check_file`) needs of the other files only
their `Links` (`recall_links`): `DiskCache` stores them in frames of their own, which it
reads without the files' records.

`CheckCache` keeps the files in memory, for a long-running process (the preview server);
`DiskCache` also keeps them in a file in the user's cache folder (see `cache_folder`), and
beside it the manifest of the last check of the whole folder (`sitegen.build.manifest`),
never in the repository: content arrives in pull requests, which must not be able to plant
a cache. Reading or writing that file never fails a check; a damaged file is ignored.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import operator
import os
import pickle
import struct
import sys
import zlib
from collections.abc import Mapping
from pathlib import Path

import yaml

from . import shape
from .inputs import CODE, code_files
from .. import __version__
from ..content import dates, estimate, model, problems
from ..content.load import Key
from .write import replace_file
from ..content.validate import BUILDERS, CITED, FileCheck, Links

FORMAT = 2
MAGIC = b"sitegen check cache 2\n"
FRAME = struct.Struct("<QIB")  # a frame's length, CRC-32 and what it holds (one of TAGS), then its pickle
CONTEXT, FILES, LINKS = 0, 1, 2  # what a frame holds: the context, files, or the same files' links
CHUNK = 100  # files per frame: a pickler slows down as its memo grows (13,500 files in one: twice as slow)
OFF = "off"

Context = tuple
Files = Mapping[str, FileCheck]
LinksByPath = Mapping[str, Links]


def context(root: Path, site_digest: str) -> Context:
    """Everything besides a file's own bytes that its `FileCheck` depends on."""
    return (
        FORMAT, __version__, code_digest(), sys.version, yaml.__version__, yaml.__with_libyaml__,
        str(root), os.path.abspath(root), site_digest,
    )


def code_digest() -> str:
    """A digest of the sitegen package's source files (if they cannot be read, one that no
    other check has)."""
    digest = hashlib.blake2b(digest_size=16)
    try:
        for path in code_files():
            digest.update(path.relative_to(CODE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return os.urandom(16).hex()
    return digest.hexdigest()


class CheckCache:
    """Checked files kept in memory between the checks of one content folder."""

    settle_ns = 2_000_000_000
    manifest: Path | None = None  # where the manifest of the last whole-folder check is kept (`sitegen.build.manifest`)

    def __init__(self) -> None:
        self.context: Context | None = None
        self.files: dict[str, FileCheck] = {}

    def recall(self, context: Context) -> Files:
        """The files kept by path, if they were checked in `context`."""
        return self.files if context == self.context else {}

    def recall_links(self, context: Context) -> LinksByPath:
        """The links of the files kept by path, if they were checked in `context`."""
        return {path: file.links for path, file in self.recall(context).items()}

    def keep(self, context: Context, files: list[FileCheck], started: int) -> None:
        """Keep the files of a check that began at `started` (ns since the epoch) that can
        be used again: settled, and checked without other files."""
        settled = started - self.settle_ns
        self.context = context
        self.files = {f.path: f for f in files if _settled(f.key, settled) and not f.depends_on_others()}


def _settled(key: Key | None, before: int) -> bool:
    return key is not None and key[2] < before  # its ctime


class DiskCache(CheckCache):
    """Checked files kept in memory and in one file, read at the first check.

    The file is a series of frames, each a pickle: the context, then the files, a hundred
    in each frame followed by a frame of their `Links`, each frame overriding the ones
    before (a check of one file reads only the context and the links frames). A check writes only the files
    it checked again, as more frames: the file is written whole (to a temporary file then
    renamed over it), but what it held is not pickled again. Once the frames hold more than
    a quarter more files than there are, they are written anew.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.manifest = path.with_name(path.name + ".manifest")
        self.frames: list | None = None  # None until the file is read
        self.stored = 0  # files in the frames, those since replaced or deleted included

    def recall(self, context: Context) -> Files:
        if self.frames is None:
            self._read(context)
        return super().recall(context)

    def recall_links(self, context: Context) -> LinksByPath:
        if self.frames is not None:
            return super().recall_links(context)
        try:
            frames = _read_frames(self.path, (CONTEXT, LINKS))
            if not frames or frames[0][0] != CONTEXT or _loads(frames[0][1]) != context:
                return {}
            chunks = [_loads(frame) for tag, frame in frames[1:] if tag == LINKS]
        except Exception:  # unreadable or damaged: check without it
            return {}
        is_links = shape.checker(Links)
        if not all(type(chunk) is list and all(is_links(link) and link.kind in BUILDERS for link in chunk)
                   for chunk in chunks):
            return {}
        return {link.path: link for chunk in chunks for link in chunk}

    def keep(self, context: Context, files: list[FileCheck], started: int) -> None:
        before = super().recall(context)
        super().keep(context, files, started)
        try:
            self._save(context, before)
        except Exception:  # a cache that cannot be written only makes the next check slower
            self.frames, self.stored = [], 0

    def _save(self, context: Context, before: Files) -> None:
        """Add a frame with the files checked again since `before`, or write all anew."""
        live = list(self.files.values())
        changed = [f for f in live if before.get(f.path) is not f]
        if before and self.frames and self.stored + len(changed) - len(live) <= len(live) // 4:
            if not changed:
                return
            frames, stored = self.frames + _chunks(changed), self.stored + len(changed)
        else:
            frames, stored = [(CONTEXT, _pickle(context)), *_chunks(live)], len(live)
        _write_atomically(self.path, frames)
        self.frames, self.stored = frames, stored

    def _read(self, context: Context) -> None:
        self.frames = []
        try:
            frames = _frames(_read_own(self.path))
            if not frames or frames[0][0] != CONTEXT or _loads(frames[0][1]) != context:
                return
            chunks = [_loads(frame) for tag, frame in frames[1:] if tag == FILES]
        except Exception:  # unreadable or damaged: check without it
            return
        if not all(type(chunk) is list and all(map(_is_file_check, chunk)) for chunk in chunks):
            return  # well framed, but not what this program writes: check without it
        self.frames, self.context, self.stored = frames, context, sum(map(len, chunks))
        self.files = {f.path: f for chunk in chunks for f in chunk}


def _is_file_check(value: object) -> bool:
    """Whether a value read back is a `FileCheck` as `validate_file` makes them, all the
    way down (see `sitegen.build.shape`): every later use of it can then trust its types."""
    if not shape.checker(FileCheck)(value) or value.kind not in BUILDERS:
        return False
    record_ok = value.record is None or shape.checker(BUILDERS[value.kind])(value.record)
    return (record_ok and len(value.cites) == len(CITED) and value.links.path == value.path
            and all(kind in CITED for kind, *_ in value.unknown))


class _Unpickler(pickle.Unpickler):
    """An unpickler that makes nothing but the classes a cache holds (`_reducers`): a
    pickle that names any other (a function to call, say) is refused before it runs."""

    def find_class(self, module: str, name: str):
        cls = _classes().get((module, name))
        if cls is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not a class of the check cache")
        return cls


def _loads(frame) -> object:
    return _Unpickler(io.BytesIO(frame)).load()


@functools.cache
def _classes() -> dict[tuple[str, str], type]:
    return {(cls.__module__, cls.__qualname__): cls for cls in _reducers()}


def _read_own(path: Path) -> bytes:
    """The bytes of a file that only this user can read and write, as a cache file made by
    `mkstemp` is (a file checked out of a repository is not); raises OSError otherwise."""
    fd = os.open(path, os.O_RDONLY)
    try:
        st = os.fstat(fd)
        if st.st_uid != os.getuid() or st.st_mode & 0o077:
            raise PermissionError(f"{path}: not this user's alone")
        with os.fdopen(os.dup(fd), "rb") as file:
            return file.read()
    finally:
        os.close(fd)


def _read_frames(path: Path, tags: tuple[int, ...]) -> list[tuple[int, bytes]]:
    """(tag, frame) of the frames with one of `tags` of a cache file that only this user can
    read and write (see `_read_own`), the others skipped unread; raises ValueError if it is
    not a cache file or is damaged, OSError if it cannot be read or is not this user's."""
    with open(path, "rb") as file:
        st = os.fstat(file.fileno())
        if st.st_uid != os.getuid() or st.st_mode & 0o077:
            raise PermissionError(f"{path}: not this user's alone")
        if file.read(len(MAGIC)) != MAGIC:
            raise ValueError("not a check cache")
        at, frames = len(MAGIC), []
        while at < st.st_size:
            header = file.read(FRAME.size)
            if len(header) != FRAME.size:
                raise ValueError("damaged check cache")
            length, crc, tag = FRAME.unpack(header)
            at += FRAME.size + length
            if at > st.st_size:
                raise ValueError("damaged check cache")
            if tag not in tags:
                file.seek(at)
                continue
            frame = file.read(length)
            if len(frame) != length or zlib.crc32(frame) != crc:
                raise ValueError("damaged check cache")
            frames.append((tag, frame))
    return frames


def _write_atomically(path: Path, frames: list) -> None:
    """Write the frames to a temporary file (readable by this user alone), then rename it
    over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)

    def pieces():
        yield MAGIC
        for tag, frame in frames:
            yield FRAME.pack(len(frame), zlib.crc32(frame), tag)
            yield frame

    replace_file(str(path), pieces(), private=True)


def _chunks(files: list[FileCheck]) -> list:
    """(tag, frame): the files pickled, a hundred to a frame, each frame followed by one of
    their links."""
    reducers = _reducers()
    frames = []
    for i in range(0, len(files), CHUNK):
        chunk = files[i : i + CHUNK]
        frames += [(FILES, _pickle(chunk, reducers)), (LINKS, _pickle([f.links for f in chunk], reducers))]
    return frames


def dumps(value) -> bytes:
    """`value` (records, `FileCheck`s, lists of them) pickled as the cache pickles them (see
    `_reducers`): for another process of the same check, which reads it with `pickle.loads`."""
    return bytes(_pickle(value, _reducers()))


def _pickle(value, reducers: dict | None = None) -> bytes:
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    if reducers:
        pickler.dispatch_table = reducers
    pickler.dump(value)
    return out.getbuffer()


def _reducers() -> dict:
    """How to pickle records faster than the generic way (a new object, then its attributes
    as a dict, or the arguments of `__new__` from a Python method): a dataclass as a call of
    its class with its fields' values, a named tuple as a call with its items. At 10,000
    events: 0.18 s instead of 0.24 s to write, 0.14 s instead of 0.13 s to read."""
    table = {FileCheck: _tuple_reducer(FileCheck), Links: _tuple_reducer(Links)}
    for module in (model, dates, estimate, problems):
        for cls in vars(module).values():
            if not isinstance(cls, type) or cls.__module__ != module.__name__:
                continue
            if issubclass(cls, tuple) and hasattr(cls, "_fields"):
                table[cls] = _tuple_reducer(cls)
            elif dataclasses.is_dataclass(cls):
                fields = dataclasses.fields(cls)
                if all(field.init for field in fields):  # else the class cannot be called with them all
                    table[cls] = _dataclass_reducer(cls, [field.name for field in fields])
    return table


def _tuple_reducer(cls):
    return lambda obj: (cls, tuple(obj))


def _dataclass_reducer(cls, names: list[str]):
    get = operator.attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (cls, (get(obj),))
    return lambda obj: (cls, get(obj))


def _frames(data: bytes) -> list[tuple[int, memoryview]]:
    """(tag, frame) of each frame of a cache file; raises ValueError if it is not one or is
    damaged."""
    if not data.startswith(MAGIC):
        raise ValueError("not a check cache")
    view, at, frames = memoryview(data), len(MAGIC), []
    while at < len(view):
        length, crc, tag = FRAME.unpack_from(view, at)
        frame = view[at + FRAME.size : at + FRAME.size + length]
        if len(frame) != length or zlib.crc32(frame) != crc:
            raise ValueError("damaged check cache")
        frames.append((tag, frame))
        at += FRAME.size + length
    return frames


def cache_folder(env: Mapping[str, str]) -> Path | None:
    """Where caches live: $SITEGEN_CACHE_DIR if set ("off": nowhere), else
    $XDG_CACHE_HOME/sitegen, else ~/.cache/sitegen. Relative paths are ignored (as the XDG
    specification has it): run in a repository, they would put the cache in it."""
    chosen = env.get("SITEGEN_CACHE_DIR")
    if chosen == OFF:
        return None
    if chosen and os.path.isabs(chosen):
        return Path(chosen)
    xdg = env.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "sitegen"
    home = env.get("HOME") or os.path.expanduser("~")
    return Path(home) / ".cache" / "sitegen" if os.path.isabs(home) else None


def disk_cache(root: str | Path, env: Mapping[str, str]) -> DiskCache | None:
    """The disk cache of a content folder (one file per absolute folder), or None if off."""
    folder = cache_folder(env)
    if folder is None:
        return None
    name = hashlib.blake2b(os.path.abspath(root).encode(), digest_size=16).hexdigest()
    return DiskCache(folder / f"check-{name}")
