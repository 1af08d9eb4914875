"""The Atom feed of one language (`<lang>/feed.xml`): the latest 50 events, made with
feedgen. Titles and summaries are in the language, else in the default language; a summary is
its Markdown made safe HTML (`sitegen.pages.text.markdown`).

Atom (RFC 4287) wants permanent ids: the feed's and each entry's are `urn:uuid:` UUIDs
derived (UUID 5) from the site's title and the event id, so they never change while the
event's id does not. Links are relative to the feed (`events/<id>/`), as a site may be
served from any address; readers resolve them against the feed's own URL. `updated` is
the last day the event's date may mean: the same content gives the same bytes.
"""

from __future__ import annotations

import datetime
import heapq
import uuid

from feedgen.feed import FeedGenerator

from ..pages import urls
from ..content.model import Content
from ..pages.text import markdown

LATEST = 50
NAMESPACE = uuid.UUID("6f1c2a4e-64f4-5d6c-9a50-3b0c5b5f0a11")


def latest(content: Content, count: int = LATEST):
    """The `count` latest events, by the first day their date may mean, then by id."""
    # heapq.nlargest is documented as equivalent to sorted(..., reverse=True)[:count], in
    # O(n log count) instead of sorting every event
    return heapq.nlargest(count, content.events, key=lambda e: (e.date.sort_key, e.id))


def feed(content: Content, lang: str) -> bytes:
    site, default = content.site, content.site.default_language
    title = site.title.get(lang, default)[0]
    gen = FeedGenerator()
    gen.id(f"urn:uuid:{uuid.uuid5(NAMESPACE, title + '/' + lang)}")
    gen.title(title)
    gen.language(lang)
    gen.link(href=urls.FEED, rel="self", type="application/atom+xml")
    gen.link(href="./", rel="alternate", type="text/html")
    gen.generator("sitegen")
    events = latest(content)
    newest = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
    for event in reversed(events):  # feedgen puts the last added entry first
        entry = gen.add_entry()
        entry.id(f"urn:uuid:{uuid.uuid5(NAMESPACE, title + '/event/' + event.id)}")
        entry.title(event.title.get(lang, default)[0])
        entry.link(href=urls.url(urls.entity("event", event.id)), rel="alternate", type="text/html")
        day = datetime.datetime(*event.date.last_day, tzinfo=datetime.timezone.utc)
        entry.updated(day)
        entry.published(datetime.datetime(*event.date.sort_key, tzinfo=datetime.timezone.utc))
        newest = max(newest, day)
        if event.summary is not None:
            entry.summary(str(markdown(event.summary.get(lang, default)[0])), type="html")
    gen.updated(newest)
    return gen.atom_str(pretty=True)
