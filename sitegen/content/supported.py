"""The languages a site may have: those that every tool of the build supports.

A language's code names its Babel locale (`babel.Locale.parse`, as `sitegen.pages.i18n` parses
it), its Material for MkDocs theme language (`theme.language`: a file
`material/templates/partials/languages/<code>.html` of the installed theme; any other code
stops MkDocs with a traceback) and its Pagefind index (Pagefind reads a page's language
from `<html lang>`, a BCP 47 tag: letters and digits in hyphen-separated parts). The set
is read from the installed packages, so upgrading them changes it.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from babel import Locale, UnknownLocaleError

BCP47 = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


@cache
def material_languages() -> frozenset[str]:
    """The theme languages of the installed Material for MkDocs."""
    folder = resources.files("material") / "templates" / "partials" / "languages"
    return frozenset(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".html"))


def is_babel_locale(code: str) -> bool:
    try:
        Locale.parse(code)
    except (ValueError, TypeError, UnknownLocaleError):
        return False
    return True


@cache
def supported_languages() -> tuple[str, ...]:
    """Every code Babel, Material and Pagefind all support, sorted."""
    return tuple(sorted(c for c in material_languages() if BCP47.fullmatch(c) and is_babel_locale(c)))


def is_supported(code: str) -> bool:
    """Whether Babel, Material and Pagefind all support `code` (without loading every
    locale's data, as `supported_languages` does)."""
    return code in material_languages() and bool(BCP47.fullmatch(code)) and is_babel_locale(code)
