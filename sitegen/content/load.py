"""Load: the only stage that reads `content/`. Parses YAML keeping file, line and column.

Values come back as plain Python data; mappings and sequences are `Mapping` and
`Sequence`, which remember where each of their keys and items stands, so any later
stage can point at the exact line of a field.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import yaml
from yaml import MappingNode, ScalarNode

from . import bidi, chars, hints
from .problems import Loc, Problems
from .digests import short_digest
from .quote import quote
from .recordkinds import RECORD_KINDS, YAML

try:  # the C loader is about 8x faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024
MAX_VALUES = 20_000
MAX_DEPTH = 40
KINDS = tuple(k.name for k in RECORD_KINDS if k.suffixes == YAML)  # the kinds of YAML records
SUFFIXES = (".yaml", ".yml", ".md")
STR = "tag:yaml.org,2002:str"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
INT = "tag:yaml.org,2002:int"
SCALARS = {
    INT: int,
    "tag:yaml.org,2002:float": float,
}
# The plain scalars that YAML 1.1's bool and null patterns match, exactly.
WORDS = {
    **dict.fromkeys("yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF".split(), BOOL),
    **dict.fromkeys(("~", "null", "Null", "NULL", ""), NULL),
}
# First characters for which a resolver other than bool and null applies (numbers, dates, <<, =, ...).
PATTERN_STARTS = frozenset(
    first for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
    if any(tag not in (BOOL, NULL) for tag, _ in resolvers)
)


class _Loader(_SafeLoader):
    """The safe loader with a quicker tag resolver: the same tags as PyYAML's, found faster.

    libyaml calls back into Python's `resolve` for every node (800,000 times for 10,000
    events), and PyYAML's version concatenates lists and tries regexes each time. Here a
    quoted scalar is text at once, a bool or null is one dict lookup, and only a plain
    scalar whose first character may start a number, date or other pattern (or one ending
    in a newline, which `$` lets those patterns match) goes through PyYAML's resolver. The
    safe loader has no path resolvers, so the per-node bookkeeping for them is skipped.
    """

    def resolve(self, kind, value, implicit):
        if kind is not ScalarNode:
            return self.DEFAULT_MAPPING_TAG if kind is MappingNode else self.DEFAULT_SEQUENCE_TAG
        if not implicit[0]:
            return STR
        tag = WORDS.get(value)
        if tag is not None:
            return tag
        if value[0] in PATTERN_STARTS or value[-1] == "\n":
            return super().resolve(kind, value, implicit)
        return STR

    def descend_resolver(self, current_node, current_index) -> None:
        """Only path resolvers need to follow the descent; the safe loader has none."""

    def ascend_resolver(self) -> None:
        """See `descend_resolver`."""


@dataclass(frozen=True)
class Origin:
    """Where a parsed text comes from: its file, and the file line of the text's first line."""

    path: str
    first_line: int

    def loc(self, mark) -> Loc:
        return Loc(self.path, mark.line + self.first_line, mark.column + 1)


class Mapping(dict):
    """A YAML mapping that remembers where it, its keys and its values stand.

    Positions are kept as the parser's marks and become a `Loc` only when asked for: most
    values are never reported, and making a `Loc` for each key and value up front took a
    fifth of a check's time. The marks are one flat list (key, value, key, value, ... in
    the mapping's order) and slots hold the rest: there is a mapping for every record and
    nested record, and what is kept for each is also what has to be freed after the check.
    """

    __slots__ = ("origin", "mark", "marks")

    def __init__(self, origin: Origin, mark, marks: list) -> None:
        super().__init__()
        self.origin = origin
        self.mark = mark
        self.marks = marks

    @property
    def loc(self) -> Loc:
        return self.origin.loc(self.mark)

    def where(self, key: str) -> Loc:
        """Where the value of `key` stands, or the mapping itself without that key."""
        if key not in self:
            return self.loc
        return self.origin.loc(self.marks[2 * self._index(key) + 1])

    def key_loc(self, key: str) -> Loc:
        return self.origin.loc(self.marks[2 * self._index(key)])

    def _index(self, key: str) -> int:
        """The key's position, in the parsed order that a dict keeps (asked for rarely, and
        most often for a record's first key, its id)."""
        return 0 if next(iter(self)) == key else list(self).index(key)


