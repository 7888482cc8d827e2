"""A deleted or purged draft is gone from the files at once, not at the next checkpoint.

`secure_delete` zeroes deleted cells, but in WAL mode the zeroed pages first go to the
write-ahead log: the database file keeps the old page versions, and the log keeps every
earlier version, until SQLite checkpoints (after about 1000 pages) — while the app runs,
someone holding the key could read the draft back. These tests decrypt every page of
drafts.db and its WAL with the key, without SQLite, as such a reader would.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from pathlib import Path

import pytest

from koffer.store import DraftStore
from koffer.store._sqlcipher import DRAFTS_FORMAT
from koffer.store.profile import open_drafts_store
from tests.helpers.sqlcipher_pages import every_page

KEY = secrets.token_bytes(32)
MARKER = "Zqxlöschmarker Wvollmer"
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _readable(database: Path) -> int:
    needles = [MARKER.encode("utf-8"), MARKER.encode("utf-16-le")]
    return sum(page.count(n) for page in every_page(database, KEY, DRAFTS_FORMAT) for n in needles)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "drafts.db"


@pytest.fixture
def store(database: Path) -> DraftStore:
    opened = open_drafts_store(database, KEY)
    yield opened
    opened.close()


def _draft_with_marker(store: DraftStore) -> str:
    draft = store.create_draft("wohngeld", "1.0", MARKER, form_title="Wohngeld")
    store.set_answer(draft.id, "antragsteller_name", MARKER)
    store.set_answer(draft.id, "bemerkung", f"{MARKER} " * 50)
    return draft.id


def test_the_reader_sees_a_draft_that_is_there(store: DraftStore, database: Path) -> None:
    _draft_with_marker(store)
    assert _readable(database) > 0  # else the tests below would prove nothing


def test_a_deleted_draft_leaves_no_readable_page(store: DraftStore, database: Path) -> None:
    store.create_draft("wohngeld", "1.0", "Bleibt", form_title="Wohngeld")
    store.delete_draft(_draft_with_marker(store))
    assert _readable(database) == 0
    assert database.with_name("drafts.db-wal").stat().st_size == 0


def test_a_purged_draft_leaves_no_readable_page(store: DraftStore, database: Path) -> None:
    draft_id = _draft_with_marker(store)
    store.set_status(draft_id, "sealed")
    store.set_status(draft_id, "sent")
    store.record_receipt(draft_id, "AZ-2026-17", NOW)
    assert store.purge_expired(NOW) == [draft_id]
    assert _readable(database) == 0
    assert database.with_name("drafts.db-wal").stat().st_size == 0


def test_a_removed_attachment_leaves_no_readable_page(store: DraftStore, database: Path) -> None:
    draft = store.create_draft("wohngeld", "1.0", "Bleibt", form_title="Wohngeld")
    attachment = store.add_attachment(
        draft.id, "nachweis", "kontoauszug.pdf", "application/pdf", MARKER.encode() * 300
    )
    store.remove_attachment(attachment.id)
    assert _readable(database) == 0


@pytest.mark.parametrize("how", ["printed", "discarded"])
def test_a_print_job_leaves_no_readable_page(store: DraftStore, database: Path, how: str) -> None:
    job = store.enqueue_print(b"%PDF-1.7 " + MARKER.encode() * 300, printer="p")
    if how == "printed":
        store.set_print_state(job.id, "done")
    else:
        store.remove_print_job(job.id)
    assert _readable(database) == 0
