"""The store's part of the draft backup: draft snapshots, the key row, the queue."""

from __future__ import annotations

import hashlib

import pytest

from koffer.store import DraftStatus, DraftStore, Profile
from koffer.store import snapshots as snapshot_module
from koffer.store.snapshots import NOT_BACKED_UP, SnapshotRejected
from koffer.townhall.backup_record import DraftRecord, RecordFormatError, SealedCopy, pack, unpack

from .conftest import Clock


def _filled(store: DraftStore) -> str:
    draft = store.create_draft("wohngeld", "1.0.0", "Anna Ölmann", form_title="Wohngeld")
    store.set_answer(draft.id, "name", "Anna")
    store.set_answer(draft.id, "haushalt[1].einkommen", "1200.00")
    store.add_attachment(draft.id, "nachweis", "miete.pdf", "application/pdf", b"%PDF-1 abc")
    store.add_attachment(draft.id, "nachweis", "lohn.jpg", "image/jpeg", bytes(range(256)))
    store.save_signature(draft.id, "unterschrift", [[[1.0, 2.0], [3.5, 4.25]]], b"PNG", "e" * 64)
    return draft.id


def _everything(store: DraftStore, draft_id: str) -> dict[str, object]:
    draft = store.get_draft(draft_id)
    signature = store.get_signature(draft_id, "unterschrift")
    assert signature is not None
    return {
        "draft": (
            draft.template_id,
            draft.citizen_name,
            draft.status,
            draft.answers,
            draft.form_title,
            draft.created_at,
            draft.updated_at,
        ),
        "files": sorted(
            (a.id, a.field_id, a.filename, a.size, a.sha256, store.get_attachment_data(a.id))
            for a in store.list_attachments(draft_id)
        ),
        "signature": (signature.id, signature.strokes, signature.png, signature.content_sha256),
    }


def test_the_draft_tables_are_found_in_the_schema(store: DraftStore) -> None:
    names = [t.name for t in store.owned_tables()]
    assert names[0] == "drafts"
    assert {"draft_answers", "attachments", "attachment_data", "signatures"} <= set(names)
    # visits only point at a draft (ON DELETE SET NULL); print jobs are not kept
    assert "visits" not in names
    assert not NOT_BACKED_UP & set(names)
    assert names.index("attachments") < names.index("attachment_data")


def test_a_draft_survives_export_and_import_into_another_profile(
    store: DraftStore, tmp_path, keyring_backend, clock: Clock
) -> None:
    from koffer.store import ProfilePaths
    from koffer.store.keys import TEST_KDF

    draft_id = _filled(store)
    store.set_status(draft_id, DraftStatus.SIGNED)
    before = _everything(store, draft_id)
    record = unpack(pack(DraftRecord(store.export_draft(draft_id))))

    other = Profile(ProfilePaths(tmp_path / "b"), keyring_backend, kdf=TEST_KDF, clock=clock)
    try:
        target = other.create("Erika", "ein Kennwort 123")
        target.import_draft(record.snapshot)
        assert _everything(target, draft_id) == before
        assert target.list_drafts(query="Ölmann")[0].id == draft_id  # search index too
        # again: replaced, not doubled
        target.import_draft(record.snapshot)
        assert len(target.list_drafts()) == 1
        assert len(target.list_attachments(draft_id)) == 2
        assert target.counts_by_status() == {"signed": 1}
        assert other.open_device().audit_entries(draft_id)[-1].action == "restored"
    finally:
        other.close()


