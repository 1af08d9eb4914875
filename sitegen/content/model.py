"""The content model: frozen records, as validated. Ids are identity."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .dates import Date
from .estimate import Estimate
from .problems import Loc


@dataclass(frozen=True)
class Text:
    """A human text in one or more languages, as (language, text) pairs."""

    values: tuple[tuple[str, str], ...]

    def get(self, lang: str, default: str) -> tuple[str, str]:
        """The text in `lang`, else in `default`; returns (text, language used)."""
        found = dict(self.values)
        if lang in found:
            return found[lang], lang
        return found[default], default

    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.values)


@dataclass(frozen=True)
class MapSettings:
    """The tile server of the site's maps (an XYZ URL template) and its attribution, as
    plain text. OpenStreetMap's by default; its tile policy asks for the attribution."""

    tiles: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    attribution: str = "© OpenStreetMap contributors"


@dataclass(frozen=True)
class Site:
    title: Text
    default_language: str
    languages: tuple[str, ...]
    licence: Text | None = None
    citation: Text | None = None
    map: MapSettings = MapSettings()
    locales: tuple[tuple[str, str], ...] = ()     # (language, regional locale for its dates: ar_SY)
    in_progress: tuple[str, ...] = ()             # languages whose translation is under way
    tags: tuple[tuple[str, Text], ...] = ()       # (tag id, its name in each language)

    def locale(self, lang: str) -> str:
        """The CLDR locale a language's dates and lists are written in: its regional
        locale from site.yaml (`ar_SY` for Levantine month names), else the language."""
        return dict(self.locales).get(lang, lang)

    def tag_name(self, tag: str) -> Text:
        """A tag's name: from site.yaml, else its id (in the default language)."""
        return dict(self.tags).get(tag) or Text(((self.default_language, tag),))


@dataclass(frozen=True)
class Place:
    id: str
    kind: str
    name: Text
    loc: Loc
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    parent: str | None = None
    spans: tuple[str, ...] = ()
    coordinates: tuple[float, float] | None = None
    pcode: str | None = None
    geonames: int | None = None
    description: Text | None = None
    wikidata: str | None = None


@dataclass(frozen=True)
class Relation:
    type: str
    actor: str
    since: Date | None = None


@dataclass(frozen=True)
class Actor:
    id: str
    kind: str
    name: Text
    loc: Loc
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    relations: tuple[Relation, ...] = ()
    wikidata: str | None = None
    description: Text | None = None


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    name: Text
    loc: Loc
    url: str | None = None
    actor: str | None = None
    stance: Text | None = None


@dataclass(frozen=True)
class Participant:
    actor: str
    role: str


@dataclass(frozen=True)
class Figure:
    """A casualty figure owned by a source: how many (`estimate`, see `sitegen.content.estimate`) of
    a group (civilians, ...) suffered a kind of harm (killed, ...), as of a date. Figures of one
    event with the same source, kind and group are a series (see `sitegen.content.series`).

    The document that gives it, if named: a `url` (with the `date` of the document), or the
    id of an `excerpt` of the content."""

    source: str
    kind: str
    group: str
    estimate: Estimate
    as_of: Date | None = None
    url: str | None = None
    date: Date | None = None
    excerpt: str | None = None
    loc: Loc | None = field(default=None, compare=False, repr=False)  # for checks across records


@dataclass(frozen=True)
class Claim:
    """A statement by a claimant (an actor) with its stance: for a denial, `text` is the
    statement being denied. `source` reports it; `date` is when it was made; the document
    is a `url` (with `date`) or an `excerpt` id."""

    claimant: str
    stance: str
    text: Text
    source: str
    date: Date | None = None
    url: str | None = None
    excerpt: str | None = None
    loc: Loc | None = field(default=None, compare=False, repr=False)  # for checks across records


@dataclass(frozen=True)
class Correction:
    """A correction made to a published record: when, and what was corrected."""

    date: Date
    text: Text


@dataclass(frozen=True)
class Citation:
    source: str
    url: str | None = None
    date: Date | None = None


@dataclass(frozen=True)
class Event:
    id: str
    title: Text
    date: Date
    type: str
    sub_type: str
    loc: Loc
    places: tuple[str, ...] = ()
    actors: tuple[Participant, ...] = ()
    summary: Text | None = None
    figures: tuple[Figure, ...] = ()
    claims: tuple[Claim, ...] = ()
    sources: tuple[Citation, ...] = ()
    related: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    grade: str | None = None  # how well it is established (vocab.GRADES)
    updated: Date | None = None
    corrections: tuple[Correction, ...] = ()
    location_precision: str | None = None  # vocab.LOCATION_PRECISIONS
    external_ids: tuple[tuple[str, str], ...] = ()  # (dataset, row id), e.g. (("ucdp", "292463"),)


@dataclass(frozen=True)
class Excerpt:
    id: str
    source: str
    language: str
    published: Date
    body: str
    loc: Loc
    title: str | None = None
    url: str | None = None
    events: tuple[str, ...] = ()
    translations: tuple[tuple[str, str], ...] = ()  # (language, the body translated), Markdown too

    def translated(self, lang: str) -> tuple[str, str, bool]:
        """The body in `lang` if the excerpt carries it, else the original:
        (Markdown, its language, whether it is a translation)."""
        for language, body in self.translations:
            if language == lang and lang != self.language:
                return body, lang, True
        return self.body, self.language, False


@dataclass(frozen=True)
class Content:
    """Every valid record, each kind sorted by id; and for each record, a digest of its
    file's bytes, keyed `f"{kind}\x1f{id}"` (a record is unchanged while its digest is)."""

    site: Site
    places: tuple[Place, ...]
    actors: tuple[Actor, ...]
    sources: tuple[Source, ...]
    events: tuple[Event, ...]
    excerpts: tuple[Excerpt, ...]
    digests: Mapping[str, str] = field(default_factory=dict, repr=False)
