"""Two parts of a job at once (xlsales.forked): the same results as one after the other, whatever goes wrong where."""

import os
import sys

import pytest

from xlsales import forked

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux")


def test_the_other_part_runs_in_a_copy_and_its_result_comes_back():
    data = list(range(100000))  # the copy has it without being sent it
    here, there = forked.in_two(lambda: (os.getpid(), sum(data[:50000])), lambda: (os.getpid(), sum(data[50000:])))
    assert here == (os.getpid(), sum(range(50000))) and there[1] == sum(range(50000, 100000))
    assert there[0] != os.getpid()


def test_an_error_in_the_copy_is_raised_here_as_usual():
    calls = []

    def there():
        calls.append(os.getpid())
        raise KeyError("a bug")

    with pytest.raises(KeyError, match="a bug"):
        forked.in_two(lambda: 1, there)
    assert calls == [os.getpid()]  # in the copy it failed unseen; run again here, it raised


def test_a_copy_that_dies_is_replaced_by_the_work_done_here():
    def there():
        if os.getpid() != parent:
            os._exit(3)  # killed, out of memory...
        return "done here"

    parent = os.getpid()
    assert forked.in_two(lambda: 1, there) == (1, "done here")


def test_an_error_here_ends_the_copy(tmp_path):
    marker = tmp_path / "copy finished"

    def there():
        import time

        time.sleep(2)
        marker.write_text("yes")

    with pytest.raises(ValueError):
        forked.in_two(lambda: int("x"), there)
    assert not marker.exists()


def test_without_fork_both_parts_run_here(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert forked.in_two(os.getpid, os.getpid) == (os.getpid(), os.getpid())
