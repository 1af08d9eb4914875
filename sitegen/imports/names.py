"""Place and actor names, normalised so that datasets' spellings meet.

Two keys per name. `key` drops case, diacritics, apostrophes, hyphens, articles (al-, as-,
ash-, ...) and generic words (Governorate, district, subdistrict, Nahiyat, Mintaqat, Markaz,
town, village, ...): `Hamah Governorate` -> `hamah`, `Qal`at al Madiq` -> `qalatmadiq`.
`skeleton` goes further, for transliterations that differ in vowels and doubled letters
(`ee`/`i`, `q`/`k`, `gh`/`g`, a final `h`): `Suqaylibiyah` and `Suqaylabiyah` -> `sqlb`.
Matching tries `key` first and the skeleton only when `key` finds nothing; an ambiguous
skeleton (two candidates) matches nothing. The quirks are those listed in the shared
gazetteer's README ("Quirks worth testing against").
"""

from __future__ import annotations

import functools
import re
import unicodedata

ARTICLES = frozenset("al el as ash an ar az ad at ath adh ul us".split())
GENERIC = frozenset(
    "governorate governorates province muhafazat district subdistrict sub nahiyat nahiya nahiyah mintaqat "
    "mintaqa markaz center centre town city village camp".split()
)
KIND_WORDS = {
    "town": "town", "city": "town", "village": "town", "camp": "site",
    "plain": "area", "plains": "area", "area": "area", "region": "area", "countryside": "area",
    "mountains": "area", "mountain": "area", "valley": "area", "hill": "site", "checkpoint": "site",
}
_SPLIT = re.compile(r"[^a-z0-9]+")
_SLUG = re.compile(r"[^a-z0-9]+")


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    for mark in "'’‘`ʿʾ´":
        text = text.replace(mark, "")
    return text.lower()


@functools.lru_cache(maxsize=65536)
def words(name: str) -> tuple[str, ...]:
    return tuple(w for w in _SPLIT.split(_ascii(name)) if w)


@functools.lru_cache(maxsize=65536)
def key(name: str) -> str:
    """'Hamah Governorate' -> 'hamah'; empty if nothing but generic words remain."""
    return "".join(w for w in words(name) if w not in ARTICLES and w not in GENERIC)


def exact(name: str) -> str:
    """The key of a name that has no `key` (in another script, 'قلعة المضيق', or of no letters,
    '!!!'): the name itself, its spaces and case folded, marked apart from the ASCII keys.
    Without one such a place was never matched, and every import created it again."""
    return "=" + " ".join(name.split()).casefold()


@functools.lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """The consonants of `key(name)`, with common transliteration variants folded."""
    text = key(name)
    for old, new in (("ee", "i"), ("ou", "u"), ("oo", "u"), ("gh", "g"), ("kh", "k"), ("q", "k"),
                     ("ph", "f"), ("dh", "d"), ("th", "t"), ("sh", "s")):
        text = text.replace(old, new)
    text = re.sub(r"[aeiouyw]", "", text)
    text = re.sub(r"(.)\1+", r"\1", text)
    return text[:-1] if len(text) > 2 and text.endswith("h") else text


def kind_word(name: str) -> str | None:
    """The kind of place a name's last word says ('Qalat al Madiq town' -> 'town')."""
    found = words(name)
    return KIND_WORDS.get(found[-1]) if found else None


def plain_name(name: str) -> str:
    """A place name without its trailing kind word: 'Qalat al Madiq town' -> 'Qalat al Madiq'."""
    parts = name.split()
    if len(parts) > 1 and parts[-1].lower() in KIND_WORDS:
        parts = parts[:-1]
    return " ".join(parts)


def slug_is_whole(name: str, limit: int = 60) -> bool:
    """Whether `slugify(name, limit)` keeps every letter and digit of the name (in ASCII):
    then two names with the same slug differ only in case, accents, apostrophes, spaces and
    punctuation, and may be taken as one. A name in another script ('المعارضة السورية'),
    or cut at `limit`, gives a slug that does not stand for it ('unnamed', 'jaysh' for
    'Jaysh العزة')."""
    text = _ascii(name)
    kept = _SLUG.sub("-", text).strip("-")
    return bool(kept) and len(kept) <= limit and all(c.isascii() for c in text if c.isalnum())


def slugify(name: str, limit: int = 60) -> str:
    """An id from a name: 'Qalat al Madiq' -> 'qalat-al-madiq' (ASCII, hyphens; never empty)."""
    slug = _SLUG.sub("-", _ascii(name)).strip("-")[:limit].strip("-")
    return slug or "unnamed"
