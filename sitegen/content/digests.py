"""The short digest that tells versions apart: of a content file, a page's Markdown, a
value a page read (`sitegen.pages.deps`), an imported record's body."""

from __future__ import annotations

import hashlib


def short_digest(data: bytes | str) -> str:
    """20 hexadecimal digits: BLAKE2b with a 10-byte digest (RFC 7693) of `data`, text as
    UTF-8. Tells versions of one thing apart; not a defence against a forged collision."""
    return hashlib.blake2b(data.encode("utf-8") if isinstance(data, str) else data, digest_size=10).hexdigest()
