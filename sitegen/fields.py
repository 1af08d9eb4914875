"""Field parsers: turn one located YAML value into a model value, or say what is wrong.

A parser is called as `parser(ctx, value, loc, field)`. It returns the parsed value,
raises `Invalid(message)` for the caller to report at `loc`, or raises `Reported`
when it has already reported problems of its own (nested records and lists).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field as dc_field

from .dates import DateError, parse_date
from .load import Mapping, Sequence
from .model import Text
from .problems import Loc, Problems
from .suggest import did_you_mean

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 80
RESERVED = {"index"}  # places/index.md and the like are hub pages


class Invalid(Exception):
    pass


class Reported(Exception):
    pass


@dataclass(frozen=True)
class Ref:
    """A reference from one record to another, checked once every id is known."""

    kind: str
    id: str
    loc: Loc
    field: str


@dataclass
class Ctx:
    problems: Problems
    languages: tuple[str, ...]
    default_language: str
    refs: list[Ref] = dc_field(default_factory=list)

    def error(self, loc: Loc, field: str, message: str) -> None:
        self.problems.error(loc, f"{field}: {message}")

    def warning(self, loc: Loc, field: str, message: str) -> None:
        self.problems.warning(loc, f"{field}: {message}")


Parser = Callable[[Ctx, object, Loc, str], object]


@dataclass(frozen=True)
class Spec:
    parser: Parser
    required: bool = False


def parse_fields(ctx: Ctx, data: object, loc: Loc, specs: dict[str, Spec], prefix: str) -> dict:
    """Check a mapping against its field specs; report every problem, then raise Reported."""
    if not isinstance(data, Mapping):
        raise Invalid(f"expected a mapping of fields, got {_kind(data)}")
    failed = _unknown_fields(ctx, data, specs, prefix)
    out = {}
    for name, spec in specs.items():
        value = data.get(name)
        where, path = data.where(name), prefix + name
        if value is None:
            if spec.required:
                ctx.error(data.loc, path, "required field is missing")
                failed = True
            continue
        try:
            out[name] = spec.parser(ctx, value, where, path)
        except Invalid as err:
            ctx.error(where, path, str(err))
            failed = True
        except Reported:
            failed = True
    if failed:
        raise Reported
    return out


def _unknown_fields(ctx: Ctx, data: Mapping, specs: dict, prefix: str) -> bool:
    unknown = [key for key in data if key not in specs]
    for key in unknown:
        ctx.error(data.key_locs[key], prefix + key, "unknown field" + did_you_mean(key, specs))
    return bool(unknown)


def record(specs: dict[str, Spec], build: Callable[..., object]) -> Parser:
    """A nested mapping whose fields become `build(**fields)`."""

    def parse(ctx: Ctx, value: object, loc: Loc, field: str) -> object:
        fields = parse_fields(ctx, value, loc, specs, field + ".")
        try:
            return build(**fields)
        except Invalid as err:
            ctx.error(loc, field, str(err))
            raise Reported from None

    return parse


def list_of(item: Parser) -> Parser:
    def parse(ctx: Ctx, value: object, loc: Loc, field: str) -> tuple:
        if not isinstance(value, Sequence):
            raise Invalid(f"expected a list, got {_kind(value)}")
        out, failed = [], False
        for index, element in enumerate(value):
            path, where = f"{field}[{index}]", value.where(index)
            try:
                out.append(item(ctx, element, where, path))
            except Invalid as err:
                ctx.error(where, path, str(err))
                failed = True
            except Reported:
                failed = True
        if failed:
            raise Reported
        return tuple(out)

    return parse


def string(ctx: Ctx, value: object, loc: Loc, field: str) -> str:
    if not isinstance(value, str) or isinstance(value, bool):
        raise Invalid(f"expected text, got {_kind(value)}")
    if not value.strip():
        raise Invalid("must not be empty")
    return value


def slug(ctx: Ctx, value: object, loc: Loc, field: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = string(ctx, value, loc, field)
    if not SLUG.match(text) or len(text) > MAX_SLUG:
        raise Invalid(
            f"'{text}' is not a valid id: use lower-case letters, digits and single hyphens"
            f" (at most {MAX_SLUG} characters)"
        )
    if text in RESERVED:
        raise Invalid(f"'{text}' is reserved for the site's own pages")
    return text


def ref(kind: str) -> Parser:
    """An id of a record of `kind`; checked against the known ids once all are read."""

    def parse(ctx: Ctx, value: object, loc: Loc, field: str) -> str:
        ident = slug(ctx, value, loc, field)
        ctx.refs.append(Ref(kind, ident, loc, field))
        return ident

    return parse


def choice(values: tuple[str, ...], what: str) -> Parser:
    def parse(ctx: Ctx, value: object, loc: Loc, field: str) -> str:
        text = string(ctx, value, loc, field)
        if text not in values:
            hint = did_you_mean(text, values) or f"; expected one of: {', '.join(values)}"
            raise Invalid(f"unknown {what} '{text}'{hint}")
        return text

    return parse


def date(ctx: Ctx, value: object, loc: Loc, field: str):
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Invalid(f"expected a date such as \"2019-05-09\", got {_kind(value)}")
    try:
        return parse_date(str(value))
    except DateError as err:
        raise Invalid(f"invalid date: {err}") from None


def count(ctx: Ctx, value: object, loc: Loc, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Invalid(f"expected a whole number of 0 or more, got {_kind(value)}")
    return value


def between(ctx: Ctx, value: object, loc: Loc, field: str) -> tuple[int, int]:
    low_high = list_of(count)(ctx, value, loc, field)
    if len(low_high) != 2 or low_high[0] > low_high[1]:
        raise Invalid("expected [low, high] with low no greater than high")
    return low_high


def url(ctx: Ctx, value: object, loc: Loc, field: str) -> str:
    text = string(ctx, value, loc, field)
    if not re.match(r"^https?://[^\s<>\"']+$", text):
        raise Invalid(f"'{text}' is not an http(s) URL")
    return text


def coordinates(ctx: Ctx, value: object, loc: Loc, field: str) -> tuple[float, float]:
    if not isinstance(value, Sequence) or len(value) != 2:
        raise Invalid("expected [latitude, longitude]")
    lat, lon = value
    numbers = all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in value)
    if not numbers or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise Invalid("expected [latitude, longitude] in degrees")
    return (float(lat), float(lon))


def integer_id(ctx: Ctx, value: object, loc: Loc, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise Invalid(f"expected a positive whole number, got {_kind(value)}")
    return value


def pattern(regex: str, example: str) -> Parser:
    compiled = re.compile(regex)

    def parse(ctx: Ctx, value: object, loc: Loc, field: str) -> str:
        text = string(ctx, value, loc, field)
        if not compiled.match(text):
            raise Invalid(f"'{text}' does not look like {example}")
        return text

    return parse


def language(ctx: Ctx, value: object, loc: Loc, field: str) -> str:
    return choice(ctx.languages, "language")(ctx, value, loc, field)


def text(ctx: Ctx, value: object, loc: Loc, field: str) -> Text:
    """A plain string in the default language, or a mapping language -> string."""
    if isinstance(value, str):
        pairs = [(ctx.default_language, string(ctx, value, loc, field))]
    elif isinstance(value, Mapping):
        pairs = _translations(ctx, value, field)
    else:
        raise Invalid(f"expected text or a mapping of language to text, got {_kind(value)}")
    found = {lang for lang, _ in pairs}
    if ctx.default_language not in found:
        raise Invalid(f"the default language '{ctx.default_language}' is missing")
    for lang in ctx.languages:
        if lang not in found:
            ctx.warning(loc, field, f"missing translation for '{lang}'")
    order = {lang: i for i, lang in enumerate(ctx.languages)}
    return Text(tuple(sorted(pairs, key=lambda pair: order[pair[0]])))


def _translations(ctx: Ctx, value: Mapping, field: str) -> list[tuple[str, str]]:
    pairs, failed = [], False
    for lang, item in value.items():
        where, path = value.where(lang), f"{field}.{lang}"
        try:
            language(ctx, lang, value.key_locs[lang], path)
            pairs.append((lang, string(ctx, item, where, path)))
        except Invalid as err:
            ctx.error(where, path, str(err))
            failed = True
    if failed:
        raise Reported
    return pairs


def aliases(ctx: Ctx, value: object, loc: Loc, field: str) -> tuple:
    if not isinstance(value, Mapping):
        raise Invalid(f"expected a mapping of language to a list of names, got {_kind(value)}")
    names = list_of(string)
    specs = {lang: Spec(names) for lang in ctx.languages}
    fields = parse_fields(ctx, value, loc, specs, field + ".")
    return tuple((lang, fields[lang]) for lang in ctx.languages if lang in fields)


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"'{value}'"
    return "a mapping" if isinstance(value, dict) else "a list"
