"""The records an import writes, and how it tells its own untouched files from edited ones.

Each file an import writes starts with one comment line that names the dataset row and
carries a digest of the rest of the file:

    # sitegen import: ucdp 292463; blake2b 1f0c...; edited records are kept (a re-import reports a conflict)

The digest is kept in the record itself rather than in a sidecar file: it travels with the
file through renames, merges and pull requests, it cannot fall out of step with a separate
table, and the loader skips comments, so the record stays plain content. On the next import
a file is *unchanged* when its bytes equal the new ones, *updated* when its digest still
matches its body (nobody edited it since the import), and a *conflict* otherwise (an editor
changed it, or wrote it by hand): a conflict is reported and the file is left as it is.

YAML is written as PyYAML's safe dumper (libyaml's emitter) writes it, with a fixed key order,
block style, and Unicode kept: the same record gives the same bytes (`yamltext` writes the
usual records directly, PyYAML the rest).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..content.digests import short_digest
from ..build.write import replace_file
from . import yamltext

MARK = re.compile(r"^# sitegen import: (?P<origin>[^;\n]*); blake2b (?P<digest>[0-9a-f]{20});[^\n]*\n")
CREATED, UPDATED, UNCHANGED, CONFLICT = "created", "updated", "unchanged", "conflict"


try:  # libyaml's emitter: about 10x faster than PyYAML's own, same output for these records
    _Base = yaml.CSafeDumper
except AttributeError:  # pragma: no cover
    _Base = yaml.SafeDumper


class _Dumper(_Base):
    def ignore_aliases(self, data) -> bool:  # never anchors: every value written out
        return True


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


class Flow(list):
    """A list written on one line (`[35.41, 36.39]`, `[5, 7]`)."""


_Dumper.add_representer(Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


digest = short_digest  # of a record's body, below its mark


def dump_yaml(data: dict) -> str:
    """The record as YAML by PyYAML (the slow path `yamltext` must equal)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def dump(data: dict, origin: str) -> bytes:
    """A record's file: the import's comment line, then the record as YAML (written directly
    by `yamltext` where it can, else by PyYAML: the same bytes)."""
    try:
        text = yamltext.text(data, Flow)
    except yamltext.Unusual:
        text = dump_yaml(data)
    body = text.encode("utf-8")
    head = f"# sitegen import: {origin}; blake2b {digest(body)}; edited records are kept (a re-import reports a conflict)\n"
    return head.encode("utf-8") + body


class WriteError(Exception):
    """A file the import would write cannot be read or written (a folder, or a file where a
    folder must be, a full disk); `path` is where, `written` how many files were written
    before it (0 when found before writing any)."""

    def __init__(self, path: Path, message: str, written: int = 0) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.written = written


def status(path: Path, new: bytes, present: bool = True) -> str:
    """What writing `new` at `path` would be: created, unchanged, updated or conflict
    (`present` False: the caller knows there is no file there). Raises WriteError when
    what is at `path` cannot be read as a file (a folder there)."""
    if not present:
        return CREATED
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        return CREATED
    except OSError as err:
        raise WriteError(path, f"cannot be read as a record: {err.strerror or err}") from None
    if old == new:
        return UNCHANGED
    text = old[:300].decode("utf-8", "replace")
    mark = MARK.match(text)
    if mark and digest(old[len(mark.group(0).encode("utf-8")):]) == mark.group("digest"):
        return UPDATED
    return CONFLICT


def imported(path: Path) -> bool:
    """Whether the file at `path` starts with an import's comment line (edited or not)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(300)
    except OSError:
        return False
    return MARK.match(head.decode("utf-8", "replace")) is not None


@dataclass
class Plan:
    """Every file an import would write, with what writing it would be."""

    files: dict[Path, bytes] = field(default_factory=dict)
    states: dict[Path, str] = field(default_factory=dict)
    kinds: dict[Path, str] = field(default_factory=dict)
    listed: dict[Path, frozenset[str]] = field(default_factory=dict)  # folder -> its file names, read once

    def add(self, kind: str, path: Path, data: bytes) -> str:
        self.files[path] = data
        self.kinds[path] = kind
        self.states[path] = status(path, data, path.name in self._names(path.parent))
        return self.states[path]

    def _names(self, folder: Path) -> frozenset[str]:
        """The names in `folder` when the import began (a name not there is a new file: no
        need to try opening it)."""
        names = self.listed.get(folder)
        if names is None:
            try:
                names = frozenset(os.listdir(folder))
            except (FileNotFoundError, NotADirectoryError):
                names = frozenset()
            self.listed[folder] = names
        return names

    def count(self, state: str, kind: str | None = None) -> int:
        return sum(1 for p, s in self.states.items() if s == state and (kind is None or self.kinds[p] == kind))

    def conflicts(self) -> list[Path]:
        return sorted(p for p, s in self.states.items() if s == CONFLICT)

    def write(self) -> None:
        """Write the created and updated files (each through a temporary file, created
        exclusively, and a rename: `sitegen.build.write.replace_file`); conflicts and unchanged files
        are left alone. Each folder is made once. Raises WriteError, before writing anything,
        for a folder to write into that is something else (a file `actors` where `actors/`
        must be); and, naming how many files were written, for a failure while writing."""
        todo = [p for p in sorted(self.files) if self.states[p] in (CREATED, UPDATED)]
        for folder in sorted({p.parent for p in todo}):
            for above in (*reversed(folder.parents), folder):
                if os.path.lexists(above) and not os.path.isdir(above):
                    raise WriteError(above, "is a file, not a folder: the import writes its records there")
        made: set[Path] = set()
        written = 0
        for path in todo:
            try:
                if path.parent not in made:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    made.add(path.parent)
                replace_file(os.fspath(path), self.files[path])
            except OSError as err:
                raise WriteError(path, f"cannot write it: {err.strerror or err}", written) from None
            written += 1
