"""device.db's part of the draft backup: what waits to be sent, and what was sent.

Only ids, versions, times and ciphertext live here (records are encrypted with the
person's backup key before they are queued), so the headless `koffer sync`, which
opens device.db with the keyring alone, can send them, and nothing personal is
readable from this file.

* `backup_drafts`: per draft its record id, the newest version prepared (and which
  change of the draft it covers, the draft's `updated_at`), and the newest version the
  server confirmed, with when: the drafts list shows "gesichert 14:32" from it.
* `backup_waiting`: at most ONE waiting version per record (a newer one replaces it,
  so a draft edited ten times while offline sends once).
* `backup_deletions`: records to delete on the server (Art. 17: the draft is gone).
* `backup_mirror`: what the server held at the last listing, for its digest.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from koffer.store._sqlcipher import Connection
from koffer.store.models import from_text, to_text, utc_now

#: The backup's device.db settings (staff, key state, listing counter) are declared in
#: the registry, `koffer.settings` (BACKUP_*).


@dataclass(frozen=True)
class DraftBackupState:
    """Where one draft's backup stands (for the list and the status bar)."""

    draft_id: str
    record_id: str
    version: int
    covers: str
    sent_version: int
    sent_covers: str
    sent_at: datetime | None

    def backed_up(self, updated_at: datetime) -> bool:
        """Whether the server holds the draft's change of `updated_at` (or a later one)."""
        return bool(self.sent_covers) and from_text(self.sent_covers) >= updated_at


@dataclass(frozen=True)
class QueuedRecord:
    """A waiting record without its bytes."""

    record_id: str
    version: int
    size: int
    sha512: str
    label: str


