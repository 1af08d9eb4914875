"""`sitegen serve`: a local preview that rebuilds and reloads the browser on every save.

A content error is printed and the last good site stays up.
"""

from __future__ import annotations

from mkdocs.livereload import LiveReloadServer

from .build import BuildError, Project, build


def serve(project: Project, host: str = "127.0.0.1", port: int = 8000, strict: bool = False, say=print) -> None:
    def rebuild() -> None:
        try:
            build(project, strict=strict, say=say)
        except BuildError as err:
            say(str(err))
            say("build failed; still serving the last good site")

    rebuild()
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
