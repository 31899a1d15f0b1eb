"""Two parts of one job at once: one in this process, the other in a forked copy of it.

Python runs one thread at a time, so building the team workbook used one CPU while the others
waited. A forked copy of the process has all the data already (nothing is sent to it) and sends
back only its part's result. Only where the OS forks safely (Linux); elsewhere, or when the copy
cannot be started or does not finish, both parts run here, one after the other, so the result is
always the same.
"""

import gc
import os
import pickle
import signal
import sys
from typing import Any, Callable


def in_two(here: Callable[[], Any], there: Callable[[], Any]) -> tuple[Any, Any]:
    """(here(), there()): `there` in a forked copy meanwhile. Its result must pickle; an error there (or the copy
    dying) makes it run again here, where an error is raised as usual."""
    if not sys.platform.startswith("linux"):
        return here(), there()
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return here(), there()
    if pid == 0:
        _serve(read_end, write_end, there)
    os.close(write_end)
    try:
        mine = here()
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        os.close(read_end)
        os.waitpid(pid, 0)
        raise
    with os.fdopen(read_end, "rb") as pipe:
        sent = pipe.read()
    os.waitpid(pid, 0)
    try:
        done, theirs = pickle.loads(sent)
    except Exception:  # the copy died before it had sent everything
        done = False
    return mine, theirs if done else there()


def _serve(read_end: int, write_end: int, work: Callable[[], Any]) -> None:
    """In the copy: run `work`, send (done, result) and end without running anything of the parent's (no atexit
    handlers, no buffers flushed twice; no collection of the parent's garbage, whose finalizers might remove the
    parent's temporary files)."""
    gc.disable()
    os.close(read_end)
    try:
        message = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        message = pickle.dumps((False, None))
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(message)
    finally:
        os._exit(0)
