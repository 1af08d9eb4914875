"""P-code gazetteers: the OpenSyria JSON files (`governorates.json`, `districts.json`,
`subdistricts.json`: records with `id`, `governorateId`/`districtId`, `name.{en,ar}`,
`aliases[]`, `centroid`, `externalIds.{ochaPcode, geonames, wikidata}`) and a flat CSV with
the columns `pcode, parent_pcode, level, name_en, name_ar, aliases, lat, lon, geonames,
wikidata` (`aliases` separated by `|`; an alias in Arabic script is Arabic, any other English).

Both become `Unit`s; `sitegen.imports.run` turns them into place records."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content.problems import Loc
from .tables import RowError, TableError, quote, read_table, text as checked

LEVELS = {"governorate": "governorate", "adm1": "governorate", "1": "governorate",
          "district": "district", "adm2": "district", "2": "district",
          "subdistrict": "subdistrict", "adm3": "subdistrict", "3": "subdistrict",
          "country": "country", "adm0": "country", "0": "country"}
DEPTH = {"country": 0, "governorate": 1, "district": 2, "subdistrict": 3}
CSV_COLUMNS = ("pcode", "parent_pcode", "level", "name_en", "name_ar", "aliases", "lat", "lon", "geonames", "wikidata")
PCODE = re.compile(r"^[A-Z]{2}[0-9]*$")
WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
ARABIC = re.compile(r"[\u0600-\u06ff]")


@dataclass
class Unit:
    loc: Loc
    level: str
    pcode: str
    parent_pcode: str | None
    names: dict[str, str]
    aliases: dict[str, list[str]] = field(default_factory=dict)
    coordinates: tuple[float, float] | None = None
    geonames: int | None = None
    wikidata: str | None = None
    upstream_id: str | None = None
    upstream_parent: str | None = None


def read_units(path: Path) -> list[Unit]:
    """Units from one gazetteer file (JSON or CSV by its suffix); raises TableError for a
    file that cannot be read, and collects each bad record as a RowError in `errors`."""
    if path.suffix.lower() == ".json":
        return _read_json(path)
    units = []
    for row in read_table(path, CSV_COLUMNS):
        try:
            level = LEVELS.get(row["level"].strip().lower())
            if level is None:
                raise RowError("level", f"unknown level {quote(row['level'])}; expected governorate, district or subdistrict")
            pcode = _pcode(row["pcode"], "pcode")
            parent = row["parent_pcode"].strip() or None
            if parent is not None:
                _pcode(parent, "parent_pcode")
            if not row["name_en"].strip():
                raise RowError("name_en", "the English name is empty")
            names = {"en": row["name_en"].strip()}
            if row["name_ar"].strip():
                names["ar"] = row["name_ar"].strip()
            aliases: dict[str, list[str]] = {}
            for alias in (a.strip() for a in row["aliases"].split("|")):
                if alias:
                    aliases.setdefault("ar" if ARABIC.search(alias) else "en", []).append(alias)
            units.append(Unit(row.loc(), level, pcode, parent, names, aliases, _coordinates(row["lat"], row["lon"]),
                              _geonames(row["geonames"]), _wikidata(row["wikidata"])))
        except RowError as err:
            raise TableError(row.loc(err.column), err.message) from None
    return units


def _read_json(path: Path) -> list[Unit]:
    name = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise TableError(Loc(name), f"cannot read the file: {err.strerror}") from None
    except UnicodeDecodeError:
        raise TableError(Loc(name), "file is not UTF-8") from None
    except json.JSONDecodeError as err:
        raise TableError(Loc(name, err.lineno, err.colno), f"malformed JSON: {err.msg}") from None
    if not isinstance(data, list):
        raise TableError(Loc(name), "expected a JSON list of place records")
    units = []
    for index, item in enumerate(data):
        loc = Loc(name, 1, 1)
        what = f"record {index + 1}"
        try:
            if not isinstance(item, dict):
                raise RowError("", "expected an object")
            ident = item.get("id")
            what = f"record {index + 1} ({quote(ident)})"
            external = _object(item, "externalIds")
            pcode = _pcode(str(external.get("ochaPcode") or ""), "externalIds.ochaPcode")
            level = "subdistrict" if item.get("districtId") else "district" if item.get("governorateId") else "governorate"
            name = item.get("name") or {}
            if not isinstance(name, dict) or not str(name.get("en") or "").strip():
                raise RowError("name.en", "the English name is missing")
            names = {lang: checked(str(text).strip(), "name") for lang, text in sorted(name.items())
                     if str(text or "").strip()}
            aliases: dict[str, list[str]] = {}
            given = item.get("aliases") or []
            if not isinstance(given, list) or not all(isinstance(a, dict) or a is None for a in given):
                raise RowError("aliases", "expected a list of objects with language and value")
            for alias in given:
                value = checked(str((alias or {}).get("value") or "").strip(), "aliases")
                if value:
                    aliases.setdefault(str(alias.get("language") or "en"), []).append(value)
            centroid = _object(item, "centroid")
            coordinates = _coordinates(str(centroid.get("latitude", "")), str(centroid.get("longitude", "")))
            parent_id = item.get("districtId") or item.get("governorateId")
            parent_pcode = pcode[:-2] if len(pcode) > 4 else pcode[:2]
            units.append(Unit(loc, level, pcode, parent_pcode, names, aliases, coordinates,
                              _geonames(str(external.get("geonames") or "")), _wikidata(str(external.get("wikidata") or "")),
                              str(ident) if ident else None, str(parent_id) if parent_id else None))
        except RowError as err:
            raise TableError(loc, f"{what}: {err.column + ': ' if err.column else ''}{err.message}") from None
    return units


def _object(item: dict, key: str) -> dict:
    """`item[key]`, an object ({} when absent); raises RowError for any other JSON value."""
    value = item.get(key) or {}
    if not isinstance(value, dict):
        raise RowError(key, "expected an object")
    return value


def _pcode(text: str, column: str) -> str:
    text = text.strip()
    if not PCODE.fullmatch(text):
        raise RowError(column, f"{quote(text)} is not an OCHA P-code such as SY05")
    return text


def _coordinates(lat: str, lon: str) -> tuple[float, float] | None:
    if not lat.strip() and not lon.strip():
        return None
    try:
        point = (float(lat), float(lon))
    except ValueError:
        raise RowError("lat", f"invalid coordinates {quote(lat)}, {quote(lon)}: expected decimal degrees") from None
    if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        raise RowError("lat", f"invalid coordinates {lat}, {lon}: outside -90..90, -180..180")
    return point


def _geonames(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not re.fullmatch(r"[0-9]+", text, re.ASCII) or int(text) <= 0:  # isdigit() is true of "²"
        raise RowError("geonames", f"{quote(text)} is not a GeoNames id (a positive whole number)")
    return int(text)


def _wikidata(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    if not WIKIDATA.fullmatch(text):
        raise RowError("wikidata", f"{quote(text)} is not a Wikidata id such as Q43")
    return text
