"""Load: the only stage that reads `content/`. Parses YAML keeping file, line and column.

Values come back as plain Python data; mappings and sequences are `Mapping` and
`Sequence`, which remember where each of their keys and items stands, so any later
stage can point at the exact line of a field.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Loc, Problems

try:  # the C loader is about 8x faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024
MAX_VALUES = 20_000
MAX_DEPTH = 40
KINDS = ("places", "actors", "sources", "events")
SCALARS = {
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
}


class Mapping(dict):
    """A YAML mapping that remembers where it, its keys and its values stand."""

    def __init__(self, loc: Loc) -> None:
        super().__init__()
        self.loc = loc
        self.key_locs: dict[str, Loc] = {}
        self.value_locs: dict[str, Loc] = {}

    def where(self, key: str) -> Loc:
        return self.value_locs.get(key, self.loc)


class Sequence(list):
    """A YAML sequence that remembers where it and each item stand."""

    def __init__(self, loc: Loc) -> None:
        super().__init__()
        self.loc = loc
        self.item_locs: list[Loc] = []

    def where(self, index: int) -> Loc:
        return self.item_locs[index] if index < len(self.item_locs) else self.loc


@dataclass(frozen=True)
class RawRecord:
    kind: str
    path: str
    data: Mapping
    body: str = ""
    body_loc: Loc | None = None


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


def load_content(root: str | Path, problems: Problems) -> RawContent:
    """Read every record under `root`; unreadable files become problems."""
    root = Path(root)
    if not root.is_dir():
        problems.error(Loc(str(root)), "content folder not found")
        return RawContent(str(root), None, ())
    site = _load_one(root / "site.yaml", "site", problems)
    records = [r for kind in KINDS for r in _load_kind(root, kind, problems)]
    records += _load_excerpts(root, problems)
    stems = tuple((kind, p.stem) for kind in (*KINDS, "excerpts") for p in _files(root / kind, problems=None))
    return RawContent(str(root), site, tuple(r for r in records if r), stems)


def _load_kind(root: Path, kind: str, problems: Problems) -> list[RawRecord | None]:
    paths = _files(root / kind, (".yaml", ".yml"), problems)
    return [_load_one(path, kind, problems) for path in paths]


def _load_excerpts(root: Path, problems: Problems) -> list[RawRecord | None]:
    paths = _files(root / "excerpts", (".md",), problems)
    return [_load_one(path, "excerpts", problems, front_matter=True) for path in paths]


def _files(folder: Path, suffixes: tuple[str, ...] = (".yaml", ".yml", ".md"), problems: Problems | None = None) -> list[Path]:
    if not folder.is_dir():
        return []
    found = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            if entry.is_symlink() or not entry.is_file() or path.suffix not in suffixes:
                if problems is not None:
                    problems.warning(Loc(str(path)), f"ignored: not a {' or '.join(suffixes)} file")
                continue
            found.append(path)
    return found


def _load_one(path: Path, kind: str, problems: Problems, front_matter: bool = False):
    if kind == "site" and not path.is_file():
        problems.error(Loc(str(path)), "site.yaml is missing")
        return None
    try:
        text = read_text(path)
        if front_matter:
            return _parse_excerpt(path, text)
        return RawRecord(kind, str(path), parse_yaml(text, str(path)))
    except LoadError as err:
        problems.error(err.loc, err.message)
        return None


def read_text(path: Path) -> str:
    """Read a content file as UTF-8, refusing huge and undecodable files."""
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise LoadError(Loc(str(path)), f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        loc = Loc(str(path), line, col)
        raise LoadError(loc, f"file is not UTF-8 (byte 0x{data[err.start]:02x})") from None


def parse_yaml(text: str, path: str, line_offset: int = 0) -> Mapping:
    """Parse one YAML document whose top level must be a mapping."""
    if not text.strip() or all(_is_blank(line) for line in text.splitlines()):
        raise LoadError(Loc(path, line_offset + 1), "file is empty")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        loc = _loc(path, mark, line_offset)
        raise LoadError(loc, f"malformed YAML: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise LoadError(Loc(path, line_offset + 1), f"malformed YAML: {err}") from None
    if not isinstance(node, yaml.MappingNode):
        raise LoadError(_loc(path, node.start_mark, line_offset), "expected a mapping of fields")
    return _Converter(path, line_offset).convert(node, 0)


def _is_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#") or stripped in ("---", "...")


def _loc(path: str, mark, line_offset: int) -> Loc:
    if mark is None:
        return Loc(path, line_offset + 1)
    return Loc(path, mark.line + 1 + line_offset, mark.column + 1)


class _Converter:
    """Turns composed YAML nodes into located values, bounding alias expansion."""

    def __init__(self, path: str, line_offset: int) -> None:
        self.path = path
        self.first_line = line_offset + 1
        self.budget = MAX_VALUES

    def loc(self, node) -> Loc:  # called for every value: kept flat
        mark = node.start_mark
        return Loc(self.path, mark.line + self.first_line, mark.column + 1)

    def convert(self, node, depth: int):
        self.budget -= 1
        if self.budget < 0:
            message = f"file expands to more than {MAX_VALUES:,} values (nested YAML aliases?)"
            raise LoadError(self.loc(node), message)
        if depth > MAX_DEPTH:
            raise LoadError(self.loc(node), f"values nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth)
        if isinstance(node, yaml.SequenceNode):
            return self.sequence(node, depth)
        return self.scalar(node)

    def mapping(self, node, depth: int) -> Mapping:
        result = Mapping(self.loc(node))
        for key_node, value_node in node.value:
            key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise LoadError(self.loc(key_node), "merge keys (<<) are not supported")
            if not isinstance(key, str):
                raise LoadError(self.loc(key_node), "field names must be text")
            if key in result:
                raise LoadError(self.loc(key_node), f"duplicate field '{key}'")
            result.key_locs[key] = self.loc(key_node)
            result.value_locs[key] = self.loc(value_node)
            result[key] = self.convert(value_node, depth + 1)
        return result

    def sequence(self, node, depth: int) -> Sequence:
        result = Sequence(self.loc(node))
        for item in node.value:
            result.item_locs.append(self.loc(item))
            result.append(self.convert(item, depth + 1))
        return result

    def scalar(self, node):
        tag, value = node.tag, node.value
        if tag in SCALARS:
            try:
                return SCALARS[tag](value.replace("_", ""))
            except ValueError:
                return value
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() in ("true", "yes", "on")
        if tag == "tag:yaml.org,2002:null":
            return None
        return value  # strings, and timestamps kept as written (dates are parsed later)


def _parse_excerpt(path: Path, text: str) -> RawRecord:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise LoadError(Loc(str(path)), "an excerpt must start with a '---' front matter block")
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
    if end is None:
        raise LoadError(Loc(str(path)), "front matter is not closed by a '---' line")
    front = "".join(lines[1:end])
    data = parse_yaml(front, str(path), line_offset=1)
    body = "".join(lines[end + 1 :]).strip("\n")
    return RawRecord("excerpts", str(path), data, body, Loc(str(path), end + 2))
