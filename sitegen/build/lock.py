"""One build of a project at a time: a lock file in `build/` (`filelock`, which opens it
without following links), and the holder's process id beside it for the message."""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from .folders import own_folder
from .project import BuildError
from .write import read_bytes, remove, replace_file

LOCK = "lock"
HOLDER = "lock.pid"


@contextmanager
def project_lock(work: Path, wait: bool, say=print):
    """Hold the project's build lock (in the folder `work`). Raises BuildError (`another
    build is running (pid N)`) if another process holds it, or, with `wait`, says so and
    waits for it."""
    try:
        own_folder(work)
        if os.path.islink(work / LOCK) or (os.path.lexists(work / LOCK) and not os.path.isfile(work / LOCK)):
            remove(work / LOCK)  # planted: a lock file of ours is always a regular file
        lock = FileLock(str(work / LOCK), is_singleton=False, thread_local=False)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if not wait:
                raise BuildError(f"another build is running (pid {holder(work)})") from None
            say(f"waiting for another build (pid {holder(work)}) to finish")
            lock.acquire()
    except OSError as err:
        raise BuildError(f"cannot lock {work / LOCK}: {err.strerror or err}") from None
    try:
        try:
            replace_file(str(work / HOLDER), str(os.getpid()).encode())
        except OSError:
            pass  # only for the message another build gives
        yield
    finally:
        try:
            remove(work / HOLDER)
        except OSError:
            pass
        lock.release()


def holder(work: Path) -> str:
    """The process id the lock's holder wrote, once it has (it writes it just after
    taking the lock); '?' if it cannot be read."""
    for _ in range(20):
        raw = read_bytes(str(work / HOLDER))
        if raw and raw.strip().isdigit():
            return raw.decode().strip()
        time.sleep(0.05)
    return "?"
