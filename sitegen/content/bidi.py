"""Bidirectional-text controls in content texts.

Every content text is isolated on the page (`<bdi>`, `dir="auto"`), so an embedding or
override a text opens cannot reach past it (an isolate ends every embedding opened inside
it: Unicode Bidirectional Algorithm, UAX #9, rules X6a and BD8-BD9). A text whose controls do
not balance is still most likely a mistake or a spoof ("Trojan Source", CVE-2021-42574),
so the check warns about it.
"""

from __future__ import annotations

import re

EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE, RLE, LRO, RLO: closed by PDF
PDF = "\u202c"
ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI: closed by PDI
PDI = "\u2069"
CONTROLS = re.compile(f"[{EMBEDDINGS}{PDF}{ISOLATES}{PDI}]")


def unbalanced(text: str) -> str | None:
    """Why the bidi controls of `text` do not balance (per line, as a paragraph ends them
    all), or None if they do or there are none."""
    if not CONTROLS.search(text):
        return None
    for line in text.splitlines():
        stack: list[str] = []
        for match in CONTROLS.finditer(line):
            char = match.group()
            if char in EMBEDDINGS or char in ISOLATES:
                stack.append(char)
            elif char == PDF:
                if not stack or stack[-1] not in EMBEDDINGS:
                    return f"U+{ord(char):04X} closes nothing"
                stack.pop()
            else:  # PDI closes its isolate and every embedding opened inside it
                while stack and stack[-1] in EMBEDDINGS:
                    stack.pop()
                if not stack:
                    return f"U+{ord(char):04X} closes nothing"
                stack.pop()
        if stack:
            return f"U+{ord(stack[-1]):04X} is not closed"
    return None


def message(why: str) -> str:
    return f"unbalanced bidirectional control: {why}; it could reorder the text around it"
