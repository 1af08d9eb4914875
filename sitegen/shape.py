"""Checking that data read back has the shape its type hints promise.

The check cache is data this program wrote, read back later: a damaged file, or one
written by another version, may hold anything its format can express. Before a value is
used it is checked against the type hints of the class it claims to be (frozen dataclasses
and named tuples, made of text, numbers, tuples, unions and None), all the way down:
`checker(hint)` makes, once per hint, a function that answers whether a value conforms.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from functools import cache

Check = Callable[[object], bool]


@cache
def checker(hint) -> Check:
    """A function telling whether a value has the shape of `hint`. Supported hints: str,
    int, float (an int is accepted), bool, None, object (anything), `X | Y`, `tuple[X, ...]`,
    `tuple[X, Y]`, and frozen dataclasses and named tuples whose fields have such hints;
    anything else raises TypeError when the checker is made."""
    if hint is object:
        return lambda value: True
    if hint is None or hint is type(None):
        return lambda value: value is None
    if hint in (str, int, bool):
        return lambda value, t=hint: type(value) is t
    if hint is float:
        return lambda value: type(value) is float or type(value) is int
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        options = tuple(checker(arg) for arg in args)
        return lambda value: any(check(value) for check in options)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = checker(args[0])
            return lambda value: type(value) is tuple and all(map(item, value))
        items = tuple(checker(arg) for arg in args)
        return lambda value: type(value) is tuple and len(value) == len(items) and all(
            check(v) for check, v in zip(items, value))
    if isinstance(hint, type) and (dataclasses.is_dataclass(hint) or hasattr(hint, "_fields")):
        return _record(hint)
    raise TypeError(f"no shape check for {hint!r}")


def _record(cls: type) -> Check:
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)] if dataclasses.is_dataclass(cls) else list(cls._fields)
    fields: list[tuple[str, Check]] = []

    def check(value: object) -> bool:
        if type(value) is not cls:
            return False
        if not fields:  # made on first use: a class may refer to itself
            fields.extend((name, checker(hints[name])) for name in names)
        return all(field_check(getattr(value, name)) for name, field_check in fields)

    return check
