"""Dependencies: which parts of the model each page read, so a rebuild renders again only
the pages whose inputs changed.

Views read the model through `TrackedModel`, which notes a token for every record or
index entry read: `events␟x`, `events_in_place␟hama`, `latest␟*` for a whole index,
`events␟#` for a count. A page of a listing reads only its own slice and the listing's
length (`TrackedModel.listing`: `events_in_place␟hama␟3` for page 3, `mapped␟*␟1`), and a
count only the length (`TrackedModel.count`: `events_by_type␟battles␟#`), so that an edit
that moves one event within a listing makes the pages it moved across stale, not every
page of the listing. A token's fingerprint is a hash of the value it names; a page
is stale when the fingerprint of any token it read differs from the last build's.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import contextmanager

from ..content.digests import short_digest
from ..content.link import Model
from ..content.recordkinds import NAMES
from .pagekinds import page_slice

ALL = "*"
COUNT = "#"
SEP = "\x1f"
_MISSING = object()


class Recorder:
    """Collects the tokens read while a page (or a shared piece of one) is made."""

    def __init__(self) -> None:
        self.stack: list[set[str]] = [set()]

    def add(self, name: str, key: str) -> None:
        self.stack[-1].add(name + SEP + key)

    def update(self, tokens) -> None:
        self.stack[-1].update(tokens)

    @contextmanager
    def collect(self):
        tokens: set[str] = set()
        self.stack.append(tokens)
        try:
            yield tokens
        finally:
            self.stack.pop()
            self.stack[-1].update(tokens)


class _TrackedMapping(Mapping):
    def __init__(self, name: str, data: Mapping, recorder: Recorder) -> None:
        self._name, self._data, self._recorder = name, data, recorder

    def __getitem__(self, key):
        self._recorder.add(self._name, key)
        return self._data[key]

    def get(self, key, default=None):
        self._recorder.add(self._name, key)
        return self._data.get(key, default)

    def __contains__(self, key) -> bool:
        self._recorder.add(self._name, key)
        return key in self._data

    def __iter__(self):
        self._recorder.add(self._name, ALL)
        return iter(self._data)

    def __len__(self) -> int:
        self._recorder.add(self._name, COUNT)
        return len(self._data)


class _TrackedContent:
    """`model.content`: the site settings are part of every build's digest; reading a
    whole kind of records depends on all of them."""

    def __init__(self, model: Model, recorder: Recorder) -> None:
        self._model, self._recorder = model, recorder
        self.site = model.content.site

    def __getattr__(self, kind: str):
        self._recorder.add("content." + kind, ALL)
        return getattr(self._model.content, kind)


class TrackedModel:
    """The model as views see it while dependencies are recorded."""

    def __init__(self, model: Model, recorder: Recorder) -> None:
        self.recorder = recorder
        self.content = _TrackedContent(model, recorder)
        self._model = model

    def listing(self, name: str, key: str, page: int) -> tuple[tuple, int]:
        """Page `page` (from 1, `PAGE_SIZE` items a page) of the listing `name`[key] of the
        model (`key` ALL: the tuple `name` itself), and the listing's length; notes a token
        for that slice and the length only (a missing key is an empty listing)."""
        self.recorder.add(name, f"{key}{SEP}{page}")
        items = _items(self._model, name, key)
        return page_slice(items, page), len(items)

    def count(self, name: str, key: str = ALL) -> int:
        """The length of the listing `name`[key] (as `listing`); notes a token for the length only."""
        self.recorder.add(name, f"{key}{SEP}{COUNT}")
        return len(_items(self._model, name, key))

    def __getattr__(self, name: str):
        value = getattr(self._model, name)
        if isinstance(value, Mapping):
            wrapped = _TrackedMapping(name, value, self.recorder)
            setattr(self, name, wrapped)
            return wrapped
        self.recorder.add(name, ALL)  # a whole tuple, such as the chronology
        return value


RECORDS = NAMES  # the kinds of records, fingerprinted by their files


class Fingerprints:
    """Fingerprints of tokens in one model, computed on demand and kept.

    A record's fingerprint is the digest of its file that the check made
    (`Content.digests`): its value comes from that file alone, and hashing the file costs
    nothing next to `repr` of the record. A source's use is its ids and its figures'
    values (an edit to an event that changes none of them leaves it alone). Anything else
    is fingerprinted by its `repr`."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.digests = getattr(model.content, "digests", None) or {}
        self.known: dict[str, str] = {}
        self.uses: dict[str, str] = {}  # source id -> the fingerprint of its use

    def __getitem__(self, token: str) -> str:
        if token not in self.known:
            self.known[token] = self._fingerprint(token)
        return self.known[token]

    def _fingerprint(self, token: str) -> str:
        name, _, key = token.partition(SEP)
        key, _, part = key.partition(SEP)
        if part:  # a page of a listing, or its length (`TrackedModel.listing`, `count`)
            items = _items(self.model, name, key)
            return _digest(len(items) if part == COUNT else (len(items), page_slice(items, int(part))))
        kind = name[len("content."):] if name.startswith("content.") else name
        if self.digests and kind in RECORDS:
            return self._records(kind, name, key)
        if self.digests and name == "source_uses":
            return self._source_uses(key)
        return _digest(self._value(token))

    def _records(self, kind: str, name: str, key: str) -> str:
        if name.startswith("content.") or key == ALL:
            return _digest(tuple(self._record(kind, ident) for ident in getattr(self.model, kind)))
        if key == COUNT:
            return _digest(len(getattr(self.model, kind)))
        return self._record(kind, key)

    def _record(self, kind: str, ident: str) -> str:
        return self.digests.get(kind + SEP + ident, "missing")

    def _source_uses(self, key: str) -> str:
        uses = self.model.source_uses
        if key == COUNT:
            return _digest(len(uses))
        if key == ALL:  # each source's use fingerprinted once, for its own token and this one
            return _digest(tuple((k, self._use_digest(k)) for k in uses))
        return self._use_digest(key)

    def _use_digest(self, key: str) -> str:
        if key not in self.uses:
            self.uses[key] = _digest((key, self._use(self.model.source_uses.get(key, _MISSING))))
        return self.uses[key]

    def _use(self, use) -> object:
        if use is _MISSING:
            return "missing"
        figures = tuple((event, repr(f)) for event, f in use.figures)
        return use.events, figures, use.claims, use.excerpts, use.totals

    def _value(self, token: str):
        name, _, key = token.partition(SEP)
        if name.startswith("content."):
            return getattr(self.model.content, name[len("content."):])
        value = getattr(self.model, name)
        if not isinstance(value, Mapping):
            return value
        if key == ALL:
            return tuple(value.items())
        if key == COUNT:
            return len(value)
        return value.get(key, _MISSING)


def _items(model: Model, name: str, key: str) -> tuple:
    """The listing `name`[key] of the model: a tuple of the model (`key` ALL) or an entry of a
    mapping of tuples (empty if missing)."""
    value = getattr(model, name)
    return value if key == ALL else value.get(key, ())


def _digest(value) -> str:
    return short_digest("missing" if value is _MISSING else repr(value))
