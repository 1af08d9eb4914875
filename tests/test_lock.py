"""What `make`, .ci/run and the GitHub workflow install is pinned: constraints.txt names an
exact version of every package the project needs, the environment the tests run in has
exactly those, and every install command uses the file."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from helpers import REPO


def _pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep and version, f"not an exact pin: {line}"
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_every_requirement_is_pinned_and_installed_at_its_pin():
    pins = _pins()
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    for requirement in wanted:
        name = re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)).lower()
        assert name in pins, f"{name} is not in constraints.txt"
    for name, version in pins.items():
        assert metadata.version(name) == version, f"{name}: installed {metadata.version(name)}, pinned {version}"


def test_every_install_uses_the_constraints():
    assert "pip install --quiet -c constraints.txt -e '.[test]'" in (REPO / "Makefile").read_text()
    assert "make test" in (REPO / ".ci/run").read_text()
    assert "pip install -c constraints.txt ." in (REPO / ".github/workflows/site.yml").read_text()
