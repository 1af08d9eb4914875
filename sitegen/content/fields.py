"""Field parsers: turn one located YAML value into a model value, or say what is wrong.

A parser is called as `parser(ctx, value, at, field)`, where `at` is the spot of the value
(see `Spot`). It returns the parsed value, raises `Invalid(message)` for the caller to
report at that spot, or raises `Reported` when it has already reported problems of its
own (nested records and lists).

The parsers that `record`, `list_of`, `ref`, `choice` and `pattern` make carry what they
were made from (`specs`, `item`, `kind`, `values` and `what`, `example`), so that record
templates (`sitegen.new`) and the guide's test describe each field from the schema itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field as dc_field
from typing import NamedTuple

from .dates import DateError, parse_date
from .load import Mapping, Sequence
from .model import Text
from .problems import Loc, Problems
from .suggest import did_you_mean
from .quote import quote

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL = re.compile(r"^https?://[^\s<>\"']+$")
MAX_SLUG = 80
# The largest count: more than the world's population, far below where arithmetic and
# number formatting (Babel's decimals carry 28 digits) would lose or refuse digits.
MAX_COUNT = 10**10
RESERVED = {"index"}  # places/index.md and the like are hub pages
UNQUOTED_DATE = ('\n  hint: YAML read the date as something else than text: write it in quotes,'
                 ' as "2019-05-09", "2019-05" or "2019-05-01/2019-05-09"')


Spot = tuple[Mapping | Sequence, str | int]
"""Where a value stands: the mapping or list that holds it, and its key or index.

