"""View data: what each page template needs, computed from the linked model.

Templates get these plain values, never the model or a loader. Links are
relative to the page being rendered, so every view is made for one page path.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from types import SimpleNamespace
from typing import NamedTuple

from . import urls
from .collation import sorted_by
from .i18n import Formatter
from .labels import LABELS
from .link import Model, month_key, month_of
from .model import Figure, Text

PAGE_SIZE = 50
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

    def __init__(self, model: Model, lang: str, fmt: Formatter, path: str = urls.HOME, caches=None) -> None:
        self.model = model
        self.lang = lang
        self.default = model.content.site.default_language
        self.fmt = fmt
        self.path = path
        self.depth = urls.depth(path)
        self.caches = caches or _Caches()
        self.recorder = model.recorder  # a TrackedModel notes what each page reads

    def at(self, path: str) -> "Views":
        return Views(self.model, self.lang, self.fmt, path, self.caches)

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

    def tag(self, tag: str, page: int) -> View:
        events, pager = self.paged(self.model.events_by_tag[tag], page, lambda n: urls.entity("tag", tag, n))
        return View(title=self.label(self.model.content.site.tag_name(tag)),
                    events=[self.event_item(e) for e in reversed(events)],
                    total=len(self.model.events_by_tag[tag]), pager=pager)

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
            places=[self.place_link(p) for p in event.places],
        )

    def figure(self, figure: Figure, event_id: str | None = None) -> View:
        return View(
            source=self.source_link(figure.source),
            kind=figure.kind,
            group=figure.group,
            qualifier=figure.qualifier,
            phrase=self.fmt.figure(figure.kind, figure.qualifier, figure.low, figure.high),
            low=self.fmt.number(figure.low),
            high=self.fmt.number(figure.high) if figure.high is not None else None,
            as_of=self.fmt.date(figure.as_of) if figure.as_of else None,
            event=self.event_link(event_id) if event_id else None,
        )

    def paged(self, items: tuple, page: int, path_of) -> tuple[tuple, Pager]:
        pages = max(1, -(-len(items) // PAGE_SIZE))
        start = (page - 1) * PAGE_SIZE
        prev = self.href(path_of(page - 1)) if page > 1 else None
        nxt = self.href(path_of(page + 1)) if page < pages else None
        return items[start : start + PAGE_SIZE], Pager(page, pages, prev, nxt)

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
            places=[self.place_with_parents(p) for p in event.places],
            roles=list(roles.items()),
            summary=self.label(event.summary),
            figures=[self.figure(f) for f in event.figures],
            claims=[self.claim(c) for c in event.claims],
            excerpts=[self.excerpt(x) for x in m.excerpts_by_event.get(event.id, ())],
            citations=[self.citation(c) for c in event.sources],
            related=[self.related(r) for r in event.related],
            tags=[self.tag_link(t) for t in event.tags],
        )

    def place_with_parents(self, place_id: str) -> View:
        return self.shared(("place with parents", place_id), lambda: self._place_with_parents(place_id))

    def _place_with_parents(self, place_id: str) -> View:
        parents = [self.place_link(p) for p in reversed(self.model.ancestors[place_id])]
        return View(link=self.place_link(place_id), parents=parents)

    def claim(self, claim) -> View:
        return View(
            claimant=self.actor_link(claim.claimant),
            stance=claim.stance,
            text=self.label(claim.text),
            source=self.source_link(claim.source),
        )

    def excerpt(self, excerpt_id: str) -> View:
        x = self.model.excerpts[excerpt_id]
        body, lang, translated = x.translated(self.lang)
        return View(
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
        figures = [self.figure(f) for f in self.model.events[event_id].figures]
        return View(**vars(self.event_item(event_id)), figures=figures)

    def place(self, place_id: str, page: int) -> View:
        m = self.model
        place = m.places[place_id]
        events, pager = self.paged(m.events_in_place.get(place_id, ()), page, lambda n: urls.entity("place", place_id, n))
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
            total=len(m.events_in_place.get(place_id, ())),
            totals=self.totals(place_id) if page == 1 else [],
            events=[self.event_item(e) for e in reversed(events)],
            pager=pager,
        )

    def totals(self, place_id: str) -> list[View]:
        """Per source, kind and group: the sum of that source's own figures, never mixed."""
        return [
            View(source=self.source_link(s), kind=k, group=g, low=self.fmt.number(low), events=n, lower_bound=lower,
                 phrase=self.fmt.figure(k, "at-least" if lower else "exact", low))
            for s, k, g, low, n, lower in self.model.figure_totals.get(place_id, ())
        ]

    def actor(self, actor_id: str, page: int) -> View:
        m = self.model
        actor = m.actors[actor_id]
        entries, pager = self.paged(m.events_by_actor.get(actor_id, ()), page, lambda n: urls.entity("actor", actor_id, n))
        by_role: dict[str, list[View]] = {}
        for role, event_id in reversed(entries):
            by_role.setdefault(role, []).append(self.event_item(event_id))
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
            total=len(m.events_by_actor.get(actor_id, ())),
            pager=pager,
        )

    def source(self, source_id: str, page: int) -> View:
        m = self.model
        source = m.sources[source_id]
        use = m.source_uses[source_id]
        events, pager = self.paged(use.events, page, lambda n: urls.entity("source", source_id, n))
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
            claims=[self.event_item(e) for e in use.claims[:PAGE_SIZE]] if first else [],
            excerpts=[self.excerpt(x) for x in use.excerpts[:10]] if first else [],
            events=[self.event_item(e) for e in reversed(events)],
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
            headline=[(self.event_item(e), [self.figure(f) for f in m.events[e].figures]) for e in with_figures],
            counts={k: len(getattr(m, k)) for k in ("events", "places", "actors", "sources")},
            hubs={k: self.href(urls.hub(k)) for k in ("place", "actor", "source")},
            chronology=self.href(urls.CHRONOLOGY),
            about=self.href(urls.ABOUT),
        )

    def alphabetical(self, links) -> list[Link]:
        """Links in the alphabetical order of their names in the page's language."""
        return sorted_by(links, self.collation, lambda l: l.label.text)

    @property
    def collation(self) -> str:
        return str(self.fmt.locale)

    def places_hub(self) -> View:
        m = self.model
        top = sorted_by((p.id for p in m.content.places if not p.parent), self.collation,
                        lambda p: self.place_link(p).label.text)
        tree = [(self.place_link(p), self.alphabetical(self.place_link(c) for c in m.children.get(p, ())), m.places[p].kind)
                for p in top]
        return View(tree=tree)

    def kind_hub(self, items, link) -> View:
        """Records grouped by kind; the groups and the records in each in alphabetical order."""
        groups: dict[str, list[Link]] = {}
        for item in items:
            groups.setdefault(item.kind, []).append(link(item.id))
        ordered = sorted_by(groups, self.collation, lambda kind: self.fmt.gettext(LABELS[kind]))
        return View(groups=[(kind, self.alphabetical(groups[kind])) for kind in ordered])

    def chronology(self) -> View:
        years: dict[int, list[View]] = {}
        for key, ids in self.model.events_by_month.items():
            (year, month), count = month_of(key), len(ids)
            years.setdefault(year, []).append(
                View(name=self.fmt.month(year, month), url=self.href(urls.month(year, month)), count=count)
            )
        return View(years=sorted(years.items(), reverse=True))

    def month(self, year: int, month: int, page: int) -> View:
        event_ids = self.model.events_by_month[month_key(year, month)]
        events, pager = self.paged(event_ids, page, lambda n: urls.month(year, month, n))
        return View(
            title=self.fmt.month(year, month),
            events=[self.event_item(e) for e in events],
            pager=pager,
            chronology=self.href(urls.CHRONOLOGY),
        )
