"""A restore killed in the middle of writing a batch of drafts: no part of any draft of
that batch is there afterwards, the rest of drafts.db is intact, and importing the
batch again gives every draft whole, once."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from koffer.store.profile import open_drafts_store
from koffer.townhall.backup_record import DraftRecord, pack, unpack

pytestmark = pytest.mark.integration

CHILD = Path(__file__).with_name("restore_crash_child.py")
KEY = os.urandom(32)


def test_a_restore_killed_mid_batch_leaves_no_part_of_a_draft(tmp_path: Path) -> None:
    source = open_drafts_store(tmp_path / "source.db", os.urandom(32))
    records = tmp_path / "records"
    records.mkdir()
    expected: dict[str, str] = {}
    for index in range(3):
        draft = source.create_draft("wohngeld", "2.0.0", f"Person {index}")
        scan = os.urandom(700_000)  # large enough for the blob path of the import
        source.add_attachment(draft.id, "nachweis", "scan.pdf", "application/pdf", scan)
        expected[draft.id] = hashlib.sha256(scan).hexdigest()
        (records / f"{index}.rec").write_bytes(pack(DraftRecord(source.export_draft(draft.id))))
    source.close()

    db = tmp_path / "drafts.db"
    target = open_drafts_store(db, KEY)
    kept = target.create_draft("wohngeld", "2.0.0", "Schon hier").id
    target.close()

    env = {
        **os.environ,
        "KOFFER_CRASH_DB": str(db),
        "KOFFER_CRASH_KEY": KEY.hex(),
        "KOFFER_CRASH_RECORDS": str(records),
    }
    child = subprocess.run(
        [sys.executable, str(CHILD)], env=env, capture_output=True, timeout=120, check=False
    )
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()

    target = open_drafts_store(db, KEY)
    try:
        assert [d.id for d in target.list_drafts()] == [kept]
        assert target.connection.query("SELECT count(*) FROM attachment_data") == [(0,)]
        assert target.integrity_problems() == []
        assert target.connection.pragma("journal_mode") == "wal"

        # the restore runs again: every draft whole, and once
        snapshots = [unpack(p.read_bytes()).snapshot for p in sorted(records.iterdir())]
        for _ in range(2):
            with target.bulk_writes():
                target.import_drafts(snapshots)
        assert {d.id for d in target.list_drafts()} == {kept, *expected}
        for draft_id, digest in expected.items():
            [attachment] = target.list_attachments(draft_id)
            data = target.get_attachment_data(attachment.id)
            assert hashlib.sha256(data).hexdigest() == digest
        assert target.connection.pragma("journal_mode") == "wal"
        assert target.integrity_problems() == []
    finally:
        target.close()
