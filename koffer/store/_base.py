"""What the parts of the drafts store share: the connection, the clock, answers I/O
and the audit hook. `DraftStore` is assembled from this base and one mixin per job
(attachments and signatures, visits, print queue)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from koffer.store._sqlcipher import Connection
from koffer.store.device import DeviceStore
from koffer.store.errors import DraftLocked, DraftNotFound
from koffer.store.models import DraftStatus, to_text

if TYPE_CHECKING:
    from forms.model import Answers


def dumps(value: Any) -> str:
    """Compact JSON as stored (UTF-8 text inside the encrypted file)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class StoreBase:
    """State and helpers every part of the drafts store uses."""

    _conn: Connection
    _device: DeviceStore | None
    _clock: Callable[[], datetime]

    def _editable_answers(self, draft_id: str) -> Answers:
        """Answers of an editable draft (call inside a transaction)."""
        row = self._conn.query_one(
            "SELECT d.status, a.doc FROM drafts d "
            "LEFT JOIN draft_answers a ON a.draft_id = d.id WHERE d.id = ?",
            (draft_id,),
        )
        if row is None:
            raise DraftNotFound(f"draft {draft_id}")
        if not DraftStatus(row[0]).editable:
            raise DraftLocked(f"draft {draft_id} is {row[0]}")
        answers: Answers = json.loads(row[1] or "{}")
        return answers

    def _write_answers(self, draft_id: str, answers: Answers) -> None:
        self._conn.execute(
            "INSERT INTO draft_answers (draft_id, doc) VALUES (?, ?) "
            "ON CONFLICT (draft_id) DO UPDATE SET doc = excluded.doc",
            (draft_id, dumps(answers)),
        )
        self._conn.execute(
            "UPDATE drafts SET updated_at = ? WHERE id = ?", (to_text(self._clock()), draft_id)
        )

    def _erase_deleted(self) -> None:
        """Make what was just deleted unreadable in the files, not only in SQLite.

        `secure_delete` zeroes the deleted cells, but in WAL mode the zeroed pages go
        to the write-ahead log first: the database file keeps the old pages, the log
        every earlier version, until SQLite checkpoints on its own (after ~1000 pages).
        A TRUNCATE checkpoint writes the zeroed pages into the file now and empties the
        log. Called after a draft, an attachment or a print job was removed.
        """
        self._conn.pragma("wal_checkpoint(TRUNCATE)")

    def _audit(self, action: str, draft_id: str | None, detail: str = "") -> None:
        if self._device is not None:
            self._device.audit(action, draft_id, detail)
