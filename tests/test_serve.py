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


def test_a_request_line_cannot_write_raw_escapes_or_lines_into_the_log(tmp_path, caplog):
    """The preview's log shows each request line; a request is anyone's bytes, so every
    character that is not printable in it is escaped (an ESC clearing the terminal, a line
    break starting a line of its own)."""
    import logging
    import threading

    from sitegen.serve import PreviewServer

    server = PreviewServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path))
    server.server_bind()
    server.server_activate()
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    try:
        with caplog.at_level(logging.DEBUG, logger="mkdocs.livereload"):
            with socket.create_connection(server.server_address[:2], timeout=10) as client:
                client.sendall(b"GET /en/\x1b[2J\x1b[31mFORGED\rx\x07 HTTP/1.1\r\nHost: x\r\n\r\n")
                client.recv(100)
            thread.join(10)
    finally:
        server.server_close()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "FORGED" in logged
    assert not any(ord(c) < 32 and c != "\n" or ord(c) == 127 for c in logged), repr(logged)
    assert "\\x1b[2J\\x1b[31mFORGED" in logged
