"""Render: the linked model into one Markdown tree per language, through Jinja.

One Jinja environment per language, made by `make_env`; templates get view data
from `sitegen.pages.views`. Rendering returns the tree in memory; writing is `sitegen.build.write`.
"""

from __future__ import annotations

import functools
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from babel import Locale
from markupsafe import Markup, escape

from . import facets, urls
from .i18n import ConstantTranslations, Formatter, direction, language_name, load_translations
from .labels import CLAIM_SENTENCES, LABELS, RELATIONS
from .chart import Charts
from .maps import Maps, data as maps_data, item as maps_item, items_data as maps_items_data
from .deps import Recorder, TrackedModel
from ..content.link import Model
from .text import inline_markdown, markdown, md_escape
from .packed import Pages
from .pagekinds import PAGE_KINDS, page_slice, pages_of
from .views import Label, Link, Views

FSI, PDI = "\u2068", "\u2069"


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
    maps = Maps(translations.gettext, helpers.label, helpers.link, fmt.number)
    env.filters.update(
        markdown=markdown,
        inline_markdown=inline_markdown,
        md=md_escape,
        label=helpers.label,
        number=fmt.number,
        yaml=yaml_string,
        link=helpers.link,
        text=helpers.text,
        isolate=isolate,
        names=lambda names, names_lang: escape(_comma(locale_dir, names_lang)).join(map(isolate, names)),
    )
    env.globals.update(
        place_map=maps.html,
        event_map=maps.overview,
        timeline=Charts(lang, translations.gettext, translations.ngettext, fmt.number, direction(lang) == "rtl").html,
        h=helpers.heading,
        front=helpers.front,
        figure_value=helpers.figure_value,
        claim_sentence=helpers.claim_sentence,
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


def formatter(lang: str, locale_dir: Path, region: str | None = None) -> Formatter:
    """The language's `Formatter`, as `make_env` makes it, without a Jinja environment (whose
    shared macros are compiled when it is made): for data made in Python only."""
    return Formatter(lang, load_translations(locale_dir, lang), region)


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
        self.figures: dict[tuple, Markup] = {}
        self.order_note = escape(translations.gettext("Latest first: by end date, then start date, then title."))

    def label(self, key: str) -> str:
        return self.labels[key]

    def text(self, label: Label) -> Markup:
        return label_html(label, self.note)

    def heading(self, label: Label) -> Markup:
        """A page title in its Markdown heading: escaped as HTML and as Markdown."""
        return label_html(label, self.heading_note, md_escape)

    def front(self, title: Label, description: Label | str | None = None) -> Markup:
        """The page's front matter: its title, which MkDocs puts in `<title>` beside the site's
        name, between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE (no element
        can isolate a text there), and, given a summary or description (content Markdown), the
        first words of its text as the page's meta description."""
        lines = f"title: {yaml_string(FSI + title.text + PDI)}\n"
        text = description.text if isinstance(description, Label) else description
        if text:
            lines += f"description: {yaml_string(plain_summary(text))}\n"
        return Markup(f"---\n{lines}---")

    def link(self, link: Link) -> Markup:
        if link not in self.links:
            self.links[link] = Markup(f'<a href="{escape(link.url)}">{label_html(link.label, self.note)}</a>')
        return self.links[link]

    def figure_value(self, figure) -> Markup:
        """'34', 'at least 122', 'at most 5' or '950,000–960,000 (best estimate 955,000)': an
        estimate (a figure's or a total's `value`) with every bound it has."""
        value = figure.value
        key = (value.form, value.low, value.high, value.best)
        if key not in self.figures:
            self.figures[key] = self._figure_value(value)
        return self.figures[key]

    def _figure_value(self, value) -> Markup:
        if value.form == "at-least":
            text = Markup(self.gettext("at least %(n)s")) % {"n": value.low}
        elif value.form == "at-most":
            text = Markup(self.gettext("at most %(n)s")) % {"n": value.high}
        elif value.form == "between":
            text = Markup(self.gettext("%(low)s–%(high)s")) % {"low": value.low, "high": value.high}
        else:
            text = escape(value.low)
        if value.best is not None:
            text += Markup(" ") + Markup(self.gettext("(best estimate %(n)s)")) % {"n": value.best}
        return text

    def claim_sentence(self, claim) -> Markup:
        """A claim as an attributed statement whose grammar does not depend on the claimant's
        number or case: "Denied by X — the statement denied: “...”". The catalogs own each
        sentence and the language's quotation marks."""
        text = claim.text
        body = Markup('<span lang="{0}" dir="{1}">{2}</span>').format(text.lang, direction(text.lang), inline_markdown(text.text)) \
            if text.fallback else inline_markdown(text.text)
        quoted = Markup(self.gettext("“%(text)s”")) % {"text": body}
        sentence = Markup(self.gettext(CLAIM_SENTENCES[claim.stance])) % {"claimant": self.link(claim.claimant), "text": quoted}
        return Markup('<span class="sg-claim sg-{0}">{1}</span>').format(claim.stance, sentence)

    def event_list(self, items) -> Markup:
        """A page's listing, in the one order of every listing (`sitegen.content.order`), which it
        states; its items are markup already, so they are joined as plain text."""
        lines = "".join([f"{self.event_li(item)}\n" for item in items])
        return Markup(f'<p class="sg-order">{self.order_note}</p>\n<ul class="sg-events">\n{lines}</ul>')

    def event_li(self, item) -> Markup:
        """One event in a listing, made once per event, page depth and note."""
        if item.key not in self.items:
            places = "".join([f"{self.semicolon}{self.link(p)}" for p in item.places])
            self.items[item.key] = Markup(f"<li><time>{escape(item.date)}</time> — {self.link(item.link)} "
                                          f"<small>({self.link(item.type_link)}{places})</small>{self.item_note(item.note)}</li>")
        return self.items[item.key]

    def item_note(self, note) -> Markup:
        """"continuing" on a month page; "via" the parts of an actor that took part."""
        if note is None:
            return Markup("")
        if note.kind == "continuing":
            return Markup(' <em class="sg-continuing">{0}</em>').format(self.gettext("continuing from an earlier month"))
        actors = Markup(escape(self.gettext(", "))).join(self.link(link) for link in note.links)
        return Markup(' <em class="sg-via">{0}</em>').format(Markup(escape(self.gettext("through %(actors)s"))) % {"actors": actors})


def label_html(label: Label, note: Markup, inert=escape) -> Markup:
    """A content text, isolated from the text around it (a `<bdi>`, or a fallback's element
    with its own `lang` and `dir`): whatever direction it has, and whatever bidi controls it
    holds, cannot reorder the page's own words (Unicode Bidirectional Algorithm, UAX #9:
    an isolate is one neutral character to what surrounds it). A fallback carries its own
    language and direction and a 'not translated yet' note."""
    if not label.fallback:
        return Markup(f"<bdi>{inert(label.text)}</bdi>")
    return Markup(f'<span lang="{escape(label.lang)}" dir="{escape(direction(label.lang))}">{inert(label.text)}</span> '
                  f'<small class="sg-untranslated">({note})</small>')


def isolate(text: str, direction: str = "") -> Markup:
    """A content text inline, isolated: `<bdi>` (its direction found from its first strong
    character), or a `<span dir>` of a known direction (a URL, numbers: `ltr`)."""
    if direction:
        return Markup(f'<span dir="{escape(direction)}">{escape(text)}</span>')
    return Markup(f"<bdi>{escape(text)}</bdi>")


def plain_summary(source: str, limit: int = 160) -> str:
    """Content Markdown as plain text of at most `limit` characters, cut at a word with '…'
    (search engines show about 160 characters of a meta description)."""
    text = " ".join(re.sub(r"<[^>]*>", " ", str(markdown(source))).split())
    text = html.unescape(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.") + "…"


def search_names(names: list[Label]) -> Markup:
    """A record's names in every language and script, hidden from readers but indexed by
    Pagefind with the highest weight: a name typed in any script finds the record from
    every language's search. The page is filtered as a record (`kind:record`): the search
    box lists records before other pages (tags, the guide) that only mention them."""
    spans = " ".join(f'<span lang="{escape(n.lang)}" dir="{direction(n.lang)}">{escape(n.text)}</span>' for n in names)
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
    each rendered page read from the model (see `sitegen.pages.deps`)."""

    paths: tuple[str, ...]
    pages: Pages  # path -> Markdown, held compressed (`sitegen.pages.packed`)
    reads: dict[str, frozenset[str]]


def render_language(model: Model, lang: str, templates: Path, locale_dir: Path, extra_pages: dict[str, str],
                    only=None, site_url: str | None = None, own_pages: dict[str, str] | None = None) -> Rendered:
    """The pages of one language, all of them or those `only(path)` accepts; `site_url`
    (mkdocs.yml's, ending in "/"), when known, makes the permalinks of citations absolute.
    `extra_pages` ({path: Markdown}) are kept in the default language (the editors' guide):
    in another language they get a note saying so; `own_pages` were made in `lang` by the
    caller (the Data page) and are taken as they are."""
    env, fmt = make_env(lang, templates, locale_dir, model.content.site.locale(lang))
    recorder = Recorder()
    views = Views(TrackedModel(model, recorder), lang, fmt, site_url=site_url)
    registry = urls.PathRegistry()
    pages = Pages()
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
        pages[path] = _after_front_matter(note, text)
        reads[path] = frozenset()
    for path, text in (own_pages or {}).items():
        registry.claim(path, "data")
        pages[path] = text
        reads[path] = frozenset()
    return Rendered(tuple(sorted(registry.owners)), pages.sorted(), reads)


def map_data(model: Model, lang: str, templates: Path, locale_dir: Path, kept=None) -> bytes:
    """The language's `map.json`: the points of its Map page (`sitegen.pages.maps.data`).
    `kept`: page number -> the entries (`maps.item`) that page's points had in the last
    build's `map.json`, for the pages of the Map page's list whose inputs did not change
    (`sitegen.build.language`); those are taken as they are when they are of the very events
    the page shows now, and only the other pages' points are made."""
    fmt = formatter(lang, locale_dir, model.content.site.locale(lang))
    views = Views(TrackedModel(model, Recorder()), lang, fmt).at(urls.MAP)
    if not kept:
        return maps_data(views.map_points())
    entries = []
    for page in range(1, pages_of(model.mapped) + 1):
        shown = page_slice(model.mapped, page)
        old = kept.get(page)
        if old is not None and [e.get("id") if isinstance(e, dict) else None for e in old] == [e for e, _ in shown]:
            entries.extend(old)
        else:
            entries.extend(maps_item(views.map_point(e, p)) for e, p in shown)
    return maps_items_data(entries)


def browse_data(model: Model, lang: str, templates: Path, locale_dir: Path, kept: dict | None = None,
                written: dict | None = None) -> dict[str, bytes]:
    """The language's Browse page files (`sitegen.pages.facets.data`): each event's link from the
    Browse page and its title in the language. `kept`: event id -> what the last build's files
    held of it (`facets.read_back`), for events whose pages read nothing that changed
    (`sitegen.build.language`): taken as they are, only the others' made; `written`: the last
    files' runs of events (`facets.read_back`), taken for the values whose events' numbers
    are the same."""
    fmt = formatter(lang, locale_dir, model.content.site.locale(lang))
    views = Views(TrackedModel(model, Recorder()), lang, fmt).at(urls.BROWSE)
    kept = {e: held for e, held in (kept or {}).items()  # an entry of another event is never taken
            if held[1][:1] == [views.href(urls.entity("event", e))]}
    return facets.files_of(model, [None if e in kept else views.event_link(e) for e in model.latest], kept, written)


def _after_front_matter(note: str, text: str) -> str:
    """`text` with `note` after its front matter (a `---` block at its very start), if any:
    before it, the front matter would no longer be read as such."""
    if note and text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end != -1:
            return text[:end + 5] + "\n" + note + text[end + 5:]
    return note + text


def _untranslated_page(env: jinja2.Environment) -> str:
    """The note above a page kept in the default language only (the editors' guide)."""
    text = env.constant_gettext("This text is not translated yet; it is shown in its original language.")
    return f'<p class="sg-untranslated">{escape(text)}</p>\n\n'


def _pages(model: Model):
    """(path, template, view maker) of every page of every kind (`sitegen.pages.pagekinds`). The
    pages are listed from the model itself; their views see only the tracked one."""
    for kind in PAGE_KINDS:
        for path, key, page in kind.pages(model):
            yield path, kind.template, functools.partial(kind.view, key=key, page=page)
