"""Save every change at once, in order, without blocking the UI.

Changes are queued per path; while one save is on the store thread, newer changes
collect and go in the next one (a fast typist causes a handful of writes, not one per
key, and the newest value always wins). A failed save keeps its changes queued, so
nothing typed is lost; the next change or :meth:`AutoSaver.retry` tries again.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from forms.model import Answers, AnswerValue
from koffer.ui.worker import Lane, run_in_background


class AutoSaver(QObject):
    """Queues the changes of one draft and writes them through the store thread."""

    state_changed = Signal(str)  # "saving", "saved", "failed"
    failed = Signal(object)  # the exception

    def __init__(self, store: Any, draft_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.draft_id = draft_id
        self._pending: dict[str, AnswerValue] = {}
        self._full: Answers | None = None
        self._extra: dict[str, Any] = {}
        self._in_flight = 0
        self._waiters: list[Callable[[], None]] = []

    @property
    def idle(self) -> bool:
        """Nothing waiting and nothing on the way."""
        return not (self._in_flight or self._pending or self._full is not None or self._extra)

    def answer(self, path: str, value: AnswerValue) -> None:
        """Queue one answer (the newest value of a path wins)."""
        self._pending.pop(path, None)
        self._pending[path] = copy.deepcopy(value)
        self._kick()

    def everything(self, answers: Answers) -> None:
        """Queue the whole answer set (undo), replacing queued single answers."""
        self._pending.clear()
        self._full = copy.deepcopy(answers)
        self._kick()

    def completeness(self, value: float) -> None:
        """Queue the completeness shown in the drafts list."""
        self._extra["completeness"] = value
        self._kick()

    def status(self, value: str) -> None:
        """Queue a status change (e.g. back to "draft" after a change)."""
        self._extra["status"] = value
        self._kick()

    def when_idle(self, callback: Callable[[], None]) -> None:
        """Call `callback` once everything queued is on disk (or failed)."""
        if self.idle:
            callback()
        else:
            self._waiters.append(callback)

    def retry(self) -> None:
        """Try the queued changes again."""
        self._kick()

    def flush_now(self) -> None:
        """Hand everything queued to the store thread right away (before lock or close).

        The store thread runs jobs in order, so a job submitted now still lands before
        anything submitted later (such as closing the store).
        """
        self._kick(force=True)

    def _kick(self, *, force: bool = False) -> None:
        if (self._in_flight and not force) or not (
            self._pending or self._full is not None or self._extra
        ):
            return
        store, draft_id = self._store, self.draft_id
        full, self._full = self._full, None
        items, self._pending = list(self._pending.items()), {}
        extra, self._extra = self._extra, {}

        def job() -> None:
            if full is not None:
                store.set_answers(draft_id, full)
            for path, value in items:
                store.set_answer(draft_id, path, value)
            if "status" in extra:
                store.set_status(draft_id, extra["status"])
            if "completeness" in extra:
                store.set_completeness(draft_id, extra["completeness"])

        def done(_result: object) -> None:
            self._in_flight -= 1
            self.state_changed.emit("saved" if self.idle else "saving")
            self._kick()
            self._notify()

        def failed(exc: BaseException) -> None:
            self._in_flight -= 1
            # Put back what did not reach the disk, older than anything queued since.
            if full is not None and self._full is None:
                self._full = full
            self._pending = {**dict(items), **self._pending}
            self._extra = {**extra, **self._extra}
            self.state_changed.emit("failed")
            self.failed.emit(exc)
            self._notify(force=True)

        self._in_flight += 1
        self.state_changed.emit("saving")
        run_in_background(job, done, failed, Lane.STORE)

    def _notify(self, *, force: bool = False) -> None:
        if (self.idle or force) and self._waiters:
            waiters, self._waiters = self._waiters, []
            for callback in waiters:
                callback()
