"""Save every change of an open draft at once, in order, without blocking the screen.

Changes are queued per path; while one save is on the store lane, newer changes collect
and go in the next one (a fast typist causes a handful of writes, not one per key, and
the newest value always wins). A failed save keeps its changes queued, so nothing typed
is lost; the next change or `Saver.retry` tries again. Before anything that must see
every change on disk (signing, finalising, closing, locking), `flush_now` hands what is
queued to the store lane, which runs jobs in order.

The saver decides nothing about threads: `submit` runs a job on the store lane and calls
back on the caller's thread (the desktop app passes its worker helper; tests run jobs
at once).
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Callable
from typing import Any, TypeVar

from forms.model import Answers, AnswerValue
from koffer.drafting.actors import Actor
from koffer.drafting.base import SaveBatch
from koffer.drafting.documents import Tick
from koffer.drafting.lifecycle import Stage

T = TypeVar("T")
#: Runs `job` on the store lane; then `on_done(result)` or `on_error(exc)` on the caller's
#: thread.
Submit = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]


class SaveState(enum.StrEnum):
    """What the "Alles gespeichert" line shows."""

    SAVING = "saving"
    SAVED = "saved"
    FAILED = "failed"


Listener = Callable[[SaveState, BaseException | None], None]


class Saver:
    """Queues the changes of one draft and writes them through the store lane.

    Args:
        draft_id: the draft.
        write: writes one batch, returns the stage afterwards (`Workspace.save`).
        submit: runs a job on the store lane (see the module docstring).
        on_stage: told the stored stage after every write (draft / signed).
    """

    def __init__(
        self,
        draft_id: str,
        write: Callable[[SaveBatch], Stage],
        submit: Submit,
        *,
        on_stage: Callable[[Stage], None] | None = None,
    ) -> None:
        self.draft_id = draft_id
        self._write = write
        self._submit = submit
        self._on_stage = on_stage
        self._pending: dict[str, AnswerValue] = {}
        self._ticks: dict[str, Tick | None] = {}
        self._full: Answers | None = None
        self._completeness: float | None = None
        self._signed: bool | None = None  # the newest wish
        self._signed_sent: bool | None = None  # what the last batch carried
        self._signed_dirty = False
        self._by: Actor | None = None
        self._in_flight = 0
        self._waiters: list[Callable[[], None]] = []
        self._listeners: list[Listener] = []
        self.last_error: BaseException | None = None

    # ------------------------------------------------------------------ observers
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(state, error)` whenever the save state changes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _tell(self, state: SaveState, error: BaseException | None = None) -> None:
        for listener in list(self._listeners):
            listener(state, error)

    # ------------------------------------------------------------------ queueing
    @property
    def idle(self) -> bool:
        """Nothing waiting and nothing on the way."""
        return not (self._in_flight or self._has_work())

    def _has_work(self) -> bool:
        return bool(
            self._pending
            or self._ticks
            or self._full is not None
            or self._completeness is not None
            or self._signed_dirty
        )

    def answer(self, path: str, value: AnswerValue, by: Actor) -> None:
        """Queue one answer (the newest value of a path wins)."""
        self._pending.pop(path, None)
        self._pending[path] = copy.deepcopy(value)
        self._by = by
        self._kick()

    def everything(self, answers: Answers, by: Actor) -> None:
        """Queue the whole answer set (undo), replacing queued single answers."""
        self._pending.clear()
        self._full = copy.deepcopy(answers)
        self._by = by
        self._kick()

    def tick(self, document_id: str, tick: Tick | None, by: Actor) -> None:
        """Queue a document's tick (None: open); the newest tick of a document wins."""
        self._ticks.pop(document_id, None)
        self._ticks[document_id] = tick
        self._by = by
        self._kick()

    def completeness(self, value: float) -> None:
        """Queue the completeness shown in the drafts list."""
        self._completeness = value
        self._kick()

    def signed(self, value: bool | None) -> None:
        """Queue whether the answers are exactly the signed ones (moves the stage)."""
        if value is None:
            return
        self._signed = value
        if value != self._signed_sent:
            self._signed_dirty = True
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

    @property
    def stuck(self) -> bool:
        """Changes wait that the last save could not write (disk full…), none on the way."""
        return not self._in_flight and self._has_work() and self.last_error is not None

    def take_unsaved(self) -> SaveBatch | None:
        """Everything still queued, as one batch, taken out of this saver (None: nothing).

        For the lock: what could not be written is carried over to the next unlock
        (`koffer.drafting.locking`) instead of being dropped with the closed form.
        """
        if self._in_flight or not self._has_work():
            return None
        batch = self._batch()
        self._full, self._pending, self._completeness = None, {}, None
        self._ticks = {}
        self._signed_dirty = False
        return batch

    def flush_now(self) -> None:
        """Hand everything queued to the store lane right away (before sign, close, lock).

        The lane runs jobs in order, so a job submitted now still lands before anything
        submitted later (such as closing the store).
        """
        self._kick(force=True)

    # ------------------------------------------------------------------ writing
    def _batch(self) -> SaveBatch:
        return SaveBatch(
            self.draft_id,
            answers=self._full,
            changes=tuple(self._pending.items()),
            completeness=self._completeness,
            signed=self._signed if self._signed_dirty else None,
            by=self._by,
            ticks=tuple(self._ticks.items()),
        )

    def _kick(self, *, force: bool = False) -> None:
        if (self._in_flight and not force) or not self._has_work():
            return
        batch = self._batch()
        self._full, self._pending, self._completeness = None, {}, None
        self._ticks = {}
        if self._signed_dirty:
            self._signed_sent = self._signed
        self._signed_dirty = False
        write = self._write

        def done(stage: Stage) -> None:
            self._in_flight -= 1
            self.last_error = None
            if self._on_stage is not None:
                self._on_stage(stage)
            self._tell(SaveState.SAVED if self.idle else SaveState.SAVING)
            self._kick()
            self._notify()

        def failed(exc: BaseException) -> None:
            self._in_flight -= 1
            self.last_error = exc
            # Put back what did not reach the disk, older than anything queued since.
            if batch.answers is not None and self._full is None:
                self._full = batch.answers
            self._pending = {**dict(batch.changes), **self._pending}
            self._ticks = {**dict(batch.ticks), **self._ticks}
            if self._completeness is None:
                self._completeness = batch.completeness
            if batch.signed is not None:
                self._signed_sent = None
                self._signed_dirty = True
            self._tell(SaveState.FAILED, exc)
            self._notify(force=True)

        self._in_flight += 1
        self._tell(SaveState.SAVING)
        self._submit(lambda: write(batch), done, failed)

    def _notify(self, *, force: bool = False) -> None:
        if (self.idle or force) and self._waiters:
            waiters, self._waiters = self._waiters, []
            for callback in waiters:
                callback()
