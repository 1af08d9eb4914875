"""Pages held compressed while a language is built.

A language worker keeps the Markdown of every page it rendered from render to fill (the
hubs' digests, the Markdown tree, the fill and the new state all read it). As Python
strings that is about 2 bytes a character (the isolates around content texts, U+2068 and
U+2069, make every page a two-byte string): 28 MB for the 1,430 English pages of the
1,000-event benchmark corpus, so about 2.8 GB a worker at 100,000 events (issue 16).
`Pages` keeps each page as UTF-8 compressed by zlib at level 1 (Markdown of generated
pages shrinks about fivefold) and gives it back as the same string when read, one page at
a time; compressing and decompressing cost well under 1% of a page's build time.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, MutableMapping

LEVEL = 1  # zlib's fastest: most of the saving at a fraction of the time of the default 6


class Pages(MutableMapping):
    """path -> Markdown (str), stored compressed; iterates in the order paths were added."""

    __slots__ = ("_packed",)

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        self._packed: dict[str, bytes] = {}
        for path, text in items:
            self[path] = text

    def __getitem__(self, path: str) -> str:
        return zlib.decompress(self._packed[path]).decode("utf-8")

    def __setitem__(self, path: str, text: str) -> None:
        self._packed[path] = zlib.compress(text.encode("utf-8"), LEVEL)

    def __delitem__(self, path: str) -> None:
        del self._packed[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def __contains__(self, path: object) -> bool:
        return path in self._packed

    def sorted(self) -> "Pages":
        """The same pages, in the order of their paths (without decompressing them)."""
        new = Pages()
        new._packed = dict(sorted(self._packed.items()))
        return new

    def packed_bytes(self) -> int:
        """Bytes held (the compressed pages, not the dictionary)."""
        return sum(len(b) for b in self._packed.values())
