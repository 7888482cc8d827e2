"""The document checklist's ticks in drafts.db (real SQLCipher): durable, tied to the
draft and to the attachment that proves them, upgraded from schema v6, backed up."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from koffer.store import DraftLocked, DraftStatus, DraftStore, Profile, ProfilePaths
from koffer.store.keys import TEST_KDF
from koffer.store.migrations import DRAFTS_STEPS
from koffer.store.profile import open_database
from koffer.townhall.backup_record import DraftRecord, pack, unpack

from .conftest import PASSPHRASE, Clock

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "store"
FIXTURE_KEY = bytes(range(32))
ANNA = "00000000-0000-4000-8000-000000000001"  # make_fixtures.py


def _draft(store: DraftStore) -> tuple[str, str]:
    draft = store.create_draft("wohngeld", "1.0.0", "Anna Ölmann", form_title="Wohngeld")
    info = store.add_attachment(draft.id, "nachweise", "miete.pdf", "application/pdf", b"%PDF-1")
    return draft.id, info.id


def test_ticks_survive_closing_and_unlocking_again(
    store: DraftStore, profile: Profile, clock: Clock
) -> None:
    draft_id, attachment = _draft(store)
    before = store.get_draft(draft_id).updated_at
    clock.advance(minutes=5)
    store.set_document_tick(draft_id, "ausweis", "presented")
    store.set_document_tick(draft_id, "mietvertrag", "attached", attachment)
    store.set_document_tick(draft_id, "mietvertrag", "attached", attachment)  # no second row
    store.set_document_tick(draft_id, "rentenbescheid", "presented")
    store.set_document_tick(draft_id, "rentenbescheid", None)  # unticked: no row left
    # a tick changes the draft (so its backup record is made again)
    assert store.get_draft(draft_id).updated_at == before + (clock.now - before)
    profile.close()
    again = profile.unlock(PASSPHRASE)
    assert again.document_ticks(draft_id) == {
        "ausweis": ("presented", None),
        "mietvertrag": ("attached", attachment),
    }


def test_removing_the_attachment_or_its_row_unlinks_and_deleting_the_draft_clears(
    store: DraftStore,
) -> None:
    draft_id, attachment = _draft(store)
    store.set_document_tick(draft_id, "mietvertrag", "attached", attachment)
    store.remove_attachment(attachment)
    assert store.document_ticks(draft_id) == {"mietvertrag": ("attached", None)}

    row_file = store.add_attachment(draft_id, "haushalt[0].scan", "lohn.jpg", "image/jpeg", b"x")
    store.set_document_tick(draft_id, "einkommen", "attached", row_file.id)
    store.remove_group_row(draft_id, "haushalt", 0)  # takes the row's attachment with it
    assert store.document_ticks(draft_id)["einkommen"] == ("attached", None)

    store.delete_draft(draft_id)
    assert store.connection.query("SELECT count(*) FROM draft_documents") == [(0,)]


def test_bad_ticks_are_refused(store: DraftStore) -> None:
    draft_id, _ = _draft(store)
    other, foreign = _draft(store)
    with pytest.raises(ValueError):
        store.set_document_tick(draft_id, "mietvertrag", "attached", foreign)
    with pytest.raises(Exception, match="CHECK"):
        store.set_document_tick(draft_id, "mietvertrag", "bogus")
    store.set_status(other, DraftStatus.SEALED)
    with pytest.raises(DraftLocked):
        store.set_document_tick(other, "ausweis", "presented")
    assert store.document_ticks(draft_id) == {}
    assert store.document_ticks(other) == {}


def test_a_v6_file_is_upgraded_and_takes_ticks(tmp_path: Path) -> None:
    path = tmp_path / "drafts.db"
    shutil.copyfile(FIXTURES / "drafts-v6.db", path)
    conn = open_database(path, FIXTURE_KEY, DRAFTS_STEPS)
    assert conn.pragma("user_version") == 7
    store = DraftStore(conn)
    assert store.document_ticks(ANNA) == {}  # nothing was ticked before
    assert store.get_draft(ANNA).answers["name"] == "Anna"  # the data is kept
    store.set_document_tick(ANNA, "mietvertrag", "attached", "att-1")
    assert store.document_ticks(ANNA) == {"mietvertrag": ("attached", "att-1")}
    store.remove_attachment("att-1")
    assert store.document_ticks(ANNA) == {"mietvertrag": ("attached", None)}
    assert conn.query("PRAGMA foreign_key_check") == []


def test_the_ticks_travel_with_the_draft_backup(
    store: DraftStore, tmp_path: Path, keyring_backend, clock: Clock
) -> None:
    draft_id, attachment = _draft(store)
    store.set_document_tick(draft_id, "ausweis", "presented")
    store.set_document_tick(draft_id, "mietvertrag", "attached", attachment)
    assert "draft_documents" in [t.name for t in store.owned_tables()]
    record = unpack(pack(DraftRecord(store.export_draft(draft_id))))
    other = Profile(ProfilePaths(tmp_path / "b"), keyring_backend, kdf=TEST_KDF, clock=clock)
    try:
        target = other.create("Erika", "ein Kennwort 123")
        snapshot = record.snapshot
        target.import_draft(snapshot)
        assert target.document_ticks(draft_id) == {
            "ausweis": ("presented", None),
            "mietvertrag": ("attached", attachment),
        }
        target.import_draft(snapshot)  # again: replaced, not doubled
        assert len(target.document_ticks(draft_id)) == 2
    finally:
        other.close()