@pytest.mark.parametrize("params", [snapshot_module.INSERT_PARAMS, 2, 12])
def test_several_drafts_go_in_at_once_each_exactly_as_it_was(
    store: DraftStore, tmp_path, keyring_backend, clock: Clock, monkeypatch, params: int
) -> None:
    """One import of several drafts (one DELETE, multi-row INSERTs, large files on their
    own): each comes back whole, an older copy here is replaced, a snapshot given twice
    counts once, and rows of one table with other columns still go in; also when the
    statements hold only a few values each (`params`)."""
    from koffer.store import ProfilePaths
    from koffer.store.keys import TEST_KDF

    monkeypatch.setattr(snapshot_module, "INSERT_PARAMS", params)
    small = _filled(store)
    large = store.create_draft("wohngeld", "1.0.0", "Bernd Groß", form_title="Wohngeld")
    scan = bytes(range(256)) * 1024  # 256 KB: written into its row, not bound
    store.add_attachment(large.id, "nachweis", "scan.pdf", "application/pdf", scan)
    store.add_attachment(large.id, "nachweis", "klein.txt", "text/plain", b"klein")
    bare = store.create_draft("kita", "2.0.0", "Cem Yılmaz", form_title="Kita")
    ids = [small, large.id, bare.id]
    before = {i: store.export_draft(i) for i in ids}
    wanted = {small: _everything(store, small)}
    snapshots = [unpack(pack(DraftRecord(before[i]))).snapshot for i in ids]
    snapshots[2].tables["drafts"][0]["from_a_newer_app"] = "x"
    del snapshots[2].tables["drafts"][0]["completeness"]

    other = Profile(ProfilePaths(tmp_path / "b"), keyring_backend, kdf=TEST_KDF, clock=clock)
    try:
        target = other.create("Erika", "ein Kennwort 123")
        stale = unpack(pack(DraftRecord(before[small]))).snapshot
        stale.tables["draft_answers"][0]["doc"] = '{"name": "alt"}'
        target.import_draft(stale)
        target.import_drafts([*snapshots, snapshots[0]])
        assert sorted(d.id for d in target.list_drafts()) == sorted(ids)
        assert _everything(target, small) == wanted[small]
        files = {a.filename: a for a in target.list_attachments(large.id)}
        assert target.get_attachment_data(files["scan.pdf"].id) == scan
        assert target.get_attachment_data(files["klein.txt"].id) == b"klein"
        assert target.get_draft(bare.id).completeness == 0.0
        for name, draft_id in (("Groß", large.id), ("Yılmaz", bare.id), ("Ölmann", small)):
            assert [d.id for d in target.list_drafts(query=name)] == [draft_id]
        assert target.integrity_problems() == []
    finally:
        other.close()


def test_an_import_that_fails_changes_nothing(store: DraftStore) -> None:
    """One bad snapshot in a batch: the batch is refused whole, the draft it would have
    replaced is still there as it was (the restore then retries one by one)."""
    kept = _filled(store)
    before = _everything(store, kept)
    good = store.export_draft(kept)
    fresh = store.create_draft("kita", "2.0.0", "Dora Neu", form_title="Kita")
    bad = store.export_draft(fresh.id)
    store.delete_draft(fresh.id)
    bad.tables["attachment_data"] = [{"attachment_id": "fehlt", "data": b"x" * 70_000}]
    with pytest.raises(SnapshotRejected):
        store.import_drafts([good, bad])
    assert _everything(store, kept) == before
    assert [d.id for d in store.list_drafts()] == [kept]


def test_a_column_unknown_here_is_dropped_and_a_missing_one_gets_its_default(
    store: DraftStore,
) -> None:
    draft_id = _filled(store)
    snapshot = store.export_draft(draft_id)
    snapshot.tables["drafts"][0]["from_a_newer_app"] = "x"
    del snapshot.tables["drafts"][0]["completeness"]
    store.delete_draft(draft_id)
    store.import_draft(snapshot)
    assert store.get_draft(draft_id).completeness == 0.0


def test_a_deleted_or_purged_draft_leaves_the_backup(store: DraftStore, profile: Profile) -> None:
    device = profile.open_device()
    first, second = _filled(store), _filled(store)
    for draft_id in (first, second):
        record_id, version = device.backup.next_version(draft_id)
        device.backup.queue(
            draft_id,
            record_id=record_id,
            version=version,
            covers=store.get_draft(draft_id).updated_at,
            data=b"x",
            label="",
        )
    assert device.backup.waiting_count() == 2
    record = device.backup.state(first).record_id
    store.delete_draft(first)
    assert device.backup.deletions() == [record]
    assert device.backup.waiting_count() == 1
    assert device.backup.state(first) is None


