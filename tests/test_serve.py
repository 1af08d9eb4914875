"""`sitegen serve`: start on a free port, fetch a page, edit a record, see the change."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from helpers import REPO

PAGE = "en/events/qalaat-al-mudiq-captured/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("timed out")


def test_serve_rebuilds_on_save_and_keeps_last_good_site(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("content", "templates", "locale", "docs"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project)
    port = free_port()
    env_cmd = [sys.executable, "-m", "sitegen", "serve", "--port", str(port)]
    server = subprocess.Popen(env_cmd, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/{PAGE}"
        first = wait_for(lambda: fetch(url))
        assert "Qalaat al-Mudiq" in first and "livereload" in first
        excerpt = sorted((project / "content/excerpts").glob("*.md"))[0]  # shown on event pages only
        excerpt.write_text(excerpt.read_text() + "\nQuixotic marmalade.\n")
        hidden = f"http://127.0.0.1:{port}/en/pagefind-delta/hidden.json"
        assert fetch(hidden) == '{"delta":false,"hide":[]}'
        wait_for(lambda: '"delta":true' in (fetch(hidden) or ""))  # the changed pages indexed in the background
        record = project / "content/events/qalaat-al-mudiq-captured.yaml"
        turkish = f"http://127.0.0.1:{port}/tr/{PAGE[3:]}"  # the reader turns to Turkish: built first
        assert fetch(turkish)
        record.write_text(record.read_text().replace("Russia-regime forces capture", "Forces seize")
                          .replace("Rusya ve rejim güçleri", "Güçler"))
        wait_for(lambda: "Güçler Kalat el-Mudik" in (fetch(turkish) or ""))
        wait_for(lambda: "Forces seize Qalaat al-Mudiq" in (fetch(url) or ""))
        record.write_text(record.read_text().replace("places: [qalaat-al-mudiq]", "places: [nowhere]"))
        time.sleep(4)
        assert "Forces seize Qalaat al-Mudiq" in fetch(url)
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "unknown place 'nowhere'" in output
    assert "still serving the last good site" in output
    builds = [line for line in output.splitlines() if re.match(r"(en|ar|tr): \d+ pages", line)]
    turkish = next(i for i, line in enumerate(builds) if line.startswith("tr: ") and line.endswith("[#] 1/1"))
    assert re.match(r"(ar|en): .* \[#-\] 1/2$", builds[turkish + 1])  # then the others, in the background
    assert re.match(r"(ar|en): .* \[##\] 2/2$", builds[turkish + 2])
