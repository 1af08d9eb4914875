"""Inputs that pass `check` must not crash `build` (issue 10, item 10): the bounds a check
sets (counts, years, languages) are bounds the whole build can take."""

from __future__ import annotations

import shutil
import subprocess
import sys

import yaml

from sitegen.content.dates import MAX_YEAR, MIN_YEAR
from sitegen.content.fields import MAX_COUNT
from sitegen.content.supported import material_languages, supported_languages

from helpers import REPO, build_into


def test_supported_languages_come_from_the_installed_packages():
    supported = supported_languages()
    assert {"en", "ar", "tr"} <= set(supported)
    assert set(supported) <= material_languages()
    # Babel knows these, Material does not (issue 10's inputs), or the reverse
    assert "kok" not in supported and "en_US_POSIX" not in supported
    assert "pt-BR" in material_languages() and "pt-BR" not in supported  # Babel reads pt_BR, Material pt-BR
    from babel import Locale
    for code in supported:
        assert Locale.parse(code).language


def test_mkdocs_builds_a_page_in_a_supported_language_and_not_in_another(tmp_path):
    """What the supported set stands for: Material accepts the one (a language no test site
    has) and stops with a traceback on the other."""
    results = {}
    for code in ("is", "kok"):
        root = tmp_path / code
        (root / "docs").mkdir(parents=True)
        (root / "docs/index.md").write_text("# x\n")
        config = {"site_name": "x", "theme": {"name": "material", "language": code}}
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config))
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, capture_output=True, text=True)
        results[code] = done.returncode
    assert results["is"] == 0 and results["kok"] != 0
    assert "is" in supported_languages()


def test_the_extremes_a_check_accepts_build(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "tests/cases/base/content", content)
    event = content / "events/qalaat-al-mudiq-captured.yaml"
    text = event.read_text().replace("at_least: 122", f"count: {MAX_COUNT}")
    text = text.replace('date: "2019-05-09"', f'date: "{MIN_YEAR:04d}/{MAX_YEAR}-12-31"')
    event.write_text(text.replace('date: "2019-05-10"', f'date: "{MIN_YEAR:04d}-01-01"'))
    project = build_into(tmp_path, content, strict=True)
    page = (project.site / "en/events/qalaat-al-mudiq-captured/index.html").read_text(encoding="utf-8")
    assert f"{MAX_COUNT:,}" in page
    assert "9999" in page
    # a span of ten thousand years makes month pages for its ends, not for every month in it
    assert len([p for p in (project.site / "en/chronology").iterdir() if p.is_dir()]) <= 4


def test_every_kind_of_forbidden_character_is_found_where_it_stands():
    from sitegen.content import chars

    for char in ("\x00", "\x1b", "\x7f", "\x80", "\x9f", "\ufdd0", "\ufffe", "\U0001fffe", "\U0010ffff"):
        text = f"title: ok\nname: a{char}b\n"
        assert chars.forbidden_in_file(text, text.encode("utf-8")) == 17, repr(char)
        assert chars.forbidden_in_value(f"a{char}") == 1
    assert chars.forbidden_in_value("a\ud800") == 1 and chars.forbidden_in_value("a\rb") == 1
    for fine in ("tab\tand\nnewline\r\n", "حميميم \u202e\u202c", "\U0001f600 emoji", "\ufeff\ufffd"):
        assert chars.forbidden_in_file(fine, fine.encode()) is None
    assert chars.message("\U0001fffe") == "the non-character U+1FFFE is not allowed in content; remove it"


def test_a_yaml_reader_error_is_located_in_one_line():
    """PyYAML's reader errors have a position, not a mark (issue 10, item 16: a NUL on line 10
    was reported at 1:1, with a second line). `decode` refuses such characters first; the
    parser's own report, should one still come, is as located."""
    import pytest as _pytest

    from sitegen.content.load import LoadError, parse_yaml

    with _pytest.raises(LoadError) as err:
        parse_yaml("id: a\nname: b\x00c\n", "x.yaml", line_offset=1)
    assert (err.value.loc, "\n" in err.value.message) == (("x.yaml", 3, 8), False)
    assert err.value.message.startswith("malformed YAML: ")
