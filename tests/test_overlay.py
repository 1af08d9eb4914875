"""The preview's problem banner: in the page's language, everything in it escaped."""

from __future__ import annotations

from sitegen.pages import overlay
from sitegen.content.problems import Loc, Problem

from helpers import REPO

LOCALE = REPO / "locale"
PAGE = b'<!doctype html><html lang="ar" class="no-js"><head></head><body><p>page</p></body></html>'


def test_banner_is_in_the_page_language_and_escapes_everything():
    evil = Problem(Loc('content/events/<script>alert(1)</script>.yaml', 3, 4), "error", "title: '</span><b>x</b>'")
    warning = Problem(Loc("content/sources/a.yaml"), "warning", "source 'a' is not cited")
    html = overlay.insert(PAGE, overlay.from_problems([evil, warning], strict=False), LOCALE).decode()
    banner = html[html.index("<aside"):html.index("</aside>")]
    assert html.endswith("</aside></body></html>") and html.count("<aside") == 1
    assert "<script>" not in banner and "<b>" not in banner
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.yaml:3:4" in banner and "&lt;b&gt;x&lt;/b&gt;" in banner
    assert 'lang="ar" dir="rtl"' in banner and "في آخر حفظ مشكلة واحدة" in banner and "خطأ" in banner
    assert "not cited" not in banner  # a warning does not fail a build without --strict
    strict = overlay.insert(PAGE, overlay.from_problems([evil, warning], strict=True), LOCALE).decode()
    assert "مشكلتان" in strict and "تحذير" in strict


def test_many_problems_are_cut_short_and_other_failures_shown_as_text():
    problems = [Problem(Loc(f"content/places/p{i}.yaml"), "error", "x") for i in range(overlay.SHOWN + 7)]
    html = overlay.insert(PAGE.replace(b'lang="ar"', b'lang="tr"'), overlay.from_problems(problems, False), LOCALE)
    text = html.decode()
    assert text.count("<li") == overlay.SHOWN + 1 and "ve 7 sorun daha" in text
    assert f"Son kayıtta {overlay.SHOWN + 7} sorun var" in text
    failure = overlay.insert(b"<html><body></body></html>", overlay.from_text("MkDocs failed:\n<x>"), LOCALE)
    assert b"The last save has 2 problems" in failure and b"&lt;x&gt;" in failure
    assert overlay.insert(PAGE, (), LOCALE) == PAGE