def test_the_queue_keeps_one_waiting_version_and_remembers_what_was_sent(
    store: DraftStore, profile: Profile, clock: Clock
) -> None:
    device = profile.open_device()
    draft_id = _filled(store)
    updated = store.get_draft(draft_id).updated_at
    record_id, version = device.backup.next_version(draft_id)
    assert version == 1
    device.backup.queue(
        draft_id, record_id=record_id, version=1, covers=updated, data=b"v1", label="l1"
    )
    clock.advance(minutes=1)
    store.set_answer(draft_id, "name", "Anna B.")
    newer = store.get_draft(draft_id).updated_at
    assert device.backup.next_version(draft_id) == (record_id, 2)
    device.backup.queue(
        draft_id, record_id=record_id, version=2, covers=newer, data=b"v2", label="l2"
    )
    [waiting] = device.backup.waiting()
    assert (waiting.version, waiting.size, waiting.sha512) == (
        2,
        2,
        hashlib.sha512(b"v2").hexdigest(),
    )
    state = device.backup.state(draft_id)
    assert not state.backed_up(newer)
    clock.advance(minutes=1)
    device.backup.sent(record_id, 2)
    state = device.backup.state(draft_id)
    assert state.backed_up(newer)
    assert state.sent_at == clock.now
    assert device.backup.waiting() == []
    assert device.backup.own_sent() == {record_id: 2}
    assert device.backup.mark_unsent([record_id]) == [draft_id]
    assert not device.backup.state(draft_id).backed_up(newer)


def test_the_backup_key_row(store: DraftStore) -> None:
    assert store.backup_key() is None
    store.keep_backup_key("mueller.e", b"k" * 32, "a" * 32)
    kept = store.backup_key()
    assert (kept.staff_id, kept.key, kept.key_id) == ("mueller.e", b"k" * 32, "a" * 32)
    assert "kkkk" not in repr(kept)
    store.keep_backup_key("mueller.e", b"j" * 32, "b" * 32)
    assert store.backup_key().key == b"j" * 32


def test_a_record_carries_the_sealed_copy_and_the_template(store: DraftStore) -> None:
    import datetime as dt

    draft_id = _filled(store)
    sealed = SealedCopy(
        "11111111-1111-4111-8111-111111111111",
        "wohngeld",
        "1.0.0",
        "sozialamt",
        b"eyJ.JWE",
        dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        {"a1": ("application/pdf", b"sealed bytes")},
    )
    scan = bytes(range(256)) * 800  # 200 KiB
    store.add_attachment(draft_id, "nachweis", "scan.pdf", "application/pdf", scan)
    data = pack(DraftRecord(store.export_draft(draft_id), sealed, "id: wohngeld\n"))
    back = unpack(data)
    assert back.sealed == sealed
    assert back.template_yaml == "id: wohngeld\n"
    # files are stored as they are, not base64 (which would add a third)
    assert len(data) < len(scan) * 1.02


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-1],  # a file cut off
        lambda b: b[:-3] + bytes([b[-3] ^ 1]) + b[-2:],  # a file changed
        lambda b: b + b"more",  # bytes beyond the files
        lambda b: b"NOT-A-RECORD" + b,
        lambda b: b[:20],  # the header cut off
    ],
)
def test_a_damaged_record_is_refused(store: DraftStore, damage) -> None:
    data = pack(DraftRecord(store.export_draft(_filled(store))))
    with pytest.raises(RecordFormatError):
        unpack(damage(data))


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[:-1],  # a file cut off
        lambda b: b + b"more",  # bytes beyond the files
        lambda b: b"NOT-A-RECORD" + b,
        lambda b: b[:20],  # the header cut off
    ],
)
def test_without_the_file_hashes_the_layout_is_still_checked(store: DraftStore, damage) -> None:
    # check_files=False is for plaintext whose AES-GCM tag held (the digests are inside
    # it); sizes and layout are still checked, they cost nothing
    data = pack(DraftRecord(store.export_draft(_filled(store))))
    with pytest.raises(RecordFormatError):
        unpack(damage(data), check_files=False)
    assert unpack(data, check_files=False) == unpack(data)
