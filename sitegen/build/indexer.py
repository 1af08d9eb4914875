"""Pagefind, fed one page at a time in a fixed order, so that the same pages give the same
search bundle on any file system.

Pagefind's own `--site` walk takes pages in the order the file system lists them (ext4
lists a folder by a hash seeded per file system, tmpfs by creation), and numbers pages
in that order in its index and metadata files: the same site gave different bytes on
tmpfs and ext4. So the pages are sent to `pagefind --service` (the protocol of its
Python and Node wrappers: base64 JSON messages ended by `,`), sorted by path, one
request at a time, each read without following a link.

Pagefind is given only what it indexes (`search_part`): of a page with a
`data-pagefind-body` element, that element inside the page's `<html>` start tag (which
gives the language), not the theme's header, navigation, footer and scripts around it
(two thirds to nine tenths of a page's bytes); a page without one, which Pagefind drops
once any page has one, is not sent. The bundle is byte for byte the one the whole pages
give (`tests/test_search_feed.py`). The service answers requests one after another in the
order they came (its main loop handles one message at a time), so up to `WINDOW` requests
are sent before their answers are read: the build does not wait for a round trip per page.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path, PurePosixPath

from . import lifetime
from .pagefind_order import BundleFormatError, put_in_order
from .shell import SEARCH_BODY
from .write import NOFOLLOW, read_bytes

SERVICE = [sys.executable, "-m", "pagefind", "--service"]
BODY = SEARCH_BODY.encode()  # as templates/theme/main.html writes it
WINDOW = 32  # requests sent ahead of their answers
_DIV = re.compile(rb"<div\b|</div>")
_IGNORED = re.compile(rb"<([a-z][a-z0-9]*)\b[^>]*\sdata-pagefind-ignore(?:\s*=\s*\"(?:index|all)?\")?[\s>/]")


class PagefindError(Exception):
    """Pagefind failed or refused a page (the message says which and why)."""


class NothingMarked(PagefindError):
    """No page given has a `data-pagefind-body` element (with `marked_only`)."""


def index_pages(pages: list[tuple[str, Path]], bundle: Path, exclude: list[str], cut: bool = True,
                marked_only: bool = False, extra: tuple[str, str] | None = None) -> None:
    """Index `pages` (URL path of the page's file relative to the site, e.g.
    `events/x/index.html`, and the file to read) into the bundle folder `bundle`, which
    must not exist yet, in the order given (callers sort them). `cut=False` sends the whole
    pages, as Pagefind's own walk reads them (the oracle of `search_part`). `marked_only`:
    for one part of a language (`sitegen.build.search`), whose other parts decide whether
    any page is marked: pages without a marked body are never sent, and if none is marked
    NothingMarked is raised and no bundle made. `extra`: one more page, (path, HTML), sent
    after them (`vocabulary_page`). Raises PagefindError."""
    with _Service() as service:
        index = service.send({"type": "NewIndex", "config": {"exclude_selectors": exclude}})["index_id"]
        sent = 0
        for rel, text in _contents(pages, cut, marked_only):
            service.post({"type": "AddFile", "index_id": index, "file_path": rel, "url": None, "file_contents": text})
            sent += 1
        if marked_only and not sent:
            raise NothingMarked("no page has a marked body")
        if extra is not None:
            service.post({"type": "AddFile", "index_id": index, "file_path": extra[0], "url": None,
                          "file_contents": extra[1]})
        service.wait()
        # not WriteFiles: the service answers it before its writes reach the disk, and
        # exits at the end of its input without waiting for them (empty files were seen)
        files = service.send({"type": "GetFiles", "index_id": index}).get("files")
    if not isinstance(files, list) or not files:
        raise PagefindError("pagefind made no files")
    os.makedirs(bundle)
    for file in sorted(files, key=lambda f: f["path"]):
        parts = PurePosixPath(file["path"]).parts
        if not parts or file["path"].startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise PagefindError(f"pagefind made a file outside its bundle: {file['path']!r}")
        path = bundle.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)  # inside the new bundle folder
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as out:
            out.write(base64.b64decode(file["content"]))
    try:  # Pagefind writes filters and their values in a random order
        put_in_order(bundle)
    except BundleFormatError as err:
        raise PagefindError(f"pagefind wrote an unexpected bundle: {err}") from None


def search_part(page: bytes) -> bytes | None:
    """What Pagefind indexes of an HTML page: its `<html ...>` start tag and, as the body,
    the page's `data-pagefind-body` element (to its matching `</div>`), less the ignored
    elements Pagefind would only parse to drop (`_without_ignored`); None for a page
    without one, or whose element is not closed (Pagefind is then given the whole page)."""
    start = page.find(BODY)
    top = page.find(b"<html")
    if start < 0 or top < 0 or top > start:
        return None
    depth = 0
    for tag in _DIV.finditer(page, start):
        depth += 1 if tag.group() == b"<div" else -1
        if depth == 0:
            body = _without_ignored(page[start:tag.end()])
            return page[top:page.index(b">", top) + 1] + b"<body>" + body + b"</body></html>"
    return None


def _without_ignored(body: bytes) -> bytes:
    """`body` without the elements marked `data-pagefind-ignore` whose content holds no other
    Pagefind attribute (a filter, meta or sort inside an ignored element still counts) and no
    element of the same name: the charts' and maps' figures, a tenth of a place page's bytes
    that Pagefind would parse only to drop. Left whole where in doubt."""
    kept, at = [], 0
    for start in _IGNORED.finditer(body):
        if start.start() < at:
            continue  # inside an element already dropped
        name = start.group(1)
        end = body.find(b"</" + name + b">", start.end())
        if end < 0:
            break
        inner = body[start.end():end]
        if b"data-pagefind-" in inner or re.search(rb"<" + name + rb"\b", inner):
            continue
        kept.append(body[at:start.start()])
        at = end + len(name) + 3
    kept.append(body[at:])
    return b"".join(kept)


_EDGES = re.compile(r"^\W+|\W+$")  # punctuation at a word's ends, which Pagefind drops too ("(Aleppo),")


def _kept(word: str) -> bool:
    """Whether a word goes on the page of every word: not empty, and without digits but for
    a number of up to four digits (a year, a day, a count). Ids, dates, paths and large
    figures are nine tenths of the words of a language (63,800 of 69,400 distinct at 10,000
    events) and each costs Pagefind as much to index as a word: they are left out, so a
    query for one may still find, in a part without it, pages with a shorter number or id
    that starts it."""
    if not word:
        return False
    return not any(c.isdigit() for c in word) or (word.isdigit() and len(word) <= 4)


_SKIPPED = re.compile(rb"<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(rb"<[^>]*>")


def vocabulary_page(pages: list[tuple[str, Path]]) -> str | None:
    """One page holding every word of the text of `pages` that Pagefind indexes (their
    search parts, tags taken out), each once, in sorted order, inside the first page's
    `<html>` start tag (which gives the language); None if no page is marked.

    A language indexed in parts needs it in every part: for a query word that no word of
    an index starts with, Pagefind searches the longest word of that index that starts the
    query word instead (`find_word_extensions` in its search; "aleppo" becomes "al"), so a
    part without the word would answer with unrelated pages where one index does not.
    With the whole language's words in each part, a part falls back only where the whole
    index would (the page's own result is dropped by the scripts: `hidden.json`); but for
    words with digits (`_kept`)."""
    words: set[str] = set()
    top = None  # the first marked page's <html> start tag
    for rel, path in pages:
        raw = _read(rel, path)
        part = search_part(raw)
        if part is None:
            if BODY not in raw:
                continue
            part = raw
        if top is None:
            start = part.find(b"<html")
            top = part[start:part.index(b">", start) + 1]
        text = html.unescape(_TAG.sub(b" ", _SKIPPED.sub(b" ", part)).decode("utf-8"))
        words.update(text.split())
    if top is None:
        return None
    kept = {w for w in (_EDGES.sub("", w) for w in words) if _kept(w)}
    escaped = html.escape(" ".join(sorted(kept, key=lambda w: w.encode("utf-8"))), quote=False)
    return f"{top.decode('utf-8')}<body>{SEARCH_BODY}<p>{escaped}</p></div></body></html>"


def _contents(pages: list[tuple[str, Path]], cut: bool, marked_only: bool = False):
    """(path, text) of each page to send, in order: with `cut`, a page's search part (the
    whole page if its element could not be cut out); a page without a `data-pagefind-body`
    is not sent, unless no page has one and not `marked_only` (Pagefind then indexes whole
    pages)."""
    marked, unmarked = False, []
    for rel, path in pages:
        raw = _read(rel, path)
        part = search_part(raw) if cut else raw
        if part is None and BODY not in raw:
            unmarked.append((rel, path))
            continue
        marked = True
        yield rel, (raw if part is None else part).decode("utf-8")
    if not marked and not marked_only:
        for rel, path in unmarked:
            yield rel, _read(rel, path).decode("utf-8")


def is_marked(rel: str, path: Path) -> bool:
    """Whether the page `rel` (file `path`) has a `data-pagefind-body` element: whether
    `index_pages` sends it with `marked_only`. Raises PagefindError for a missing page."""
    return BODY in _read(rel, path)


def _read(rel: str, path: Path) -> bytes:
    raw = read_bytes(str(path))
    if raw is None:
        raise PagefindError(f"page {rel} to index for search is missing")
    return raw


def site_pages(folder: Path, skip: tuple[str, ...] = ()) -> list[tuple[str, Path]]:
    """Every `.html` file below `folder` but in the top-level folders `skip`, sorted by
    path; links are not followed."""
    found = []
    for top, dirs, files in os.walk(folder):
        rel_top = os.path.relpath(top, folder)
        if rel_top == ".":
            dirs[:] = [d for d in dirs if d not in skip]
            rel_top = ""
        found.extend((f"{rel_top}/{name}".lstrip("/"), Path(top) / name) for name in files if name.endswith(".html"))
    return sorted(found)


class _Service:
    """One `pagefind --service` process: a request, then its answer."""

    def __enter__(self) -> "_Service":
        self.process = subprocess.Popen(SERVICE, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, preexec_fn=lifetime.child_setup())
        self.last = 0      # the id of the last request sent
        self.answered = 0  # ... and of the last answered
        self.pending = bytearray()
        return self

    def __exit__(self, kind, *exc) -> None:
        try:
            self.process.stdin.close()  # the service ends once it has read everything
        except OSError:
            pass
        try:
            self.process.wait(timeout=None if kind is None else 0)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.process.stderr.close()

    def send(self, payload: dict) -> dict:
        """Send a request and return its answer (after those of the requests posted before)."""
        self._write(payload)
        return self.wait()

    def post(self, payload: dict) -> None:
        """Send a request; read answers while more than WINDOW are owed."""
        self._write(payload)
        while self.last - self.answered > WINDOW:
            self._answer()

    def _write(self, payload: dict) -> None:
        self.last += 1
        message = {"message_id": self.last, "payload": payload}
        try:
            self.process.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
            self.process.stdin.flush()
        except OSError:
            raise PagefindError(f"pagefind stopped: {self._stderr()}") from None

    def wait(self) -> dict:
        """Read every answer owed; returns the last."""
        reply = {}
        while self.answered < self.last:
            reply = self._answer()
        return reply

    def _answer(self) -> dict:
        answer = self._receive()
        self.answered += 1
        if answer.get("message_id") != self.answered or not isinstance(answer.get("payload"), dict):
            raise PagefindError(f"pagefind answered out of turn: {str(answer)[:200]}")
        reply = answer["payload"]
        if reply.get("type") == "Error":
            raise PagefindError(f"pagefind: {reply.get('message')}")
        return reply

    def _receive(self) -> dict:
        """The next answer. The bundle's files come as one answer (tens of MB at 10,000
        events): the buffer grows in place and only what was read since is searched for
        the end, not the whole buffer again after every read."""
        fd = self.process.stdout.fileno()
        searched = 0
        while (end := self.pending.find(b",", searched)) < 0:
            searched = len(self.pending)
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise PagefindError(f"pagefind stopped: {self._stderr()}")
            self.pending += chunk
        message = bytes(self.pending[:end])
        del self.pending[:end + 1]
        try:
            return json.loads(base64.b64decode(message))
        except ValueError:
            raise PagefindError(f"pagefind answered something else: {message[:200]!r}") from None

    def _stderr(self) -> str:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        return self.process.stderr.read().decode("utf-8", "replace").strip() or f"exit {self.process.returncode}"
