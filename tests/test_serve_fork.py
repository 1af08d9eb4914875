"""The preview server never forks from a process with threads (`sitegen.serve.Builder`).

A build forks its language workers. The preview server runs the HTTP server's threads and
the file watcher's, and MkDocs' live-reload server calls the builder from a thread of its
own; a fork from there copies locks that the other threads may hold. Here `serve` runs in
this process with a stand-in for the HTTP server that, like MkDocs' server, calls the builder
from a thread after a save; every `os.fork` of this process and of the processes it forks
notes how many threads its process had, in a file.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

from helpers import REPO

# Run in a process of its own: the test process may hold threads of earlier tests.
SCRIPT = r"""
import json, os, sys, threading
from pathlib import Path
import sitegen.serve
from sitegen.build.run import Project

root, forks = Path(sys.argv[1]), Path(sys.argv[2])
record = root / "content/events/qalaat-al-mudiq-captured.yaml"


class Server:  # what `serve` uses of MkDocs' live-reload server
    def __init__(self, builder, host, port, root):
        self.builder, self.root = builder, root
        self.viewed, self.problems, self.server_address = "tr", (), (host, port)

    def missing_page(self, code):
        return None

    def watch(self, path):
        pass

    def serve(self):  # a save, then the builder called from a thread, while another waits
        record.write_text(record.read_text().replace("Rusya ve rejim güçleri", "Güçler"))
        watcher = threading.Event()
        threading.Thread(target=watcher.wait, daemon=True).start()
        thread = threading.Thread(target=self.builder)
        thread.start()
        thread.join()
        watcher.set()
        raise KeyboardInterrupt

    def shutdown(self):
        pass


real_fork = os.fork


def fork():
    with open(forks, "a") as out:
        out.write(f"{os.getpid()} {threading.active_count()}\n")
    return real_fork()


os.fork = fork
sitegen.serve.PreviewServer = Server
said = []
sitegen.serve.serve(Project.at(root, "content", "site"), port=0, say=said.append)
print(json.dumps({"pid": os.getpid(), "said": said}))
"""


def test_serve_forks_its_builds_only_from_a_process_with_one_thread(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    for name in ("content", "templates", "locale", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root)
    forks = tmp_path / "forks.txt"
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(root), str(forks)], capture_output=True, text=True,
                          cwd=REPO, timeout=900)
    assert done.returncode == 0, done.stderr
    ran = json.loads(done.stdout.strip().splitlines()[-1])
    noted = [tuple(map(int, line.split())) for line in forks.read_text().splitlines()]
    assert [threads for _, threads in noted] == [1] * len(noted)
    assert len(noted) >= 1 + 3 + 1  # the builder; the first build's three languages; the rebuild's Turkish
    assert noted[0][0] == ran["pid"]  # the builder, forked by serve itself
    assert all(pid != ran["pid"] for pid, _ in noted[1:])  # the workers, by the builder
    assert "Güçler Kalat el-Mudik" in (root / "site/tr/events/qalaat-al-mudiq-captured/index.html").read_text()
    assert "stopped" in ran["said"]
