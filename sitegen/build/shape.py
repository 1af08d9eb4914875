"""Checking that data read back has the shape its type hints promise.

The check cache is data this program wrote, read back later: a damaged file, or one
written by another version, may hold anything its format can express. Before a value is
used it is checked against the type hints of the class it claims to be (frozen dataclasses
and named tuples, made of text, numbers, tuples, unions and None), all the way down:
`checker(cls)` compiles, once per class, a function that answers whether a value conforms.

The checks are generated as Python source, one function per class with every field's test
inline (`type(v.id) is str and ...`), and tuples of plain values tested in C
(`set(map(type, t)) <= {str}`): a warm check tests every record it takes from the cache,
and closures calling closures took longer than reading the cache itself.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from functools import cache

Check = Callable[[object], bool]
PLAIN = (str, int, bool)


class _Compiler:
    """Python source for the checks of a class and of the classes its fields hold."""

    def __init__(self) -> None:
        self.names: dict[object, str] = {}  # class or tuple hint -> its function's name
        self.sources: list[str] = []
        self.scope: dict[str, object] = {}

    def function(self, hint) -> str:
        """The name of the function that checks `hint`, made if need be."""
        if hint in self.names:
            return self.names[hint]
        name = f"_check{len(self.names)}"
        self.names[hint] = name
        if isinstance(hint, type):
            self.scope[f"{name}_cls"] = hint
            fields = typing.get_type_hints(hint)
            order = [f.name for f in dataclasses.fields(hint)] if dataclasses.is_dataclass(hint) else list(hint._fields)
            tests = [f"type(v) is {name}_cls", *(self.test(fields[field], f"v.{field}") for field in order)]
        else:  # a tuple hint
            tests = [self.test(hint, "v")]
        self.sources.append(f"def {name}(v):\n    return (" + "\n        and ".join(tests) + ")\n")
        return name

    def test(self, hint, x: str) -> str:
        """A Python expression: whether the value `x` has the shape of `hint`."""
        if hint is object:
            return "True"
        if hint is None or hint is type(None):
            return f"{x} is None"
        if hint in PLAIN:
            return f"type({x}) is {hint.__name__}"
        if hint is float:
            return f"type({x}) in (float, int)"
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin in (typing.Union, types.UnionType):  # None first: the most common, the quickest
            args = sorted(args, key=lambda arg: arg is not type(None))
            return "(" + " or ".join(self.test(arg, x) for arg in args) + ")"
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                item = args[0]
                if item in PLAIN:
                    return f"(type({x}) is tuple and set(map(type, {x})) <= {{{item.__name__}}})"
                return f"(type({x}) is tuple and all(map({self.function(item)}, {x})))"
            items = " and ".join(self.test(arg, f"{x}[{i}]") for i, arg in enumerate(args))
            return f"(type({x}) is tuple and len({x}) == {len(args)} and {items})"
        if isinstance(hint, type) and (dataclasses.is_dataclass(hint) or hasattr(hint, "_fields")):
            return f"{self.function(hint)}({x})"
        raise TypeError(f"no shape check for {hint!r}")


@cache
def checker(cls: type) -> Check:
    """A function telling whether a value is a `cls` whose fields have the shapes of their
    type hints, all the way down. Supported hints: str, int, float (an int is accepted),
    bool, None, object (anything), `X | Y`, `tuple[X, ...]`, `tuple[X, Y]`, and frozen
    dataclasses and named tuples of such; anything else raises TypeError here."""
    compiler = _Compiler()
    name = compiler.function(cls)
    exec("\n".join(compiler.sources), compiler.scope)  # source made above from type hints only
    return compiler.scope[name]