class BackupQueue:
    """The backup tables of an open device.db (every write its own transaction)."""

    def __init__(self, conn: Connection, clock: Callable[[], datetime] = utc_now) -> None:
        """Wrap the device.db connection."""
        self._conn = conn
        self._clock = clock

    # -- per draft -------------------------------------------------------------------

    def state(self, draft_id: str) -> DraftBackupState | None:
        """The draft's backup state, or None when it was never prepared."""
        row = self._conn.query_one(
            "SELECT draft_id, record_id, version, covers, sent_version, sent_covers, sent_at "
            "FROM backup_drafts WHERE draft_id = ?",
            (draft_id,),
        )
        return None if row is None else _state(row)

    def states(self) -> dict[str, DraftBackupState]:
        """Every draft's backup state, by draft id."""
        rows = self._conn.query(
            "SELECT draft_id, record_id, version, covers, sent_version, sent_covers, sent_at "
            "FROM backup_drafts"
        )
        return {str(r[0]): _state(r) for r in rows}

    def next_version(self, draft_id: str) -> tuple[str, int]:
        """(record id, version) the next record of the draft gets (nothing is stored)."""
        current = self.state(draft_id)
        if current is None:
            return secrets.token_hex(16), 1
        return current.record_id, current.version + 1

    def queue(
        self,
        draft_id: str,
        *,
        record_id: str,
        version: int,
        covers: datetime,
        data: bytes,
        label: str,
    ) -> None:
        """Keep a prepared record as the draft's waiting one (replacing an older one)."""
        now = to_text(self._clock())
        with self._conn.transaction():
            self._conn.execute(
                "INSERT INTO backup_drafts (draft_id, record_id, version, covers) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (draft_id) DO UPDATE SET "
                "version = excluded.version, covers = excluded.covers",
                (draft_id, record_id, version, to_text(covers)),
            )
            self._conn.execute(
                "INSERT OR REPLACE INTO backup_waiting "
                "(record_id, version, covers, sha512, label, data, queued_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    record_id,
                    version,
                    to_text(covers),
                    hashlib.sha512(data).hexdigest(),
                    label,
                    data,
                    now,
                ),
            )
            self._conn.execute("DELETE FROM backup_deletions WHERE record_id = ?", (record_id,))

    def adopt(self, restored: Iterable[tuple[str, str, int, datetime]]) -> None:
        """Restored drafts, as (draft id, record id, version, covers): the server holds
        exactly these versions, nothing waits (one transaction)."""
        now = to_text(self._clock())
        with self._conn.transaction():
            for draft_id, record_id, version, covers in restored:
                self._conn.execute(
                    "INSERT INTO backup_drafts (draft_id, record_id, version, covers, "
                    "sent_version, sent_covers, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (draft_id) DO UPDATE SET record_id = excluded.record_id, "
                    "version = excluded.version, covers = excluded.covers, "
                    "sent_version = excluded.sent_version, sent_covers = excluded.sent_covers, "
                    "sent_at = excluded.sent_at",
                    (draft_id, record_id, version, to_text(covers), version, to_text(covers), now),
                )
                self._conn.execute("DELETE FROM backup_waiting WHERE record_id = ?", (record_id,))

    def forget(self, draft_id: str) -> bool:
        """The draft is gone (deleted, purged) or delivered: its record is deleted on the
        server at the next pass, and nothing of it waits. Returns whether it had one."""
        with self._conn.transaction():
            row = self._conn.query_one(
                "SELECT record_id FROM backup_drafts WHERE draft_id = ?", (draft_id,)
            )
            if row is None:
                return False
            record_id = str(row[0])
            self._conn.execute("DELETE FROM backup_waiting WHERE record_id = ?", (record_id,))
            self._conn.execute("DELETE FROM backup_drafts WHERE draft_id = ?", (draft_id,))
            self._conn.execute(
                "INSERT OR IGNORE INTO backup_deletions (record_id, queued_at) VALUES (?, ?)",
                (record_id, to_text(self._clock())),
            )
        return True

    def mark_unsent(self, record_ids: Iterable[str]) -> list[str]:
        """The server lost these records: they count as never sent. Returns their drafts."""
        drafts: list[str] = []
        with self._conn.transaction():
            for record_id in record_ids:
                row = self._conn.query_one(
                    "SELECT draft_id FROM backup_drafts WHERE record_id = ?", (record_id,)
                )
                if row is None:
                    continue
                drafts.append(str(row[0]))
                self._conn.execute(
                    "UPDATE backup_drafts SET sent_version = 0, sent_covers = '', sent_at = NULL, "
                    "covers = '' WHERE record_id = ?",
                    (record_id,),
                )
        return drafts

    # -- waiting ---------------------------------------------------------------------

    def waiting(self) -> list[QueuedRecord]:
        """Waiting records, oldest first (without their bytes)."""
        rows = self._conn.query(
            "SELECT record_id, version, length(data), sha512, label FROM backup_waiting "
            "ORDER BY queued_at, rowid"
        )
        return [QueuedRecord(str(r[0]), int(r[1]), int(r[2]), str(r[3]), str(r[4])) for r in rows]

    def waiting_count(self) -> int:
        """How many records wait to be sent (the status bar)."""
        row = self._conn.query_one("SELECT count(*) FROM backup_waiting")
        return int(row[0]) if row else 0

    def data(self, record_id: str, version: int) -> bytes:
        """The ciphertext of a waiting record (KeyError when it is no longer waiting)."""
        row = self._conn.query_one(
            "SELECT data FROM backup_waiting WHERE record_id = ? AND version = ?",
            (record_id, version),
        )
        if row is None:
            raise KeyError(f"{record_id}/{version}")
        return bytes(row[0])

    def sent(self, record_id: str, version: int) -> None:
        """The server holds `version` (or newer): drop the waiting copy, remember when."""
        now = to_text(self._clock())
        with self._conn.transaction():
            row = self._conn.query_one(
                "SELECT covers FROM backup_waiting WHERE record_id = ? AND version = ?",
                (record_id, version),
            )
            if row is not None:
                self._conn.execute(
                    "UPDATE backup_drafts SET sent_version = ?, sent_at = ?, sent_covers = ? "
                    "WHERE record_id = ? AND sent_version < ?",
                    (version, now, str(row[0]), record_id, version),
                )
            self._conn.execute(
                "DELETE FROM backup_waiting WHERE record_id = ? AND version <= ?",
                (record_id, version),
            )

    # -- deletions -------------------------------------------------------------------

    def deletions(self) -> list[str]:
        """Record ids to delete on the server."""
        return [str(r[0]) for r in self._conn.query("SELECT record_id FROM backup_deletions")]

    def deleted(self, record_id: str) -> None:
        """The server deleted it."""
        with self._conn.transaction():
            self._conn.execute("DELETE FROM backup_deletions WHERE record_id = ?", (record_id,))
            self._conn.execute("DELETE FROM backup_mirror WHERE record_id = ?", (record_id,))

    # -- what the server holds -------------------------------------------------------

    def mirror(self) -> dict[str, tuple[int, str]]:
        """Record id → (version, sha512) as the server listed them."""
        rows = self._conn.query("SELECT record_id, version, sha512 FROM backup_mirror")
        return {str(r[0]): (int(r[1]), str(r[2])) for r in rows}

    def update_mirror(self, records: Iterable[tuple[str, int, str]], *, full: bool) -> None:
        """Take in listed records; `full` replaces the whole picture."""
        with self._conn.transaction():
            if full:
                self._conn.execute("DELETE FROM backup_mirror")
            for record_id, version, sha512 in records:
                self._conn.execute(
                    "INSERT OR REPLACE INTO backup_mirror (record_id, version, sha512) "
                    "VALUES (?, ?, ?)",
                    (record_id, version, sha512),
                )

    def own_sent(self) -> dict[str, int]:
        """This laptop's records the server confirmed: record id → version."""
        rows = self._conn.query(
            "SELECT record_id, sent_version FROM backup_drafts WHERE sent_version > 0"
        )
        return {str(r[0]): int(r[1]) for r in rows}

    def clear(self) -> None:
        """Forget everything about the backup (the person's backup was purged and this
        laptop starts over, or the profile joins another key)."""
        with self._conn.transaction():
            for table in ("backup_drafts", "backup_waiting", "backup_deletions", "backup_mirror"):
                self._conn.execute(f"DELETE FROM {table}")  # noqa: S608 (constant names)


def _state(row: tuple[object, ...]) -> DraftBackupState:
    sent_at = row[6]
    return DraftBackupState(
        draft_id=str(row[0]),
        record_id=str(row[1]),
        version=int(str(row[2])),
        covers=str(row[3]),
        sent_version=int(str(row[4])),
        sent_covers=str(row[5]),
        sent_at=None if sent_at is None else from_text(str(sent_at)),
    )
