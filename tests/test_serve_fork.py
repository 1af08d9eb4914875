"""The preview server never forks from a process with threads (`sitegen.serve.Builder`).

A build forks its language workers. The preview server runs the HTTP server's threads and
the file watcher's, and MkDocs' live-reload server calls the builder from a thread of its
own; a fork from there copies locks that the other threads may hold. Here `serve` runs in
this process with a stand-in for the HTTP server that, like MkDocs' server, calls the builder
from a thread after a save; every `os.fork` of this process and of the processes it forks
notes how many threads its process had, in a file.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import sitegen.serve
from helpers import REPO
from sitegen.build.run import Project


class _Server:
    """What `serve` uses of MkDocs' live-reload server; `serve()` saves a record, rebuilds
    from a thread, and stops as Ctrl-C would."""

    def __init__(self, builder, host, port, root):
        self.builder, self.root = builder, root
        self.viewed, self.problems, self.server_address = "tr", (), (host, port)
        self.edit = None

    def missing_page(self, code):
        return None

    def watch(self, path):
        pass

    def serve(self):
        self.edit()
        thread = threading.Thread(target=self.builder)
        watcher = threading.Event()  # another thread, as the file watcher's
        threading.Thread(target=watcher.wait, daemon=True).start()
        thread.start()
        thread.join()
        watcher.set()
        raise KeyboardInterrupt

    def shutdown(self):
        pass


def test_serve_forks_its_builds_only_from_a_process_with_one_thread(tmp_path, monkeypatch):
    root = tmp_path / "project"
    root.mkdir()
    for name in ("content", "templates", "locale", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root)
    project = Project.at(root, "content", "site")
    record = root / "content/events/qalaat-al-mudiq-captured.yaml"
    forks = tmp_path / "forks.txt"
    real_fork = os.fork

    def fork():
        with open(forks, "a") as out:
            out.write(f"{os.getpid()} {threading.active_count()}\n")
        return real_fork()

    def edit():
        record.write_text(record.read_text().replace("Rusya ve rejim güçleri", "Güçler"))

    def server(**kwargs):
        made = _Server(**kwargs)
        made.edit = edit
        return made

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(sitegen.serve, "PreviewServer", server)
    said = []
    sitegen.serve.serve(project, port=0, say=said.append)
    noted = [tuple(map(int, line.split())) for line in forks.read_text().splitlines()]
    assert [threads for _, threads in noted] == [1] * len(noted)
    assert len(noted) >= 1 + 3 + 1  # the builder; the first build's three languages; the rebuild's Turkish
    assert [pid for pid, _ in noted][0] == os.getpid()  # the builder, forked by serve itself
    assert all(pid != os.getpid() for pid, _ in noted[1:])  # the workers, by the builder
    assert "Güçler Kalat el-Mudik" in (root / "site/tr/events/qalaat-al-mudiq-captured/index.html").read_text()
    assert "stopped" in said
