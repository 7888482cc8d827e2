"""The one way to do background work: run a function off the UI thread, get the result back.

Modelled on Picard's `util/thread.py` and Anki's task manager. Two lanes exist:

* ``Lane.STORE``: one thread at a time, strictly in order: autosaves reach the disk in
  the order they were typed, and nothing reads a store that the lock closed a moment
  before. Every store call goes here.
* ``Lane.CPU``: the global pool, for independent work (rendering, thumbnails, network).
  A CPU job that needs the store (a sync pass, a print job waiting on the printer) hands
  each store call to the store lane with :func:`on_store_lane` and waits for it
  (`koffer.store.lane.StoreLane`).

Tests install a :class:`SyncRunner` with :func:`set_runner`, so callbacks run at once on
the calling thread and no test has to wait for a thread.
"""

from __future__ import annotations

import concurrent.futures
import enum
import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")
OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


class Lane(enum.Enum):
    """Where a job runs."""

    STORE = "store"
    CPU = "cpu"


class Runner(Protocol):
    """Something that runs jobs and reports back on the UI thread."""

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        lane: Lane = Lane.STORE,
    ) -> None:
        """Run `fn`; call `on_done(result)` or `on_error(exc)` on the UI thread."""

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Block until every submitted job has finished (tests, shutdown)."""

    def drain(self, timeout_ms: int = 30_000) -> bool:
        """Block until every job ran, WITHOUT delivering results (safe inside a slot)."""

    @property
    def busy(self) -> bool:
        """Whether jobs are still running or queued."""

    def call_on_store_lane(self, fn: Callable[[], T]) -> T:
        """Run `fn` on the store lane and wait (from a CPU-lane job)."""


def _default_error(exc: BaseException) -> None:
    # Never log the exception text: it may quote personal data. The type is enough.
    log.error("background job failed: %s", type(exc).__name__)
    if _error_hook is not None:
        _error_hook(exc)


_error_hook: OnError | None = None


def set_error_hook(hook: OnError | None) -> None:
    """Install the handler for failures that the caller did not handle (a message box)."""
    global _error_hook  # noqa: PLW0603 - one process-wide hook, set by the main window
    _error_hook = hook


class _Relay(QObject):
    """Lives on the UI thread; its queued signals carry results back there.

    The callbacks are slots of this object, so Qt delivers them on the relay's (UI)
    thread whatever thread emitted the signal.
    """

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        on_done: OnDone | None,
        on_error: OnError | None,
        finish: Callable[[_Relay], None],
    ) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self._finish = finish
        self.done.connect(self._deliver_done, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._deliver_error, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver_done(self, result: object) -> None:
        try:
            if self._on_done is not None:
                self._on_done(result)
        finally:
            self._finish(self)

    @Slot(object)
    def _deliver_error(self, exc: object) -> None:
        try:
            assert isinstance(exc, BaseException)
            (self._on_error or _default_error)(exc)
        finally:
            self._finish(self)


_on_store_thread = threading.local()


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, *, store: bool) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay
        self._store = store
        self.setAutoDelete(True)

    def run(self) -> None:
        _on_store_thread.active = self._store
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - every failure goes to the UI thread
            self._relay.failed.emit(exc)
            return
        finally:
            _on_store_thread.active = False
        self._relay.done.emit(result)


class _StoreCall(QRunnable):
    """A store call from a pool thread: runs on the store lane, hands back through a future."""

    def __init__(self, fn: Callable[[], Any], future: concurrent.futures.Future[Any]) -> None:
        super().__init__()
        self._fn = fn
        self._future = future
        self.setAutoDelete(True)

    def run(self) -> None:
        _on_store_thread.active = True
        try:
            self._future.set_result(self._fn())
        except BaseException as exc:  # noqa: BLE001 - raised again in the waiting thread
            self._future.set_exception(exc)
        finally:
            _on_store_thread.active = False


class ThreadRunner(QObject):
    """Runs jobs on thread pools and posts results back through queued signals."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store_pool = QThreadPool(self)
        self._store_pool.setMaxThreadCount(1)
        self._store_pool.setExpiryTimeout(-1)  # keep the one store thread alive: affinity
        self._cpu_pool = QThreadPool.globalInstance()
        self._relays: set[_Relay] = set()

    @property
    def busy(self) -> bool:
        """Whether jobs are still running or queued."""
        return bool(self._relays)

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        lane: Lane = Lane.STORE,
    ) -> None:
        """Queue `fn` on `lane`; the callbacks run on the UI thread."""
        relay = _Relay(on_done, on_error, self._finish)
        was_busy = self.busy
        self._relays.add(relay)
        store = lane is Lane.STORE
        pool = self._store_pool if store else self._cpu_pool
        pool.start(_Job(fn, relay, store=store))
        if not was_busy:
            self.busy_changed.emit(True)

    def call_on_store_lane(self, fn: Callable[[], T]) -> T:
        """Run `fn` on the store thread after what is queued there; wait for its result.

        For jobs on the CPU lane. On the store thread itself it runs at once (waiting
        for itself would never end).
        """
        if getattr(_on_store_thread, "active", False):
            return fn()
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        self._store_pool.start(_StoreCall(fn, future))
        return future.result()

    def _finish(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()
        if not self.busy:
            self.busy_changed.emit(False)

    def drain(self, timeout_ms: int = 30_000) -> bool:
        """Wait for both pools without running the event loop (quit, from any slot).

        Results stay queued; nothing is delivered re-entrantly, so no relay can be
        deleted while one of its own slots runs.
        """
        return self._store_pool.waitForDone(timeout_ms) and self._cpu_pool.waitForDone(timeout_ms)

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Wait for both pools, then deliver the queued results (tests, benchmarks only;
        never call it from a slot)."""
        import time

        from PySide6.QtCore import QCoreApplication

        deadline = time.monotonic() + timeout_ms / 1000
        while self.busy and time.monotonic() < deadline:
            self._store_pool.waitForDone(50)
            self._cpu_pool.waitForDone(50)
            QCoreApplication.processEvents()
        return not self.busy


class SyncRunner:
    """Runs every job at once on the calling thread (tests and benchmarks of logic)."""

    busy = False

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        lane: Lane = Lane.STORE,
    ) -> None:
        """Run `fn` now and call back now."""
        del lane
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - same contract as the threaded runner
            (on_error or _default_error)(exc)
            return
        if on_done is not None:
            on_done(result)

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Nothing is ever pending."""
        del timeout_ms
        return True

    def drain(self, timeout_ms: int = 30_000) -> bool:
        """Nothing is ever pending."""
        del timeout_ms
        return True

    def call_on_store_lane(self, fn: Callable[[], T]) -> T:
        """Everything runs on the calling thread: call now."""
        return fn()


_runner: Runner | None = None


def set_runner(runner: Runner | None) -> None:
    """Install the runner used by :func:`run_in_background` (None: the threaded default)."""
    global _runner  # noqa: PLW0603 - the single process-wide runner, swappable for tests
    _runner = runner


def runner() -> Runner:
    """The current runner, creating the threaded one on first use."""
    global _runner  # noqa: PLW0603
    if _runner is None:
        _runner = ThreadRunner()
    return _runner


def run_in_background(
    fn: Callable[[], T],
    on_done: Callable[[T], None] | None = None,
    on_error: OnError | None = None,
    lane: Lane = Lane.STORE,
) -> None:
    """Run `fn` off the UI thread and hand its result or exception back to the UI thread.

    Args:
        fn: The blocking work. It must not touch widgets.
        on_done: Called with the result, on the UI thread.
        on_error: Called with the exception, on the UI thread; by default the failure is
            logged (type only) and shown through the error hook.
        lane: ``Lane.STORE`` (ordered, the store's thread) or ``Lane.CPU``.
    """
    runner().submit(fn, on_done, on_error, lane)


def on_store_lane(fn: Callable[[], T], /) -> T:
    """The app's `koffer.store.lane.StoreLane`: run `fn` on the store thread and wait.

    Call it from a CPU-lane job only (never from the UI thread: it would block it).
    """
    return runner().call_on_store_lane(fn)
