"""Generate a seeded, realistic synthetic content corpus for benchmarks and tests.

    python benchmarks/generate.py OUT_DIR --events N [--seed 1]

OUT_DIR becomes a content folder in the format of docs/content-format.md: site.yaml and
places/, actors/, sources/, events/, excerpts/, one record per file. Everything scales with N
(defaults are sized for N=10000): about N/10 places (a country, ~14 governorates, districts,
towns and sites, a few areas with `spans`), ~N*0.03 actors (at least 20) with part-of,
backed-by and allied-with relations, ~N*0.02 sources (at least 10, each cited at least once),
N events over 2015-2019 and ~N/5 excerpts. Names are pseudo-words built from parallel
syllables, so one name reads consistently in English, Arabic script and Turkish; some texts
are left untranslated on purpose (`sitegen check` then warns, as it should).

Only the standard library is used and all randomness comes from one random.Random(seed),
so the same seed and N give byte-identical output. Regenerating into an existing OUT_DIR
removes stale *.yaml / *.md files from its record folders. Tests can call `generate()` directly.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random

LANGS = ("en", "ar", "tr")
FIRST_DAY, LAST_DAY = date(2015, 1, 1), date(2019, 12, 31)
KIND_DIRS = ("places", "actors", "sources", "events", "excerpts")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# --------------------------------------------------------------------------- YAML output

_PLAIN = re.compile(r"^[a-z][a-z0-9-]*$")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def scalar(value: object) -> str:
    """One YAML scalar: slug-like words plain, every other string double-quoted (JSON)."""
    if isinstance(value, bool):
        raise TypeError("booleans are not used in content")
    if isinstance(value, (int, float)):
        return repr(value)
    if _PLAIN.match(value) and value not in _RESERVED:
        return value
    return json.dumps(value, ensure_ascii=False)


def dump(record: dict) -> str:
    """A record as block-style YAML; None values and empty lists are left out."""
    lines: list[str] = []
    _mapping(record, 0, lines)
    return "\n".join(lines) + "\n"


def _mapping(data: dict, indent: int, lines: list[str], lead: str | None = None) -> None:
    pad = " " * indent
    items = [(k, v) for k, v in data.items() if v is not None and v != []]
    for index, (key, value) in enumerate(items):
        head = f"{lead if index == 0 and lead is not None else pad}{key}:"
        if isinstance(value, dict):
            lines.append(head)
            _mapping(value, indent + 2, lines)
        elif isinstance(value, list) and isinstance(value[0], dict):
            lines.append(head)
            for item in value:
                _mapping(item, indent + 4, lines, lead=pad + "  - ")
        elif isinstance(value, list):
            lines.append(f"{head} [{', '.join(scalar(v) for v in value)}]")
        elif isinstance(value, str) and "\n" in value:
            lines.append(f"{head} |-")
            lines.extend(pad + "  " + line if line else "" for line in value.split("\n"))
        else:
            lines.append(f"{head} {scalar(value)}")


# --------------------------------------------------------------------------- names and texts

# Parallel syllables: (English transliteration, Arabic script, Turkish spelling).
ONSETS = [
    ("ba", "با", "ba"), ("bi", "بي", "bi"), ("da", "دا", "da"), ("dar", "دار", "dar"),
    ("fa", "فا", "fa"), ("ha", "حا", "ha"), ("ham", "حم", "ham"), ("jab", "جب", "cab"),
    ("ja", "جا", "ca"), ("kaf", "كف", "kef"), ("kha", "خا", "ha"), ("la", "لا", "la"),
    ("ma", "ما", "ma"), ("mar", "مر", "mer"), ("mi", "مي", "mi"), ("na", "نا", "na"),
    ("nab", "نب", "neb"), ("qa", "قا", "ka"), ("ra", "را", "ra"), ("ri", "ري", "ri"),
    ("ru", "رو", "ru"), ("sa", "سا", "sa"), ("sar", "سر", "ser"), ("sha", "شا", "şa"),
    ("ta", "تا", "ta"), ("tal", "تل", "tel"), ("wa", "وا", "va"), ("ya", "يا", "ya"),
    ("za", "زا", "za"), ("zur", "زور", "zur"), ("bul", "بول", "bul"), ("shi", "شي", "şi"),
    ("sun", "سن", "sün"), ("kur", "كر", "kür"), ("ghu", "غو", "gu"), ("du", "دو", "du"),
]
CODAS = [
    ("n", "ن", "n"), ("an", "ان", "an"), ("in", "ين", "in"), ("un", "ون", "un"),
    ("iyah", "ية", "iye"), ("at", "ات", "at"), ("ab", "اب", "ab"), ("ir", "ير", "ir"),
    ("ul", "ول", "ul"), ("m", "م", "m"), ("s", "س", "s"), ("k", "ك", "k"),
]
ENDINGS = ONSETS + CODAS
TOWN_PREFIXES = [
    ("Kafr", "كفر", "Kefr"), ("Tell", "تل", "Tel"), ("Deir", "دير", "Deyr"), ("Ain", "عين", "Ayn"),
    ("Khirbet", "خربة", "Hirbet"), ("Jisr", "جسر", "Cisr"), ("Maarat", "معرة", "Maarat"),
    ("Qalaat", "قلعة", "Kalat"), ("Ras", "رأس", "Ras"), ("Beit", "بيت", "Beyt"),
]
ALIAS_SPELLINGS = [
    ("Kafr", "Kfar"), ("q", "k"), ("ou", "u"), ("al-", "el-"), ("aa", "a"), ("sh", "ch"),
    ("iyah", "iye"), ("Deir", "Dayr"), ("Tell", "Tal"), ("Ain", "Ayn"), ("u", "ou"), ("kh", "h"),
]


@dataclass(frozen=True)
class Name:
    """One name in every language."""

    en: str
    ar: str
    tr: str

    def fill(self, forms: tuple[str, str, str]) -> Name:
        """Put this name into a pattern such as ('{w} Brigade', 'لواء {w}', '{w} Tugayı')."""
        return Name(*(form.format(w=getattr(self, lang)) for form, lang in zip(forms, LANGS)))

    def all(self) -> dict[str, str]:
        return {"en": self.en, "ar": self.ar, "tr": self.tr}


def tr_upper_first(word: str) -> str:
    head = {"i": "İ", "ı": "I"}.get(word[0], word[0].upper())
    return head + word[1:]


def tr_lower_first(word: str) -> str:
    head = {"İ": "i", "I": "ı"}.get(word[0], word[0].lower())
    return head + word[1:]


def tr_locative(word: str) -> str:
    """Turkish locative with vowel harmony and assimilation: Hama'da, Sermin'de, Okulu'nda."""
    vowels = [c for c in word.lower() if c in "aıoueiöü"]
    vowel = "a" if not vowels or vowels[-1] in "aıou" else "e"
    if word.split()[-1] in TR_COMPOUND_HEADS:
        return f"{word}'nd{vowel}"
    consonant = "t" if word[-1].lower() in "çfhkpsşt" else "d"
    return f"{word}'{consonant}{vowel}"


