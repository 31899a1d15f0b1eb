"""Worker processes: a task that aborts the process, runs over its time or its memory is that task's failure,
and every other task still gets its result; where no process can start, tasks run in this one."""

import os
import sys
import time
from pathlib import Path

import pytest

from tests import hostile_files as H
from xlsales import isolation
from xlsales import limits as L
from xlsales.sharing.cli import read_all

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="memory caps and fork: Linux")


def echo(value, memory_limited=False):
    return value, memory_limited, os.getpid()


def abort(memory_limited=False):
    os.abort()  # what python-calamine's Rust allocator does when an allocation fails


def sleep(seconds, memory_limited=False):
    time.sleep(seconds)
    return "woke"


def allocate(megabytes, memory_limited=False):
    return len(bytearray(megabytes * L.MB))


def raise_bug(memory_limited=False):
    raise KeyError("a bug in the reading code")


def test_results_come_back_in_order_from_capped_workers():
    results = isolation.run([(echo, (n,)) for n in range(6)], workers=2)
    assert [r[0] for r in results] == list(range(6))
    assert all(r[1] for r in results)  # memory capped: Linux enforces RLIMIT_AS
    assert os.getpid() not in {r[2] for r in results} and len({r[2] for r in results}) == 2


def test_an_aborting_task_fails_alone_and_its_worker_is_replaced():
    results = isolation.run([(echo, (1,)), (abort, ()), (echo, (3,)), (abort, ()), (echo, (5,))], workers=2)
    assert [r[0] for r in results if not isinstance(r, isolation.Failed)] == [1, 3, 5]
    for failed in (results[1], results[3]):
        assert failed.reason.en.startswith("too large: the reading process stopped")
        assert "--max-memory-mb" in failed.reason.en and "内存上限" in failed.reason.zh


def test_tasks_sent_ahead_to_a_worker_that_dies_run_on_another():
    """A worker is sent several tasks ahead (isolation.IN_FLIGHT): when it dies on one, the results it sent before
    count, and the tasks behind the one it died on go to its replacement."""
    tasks = [(echo, (1,)), (abort, ()), (echo, (3,)), (echo, (4,))]
    assert len(tasks) <= isolation.IN_FLIGHT
    results = isolation.run(tasks, workers=1)
    assert results[0][0] == 1 and isinstance(results[1], isolation.Failed)
    assert [r[0] for r in results[2:]] == [3, 4] and results[2][2] != results[0][2]  # on a new worker


def test_a_task_past_its_time_is_stopped(capsys):
    start = time.monotonic()
    results = isolation.run([(sleep, (30,)), (echo, ("next",))], L.Limits(seconds=1), workers=1)
    assert time.monotonic() - start < 10
    assert results[0].reason.en == "too large: reading took over 1 s and was stopped (--max-seconds)"
    assert results[1][0] == "next"  # on a new worker


def test_a_task_past_its_memory_is_stopped():
    results = isolation.run([(allocate, (400,)), (allocate, (20,))], L.Limits(memory_mb=200), workers=1)
    assert results[0].reason.en == "too large: reading needs more than the 200 MB memory limit (--max-memory-mb)"
    assert results[1] == 20 * L.MB


def test_an_unexpected_error_is_that_task_s_failure():
    results = isolation.run([(raise_bug, ()), (echo, (2,))])
    assert results[0].reason.en == "reading failed: KeyError: 'a bug in the reading code'"
    assert results[1][0] == 2


def test_without_processes_tasks_run_here_unlimited(monkeypatch):
    monkeypatch.setattr(sys, "platform", "emscripten")  # Pyodide, as xlwings Lite runs it
    results = isolation.run([(echo, (1,)), (raise_bug, ())])
    assert results[0] == (1, False, os.getpid())
    assert isinstance(results[1], isolation.Failed)


def test_every_task_is_reported_with_its_result_as_it_finishes():
    seen = []
    results = isolation.run([(echo, (n,)) for n in range(5)], workers=2,
                            on_done=lambda done, index, result: seen.append((done, index, result)))
    assert [d for d, _, _ in seen] == [1, 2, 3, 4, 5] and sorted(i for _, i, _ in seen) == [0, 1, 2, 3, 4]
    assert all(result == results[index] and result[0] == index for _, index, result in seen)


def test_a_far_cell_that_aborts_calamine_is_one_skipped_file(tmp_path):
    """Memory-limited workers skip the full scan; with the cell limit raised, calamine itself meets the far cell:
    it allocates for 17 billion cells, fails and aborts its process. The other files are read."""
    paths = []
    for name, data in (("a.xlsx", H.good(1)), ("far.xlsx", H.far_cell(H.good(2))), ("b.xlsx", H.good(3))):
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    books = read_all(paths, L.Limits(cells=10**12, rows=10**7, columns=10**5))
    assert [b.failure is None for b in books] == [True, False, True]
    assert books[1].name == "far.xlsx" and books[1].failure.en.startswith("too large: the reading process stopped")
    assert [row[0] for row in books[2].sheets["商机"][1:3]] == ["G3-1", "G3-2"]


def test_read_all_names_an_unreadable_path(tmp_path):
    (tmp_path / "folder.xlsx").mkdir()
    books = read_all([tmp_path / "missing.xlsx", tmp_path / "folder.xlsx"])
    assert [b.failure.en for b in books] == ["cannot be read: No such file or directory",
                                             "cannot be read: Is a directory"]


def test_a_file_larger_than_the_limit_is_not_read_into_memory(tmp_path, monkeypatch):
    path = tmp_path / "big.xlsx"
    path.write_bytes(os.urandom(3 * L.MB))
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file past the size limit"))
    book = read_all([path], L.Limits(unpacked_mb=2))[0]  # the workers are forked with read_bytes patched
    assert book.failure.en == "too large: the file is 3 MB, over the 2 MB limit (--max-unpacked-mb)"
