"""The characters content may not hold.

Characters that have no place in a text a reader sees: C0 controls but tab and line breaks,
DEL, C1 controls, and Unicode's 66 non-characters (The Unicode Standard, section 23.7). A
file holding one is refused (`forbidden_in_file`). A double-quoted YAML value may also write
one as an escape ("\\x80"), or a lone surrogate ("\\ud800"), which is refused too
(`forbidden_in_value`; tab and newline are allowed there, a carriage return is not).
Bidirectional controls are allowed, but warned about when they do not balance (`sitegen.content.bidi`).
"""

from __future__ import annotations

import re

_BMP_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff"
IN_FILE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BMP_NONCHARACTERS}]")
IN_VALUE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_BMP_NONCHARACTERS}]")
# The astral non-characters (U+1FFFE ... U+10FFFF) are a pattern of their own, searched only
# where there may be astral characters: in one class with the others, they made every search
# ten times slower.
ASTRAL = re.compile("[" + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}"
                                  for plane in range(1, 17)) + "]")
ASTRAL_LEAD = re.compile(b"[\xf0-\xf4]")  # the first byte of an astral character in UTF-8


def forbidden_in_file(text: str, data: bytes) -> int | None:
    """The index in `text` (decoded from `data`) of its first forbidden character, or None."""
    return _first(IN_FILE, text, ASTRAL_LEAD.search(data) is not None)


def forbidden_in_value(value: str) -> int | None:
    """The index of the first character a value may not hold, or None."""
    return _first(IN_VALUE, value, True)


def _first(pattern: re.Pattern, text: str, may_be_astral: bool) -> int | None:
    found = pattern.search(text)
    at = found.start() if found else None
    if may_be_astral:
        astral = ASTRAL.search(text)
        if astral and (at is None or astral.start() < at):
            at = astral.start()
    return at


def message(char: str) -> str:
    """What is wrong with a forbidden character."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        what = "the lone surrogate"
    elif code <= 0x1F or 0x7F <= code <= 0x9F:
        what = "the control character"
    else:
        what = "the non-character"
    return f"{what} U+{code:04X} is not allowed in content; remove it"
