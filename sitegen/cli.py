"""The command line: parses arguments and calls the library, nothing more."""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .content.recordkinds import NOUNS

RECORD_KINDS = tuple(NOUNS.values())  # what `sitegen new` makes (sitegen.content.recordkinds)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_usage(sys.stderr)
        return 2
    try:
        return args.run(args)
    except ValueError as err:
        from .build.folders import PlaceError  # only once one is raised: `check` never needs the build's modules

        if not isinstance(err, PlaceError):
            raise
        parser.exit(2, f"sitegen {args.command}: error: {err}\n")


def _port(text: str) -> int:
    """A TCP port number: 0 (any free port) to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is out of range (0 to 65535)")
    return port


def _megabytes(text: str) -> int:
    """A memory budget in MiB: a positive whole number."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a number of MiB: {text!r}")
    return int(text)


def _language(text: str) -> str:
    """A language code as site.yaml lists them (a BCP 47 tag such as `en` or `pt-BR`)."""
    import re

    if not re.fullmatch(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*", text):
        raise argparse.ArgumentTypeError(f"not a language code: {text!r}")
    return text


def _share(text: str) -> tuple[int, int]:
    """Share K of N of a language: `K/N`, 1 <= K <= N."""
    k, slash, n = text.partition("/")
    if not (slash and k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        raise argparse.ArgumentTypeError(f"not a share K/N with 1 <= K <= N: {text!r}")
    return int(k), int(n)


def _cut(text: str) -> tuple[str, int]:
    """A language's search cut: `LANG=N`, N >= 1."""
    lang, equals, parts = text.partition("=")
    if not (equals and parts.isdigit() and int(parts) >= 1):
        raise argparse.ArgumentTypeError(f"not LANG=N (a language and a number of parts, 1 or more): {text!r}")
    return _language(lang), int(parts)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description="Build a monitoring site from content records.")
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="check content records and report every problem")
    check.add_argument("path", nargs="?", default="content",
                       help="content folder (default: content), or one file in it, checked against the rest")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--format", choices=("text", "github"), default="text", help="output style")
    check.add_argument("--no-cache", action="store_true", help="check every file again; neither read nor write the cache")
    check.set_defaults(run=_check)
    build = commands.add_parser("build", help="check the content and build the site")
    build.add_argument("--content", default="content", help="content folder (default: content)")
    build.add_argument("--site", help="output folder (default: site; with --shard, shard-LANG)")
    build.add_argument("--strict", action="store_true", help="treat content warnings as errors")
    build.add_argument("--no-cache", action="store_true", help="check every file again; neither read nor write the cache")
    build.add_argument("--engine", choices=("fast", "mkdocs"), default="fast",
                       help="fast (default): MkDocs builds the hubs, sitegen the other pages as MkDocs would; "
                            "mkdocs: MkDocs builds every page, so plugins and hooks see every page")
    build.add_argument("--memory", metavar="MB", type=_megabytes,
                       help="memory budget of the build's processes in MiB, which bounds how many languages are built "
                            "and how many Pagefind runs index languages at once (default: 8192, or 80%% of the memory available if less)")
    build.add_argument("--shard", metavar="LANG", type=_language,
                       help="build only language LANG, into a shard folder (default: shard-LANG) "
                            "for `sitegen assemble`")
    build.add_argument("--share", metavar="K/N", type=_share,
                       help="with --shard LANG: build only share K of N of the language, the pages of part K of its "
                            "search cut into N parts, into shard-LANG-K-of-N (default)")
    build.add_argument("--search-parts", metavar="LANG=N", type=_cut, action="append", default=[],
                       help="cut LANG's search into N parts, as N shares of it do, instead of by the memory budget "
                            "(repeat for more languages)")
    build.set_defaults(run=_build)
    assemble = commands.add_parser("assemble", help="put the site together from shards built by `build --shard`")
    assemble.add_argument("shards", nargs="+", metavar="SHARD",
                          help="shard folders: per language, one whole or its shares 1/N to N/N")
    assemble.add_argument("--site", default="site", help="output folder (default: site)")
    assemble.set_defaults(run=_assemble)
    cover = commands.add_parser("coverage", help="share of content and interface texts translated, per language")
    cover.add_argument("path", nargs="?", default="content", help="content folder (default: content)")
    cover.add_argument("--missing", action="store_true", help="list every missing translation")
    cover.set_defaults(run=_coverage)
    serve = commands.add_parser("serve", help="preview the site locally, rebuilding on every save")
    serve.add_argument("--content", default="content", help="content folder (default: content)")
    serve.add_argument("--site", default="site", help="output folder (default: site)")
    serve.add_argument("--strict", action="store_true", help="treat content warnings as errors")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000)")
    serve.set_defaults(run=_serve)
    new = commands.add_parser("new", help="write a new record from a commented template of its kind")
    new.add_argument("kind", choices=RECORD_KINDS, help="the kind of record")
    new.add_argument("id", help="its id: lower-case letters, digits and single hyphens")
    new.add_argument("--content", default="content", help="content folder (default: content)")
    new.set_defaults(run=_new)
    imp = commands.add_parser("import", help="records from a P-code gazetteer, UCDP GED or ACLED table")
    imp.add_argument("dataset", choices=("gazetteer", "ucdp", "acled"), help="what the files hold")
    imp.add_argument("files", nargs="+", metavar="FILE", help="gazetteer JSON or CSV files; UCDP GED or ACLED CSV files")
    imp.add_argument("--content", default="content", help="content folder (default: content)")
    imp.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    imp.add_argument("--keep-going", action="store_true", help="import the good rows even when some are refused")
    imp.set_defaults(run=_import)
    return parser


