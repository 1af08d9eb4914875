"""Per-language MkDocs configurations derived from the root `mkdocs.yml`."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from .i18n import direction, language_name
from .labels import PERMANENT_LINK

# Folders of pages that MkDocs does not build itself: they are filled into page shells
# (sitegen.shell). Their index pages are hubs and stay with MkDocs.
ENTITY_FOLDERS = ("events", "places", "actors", "sources", "chronology", "tags")


def entity_excludes() -> str:
    """MkDocs `exclude_docs` patterns (gitignore style) keeping only hubs and shells."""
    lines = []
    for folder in ENTITY_FOLDERS:
        lines += [f"/{folder}/*", f"!/{folder}/index.md"]
    return "\n".join(lines) + "\n"


def is_hub(path: str) -> bool:
    """Whether MkDocs builds the page itself (rather than it being filled into a shell)."""
    folder, _, rest = path.partition("/")
    return folder not in ENTITY_FOLDERS or rest == "index.md"


def read_base(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def language_config(base: dict, lang: str, languages: tuple[str, ...], title: str,
                    docs_dir: Path, site_dir: Path, theme_dir: Path, gettext, search: dict,
                    theme_words: dict | None = None) -> dict:
    """The base configuration, set up for one language's build; `search` holds the search
    box's words (`sitegen.labels.search_strings`), which the theme embeds in every page, and
    `theme_words` the theme's own (`sitegen.labels.theme_strings`)."""
    config = copy.deepcopy(base)
    config.update(site_name=title, docs_dir=str(docs_dir), site_dir=str(site_dir))
    theme = config.setdefault("theme", {})
    theme["language"] = lang
    theme["custom_dir"] = str(theme_dir)
    theme["direction"] = direction(lang)
    extra = config.setdefault("extra", {})
    extra["alternate"] = [
        {"name": language_name(other), "link": f"../{other}/", "lang": other} for other in languages
    ]
    extra["search"] = search
    if theme_words is not None:
        extra["words"] = theme_words
        for item in config.get("markdown_extensions") or []:
            if isinstance(item, dict) and isinstance(item.get("toc"), dict) and item["toc"].get("permalink"):
                item["toc"]["permalink_title"] = gettext(PERMANENT_LINK)
    config["nav"] = [_translate_nav(item, gettext) for item in config.get("nav", [])]
    return config


def _translate_nav(item, gettext):
    if isinstance(item, dict):
        return {gettext(title): _translate_nav(value, gettext) for title, value in item.items()}
    if isinstance(item, list):
        return [_translate_nav(value, gettext) for value in item]
    return item


def dump_config(config: dict) -> str:
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=True)
