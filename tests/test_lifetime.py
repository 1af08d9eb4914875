"""A worker ends with the build even when the build dies between the fork and the worker's
first step (`sitegen.build.lifetime`): the parent's pid comes from before the fork."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_worker_whose_parent_is_already_gone_exits():
    """As a worker whose parent died before it ran: the pid it was given is not its parent's."""
    code = ("import os; from sitegen.build import lifetime; lifetime.start_worker(os.getppid() + 100000); "
            "print('outlived its parent')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert (done.returncode, done.stdout) == (1, "")


def test_a_worker_whose_parent_lives_goes_on():
    code = "import os; from sitegen.build import lifetime; lifetime.start_worker(os.getppid()); print('running')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert (done.returncode, done.stdout) == (0, "running\n")


def test_programs_a_worker_starts_are_bound_to_that_worker():
    code = ("import os; from sitegen.build import lifetime; lifetime.start_worker(os.getppid()); "
            "setup = lifetime.child_setup(); print(setup.args == (os.getpid(),))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.stdout == "True\n"
