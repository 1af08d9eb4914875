"""Alphabetical order in each language, by ICU's collation (PyICU).

CLDR's collation rules know each language's alphabet: Turkish sorts Ç after C, Ğ after G,
I (ı) before İ (i), Ö after O, Ş after S and Ü after U; Arabic sorts the alef with hamza
or madda (أ إ آ) with the bare alef. Python's code-point order knows neither (it puts Ö, Ş
and every accented letter after Z). ICU's order depends on its version (PyICU is built
against the system's ICU): two machines with the same ICU give the same pages.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TypeVar

import icu

T = TypeVar("T")


@functools.cache
def sort_key(locale: str) -> Callable[[str], tuple[bytes, str]]:
    """A key function ordering texts as readers of `locale` (a CLDR locale id: tr, ar,
    ar_SY) expect; texts the collator finds equal fall back to code-point order, so the
    order never depends on the input's."""
    key = icu.Collator.createInstance(icu.Locale(locale)).getSortKey
    return lambda text: (key(text), text)


def sorted_by(items: Iterable[T], locale: str, text: Callable[[T], str]) -> list[T]:
    """`items` in the alphabetical order of `text(item)` in `locale`."""
    key = sort_key(locale)
    return sorted(items, key=lambda item: key(text(item)))
