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


def test_store_calls_from_a_pool_job_run_on_the_store_thread_in_order(qapp):
    runner = worker.ThreadRunner()
    threads: dict[str, set[int]] = {"store": set(), "lane": set(), "pool": set()}
    order: list[str] = []

    def store_job(name: str) -> None:
        threads["store"].add(threading.get_ident())
        order.append(name)

    def pool_job() -> int:
        threads["pool"].add(threading.get_ident())

        def on_lane() -> int:
            threads["lane"].add(threading.get_ident())
            order.append("from the pool")
            return 42

        return runner.call_on_store_lane(on_lane)

    runner.submit(lambda: store_job("first"))
    results: list[int] = []
    runner.submit(pool_job, results.append, lane=worker.Lane.CPU)
    assert runner.wait_idle(10_000)
    assert results == [42]
    assert threads["lane"] == threads["store"]
    assert len(threads["store"]) == 1
    assert threads["pool"].isdisjoint(threads["store"])
    assert order == ["first", "from the pool"]  # queued behind what was there before


def test_a_store_call_from_the_store_thread_runs_at_once(qapp):
    runner = worker.ThreadRunner()
    results: list[int] = []
    runner.submit(lambda: runner.call_on_store_lane(lambda: 7), results.append)
    assert runner.wait_idle(10_000)
    assert results == [7]
