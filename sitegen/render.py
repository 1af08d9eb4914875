"""Render: the linked model into one Markdown tree per language, through Jinja.

One Jinja environment per language, made by `make_env`; templates get view data
from `sitegen.views`. Rendering returns the tree in memory; writing is `sitegen.write`.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import jinja2
from babel import Locale
from markupsafe import Markup, escape

from . import urls
from .i18n import ConstantTranslations, Formatter, direction, language_name, load_translations
from .labels import LABELS, RELATIONS
from .deps import Recorder, TrackedModel
from .link import Model, month_of
from .text import inline_markdown, markdown, md_escape
from .views import PAGE_SIZE, Label, Link, Views


def make_env(lang: str, templates: Path, locale_dir: Path, region: str | None = None
             ) -> tuple[jinja2.Environment, Formatter]:
    """A Jinja environment for one language, with its Babel translations installed; `region`
    is the CLDR locale of its dates when not the language's own (`Site.locale`)."""
    translations = load_translations(locale_dir, lang)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        auto_reload=False,  # made for one render: its templates cannot change meanwhile
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n", ConstantTranslations],
    )
    env.install_gettext_translations(translations, newstyle=True)
    env.constant_gettext = translations.gettext
    fmt = Formatter(lang, translations, region)
    helpers = _Helpers(translations)
    env.filters.update(
        markdown=markdown,
        inline_markdown=inline_markdown,
        md=md_escape,
        label=helpers.label,
        number=fmt.number,
        yaml=yaml_string,
        link=helpers.link,
        text=helpers.text,
        names=lambda names, names_lang: escape(_comma(locale_dir, names_lang)).join(names),
    )
    env.globals.update(
        h=helpers.heading,
        front=helpers.front,
        event_list=helpers.event_list,
        search_names=search_names,
        lang=lang,
        dir=direction(lang),
        relation_label=lambda kind, side: translations.gettext(RELATIONS[kind][side]),
        language_name=language_name,
        language_label=lambda code: Locale.parse(code).get_display_name(region or lang) or code,
        direction=direction,
    )
    env.globals.update(_macros(env))
    return env, fmt


def _macros(env: jinja2.Environment) -> dict:
    """The shared macros of macros.j2, as globals: importing them was a third of the
    Jinja work of a short page. They see the globals set before they are loaded."""
    module = env.get_template("macros.j2").module
    return {name: value for name, value in vars(module).items() if not name.startswith("_")}


class _Helpers:
    """HTML pieces made in Python: they run for every link, title and figure on every page.
    They are f-strings of pieces escaped one by one (or markup already), made markup once."""

    def __init__(self, translations) -> None:
        self.gettext = translations.gettext
        self.note = escape(translations.gettext("not translated yet"))  # as a(), t() always showed it
        self.heading_note = Markup(translations.gettext("not translated yet"))  # as _() in the h macro did
        self.labels = {key: translations.gettext(message) for key, message in LABELS.items()}
        self.semicolon = escape(translations.gettext("; "))
        self.items: dict[tuple[str, int], Markup] = {}
        self.links: dict[Link, Markup] = {}

    def label(self, key: str) -> str:
        return self.labels[key]

    def text(self, label: Label) -> Markup:
        return label_html(label, self.note)

    def heading(self, label: Label) -> Markup:
        """A page title in its Markdown heading: escaped as HTML and as Markdown."""
        return label_html(label, self.heading_note, md_escape)

    def front(self, title: Label) -> Markup:
        return Markup(f"---\ntitle: {yaml_string(title.text)}\n---")

    def link(self, link: Link) -> Markup:
        if link not in self.links:
            self.links[link] = Markup(f'<a href="{escape(link.url)}">{label_html(link.label, self.note)}</a>')
        return self.links[link]

    def event_list(self, items) -> Markup:
        """A page's listing; its items are markup already, so they are joined as plain text."""
        lines = "".join([f"{self.event_li(item)}\n" for item in items])
        return Markup(f'<ul class="sg-events">\n{lines}</ul>')

    def event_li(self, item) -> Markup:
        """One event in a listing, made once per event and page depth."""
        if item.key not in self.items:
            places = "".join([f"{self.semicolon}{self.link(p)}" for p in item.places])
            self.items[item.key] = Markup(f"<li><time>{escape(item.date)}</time> — {self.link(item.link)} "
                                          f"<small>({escape(self.label(item.type))}{places})</small></li>")
        return self.items[item.key]


def label_html(label: Label, note: Markup, inert=escape) -> Markup:
    """A content text; a fallback carries its own language and a 'not translated yet' note."""
    if not label.fallback:
        return inert(label.text)
    return Markup(f'<span lang="{escape(label.lang)}" dir="{escape(direction(label.lang))}">{inert(label.text)}</span> '
                  f'<small class="sg-untranslated">({note})</small>')