def word(rng: Random) -> Name:
    """A pseudo-word of two or three syllables, e.g. Sarmin / سرمين / Sermin."""
    parts = [rng.choice(ONSETS) for _ in range(rng.choice((1, 1, 2)))] + [rng.choice(ENDINGS)]
    en, ar, tr = ("".join(p[i] for p in parts) for i in range(3))
    return Name(en.capitalize(), ar, tr_upper_first(tr))


def town_name(rng: Random) -> Name:
    """Sarmin, Kafr Nabal, Maarat al-Numan, Tell al-Sultan ..."""
    base, roll = word(rng), rng.random()
    if roll < 0.4:
        return base
    if roll < 0.75:
        return Name(*(f"{p} {b}" for p, b in zip(rng.choice(TOWN_PREFIXES), (base.en, base.ar, base.tr))))
    head = rng.choice(TOWN_PREFIXES) if roll < 0.85 else word(rng)
    head = head if isinstance(head, Name) else Name(*head)
    return Name(f"{head.en} al-{base.en}", f"{head.ar} ال{base.ar}", f"{head.tr} el-{base.tr}")


def alias(rng: Random, name: str) -> str | None:
    """Another plausible Latin spelling of a name, or None."""
    old, new = rng.choice(ALIAS_SPELLINGS)
    other = name.replace(old, new, 1)
    return other if other != name else None


def text(rng: Random, name: Name, full: float = 0.9) -> dict[str, str]:
    """A name in all three languages with probability `full`, else only some of them."""
    if rng.random() < full:
        return name.all()
    roll = rng.random()
    langs = ("en",) if roll < 0.5 else ("en", "ar") if roll < 0.8 else ("en", "tr")
    return {lang: getattr(name, lang) for lang in langs}


def initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


