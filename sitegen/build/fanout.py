"""Loading and validating many content files at once, in processes of their own.

A cold check is almost all loading: reading, parsing (libyaml, and PyYAML's Python around
it) and validating each file alone, a file at a time, about 0.4 ms of CPU a record (55 s of
CPU for the 135,000 records of a 100,000-event corpus, 2026-12-01). Each file's `FileCheck`
depends on nothing but its own bytes and what every file shares (the site's settings, the
ids that exist): the files can be shared among processes, and only the checks across records
(`validate.validate_files`) need them all in one.

`check_files` forks `jobs` processes, which inherit the function that checks one file and
what it shares with the others, and hands each a list of files at a time; a process sends back
its `FileCheck`s pickled as the check cache pickles them (`cache.dumps`). Its results are
those of that function called on each file in this process, in the same order
(`tests/test_fanout.py` compares them). A check with fewer than
`AT_LEAST` files to load, or one CPU, loads them here: forking and sending the records back
costs more than it saves on a few hundred files.

The processes are forked from the checking one (a one-shot `sitegen check` or `build`, or
the preview server's builder, which has no threads) and die with it (`lifetime`). Should the
pool fail (a process killed, no process can be made), the files are loaded here instead: a
check never fails for want of processes.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from . import lifetime
from .cache import dumps
from ..content.load import Found
from ..content.validate import FileCheck

AT_LEAST = 1_000  # files to load for the loading to be shared among processes (see `check_files`)
BATCH = 200  # files a process is handed at a time: small enough to keep every process busy to the end

_given: dict = {}  # in a loading process: the function that checks one file (`_start`)


def jobs_here() -> int:
    """How many CPUs this process may run on (its affinity, where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def check_files(files: Sequence[Found], check_one: Callable[[Found], FileCheck],
                jobs: int | None = None) -> list[FileCheck]:
    """`check_one` of each file, in order: in `jobs` processes (default: `jobs_here()`) if
    there are at least `AT_LEAST` files and more than one job, else in this process.
    `check_one` reaches the processes as they fork (it is not pickled: a closure will do)."""
    jobs = jobs_here() if jobs is None else jobs
    if jobs < 2 or len(files) < AT_LEAST:
        return [check_one(found) for found in files]
    batches = [list(files[at:at + BATCH]) for at in range(0, len(files), BATCH)]
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(batches)), mp_context=multiprocessing.get_context("fork"),
                                 initializer=_start, initargs=(check_one, os.getpid())) as pool:
            sent = list(pool.map(_batch, batches))
    except (BrokenProcessPool, OSError):  # a process died or could not be made: load here
        return [check_one(found) for found in files]
    return [file for data in sent for file in pickle.loads(data)]


def _start(check_one: Callable[[Found], FileCheck], parent: int) -> None:
    """In a loading process, first thing: die with the checking process (`parent`, its pid
    from before the fork), and keep the function that checks one file."""
    lifetime.start_worker(parent)
    _given["check_one"] = check_one


def _batch(files: list[Found]) -> bytes:
    check_one = _given["check_one"]
    return dumps([check_one(found) for found in files])
