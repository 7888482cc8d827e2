"""device.db's sealed parts: what a receipt writes, their digests, the v3 → v4 upgrade.

The receipt must be durable before the delivery reports anything, but it need not
rewrite a delivered part's pages full of zeros: the part is ciphertext sealed to the
office's key, which the laptop cannot open (docs/store.md, "Deleting is erasing").
The WAL is read as raw frames here, not through SQLite.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from koffer.store import DeviceStore
from koffer.store.migrations import DEVICE_STEPS, latest_version
from koffer.store.profile import open_database
from tests.helpers.sqlcipher_pages import FRAME_HEADER, PAGE_SIZE, WAL_HEADER, every_page

KEY = secrets.token_bytes(32)
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
PART = 1024 * 1024  # 256 pages of sealed bytes


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "device.db"


@pytest.fixture
def device(database: Path) -> Iterator[DeviceStore]:
    store = DeviceStore(open_database(database, KEY, DEVICE_STEPS))
    yield store
    store.close()


def _wal_frames(database: Path) -> int:
    wal = database.with_name("device.db-wal")
    size = wal.stat().st_size if wal.exists() else 0
    return max(0, size - WAL_HEADER) // (FRAME_HEADER + PAGE_SIZE)


def test_a_receipt_does_not_rewrite_the_delivered_parts_pages(
    device: DeviceStore, database: Path
) -> None:
    device.outbox_add("s1", "d1", "t", "1.0.0", b"jwe", parts={"a": ("x", os.urandom(PART))})
    device.connection.pragma("wal_checkpoint(TRUNCATE)")
    assert _wal_frames(database) == 0
    device.outbox_record_receipt("s1", "AZ-1", NOW)
    # Zeroing the part would log every one of its 256 pages; the receipt itself (outbox
    # row, audit entry, freelist, settings) is a handful.
    assert _wal_frames(database) < PART // PAGE_SIZE // 8
    assert device.outbox_part("s1", "a") is None
    assert device.outbox_items("pending") == []
    assert device.outbox_receipts() == [("d1", "AZ-1", NOW)]


def test_other_deletions_still_overwrite(device: DeviceStore, database: Path) -> None:
    """Only the receipt's statements run with FAST; the connection is ON again after it,
    also when a statement inside failed."""
    device.outbox_add("s1", "d1", "t", "1.0.0", b"jwe", parts={"a": ("x", b"p")})
    device.outbox_record_receipt("s1", "AZ-1", NOW)
    assert device.connection.pragma("secure_delete") == 1
    seen: list[object] = []

    def fail_inside() -> None:
        with device.connection.overwriting_only_written_pages():
            seen.append(device.connection.pragma("secure_delete"))
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        fail_inside()
    assert seen == [2]  # FAST inside
    assert device.connection.pragma("secure_delete") == 1
    marker = b"Zqxrefusedmarker" * 4096
    device.outbox_add("s2", "d2", "t", "1.0.0", b"jwe", parts={"a": ("x", marker)})
    device.outbox_remove("s2")  # refused, taken back: zeroed as before
    device.connection.pragma("wal_checkpoint(TRUNCATE)")
    assert not any(b"Zqxrefusedmarker" in page for page in every_page(database, KEY))


def test_a_queued_part_keeps_the_digest_of_its_bytes(device: DeviceStore) -> None:
    data = os.urandom(5000)
    device.outbox_add("s1", "d1", "t", "1.0.0", b"jwe", parts={"a": ("x", data), "b": ("y", b"")})
    assert device.outbox_part_digests("s1") == {
        "a": hashlib.sha512(data).hexdigest(),
        "b": hashlib.sha512(b"").hexdigest(),
    }
    assert device.outbox_part_digests("nope") == {}


def test_a_v3_device_db_upgrades_and_its_parts_are_hashed_when_read(database: Path) -> None:
    old = open_database(database, KEY, DEVICE_STEPS[:3])
    with old.transaction():
        old.execute(
            "INSERT INTO outbox (submission_id, draft_id, template_id, template_version, "
            "payload, created_at) VALUES ('s1', 'd1', 't', '1.0.0', X'6a7765', ?)",
            (NOW.isoformat(),),
        )
        old.execute(
            "INSERT INTO outbox_parts (submission_id, part_id, media_type, payload) "
            "VALUES ('s1', 'a', 'application/pdf', X'00ff')"
        )
    assert old.pragma("user_version") == 3
    old.close()
    device = DeviceStore(open_database(database, KEY, DEVICE_STEPS))
    try:
        assert device.connection.pragma("user_version") == latest_version(DEVICE_STEPS) == 4
        assert device.outbox_part("s1", "a") == ("application/pdf", b"\x00\xff", False)
        assert device.outbox_part_digests("s1") == {}  # the delivery hashes it itself
        device.outbox_add("s2", "d2", "t", "1.0.0", b"jwe", parts={"a": ("x", b"new")})
        assert device.outbox_part_digests("s2") == {"a": hashlib.sha512(b"new").hexdigest()}
        device.outbox_record_receipt("s1", "AZ-1", NOW)
        assert device.outbox_part("s1", "a") is None
    finally:
        device.close()