def _check(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .build.cache import disk_cache
    from .build.check import check, check_file

    if Path(args.path).is_file():  # one record: checked against the rest of its content folder
        root = Path(args.path).parent.parent
        result = check_file(args.path, None if args.no_cache else disk_cache(root, os.environ), freeze=True)
    else:
        result = check(args.path, None if args.no_cache else disk_cache(args.path, os.environ), freeze=True,
                       model=False)  # only the report: an unchanged folder is answered by the cache's manifest
    print("\n".join(result.report(args.format)))
    return 1 if result.failed(args.strict) else 0


def _build(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .build.run import BuildError, Project, build
    from .build.cache import disk_cache
    from .build.folders import check_places

    project = Project.at(Path("."), args.content, args.site)
    if args.shard:
        from .build.shards import name, work_folder

        project = Project(project.root, project.content, project.root / (args.site or name(args.shard, args.share)),
                          work_folder(project.root, args.shard, args.share))
    check_places(project)
    cache = None if args.no_cache else disk_cache(project.content, os.environ)
    try:
        build(project, strict=args.strict, cache=cache, engine=args.engine, shard=args.shard,
              memory_mb=args.memory, freeze=True,  # a one-shot command (see check.no_gc)
              share=args.share, search_parts=_cuts(args.search_parts))
    except BuildError as err:
        if err.details:
            print(err.details, file=sys.stderr)
        print(f"build failed: {err}; the previous site was left as it was", file=sys.stderr)
        return 1
    if args.shard:
        print(f"built shard {project.site}/: put the site together with `sitegen assemble` and the other shards")
        return 0
    print(f"built {project.site}/: preview it with `make serve` (sitegen serve) at http://127.0.0.1:8000/")
    return 0


def _cuts(given: list[tuple[str, int]]) -> dict[str, int]:
    """--search-parts, each language once (repeated with other numbers: an argparse error)."""
    cuts: dict[str, int] = {}
    for lang, parts in given:
        if cuts.setdefault(lang, parts) != parts:
            _parser().error(f"--search-parts {lang}: given as {cuts[lang]} and as {parts}")
    return cuts


def _assemble(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .build.assemble import assemble
    from .build.run import BuildError, Project

    project = Project.at(Path("."), None, args.site)
    try:
        assemble(project, [Path(folder) for folder in args.shards])
    except BuildError as err:
        print(f"assemble failed: {err}; the previous site was left as it was", file=sys.stderr)
        return 1
    return 0


def _serve(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .build.run import Project
    from .build.cache import CheckCache, disk_cache
    from .build.folders import check_places
    from .serve import serve

    project = Project.at(Path("."), args.content, args.site)
    check_places(project)
    cache = disk_cache(project.content, os.environ) or CheckCache()  # read once, then kept in memory
    try:
        serve(project, args.host, args.port, args.strict, cache=cache)
    except OSError as err:
        print(f"sitegen serve: error: cannot serve on {args.host} port {args.port}: {err.strerror or err}",
              file=sys.stderr)
        return 1
    return 0


def _new(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .new import NewError, create

    try:
        path = create(Path(args.content), args.kind, args.id)
    except NewError as err:
        print(err, file=sys.stderr)
        return 1
    print(f"wrote {path}: fill in its required fields, then run `sitegen check {path}`")
    return 0


def _import(args: argparse.Namespace) -> int:
    from .imports.run import run

    return run(args.dataset, args.files, args.content, args.dry_run, args.keep_going)


def _coverage(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .build.cache import disk_cache
    from .build.check import check
    from .pages.coverage import coverage
    from .content.quote import printable

    result = check(args.path, disk_cache(args.path, os.environ))
    if result.content is None or result.failed():
        print("\n".join(result.report()))
        return 1
    for entry in coverage(result.content, Path("locale")):
        print(entry.line())
        if args.missing and entry.missing:
            print("\n".join(f"  {printable(m)}" for m in entry.missing))  # catalogs come from the repository too
    return 0
