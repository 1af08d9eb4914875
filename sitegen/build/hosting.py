"""Where the site is published, and what hosts and search engines read at its root.

`site_url` in `mkdocs.yml` (MkDocs' own setting, the one place it is read from) is the
absolute URL the site folder is published at, such as `https://example.github.io/repo/`
for a GitHub Pages project site. Each language is then built with `<site_url><lang>/`
(`sitegen.build.language`): canonical links and the sitemaps name real URLs.
Without it the build warns once and writes nothing that needs it (no canonical links,
no sitemap entries, no sitemap index, no `Sitemap:` line in robots.txt).

At the root of the site this module writes `robots.txt`, `sitemap.xml` (an index of the
languages' sitemaps) and `404.html`. Hosts serve the root `404.html` for every missing
URL, at whatever depth and under whatever sub-path it was asked, so it is a standalone
page (no stylesheet or script of its own to fetch) that sends the reader to their
language's 404 page, `<lang>/404/` (a page of the site, built with the others: styled,
translated, with search and the main links). `<lang>/404.html` is the same page for
hosts that serve the nearest one.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from .project import BuildError
from ..pages.i18n import direction, language_name, load_translations
from ..pages.sitemap import sitemap_index
from .write import write_if_changed

# The characters a URL may hold as written (RFC 3986, section 2: unreserved, reserved and '%'),
# but the apostrophe. MkDocs' and Material's templates put site_url into pages unescaped
# (`<link rel="canonical" href="{{ page.canonical_url }}">`, `og:url`) and sitegen writes it
# into robots.txt's lines: a quote, '<', a space or a line break there would end the attribute
# or the line, so a site_url holding one is refused (non-ASCII: percent-encode it).
URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]*\Z")
NOT_FOUND_PAGE = "404.md"  # in every language: the page the 404 redirects send readers to
NO_SITE_URL = ("warning: mkdocs.yml sets no site_url: pages get no canonical link and the sitemaps "
               "no entries; set it to the URL the site is published at (see README, \"Publishing\")")


def site_url(base: dict, source: Path | None = None) -> str | None:
    """The published site's root URL from a `mkdocs.yml` mapping (read from `source`),
    ending in '/'; None when unset. Raises BuildError `source:line:col: error: ...` for a
    value that is not an absolute http(s) URL, has a query or fragment, holds a character
    a URL does not (`URL_CHARACTERS`: a space, a quote, '<', a line break, non-ASCII), or
    whose path has an empty, `.` or `..` segment (the 404 pages link and send readers to
    `root_path`, and a path `//evil.example/` is another host to a browser), or that holds a
    user name or password (`https://user:token@host/`: every page would publish it)."""
    value = base.get("site_url")
    if value in (None, ""):
        return None
    parts = urlsplit(str(value))
    if "@" in parts.netloc:  # not quoted back: the message would print the secret into a CI log
        raise BuildError(f"{_where(source, 'site_url')}: error: site_url holds a user name or password, which "
                         "every page would publish; give the address readers use")
    if not isinstance(value, str) or parts.scheme not in ("http", "https") or not parts.netloc \
            or parts.query or parts.fragment or not URL_CHARACTERS.match(value) \
            or "//" in parts.path or any(s in (".", "..") for s in parts.path.split("/")):
        raise BuildError(f"{_where(source, 'site_url')}: error: site_url must be an absolute http(s) URL such as "
                           f"'https://example.github.io/repo/', not {str(value)!r}")
    return value if value.endswith("/") else value + "/"


def _where(source: Path | None, key: str) -> str:
    """`file:line:col` of a top-level key in a YAML file (just `file` if not found there)."""
    if source is None:
        return "mkdocs.yml"
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return str(source)
    for number, line in enumerate(lines, 1):
        if line.startswith(f"{key}:"):
            return f"{source}:{number}:{len(key) + 3}"
    return str(source)


def root_path(root: str | None) -> str | None:
    """The path part of `site_url` ('/repo/'), which links from a 404 page can start with."""
    return urlsplit(root).path if root else None


def robots(root: str | None) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if root:
        lines.append(f"Sitemap: {root}sitemap.xml")
    return "\n".join(lines) + "\n"


def not_found_texts(locale: Path, languages) -> dict[str, dict[str, str]]:
    """Per language, the few words of the 404 redirect page, from the project's catalogs."""
    from ..pages.notfound import TITLE, MOVED, HOME

    texts = {}
    for lang in languages:
        gettext = load_translations(locale, lang).gettext
        texts[lang] = {"title": gettext(TITLE), "text": gettext(MOVED), "home": gettext(HOME),
                       "name": language_name(lang), "dir": direction(lang)}
    return texts


def not_found_redirect(templates: Path, texts: dict[str, dict[str, str]], languages, default: str,
                       root: str | None, lang: str | None = None) -> str:
    """The root `404.html` (lang None: the reader's language is read from the missing URL,
    else from the browser) or a language's `<lang>/404.html`."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True)
    shown = [lang] if lang else list(languages)
    return env.get_template("404-redirect.html.j2").render(
        codes=list(languages), default=default, lang=lang, root=root_path(root),
        texts=[{"code": code, **texts[code]} for code in shown], page_lang=lang or default,
    )


def root_files(templates: Path, locale: Path, languages, default: str, root: str | None,
               epoch: int) -> dict[str, str | None]:
    """The files at the site's root: robots.txt, the sitemap index (None, to remove it,
    without a site_url) and the root 404.html. Made before the new site is put in place,
    so that a template error leaves the old site as it was."""
    texts = not_found_texts(locale, languages)
    return {
        "robots.txt": robots(root),
        "sitemap.xml": sitemap_index(root, tuple(languages), epoch) if root else None,
        "404.html": not_found_redirect(templates, texts, languages, default, root),
    }


def write_root(site: Path, files: dict[str, str | None]) -> None:
    for name, text in files.items():
        if text is None:
            (site / name).unlink(missing_ok=True)
        else:
            write_if_changed(site / name, text)
