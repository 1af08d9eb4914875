"""What a save costs in `sitegen serve`: from writing an edited event to the preview serving
its page with the edit, as the reader sees it (the reader's language, English, is built
first; the server's own file-watching delay included).

For each size, a seeded corpus (`generate.py`) is served by `python -m sitegen serve` in a
new process; once its first build is up, one event's English title is edited `--edits`
times, each after the previous save's background work (the other languages, search) is
done. With `--compare TREE` (a checkout of another version, e.g. `git archive main | tar -x
-C /tmp/before`), that version's sitegen serves a copy of the same corpus too, in the order
TREE, this, this, TREE, and both are printed: medians of every save of each.

    .venv/bin/python benchmarks/preview.py --sizes 1000 --edits 5 --compare /tmp/before
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate  # noqa: E402


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _until(predicate, seconds: float, step: float = 0.02):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(step)
    raise TimeoutError


def saves(tree: Path, corpus: Path, work: Path, edits: int) -> list[float]:
    """Seconds from each save to the edited page served, by the sitegen of `tree`."""
    project = work / "project"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    for name in ("templates", "locale", "docs"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copytree(corpus, project / "content")
    events = sorted((project / "content" / "events").glob("*.yaml"))
    event = events[len(events) // 2]
    port = _port()
    env = dict(os.environ, PYTHONPATH=str(tree))
    server = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "--port", str(port)], cwd=project,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True).start()
    try:
        event_id = re.search(r"(?m)^id: (.*)$", event.read_text(encoding="utf-8")).group(1).strip().strip("\"'")
        url_page = f"http://127.0.0.1:{port}/en/events/{event_id}/"
        _until(lambda: "livereload" in _fetch(url_page), 900, 0.5)
        _until(lambda: _searched(lines), 900, 0.5)
        times = []
        for n in range(edits):
            mark = f"Edited{n}x"
            text = event.read_text(encoding="utf-8")
            text = re.sub(r"(?m)^(  en: )(Edited\d+x )?", rf"\g<1>{mark} ", text, count=1)
            seen = len(lines)
            start = time.perf_counter()
            event.write_text(text, encoding="utf-8")
            _until(lambda: mark in _fetch(url_page), 600)
            times.append(time.perf_counter() - start)
            _until(lambda: _searched(lines[seen:]), 600, 0.2)  # the others and search, in the background
        return times
    finally:
        server.terminate()
        server.wait(30)


def _searched(lines: list[str]) -> bool:
    """Whether the lines show the background's search indexing done (`refresh_search`), the
    last of what a save sets off."""
    return any(line.startswith("search: indexed with Pagefind: ") and "not yet" not in line
               and "none (" not in line for line in lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--compare", type=Path, help="a checkout of another version of sitegen")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for events in args.sizes:
            corpus = Path(tmp) / f"corpus-{events}"
            generate(corpus, events)
            trees = [("this", ROOT)]
            if args.compare:
                trees = [("other", args.compare.resolve()), ("this", ROOT), ("this", ROOT),
                         ("other", args.compare.resolve())]
            times: dict[str, list[float]] = {}
            for name, tree in trees:
                times.setdefault(name, []).extend(saves(tree, corpus, Path(tmp) / name, args.edits))
            figures = {"events": events, **{f"save_to_page_s_{name}": round(statistics.median(t), 3)
                                             for name, t in times.items()},
                       **{f"all_{name}": [round(x, 3) for x in t] for name, t in times.items()}}
            if args.compare:
                figures["ratio_this_to_other"] = round(figures["save_to_page_s_this"] /
                                                       figures["save_to_page_s_other"], 3)
            print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
