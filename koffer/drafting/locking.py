"""What locking does with input that is not on disk yet: retry, then keep it for the unlock.

Normally every change is written within milliseconds and a lock closes drafts.db at
once. When the disk is full, the open draft's last changes cannot be written; dropping
them with the closed form would silently lose what the worker typed. So before the
profile locks, the saves are retried a few times (`RETRIES`, `RETRY_DELAY_MS` apart:
a moment for space to come back, short enough that an idle lock still locks); what
still cannot be written leaves the closed form as `Unsaved` and is the one piece of
citizen data kept in memory while locked. At the next unlock the draft opens with it
put back and saved again (`DraftEditor.restore`): if the disk is still full, the form
says so as it always does, and the worker decides (make room, or take it back with
undo). Nothing typed is ever discarded without the worker seeing it.

Qt-free: the desktop app passes its timer (`later`) and gets the outcome in `done`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from koffer.drafting import wording
from koffer.drafting.base import SaveBatch
from koffer.drafting.saving import Saver
from koffer.store.errors import DiskFull

#: Attempts after the first failed save before the lock carries the changes over.
RETRIES = 3
#: Pause between attempts (milliseconds).
RETRY_DELAY_MS = 500

#: Schedules `callback` after `delay_ms` on the caller's thread.
Later = Callable[[int, Callable[[], None]], None]


@dataclass(frozen=True)
class Unsaved:
    """A draft's changes that could not be written before the lock.

    Attributes:
        draft_id: the draft they belong to.
        batch: the changes (the newest value of each path, or the whole answer set).
        reason: why they could not be written: `wording.DISK_FULL_REASON` (the UI
            translates it) or the store's own German message.
    """

    draft_id: str
    batch: SaveBatch
    reason: str


class LockFlush:
    """Write the open draft's queued changes before the lock, retrying; then `done`.

    `done(None)` when everything is on disk (or there was no open draft), else
    `done(Unsaved)` with what is carried over to the unlock.
    """

    def __init__(
        self,
        saver: Saver | None,
        later: Later,
        done: Callable[[Unsaved | None], None],
        *,
        retries: int = RETRIES,
        delay_ms: int = RETRY_DELAY_MS,
    ) -> None:
        self._saver = saver
        self._later = later
        self._done = done
        self._left = retries
        self._delay_ms = delay_ms
        self._finished = False

    def start(self) -> None:
        """Hand what is queued to the store lane and wait for it."""
        saver = self._saver
        if saver is None:
            self._finish(None)
            return
        saver.flush_now()
        self._wait(saver)

    def _wait(self, saver: Saver) -> None:
        # A saver whose last write failed is not idle, and nothing would wake a waiter.
        if saver.stuck:
            self._settled()
        else:
            saver.when_idle(self._settled)

    def _settled(self) -> None:
        saver = self._saver
        assert saver is not None
        if not saver.stuck:
            self._finish(None)
        elif self._left > 0:
            self._left -= 1
            self._later(self._delay_ms, self._again)
        else:
            error = saver.last_error
            reason = (
                wording.DISK_FULL_REASON
                if isinstance(error, DiskFull) or error is None
                else str(getattr(error, "user_message", "") or wording.DISK_FULL_REASON)
            )
            batch = saver.take_unsaved()
            self._finish(None if batch is None else Unsaved(saver.draft_id, batch, reason))

    def _again(self) -> None:
        saver = self._saver
        assert saver is not None
        saver.retry()
        self._wait(saver)

    def _finish(self, unsaved: Unsaved | None) -> None:
        if not self._finished:
            self._finished = True
            self._done(unsaved)
