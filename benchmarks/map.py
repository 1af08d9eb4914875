"""Benchmark: the Map page's own work, per language, on the synthetic corpus of `generate.py`:

- `map_json_s`: making the language's `map.json` (`sitegen.pages.render.map_data`), and its bytes;
- `page_render_s`: rendering the Markdown of the Map page and of the further pages of its
  list (`render_language` with only those pages; the environment and the walk over every
  page path included), and how many pages that is (`pages`);
- `page_markdown_s`: Python-Markdown converting the Map page with MkDocs' base extensions,
  which MkDocs does for every hub when a hub changed, and the page's bytes;
- `further_convert_s`: converting the further pages as the page shells do
  (`sitegen.build.shell.Converter`, with the base configuration), and their bytes.

Medians of three runs; prints one JSON line per size, asserts nothing (the cost is read
against a cold build of the same size: `run.py`).

    .venv/bin/python benchmarks/map.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate  # noqa: E402
from sitegen.pages import urls  # noqa: E402
from sitegen.build.check import check  # noqa: E402
from sitegen.content.link import link  # noqa: E402
from sitegen.pages.pagekinds import KINDS  # noqa: E402
from sitegen.pages.render import map_data, render_language  # noqa: E402
from sitegen.build.shell import Converter  # noqa: E402


def median(run, times: int = 3) -> tuple[float, object]:
    seconds, result = [], None
    for _ in range(times):
        start = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - start)
    return round(statistics.median(seconds), 3), result


def measure(events: int, work: Path) -> dict:
    content = work / f"content-{events}"
    generate(content, events)
    model = link(check(content).content)
    templates, locale = ROOT / "templates", ROOT / "locale"
    out = {"events": events}
    for lang in model.content.site.languages:
        json_s, data = median(lambda: map_data(model, lang, templates, locale))
        render_s, pages = median(lambda: render_language(model, lang, templates, locale, {},
                                                         only=lambda p: KINDS["map"].shape_of(p) is not None).pages)
        page = pages.pop(urls.MAP)
        body = page.split("---\n", 2)[2]
        md_s, _ = median(lambda: markdown.markdown(body, extensions=["toc", "tables", "fenced_code"]))
        converter = Converter({"markdown_extensions": [{"toc": {"permalink": True}}]})
        further_s, _ = median(lambda: [converter.page(text) for text in pages.values()])
        out[lang] = {"map_json_s": json_s, "map_json_bytes": len(data), "page_render_s": render_s,
                     "pages": 1 + len(pages), "page_markdown_s": md_s, "page_bytes": len(page.encode("utf-8")),
                     "further_convert_s": further_s,
                     "further_bytes": sum(len(text.encode("utf-8")) for text in pages.values())}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for events in args.sizes:
            print(json.dumps(measure(events, Path(tmp))), flush=True)


if __name__ == "__main__":
    main()
