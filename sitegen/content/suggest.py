"""'Did you mean' suggestions for misspelt ids and field names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .quote import quote


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A '; did you mean 'x'?' suffix naming the closest choice, or ''."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean {quote(close[0])}?" if close else ""
