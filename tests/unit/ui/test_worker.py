"""The worker helper posts results to the UI thread in order; store calls from the pool
run on the one store thread."""

from __future__ import annotations

import threading

import pytest

from koffer.ui import worker

pytestmark = pytest.mark.gui


def test_threaded_runner_delivers_on_ui_thread_in_order(qapp):
    runner = worker.ThreadRunner()
    main = threading.get_ident()
    seen: list[tuple[int, bool, bool]] = []
    for index in range(20):
        runner.submit(
            lambda i=index: (i, threading.get_ident() != main),
            lambda result: seen.append((*result, threading.get_ident() == main)),
        )
    errors: list[str] = []
    runner.submit(lambda: 1 / 0, None, lambda exc: errors.append(type(exc).__name__))
    assert runner.wait_idle(10_000)
    assert [s[0] for s in seen] == list(range(20))
    assert all(off and on for _i, off, on in seen)
    assert errors == ["ZeroDivisionError"]
    assert not runner.busy


def test_store_calls_from_a_pool_job_run_on_the_store_lane_in_order(qapp):
    """Not on the pool's thread, never beside another store job, and behind what was queued.

    (The lane is one thread at a time; Qt may replace that thread between jobs, so the
    order and the exclusion are what is promised, not one thread id for ever.)
    """
    runner = worker.ThreadRunner()
    busy = [0]
    overlaps: list[int] = []
    order: list[tuple[str, int]] = []
    pool_threads: set[int] = set()

    def on_store(name: str) -> None:
        busy[0] += 1
        overlaps.append(busy[0])
        order.append((name, threading.get_ident()))
        busy[0] -= 1

    def pool_job() -> int:
        pool_threads.add(threading.get_ident())
        runner.call_on_store_lane(lambda: on_store("from the pool"))
        return 42

    for index in range(5):
        runner.submit(lambda i=index: on_store(f"store {i}"))
    results: list[int] = []
    runner.submit(pool_job, results.append, lane=worker.Lane.CPU)
    assert runner.wait_idle(10_000)
    assert results == [42]
    assert [name for name, _ in order] == [*(f"store {i}" for i in range(5)), "from the pool"]
    assert max(overlaps) == 1
    assert order[-1][1] not in pool_threads


def test_a_store_call_from_the_store_thread_runs_at_once(qapp):
    runner = worker.ThreadRunner()
    results: list[int] = []
    runner.submit(lambda: runner.call_on_store_lane(lambda: 7), results.append)
    assert runner.wait_idle(10_000)
    assert results == [7]
