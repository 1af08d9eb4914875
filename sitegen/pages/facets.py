"""Browse facets: the values an event is filed under on the Browse page.

Each event page carries them as Pagefind filters (`data-pagefind-filter="key:value"`), with
stable ids as values (the same in every language; the Browse page maps them to its own
language's labels), so Pagefind's filter counts are counts of events. Only event pages carry
them, and each carries `page:event`. The Browse page no longer reads them (it counts every
view from `DATA`, a view with words through `IDS`); the browser tests use them as the oracle
of its counts.

The rules are those of the site's other listings: an event counts under its places and every
place they are inside (`Model.ancestors`, as a place page lists them), under its actors and
every actor they are `part-of` (as an actor page rolls up its parts), under every source it
cites or that gives one of its figures or claims (as a source page lists it), under the
year it is filed under in the chronology (its date's sort key) and month (`filed_month`: none for a
date known only to its year), its ACLED type and
sub-type, its tags and its grade.
"""

from __future__ import annotations

import json

from ..content.link import Model, filed_month, month_key
from . import urls

# Filter keys, in the order the Browse page shows them.
FACETS = ("type", "sub", "year", "month", "place", "actor", "source", "tag", "grade")
EVENT = ("page", "event")  # on every event page: the Browse page's search is over events only
# The Browse page's own data (`data`), at the language root: the values' events, and the
# events' links and titles in `TITLE_CHUNKS` files (always that many, so that no file is
# left over when events go; the first results of a view fall in one or two of them).
DATA = "browse.json"
TITLE_CHUNKS = 32
# The search results' table (`result_ids`), at the language root beside `DATA`: loaded only
# for a view with words.
IDS = "browse-ids.json"
_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def event_values(model: Model, event_id: str) -> tuple[tuple[str, str], ...]:
    """(filter key, value id) pairs of one event, sorted, each once (keys: `FACETS`)."""
    event = model.events[event_id]
    year = event.date.sort_key[0]
    values = {("type", event.type), ("sub", event.sub_type), ("year", f"{year:04d}")}
    month = filed_month(event.date)
    if month is not None:  # a date known only to its year is under its year, in no month
        values.add(("month", month_key(*month)))
    for place in event.places:
        values.update(("place", p) for p in (place, *model.ancestors[place]))
    for part in event.actors:
        values.update(("actor", a) for a in (part.actor, *owners(model, part.actor)))
    named = {c.source for c in event.sources} | {f.source for f in event.figures} | {c.source for c in event.claims}
    values.update(("source", s) for s in named)
    values.update(("tag", t) for t in event.tags)
    if event.grade:
        values.add(("grade", event.grade))
    return tuple(sorted(values))


def sort_value(model: Model, event_id: str) -> str:
    """The event's Pagefind sort value (`data-pagefind-sort="date:..."`): its last day, its
    first, and its id, as `YYYY-MM-DD YYYY-MM-DD id` (text, compared as text): sorting by it,
    descending, is the site's page order (`sitegen.content.order`: by end date, then start date),
    and no two events tie (Pagefind would order ties at random)."""
    date = model.events[event_id].date
    return " ".join(["%04d-%02d-%02d" % day for day in (date.last_day, date.sort_key)] + [event_id])


def owners(model: Model, actor_id: str) -> tuple[str, ...]:
    """The actors `actor_id` is part of, directly or through others (its record's `part-of`
    relations, followed), sorted."""
    found: set[str] = set()
    stack = [actor_id]
    while stack:
        for relation in model.actors[stack.pop()].relations:
            if relation.type == "part-of" and relation.actor not in found and relation.actor != actor_id:
                found.add(relation.actor)
                stack.append(relation.actor)
    return tuple(sorted(found))


def parents(model: Model, actor_id: str) -> tuple[str, ...]:
    """The actors `actor_id` is directly part of, sorted."""
    return tuple(sorted({r.actor for r in model.actors[actor_id].relations if r.type == "part-of"}))


def title_chunk(index: int) -> str:
    """The name of the `index`th file of events' links and titles (`data`)."""
    return f"browse-{index:02d}.json"


def data(model: Model, links) -> dict[str, bytes]:
    """The Browse page's own files, name -> bytes (UTF-8 JSON), from which it counts and
    lists the events of a view without words without loading the search bundle (whose
    filter index is Pagefind's filter chunks, all of which a count needs: 345 KB at
    10,000 events, where these are about 130 KB).

    `links` is each event's link (`views.Link`: `url` relative to the Browse page, `label`
    its title in the page's language, or in the one it falls back to) in the site's event
    order (`Model.latest`). Events are numbered in that order, and:
    - `DATA`: `{"events": N, "size": events per title file, "values": {key: {value id:
      events}}}` with a key of `FACETS` and the values of `event_values`, each value's
      events given as runs: space-separated base-36 tokens `g` or `g.r`, one per run of
      consecutive numbers, `g` the count of numbers skipped before the run (from the last
      run's end, or -1), `r` the run's length less one;
    - `title_chunk(i)` for i below `TITLE_CHUNKS`: `[[url, title] or [url, title, lang of
      the title], ...]` of events `i * size` to `(i + 1) * size - 1` (an empty list past
      the last one).
    Plain texts: the page puts them in as text, never as HTML. Same model, same bytes."""
    return files_of(model, links)


