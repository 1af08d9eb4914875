"""The places an import matches against: the content's place records and those the import
is adding, indexed by P-code, by parent and by normalised name (`sitegen.imports.names`)."""

from __future__ import annotations

from collections import defaultdict

from ..content.fields import RESERVED
from . import names

ADMIN = ("country", "governorate", "district", "subdistrict")


class PlaceIndex:
    """Place records as plain dicts (the YAML fields), by id."""

    def __init__(self, places: dict[str, dict]) -> None:
        self.places: dict[str, dict] = {}
        self.by_pcode: dict[str, str] = {}
        self.children: dict[str | None, list[str]] = defaultdict(list)
        self.keys: dict[str, list[tuple[str, str]]] = {}  # id -> (key, skeleton) of its names
        self.by_key: tuple[dict[str, set[str]], dict[str, set[str]]] = (defaultdict(set), defaultdict(set))
        for ident in sorted(places):
            self.add(places[ident])

    def add(self, place: dict) -> None:
        ident = place["id"]
        old = self.places.get(ident)
        if old is not None:
            self.children[old.get("parent")].remove(ident)
            for pair in self.keys.get(ident, ()):
                for which in (0, 1):
                    self.by_key[which][pair[which]].discard(ident)
        self.places[ident] = place
        if place.get("pcode"):
            self.by_pcode[str(place["pcode"])] = ident
        self.children[place.get("parent")].append(ident)
        found = []
        for text in _all_names(place):
            pair = (names.key(text), names.skeleton(text))
            if not pair[0]:
                pair = (names.exact(text),) * 2
            if pair not in found:
                found.append(pair)
        self.keys[ident] = found
        for pair in found:
            for which in (0, 1):
                self.by_key[which][pair[which]].add(ident)

    def ancestors(self, ident: str) -> list[str]:
        chain, seen = [], {ident}
        parent = self.places.get(ident, {}).get("parent")
        while parent and parent not in seen and parent in self.places:
            chain.append(parent)
            seen.add(parent)
            parent = self.places[parent].get("parent")
        return chain

    def within(self, ident: str, top: str | None) -> bool:
        return top is None or top in self.ancestors(ident)

    def match(self, name: str, kinds: tuple[str, ...], within: str | None = None, direct: bool = False) -> str | None:
        """The one place of one of `kinds` below `within` (its child only, if `direct`) named
        `name` or one of its aliases: by key first, then by skeleton; None if none or several."""
        key, skel = names.key(name), names.skeleton(name)
        if not key:
            if not name.strip():
                return None
            key = skel = names.exact(name)
        for which, wanted in ((0, key), (1, skel)):
            found = sorted(i for i in self.by_key[which].get(wanted, ()) if self.places[i]["kind"] in kinds
                           and (self.places[i].get("parent") == within if direct else self.within(i, within)))
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                return self._named(name, found)
        return None

    def _named(self, name: str, found: list[str]) -> str | None:
        """Of several places a name matches, the one whose own name it is, word for word (case
        and spaces folded), if just one: the place an earlier row created from that name. Without
        this, a name that matched two places created a third, which made it match three, so
        every later row created one more ('muhradah-district-2', ... '-16')."""
        wanted = names.exact(name)
        own = [i for i in found if any(isinstance(n, str) and names.exact(n) == wanted for n in _own_names(self.places[i]))]
        return own[0] if len(own) == 1 else None

    def free_id(self, base: str, parent: str | None) -> str:
        """`base`, or `base` followed by its parent's id where `base` is taken (or is an id
        the site reserves, `index`)."""
        if base not in self.places and base not in RESERVED:
            return base
        candidate = f"{base}-{parent}"[:80].strip("-") if parent else base
        number = 2
        while candidate in self.places or candidate in RESERVED:
            candidate = f"{base}-{number}"
            number += 1
        return candidate


def _all_names(place: dict) -> list[str]:
    found = []
    name = place.get("name")
    found += list(name.values()) if isinstance(name, dict) else [name] if isinstance(name, str) else []
    aliases = place.get("aliases")
    if isinstance(aliases, dict):
        for values in aliases.values():
            if isinstance(values, list):
                found += [v for v in values if isinstance(v, str)]
    return [f for f in found if isinstance(f, str)]


def _own_names(place: dict) -> list:
    name = place.get("name")
    return list(name.values()) if isinstance(name, dict) else [name]