class Ids:
    """Unique slugs per record kind, derived from English names."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, base: str) -> str:
        stem = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:60].strip("-")
        slug, n = stem, 1
        while slug in self.used:
            n += 1
            slug = f"{stem}-{n}"
        self.used.add(slug)
        return slug


def pick_weighted(rng: Random, items: list, cum: list[float]):
    return rng.choices(items, cum_weights=cum)[0]


def zipf_cum(n: int, power: float = 0.8) -> list[float]:
    """Cumulative weights making the first items much more frequent than the last."""
    total, out = 0.0, []
    for rank in range(n):
        total += 1.0 / (rank + 1) ** power
        out.append(total)
    return out


# --------------------------------------------------------------------------- places


@dataclass(eq=False)
class Place:
    id: str
    kind: str
    name: Name
    lat: float
    lon: float
    parent: Place | None = None
    record: dict = field(default_factory=dict)

    def up(self, kind: str) -> Place | None:
        node = self
        while node is not None and node.kind != kind:
            node = node.parent
        return node


@dataclass
class Gazetteer:
    country: Place
    governorates: list[Place]
    districts: list[Place]
    towns: list[Place]  # towns and sites: where events happen
    areas: list[Place]
    children: dict[str, list[Place]]

    def all(self) -> list[Place]:
        return [self.country, *self.governorates, *self.districts, *self.towns, *self.areas]


def make_places(rng: Random, total: int) -> Gazetteer:
    """About `total` places: 1 country, governorates, districts, towns/sites and a few areas."""
    ids = Ids()
    n_gov = min(14, max(2, total // 10))
    n_areas = max(1, total // 200)
    n_districts = max(n_gov, round(total * 0.06))
    n_towns = max(n_districts, total - 1 - n_gov - n_districts - n_areas)
    name = word(rng)
    country = _place(rng, ids, "country", Name(name.en + "ia", name.ar + "يا", name.tr + "ya"), None, (35.0, 38.5))
    code = re.sub(r"[^A-Z]", "", country.name.en.upper())[:2].ljust(2, "X")
    country.record["pcode"] = code
    govs = [_place(rng, ids, "governorate", word(rng), country, _spot(rng)) for _ in range(n_gov)]
    districts = _spread(rng, ids, govs, n_districts, "district", word, 0.4)
    towns = _spread(rng, ids, districts, n_towns, "town", town_name, 0.15)
    _make_sites(rng, ids, towns)
    _pcodes(code, govs, districts, [t for t in towns if t.kind == "town"])
    children: dict[str, list[Place]] = {}
    for place in (*districts, *towns):
        children.setdefault(place.parent.id, []).append(place)
    areas = [_area(rng, ids, govs, children) for _ in range(n_areas)]
    return Gazetteer(country, govs, districts, towns, areas, children)


def _spot(rng: Random) -> tuple[float, float]:
    return rng.uniform(32.6, 36.9), rng.uniform(35.9, 41.8)


def _spread(rng: Random, ids: Ids, parents: list[Place], n: int, kind: str, namer, jitter: float) -> list[Place]:
    """n children, at least one per parent, the rest spread unevenly."""
    owners = parents + [pick_weighted(rng, parents, zipf_cum(len(parents), 0.5)) for _ in range(n - len(parents))]
    out = []
    for parent in sorted(owners, key=parents.index):
        spot = (parent.lat + rng.uniform(-jitter, jitter), parent.lon + rng.uniform(-jitter, jitter))
        out.append(_place(rng, ids, kind, namer(rng), parent, spot))
    return out


def _place(rng: Random, ids: Ids, kind: str, name: Name, parent: Place | None, spot) -> Place:
    lat, lon = round(max(-90.0, min(90.0, spot[0])), 4), round(spot[1], 4)
    place = Place(ids.take(name.en), kind, name, lat, lon, parent)
    place.record = {"id": place.id, "kind": kind, "name": text(rng, name)}
    if rng.random() < 0.2 and (other := alias(rng, name.en)):
        place.record["aliases"] = {"en": [other]}
    place.record["parent"] = parent.id if parent else None
    place.record["spans"] = None  # areas only, filled in by _area
    place.record["coordinates"] = [lat, lon]
    place.record["pcode"] = None  # filled in by _pcodes, keeps its place in the file
    if kind in ("country", "town") and rng.random() < (1.0 if kind == "country" else 0.4):
        place.record["geonames"] = rng.randint(100000, 9999999)
    if kind in ("governorate", "country") or rng.random() < 0.15:
        place.record["description"] = text(rng, _place_description(place), 0.5)
    return place


def _place_description(place: Place) -> Name:
    if place.parent is None:
        return Name("The country covered by this **synthetic** monitor.",
                    "البلد الذي يغطيه هذا المرصد **التجريبي**.", "Bu **sentetik** gözlemevinin kapsadığı ülke.")
    p = place.parent.name
    return Name(f"A {place.kind} in {p.en}.", f"تقع في {p.ar}.", f"{p.tr} içinde yer alır.")


def _pcodes(code: str, govs: list[Place], districts: list[Place], towns: list[Place]) -> None:
    counters: dict[str, int] = {}
    for level, width in ((govs, 2), (districts, 2), (towns, 3)):
        for place in level:
            parent_code = place.parent.record.get("pcode", code)
            counters[parent_code] = counters.get(parent_code, 0) + 1
            place.record["pcode"] = f"{parent_code}{counters[parent_code]:0{width}d}"


SITE_FORMS = [
    ("{w} Hospital", "مشفى {w}", "{w} Hastanesi"), ("{w} Bakery", "فرن {w}", "{w} Fırını"),
    ("{w} School", "مدرسة {w}", "{w} Okulu"), ("{w} Market", "سوق {w}", "{w} Çarşısı"),
    ("{w} Checkpoint", "حاجز {w}", "{w} Kontrol Noktası"), ("{w} Great Mosque", "جامع {w} الكبير", "{w} Ulu Camii"),
    ("{w} Airbase", "مطار {w} العسكري", "{w} Hava Üssü"), ("{w} Dam", "سد {w}", "{w} Barajı"),
]


def _make_sites(rng: Random, ids: Ids, towns: list[Place]) -> None:
    """Turn about 15% of towns into sites named after a neighbouring town."""
    for index, place in enumerate(towns):
        if index == 0 or rng.random() >= 0.15 or towns[index - 1].parent is not place.parent:
            continue
        neighbour = towns[index - 1]
        place.kind, place.name = "site", neighbour.name.fill(rng.choice(SITE_FORMS))
        place.id = ids.take(place.name.en)
        place.record.update(id=place.id, kind="site", name=text(rng, place.name))
        for key in ("aliases", "geonames"):
            place.record.pop(key, None)


AREA_FORMS = [
    ("{w} Plain", "سهل {w}", "{w} Ovası"), ("{w} Valley", "وادي {w}", "{w} Vadisi"),
    ("{w} Countryside", "ريف {w}", "{w} Kırsalı"), ("{w} Mountains", "جبال {w}", "{w} Dağları"),
]
# Turkish compound heads with a possessive ending take a buffer n: Okulu'nda, Ovası'nda.
TR_COMPOUND_HEADS = {form[2].split()[-1] for form in SITE_FORMS + AREA_FORMS}


def _area(rng: Random, ids: Ids, govs: list[Place], children: dict) -> Place:
    """An area across 2-4 districts of one governorate (or its towns, if it has one district)."""
    gov = rng.choice(govs)
    candidates = children.get(gov.id, [])
    if len(candidates) < 2:
        candidates = [t for d in candidates for t in children.get(d.id, [])] or candidates
    spans = rng.sample(candidates, min(len(candidates), rng.randint(2, 4)))
    name = word(rng).fill(rng.choice(AREA_FORMS))
    area = _place(rng, ids, "area", name, gov, (gov.lat, gov.lon))
    area.record["spans"] = sorted(p.id for p in spans)
    area.record["coordinates"] = [round(sum(p.lat for p in spans) / len(spans), 4),
                                  round(sum(p.lon for p in spans) / len(spans), 4)]
    return area


# --------------------------------------------------------------------------- actors

ACTOR_FORMS = {
    "armed-group": [
        ("{w} Brigade", "لواء {w}", "{w} Tugayı"), ("{w} Battalion", "كتيبة {w}", "{w} Taburu"),
        ("{w} Division", "فرقة {w}", "{w} Tümeni"), ("{w} Movement", "حركة {w}", "{w} Hareketi"),
        ("{w} Legion", "فيلق {w}", "{w} Lejyonu"), ("Martyrs of {w} Brigade", "لواء شهداء {w}", "{w} Şehitleri Tugayı"),
        ("{w} Regiment", "فوج {w}", "{w} Alayı"),
    ],
    "coalition": [
        ("{w} Front", "جبهة {w}", "{w} Cephesi"), ("{w} Operations Room", "غرفة عمليات {w}", "{w} Operasyon Odası"),
        ("{w} Coalition", "تحالف {w}", "{w} Koalisyonu"), ("Army of {w}", "جيش {w}", "{w} Ordusu"),
    ],
    "armed-forces": [("{w} Armed Forces", "قوات {w} المسلحة", "{w} Silahlı Kuvvetleri")],
    "government": [("Government of {w}", "حكومة {w}", "{w} Hükümeti")],
    "civil-defence": [("{w} Civil Defence", "الدفاع المدني في {w}", "{w} Sivil Savunması")],
    "media": [
        ("{w} Media Office", "المكتب الإعلامي في {w}", "{w} Medya Ofisi"), ("{w} TV", "تلفزيون {w}", "{w} TV"),
        ("{w} Media Center", "مركز {w} الإعلامي", "{w} Medya Merkezi"), ("Radio {w}", "راديو {w}", "{w} Radyosu"),
    ],
    "international-organisation": [
        ("{w} Relief Agency", "وكالة {w} للإغاثة", "{w} Yardım Ajansı"),
        ("{w} Humanitarian Fund", "صندوق {w} الإنساني", "{w} İnsani Yardım Fonu"),
        ("{w} Ceasefire Mission", "بعثة {w} لمراقبة وقف إطلاق النار", "{w} Ateşkes Misyonu"),
    ],
    "other": [
        ("{w} Local Council", "المجلس المحلي في {w}", "{w} Yerel Meclisi"), ("{w} Tribe", "عشيرة {w}", "{w} Aşireti"),
        ("{w} Displaced Persons Committee", "لجنة مهجري {w}", "{w} Yerinden Edilmişler Komitesi"),
    ],
}
GROUP_DESCRIPTION = Name("An armed group; *synthetic* record.", "فصيل مسلح؛ سجل *تجريبي*.",
                         "Silahlı grup; *sentetik* kayıt.")
# Share of all actors per kind (armed forces: one per state; armed groups: the rest).
ACTOR_SHARES = {"state": 0.025, "government": 0.01, "coalition": 0.04, "civil-defence": 0.01,
                "media": 0.05, "international-organisation": 0.02, "other": 0.12}


@dataclass(eq=False)
class Actor:
    id: str
    kind: str
    name: Name
    record: dict
    state: Actor | None = None


def make_actors(rng: Random, total: int, gaz: Gazetteer) -> dict[str, list[Actor]]:
    """Actors grouped by kind; part-of only points down a fixed kind order, so never loops."""
    ids, by_kind = Ids(), {}
    counts = {kind: max(1, round(total * share)) for kind, share in ACTOR_SHARES.items()}
    counts["state"], counts["other"] = max(3, counts["state"]), max(2, counts["other"])
    states = [_actor(rng, ids, "state", _state_name(rng), None) for _ in range(counts["state"])]
    by_kind["state"] = states
    by_kind["armed-forces"] = [_actor(rng, ids, "armed-forces", _named(s.name, "armed-forces", rng), s) for s in states]
    by_kind["government"] = [_actor(rng, ids, "government", _named(s.name, "government", rng), s)
                             for s in states[: counts["government"]]]
    towns = [t for t in gaz.towns if t.kind == "town"]
    local = {"civil-defence": gaz.governorates, "media": gaz.governorates + towns, "other": towns}
    for kind in ("coalition", "civil-defence", "media", "international-organisation", "other"):
        pool = local.get(kind)
        by_kind[kind] = [_actor(rng, ids, kind, _named(rng.choice(pool).name if pool else word(rng), kind, rng), None)
                         for _ in range(counts[kind])]
    n_groups = max(2, total - sum(len(v) for v in by_kind.values()))
    by_kind["armed-group"] = [_actor(rng, ids, "armed-group", _named(word(rng), "armed-group", rng), None)
                              for _ in range(n_groups)]
    _relate(rng, by_kind)
    return by_kind


def _state_name(rng: Random) -> Name:
    w = word(rng)
    suffixes = [("", "", ""), ("ia", "يا", "ya"), ("istan", "ستان", "istan")]
    return Name(*(getattr(w, lang) + end for lang, end in zip(LANGS, rng.choice(suffixes))))


def _named(base: Name, kind: str, rng: Random) -> Name:
    return base.fill(rng.choice(ACTOR_FORMS[kind]))


def _actor(rng: Random, ids: Ids, kind: str, name: Name, state: Actor | None) -> Actor:
    record = {"id": ids.take(name.en), "kind": kind, "name": text(rng, name)}
    if kind in ("armed-group", "coalition") and rng.random() < 0.2 and len(initials(name.en)) > 1:
        record["aliases"] = {"en": [initials(name.en)]}
    record["relations"] = [{"type": "part-of", "actor": state.id}] if state else []
    if kind == "state" or rng.random() < 0.15:
        record["wikidata"] = f"Q{rng.randint(1000, 99999999)}"
    return Actor(record["id"], kind, name, record, state)


def _relate(rng: Random, by_kind: dict[str, list[Actor]]) -> None:
    """part-of: groups -> coalitions or earlier groups; backed-by states; allied-with groups."""
    states, coalitions, groups = by_kind["state"], by_kind["coalition"], by_kind["armed-group"]
    for coalition in coalitions:
        _add_relation(coalition, "backed-by", rng.choice(states), rng)
    for index, group in enumerate(groups):
        if rng.random() < 0.4:
            _add_relation(group, "part-of", rng.choice(coalitions), rng)
        elif index and rng.random() < 0.15:
            _add_relation(group, "part-of", groups[rng.randrange(index)], rng)
        if rng.random() < 0.3:
            _add_relation(group, "backed-by", rng.choice(states), rng)
        if index and rng.random() < 0.15:
            _add_relation(group, "allied-with", groups[rng.randrange(index)], rng)
        if rng.random() < 0.3:
            group.record["description"] = text(rng, GROUP_DESCRIPTION, 0.6)


def _add_relation(actor: Actor, kind: str, other: Actor, rng: Random) -> None:
    relations = actor.record["relations"]
    if other.id == actor.id or any(r["actor"] == other.id and r["type"] == kind for r in relations):
        return
    relation = {"type": kind, "actor": other.id}
    if rng.random() < 0.4:
        relation["since"] = f"{rng.randint(2012, 2018)}-{rng.randint(1, 12):02d}"
    relations.append(relation)


# --------------------------------------------------------------------------- sources

SOURCE_FORMS = {
    "news-outlet": [
        ("{w} News", "أخبار {w}", "{w} Haber"), ("{w} Network", "شبكة {w}", "{w} Ağı"),
        ("{w} Today", "{w} اليوم", "Bugün {w}"), ("{w} Agency", "وكالة {w}", "{w} Ajansı"),
    ],
    "monitor": [
        ("{w} Observatory for Human Rights", "مرصد {w} لحقوق الإنسان", "{w} İnsan Hakları Gözlemevi"),
        ("{w} Monitoring Group", "مجموعة {w} للرصد", "{w} İzleme Grubu"),
        ("{w} Casualty Record", "سجل {w} للضحايا", "{w} Kayıp Kaydı"),
    ],
    "activists": [
        ("{w} Coordination Committee", "تنسيقية {w}", "{w} Koordinasyon Komitesi"),
        ("{w} Activists", "ناشطو {w}", "{w} Aktivistleri"),
    ],
    "blog": [("{w} Daily", "يوميات {w}", "{w} Günlüğü"), ("{w} Watch", "مراقب {w}", "{w} Gözcüsü")],
    "other": [("{w} Research Centre", "مركز {w} للأبحاث", "{w} Araştırma Merkezi"),
              ("{w} Institute", "معهد {w}", "{w} Enstitüsü")],
    "government": [("{w} Ministry of Defence", "وزارة دفاع {w}", "{w} Savunma Bakanlığı")],
}
SOURCE_MIX = (("news-outlet", 40), ("monitor", 15), ("activists", 25), ("blog", 10), ("other", 10))
STANCES = {
    "monitor": Name("Documents casualties through a network of local contacts.",
                    "يوثّق الضحايا عبر شبكة من المصادر المحلية.", "Kayıpları yerel bağlantılar aracılığıyla belgeler."),
    "activists": Name("Opposition-aligned activists; reports are quick but often unverified.",
                      "ناشطون مقربون من المعارضة؛ تقاريرهم سريعة لكنها غير مؤكدة غالباً.",
                      "Muhalefete yakın aktivistler; haberleri hızlı ama çoğu zaman doğrulanmamış."),
    "government": Name("Official statements of a party to the conflict.",
                       "بيانات رسمية لطرف في النزاع.", "Çatışmanın taraflarından birinin resmi açıklamaları."),
}


@dataclass(eq=False)
class Source:
    id: str
    name: Name
    url: str
    record: dict


def make_sources(rng: Random, total: int, actors: dict[str, list[Actor]], gaz: Gazetteer) -> list[Source]:
    """Sources, some the voice of an actor (same id), most independent outlets."""
    ids, out = Ids(), []
    linked = [("civil-defence", a) for a in actors["civil-defence"]]
    linked += [("news-outlet", a) for a in actors["media"][: (len(actors["media"]) + 1) // 2]]
    linked += [("government", a) for a in actors["armed-forces"][:2]]
    linked += [("international-organisation", a) for a in actors["international-organisation"][:2]]
    for kind, actor in linked[: max(1, total // 3)]:
        name = actor.state.name.fill(SOURCE_FORMS["government"][0]) if kind == "government" else actor.name
        out.append(_source(rng, ids, kind, name, actor))
    kinds, weights = zip(*SOURCE_MIX)
    places = gaz.governorates + [t for t in gaz.towns if t.kind == "town"]
    while len(out) < total:
        kind = rng.choices(kinds, weights)[0]
        base = rng.choice(places).name if kind == "activists" else word(rng)
        out.append(_source(rng, ids, kind, base.fill(rng.choice(SOURCE_FORMS[kind])), None))
    return out


def _source(rng: Random, ids: Ids, kind: str, name: Name, actor: Actor | None) -> Source:
    sid = actor.id if actor and actor.name == name and actor.id not in ids.used else ids.take(name.en)
    ids.used.add(sid)
    url = f"https://{sid}.example.org/"
    record = {"id": sid, "kind": kind, "name": text(rng, name), "url": url, "actor": actor.id if actor else None}
    if kind in STANCES and rng.random() < 0.6:
        record["stance"] = text(rng, STANCES[kind], 0.7)
    return Source(sid, name, url, record)


# --------------------------------------------------------------------------- events

# type -> [(sub_type, weight, (en label, ar label, tr label), short id)]
EVENT_TYPES = {
    "battles": [
        ("armed-clash", 80,
         ("Clashes", "اشتباكات", "Çatışmalar"), "clashes"),
        ("government-regains-territory", 10,
         ("Government forces retake ground", "الحكومة تستعيد السيطرة", "Hükümet güçleri bölgeyi geri aldı"), "retaken"),
        ("non-state-actor-overtakes-territory", 10,
         ("Armed group takes control", "فصيل مسلح يسيطر على مناطق", "Silahlı grup kontrolü ele geçirdi"), "takeover"),
    ],
    "explosions-remote-violence": [
        ("shelling-artillery-missile-attack", 45,
         ("Shelling", "قصف مدفعي", "Topçu atışı"), "shelling"),
        ("air-drone-strike", 40,
         ("Air strike", "غارة جوية", "Hava saldırısı"), "air-strike"),
        ("remote-explosive-landmine-ied", 8,
         ("Explosive device detonates", "انفجار عبوة ناسفة", "Patlayıcı infilak etti"), "ied"),
        ("suicide-bomb", 3,
         ("Suicide bombing", "تفجير انتحاري", "İntihar saldırısı"), "suicide-bombing"),
        ("grenade", 2,
         ("Grenade attack", "هجوم بقنبلة يدوية", "El bombası saldırısı"), "grenade"),
        ("chemical-weapon", 2,
         ("Suspected chemical attack", "هجوم كيميائي مشتبه به", "Şüpheli kimyasal saldırı"), "chemical-attack"),
    ],
    "violence-against-civilians": [
        ("attack", 70,
         ("Attack on civilians", "هجوم على مدنيين", "Sivillere saldırı"), "attack"),
        ("abduction-forced-disappearance", 25,
         ("Abduction", "عملية خطف", "Kaçırma"), "abduction"),
        ("sexual-violence", 5,
         ("Sexual violence reported", "تقارير عن عنف جنسي", "Cinsel şiddet bildirildi"), "sexual-violence"),
    ],
    "protests": [
        ("peaceful-protest", 80,
         ("Protest", "مظاهرة", "Protesto"), "protest"),
        ("protest-with-intervention", 15,
         ("Protest dispersed", "تفريق مظاهرة", "Protesto dağıtıldı"), "protest-dispersed"),
        ("excessive-force-against-protesters", 5,
         ("Protesters fired upon", "إطلاق نار على متظاهرين", "Protestoculara ateş açıldı"), "protesters-shot"),
    ],
    "riots": [
        ("violent-demonstration", 70,
         ("Violent demonstration", "مظاهرة عنيفة", "Şiddetli gösteri"), "riot"),
        ("mob-violence", 30,
         ("Mob violence", "أعمال عنف جماعية", "Linç girişimi"), "mob-violence"),
    ],
    "strategic-developments": [
        ("arrests", 20,
         ("Arrest campaign", "حملة اعتقالات", "Gözaltı operasyonu"), "arrests"),
        ("agreement", 10,
         ("Local agreement", "اتفاق محلي", "Yerel anlaşma"), "agreement"),
        ("change-to-group-activity", 15,
         ("Armed group redeploys", "إعادة انتشار فصيل مسلح", "Silahlı grup yeniden konuşlandı"), "redeployment"),
        ("disrupted-weapons-use", 15,
         ("Weapons intercepted", "اعتراض أسلحة", "Silahlar etkisiz hale getirildi"), "intercepted"),
        ("headquarters-or-base-established", 10,
         ("New base established", "إنشاء قاعدة جديدة", "Yeni üs kuruldu"), "new-base"),
        ("looting-property-destruction", 15,
         ("Looting and destruction of property", "نهب وتدمير ممتلكات", "Yağma ve mülk tahribatı"), "looting"),
        ("non-violent-transfer-of-territory", 10,
         ("Territory handed over", "تسليم مناطق", "Bölge devredildi"), "handover"),
        ("other", 5,
         ("Strategic development", "تطور استراتيجي", "Stratejik gelişme"), "development"),
    ],
}
TYPE_WEIGHTS = {"explosions-remote-violence": 50, "battles": 20, "violence-against-civilians": 10,
                "strategic-developments": 10, "protests": 8, "riots": 2}
ACTING = {
    "battles": ("armed-forces", "armed-group", "coalition"),
    "explosions-remote-violence": ("armed-forces", "armed-forces", "state", "armed-group"),
    "violence-against-civilians": ("armed-group", "armed-forces"),
    "protests": ("other",), "riots": ("other",),
    "strategic-developments": ("armed-group", "armed-forces", "coalition", "state", "government"),
}
TARGETED = {
    "battles": ("armed-group", "coalition", "armed-forces"),
    "explosions-remote-violence": ("armed-group", "other", "armed-group"),
    "violence-against-civilians": ("other",),
    "protests": ("government", "armed-group"), "riots": ("armed-group", "government", "other"),
    "strategic-developments": ("armed-group", "other"),
}
EXTRA_ROLES = (("reporting", ("media", "civil-defence")), ("supporting", ("state", "armed-forces", "coalition")),
               ("mediating", ("international-organisation", "state")))
FIGURE_SCALE = {"killed": (1, 40), "injured": (2, 120), "displaced": (200, 40000), "missing": (1, 30),
                "detained": (2, 150)}
FIGURE_KINDS = {"protests": ("detained", "injured"), "riots": ("injured", "detained"),
                "strategic-developments": ("detained", "displaced", "killed")}
GROUPS = {
    "en": {"civilians": "civilians", "children": "children", "women": "women", "combatants": "fighters",
           "people": "people"},
    "ar": {"civilians": "المدنيين", "children": "الأطفال", "women": "النساء", "combatants": "المقاتلين",
           "people": "الأشخاص"},
    "tr": {"civilians": "siviller", "children": "çocuklar", "women": "kadınlar", "combatants": "savaşanlar",
           "people": "kişiler"},
}
FIGURE_WORDS = {
    "ar": {"killed": "القتلى", "injured": "الجرحى", "displaced": "النازحين", "missing": "المفقودين",
           "detained": "المعتقلين"},
    "tr": {"killed": "ölü", "injured": "yaralı", "displaced": "yerinden edilmiş", "missing": "kayıp",
           "detained": "gözaltına alınmış"},
}
CLAIMS = {
    "asserts": Name("The operation targeted fighters' positions only.", "العملية استهدفت مواقع المقاتلين فقط.",
                    "Operasyon yalnızca savaşan mevzilerini hedef aldı."),
    "denies": Name("Its forces were not involved.", "قواتها لم تشارك في ذلك.", "Güçleri olaya karışmadı."),
    "disputes": Name("The reported casualty figures are exaggerated.", "أرقام الضحايا المعلنة مبالغ فيها.",
                     "Açıklanan kayıp rakamları abartılı."),
    "confirms": Name("Its units carried out the operation.", "وحداتها نفّذت العملية.",
                     "Operasyonu kendi birlikleri gerçekleştirdi."),
}
CLOSING = ["The figures could not be independently verified.", "Rescue teams were still searching the rubble.",
           "Residents said the area was calm by evening.", "_Unconfirmed:_ further strikes were reported nearby.",
           "Schools in the area closed for the rest of the week."]
TAGS = ["demilitarised-zone", "hospital", "school", "market", "bakery", "ceasefire-violation", "displacement",
        "cluster-munitions", "barrel-bombs", "double-tap", "water-infrastructure", "checkpoint", "convoy",
        "prisoner-exchange", "spring-offensive"]


@dataclass
class World:
    """Everything events draw from, with precomputed weights for fast picking."""

    rng: Random
    gaz: Gazetteer
    actors: dict[str, list[Actor]]
    sources: list[Source]
    actor_cum: dict[str, list[float]] = field(default_factory=dict)
    town_cum: list[float] = field(default_factory=list)
    source_cum: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.actor_cum = {kind: zipf_cum(len(group)) for kind, group in self.actors.items()}
        self.town_cum = zipf_cum(len(self.gaz.towns), 0.7)
        self.source_cum = zipf_cum(len(self.sources))

    def actor(self, kinds: tuple[str, ...]) -> Actor:
        kind = self.rng.choice([k for k in kinds if self.actors.get(k)])
        return pick_weighted(self.rng, self.actors[kind], self.actor_cum[kind])


@dataclass(eq=False)
class Event:
    id: str
    day: date  # the day reports are dated from
    when: Name  # the date in words
    type: str
    sub: tuple
    places: list[Place]
    participants: list[tuple[Actor, str]]
    cited: list[Source]
    figures: list[dict] = field(default_factory=list)
    record: dict = field(default_factory=dict)
    translated: tuple[str, ...] = ()


def make_events(world: World, n: int) -> list[Event]:
    """n events in date order, then figures, claims, citations, related events and tags."""
    rng, ids = world.rng, Ids()
    days = sorted(FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1)) for _ in range(n))
    forced = _spread_sources(rng, world.sources, n)
    events, recent = [], {}
    for index, day in enumerate(days):
        event = _event(world, ids, day, forced.get(index, []))
        _relate_event(rng, event, recent)
        events.append(event)
    return events


def _spread_sources(rng: Random, sources: list[Source], n: int) -> dict[int, list[Source]]:
    """Assign every source to some event so that each is cited at least once."""
    forced: dict[int, list[Source]] = {}
    slots = rng.sample(range(n), len(sources)) if n >= len(sources) else [i % n for i in range(len(sources))]
    for source, slot in zip(sources, slots):
        forced.setdefault(slot, []).append(source)
    return forced


def _event(world: World, ids: Ids, day: date, forced: list[Source]) -> Event:
    rng = world.rng
    etype = rng.choices(list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values()))[0]
    subs = EVENT_TYPES[etype]
    sub = rng.choices(subs, [s[1] for s in subs])[0]
    date_text, when = _date(rng, day)
    places = _event_places(world)
    stem = f"{date_text.replace('../', '').split('/')[0]}-{places[0].id[:40]}-{sub[3]}"
    event = Event(ids.take(stem), day, when, etype, sub, places, _participants(world, etype), [])
    event.translated = tuple(lang for lang, p in (("ar", 0.6), ("tr", 0.5)) if rng.random() < p)
    _figures_and_citations(world, event, forced)
    event.record = _event_record(rng, event, date_text)
    return event


def _date(rng: Random, day: date) -> tuple[str, Name]:
    """An EDTF date around `day`: mostly days, some months, ranges and open ranges."""
    roll = rng.random()
    iso, month = day.isoformat(), f"{day:%Y-%m}"
    words = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if roll < 0.78:
        return iso, Name(f"on {words}", f"في {iso}", f"{iso} tarihinde")
    if roll < 0.88:
        return month, Name(f"in {MONTHS[day.month - 1]} {day.year}", f"خلال {month}", f"{month} döneminde")
    if roll < 0.97:
        end = min(LAST_DAY, day + timedelta(days=rng.randint(1, 20))).isoformat()
        return f"{iso}/{end}", Name(f"between {words} and {end}", f"بين {iso} و{end}", f"{iso} ile {end} arasında")
    if roll < 0.985:
        return f"{iso}/..", Name(f"since {words}", f"منذ {iso}", f"{iso} tarihinden beri")
    return f"../{iso}", Name(f"until {words}", f"حتى {iso}", f"{iso} tarihine kadar")


def _event_places(world: World) -> list[Place]:
    """1-3 places: a town or site, then maybe neighbours, its district or an area."""
    rng, gaz = world.rng, world.gaz
    first = pick_weighted(rng, gaz.towns, world.town_cum)
    places = [first]
    for _ in range(rng.choices((0, 1, 2), (70, 22, 8))[0]):
        options = gaz.children.get(first.parent.id, []) + [first.parent] + (gaz.areas if rng.random() < 0.1 else [])
        extra = rng.choice(options)
        if extra not in places:
            places.append(extra)
    return places


def _participants(world: World, etype: str) -> list[tuple[Actor, str]]:
    """2-4 distinct actors: one acting, one targeted, maybe reporting/supporting/mediating."""
    rng = world.rng
    wanted = [(ACTING[etype], "acting"), (TARGETED[etype], "targeted")]
    wanted += [(kinds, role) for role, kinds in rng.sample(EXTRA_ROLES, rng.choices((0, 1, 2), (50, 35, 15))[0])]
    out: list[tuple[Actor, str]] = []
    for kinds, role in wanted:
        for _ in range(10):
            actor = world.actor(kinds)
            if all(actor is not a for a, _ in out):
                break
        else:  # the kinds are exhausted: take any actor not yet in the event
            actor = next(a for group in world.actors.values() for a in group if all(a is not b for b, _ in out))
        out.append((actor, role))
    return out


def _figures_and_citations(world: World, event: Event, forced: list[Source]) -> None:
    """1-3 cited sources (plus any forced ones); 0-4 figures owned by 1-3 of them."""
    rng = world.rng
    n_figures = rng.choices((0, 1, 2, 3, 4), (25, 35, 20, 12, 8))[0]
    cited = list(forced)
    target = max(len(cited), rng.choices((1, 2, 3), (50, 35, 15))[0])
    while len(cited) < target:
        source = pick_weighted(rng, world.sources, world.source_cum)
        if source not in cited:
            cited.append(source)
    event.cited = cited
    owners = cited[: min(len(cited), n_figures, 3)]
    for index in range(n_figures):
        event.figures.append(_figure(rng, event, owners[index % len(owners)]))
    _date_revisions(event)


def _date_revisions(event: Event) -> None:
    """Figures of one source, kind and group are a revised toll: each gets its own as_of, a
    day apart in the order drawn (no random draw, so the rest of the corpus is unchanged)."""
    series: dict[tuple, list[dict]] = {}
    for figure in event.figures:
        series.setdefault((figure["source"], figure["kind"], figure["group"]), []).append(figure)
    for figures in series.values():
        if len(figures) > 1:
            for day, figure in enumerate(figures):
                figure["as_of"] = (event.day + timedelta(days=day)).isoformat()


def _figure(rng: Random, event: Event, source: Source) -> dict:
    kind = rng.choice(FIGURE_KINDS.get(event.type, ("killed", "killed", "injured", "displaced", "missing")))
    group = rng.choice(("civilians", "civilians", "children", "women", "combatants", "people"))
    low, high = FIGURE_SCALE[kind]
    value = int(low + (high - low) * rng.random() ** 3)
    figure = {"source": source.id, "kind": kind, "group": group}
    style = rng.choices(("count", "at_least", "between"), (50, 35, 15))[0]
    figure[style] = [value, value + rng.randint(1, max(2, value // 3))] if style == "between" else value
    if rng.random() < 0.3:
        figure["as_of"] = (event.day + timedelta(days=rng.randint(0, 5))).isoformat()
    return figure


def _event_record(rng: Random, event: Event, date_text: str) -> dict:
    return {
        "id": event.id,
        "title": _localised(event, _title(event)),
        "date": date_text,
        "type": event.type,
        "sub_type": event.sub[0],
        "places": [p.id for p in event.places],
        "actors": [{"actor": a.id, "role": role} for a, role in event.participants],
        "summary": _localised(event, _summary(rng, event)),
        "figures": event.figures,
        "claims": _claims(rng, event),
        "sources": [_citation(rng, event, s) for s in event.cited],
    }


def _localised(event: Event, name: Name) -> dict[str, str]:
    return {lang: getattr(name, lang) for lang in ("en", *event.translated)}


def _title(event: Event) -> Name:
    en, ar, tr = event.sub[2]
    place = event.places[0].name
    return Name(f"{en} in {place.en}", f"{ar} في {place.ar}", f"{tr_locative(place.tr)} {tr_lower_first(tr)}")


def _summary(rng: Random, event: Event) -> Name:
    """A few sentences of Markdown per language: what, where, when, who, how many."""
    place, (acting, _), (target, _) = event.places[0], event.participants[0], event.participants[1]
    where = _where(place)
    en, ar, tr = event.sub[2]
    parts = {
        "en": [f"{en} in **{place.name.en}**{where.en} {event.when.en}.",
               f"Reports attribute it to {acting.name.en}; {target.name.en} was the main target."],
        "ar": [f"{ar} في **{place.name.ar}**{where.ar} {event.when.ar}.", f"ونُسب ذلك إلى {acting.name.ar}."],
        "tr": [f"{tr_locative(place.name.tr)}{where.tr} {event.when.tr} {tr_lower_first(tr)}.",
               f"Olay {acting.name.tr} ile ilişkilendirildi."],
    }
    by_id = {s.id: s for s in event.cited}
    for figure in event.figures[:2]:
        for lang, sentence in _figure_sentences(figure, by_id[figure["source"]]).items():
            parts[lang].append(sentence)
    parts["en"].append(rng.choice(CLOSING))
    glue = "\n\n" if rng.random() < 0.25 else " "
    return Name(*(parts[lang][0] + glue + " ".join(parts[lang][1:]) for lang in LANGS))


def _where(place: Place) -> Name:
    district, gov = place.up("district"), place.up("governorate")
    if not district or not gov:
        return Name("", "", "")
    return Name(f" ({district.name.en} district, {gov.name.en} governorate)",
                f" ({district.name.ar}، {gov.name.ar})", f" ({district.name.tr}, {gov.name.tr})")


def _figure_sentences(figure: dict, source: Source) -> dict[str, str]:
    low = figure.get("count", figure.get("at_least"))
    if "between" in figure:
        low, high = figure["between"]
        amount = Name(f"between {low:,} and {high:,}", f"بين {low} و{high}", f"{low} ile {high} arası")
    elif "at_least" in figure:
        amount = Name(f"at least {low:,}", f"{low} على الأقل", f"en az {low}")
    else:
        amount = Name(f"{low:,}", str(low), str(low))
    kind, group = figure["kind"], figure["group"]
    return {
        "en": f"[{source.name.en}]({source.url}) counted {amount.en} {kind} among {GROUPS['en'][group]}.",
        "ar": f"وبحسب {source.name.ar}، بلغ عدد {FIGURE_WORDS['ar'][kind]} من {GROUPS['ar'][group]} {amount.ar}.",
        "tr": f"{source.name.tr} verilerine göre {GROUPS['tr'][group]} arasında"
              f" {FIGURE_WORDS['tr'][kind]} sayısı {amount.tr}.",
    }


def _claims(rng: Random, event: Event) -> list[dict]:
    claims = []
    for _ in range(rng.choices((0, 1, 2), (75, 20, 5))[0]):
        claimant, role = rng.choice(event.participants[:2])
        stance = rng.choice(("asserts", "confirms") if role == "acting" else ("denies", "disputes", "asserts"))
        claims.append({"claimant": claimant.id, "stance": stance, "text": _localised(event, CLAIMS[stance]),
                       "source": rng.choice(event.cited).id})
    return claims


def _citation(rng: Random, event: Event, source: Source) -> dict:
    citation = {"source": source.id}
    if rng.random() < 0.9:
        citation["url"] = f"{source.url}news/{event.id}"
    citation["date"] = (event.day + timedelta(days=rng.randint(0, 3))).isoformat()
    return citation


def _relate_event(rng: Random, event: Event, recent: dict[str, list[str]]) -> None:
    """Link ~20% of events to 1-2 recent events in the same district; add 0-3 tags."""
    district = event.places[0].parent.id
    earlier = recent.setdefault(district, [])
    if earlier and rng.random() < 0.2:
        event.record["related"] = sorted(rng.sample(earlier[-5:], min(len(earlier[-5:]), rng.randint(1, 2))))
    earlier.append(event.id)
    tags = rng.sample(TAGS, rng.choices((0, 1, 2, 3), (45, 35, 15, 5))[0])
    event.record["tags"] = sorted(tags)


# --------------------------------------------------------------------------- excerpts

EXCERPT_LANGS = (("en", 60), ("ar", 30), ("tr", 10))


def make_excerpts(rng: Random, events: list[Event], n: int) -> dict[str, str]:
    """n excerpts, each quoting a source cited by its first event; file name -> text."""
    ids, out = Ids(), {}
    for _ in range(n):
        index = rng.randrange(len(events))
        event = events[index]
        linked = [event] + (_neighbour(rng, events, index) if rng.random() < 0.3 else [])
        citation = rng.choice(event.record["sources"])
        source_id = citation["source"]
        lang = rng.choices(*zip(*EXCERPT_LANGS))[0]
        day = citation["date"]
        front = {
            "id": ids.take(f"{source_id[:50]}-{day}"),
            "source": source_id,
            "title": event.record["title"].get(lang, event.record["title"]["en"]),
            "url": citation.get("url"),
            "published": day,
            "language": lang,
            "events": [e.id for e in linked],
        }
        out[front["id"]] = f"---\n{dump(front)}---\n{_excerpt_body(rng, linked, lang)}\n"
    return out


def _neighbour(rng: Random, events: list[Event], index: int) -> list[Event]:
    """Zero or one event close in time to events[index], for a passage covering both."""
    pool = [e for e in events[max(0, index - 5): index + 6] if e is not events[index]]
    return rng.sample(pool, min(1, len(pool)))


def _excerpt_body(rng: Random, linked: list[Event], lang: str) -> str:
    lines = []
    for event in linked:
        place = getattr(event.places[0].name, lang)
        label = event.sub[2][LANGS.index(lang)]
        lines.append({
            "en": f"Local activists in {place} reported: {label.lower()} {event.when.en}.",
            "ar": f"أفاد ناشطون في {place} بوقوع {label} {event.when.ar}.",
            "tr": f"{tr_locative(place)} yerel kaynaklar {tr_lower_first(label)} bildirdi.",
        }[lang])
    lines.append({
        "en": rng.choice(["Witnesses said rescue teams reached the area within the hour.",
                          "Footage shared online showed heavy damage to several buildings.",
                          "The information could not be verified independently."]),
        "ar": rng.choice(["وقال شهود إن فرق الإنقاذ وصلت إلى المكان.", "وأظهرت صور دماراً كبيراً في المباني."]),
        "tr": rng.choice(["Tanıklar kurtarma ekiplerinin bölgeye ulaştığını söyledi.",
                          "Paylaşılan görüntüler binalarda ağır hasar olduğunu gösterdi."]),
    }[lang])
    return " ".join(lines)


# --------------------------------------------------------------------------- assembling


def generate(out_dir: Path, events: int, seed: int = 1) -> None:
    """Write a complete content folder with `events` events to `out_dir`."""
    if events < 1:
        raise ValueError("events must be at least 1")
    rng = Random(seed)
    gaz = make_places(rng, max(20, round(events / 10)))
    actors = make_actors(rng, max(20, round(events * 0.03)), gaz)
    sources = make_sources(rng, max(10, round(events * 0.02)), actors, gaz)
    world = World(rng, gaz, actors, sources)
    event_list = make_events(world, events)
    excerpts = make_excerpts(rng, event_list, max(1, events // 5))
    files = {"site.yaml": dump(_site(gaz.country.name))}
    files.update({f"places/{p.id}.yaml": dump(p.record) for p in gaz.all()})
    files.update({f"actors/{a.id}.yaml": dump(a.record) for group in actors.values() for a in group})
    files.update({f"sources/{s.id}.yaml": dump(s.record) for s in sources})
    files.update({f"events/{e.id}.yaml": dump(e.record) for e in event_list})
    files.update({f"excerpts/{xid}.md": body for xid, body in excerpts.items()})
    _write(Path(out_dir), files)


def _site(country: Name) -> dict:
    title = country.fill(("{w} Conflict Monitor", "مرصد النزاع في {w}", "{w} Çatışma Gözlemevi"))
    return {"title": title.all(), "default_language": "en", "languages": list(LANGS)}


def _write(root: Path, files: dict[str, str]) -> None:
    """Write `files` under `root`, removing stale *.yaml / *.md left in the record folders."""
    for kind in KIND_DIRS:
        folder = root / kind
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            if old.suffix in (".yaml", ".md") and old.is_file() and f"{kind}/{old.name}" not in files:
                old.unlink()
    for name, content in files.items():
        with open(root / name, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="content folder to write")
    parser.add_argument("--events", type=int, required=True, help="number of events (>= 1)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    args = parser.parse_args(argv)
    if args.events < 1:
        parser.error("--events must be at least 1")
    started = time.perf_counter()
    generate(args.out_dir, args.events, args.seed)
    print(f"wrote {args.out_dir} ({args.events} events, seed {args.seed}) in {time.perf_counter() - started:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
