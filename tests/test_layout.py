"""The layout shows the pipeline, and the imports keep to it.

sitegen's packages are its stages, in order: `content` (records read, checked, linked into
the model), `pages` (page kinds, views, Markdown), `build` with `exports` (the languages'
builds, search, the disk, publishing; the exports are written by the build and write with
its helpers, so the two are one stage), `imports` (`sitegen import`), and the commands at the
top (`cli`, `serve`, `new`). A module may import its own stage and the stages before it,
never a later one: the model cannot reach for a page, a view cannot start a build. The
package's `__init__` holds only the version, and any stage may read it.
"""
from __future__ import annotations

import ast
import shutil
from pathlib import Path

from helpers import REPO

STAGES = {"content": 1, "pages": 2, "build": 3, "exports": 3, "imports": 4}
TOP = {"__init__": 0, "cli": 5, "serve": 5, "new": 5, "__main__": 5}  # modules at sitegen/ itself


def stage(parts: tuple[str, ...]) -> int | None:
    """The stage of module `parts` (('sitegen', 'content', 'load')), or None if it has none."""
    if parts == ("sitegen",):
        return TOP["__init__"]
    if len(parts) >= 2 and parts[1] in STAGES:
        return STAGES[parts[1]]
    if len(parts) == 2:
        return TOP.get(parts[1])
    return None


def module_parts(path: Path, package_root: Path) -> tuple[str, ...]:
    parts = path.relative_to(package_root.parent).with_suffix("").parts
    return parts[:-1] if parts[-1] == "__init__" else parts


def violations(package_root: Path) -> list[str]:
    """Every import in `package_root` (a `sitegen/` folder) of a later stage, and every module
    that sits in no stage, as `path:line: message`."""
    found = []
    for path in sorted(package_root.rglob("*.py")):
        shown = path.relative_to(package_root.parent).as_posix()
        here = module_parts(path, package_root)
        own = stage(here)
        if own is None:
            found.append(f"{shown}:1: in no stage: put it in one of sitegen/{{{','.join(STAGES)}}}/")
            continue
        package = here if path.name == "__init__.py" else here[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    target = package[:len(package) - node.level + 1] + tuple(filter(None, [node.module]))
                else:
                    target = tuple((node.module or "").split("."))
                imported = [target + (alias.name,) for alias in node.names]  # a name may be a module
            elif isinstance(node, ast.Import):
                imported = [tuple(alias.name.split(".")) for alias in node.names]
            else:
                continue
            for full in imported:
                if full[0] != "sitegen":
                    continue
                target = (f"import {'.'.join(full)}" if isinstance(node, ast.Import)
                          else f"from {'.'.join(full[:-1])} import {full[-1]}")
                if here == ("sitegen",):
                    found.append(f"{shown}:{node.lineno}: the package's __init__ does `{target}`:"
                                 " it holds only the version")
                    continue
                theirs = stage(full[:2]) if len(full) >= 2 else None
                if theirs is None:
                    theirs = stage(full[:1])
                if theirs > own:
                    found.append(f"{shown}:{node.lineno}: {'.'.join(here)} (stage {own}) imports a later "
                                 f"stage {theirs}: `{target}`")
    return found


def test_every_module_imports_only_its_stage_and_earlier_ones():
    assert violations(REPO / "sitegen") == []


def test_the_folders_are_the_stages():
    folders = sorted(p.name for p in (REPO / "sitegen").iterdir() if p.is_dir() and p.name != "__pycache__")
    assert folders == sorted(STAGES)
    top = sorted(p.stem for p in (REPO / "sitegen").glob("*.py"))
    assert top == sorted(TOP)


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "sitegen"
    shutil.copytree(REPO / "sitegen", root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_a_planted_import_of_a_later_stage_is_named_with_its_line(tmp_path):
    root = _copy(tmp_path)
    model = root / "content" / "model.py"
    lines = model.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, "from ..pages import urls\n")
    model.write_text("".join(lines), encoding="utf-8")
    views = root / "pages" / "views.py"
    views.write_text(views.read_text(encoding="utf-8") + "\ndef _late():\n    import sitegen.build.run\n",
                     encoding="utf-8")
    last = len(views.read_text(encoding="utf-8").splitlines())
    assert violations(root) == [
        "sitegen/content/model.py:4: sitegen.content.model (stage 1) imports a later stage 2: "
        "`from sitegen.pages import urls`",
        f"sitegen/pages/views.py:{last}: sitegen.pages.views (stage 2) imports a later stage 3: "
        "`import sitegen.build.run`",
    ]


def test_a_module_outside_the_stages_is_named(tmp_path):
    root = _copy(tmp_path)
    (root / "helpers.py").write_text('"""A new module at the top."""\n', encoding="utf-8")
    (root / "__init__.py").write_text('from .cli import main\n__version__ = "0"\n', encoding="utf-8")
    assert violations(root) == [
        "sitegen/__init__.py:1: the package's __init__ does `from sitegen.cli import main`: it holds only"
        " the version",
        "sitegen/helpers.py:1: in no stage: put it in one of sitegen/{content,pages,build,exports,imports}/",
    ]


def test_the_code_digests_cover_every_stage():
    """The build's inputs digest, the check cache's code digest and the shards' fingerprint
    hash sitegen's code (`sitegen.build.inputs.code_files`): every module of every stage,
    wherever the layout puts it, so a change to a view or a parser is a cold build."""
    from sitegen.build import inputs

    assert inputs.code_files() == sorted(p for p in (REPO / "sitegen").resolve().rglob("*.py")
                                         if "__pycache__" not in p.parts)
    assert {p.parent.name for p in inputs.code_files()} == {"sitegen", *STAGES}
