"""The person's backup key inside drafts.db; part of `DraftStore`.

The key opens every backup record of the person, so it is kept where the drafts are:
readable only with the keyring secret AND the passphrase. The laptop needs it only
while unlocked (that is when records are prepared); the headless sync never does.
How far its wrappings on the server are current is bookkeeping without secrets and
lives in device.db (`koffer.store.backup_queue`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from koffer.store._base import StoreBase
from koffer.store.models import from_text, to_text


@dataclass(frozen=True)
class StoredBackupKey:
    """The backup key of the staff member `staff_id`."""

    staff_id: str
    key: bytes
    key_id: str
    created_at: datetime

    def __repr__(self) -> str:
        return f"StoredBackupKey(staff_id={self.staff_id!r}, key_id={self.key_id!r})"


class BackupKeyMixin(StoreBase):
    """Read and keep the backup key (one row)."""

    def backup_key(self) -> StoredBackupKey | None:
        """The stored backup key, or None when this profile has none yet."""
        row = self._conn.query_one(
            "SELECT staff_id, key, key_id, created_at FROM backup_key WHERE id = 1"
        )
        if row is None:
            return None
        return StoredBackupKey(str(row[0]), bytes(row[1]), str(row[2]), from_text(row[3]))

    def keep_backup_key(self, staff_id: str, key: bytes, key_id: str) -> None:
        """Keep a new (or adopted) backup key, replacing any other."""
        with self._conn.transaction():
            self._conn.execute(
                "INSERT OR REPLACE INTO backup_key (id, staff_id, key, key_id, created_at) "
                "VALUES (1, ?, ?, ?, ?)",
                (staff_id, key, key_id, to_text(self._clock())),
            )
