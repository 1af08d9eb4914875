"""Pagefind, fed one page at a time in a fixed order, so that the same pages give the same
search bundle on any file system.

Pagefind's own `--site` walk takes pages in the order the file system lists them (ext4
lists a folder by a hash seeded per file system, tmpfs by creation), and numbers pages
in that order in its index and metadata files: the same site gave different bytes on
tmpfs and ext4. So the pages are sent to `pagefind --service` (the protocol of its
Python and Node wrappers: base64 JSON messages ended by `,`), sorted by path, one
request at a time, each read without following a link.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path, PurePosixPath

from . import lifetime
from .pagefind_order import BundleFormatError, put_in_order
from .write import NOFOLLOW, read_bytes

SERVICE = [sys.executable, "-m", "pagefind", "--service"]


class PagefindError(Exception):
    """Pagefind failed or refused a page (the message says which and why)."""


def index_pages(pages: list[tuple[str, Path]], bundle: Path, exclude: list[str]) -> None:
    """Index `pages` (URL path of the page's file relative to the site, e.g.
    `events/x/index.html`, and the file to read) into the bundle folder `bundle`, which
    must not exist yet, in the order given (callers sort them). Raises PagefindError."""
    with _Service() as service:
        index = service.send({"type": "NewIndex", "config": {"exclude_selectors": exclude}})["index_id"]
        for rel, path in pages:
            raw = read_bytes(str(path))
            if raw is None:
                raise PagefindError(f"page {rel} to index for search is missing")
            service.send({"type": "AddFile", "index_id": index, "file_path": rel, "url": None,
                          "file_contents": raw.decode("utf-8")})
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
        self.last = 0
        self.pending = b""
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
        self.last += 1
        message = {"message_id": self.last, "payload": payload}
        try:
            self.process.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
            self.process.stdin.flush()
        except OSError:
            raise PagefindError(f"pagefind stopped: {self._stderr()}") from None
        answer = self._receive()
        if answer.get("message_id") != self.last or not isinstance(answer.get("payload"), dict):
            raise PagefindError(f"pagefind answered out of turn: {str(answer)[:200]}")
        reply = answer["payload"]
        if reply.get("type") == "Error":
            raise PagefindError(f"pagefind: {reply.get('message')}")
        return reply

    def _receive(self) -> dict:
        fd = self.process.stdout.fileno()
        while b"," not in self.pending:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise PagefindError(f"pagefind stopped: {self._stderr()}")
            self.pending += chunk
        message, _, self.pending = self.pending.partition(b",")
        try:
            return json.loads(base64.b64decode(message))
        except ValueError:
            raise PagefindError(f"pagefind answered something else: {message[:200]!r}") from None

    def _stderr(self) -> str:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        return self.process.stderr.read().decode("utf-8", "replace").strip() or f"exit {self.process.returncode}"
