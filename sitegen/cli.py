"""The command line: parses arguments and calls the library, nothing more."""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_usage(sys.stderr)
        return 2
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description="Build a monitoring site from content records.")
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="check content records and report every problem")
    check.add_argument("path", nargs="?", default="content", help="content folder (default: content)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--format", choices=("text", "github"), default="text", help="output style")
    check.add_argument("--no-cache", action="store_true", help="check every file again; neither read nor write the cache")
    check.set_defaults(run=_check)
    build = commands.add_parser("build", help="check the content and build the site")
    build.add_argument("--content", default="content", help="content folder (default: content)")
    build.add_argument("--site", default="site", help="output folder (default: site)")
    build.add_argument("--strict", action="store_true", help="treat content warnings as errors")
    build.add_argument("--no-cache", action="store_true", help="check every file again; neither read nor write the cache")
    build.add_argument("--engine", choices=("fast", "mkdocs"), default="fast",
                       help="fast (default): MkDocs builds the hubs, sitegen the other pages as MkDocs would; "
                            "mkdocs: MkDocs builds every page, so plugins and hooks see every page")
    build.set_defaults(run=_build)
    cover = commands.add_parser("coverage", help="share of content and interface texts translated, per language")
    cover.add_argument("path", nargs="?", default="content", help="content folder (default: content)")
    cover.add_argument("--missing", action="store_true", help="list every missing translation")
    cover.set_defaults(run=_coverage)
    serve = commands.add_parser("serve", help="preview the site locally, rebuilding on every save")
    serve.add_argument("--content", default="content", help="content folder (default: content)")
    serve.add_argument("--site", default="site", help="output folder (default: site)")
    serve.add_argument("--strict", action="store_true", help="treat content warnings as errors")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.set_defaults(run=_serve)
    return parser


def _check(args: argparse.Namespace) -> int:
    from .cache import disk_cache
    from .check import check

    result = check(args.path, None if args.no_cache else disk_cache(args.path, os.environ))
    print("\n".join(result.report(args.format)))
    return 1 if result.failed(args.strict) else 0


def _build(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .build import BuildError, Project, build
    from .cache import disk_cache

    project = Project.at(Path("."), args.content, args.site)
    cache = None if args.no_cache else disk_cache(project.content, os.environ)
    try:
        build(project, strict=args.strict, cache=cache, engine=args.engine)
    except BuildError as err:
        print(err, file=sys.stderr)
        print("build failed; the previous site was left as it was", file=sys.stderr)
        return 1
    print(f"built {project.site}/: preview it with `make serve` (sitegen serve) at http://127.0.0.1:8000/")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .build import Project
    from .cache import CheckCache, disk_cache
    from .serve import serve

    project = Project.at(Path("."), args.content, args.site)
    cache = disk_cache(project.content, os.environ) or CheckCache()  # read once, then kept in memory
    serve(project, args.host, args.port, args.strict, cache=cache)
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .cache import disk_cache
    from .check import check
    from .coverage import coverage

    result = check(args.path, disk_cache(args.path, os.environ))
    if result.content is None or result.failed():
        print("\n".join(result.report()))
        return 1
    for entry in coverage(result.content, Path("locale")):
        print(entry.line())
        if args.missing and entry.missing:
            print("\n".join(f"  {m}" for m in entry.missing))
    return 0
