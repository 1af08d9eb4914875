"""Processes that end with the build: a language's worker, and the MkDocs and Pagefind
runs it starts, are killed by the kernel as soon as their parent dies (Linux's
`PR_SET_PDEATHSIG`), so killing only the build's own process leaves nothing running."""

from __future__ import annotations

import ctypes
import functools
import os
import signal

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

_in_worker = [False]


def die_with_parent(parent: int | None = None) -> None:
    """Have this process killed when its parent dies (where the kernel offers it); if the
    parent is gone already, exit. `parent`: the parent's pid as the parent saw it before
    the fork; without it, the pid this process finds first, which is already the reaper's
    if the parent died between the fork and this call (the death signal is then never sent:
    the workers of a build killed that early outlived it)."""
    parent = os.getppid() if parent is None else parent
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != parent:
        os._exit(1)


def start_worker(parent: int | None = None) -> None:
    """In a worker process, first thing: end with the parent (`parent`: its pid, passed
    from before the fork), and have the programs it starts end with it too."""
    _in_worker[0] = True
    die_with_parent(parent)


def child_setup():
    """What a program started from here runs before it starts: in a worker, `die_with_parent`
    (a `preexec_fn` is unsafe in a process with threads, which only the parent has)."""
    return functools.partial(die_with_parent, os.getpid()) if _in_worker[0] else None
