"""`sitegen serve`: a local preview that rebuilds and reloads the browser on every save.

A save rebuilds, on the incremental path, first the language the reader last opened;
the browser reloads as soon as that language's pages are written. Then, in the background,
the other languages are built and the changed pages indexed for search. The builds run in
a process of their own, forked before the server starts a thread (`Builder`). A content
error is printed, the last good site stays up, and every page the server sends shows the
problems in a banner until a build succeeds again (`sitegen.pages.overlay`).
"""

from __future__ import annotations

import multiprocessing
import os
import posixpath
import stat
import sys
import threading
from pathlib import Path

from mkdocs.livereload import LiveReloadServer, _Handler

from .content.quote import printable
from .pages import overlay
from .build.run import BuildError, Project, build, refresh_search
from .build.check import check
from .build import lifetime


class QuotedHandler(_Handler):
    """MkDocs' request handler, whose log lines show the request line with every character
    that is not printable escaped (`quote.printable`): a request is anyone's bytes, and
    `GET /\x1b[2J...` printed raw cleared the terminal and could write a line of its own."""

    def log_request(self, code="-", size="-"):
        line = self.requestline
        self.requestline = printable(line)
        try:
            super().log_request(code, size)
        finally:
            self.requestline = line

    def log_message(self, format, *args):
        super().log_message("%s", printable(format % args))


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, noting which language folder the reader last opened, and
    serving nothing through a link (the site folder is untrusted: a link planted in it
    could point anywhere) and nothing for a path it cannot name (a NUL byte in it), and
    putting the problems of the last failed build on every page it sends (`sitegen.pages.overlay`)."""

    viewed: str | None = None
    problems: tuple[overlay.Shown, ...] = ()  # of the last build, if it failed
    locale: Path | None = None  # the catalogs the banner's words come from

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.RequestHandlerClass = QuotedHandler

    def _inject_js_into_html(self, content, epoch):
        return overlay.insert(super()._inject_js_into_html(content, epoch), self.problems, self.locale)

    def missing_page(self, code: int) -> bytes | None:
        """What a missing page shows while the build is failing (the first one, say): the
        banner, on a page that reloads with the next build."""
        if not self.problems:
            return None
        with self._epoch_cond:
            epoch = self._visible_epoch
        return self._inject_js_into_html(b"<!doctype html><html lang=\"en\"><body></body></html>", epoch)

    def serve_request(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.endswith("/") or path.endswith(".html"):
            self.viewed = path.strip("/").partition("/")[0] or None
        return super().serve_request(environ, start_response)

    def _serve_request(self, environ, start_response):
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
        if not path.startswith("/livereload/") and not _plain_path(self.root, path):
            return None  # not found
        return super()._serve_request(environ, start_response)


def _plain_path(root: str, path: str) -> bool:
    """Whether the file a request names can be read without following a link (as MkDocs'
    server finds it: `index.html` in a folder) and its name has no control character."""
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        return False
    rel = posixpath.normpath("/" + path + ("index.html" if path.endswith("/") else "")).lstrip("/")
    folder = root
    for part in [p for p in rel.split("/") if p]:
        folder = os.path.join(folder, part)
        try:
            if stat.S_ISLNK(os.lstat(folder).st_mode):
                return False
        except OSError:
            return True  # missing: MkDocs answers 404 (or redirects a folder to its `/`)
    return True


def serve(project: Project, host: str = "127.0.0.1", port: int = 8000, strict: bool = False, say=print,
          cache=None) -> None:
    builder = Builder(project, strict, say, cache)  # first: this process has one thread still

    def rebuild() -> None:
        server.problems = builder.rebuild(server.viewed)

    server = PreviewServer(builder=rebuild, host=host, port=port, root=str(project.site))  # binds in serve()
    server.locale = project.locale
    server.error_handler = server.missing_page
    try:
        rebuild()
        for path in (project.content, project.templates, project.locale, project.root / "mkdocs.yml",
                     project.guide):
            if path.exists():
                server.watch(str(path))
        say(f"serving on http://{host}:{server.server_address[1] if port == 0 else port}/ (Ctrl-C stops)")
        try:
            server.serve()
        except KeyboardInterrupt:
            say("stopped")
        finally:
            server.shutdown()
    finally:
        builder.close()


class Builder:
    """The preview's builds, in a process of their own, forked when `serve` starts, while
    this process has a single thread. A build forks its language workers (the model reaches
    them inherited, `sitegen.build.run`); forked from the server, which by then runs the HTTP
    server's threads and the file watcher's, a worker would start with copies of locks those
    threads may hold at that instant (of the allocator, of logging, of a stream), never to be
    released in the child: a deadlock (POSIX `fork()`: only the calling thread is copied;
    Python 3.12 warns of it). The builder process has one thread, so its forks are safe; the
    server sends it the language being read and gets back the banner's problems.

    In the builder: a save rebuilds the language being read first and answers, then builds
    the other languages and indexes the changed pages for search, unless another save is
    waiting (the check `cache` is kept there, in memory, between builds)."""

    def __init__(self, project: Project, strict: bool, say, cache) -> None:
        if threading.active_count() > 1:
            raise RuntimeError("the preview's builder must be forked before the server starts its threads")
        context = multiprocessing.get_context("fork")
        self._conn, theirs = context.Pipe()
        self._process = context.Process(target=_builder, name="sitegen-builder",
                                        args=(theirs, self._conn, project, strict, say, cache, os.getpid()))
        self._process.start()
        theirs.close()

    def rebuild(self, viewed: str | None) -> tuple[overlay.Shown, ...]:
        """Build after a save, the language `viewed` (the reader's) first; the problems of a
        failed build, or () when it succeeded."""
        self._conn.send(viewed)
        return self._conn.recv()

    def close(self) -> None:
        """End the builder once it has finished what it is doing."""
        self._conn.close()
        self._process.join()


def _builder(conn, ours, project: Project, strict: bool, say, cache, parent: int) -> None:
    """The builder process's loop (see `Builder`)."""
    ours.close()
    lifetime.die_with_parent(parent)

    def said(text: str) -> None:  # the builder may be killed with the server: nothing left unwritten
        say(text)
        sys.stdout.flush()

    languages: list[str] = []  # the site's, as of the last good build
    first: list[str] = []      # the language built first by the last rebuild
    owed = False               # the other languages and search
    try:
        while True:
            if owed and not conn.poll():
                owed = False
                _catch_up(project, strict, said, cache, languages, first)
                continue
            try:
                viewed = conn.recv()
            except EOFError:
                return
            first[:] = [viewed] if viewed in languages and len(languages) > 1 else []
            try:
                result = build(project, strict=strict, say=said, search=False, cache=cache, only=first or None,
                               wait=True)
            except BuildError as err:
                if err.details:
                    said(err.details)
                said(f"build failed: {err}; still serving the last good site")
                conn.send(_failure(project, cache, strict, err))
                continue
            languages[:] = result.content.site.languages
            conn.send(())
            owed = True
    except KeyboardInterrupt:  # Ctrl-C reaches the builder too
        return


def _catch_up(project: Project, strict: bool, say, cache, languages: list[str], first: list[str]) -> None:
    try:
        rest = [lang for lang in languages if lang not in first]
        if first and rest:
            build(project, strict=strict, say=say, search=False, cache=cache, only=rest, wait=True)
        refresh_search(project, say=say)
    except BuildError as err:
        if err.details:
            say(err.details)
        say(f"build failed: {err}; still serving the last good site")


def _failure(project: Project, cache, strict: bool, err: BuildError) -> tuple[overlay.Shown, ...]:
    """What the banner shows for a failed build: the content's problems (checked again, from
    the cache the build just filled), or else the build's own error."""
    result = check(project.content, cache)
    if result.failed(strict):
        return overlay.from_problems(result.problems, strict)
    return overlay.from_text(str(err))
