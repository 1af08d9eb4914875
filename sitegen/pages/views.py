"""View data: what each page template needs, computed from the linked model.

Templates get these plain values, never the model or a loader. Links are
relative to the page being rendered, so every view is made for one page path.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from types import SimpleNamespace
from typing import NamedTuple

from markupsafe import Markup, escape

from . import facets, maps, urls
from ..content import bidi
from .i18n import Formatter, direction, plural_samples
from ..content.estimate import Estimate
from .collation import sorted_by
from .deps import ALL
from ..content.link import Model, month_key, month_of
from ..content.model import Figure, Text
from .labels import LABELS, N_
from ..content.series import series_of
from ..content.vocab import EVENT_TYPES, GRADES
from .pagekinds import PAGE_SIZE, page_slice, pages_of
from ..content.recordkinds import RECORD_KINDS

HOME_LATEST = 10


class View(SimpleNamespace):
    """What a template gets for a page or a piece of one. Templates read `page.title` as an
    attribute first, so attributes are cheaper for them than dict keys."""


class Label(NamedTuple):
    """A content text in the page's language, or the default language's as a fallback."""

    text: str
    lang: str
    fallback: bool


class Link(NamedTuple):
    url: str
    label: Label


@dataclass(frozen=True)
class Pager:
    page: int
    pages: int
    prev: str | None
    next: str | None


class _Caches:
    """What views share across the pages of one language."""

    def __init__(self) -> None:
        self.pieces: dict[tuple, tuple[View, frozenset[str]]] = {}
        self.links: dict[tuple[str, str, int], Link] = {}


class Views:
    """View makers for one language; `at(path)` fixes the page the links start from."""

    def __init__(self, model: Model, lang: str, fmt: Formatter, path: str = urls.HOME, caches=None,
                 site_url: str | None = None) -> None:
        self.model = model
        self.site_url = site_url
        self.lang = lang
        self.default = model.content.site.default_language
        self.fmt = fmt
        self.path = path
        self.depth = urls.depth(path)
        self.caches = caches or _Caches()
        self.recorder = model.recorder  # a TrackedModel notes what each page reads

    def at(self, path: str) -> "Views":
        return Views(self.model, self.lang, self.fmt, path, self.caches, self.site_url)

    # -- small pieces -------------------------------------------------------------
    def label(self, text: Text | None) -> Label | None:
        if text is None:
            return None
        value, lang = text.get(self.lang, self.default)
        return Label(value, lang, lang != self.lang)

    def link(self, kind: str, ident: str, text: Text) -> Link:
        """A link to a record's page, titled by its name: the same on every page at one
        folder depth, so made once. The caller's read of `text` is what gets recorded."""
        key = (kind, ident, self.depth)
        if key not in self.caches.links:
            self.caches.links[key] = Link(self.href(urls.entity(kind, ident)), self.label(text))
        return self.caches.links[key]

    def href(self, to_path: str) -> str:
        return urls.relative(self.path, to_path)

    def event_link(self, event_id: str) -> Link:
        return self.link("event", event_id, self.model.events[event_id].title)

    def place_link(self, place_id: str) -> Link:
        return self.link("place", place_id, self.model.places[place_id].name)

    def actor_link(self, actor_id: str) -> Link:
        return self.link("actor", actor_id, self.model.actors[actor_id].name)

    def source_link(self, source_id: str) -> Link:
        return self.link("source", source_id, self.model.sources[source_id].name)

    def type_link(self, slug: str) -> Link:
        """A link to an ACLED type's or sub-type's page, titled in the page's language."""
        key = ("type", slug, self.depth)
        if key not in self.caches.links:
            self.caches.links[key] = Link(self.href(urls.event_type(slug)), self.type_label(slug))
        return self.caches.links[key]

    def type_label(self, slug: str) -> Label:
        return Label(self.fmt.gettext(LABELS[slug]), self.lang, False)

    def names(self, *texts: Text | None, aliases=()) -> list[Label]:
        """Every name of a record in every language (its names, then its aliases), each
        once: searchable from every language's search whatever the script typed."""
        found: dict[str, str] = {}
        for text in texts:
            for lang, value in text.values if text is not None else ():
                found.setdefault(value, lang)
        for lang, names in aliases:
            for value in names:
                found.setdefault(value, lang)
        return [Label(value, lang, lang != self.lang) for value, lang in found.items()]

    def tag_link(self, tag: str) -> Link:
        return self.link("tag", tag, self.model.content.site.tag_name(tag))

    def monthly(self, key: str, page: int = 1) -> tuple:
        """Events per month for a timeline chart (`sitegen.pages.chart`), on a listing's first page."""
        return self.model.monthly.get(key, ()) if page == 1 else ()

    def map_of(self, place_ids) -> View:
        """A map's places (`sitegen.pages.maps`): each linked, with its kind and coordinates."""
        places = [View(link=self.place_link(p), kind=self.model.places[p].kind,
                       coordinates=self.model.places[p].coordinates) for p in place_ids]
        return View(places=places, settings=self.model.content.site.map)

    def event_map(self, page: int = 1) -> View:
        """A page of the Map page's list: the points of `Model.mapped` (an event's first place
        with coordinates, as the CSV export's latitude and longitude) shown on page `page`,
        in the listing order, `PAGE_SIZE` a page (the map without script: the whole list
        would make the page grow with the events); `mapped` how many events are on the map,
        `total` how many there are; `data` the link to the language's `map.json`
        (`sitegen.pages.maps.data`, every point), for the map on the first page."""
        m = self.model
        shown, pager, mapped = self.paged("mapped", ALL, page, urls.map_page)
        return View(points=[self.map_point(e, p) for e, p in shown], mapped=mapped, total=len(m.events),
                    pager=pager, settings=m.content.site.map, data=urls.language_file(urls.MAP_DATA, self.path))

    def map_points(self) -> list[View]:
        """Every point of the Map page (`Model.mapped`), for `map.json`."""
        return [self.map_point(e, p) for e, p in self.model.mapped]

    def map_point(self, event_id: str, place_id: str) -> View:
        event, place = self.model.events[event_id], self.model.places[place_id]
        lat, lon = place.coordinates
        metres = maps.radius(place.kind, event.location_precision)
        note = self.fmt.gettext("approximate: within about %(km)s km") % {"km": self.fmt.number(metres // 1000)} \
            if metres else ""
        return View(id=event_id, link=self.event_link(event_id), date=self.fmt.date(event.date),
                    type_link=self.type_link(event.type), place=self.place_link(place_id), lat=lat, lon=lon,
                    radius=metres, note=note)

    def tag(self, tag: str, page: int) -> View:
        events, pager, total = self.paged("events_by_tag", tag, page, lambda n: urls.entity("tag", tag, n))
        return View(title=self.label(self.model.content.site.tag_name(tag)), events=[self.event_item(e) for e in events],
                    total=total, pager=pager)

    def shared(self, key: tuple, make) -> View:
        """A piece that is the same on every page at one folder depth, so made once; what it
        read still counts as read by each page that shows it."""
        key = (*key, self.depth)
        if key not in self.caches.pieces:
            with self.recorder.collect() as tokens:
                piece = make()
            self.caches.pieces[key] = piece, frozenset(tokens)
        piece, tokens = self.caches.pieces[key]
        self.recorder.update(tokens)
        return piece

    def event_item(self, event_id: str) -> View:
        """An event in a listing."""
        return self.shared(("event", event_id), lambda: self._event_item(event_id))

    def _event_item(self, event_id: str) -> View:
        event = self.model.events[event_id]
        return View(
            key=(event_id, self.depth),
            link=self.event_link(event_id),
            date=self.fmt.date(event.date),
            type=event.type,
            type_link=self.type_link(event.type),
            places=[self.place_link(p) for p in event.places],
            note=None,
        )

    def noted_item(self, event_id: str, kind: str, links: tuple[Link, ...] = ()) -> View:
        """An event in a listing with a note: "continuing" (from an earlier month), or
        "via" the actors that took part for the page's actor (its parts)."""
        item = self.event_item(event_id)
        note = View(kind=kind, links=links)
        return View(**{**vars(item), "key": (*item.key, kind, links), "note": note})

    def phrase(self, kind: str, estimate: Estimate) -> str:
        """An estimate of a kind of harm as one phrase whose number and noun agree in the
        page's language ('at least 122 killed', '122 قتيلاً على الأقل'; `Formatter.figure`)."""
        form = "best" if estimate.best is not None else estimate.form
        return self.fmt.figure(kind, form, estimate.low, estimate.high, estimate.best)

    def value(self, estimate: Estimate) -> View:
        """An estimate's numbers in the page's language, and its form (see `sitegen.content.estimate`)."""
        number = self.fmt.number
        return View(
            form=estimate.form,
            low=number(estimate.low) if estimate.low is not None else None,
            high=number(estimate.high) if estimate.high is not None else None,
            best=number(estimate.best) if estimate.best is not None else None,
        )

    def figure(self, figure: Figure, event_id: str | None = None, history: tuple[Figure, ...] = ()) -> View:
        return View(
            source=self.source_link(figure.source),
            kind=figure.kind,
            group=figure.group,
            value=self.value(figure.estimate),
            phrase=self.phrase(figure.kind, figure.estimate),
            as_of=self.fmt.date(figure.as_of) if figure.as_of else None,
            event=self.event_link(event_id) if event_id else None,
            document=self.document(figure, event_id),
            history=[self.figure(f, event_id) for f in history],
        )

    def document(self, item, event_id: str | None) -> View | None:
        """The document a figure or claim names: its url and date, or its excerpt (shown on
        the event's page, so linked there)."""
        if item.url:
            return View(url=item.url, date=self.fmt.date(item.date) if item.date else None, excerpt=False)
        if item.excerpt:
            excerpt = self.model.excerpts[item.excerpt]
            target = urls.entity("event", event_id)
            page = "" if target == self.path else self.href(target)
            return View(url=f"{page}#excerpt-{excerpt.id}", date=self.fmt.date(excerpt.published), excerpt=True)
        return None

    def series(self, event_id: str) -> list[View]:
        """An event's figures: the latest of each series, with the earlier ones as its history."""
        event = self.model.events[event_id]
        return [self.figure(s.latest, event_id, s.history) for s in series_of(event.figures)]

    def paged(self, name: str, key: str, page: int, path_of) -> tuple[tuple, Pager, int]:
        """Page `page` of the model's listing `name`[key] (`sitegen.pages.deps.TrackedModel.listing`):
        the items shown, the pager, the listing's length. Reads only the page's slice and the
        length, so the page is rendered again only when they change."""
        shown, total = self.model.listing(name, key, page)
        return shown, self.pager(page, total, path_of), total

    def pager(self, page: int, total: int, path_of) -> Pager:
        """The pager of page `page` of a listing of `total` items, `PAGE_SIZE` a page."""
        pages = pages_of(range(total))
        prev = self.href(path_of(page - 1)) if page > 1 else None
        nxt = self.href(path_of(page + 1)) if page < pages else None
        return Pager(page, pages, prev, nxt)

    # -- pages --------------------------------------------------------------------
    def event(self, event_id: str) -> View:
        m = self.model
        event = m.events[event_id]
        roles: dict[str, list[Link]] = {}
        for part in event.actors:
            roles.setdefault(part.role, []).append(self.actor_link(part.actor))
        return View(
            title=self.label(event.title),
            names=self.names(event.title),
            date=self.fmt.date(event.date),
            date_value=str(event.date),
            type=event.type,
            sub_type=event.sub_type,
            type_link=self.type_link(event.type),
            sub_type_link=self.type_link(event.sub_type),
            places=[self.place_with_parents(p) for p in event.places],
            location_precision=event.location_precision,
            map=self.map_of(event.places),
            roles=list(roles.items()),
            summary=self.label(event.summary),
            figures=self.series(event_id),
            claims=[self.claim(c) for c in event.claims],
            excerpts=[self.excerpt(x) for x in m.excerpts_by_event.get(event.id, ())],
            citations=[self.citation(c) for c in event.sources],
            related=[self.related(r) for r in event.related],
            tags=[self.tag_link(t) for t in event.tags],
            grade=event.grade,
            updated=self.fmt.date(event.updated) if event.updated else None,
            corrections=[View(date=self.fmt.date(c.date), text=self.label(c.text)) for c in event.corrections],
            about=self.href(urls.ABOUT),
            cite=self.cite(event_id),
            facets=(facets.EVENT, *facets.event_values(m, event_id)),
            sort=facets.sort_value(m, event_id),
        )

    def cite(self, event_id: str) -> View:
        """How to cite the event: its permalink in every language, a plain-text reference and
        CSL-JSON (the citation format of Zotero and citeproc)."""
        m = self.model
        event, site = m.events[event_id], m.content.site
        base = self.site_url
        path = urls.url(urls.entity("event", event_id))
        links = [(lang, f"{base.rstrip('/') if base else ''}/{lang}/{path}") for lang in site.languages]
        here = dict(links)[self.lang]
        title, site_title = self.label(event.title), self.label(site.title)
        # the plain-text reference as HTML: each content text isolated in a <bdi> of its own
        # language and direction, so a bidi control in it reaches nothing after it
        quoted = Markup(escape(self.fmt.gettext("“%(text)s”"))) % {"text": _bdi(title)}
        text = Markup('%s, %s (%s). <span dir="ltr">%s</span>') % (_bdi(site_title), quoted, self.fmt.date(event.date), here)
        csl = {"id": event_id, "type": "webpage", "title": title.text, "container-title": site_title.text, "URL": here,
               "language": self.lang}
        if event.updated and event.updated.start:
            csl["issued"] = {"date-parts": [[part for part in (event.updated.start.year, event.updated.start.month,
                                                               event.updated.start.day) if part]]}
        csl_json = bidi.CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(csl, ensure_ascii=False, indent=1))
        return View(links=links, text=text, csl=csl_json)

    def place_with_parents(self, place_id: str) -> View:
        return self.shared(("place with parents", place_id), lambda: self._place_with_parents(place_id))

    def _place_with_parents(self, place_id: str) -> View:
        parents = [self.place_link(p) for p in reversed(self.model.ancestors[place_id])]
        return View(link=self.place_link(place_id), parents=parents)

    def claim(self, claim, event_id: str | None = None) -> View:
        """A claim as an attributed statement; its reporting source is named unless it is the
        claimant itself (or the claimant's own outlet)."""
        source = self.model.sources[claim.source]
        own = claim.source == claim.claimant or source.actor == claim.claimant
        return View(
            claimant=self.actor_link(claim.claimant),
            stance=claim.stance,
            text=self.label(claim.text),
            source=None if own else self.source_link(claim.source),
            date=self.fmt.date(claim.date) if claim.date else None,
            document=self.document(claim, event_id),
            event=self.event_link(event_id) if event_id else None,
        )

    def excerpt(self, excerpt_id: str) -> View:
        x = self.model.excerpts[excerpt_id]
        body, lang, translated = x.translated(self.lang)
        return View(
            id=x.id,
            body=body,
            lang=lang,
            translated=translated,
            original=x.body,
            original_lang=x.language,
            source=self.source_link(x.source),
            title=x.title,
            url=x.url,
            published=self.fmt.date(x.published),
        )

    def citation(self, citation) -> View:
        return View(
            source=self.source_link(citation.source),
            url=citation.url,
            date=self.fmt.date(citation.date) if citation.date else None,
        )

    def related(self, event_id: str) -> View:
        return View(**vars(self.event_item(event_id)), figures=self.series(event_id))

    def place(self, place_id: str, page: int) -> View:
        m = self.model
        place = m.places[place_id]
        events, pager, total = self.paged("events_in_place", place_id, page, lambda n: urls.entity("place", place_id, n))
        return View(
            title=self.label(place.name),
            names=self.names(place.name, aliases=place.aliases),
            kind=place.kind,
            breadcrumb=[self.place_link(p) for p in m.ancestors[place_id]],
            description=self.label(place.description),
            aliases=list(place.aliases),
            coordinates=place.coordinates,
            pcode=place.pcode,
            geonames=place.geonames,
            spans=[self.place_link(p) for p in place.spans],
            children=self.alphabetical(self.place_link(c) for c in m.children.get(place_id, ())),
            total=total,
            totals=self.totals(m.figure_totals.get(place_id, ())) if page == 1 else [],
            chart=self.monthly(f"place:{place_id}", page),
            map=self.map_of((place_id, *m.children.get(place_id, ()))) if page == 1 else None,
            events=[self.event_item(e) for e in events],
            pager=pager,
        )

    def totals(self, rows) -> list[View]:
        """Per source, kind and group: the sum of the latest figure of that source's series
        over events (`sitegen.content.totals`), never mixed with another source's."""
        return [
            View(source=self.source_link(t.source), kind=t.kind, group=t.group, value=self.value(t.estimate),
                 events=t.events, revised=t.revised, phrase=self.phrase(t.kind, t.estimate))
            for t in rows
        ]

    def actor(self, actor_id: str, page: int) -> View:
        m = self.model
        actor = m.actors[actor_id]
        entries, pager, total = self.paged("events_by_actor", actor_id, page, lambda n: urls.entity("actor", actor_id, n))
        by_role: dict[str, list[View]] = {}
        for role, event_id, by in entries:
            if by == (actor_id,):
                item = self.event_item(event_id)
            else:
                item = self.noted_item(event_id, "via", tuple(self.actor_link(a) for a in by))
            by_role.setdefault(role, []).append(item)
        claims = m.claims_by_actor.get(actor_id, ()) if page == 1 else ()
        return View(
            title=self.label(actor.name),
            names=self.names(actor.name, aliases=actor.aliases),
            kind=actor.kind,
            description=self.label(actor.description),
            aliases=list(actor.aliases),
            wikidata=actor.wikidata,
            relations=[(r.type, 0, self.actor_link(r.actor)) for r in actor.relations]
            + [(t, 1, self.actor_link(a)) for t, a in m.relations_in.get(actor_id, ())],
            roles=sorted(by_role.items()),
            total=total,
            members=[self.actor_link(a) for a in m.members.get(actor_id, ())],
            totals=self.totals(m.actor_totals.get(actor_id, ())) if page == 1 else [],
            claims=[self.claim(m.events[e].claims[i], e) for e, i in claims[:PAGE_SIZE]],
            chart=self.monthly(f"actor:{actor_id}", page),
            pager=pager,
        )

    def source(self, source_id: str, page: int) -> View:
        m = self.model
        source = m.sources[source_id]
        use = m.source_uses[source_id]
        events, pager = page_slice(use.events, page), self.pager(page, len(use.events), lambda n: urls.entity("source", source_id, n))
        first = page == 1
        return View(
            title=self.label(source.name),
            names=self.names(source.name),
            kind=source.kind,
            url=source.url,
            actor=self.actor_link(source.actor) if source.actor else None,
            stance=self.label(source.stance),
            figures=[self.figure(f, e) for e, f in use.figures[:PAGE_SIZE]] if first else [],
            figure_count=len(use.figures),
            totals=self.totals(use.totals) if first else [],
            claims=[self.event_item(e) for e in use.claims[:PAGE_SIZE]] if first else [],
            excerpts=[self.excerpt(x) for x in use.excerpts[:10]] if first else [],
            events=[self.event_item(e) for e in events],
            total=len(use.events),
            pager=pager,
        )

    def home(self) -> View:
        m = self.model
        latest = m.latest
        with_figures = list(itertools.islice((e for e in latest if m.events[e].figures), 3))
        return View(
            title=self.label(m.content.site.title),
            latest=[self.event_item(e) for e in latest[:HOME_LATEST]],
            headline=[(self.event_item(e), self.series(e)) for e in with_figures],
            counts={k.name: len(getattr(m, k.name)) for k in RECORD_KINDS if k.counted},
            chart=self.monthly("all"),
            hubs={k: self.href(urls.hub(k)) for k in ("place", "actor", "source")},
            chronology=self.href(urls.CHRONOLOGY),
            types=self.href(urls.TYPES),
            map=self.href(urls.MAP),
            about=self.href(urls.ABOUT),
        )

    def alphabetical(self, links) -> list[Link]:
        """Links in the alphabetical order of their names in the page's language."""
        return sorted_by(links, self.collation, lambda l: l.label.text)

    @property
    def collation(self) -> str:
        return str(self.fmt.locale)

    def places_hub(self) -> View:
        """Every place, as the tree of places inside places (each place's children by name)."""
        m = self.model

        def node(place_id: str) -> View:
            children = sorted_by(m.children.get(place_id, ()), self.collation, lambda c: self.label(m.places[c].name).text)
            return View(link=self.place_link(place_id), kind=m.places[place_id].kind,
                        children=[node(c) for c in children])

        top = sorted_by((p.id for p in m.content.places if not p.parent), self.collation,
                        lambda p: self.label(m.places[p].name).text)
        return View(tree=[node(p) for p in top])

    def kind_hub(self, items, link) -> View:
        """Records grouped by kind; the groups and the records in each in alphabetical order."""
        groups: dict[str, list[Link]] = {}
        for item in items:
            groups.setdefault(item.kind, []).append(link(item.id))
        ordered = sorted_by(groups, self.collation, lambda kind: self.fmt.gettext(LABELS[kind]))
        return View(groups=[(kind, self.alphabetical(groups[kind])) for kind in ordered])

    def event_type(self, slug: str, page: int) -> View:
        """An ACLED type's or sub-type's page: its events, newest first; a type lists its
        sub-types with their counts, a sub-type links its type."""
        m = self.model
        events, pager, total = self.paged("events_by_type", slug, page, lambda n: urls.event_type(slug, n))
        parent = next((t for t, subs in EVENT_TYPES.items() if slug in subs), None)
        return View(
            title=self.type_label(slug),
            parent=self.type_link(parent) if parent else None,
            sub_types=[(self.type_link(s), m.count("events_by_type", s)) for s in EVENT_TYPES.get(slug, ())],
            total=total,
            chart=self.monthly(f"type:{slug}", page),
            events=[self.event_item(e) for e in events],
            pager=pager,
            hub=self.href(urls.TYPES),
        )

    def types_hub(self) -> View:
        """Every ACLED type with its sub-types, each with its number of events."""
        counts = self.model.events_by_type
        return View(types=[
            (self.type_link(t), len(counts.get(t, ())), [(self.type_link(s), len(counts.get(s, ()))) for s in subs])
            for t, subs in EVENT_TYPES.items()
        ])

    def browse(self) -> View:
        """The Browse page: each facet (`sitegen.pages.facets.FACETS`) with the values events are
        filed under, as trees (sub-types in types, months in years, places in the places
        they are inside, actors in the actors they are part of), labelled in this language;
        `data` the link to the language's `browse.json` (`sitegen.pages.facets.data`), from which
        the browser counts and lists a view without words (with words, from Pagefind). Each
        value has a page-unique input id."""
        m = self.model
        ids = itertools.count(1)

        def option(key: str, value: str, label: Label, children=()) -> View:
            return View(key=key, value=value, label=label, id=f"sg-f{next(ids)}", children=list(children))

        def word(text: str) -> Label:
            return Label(text, self.lang, False)

        by_name = lambda items, name: sorted_by(items, self.collation, lambda i: name(i).text)  # noqa: E731
        types = [option("type", t, self.type_label(t),
                        [option("sub", s, self.type_label(s)) for s in subs if m.events_by_type.get(s)])
                 for t, subs in EVENT_TYPES.items() if m.events_by_type.get(t)]
        # every year an event is filed under (one known only to its year is in no month)
        months: dict[int, list[int]] = {int(year): [] for year, _ in m.monthly.get("years", ())}
        for key, _ in m.monthly.get("all", ()):
            year, month = month_of(key)
            months.setdefault(year, []).append(month)
        dates = [option("year", f"{y:04d}", word(f"{y:04d}"),
                        [option("month", month_key(y, n), word(self.fmt.month(y, n))) for n in sorted(months[y])])
                 for y in sorted(months, reverse=True)]
        place_name = lambda p: self.label(m.places[p].name)  # noqa: E731

        def place(place_id: str) -> View:
            inside = [c for c in m.children.get(place_id, ()) if m.events_in_place.get(c)]
            return option("place", place_id, place_name(place_id), [place(c) for c in by_name(inside, place_name)])

        places = [place(p) for p in by_name([p.id for p in m.content.places if not p.parent and m.events_in_place.get(p.id)],
                                            place_name)]
        actor_name = lambda a: self.label(m.actors[a].name)  # noqa: E731
        active = [a.id for a in m.content.actors if m.events_by_actor.get(a.id)]
        parts: dict[str, list[str]] = {}
        for actor_id in active:
            for owner in facets.parents(m, actor_id):
                parts.setdefault(owner, []).append(actor_id)

        def actor(actor_id: str, path: tuple[str, ...]) -> View:
            inside = [a for a in parts.get(actor_id, ()) if a not in path]
            return option("actor", actor_id, actor_name(actor_id),
                          [actor(a, (*path, a)) for a in by_name(inside, actor_name)])

        actors = [actor(a, (a,)) for a in by_name([a for a in active if not facets.parents(m, a)], actor_name)]
        source_name = lambda s: self.label(m.sources[s].name)  # noqa: E731
        sources = [option("source", s, source_name(s))
                   for s in by_name([s for s, use in m.source_uses.items() if use.events], source_name)]
        tag_name = lambda t: self.label(m.content.site.tag_name(t))  # noqa: E731
        tags = [option("tag", t, tag_name(t)) for t in by_name(list(m.events_by_tag), tag_name)]
        used = {e.grade for e in m.content.events}
        grades = [option("grade", g, word(self.fmt.gettext(LABELS[g]))) for g in GRADES if g in used]
        legends = {"type": N_("Event type"), "year": N_("Date"), "place": N_("Place"), "actor": N_("Actor"),
                   "source": N_("Source"), "tag": N_("Tag"), "grade": N_("Grade")}
        groups = [("type", types), ("year", dates), ("place", places), ("actor", actors), ("source", sources),
                  ("tag", tags), ("grade", grades)]
        ngettext = self.fmt.ngettext
        words = {
            "count": {c: ngettext("%(num)s event", "%(num)s events", n) for c, n in plural_samples(self.lang).items()},
            "none": self.fmt.gettext("No event matches these choices."),
            "failed": self.fmt.gettext("Browsing needs the site to be served, not opened from disk."),
        }
        return View(
            facets=[View(key=k, legend=self.fmt.gettext(legends[k]), options=o) for k, o in groups if o],
            keys=facets.FACETS,
            words=words,
            chronology=self.href(urls.CHRONOLOGY),
            types=self.href(urls.TYPES),
            script="../" * self.depth + "assets/browse.js",
            data=urls.language_file(facets.DATA, self.path),
            ids=urls.language_file(facets.IDS, self.path),
            csv=urls.data_file("events.csv", self.path),
        )

    def chronology(self) -> View:
        years: dict[int, list[View]] = {}
        for key, ids in self.model.events_by_month.items():
            (year, month), count = month_of(key), len(ids)
            years.setdefault(year, []).append(
                View(name=self.fmt.month(year, month), url=self.href(urls.month(year, month)), count=count)
            )
        return View(years=sorted(years.items(), reverse=True), chart=self.monthly("all"))

    def _before(self, event_id: str, year: int, month: int) -> bool:
        """Whether the event began before the month: it continues into it. Only when its start
        is surely before (its last possible day): an event dated `2019` listed on December's page
        may have begun in December."""
        start = self.model.events[event_id].date.start
        return start is not None and start.last()[:2] < (year, month)

    def month(self, year: int, month: int, page: int) -> View:
        events, pager, _ = self.paged("events_by_month", month_key(year, month), page, lambda n: urls.month(year, month, n))
        return View(
            title=self.fmt.month(year, month),
            events=[self.noted_item(e, "continuing") if self._before(e, year, month) else self.event_item(e)
                    for e in events],
            pager=pager,
            chronology=self.href(urls.CHRONOLOGY),
        )


def _bdi(label) -> Markup:
    """A content text isolated in a `<bdi>` that states its language and direction."""
    return Markup('<bdi lang="%s" dir="%s">%s</bdi>') % (label.lang, direction(label.lang), label.text)
