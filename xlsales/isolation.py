"""Read files from anyone in child processes, so that what one file does to the reader ends that child, not us.

python-calamine aborts the whole process when an allocation fails (Rust's out-of-memory handler), a
damaged file can loop, and a file can make a reader take all the memory there is. Here each task runs
in a worker process:

- a few workers (one per CPU this process may use, at most MAX_WORKERS) take the tasks in turn, so
  files are read in parallel and the roll-up is not slower than reading in one process;
- started by fork on Linux (cheap: everything is imported already) and by spawn elsewhere;
- each worker's memory is capped (RLIMIT_AS: its size when it starts plus `Limits.memory_mb`) where the
  OS enforces that cap (Linux); the parent kills a worker whose task runs past `Limits.seconds`;
- a worker that dies, runs over or is killed is replaced, and its task's result is `Failed(reason)`;
- a worker sends back only its task's result (the sheets the caller asked for), and its stderr goes
  nowhere (calamine's abort message is not for the user: the reason is).

Where no process can be started (xlwings Lite runs Pyodide: no processes at all; or the OS refuses),
the tasks run here, one after the other, told that nothing limits their memory (`memory_limited=False`),
so the reading code checks everything before reading (xlsales.limits).
A task is `(function, args)`; the function is called as `function(*args, memory_limited=bool)` and
must be importable by name (a module-level function) and return something picklable.
"""

import os
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

from xlsales import limits as L
from xlsales.i18n import Text

MAX_WORKERS = 4
Task = tuple[Callable[..., Any], tuple[Any, ...]]

_TOO_SLOW = Text("读取超过 {seconds:,.0f} 秒,已停止(--max-seconds)",
                 "reading took over {seconds:,.0f} s and was stopped (--max-seconds)")
_STOPPED = Text("读取进程意外终止(可能是文件太大,内存上限 {memory:,.0f} MB,--max-memory-mb;或文件已损坏)",
                "the reading process stopped (too large for the {memory:,.0f} MB memory limit, --max-memory-mb; "
                "or a damaged file)")
_OUT_OF_MEMORY = Text("读取所需内存超过上限 {memory:,.0f} MB(--max-memory-mb)",
                      "reading needs more than the {memory:,.0f} MB memory limit (--max-memory-mb)")
_FAILED = Text("读取出错: {error}", "reading failed: {error}")


@dataclass(frozen=True)
class Failed:
    """A task that gave no result: why, in both languages."""

    reason: Text


def run(tasks: list[Task], limits: L.Limits = L.DEFAULT, on_done: Callable[[int, int, Any], None] | None = None,
        workers: int | None = None) -> list[Any]:
    """Each task's result (or Failed), in the order of `tasks`; `on_done(done, index, result)` as each one finishes,
    so the caller can use the results while the others are still running."""
    if not tasks:
        return []
    context = _context()
    if context is None:
        return _here(tasks, limits, on_done)
    count = min(workers or _cpus(), MAX_WORKERS, len(tasks))
    try:
        return _Pool(context, count, limits).run(tasks, on_done)
    except _NoProcesses:
        return _here(tasks, limits, on_done)


def _here(tasks: list[Task], limits: L.Limits, on_done: Callable[[int, int, Any], None] | None) -> list[Any]:
    results = []
    for index, task in enumerate(tasks):
        results.append(_call(task, limits, memory_limited=False))
        if on_done:
            on_done(index + 1, index, results[-1])
    return results


def _call(task: Task, limits: L.Limits, memory_limited: bool) -> Any:
    function, args = task
    try:
        return function(*args, memory_limited=memory_limited)
    except MemoryError:
        return Failed(L.say(L.TOO_LARGE, what=L.say(_OUT_OF_MEMORY, memory=limits.memory_mb)))
    except Exception as error:  # one file must not end the others' reading: its row says what went wrong
        return Failed(L.say(_FAILED, error=f"{type(error).__name__}: {error}"[:200]))


def _context() -> Any:
    if sys.platform in ("emscripten", "wasi"):
        return None
    try:
        import multiprocessing
    except ImportError:
        return None
    method = "fork" if sys.platform.startswith("linux") else "spawn"  # fork is unsafe on macOS, absent on Windows
    return multiprocessing.get_context(method)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class _NoProcesses(Exception):
    """The OS refused to start a worker before any task ran."""


# Tasks sent to a worker ahead of its results: it starts the next one as soon as it has sent a result. With
# every CPU busy reading, the parent may wait milliseconds for its turn to answer, and a worker waiting for
# the parent's answer each time left a tenth of the reading time unused.
IN_FLIGHT = 4


@dataclass
class _Worker:
    process: Any
    connection: Any
    tasks: deque[int] = field(default_factory=deque)  # sent to it, in order: the first is the one running
    started: float = 0.0  # when the first of `tasks` started (at the latest)


