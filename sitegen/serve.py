"""`sitegen serve`: a local preview that rebuilds and reloads the browser on every save.

Rebuilds take the incremental path and leave search for later: the page is back in the
browser as soon as its HTML is, and a background thread then indexes the changed
languages for search. A content error is printed and the last good site stays up.
"""

from __future__ import annotations

import threading

from mkdocs.livereload import LiveReloadServer

from .build import BuildError, Project, build, refresh_search


def serve(project: Project, host: str = "127.0.0.1", port: int = 8000, strict: bool = False, say=print,
          cache=None) -> None:
    lock = threading.Lock()  # one build or search indexing at a time
    wanted = threading.Event()

    def rebuild() -> None:
        with lock:
            try:
                build(project, strict=strict, say=say, search=False, cache=cache)
            except BuildError as err:
                say(str(err))
                say("build failed; still serving the last good site")
        wanted.set()

    def index_search() -> None:
        while True:
            wanted.wait()
            wanted.clear()
            with lock:
                try:
                    refresh_search(project, say=say)
                except BuildError as err:
                    say(str(err))

    rebuild()
    threading.Thread(target=index_search, daemon=True).start()
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(project.site))
    for path in (project.content, project.templates, project.locale, project.root / "mkdocs.yml", project.guide):
        if path.exists():
            server.watch(str(path))
    say(f"serving on http://{host}:{server.server_address[1] if port == 0 else port}/ (Ctrl-C stops)")
    try:
        server.serve()
    except KeyboardInterrupt:
        say("stopped")
    finally:
        server.shutdown()
