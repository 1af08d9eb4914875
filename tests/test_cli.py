"""The command line: exact output and exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import REPO, site_languages


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd, capture_output=True, text=True)


def test_check_sample_prints_one_summary_line():
    done = run("check", "--strict", "content")
    assert (done.returncode, done.stdout, done.stderr) == (0, "content: 46 records, 0 errors, 0 warnings\n", "")


def test_check_defaults_to_content_folder():
    assert run("check").stdout == "content: 46 records, 0 errors, 0 warnings\n"


def test_usage_error_exits_2():
    done = run("check", "--no-such-option")
    assert done.returncode == 2
    assert "unrecognized arguments: --no-such-option" in done.stderr


def test_no_command_exits_2():
    assert run().returncode == 2


def test_missing_folder_is_an_error(tmp_path):
    done = run("check", "nowhere", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "nowhere:1:1: error: content folder not found\nnowhere: 0 records, 1 error, 0 warnings\n")


def test_github_annotations(tmp_path):
    case = REPO / "tests/cases/invalid/unknown-figure-source/content/events/qalaat-al-mudiq-captured.yaml"
    import shutil

    shutil.copytree(REPO / "tests/cases/base/content", tmp_path / "content")
    shutil.copy(case, tmp_path / "content/events/")
    done = run("check", "--format", "github", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "::error file=content/events/qalaat-al-mudiq-captured.yaml,line=11,col=13::"
        "figures[0].source: unknown source 'white-helmet'; did you mean 'white-helmets'?",
        "content: 10 records, 1 error, 0 warnings",
    ]


def test_readme_documents_every_command():
    readme = (REPO / "README.md").read_text()
    from sitegen.cli import _parser

    commands = _parser()._subparsers._group_actions[0].choices
    for name, sub in commands.items():
        assert f"sitegen {name}" in readme, name
        for action in sub._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert option in readme, f"{name} {option}"


def interface_strings() -> int:
    """How many interface strings the catalogs' template lists."""
    from babel.messages.pofile import read_po

    with (REPO / "locale/messages.pot").open("rb") as handle:
        return sum(1 for message in read_po(handle) if message.id)


def content_texts(content=REPO / "content") -> int:
    """How many translatable texts the sample's records hold, counted in their YAML: each
    mapping from site languages to strings (a title, a name, a summary...), excerpts aside
    (their translations are their own)."""
    import yaml

    from sitegen.content.recordkinds import RECORD_KINDS

    languages = set(site_languages(content))

    def texts(value) -> int:
        if isinstance(value, dict):
            if value and set(value) <= languages and all(isinstance(v, str) for v in value.values()):
                return 1
            return sum(texts(v) for v in value.values())
        return sum(texts(v) for v in value) if isinstance(value, list) else 0

    return sum(texts(yaml.safe_load(path.read_text(encoding="utf-8")))
               for kind in RECORD_KINDS if kind.texts for path in sorted((content / kind.name).glob("*.y*ml")))


def test_coverage_of_the_sample():
    strings, texts = interface_strings(), content_texts()
    assert texts > 0
    done = run("coverage")
    assert (done.returncode, done.stdout) == (0, "".join(
        f"{lang}: content 100.0% ({texts}/{texts}), interface 100.0% ({strings}/{strings})\n" for lang in site_languages()))


def test_coverage_lists_what_is_missing(tmp_path):
    import shutil

    shutil.copytree(REPO / "tests/cases/base/content", tmp_path / "content")
    shutil.copy(REPO / "tests/cases/invalid/missing-translation/content/actors/turkey.yaml", tmp_path / "content/actors")
    shutil.copytree(REPO / "locale", tmp_path / "locale")
    done = run("coverage", "--missing", cwd=tmp_path)
    assert done.returncode == 0
    strings = interface_strings()
    assert done.stdout.splitlines()[:4] == [
        f"en: content 100.0% (12/12), interface 100.0% ({strings}/{strings})",
        f"ar: content 83.3% (10/12), interface 100.0% ({strings}/{strings})",
        "  actors/turkey.name",
        "  actors/turkey.description",
    ]
