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

YAML is written by PyYAML's safe dumper with a fixed key order, block style, and Unicode
kept: the same record gives the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..digests import short_digest
from ..write import replace_file

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


def dump(data: dict, origin: str) -> bytes:
    """A record's file: the import's comment line, then the record as YAML."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False).encode("utf-8")
    head = f"# sitegen import: {origin}; blake2b {digest(body)}; edited records are kept (a re-import reports a conflict)\n"
    return head.encode("utf-8") + body


def status(path: Path, new: bytes) -> str:
    """What writing `new` at `path` would be: created, unchanged, updated or conflict."""
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        return CREATED
    if old == new:
        return UNCHANGED
    text = old[:300].decode("utf-8", "replace")
    mark = MARK.match(text)
    if mark and digest(old[len(mark.group(0).encode("utf-8")):]) == mark.group("digest"):
        return UPDATED
    return CONFLICT


@dataclass
class Plan:
    """Every file an import would write, with what writing it would be."""

    files: dict[Path, bytes] = field(default_factory=dict)
    states: dict[Path, str] = field(default_factory=dict)
    kinds: dict[Path, str] = field(default_factory=dict)

    def add(self, kind: str, path: Path, data: bytes) -> str:
        self.files[path] = data
        self.kinds[path] = kind
        self.states[path] = status(path, data)
        return self.states[path]

    def count(self, state: str, kind: str | None = None) -> int:
        return sum(1 for p, s in self.states.items() if s == state and (kind is None or self.kinds[p] == kind))

    def conflicts(self) -> list[Path]:
        return sorted(p for p, s in self.states.items() if s == CONFLICT)

    def write(self) -> None:
        """Write the created and updated files (each through a temporary file and a rename);
        conflicts and unchanged files are left alone."""
        for path in sorted(self.files):
            if self.states[path] not in (CREATED, UPDATED):
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(str(path), self.files[path])
