"""What besides the records shapes a built page, for the build's inputs digest
(`sitegen.build.run._inputs_digest`): any change to these means a cold build.

- The installed versions of the packages whose code writes pages: MkDocs, Material and
  its extensions, Python-Markdown, Jinja, Babel, Pagefind and the rest below. Upgrading
  one changes pages without changing a file in the project.
- The files `mkdocs.yml` names: its hooks, the theme's `custom_dir`, and an `INHERIT`ed
  parent configuration.
- sitegen's own code, every stage's (`code_files`), which the check cache and the shards'
  fingerprint digest too.
"""

from __future__ import annotations

import re
from pathlib import Path

CODE = Path(__file__).resolve().parent.parent  # the sitegen package, all of its stages


def code_files() -> list[Path]:
    """Every source file of the sitegen package, in every stage's folder, sorted."""
    return sorted(p for p in CODE.rglob("*.py") if "__pycache__" not in p.parts)


# The distributions whose code shapes the pages (and the search bundles).
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-material-extensions", "pymdown-extensions", "markdown",
            "jinja2", "markupsafe", "babel", "markdown-it-py", "pyyaml", "pagefind", "pagefind-bin")


def versions(packages=PACKAGES) -> tuple[tuple[str, str], ...]:
    """(name, installed version or '-') of each package."""
    from importlib import metadata  # here: `sitegen check` imports this module, and needs no metadata

    found = []
    for name in packages:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, "-"))
    return tuple(found)


def config_files(config_file: Path) -> list[Path]:
    """The files `config_file` names (hooks, custom_dir's files, an INHERIT parent), sorted;
    a file that cannot be read or parsed names none (the build reports it)."""
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    folder = config_file.parent
    try:
        text = config_file.read_text(encoding="utf-8")
        with config_file.open("rb") as handle:
            data = yaml_load(handle) or {}
    except (OSError, UnicodeDecodeError, ConfigurationError):
        return []
    named = [folder / str(hook) for hook in data.get("hooks") or [] if isinstance(hook, str)]
    parent = re.search(r"^INHERIT:\s*['\"]?([^'\"\n]+)", text, re.M)
    if parent:
        named.append(folder / parent.group(1).strip())
    theme = data.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and (folder / custom).is_dir():
        named += [p for p in (folder / custom).rglob("*") if p.is_file()]
    return sorted(set(named))