class Sequence(list):
    """A YAML sequence that remembers where it and each item stand (see `Mapping`)."""

    __slots__ = ("origin", "mark", "item_marks")

    def __init__(self, items: list, origin: Origin, mark, item_marks: list) -> None:
        super().__init__(items)
        self.origin = origin
        self.mark = mark
        self.item_marks = item_marks

    @property
    def loc(self) -> Loc:
        return self.origin.loc(self.mark)

    def where(self, index: int) -> Loc:
        marks = self.item_marks
        return self.origin.loc(marks[index] if index < len(marks) else self.mark)


@dataclass(frozen=True)
class RawRecord:
    kind: str
    path: str
    stem: str  # the file name without its suffix, which a record's id must equal
    data: Mapping
    body: str = ""
    body_loc: Loc | None = None
    digest: str = ""  # of the file's bytes (see `digest`)


@dataclass(frozen=True)
class RawContent:
    root: str
    site: RawRecord | None
    records: tuple[RawRecord, ...]
    stems: tuple[tuple[str, str], ...] = ()  # (kind, file stem) of every file found, read or not


class LoadError(Exception):
    def __init__(self, loc: Loc, message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


Key = tuple[int, int, int, int]
"""A file's size, mtime, ctime (both in ns) and inode: what tells one version of a file from
another without reading it. Rewriting a file changes its ctime, even when its size stays
and its mtime is set back."""


def stat_key(st: os.stat_result) -> Key:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class Found(NamedTuple):
    """A content file found in a kind's folder (a tuple: there is one per record)."""

    kind: str
    path: str
    stem: str  # the file name without its suffix, which a record's id must equal
    key: Key | None  # its stat key when listed, if asked for


@dataclass(frozen=True)
class Listing:
    files: tuple[Found, ...]  # the files to read: kind by kind, excerpts last, each folder by name
    stems: tuple[tuple[str, str], ...]  # (kind, file stem) of every file found, read or not


def load_content(root: str | Path, problems: Problems) -> RawContent:
    """Read every record under `root`; unreadable files become problems."""
    root = Path(root)
    if not root.is_dir():
        problems.error(Loc(str(root)), "content folder not found")
        return RawContent(str(root), None, ())
    site = load_site(root, problems)
    listing = find_files(root, problems)
    records = [load_file(found, problems)[0] for found in listing.files]
    return RawContent(str(root), site, tuple(r for r in records if r), listing.stems)


def load_site(root: Path, problems: Problems) -> RawRecord | None:
    path = root / "site.yaml"
    what = _entry_kind(path)
    if what is None:
        problems.error(Loc(str(path)), "site.yaml is missing")
        return None
    if what != FILE:
        problems.error(Loc(str(path)), _not_a_file(what))
        return None
    return load_file(Found("site", str(path), path.stem, None), problems)[0]


def find_files(root: Path, problems: Problems, keys: bool = False) -> Listing:
    """Every content file under `root`, with its stat key if `keys`. A file without the
    kind's suffix, or a folder, is a warning (ignored); a symbolic link (to anything, or to
    nothing) or another kind of entry (a named pipe, a socket, a device) is an error: the
    build never follows a link it did not make. One listing per folder: both the files to
    read and the known file stems come from it."""
    files, stems = [], []
    for kind, suffixes in ((k.name, k.suffixes) for k in RECORD_KINDS):
        folder = root / kind
        what = _entry_kind(folder)
        if what is None:
            continue
        if what != FOLDER:
            problems.error(Loc(str(folder)), _not_a_file(what, FOLDER))
            continue
        try:
            listing = _listing(folder, keys)
        except OSError as err:
            problems.error(Loc(str(folder)), f"cannot read the folder: {err.strerror or err}")
            continue
        for path, name, what, key in listing:
            suffix = _suffix(name)
            stem = name[: -len(suffix)] if suffix else name
            if what == FILE and suffix in SUFFIXES:
                stems.append((kind, stem))
            if what == FOLDER:
                problems.error(Loc(path), f"records in subfolders are not read: move its files into {quote(str(folder))} itself")
            elif what != FILE:
                problems.error(Loc(path), _not_a_file(what))
            elif suffix not in suffixes:
                problems.warning(Loc(path), f"ignored: not a {' or '.join(suffixes)} file")
            else:
                files.append(Found(kind, path, stem, key))
    return Listing(tuple(files), tuple(stems))


class Walk(NamedTuple):
    """A content folder's entries as `walk` finds them: `names[i]` has the lstat figures
    `numbers[5*i : 5*i+5]` (mode, size, mtime and ctime in ns, inode)."""

    names: list[str]
    numbers: list[int]


def walk(root: Path) -> Walk | None:
    """What a check of the folder `root` finds, without reading a record: `site.yaml`, then
    each kind's folder in the loader's order (its name after a "/", with its mode alone; 0 if
    there is none), each followed by its entries but hidden ones, as `find_files` lists
    them, with their lstat figures (links not followed). None if `site.yaml` or a folder
    cannot be looked at. Entries come in the order the folder lists them, unsorted.

    For the manifest of the last check (`sitegen.build.manifest`): the same walk, every file
    settled, means the same content. A loop of its own rather than `_listing`: at 135,000
    files the `Found` and key tuples cost more than the lstat calls themselves."""
    names, numbers = ["site.yaml"], []
    try:
        st = os.lstat(root / "site.yaml")
    except OSError:
        return None
    numbers += (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    for kind in RECORD_KINDS:
        folder = root / kind.name
        try:
            mode = os.lstat(folder).st_mode
        except FileNotFoundError:
            mode = 0
        except OSError:
            return None
        names.append("/" + kind.name)
        numbers += (mode, 0, 0, 0, 0)
        if not stat.S_ISDIR(mode):
            continue
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = entry.name
                    if name[0] == ".":
                        continue
                    st = entry.stat(follow_symlinks=False)
                    names.append(name)
                    numbers += (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        except OSError:
            return None
    return Walk(names, numbers)


FILE, FOLDER, LINK = "a regular file", "a folder", "a symbolic link"
KIND_NAMES = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a device",
              stat.S_IFBLK: "a device", stat.S_IFDIR: FOLDER, stat.S_IFLNK: LINK, stat.S_IFREG: FILE}


def _kind_of(mode: int) -> str:
    return KIND_NAMES.get(stat.S_IFMT(mode), "not a regular file")


def _entry_kind(path: Path) -> str | None:
    """What stands at `path` (a link is not followed), or None if nothing does."""
    try:
        return _kind_of(os.lstat(path).st_mode)
    except FileNotFoundError:
        return None
    except OSError as err:
        return f"unreadable ({err.strerror or err})"


def _not_a_file(what: str, wanted: str = FILE) -> str:
    if what == LINK:
        return "is a symbolic link, which the build does not follow; content must be regular files and folders"
    return f"is {what}, not {wanted}"


def _listing(folder: Path, keys: bool) -> list[tuple[str, str, str, Key | None]]:
    """Every entry of `folder` but hidden ones, by name: its path, name, what it is (FILE,
    FOLDER, LINK, ...), and (with `keys`) a regular file's stat key. Links are not followed."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if not keys and entry.is_file(follow_symlinks=False):  # the common case, without a stat call
                found.append((entry.path, entry.name, FILE, None))
                continue
            st = entry.stat(follow_symlinks=False)
            what = _kind_of(st.st_mode)
            found.append((entry.path, entry.name, what, stat_key(st) if keys and what == FILE else None))
    found.sort(key=lambda item: item[1])
    return found


def _suffix(name: str) -> str:
    """A file name's suffix, as `pathlib` finds it."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def load_file(found: Found, problems: Problems) -> tuple[RawRecord | None, Key]:
    """Read and parse one file: its record (None if it cannot be read as one), and the
    stat key of the bytes read."""
    try:
        data, key = read_bytes(found.path)
    except LoadError as err:
        problems.error(err.loc, err.message)
        return None, found.key
    try:
        text = decode(data, found.path)
        if found.kind == "excerpts":
            record = _parse_excerpt(found, text, digest(data))
        else:
            record = RawRecord(found.kind, found.path, found.stem, parse_yaml(text, found.path), digest=digest(data))
    except LoadError as err:
        problems.error(err.loc, err.message)
        return None, key
    if bidi.CONTROLS.search(text):
        _warn_bidi(record, problems)
    return record, key


def _warn_bidi(record: RawRecord, problems: Problems) -> None:
    """A warning for each text of the record whose bidi controls do not balance."""
    def visit(holder, key, value) -> None:
        if isinstance(value, str):
            why = bidi.unbalanced(value)
            if why:
                problems.warning(holder.where(key), bidi.message(why))
        elif isinstance(value, (Mapping, Sequence)):
            for k, v in (value.items() if isinstance(value, Mapping) else enumerate(value)):
                visit(value, k, v)

    for k, v in record.data.items():
        visit(record.data, k, v)
    why = bidi.unbalanced(record.body)
    if why:
        problems.warning(record.body_loc or record.data.loc, bidi.message(why))


def read_bytes(path: str) -> tuple[bytes, Key]:
    """A file's bytes, and its stat key taken before reading them: should the file change
    while it is read, the key is the older one, and the next check reads the file again.

    Read at the level of the OS: one `open`, `fstat` and `read` (a second one only for a
    file that grew since), without the file object and the buffer a Python file has. The
    open follows no link and does not wait on a named pipe; a file that is not regular, or
    larger than MAX_BYTES, is refused before any of it is read (LoadError)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise LoadError(Loc(path), _not_a_file(LINK)) from None
        raise LoadError(Loc(path), f"cannot read the file: {err.strerror or err}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise LoadError(Loc(path), _not_a_file(_kind_of(st.st_mode)))
        if st.st_size > MAX_BYTES:
            raise LoadError(Loc(path), f"file is {st.st_size:,} bytes; the limit is {MAX_BYTES:,}")
        try:
            data = os.read(fd, st.st_size + 1)
        except OSError as err:
            raise LoadError(Loc(path), f"cannot read the file: {err.strerror or err}") from None
        while st.st_size < len(data) <= MAX_BYTES:  # it grew: read the rest, up to the limit
            chunk = os.read(fd, MAX_BYTES + 1 - len(data))
            if not chunk:
                break
            data += chunk
        return data, stat_key(st)
    finally:
        os.close(fd)


def digest(data: bytes) -> str:
    """A short digest of a file's bytes, which tells its versions apart (`sitegen.content.digests`)."""
    return short_digest(data)


def decode(data: bytes, path: str) -> str:
    """A content file's text as UTF-8 (without a leading byte-order mark, which YAML allows),
    refusing huge and undecodable files and any character that `sitegen.content.chars` forbids."""
    if len(data) > MAX_BYTES:
        raise LoadError(Loc(path), f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        loc = Loc(path, line, col)
        raise LoadError(loc, f"file is not UTF-8 (byte 0x{data[err.start]:02x})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    at = chars.forbidden_in_file(text, data)
    if at is not None:
        loc = Loc(path, text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1)
        raise LoadError(loc, chars.message(text[at]))
    return text


def parse_yaml(text: str, path: str, line_offset: int = 0) -> Mapping:
    """Parse one YAML document whose top level must be a mapping."""
    if _is_empty(text):
        raise LoadError(Loc(path, line_offset + 1), "file is empty")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        loc = _loc(path, mark, line_offset)
        raise LoadError(loc, f"malformed YAML: {err.problem or err.context}" + _hint(text, mark)) from None
    except yaml.YAMLError as err:  # a reader error: it has a position in the text, not a mark
        at = getattr(err, "position", None)
        loc = Loc(path, line_offset + 1)
        if isinstance(at, int) and 0 <= at <= len(text):
            loc = Loc(path, line_offset + text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1)
        reason = getattr(err, "reason", None) or str(err).partition("\n")[0]
        raise LoadError(loc, f"malformed YAML: {reason}") from None
    if not isinstance(node, MappingNode):
        raise LoadError(_loc(path, node.start_mark, line_offset), "expected a mapping of fields")
    _refuse_hidden_property(text, path, line_offset)
    return _Converter(Origin(path, line_offset + 1), "\\" in text).convert(node, 0)


def _hint(text: str, mark) -> str:
    """The likely cause of a YAML error, as a line after the parser's message (`sitegen.content.hints`)."""
    found = hints.hint(text, mark.line, mark.column) if mark is not None else None
    return f"\n  hint: {found}" if found else ""


def _refuse_hidden_property(text: str, path: str, line_offset: int) -> None:
    """A value that YAML read as an anchor or a tag (`&co ltd`, `!important`) is refused:
    it parsed, but not as the editor wrote it."""
    found = hints.hidden_property(text, _SafeLoader)
    if found is not None:
        mark, char = found
        raise LoadError(_loc(path, mark, line_offset), hints.property_message(char))


def _is_empty(text: str) -> bool:
    """Whether the text has nothing but blank lines, comments and document markers.

    Line breaks are white space, so when the first non-space character cannot start a
    comment or a marker, its line is not blank: no need to split the whole text."""
    start = text.lstrip()[:1]
    if not start:
        return True
    if start not in "#-.":
        return False
    return all(_is_blank(line) for line in text.splitlines())


def _is_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#") or stripped in ("---", "...")


def _loc(path: str, mark, line_offset: int) -> Loc:
    if mark is None:
        return Loc(path, line_offset + 1)
    return Loc(path, mark.line + 1 + line_offset, mark.column + 1)


class _Converter:
    """Turns composed YAML nodes into located values, bounding alias expansion.

    Called for every value of every file: the common cases (a text value, a key that is
    plain text and new) take the shortest path; anything else goes through the full checks.
    """

    def __init__(self, origin: Origin, escapes: bool = True) -> None:
        self.origin = origin
        self.escapes = escapes  # whether the text has a backslash: else no value has an escape
        self.budget = MAX_VALUES

    def convert(self, node, depth: int):
        self.budget -= 1
        if self.budget < 0:
            message = f"file expands to more than {MAX_VALUES:,} values (nested YAML aliases?)"
            raise LoadError(self.origin.loc(node.start_mark), message)
        if depth > MAX_DEPTH:
            raise LoadError(self.origin.loc(node.start_mark), f"values nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, ScalarNode):
            if node.style == '"' and self.escapes:  # the only style that can write a character as an escape
                at = chars.forbidden_in_value(node.value)
                if at is not None:
                    raise LoadError(self.origin.loc(node.start_mark), chars.message(node.value[at]))
            return node.value if node.tag == STR else self.scalar(node)
        if isinstance(node, MappingNode):
            return self.mapping(node, depth)
        return self.sequence(node, depth)

    def mapping(self, node, depth: int) -> Mapping:
        pairs = node.value
        result = Mapping(self.origin, node.start_mark, [part.start_mark for pair in pairs for part in pair])
        for key_node, value_node in pairs:
            key = key_node.value
            if key_node.tag != STR or key.__class__ is not str or key in result:
                key = self.key(key_node, result)
            result[key] = self.convert(value_node, depth + 1)
        return result

    def key(self, node, mapping: Mapping) -> str:
        """A field name that is not simply new text: refused, or converted like any scalar."""
        key = self.scalar(node) if isinstance(node, ScalarNode) else None
        if node.tag == "tag:yaml.org,2002:merge":
            raise LoadError(self.origin.loc(node.start_mark), "merge keys (<<) are not supported")
        if not isinstance(key, str):
            raise LoadError(self.origin.loc(node.start_mark), "field names must be text")
        if key in mapping:
            raise LoadError(self.origin.loc(node.start_mark), f"duplicate field {quote(key)}")
        return key

    def sequence(self, node, depth: int) -> Sequence:
        items = node.value
        marks = [item.start_mark for item in items]
        return Sequence([self.convert(item, depth + 1) for item in items], self.origin, node.start_mark, marks)

    def scalar(self, node):
        tag, value = node.tag, node.value
        if tag in SCALARS:
            digits = value.lstrip("+-")
            if tag == INT and len(digits) > 1 and digits[0] == "0" and digits.isdigit():
                return value  # "010": octal in YAML 1.1, ten in YAML 1.2; kept as written
            try:
                return SCALARS[tag](value.replace("_", ""))
            except ValueError:
                return value
        if tag == BOOL:
            return value.lower() in ("true", "yes", "on")
        if tag == NULL:
            return None
        return value  # strings, and timestamps kept as written (dates are parsed later)


def _parse_excerpt(found: Found, text: str, digest: str) -> RawRecord:
    path = found.path
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise LoadError(Loc(path), "an excerpt must start with a '---' front matter block")
    # The closing line is '---' at the start of a line: an indented '---' belongs to a value
    # (a `title: |` block, say).
    end = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() == "---"), None)
    if end is None:
        raise LoadError(Loc(path), "front matter is not closed by a '---' line")
    front = "".join(lines[1:end])
    data = parse_yaml(front, path, line_offset=1)
    body = "".join(lines[end + 1 :]).strip("\n")
    return RawRecord("excerpts", path, found.stem, data, body, Loc(path, end + 2), digest)
