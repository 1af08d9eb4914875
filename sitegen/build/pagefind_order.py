"""Pagefind's bundle in one order: the same pages give the same bytes, filters included.

Pagefind 1.5 writes each filter's values (`filter/<lang>_<hash>.pf_filter`) and the list of
filters in its metadata (`pagefind.<lang>_<hash>.pf_meta`) in the order of a Rust HashMap,
which is seeded at random in every process: the same pages gave other filter files, so
another metadata file and entry. Both are gzip files holding `pagefind_dcd` and then CBOR
(RFC 8949); here each filter's values and the metadata's filters are sorted by name, and
the files renamed by a digest of what they now hold (Pagefind names them by their content
too, and finds them only through the metadata and `pagefind-entry.json`, which are rewritten
to the new names). What Pagefind answers does not depend on that order.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
FILTER_DIGITS = 7   # the length of Pagefind's own hashes in those names
META_DIGITS = 10


class BundleFormatError(Exception):
    """A bundle file is not what Pagefind 1.5 writes (the message says which)."""


def put_in_order(bundle: Path) -> None:
    """Sort the filters of the bundle folder `bundle` and rename its filter and metadata
    files by their new content, rewriting `pagefind-entry.json`. Raises BundleFormatError."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    renamed: dict[str, str] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")) if (bundle / "filter").is_dir() else ():
        key, values = _read(path)
        if not isinstance(values, list):
            raise BundleFormatError(f"{path}: not a filter's values")
        name = _write(bundle / "filter", path, [key, sorted(values, key=lambda v: v[0])], ".pf_filter",
                      FILTER_DIGITS)
        renamed[path.name.removesuffix(".pf_filter")] = name
    for lang, about in entry.get("languages", {}).items():
        meta = bundle / f"pagefind.{about['hash']}.pf_meta"
        data = _read(meta)
        if len(data) < 4 or not isinstance(data[3], list):
            raise BundleFormatError(f"{meta}: no list of filters where Pagefind 1.5 puts it")
        data[3] = sorted([name, renamed.get(hashed, hashed)] for name, hashed in data[3])
        about["hash"] = _write(bundle, meta, data, ".pf_meta", META_DIGITS, prefix="pagefind.")
    entry_path.write_text(json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def _read(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise BundleFormatError(f"{path}: no Pagefind signature")
    data = cbor2.loads(raw[len(SIGNATURE):])
    if cbor2.dumps(data) != raw[len(SIGNATURE):]:  # nothing but the order may change
        raise BundleFormatError(f"{path}: CBOR that does not read back to the same bytes")
    return data


def _write(folder: Path, old: Path, data, suffix: str, digits: int, prefix: str = "") -> str:
    """Write `data` beside `old` under a name made of its digest, remove `old`; returns the
    hash part of the new name (`en_1df23de`)."""
    raw = SIGNATURE + cbor2.dumps(data)
    lang = old.name.removeprefix(prefix).removesuffix(suffix).rpartition("_")[0]
    hashed = f"{lang}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    new = folder / f"{prefix}{hashed}{suffix}"
    packed = gzip.compress(raw, compresslevel=9, mtime=0)
    if new != old:
        old.unlink()
    new.write_bytes(packed)
    return hashed
