"""What sitegen sets over the root `mkdocs.yml` for each language, and how it reads that file."""

from __future__ import annotations

from pathlib import Path

from ..pages.i18n import language_name
from ..pages.pagekinds import KEYED_HUBS, SHELL_FOLDER_HUBS, SHELL_FOLDERS, is_hub
from .project import BuildError

# Folders of pages that MkDocs does not build itself: they are filled into page shells
# (sitegen.build.shell). Their index pages are hubs and stay with MkDocs. Derived from the page
# kinds (`sitegen.pages.pagekinds`): the folders of every kind that is not a hub.
ENTITY_FOLDERS = SHELL_FOLDERS


def entity_excludes() -> str:
    """MkDocs `exclude_docs` patterns (gitignore style) keeping only hubs and shells: every
    shell folder excluded, then its hubs let in again (the last pattern that matches wins)."""
    hubs = sorted(SHELL_FOLDER_HUBS) + [k.path.replace("{key}", "*") for k in KEYED_HUBS]
    lines = [f"/{folder}/*" for folder in ENTITY_FOLDERS] + [f"!/{path}" for path in hubs]
    return "\n".join(lines) + "\n"


def read_base(path: Path) -> dict:
    """`mkdocs.yml` as MkDocs' own YAML loader reads it (`!ENV`, `!relative`, `INHERIT` and
    Python tags included), unvalidated. Raises BuildError `path:line:col: error: ...`
    for a file that cannot be read or parsed."""
    from mkdocs import exceptions
    from mkdocs.utils.yaml import yaml_load

    from .engine import yaml_error

    try:
        with path.open("rb") as handle:
            return yaml_load(handle) or {}
    except exceptions.ConfigurationError as err:
        raise BuildError(yaml_error(path, str(err))) from None
    except OSError as err:
        raise BuildError(f"{path}: error: cannot read it: {err.strerror}") from None


def language_extra(lang: str, languages: tuple[str, ...], search: dict) -> dict:
    """What one language's build sets in `extra`: the language selector's entries and the
    search box's words (`sitegen.pages.labels.search_strings`), which the theme embeds in every page."""
    return {
        # The selector (templates/theme/partials/alternate.html) lists `languages`.
        # `alternate` is only switched on, not a list: Material would print a list as
        # home-only hreflang links beside the sitemap's per-page ones, and its script
        # fetches a sitemap.xml beside every such link. Material's header shows the
        # selector when `alternate` is true; its head prints links only for an iterable.
        "alternate": True,
        "languages": [{"name": language_name(other), "link": f"../{other}/", "lang": other} for other in languages],
        "search": search,
        "og_locale": og_locale(lang),
    }


def og_locale(lang: str) -> str:
    """Open Graph's `language_TERRITORY` for a language code, from CLDR's likely subtags
    (ar -> ar_EG, tr -> tr_TR, en -> en_US)."""
    from babel.core import get_global

    parts = str(get_global("likely_subtags").get(lang, lang)).split("_")
    territory = [p for p in parts[1:] if len(p) == 2 or p.isdigit()]
    return f"{parts[0]}_{territory[0]}" if territory else parts[0]