def files_of(model: Model, links, kept: dict | None = None, written: dict | None = None) -> dict[str, bytes]:
    """`data`'s files; `kept`: event id -> its facet values and its title file entry as
    `read_back` gives them, taken instead of making them again (`links` then holds None for
    those events); `written`: (key, value) -> its events' numbers and their `runs` in the
    last files (`read_back`), taken when the numbers are the same."""
    kept, written = kept or {}, written or {}
    order = model.latest
    postings: dict[str, dict[str, list[int]]] = {key: {} for key in FACETS}
    items = []
    for number, (event_id, link) in enumerate(zip(order, links)):
        old = kept.get(event_id)
        for key, value in event_values(model, event_id) if old is None else old[0]:
            postings[key].setdefault(value, []).append(number)
        items.append(old[1] if old is not None else
                     [link.url, link.label.text] + ([link.label.lang] if link.label.fallback else []))
    size = max(1, -(-len(order) // TITLE_CHUNKS))
    files = {DATA: _json({"events": len(order), "size": size,
                          "values": {k: {v: _runs(n, written.get((k, v))) for v, n in sorted(vs.items())}
                                     for k, vs in postings.items()}})}
    for index in range(TITLE_CHUNKS):
        files[title_chunk(index)] = _json(items[index * size:(index + 1) * size])
    return files


def read_back(files: dict[str, bytes], order: list[str]) -> tuple[dict[str, tuple[list, list]], dict]:
    """What `data`'s `files` (name -> bytes, every one of them) hold of each event, whose
    numbering was `order`: event id -> (its (key, value) pairs, its title file entry); and
    (key, value) -> (its events' numbers, their `runs` as written). Raises ValueError if
    they do not hold `order`'s events (or are not such files)."""
    parsed = json.loads(files[DATA])
    if not isinstance(parsed, dict) or parsed.get("events") != len(order):
        raise ValueError("not the events of that order")
    values: list[list] = [[] for _ in order]
    written = {}
    for key, found in parsed["values"].items():
        if key not in FACETS:
            raise ValueError(f"unknown facet {key!r}")
        for value, tokens in found.items():
            written[key, value] = (numbers(tokens), tokens)
            for number in written[key, value][0]:
                values[number].append((key, value))
    items = [item for index in range(TITLE_CHUNKS) for item in json.loads(files[title_chunk(index)])]
    if len(items) != len(order) or not all(isinstance(i, list) for i in items):
        raise ValueError("not the events of that order")
    return {event_id: (values[n], items[n]) for n, event_id in enumerate(order)}, written


def _runs(numbers_: list[int], written: tuple[list[int], str] | None) -> str:
    return written[1] if written is not None and written[0] == numbers_ else runs(numbers_)


def numbers(tokens: str) -> list[int]:
    """The numbers of `runs` written as `tokens`: `"0.2 4 1.1"` -> `[0, 1, 2, 7, 9, 10]`."""
    found, last = [], -1
    for token in tokens.split():
        skip, _, length = token.partition(".")
        start = last + 1 + int(skip, 36)
        last = start + (int(length, 36) if length else 0)
        found.extend(range(start, last + 1))
    return found


def result_ids(order: list[str], ids: dict[str, list[str]], hide) -> bytes:
    """The Browse page's table from Pagefind result ids to events (`IDS`, UTF-8 JSON): with
    it, a view with words runs the words through Pagefind without filters (loading only the
    word index's chunks, not every filter chunk) and counts the events found with the
    facets of `DATA`, as a view without words is counted.

    `ids` is each page's result ids in the language's search bundles (URL relative to the
    language root -> ids: `sitegen.build.search.bundle_ids`, over the main bundle, or its
    parts, and the delta), `hide` the ids the search drops (hidden.json: the main bundle's
    old versions of pages changed since). Written `{"events": N, "ids": [ids of event 0,
    ...]}`, events numbered as in `DATA` (`order`: the ids of `Model.latest`), each entry
    its page's ids less the hidden ones, sorted and space-separated: one in general (a page
    changed back to what the main bundle holds has the same id in both bundles), none ("")
    for an event not indexed yet (a build without search). Same order and ids, same bytes."""
    hidden = set(hide)
    table = [" ".join(sorted(set(ids.get(urls.url(urls.entity("event", event_id)), ())) - hidden))
             for event_id in order]
    return _json({"events": len(table), "ids": table})


def runs(numbers: list[int]) -> str:
    """Increasing numbers as `data` writes them: `[0, 1, 2, 7, 9, 10]` -> `"0.2 4 1.1"`."""
    tokens, last, i = [], -1, 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        tokens.append(_base36(numbers[i] - last - 1) + (f".{_base36(j - i)}" if j > i else ""))
        last, i = numbers[j], j + 1
    return " ".join(tokens)


def _base36(n: int) -> str:
    digits = ""
    while True:
        n, digit = divmod(n, 36)
        digits = _B36[digit] + digits
        if not n:
            return digits


def _json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n").encode("utf-8")
