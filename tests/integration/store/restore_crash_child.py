"""Child of the restore crash test: imports a batch of drafts the way a restore does
(`DraftStore.bulk_writes`, one `import_drafts` transaction) and SIGKILLs itself half
way through writing the second draft's attachment into its row.

Environment: KOFFER_CRASH_DB (path), KOFFER_CRASH_KEY (hex), KOFFER_CRASH_RECORDS
(folder of packed draft records, read in name order).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from koffer.store._sqlcipher import Connection
from koffer.store.profile import open_drafts_store
from koffer.townhall.backup_record import unpack

_write_blob = Connection.write_blob
_written: list[int] = []  # rowids whose blob was written whole


def _dying_write_blob(self: Connection, table: str, column: str, rowid: int, data: bytes) -> None:
    """The real write for the first blob; for the second, half of it, then the kill."""
    if not _written:
        _write_blob(self, table, column, rowid, data)
        _written.append(rowid)
        return
    half = len(data) // 2
    with self._lock:
        blob = self._raw.open_blob(table, column, rowid)
        blob.write(memoryview(data)[:half])
    os.kill(os.getpid(), signal.SIGKILL)


def main() -> None:
    store = open_drafts_store(
        Path(os.environ["KOFFER_CRASH_DB"]), bytes.fromhex(os.environ["KOFFER_CRASH_KEY"])
    )
    folder = Path(os.environ["KOFFER_CRASH_RECORDS"])
    snapshots = [unpack(p.read_bytes()).snapshot for p in sorted(folder.iterdir())]
    Connection.write_blob = _dying_write_blob  # type: ignore[method-assign]
    with store.bulk_writes():
        store.import_drafts(snapshots)
    sys.exit("the kill did not happen")


if __name__ == "__main__":
    main()