Parsers are called for every value of every record, and most values are never reported:
passing the holder and key, and asking it for a `Loc` only when one is needed (`locate`),
keeps the cost of a position out of the common path."""


def locate(at: Spot) -> Loc:
    holder, key = at
    return holder.where(key)


class Invalid(Exception):
    pass


class Reported(Exception):
    pass


class Ref(NamedTuple):
    """A reference from one record to another, checked once every id is known.

    A tuple, as there is one for every id a record names; its `loc` is found on demand,
    as only the wrong ones are reported."""

    kind: str
    id: str
    at: Spot
    field: str

    @property
    def loc(self) -> Loc:
        return locate(self.at)


@dataclass
class Ctx:
    problems: Problems
    languages: tuple[str, ...]
    default_language: str
    refs: list[Ref] = dc_field(default_factory=list)
    in_progress: frozenset[str] = frozenset()  # languages whose missing translations are not warned of
    dates: dict[str, object] = dc_field(default_factory=dict)  # text -> Date, or why it is not one
    text_order: tuple[str, ...] = dc_field(init=False)  # the languages as a Text lists them, each once
    language_set: frozenset[str] = dc_field(init=False)

    def __post_init__(self) -> None:
        last = {lang: i for i, lang in enumerate(self.languages)}
        self.text_order = tuple(sorted(last, key=last.__getitem__))
        self.language_set = frozenset(self.languages)

    def restart(self, problems: Problems) -> None:
        """Collect the next file's problems and references apart from the last file's; the
        languages and the dates parsed so far carry over."""
        self.problems = problems
        self.refs = []

    def error(self, loc: Loc, field: str, message: str) -> None:
        self.problems.error(loc, f"{field}: {message}")

    def warning(self, loc: Loc, field: str, message: str) -> None:
        self.problems.warning(loc, f"{field}: {message}")


Parser = Callable[[Ctx, object, Spot, str], object]


@dataclass(frozen=True)
class Spec:
    parser: Parser
    required: bool = False


def parse_fields(ctx: Ctx, data: object, specs: dict[str, Spec], prefix: str) -> dict:
    """Check a mapping against its field specs; report every problem, then raise Reported."""
    if not isinstance(data, Mapping):
        raise Invalid(f"expected a mapping of fields, got {_kind(data)}")
    failed = not data.keys() <= specs.keys() and _unknown_fields(ctx, data, specs, prefix)
    out = {}
    for name, spec in specs.items():
        value = data.get(name)
        if value is None:
            if spec.required:
                _missing(ctx, data, prefix + name, name)
                failed = True
            continue
        path = prefix + name
        try:
            out[name] = spec.parser(ctx, value, (data, name), path)
        except Invalid as err:
            ctx.error(data.where(name), path, str(err))
            failed = True
        except Reported:
            failed = True
    if failed:
        raise Reported
    return out


def _missing(ctx: Ctx, data: Mapping, path: str, name: str) -> None:
    """A required field that is absent (reported at its record), or written with no value
    (at its own line, as a template leaves it)."""
    if name in data:
        ctx.error(data.key_loc(name), path, "required field is empty")
    else:
        ctx.error(data.loc, path, "required field is missing")


def _unknown_fields(ctx: Ctx, data: Mapping, specs: dict, prefix: str) -> bool:
    unknown = [key for key in data if key not in specs]
    for key in unknown:
        ctx.error(data.key_loc(key), prefix + key, "unknown field" + did_you_mean(key, specs))
    return bool(unknown)


def record(specs: dict[str, Spec], build: Callable[..., object]) -> Parser:
    """A nested mapping whose fields become `build(**fields)`."""

    def parse(ctx: Ctx, value: object, at: Spot, field: str) -> object:
        fields = parse_fields(ctx, value, specs, field + ".")
        try:
            return build(**fields)
        except Invalid as err:
            ctx.error(locate(at), field, str(err))
            raise Reported from None

    parse.specs = specs  # what describes the field (`sitegen.new`, the guide's test)
    return parse


def list_of(item: Parser, unique: bool = False) -> Parser:
    """A list of what `item` parses, as a tuple. `unique`: an entry equal to an earlier one
    is an error at the repeat (a place, tag, actor or related event listed twice would
    count the event twice wherever it is listed or counted: two map pins and GeoJSON
    features at one place, two lines on a tag's page)."""

    def parse(ctx: Ctx, value: object, at: Spot, field: str) -> tuple:
        if not isinstance(value, Sequence):
            raise Invalid(f"expected a list, got {_kind(value)}")
        items = _each(ctx, value, range(len(value)), lambda index: f"{field}[{index}]",
                      lambda index, path: item(ctx, value[index], (value, index), path))
        if unique:
            _refuse_repeats(ctx, value, items, field)
        return items

    parse.item = item
    return parse


def _refuse_repeats(ctx: Ctx, value: Sequence, items: tuple, field: str) -> None:
    """Report every entry of `items` (parsed from the list `value`) equal to an earlier
    one, then raise Reported if there was any."""
    first: dict = {}
    repeated = False
    for index, entry in enumerate(items):
        if entry not in first:
            first[entry] = index
            continue
        what = quote(entry) + " is" if isinstance(entry, str) else "the same entry is"
        ctx.error(value.where(index), f"{field}[{index}]",
                  f"{what} already listed as {field}[{first[entry]}]; list each once")
        repeated = True
    if repeated:
        raise Reported


def mapping_of(key: Parser, item: Parser) -> Parser:
    """A mapping whose keys `key` checks and whose values `item` parses, as (key, value) pairs."""

    def parse(ctx: Ctx, value: object, at: Spot, field: str) -> tuple:
        if not isinstance(value, Mapping):
            raise Invalid(f"expected a mapping, got {_kind(value)}")
        return _each(ctx, value, list(value), lambda name: f"{field}.{name}",
                     lambda name, path: (key(ctx, name, (value, name), path),
                                         item(ctx, value[name], (value, name), path)))

    return parse


def _each(ctx: Ctx, value, keys, path_of, parse_one) -> tuple:
    """Parse every entry of the list or mapping `value` (by its `keys`) with `parse_one(key,
    path)`; report each entry's Invalid at that entry, then raise Reported if any failed, else
    return the results as a tuple."""
    out, failed = [], False
    for key in keys:
        path = path_of(key)
        try:
            out.append(parse_one(key, path))
        except Invalid as err:
            ctx.error(value.where(key), path, str(err))
            failed = True
        except Reported:
            failed = True
    if failed:
        raise Reported
    return tuple(out)


def string(ctx: Ctx, value: object, at: Spot, field: str) -> str:
    if not isinstance(value, str):
        raise Invalid(f"expected text, got {_kind(value)}")
    if not value or value.isspace():  # as `not value.strip()`, without copying long texts
        raise Invalid("must not be empty")
    return value


def slug(ctx: Ctx, value: object, at: Spot, field: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = string(ctx, value, at, field)
    if not SLUG.fullmatch(text) or len(text) > MAX_SLUG:
        raise Invalid(
            f"{quote(text)} is not a valid id: use lower-case letters, digits and single hyphens"
            f" (at most {MAX_SLUG} characters)"
        )
    if text in RESERVED:
        raise Invalid(f"{quote(text)} is reserved for the site's own pages")
    return text


def ref(kind: str) -> Parser:
    """An id of a record of `kind`; checked against the known ids once all are read."""

    def parse(ctx: Ctx, value: object, at: Spot, field: str) -> str:
        ident = slug(ctx, value, at, field)
        ctx.refs.append(Ref(kind, ident, at, field))
        return ident

    parse.kind = kind
    return parse


def choice(values: tuple[str, ...], what: str) -> Parser:
    def parse(ctx: Ctx, value: object, at: Spot, field: str) -> str:
        return _one_of(values, what, string(ctx, value, at, field))

    parse.values, parse.what = values, what
    return parse


def _one_of(values: tuple[str, ...], what: str, text: str) -> str:
    if text not in values:
        hint = did_you_mean(text, values) or f"; expected one of: {', '.join(values)}"
        raise Invalid(f"unknown {what} {quote(text)}{hint}")
    return text


def date(ctx: Ctx, value: object, at: Spot, field: str):
    """Each distinct date text is parsed once per check: a corpus repeats its dates often."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Invalid(f"expected a date such as \"2019-05-09\", got {_kind(value)}" + UNQUOTED_DATE)
    text = str(value)
    parsed = ctx.dates.get(text)
    if parsed is None:
        try:
            parsed = parse_date(text)
        except DateError as err:
            parsed = f"invalid date: {err}"
        ctx.dates[text] = parsed
    if isinstance(parsed, str):
        raise Invalid(parsed)
    return parsed


def count(ctx: Ctx, value: object, at: Spot, field: str) -> int:
    """A number of people or things: a whole number from 0 to `MAX_COUNT`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Invalid(f"expected a whole number of 0 or more, got {_kind(value)}")
    if value > MAX_COUNT:
        raise Invalid(f"{value:,} is more than a count may be ({MAX_COUNT:,}, more than the world's population)")
    return value


def between(ctx: Ctx, value: object, at: Spot, field: str) -> tuple[int, int]:
    low_high = list_of(count)(ctx, value, at, field)
    if len(low_high) != 2 or low_high[0] > low_high[1]:
        raise Invalid("expected [low, high] with low no greater than high")
    return low_high


def url(ctx: Ctx, value: object, at: Spot, field: str) -> str:
    text = string(ctx, value, at, field)
    if not URL.fullmatch(text):
        raise Invalid(f"{quote(text)} is not an http(s) URL")
    return text


def coordinates(ctx: Ctx, value: object, at: Spot, field: str) -> tuple[float, float]:
    if not isinstance(value, Sequence) or len(value) != 2:
        raise Invalid("expected [latitude, longitude]")
    lat, lon = value
    numbers = all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in value)
    if not numbers or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise Invalid("expected [latitude, longitude] in degrees")
    return (float(lat), float(lon))


def integer_id(ctx: Ctx, value: object, at: Spot, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise Invalid(f"expected a positive whole number, got {_kind(value)}")
    return value


def pattern(regex: str, example: str) -> Parser:
    compiled = re.compile(regex)

    def parse(ctx: Ctx, value: object, at: Spot, field: str) -> str:
        text = string(ctx, value, at, field)
        if not compiled.fullmatch(text):
            raise Invalid(f"{quote(text)} does not look like {example}")
        return text

    parse.example = example
    return parse


def language(ctx: Ctx, value: object, at: Spot, field: str) -> str:
    return _one_of(ctx.languages, "language", string(ctx, value, at, field))


def text(ctx: Ctx, value: object, at: Spot, field: str) -> Text:
    """A plain string in the default language, or a mapping language -> string."""
    if isinstance(value, str):
        found = {ctx.default_language: string(ctx, value, at, field)}
    elif isinstance(value, Mapping):
        found = _translations(ctx, value, field)
    else:
        raise Invalid(f"expected text or a mapping of language to text, got {_kind(value)}")
    if ctx.default_language not in found:
        raise Invalid(f"the default language {quote(ctx.default_language)} is missing")
    if not found.keys() >= ctx.language_set:
        loc = locate(at)
        for lang in ctx.languages:
            if lang not in found and lang not in ctx.in_progress:
                ctx.warning(loc, field, f"missing translation for {quote(lang)}")
    if len(found) == 1:  # most texts: nothing to put in order
        return Text(tuple(found.items()))
    return Text(tuple((lang, found[lang]) for lang in ctx.text_order if lang in found))


def _translations(ctx: Ctx, value: Mapping, field: str) -> dict[str, str]:
    """Each text by language, in the mapping's order; every language is one of the site's."""
    found, failed = {}, False
    for lang, item in value.items():
        path, at = f"{field}.{lang}", (value, lang)
        try:
            language(ctx, lang, at, path)
            found[lang] = string(ctx, item, at, path)
        except Invalid as err:
            ctx.error(value.where(lang), path, str(err))
            failed = True
    if failed:
        raise Reported
    return found


def aliases(ctx: Ctx, value: object, at: Spot, field: str) -> tuple:
    if not isinstance(value, Mapping):
        raise Invalid(f"expected a mapping of language to a list of names, got {_kind(value)}")
    names = list_of(string)
    specs = {lang: Spec(names) for lang in ctx.languages}
    fields = parse_fields(ctx, value, specs, field + ".")
    return tuple((lang, fields[lang]) for lang in ctx.languages if lang in fields)


def external_ids(ctx: Ctx, value: object, at: Spot, field: str) -> tuple[tuple[str, str], ...]:
    """The ids of the dataset rows a record was imported from: `{ucdp: 292463}`; the
    datasets are `vocab.DATASETS`, an id is a whole number or text without spaces."""
    from .vocab import DATASETS

    if not isinstance(value, Mapping):
        raise Invalid(f"expected a mapping of dataset to row id, got {_kind(value)}")
    out, failed = [], False
    for name, ident in value.items():
        path = f"{field}.{name}"
        try:
            _one_of(DATASETS, "dataset", str(name))
            if isinstance(ident, bool) or not isinstance(ident, (int, str)) or not str(ident).strip() \
                    or any(c.isspace() for c in str(ident)):
                raise Invalid(f"expected a row id (a number or text without spaces), got {_kind(ident)}")
            out.append((str(name), str(ident)))
        except Invalid as err:
            ctx.error(value.where(name), path, str(err))
            failed = True
    if failed:
        raise Reported
    return tuple(sorted(out))


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return quote(value) if len(value) <= 200 else quote(value[:200]) + " (cut)"
    return "a mapping" if isinstance(value, dict) else "a list"