def search_names(names: list[Label]) -> Markup:
    """A record's names in every language and script, hidden from readers but indexed by
    Pagefind with the highest weight: a name typed in any script finds the record from
    every language's search. The page is filtered as a record (`kind:record`): the search
    box lists records before other pages (tags, the guide) that only mention them."""
    spans = " ".join(f'<span lang="{escape(n.lang)}">{escape(n.text)}</span>' for n in names)
    return Markup(f'<p class="sg-names" hidden data-pagefind-weight="10" data-pagefind-filter="kind:record">'
                  f'{spans}</p>')


@functools.cache
def _comma(locale_dir: Path, lang: str) -> str:
    """The separator of a list of names in their language: ', ' or the Arabic '، ' (the
    catalog's translation of ', '). Names are alternatives (aliases), so no 'and'."""
    return load_translations(locale_dir, lang).gettext(", ")


def yaml_string(text: str) -> Markup:
    """A front-matter value: HTML-escaped, then quoted as YAML (a JSON string is one)."""
    return Markup(json.dumps(str(escape(text)), ensure_ascii=False))


@dataclass(frozen=True)
class Rendered:
    """Pages of one language: every path, the Markdown of those rendered, and what
    each rendered page read from the model (see `sitegen.deps`)."""

    paths: tuple[str, ...]
    pages: dict[str, str]
    reads: dict[str, frozenset[str]]


def render_language(model: Model, lang: str, templates: Path, locale_dir: Path, extra_pages: dict[str, str],
                    only=None) -> Rendered:
    """The pages of one language, all of them or those `only(path)` accepts."""
    env, fmt = make_env(lang, templates, locale_dir, model.content.site.locale(lang))
    recorder = Recorder()
    views = Views(TrackedModel(model, recorder), lang, fmt)
    registry = urls.PathRegistry()
    pages: dict[str, str] = {}
    reads: dict[str, frozenset[str]] = {}
    for path, template, make_view in _pages(model):
        registry.claim(path, template)
        if only is None or only(path):
            with recorder.collect() as tokens:
                view = make_view(views.at(path))
            pages[path] = env.get_template(template).render(page=view, path=path)
            reads[path] = frozenset(tokens)
    note = _untranslated_page(env) if lang != model.content.site.default_language else ""
    for path, text in extra_pages.items():  # written in the default language only
        registry.claim(path, "guide")
        pages[path] = note + text
        reads[path] = frozenset()
    return Rendered(tuple(sorted(registry.owners)), dict(sorted(pages.items())), reads)


def _untranslated_page(env: jinja2.Environment) -> str:
    """The note above a page kept in the default language only (the editors' guide)."""
    text = env.constant_gettext("This text is not translated yet; it is shown in its original language.")
    return f'<p class="sg-untranslated">{escape(text)}</p>\n\n'


def _pages(model: Model):
    yield urls.HOME, "home.md.j2", lambda v: v.home()
    yield urls.ABOUT, "about.md.j2", lambda v: {}
    yield urls.hub("place"), "places.md.j2", lambda v: v.places_hub()
    yield urls.hub("actor"), "actors.md.j2", lambda v: v.kind_hub(v.model.content.actors, v.actor_link)
    yield urls.hub("source"), "sources.md.j2", lambda v: v.kind_hub(v.model.content.sources, v.source_link)
    for event in model.content.events:
        yield urls.entity("event", event.id), "event.md.j2", lambda v, e=event.id: v.event(e)
    for kind, index in (("place", model.events_in_place), ("actor", model.events_by_actor)):
        for ident in getattr(model, kind + "s"):
            for page in range(1, _pages_of(index.get(ident, ())) + 1):
                yield urls.entity(kind, ident, page), f"{kind}.md.j2", _entity_view(kind, ident, page)
    for tag, ids in model.events_by_tag.items():
        for page in range(1, _pages_of(ids) + 1):
            yield urls.entity("tag", tag, page), "tag.md.j2", _entity_view("tag", tag, page)
    for ident, use in model.source_uses.items():
        for page in range(1, _pages_of(use.events) + 1):
            yield urls.entity("source", ident, page), "source.md.j2", _entity_view("source", ident, page)
    yield urls.CHRONOLOGY, "chronology.md.j2", lambda v: v.chronology()
    for key, ids in model.events_by_month.items():
        year, month = month_of(key)
        for page in range(1, _pages_of(ids) + 1):
            yield urls.month(year, month, page), "month.md.j2", lambda v, a=(year, month, page): v.month(*a)


def _entity_view(kind: str, ident: str, page: int):
    return lambda v: getattr(v, kind)(ident, page)


def _pages_of(items) -> int:
    return max(1, -(-len(items) // PAGE_SIZE))
