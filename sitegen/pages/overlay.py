"""The preview's problem banner: what the last save broke, shown on every page the preview
server sends until a build succeeds again (`sitegen.serve`).

Its words come from the catalogs, in the language of the page it is put into (read from the
page's `<html lang>`); the problems themselves are the check's (`path:line:col`, severity,
message, in English, as the terminal shows them). Everything in it is escaped: file names
and messages quote content, which is untrusted.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from babel import UnknownLocaleError
from markupsafe import escape

from .i18n import direction, load_translations
from ..content.problems import ERROR

SHOWN = 100  # at most, the terminal has them all
LANG = re.compile(rb"<html[^>]*?\slang=\"([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\"")
ID = "sitegen-problems"
STYLE = (
    "position:fixed;left:0;right:0;bottom:0;z-index:10000;max-height:60vh;overflow:auto;margin:0;"
    "padding:.8rem 1.2rem;background:#fff5f5;color:#3d0000;border-top:4px solid #c62828;"
    "box-shadow:0 -4px 16px rgba(0,0,0,.3);font:15px/1.5 system-ui,sans-serif;text-align:start"
)


class Shown(NamedTuple):
    """One line of the banner: where (may be empty), severity, message."""

    where: str
    severity: str
    message: str


def from_problems(problems, strict: bool) -> tuple[Shown, ...]:
    """The problems that failed the build: the errors, and the warnings too under `--strict`."""
    return tuple(Shown(str(p.loc), p.severity, p.message) for p in problems if strict or p.severity == ERROR)


def from_text(text: str) -> tuple[Shown, ...]:
    """A build failure that is not a content problem (MkDocs, Pagefind): its lines as they are."""
    return tuple(Shown("", ERROR, line) for line in text.splitlines() if line.strip())


def page_language(html: bytes, default: str = "en") -> str:
    found = LANG.search(html, 0, 4096)
    return found.group(1).decode("ascii") if found else default


def banner(shown: tuple[Shown, ...], lang: str, locale: Path) -> str:
    """The banner's HTML for a page in `lang`."""
    t = load_translations(locale, lang)
    count = len(shown)
    heading = t.ngettext(
        "The last save has %(num)d problem; this page shows the last good build.",
        "The last save has %(num)d problems; this page shows the last good build.", count) % {"num": count}
    severities = {ERROR: t.gettext("error"), "warning": t.gettext("warning")}
    items = "".join(_item(s, severities) for s in shown[:SHOWN])
    if count > SHOWN:
        more = t.ngettext("and %(num)d more problem: the terminal lists every one.",
                          "and %(num)d more problems: the terminal lists every one.", count - SHOWN)
        items += f"<li>{escape(more % {'num': count - SHOWN})}</li>"
    advice = t.gettext("Fix the file and save it: this message goes away with the next good build.")
    return (
        f'<aside id="{ID}" role="alert" lang="{escape(lang)}" dir="{direction(lang)}" style="{STYLE}">'
        f'<p style="margin:0 0 .4rem;font-weight:700">{escape(heading)}</p>'
        f'<ul style="margin:0;padding:0;list-style:none">{items}</ul>'
        f'<p style="margin:.4rem 0 0">{escape(advice)}</p></aside>'
    )


def _item(shown: Shown, severities: dict[str, str]) -> str:
    where = (f'<code dir="ltr" style="font-weight:700;unicode-bidi:isolate">{escape(shown.where)}</code> '
             if shown.where else "")
    severity = escape(severities.get(shown.severity, shown.severity))
    return (f'<li style="margin:.3rem 0">{where}<span>{severity}</span>: '
            f'<span lang="en" dir="ltr" style="white-space:pre-wrap;unicode-bidi:isolate">{escape(shown.message)}</span></li>')


def insert(html: bytes, shown: tuple[Shown, ...], locale: Path) -> bytes:
    """The page with the banner put before its `</body>` (or at its end)."""
    if not shown:
        return html
    lang = page_language(html)
    try:
        text = banner(shown, lang, locale)
    except (ValueError, UnknownLocaleError):  # a page language Babel does not know: the banner in English
        text = banner(shown, "en", locale)
    end = html.rfind(b"</body>")
    end = len(html) if end < 0 else end
    return html[:end] + text.encode("utf-8") + html[end:]
