"""Actors and sources met in datasets, deduplicated through an editable alias table.

`content/import/aliases.yaml` (optional, written by editors; the loader never reads the
`import/` folder, the importer checks it) maps each actor or source id to the names the
datasets use for it:

    actors:
      syrian-regime-forces: [Government of Syria, "Military Forces of Syria (2000-)"]
    sources:
      sohr: [SOHR, Syrian Observatory for Human Rights]

A dataset name is looked up (case and spacing ignored) in the table, then among the names
and aliases of the content's records of that kind, and only then becomes a new record whose
id is the name as a slug.
"""

from __future__ import annotations

from pathlib import Path

from ..content.fields import RESERVED, SLUG
from ..content.load import LoadError, Mapping, Sequence, decode, parse_yaml
from .names import slug_is_whole, slugify
from .tables import TableError, quote

ALIASES = Path("import") / "aliases.yaml"


def fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def load_aliases(content: Path) -> dict[str, dict[str, str]]:
    """{'actors': {folded name: id}, 'sources': {...}} from the alias table, if there is one;
    raises TableError (file:line:col) for a malformed table."""
    path = content / ALIASES
    table: dict[str, dict[str, str]] = {"actors": {}, "sources": {}}
    if not path.is_file():
        return table
    try:
        data = parse_yaml(decode(path.read_bytes(), str(path)), str(path))
    except LoadError as err:
        raise TableError(err.loc, err.message) from None
    for kind, ids in data.items():
        if kind not in table:
            raise TableError(data.key_loc(kind), f"unknown section {quote(kind)}; expected actors or sources")
        if not isinstance(ids, Mapping):
            raise TableError(data.where(kind), f"{kind}: expected a mapping of id to a list of names")
        for ident, names in ids.items():
            if not isinstance(ident, str) or not SLUG.fullmatch(ident):
                raise TableError(ids.key_loc(ident), f"{kind}: {quote(ident)} is not a valid id")
            if not isinstance(names, Sequence) or not all(isinstance(n, str) and n.strip() for n in names):
                raise TableError(ids.where(ident), f"{kind}.{ident}: expected a list of names")
            for index, name in enumerate(names):
                other = table[kind].setdefault(fold(name), ident)
                if other != ident:
                    raise TableError(names.where(index), f"{kind}: {quote(name)} is given for both {other} and {ident}")
    return table


class Names:
    """Records of one kind (actors or sources) by id, and the names that lead to each."""

    def __init__(self, records: dict[str, dict], table: dict[str, str]) -> None:
        self.records = records
        self.table = table
        self.known: dict[str, str] = {}
        for ident in sorted(records):
            for name in _names(records[ident]):
                self.known.setdefault(fold(name), ident)
        self.created: list[str] = []

    def resolve(self, name: str, make) -> tuple[str, bool]:
        """The id for a dataset name, and whether its record is new; `make(id, name)` gives
        the record of a new one."""
        folded = fold(name)
        ident = self.table.get(folded) or self.known.get(folded)
        if ident is None:
            ident = self._new_id(name)
        new = ident not in self.records
        if new:
            self.records[ident] = make(ident, name)
            self.created.append(ident)
        self.known.setdefault(folded, ident)
        return ident, new

    def _new_id(self, name: str) -> str:
        """The id of a name no record carries: its slug, which it shares with a record only
        when the slug stands for the whole name and for a name of that record
        (`names.slug_is_whole`: 'Hay'at Tahrir al-Sham' is 'Hayat Tahrir al Sham'; 'Jaysh'
        is not 'Jaysh العزة', whose slug is 'jaysh' too); else, and for an id the site reserves
        (`index`), the slug numbered (`unnamed-2`): two actors or outlets named in another
        script are two records, never one that takes the other's events and figures."""
        base = slugify(name, 80)
        if base not in RESERVED and (base not in self.records or slug_is_whole(name, 80) and any(
                slug_is_whole(n, 80) and slugify(n, 80) == base for n in _names(self.records[base]))):
            return base
        number = 2
        while (ident := f"{base[:76]}-{number}") in self.records:
            number += 1
        return ident


def _names(record: dict) -> list[str]:
    found = []
    name = record.get("name")
    found += list(name.values()) if isinstance(name, dict) else [name]
    aliases = record.get("aliases")
    if isinstance(aliases, dict):
        for values in aliases.values():
            found += list(values) if isinstance(values, list) else []
    return [n for n in found if isinstance(n, str)]