class _Pool:
    def __init__(self, context: Any, count: int, limits: L.Limits):
        self.context, self.count, self.limits = context, count, limits
        self.workers: list[_Worker] = []

    def run(self, tasks: list[Task], on_done: Callable[[int, int, Any], None] | None) -> list[Any]:
        from multiprocessing.connection import wait

        results: list[Any] = [None] * len(tasks)
        waiting = list(range(len(tasks)))[::-1]  # popped from the end: first task first
        done = 0
        try:
            for _ in range(self.count):
                try:
                    self._start()
                except OSError as error:
                    if not self.workers:
                        raise _NoProcesses() from error
                    break  # fewer workers, then
            while waiting or any(w.tasks for w in self.workers):
                if not self.workers:  # the OS stopped giving us processes: read the rest here
                    for index in reversed(waiting):
                        results[index] = _call(tasks[index], self.limits, memory_limited=False)
                        done += 1
                        if on_done:
                            on_done(done, index, results[index])
                    break
                for worker in list(self.workers):
                    self._feed(worker, tasks, waiting)
                busy = [w for w in self.workers if w.tasks]
                if not busy:
                    continue
                deadline = min(w.started for w in busy) + self.limits.seconds
                wait([w.connection for w in busy] + [w.process.sentinel for w in busy],
                     timeout=max(0.0, deadline - time.monotonic()))
                for worker in busy:
                    while worker.tasks:
                        outcome, ended = self._outcome(worker)
                        if outcome is _PENDING:
                            break
                        index = worker.tasks.popleft()
                        worker.started = time.monotonic()  # the next one starts as soon as this one was sent
                        results[index] = outcome
                        done += 1
                        if on_done:
                            on_done(done, index, outcome)
                        if ended:  # the tasks sent after the one it ended on never started: another worker's now
                            waiting += reversed(worker.tasks)
                            worker.tasks.clear()
                    if not worker.process.is_alive() and not worker.tasks:
                        self._replace(worker, still_needed=bool(waiting))
        finally:
            self._stop()
        return results

    def _feed(self, worker: _Worker, tasks: list[Task], waiting: list[int]) -> None:
        """Send `worker` tasks until it has IN_FLIGHT of them."""
        while len(worker.tasks) < IN_FLIGHT and waiting:
            try:
                worker.connection.send(tasks[waiting[-1]])
            except OSError:  # it died: with tasks sent, its end is judged with their outcomes
                if not worker.tasks:  # between two tasks: the task waits for another worker
                    worker.process.join()
                    self._replace(worker, still_needed=True)
                return
            if not worker.tasks:
                worker.started = time.monotonic()
            worker.tasks.append(waiting.pop())

    def _outcome(self, worker: _Worker) -> tuple[Any, bool]:
        """(the result of the worker's first task, or Failed if it died or ran over on it, or _PENDING; whether
        the worker ended on it: then it is stopped)."""
        if worker.connection.poll():
            try:
                return worker.connection.recv(), False
            except (EOFError, OSError):
                pass  # died while sending: judged below by its exit
        elif worker.process.is_alive():
            if time.monotonic() - worker.started <= self.limits.seconds:
                return _PENDING, False
            worker.process.kill()
            worker.process.join()
            return Failed(L.say(L.TOO_LARGE, what=L.say(_TOO_SLOW, seconds=self.limits.seconds))), True
        worker.process.join()
        return Failed(L.say(L.TOO_LARGE, what=L.say(_STOPPED, memory=self.limits.memory_mb))), True

    def _start(self) -> _Worker:
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(child_end, parent_end, self.limits), daemon=True)
        try:
            process.start()
        except OSError:
            parent_end.close()
            child_end.close()
            raise
        child_end.close()
        worker = _Worker(process, parent_end)
        self.workers.append(worker)
        return worker

    def _replace(self, worker: _Worker, still_needed: bool) -> None:
        worker.connection.close()
        self.workers.remove(worker)
        if still_needed:
            try:
                self._start()
            except OSError:
                pass  # carry on with the workers left (or, with none, in this process)

    def _stop(self) -> None:
        for worker in self.workers:
            try:
                worker.connection.send(None)
            except OSError:
                pass
        for worker in self.workers:
            worker.process.join(timeout=1)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self.workers = []


_PENDING = object()


def _serve(connection: Any, parent_end: Any, limits: L.Limits) -> None:
    """A worker: run tasks until told to stop (None) or the parent is gone."""
    parent_end.close()  # else the worker itself would keep its pipe open after the parent died
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    _silence_stderr()
    memory_limited = _cap_memory(limits.memory_mb)
    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        result = _call(task, limits, memory_limited)
        try:
            connection.send(result)
        except MemoryError:
            connection.send(Failed(L.say(L.TOO_LARGE, what=L.say(_OUT_OF_MEMORY, memory=limits.memory_mb))))


def _silence_stderr() -> None:
    import faulthandler

    faulthandler.disable()  # it writes to its own copy of stderr (pytest, PYTHONFAULTHANDLER)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _cap_memory(megabytes: float) -> bool:
    """Let this process grow by at most `megabytes` from its present size; whether the OS enforces that."""
    if not sys.platform.startswith("linux"):  # macOS accepts RLIMIT_AS but does not enforce it; Windows has none
        return False
    try:
        import resource

        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = size + int(megabytes * L.MB)
        for limit in (soft, hard):
            if limit != resource.RLIM_INFINITY:
                cap = min(cap, limit)  # never raise a cap someone else set
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        return True
    except (ImportError, OSError, ValueError):
        return False
