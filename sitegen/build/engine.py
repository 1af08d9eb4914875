"""MkDocs run in the language worker, on the project's own `mkdocs.yml`.

The configuration is loaded by MkDocs' own loader (`mkdocs.config.load_config`): `!ENV`,
`!relative`, `INHERIT` and Python tags (`!!python/name:`, a custom `toc.slugify`) mean what
they mean to MkDocs, and paths in it (hooks, `theme.custom_dir`) are relative to the
file, as MkDocs makes them. Per language only what a language changes is set over it
(`language_settings`), and the project's theme overrides are layered over the user's
`custom_dir` (searched before it, which is searched before the theme's own files).

Two engines build a language (`sitegen build --engine`):
- `fast` (the default): MkDocs builds the hubs and the page shells, every other page is
  converted and poured into its shell (`sitegen.build.shell`). It cannot run plugins or hooks
  on those pages, so a configuration with page events stops the build with a message
  naming `--engine mkdocs` (`fast_path_problems`).
- `mkdocs`: MkDocs builds every page, so every plugin and hook sees every page.
"""

from __future__ import annotations

import logging
import os

import jinja2
from pathlib import Path

from .project import BuildError

QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
for _key, _value in QUIET_ENV.items():  # before MkDocs is imported: no upgrade banner
    os.environ.setdefault(_key, _value)

ENGINES = ("fast", "mkdocs")
# Plugin events that see or change one page: the fast path would skip them on most pages.
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context", "post_page")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self.lines.append(message if record.levelno >= logging.ERROR else f"{message} (a warning: the build is strict)")


def load(config_file: Path, overrides: dict):
    """The validated `MkDocsConfig` of `config_file` with `overrides` set over its top-level
    keys. Raises BuildError naming the file (and line, for a YAML error) with MkDocs' own
    messages."""
    from mkdocs import exceptions
    from mkdocs.config import load_config

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        with config_file.open("rb") as handle:
            return load_config(handle, config_file_path=str(config_file), **overrides)
    except exceptions.ConfigurationError as err:
        raise BuildError(yaml_error(config_file, str(err))) from None
    except (exceptions.MkDocsException, OSError, ValueError, TypeError, ImportError) as err:
        lines = collect.lines or [str(err)]
        raise BuildError("\n".join(f"{config_file}: error: {line}" for line in lines)) from None
    finally:
        logger.removeHandler(collect)


def yaml_error(config_file: Path, message: str) -> str:
    """MkDocs' YAML error (PyYAML's context and problem, each followed by
    `in "<file>", line 5, column 1`) as `path:line:col: error: context; problem`."""
    import re

    message = message.replace("MkDocs encountered an error parsing the configuration file: ", "")
    places = re.findall(r"line (\d+), column (\d+)", message)
    where = f"{config_file}:{places[-1][0]}:{places[-1][1]}" if places else str(config_file)
    words = [line.strip() for line in message.strip().splitlines() if line.strip() and not line.strip().startswith("in ")]
    return f"{where}: error: {'; '.join(words) or 'cannot read the configuration'}"


def language_settings(config, lang: str, direction: str, theme_dir: Path, extra: dict, nav_gettext) -> None:
    """Set one language's theme language and direction, its `extra` values and translated
    nav over a loaded configuration; the project's theme overrides (`theme_dir`) are
    searched before the user's `custom_dir` and the theme."""
    theme = config.theme
    theme["language"] = lang
    theme["direction"] = direction
    if str(theme_dir) not in theme.dirs:
        theme.dirs.insert(0, str(theme_dir))
    config.extra.update(extra)
    if config.nav:
        config.nav = [_translate_nav(item, nav_gettext) for item in config.nav]


def _translate_nav(item, gettext):
    if isinstance(item, dict):
        return {gettext(title): _translate_nav(value, gettext) for title, value in item.items()}
    if isinstance(item, list):
        return [_translate_nav(value, gettext) for value in item]
    return item


def fast_path_problems(config) -> list[str]:
    """Why the fast path cannot build pages as MkDocs would with this configuration: the
    plugins and hooks that act on pages."""
    problems = []
    for event in PAGE_EVENTS:
        for method in config.plugins.events.get(event, []):
            owner = getattr(method, "__self__", None)
            name = _plugin_name(config, owner) if owner is not None else getattr(method, "__module__", "?")
            problems.append(f"'{name}' acts on pages (on_{event})")
    return sorted(set(problems))


def _plugin_name(config, owner) -> str:
    for name, plugin in config.plugins.items():
        if plugin is owner:
            return name
    return type(owner).__name__


def build(config, epoch: int) -> None:
    """`mkdocs build --strict` of a loaded configuration, dated `epoch`; raises BuildError
    with MkDocs' warnings and errors."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build as mkdocs_build

    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # this worker process's own environment
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        mkdocs_build(config)
    except exceptions.Abort as err:
        raise BuildError(_report(config, collect.lines, str(err))) from None
    except exceptions.MkDocsException as err:
        raise BuildError(_report(config, collect.lines, str(err))) from None
    except jinja2.TemplateError as err:
        raise BuildError(template_error(err)) from None
    except Exception as err:  # noqa: BLE001 - a plugin's or hook's own failure, named as such
        failure = f"MkDocs failed: {type(err).__name__}: {err}"
        raise BuildError(_report(config, collect.lines + [failure], failure)) from None
    finally:
        logger.removeHandler(collect)
        logger.setLevel(level)
    if collect.lines:  # strict: MkDocs aborts on warnings; errors logged without an abort too
        raise BuildError(_report(config, collect.lines, "MkDocs reported problems"))


def template_error(err) -> str:
    """A Jinja error as `template:line: error: message`: the template and line from the
    error (a syntax error) or from the deepest template frame of its traceback."""
    import jinja2

    where = None
    if isinstance(err, jinja2.TemplateSyntaxError) and err.filename:
        where = f"{err.filename}:{err.lineno}"
    tb = err.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if not name.endswith(".py") and os.path.isfile(name):
            where = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return f"{where or 'template'}: error: {type(err).__name__}: {err.message or err}"


def _report(config, lines: list[str], message: str) -> str:
    where = config.config_file_path or "mkdocs.yml"
    body = [f"{where}: error: {line}" for line in lines] or [f"{where}: error: {message}"]
    return "\n".join(dict.fromkeys(body))
