"""The draft backup end to end: laptop A backs up through the real server on loopback, A
is destroyed, laptop B enrolled for the same person restores every draft identically.

The comparisons are against what the test itself put into laptop A (answers, bytes,
strokes), read back from A's store before A was destroyed; nothing is compared with
values the backup code computed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from koffer.drafting.backups import attach
from koffer.store import DraftStatus
from koffer.townhall.backup import BackupOutbox, DraftBackup, passphrase_tag
from koffer.townhall.backup_record import unpack
from koffer.townhall.restore import MSG_NOT_OPENED, RestoreRefused, restore_drafts
from sync import backup_crypto, crypto
from sync.client.api import TownHallApi
from sync.client.backup import BackupApi, BackupSender
from sync.client.delivery import RetryPolicy
from sync.client.errors import Revoked, Unreachable
from sync.client.runner import SyncOptions, sync_once
from sync.protocol import BackupKeyEnvelope, EnrollmentInvite
from sync.server import backup_admin, catalog, fleet
from sync.server.db import (
    BackupChunk,
    BackupKey,
    BackupRecord,
    Database,
    Setting,
    Submission,
)
from tests.helpers.fault_proxy import FaultProxy
from tests.integration.sync.test_fault_proxy import IN_FLIGHT_BOUND

from .conftest import FORM_ID, PASSPHRASE, Laptop, TownHall, make_laptop

pytestmark = pytest.mark.integration

STAFF = "mueller.e"
OTHER_PASSPHRASE = "Ganz anderes Kennwort 7"


@dataclass
class Hall:
    """The town hall of these tests: the conftest's, plus a registered recovery key."""

    town: TownHall
    recovery: Any  # the private JWK (the office keeps it offline)

    def invite(self, name: str) -> str:
        code = self.town.seed.code(name, staff=STAFF, staff_name="Erika Müller")
        return EnrollmentInvite(url=self.town.url, code=code, insecure_http=True).to_uri()

    def db(self) -> Database:
        return Database.connect(self.town.seed.database_url, pool_size=1)


@functools.cache
def recovery_key() -> Any:
    """One RSA-4096 recovery key per test run (making one takes a moment)."""
    return crypto.generate_office_key()


@pytest.fixture
def hall(town_hall: TownHall) -> Hall:
    recovery = recovery_key()
    db = Database.connect(town_hall.seed.database_url, pool_size=1)
    try:
        with db.write.begin() as session:
            public = crypto.public_jwk(recovery)
            session.merge(Setting(key="backup_recovery_jwk", value=json.dumps(public)))
            catalog.publish(session, town_hall.seed.signing_key)
    finally:
        db.dispose()
    return Hall(town_hall, recovery)


def _backup(laptop: Laptop) -> DraftBackup:
    """What the unlocked app holds: the workspace's backup (`drafting.backups.attach`)."""
    backups = laptop.workspace.backups or attach(laptop.workspace, laptop.profile)
    return backups.backup


def _finalise(laptop: Laptop, draft_id: str) -> None:
    """Sign what the citizen reviewed and finalise (sealed into the outbox)."""
    from koffer.drafting.catalog import load_catalog
    from koffer.drafting.lifecycle import Stage

    workspace = laptop.workspace
    workspace.catalog = load_catalog(laptop.device)
    digest = workspace.check(draft_id).digest
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(500)
    workspace.sign_on_pad(draft_id, digest, strokes=[[[0.0, 1.0], [2.5, 3.0]]], png=png)
    assert workspace.finalise(draft_id) is Stage.SEALED


def _unlock_kek(backup: DraftBackup, passphrase: str) -> None:
    """What the app does after unlock: derive the KEK in the background when needed."""
    if backup.kek_needed():
        backup.use_kek(backup_crypto.derive_kek(passphrase, backup_crypto.TEST_BACKUP_KDF))


def _pass(laptop: Laptop, backup: DraftBackup | None, url: str | None = None, **options: Any):
    with TownHallApi(
        url or laptop.store.get_setting("sync.server_url"), laptop.store.get_token(), timeout=10
    ) as api:
        return sync_once(
            laptop.store,
            api,
            SyncOptions(fetch_visits=False, **options),
            backup=BackupOutbox(laptop.device, lambda: backup),
        )


def _backup_step(laptop: Laptop, backup: DraftBackup | None, **kwargs: Any):
    """Only the backup step of a pass (no delivery)."""
    with TownHallApi(
        laptop.store.get_setting("sync.server_url"), laptop.store.get_token(), timeout=10
    ) as api:
        return BackupSender(api, BackupOutbox(laptop.device, lambda: backup), **kwargs).run()


def _restore(calls: BackupApi, laptop: Laptop, passphrase: str, *, own: str | None):
    """Restore onto `laptop`, whose own passphrase is `own`."""
    return restore_drafts(
        calls,
        laptop.drafts,
        laptop.device,
        passphrase,
        passphrase_tag=passphrase_tag(laptop.profile),
        is_profile_passphrase=lambda p: p == own,
    )


def _restore_from_hall(hall: Hall, laptop: Laptop, *, own: str | None = None):
    """Restore onto `laptop` from the town hall over HTTP, with the person's passphrase."""
    with TownHallApi(hall.town.url, laptop.store.get_token(), timeout=10) as api:
        return _restore(BackupApi(api), laptop, PASSPHRASE, own=own)


def _picture(laptop: Laptop) -> dict[str, Any]:
    """Everything a draft is, read from the store (the expectation for the restore)."""
    out: dict[str, Any] = {}
    for summary in laptop.drafts.list_drafts():
        draft = laptop.drafts.get_draft(summary.id)
        signature = laptop.drafts.get_signature(draft.id, "unterschrift")
        out[draft.id] = {
            "citizen": draft.citizen_name,
            "status": draft.status.value,
            "answers": draft.answers,
            "template": (draft.template_id, draft.template_version),
            "attachments": sorted(
                (
                    a.id,
                    a.field_id,
                    a.filename,
                    a.media_type,
                    a.size,
                    a.sha256,
                    hashlib.sha256(laptop.drafts.get_attachment_data(a.id)).hexdigest(),
                )
                for a in laptop.drafts.list_attachments(draft.id)
            ),
            "signature": None
            if signature is None
            else (
                signature.strokes,
                hashlib.sha256(signature.png).hexdigest(),
                signature.content_sha256,
            ),
        }
    return out


def _fill(laptop: Laptop, marker: str) -> dict[str, str]:
    """Three drafts: one with an attachment and a signature, one just begun, one sealed."""
    drafts = laptop.drafts
    a = drafts.create_draft(FORM_ID, "1.0.0", f"Erika {marker}-name")
    drafts.set_answer(a.id, "name", f"Erika Beispiel {marker}-answer")
    drafts.set_answer(a.id, "hat_nachweis", True)
    scan = f"%PDF-1.4 Mietvertrag {marker}-file ".encode() + os.urandom(300_000)
    drafts.add_attachment(a.id, "nachweis", "mietvertrag.pdf", "application/pdf", scan)
    strokes = [[[0.0, 0.0, 0.5], [10.5, 3.25, 0.7]], [[4.0, 4.0, 1.0], [5.0, 9.0, 0.2]]]
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(2000)
    drafts.save_signature(a.id, "unterschrift", strokes, png, "ab" * 32)
    b = drafts.create_draft(FORM_ID, "1.0.0", f"Max {marker}-second")
    drafts.set_answer(b.id, "name", f"Max Muster {marker}")
    c = drafts.create_draft(FORM_ID, "1.0.0", f"Olga {marker}-sealed")
    drafts.set_answer(c.id, "name", f"Olga Sealed {marker}")
    drafts.save_signature(c.id, "unterschrift", strokes, png, "cd" * 32)
    return {"attachment": a.id, "begun": b.id, "sealed": c.id}


def _laptop_a(tmp_path: Path, hall: Hall, marker: str) -> tuple[Laptop, DraftBackup, dict]:
    laptop = make_laptop(tmp_path / "a", hall.invite("Laptop A"))
    first = _pass(laptop, None)  # catalog, and whose backup this is
    assert first.error is None, first.error
    backup = _backup(laptop)
    assert backup.kek_needed()
    _unlock_kek(backup, PASSPHRASE)
    ids = _fill(laptop, marker)
    report = _pass(laptop, backup)
    assert report.error is None, report.error
    assert report.backup is not None
    assert report.backup.envelope_sent
    assert report.backup.records_sent == 3
    # the third draft is finalised after that pass: its sealed copy goes with the backup
    _finalise(laptop, ids["sealed"])
    # a step of a draft makes its record at once (drafting.backups)
    assert laptop.device.backup.waiting_count() == 1
    assert backup.prepare_changed() == 0
    stats = _backup_step(laptop, backup)
    assert stats.records_sent == 1
    assert stats.waiting == 0
    marks = backup.marks()
    assert all(m.backed_up and m.at is not None and not m.waiting for m in marks.values())
    return laptop, backup, ids


def _laptop_b(tmp_path: Path, hall: Hall, name: str = "Laptop B") -> tuple[Laptop, DraftBackup]:
    laptop = make_laptop(tmp_path / name.replace(" ", "-"), hall.invite(name))
    # a different passphrase on the new laptop than on the old one
    laptop.profile.change_passphrase(PASSPHRASE, OTHER_PASSPHRASE)
    first = _pass(laptop, None)
    assert first.error is None, first.error
    backup = _backup(laptop)
    return laptop, backup


def test_every_draft_comes_back_identical_on_the_replacement_laptop(tmp_path, hall):
    marker = f"MARKER{uuid.uuid4().hex[:10]}"
    a, _, ids = _laptop_a(tmp_path, hall, marker)
    expected = _picture(a)
    sealed_before = {i.submission_id: i.payload for i in a.device.outbox_items("pending")}
    assert len(sealed_before) == 1
    a_token = a.store.get_token()
    a.profile.wipe()  # the laptop is gone

    b, backup = _laptop_b(tmp_path, hall)
    try:
        assert backup.restore_offered()  # first run offers "Entwürfe wiederherstellen"
        assert not backup.kek_needed()
        calls_api = TownHallApi(hall.town.url, b.store.get_token(), timeout=10)
        with calls_api:
            calls = BackupApi(calls_api)
            with pytest.raises(RestoreRefused) as refused:
                _restore(calls, b, "falsches Kennwort", own=OTHER_PASSPHRASE)
            assert refused.value.user_message == MSG_NOT_OPENED
            assert b.drafts.list_drafts() == []
            assert b.drafts.backup_key() is None

            report = _restore(calls, b, PASSPHRASE, own=OTHER_PASSPHRASE)
            assert len(report.restored) == 3
            assert report.damaged == []
            assert report.sealed_requeued == 1
            assert _picture(b) == expected
            assert b.drafts.get_draft(ids["sealed"]).status == DraftStatus.SEALED
            assert {
                i.submission_id: i.payload for i in b.device.outbox_items("pending")
            } == sealed_before

            again = _restore(calls, b, PASSPHRASE, own=OTHER_PASSPHRASE)
            assert again.restored == []
            assert again.already_here == 3
            assert len(b.drafts.list_drafts()) == 3
            assert b.device.outbox_count() == 1

        # B wraps the key for its own passphrase at its next unlock
        backup = _backup(b)
        assert not backup.restore_offered()
        assert backup.kek_needed()
        _unlock_kek(backup, OTHER_PASSPHRASE)
        report = _pass(b, backup)
        assert report.error is None, report.error
        assert report.backup.envelope_sent
        # the sealed application reaches the town hall exactly once
        assert len(report.delivery.delivered) == 1
        assert report.delivery.delivered == list(sealed_before)
        db = hall.db()
        try:
            with db.read() as session:
                stored = session.scalars(select(Submission.id)).all()
                envelope = session.get(BackupKey, STAFF).envelope
        finally:
            db.dispose()
        assert stored == list(sealed_before)
        opened = backup_crypto.unwrap_with_passphrase(
            BackupKeyEnvelope.model_validate_json(envelope), STAFF, OTHER_PASSPHRASE
        )
        assert opened == b.drafts.backup_key().key
        # delivered: its backup record is deleted from the server (Art. 17)
        with TownHallApi(hall.town.url, b.store.get_token(), timeout=10) as api:
            listing = BackupApi(api).listing(0)
        assert listing.count == 2

        # the revoked (lost) laptop's token opens nothing
        db = hall.db()
        try:
            with db.write.begin() as session:
                fleet.revoke(session, "Laptop A")
        finally:
            db.dispose()
        with TownHallApi(hall.town.url, a_token, timeout=10) as api, pytest.raises(Revoked):
            BackupApi(api).listing(0)
    finally:
        b.profile.close()


def test_the_recovery_key_gives_the_drafts_back_when_the_passphrase_is_forgotten(tmp_path, hall):
    a, _, _ = _laptop_a(tmp_path, hall, "MARKERrecovery")
    expected = _picture(a)
    a.profile.wipe()

    db = hall.db()
    try:
        new_passphrase = backup_admin.generate_passphrase()
        backup_admin.recover(
            db, STAFF, hall.recovery, new_passphrase, kdf=backup_crypto.TEST_BACKUP_KDF
        )
    finally:
        db.dispose()

    b, backup = _laptop_b(tmp_path, hall)
    try:
        assert backup.restore_offered()
        with TownHallApi(hall.town.url, b.store.get_token(), timeout=10) as api:
            calls = BackupApi(api)
            with pytest.raises(RestoreRefused):  # the forgotten one no longer opens it
                _restore(calls, b, PASSPHRASE, own=None)
            report = _restore(calls, b, new_passphrase, own=None)
        assert len(report.restored) == 3
        assert _picture(b) == expected
    finally:
        b.profile.close()


def test_a_damaged_record_is_named_and_the_others_are_restored(tmp_path, hall):
    a, _, ids = _laptop_a(tmp_path, hall, "MARKERdamage")
    expected = _picture(a)
    record_of = {s.draft_id: s.record_id for s in a.device.backup.states().values()}
    a.profile.wipe()
    damaged = record_of[ids["begun"]]
    db = hall.db()
    try:
        with db.write.begin() as session:
            chunk = session.scalars(
                select(BackupChunk).where(BackupChunk.record_id == damaged)
            ).first()
            data = bytearray(chunk.data)
            data[len(data) // 2] ^= 0xFF
            chunk.data = bytes(data)
    finally:
        db.dispose()

    b, _ = _laptop_b(tmp_path, hall)
    try:
        report = _restore_from_hall(hall, b)
        assert len(report.restored) == 2
        [(name, reason)] = report.damaged
        assert "Hilfeantrag – Max MARKERdamage-second" in name
        assert reason == "damaged"
        assert any(
            "Max MARKERdamage-second" in line and "beschädigt" in line for line in report.lines()
        )
        restored = _picture(b)
        del expected[ids["begun"]]
        assert restored == expected
    finally:
        b.profile.close()


def test_an_authentic_record_that_does_not_fit_the_store_is_named_and_the_others_come_back(
    tmp_path, hall, monkeypatch
):
    """A record that opens (made with the person's key) but whose rows break a constraint
    of the new laptop's store (here: attachment bytes of an attachment it does not hold,
    as a record of another Koffer version might): that draft is named, the others are
    restored, nothing of it is half there."""
    a, backup, ids = _laptop_a(tmp_path, hall, "MARKERmisfit")
    expected = _picture(a)
    honest = a.drafts.export_draft

    def misfit(draft_id: str):
        snapshot = honest(draft_id)
        if draft_id == ids["begun"]:
            snapshot.tables["attachment_data"] = [{"attachment_id": "fehlt", "data": b"x" * 9}]
        return snapshot

    monkeypatch.setattr(backup.drafts, "export_draft", misfit)
    a.drafts.set_answer(ids["begun"], "name", "Max Muster, geändert")
    assert backup.prepare_changed() == 1
    assert _backup_step(a, backup).records_sent == 1
    a.profile.wipe()

    b, _ = _laptop_b(tmp_path, hall)
    try:
        report = _restore_from_hall(hall, b)
        assert len(report.restored) == 2
        [(name, reason)] = report.damaged
        assert "Max MARKERmisfit-second" in name
        assert reason == "damaged"
        del expected[ids["begun"]]
        assert _picture(b) == expected
        assert b.drafts.integrity_problems() == []
    finally:
        b.profile.close()


def _flip_bit(hall: Hall, record_id: str, where: str) -> None:
    """Flip ONE bit of a stored record on the server: of its first ciphertext byte (just
    after the magic and the nonce) or of its last byte (in the AES-GCM tag)."""
    db = hall.db()
    try:
        with db.write.begin() as session:
            chunks = session.scalars(
                select(BackupChunk)
                .where(BackupChunk.record_id == record_id)
                .order_by(BackupChunk.offset)
            ).all()
            chunk = chunks[0] if where == "first" else chunks[-1]
            data = bytearray(chunk.data)
            index = len(backup_crypto.RECORD_MAGIC) + backup_crypto.NONCE_BYTES
            data[index if where == "first" else -1] ^= 0x01
            chunk.data = bytes(data)
    finally:
        db.dispose()


@pytest.mark.parametrize("where", ["first", "last"])
def test_one_flipped_bit_is_found_and_the_draft_named(tmp_path, hall, where):
    # the restore's one check of the bytes is the AES-GCM tag: a single bit anywhere,
    # in the ciphertext or in the tag itself, must still be found and named
    a, _, ids = _laptop_a(tmp_path, hall, "MARKERbit")
    expected = _picture(a)
    record_of = {s.draft_id: s.record_id for s in a.device.backup.states().values()}
    a.profile.wipe()
    _flip_bit(hall, record_of[ids["sealed"]], where)

    b, _ = _laptop_b(tmp_path, hall)
    try:
        report = _restore_from_hall(hall, b)
        [(name, reason)] = report.damaged
        assert "Olga MARKERbit-sealed" in name
        assert reason == "damaged"
        assert report.sealed_requeued == 0  # nothing of the damaged record is used
        del expected[ids["sealed"]]
        assert _picture(b) == expected
        assert b.device.outbox_items(None) == []
    finally:
        b.profile.close()


def test_an_authentic_record_is_restored_whatever_hash_the_server_lists(tmp_path, hall):
    # the listed SHA-512 is the server's word about bytes it cannot read; the AES-GCM tag
    # under the person's key is what proves a record: a listing whose hash is off (a
    # server's bookkeeping error) must not cost an intact draft
    a, _, ids = _laptop_a(tmp_path, hall, "MARKERlisted")
    expected = _picture(a)
    record_of = {s.draft_id: s.record_id for s in a.device.backup.states().values()}
    a.profile.wipe()
    db = hall.db()
    try:
        with db.write.begin() as session:
            row = session.scalars(
                select(BackupRecord).where(BackupRecord.record_id == record_of[ids["begun"]])
            ).one()
            row.sha512 = "0" * 128
    finally:
        db.dispose()

    b, _ = _laptop_b(tmp_path, hall)
    try:
        report = _restore_from_hall(hall, b)
        assert report.damaged == []
        assert len(report.restored) == 3
        assert _picture(b) == expected
    finally:
        b.profile.close()


def test_a_cut_during_the_restore_keeps_what_was_checked_and_a_rerun_ends_it(
    tmp_path, hall, monkeypatch
):
    from koffer.townhall import restore

    a, _, _ = _laptop_a(tmp_path, hall, "MARKERcut")
    expected = _picture(a)
    a.profile.wipe()
    b, _ = _laptop_b(tmp_path, hall)
    # one record in flight at a time, so the cut falls between two records
    monkeypatch.setattr(restore, "AHEAD_BYTES", 1)
    proxy = FaultProxy(hall.town.server.port, fault_rate=0.0).start()
    try:
        with TownHallApi(proxy.url, b.store.get_token(), timeout=10) as api:

            def cut_after_the_first(done: int, total: int) -> None:
                if done == 1:
                    proxy.stop()  # the town hall goes away after one record

            with pytest.raises(Unreachable):
                restore_drafts(
                    BackupApi(api),
                    b.drafts,
                    b.device,
                    PASSPHRASE,
                    passphrase_tag=passphrase_tag(b.profile),
                    is_profile_passphrase=lambda p: False,
                    retry=RetryPolicy(budget=0.3, initial=0.05),
                    progress=cut_after_the_first,
                )
    finally:
        proxy.stop()
    try:
        # the record checked before the cut is in drafts.db, whole
        [(draft_id, picture)] = _picture(b).items()
        assert picture == expected[draft_id]
        assert b.drafts.connection.pragma("journal_mode") == "wal"
        again = _restore_from_hall(hall, b)
        assert again.already_here == 1
        assert len(again.restored) == 2
        assert _picture(b) == expected  # every draft once, as it was
    finally:
        b.profile.close()


def test_records_the_server_lost_are_sent_again(tmp_path, hall):
    a, backup, ids = _laptop_a(tmp_path, hall, "MARKERlost")
    try:
        lost = {s.draft_id: s.record_id for s in a.device.backup.states().values()}[ids["begun"]]
        db = hall.db()
        try:
            with db.write.begin() as session:  # the town hall restored an old database
                session.execute(
                    BackupRecord.__table__.delete().where(BackupRecord.record_id == lost)
                )
        finally:
            db.dispose()

        # headless (locked): the loss is noticed and reported, nothing can be prepared
        stats = _backup_step(a, None)
        assert stats.lost == 1
        assert stats.records_sent == 0
        assert not _backup(a).marks()[ids["begun"]].backed_up

        # unlocked: prepared again and sent
        stats = _backup_step(a, backup)
        assert stats.records_sent == 1
        with TownHallApi(hall.town.url, a.store.get_token(), timeout=10) as api:
            listing = BackupApi(api).listing(0)
        assert lost in {r.record_id for r in listing.records}
        assert backup.marks()[ids["begun"]].backed_up
        # and next time all is well: no loss, nothing sent
        stats = _backup_step(a, backup)
        assert (stats.lost, stats.records_sent) == (0, 0)

        # lost while unlocked: noticed, prepared again and sent in the same pass
        db = hall.db()
        try:
            with db.write.begin() as session:
                session.execute(
                    BackupRecord.__table__.delete().where(BackupRecord.record_id == lost)
                )
        finally:
            db.dispose()
        stats = _backup_step(a, backup)
        assert (stats.lost, stats.records_sent) == (1, 1)
        assert backup.marks()[ids["begun"]].backed_up
    finally:
        a.profile.close()


def test_only_the_changed_draft_is_sent_and_a_deleted_one_goes_from_the_server(tmp_path, hall):
    a, backup, ids = _laptop_a(tmp_path, hall, "MARKERdelta")
    try:
        a.drafts.set_answer(ids["begun"], "name", "Max Muster, geändert")
        a.drafts.set_answer(ids["begun"], "name", "Max Muster, noch einmal geändert")
        assert not backup.marks()[ids["begun"]].backed_up
        assert backup.prepare_changed() == 1
        assert backup.prepare_changed() == 0
        assert backup.marks()[ids["begun"]].waiting
        stats = _backup_step(a, backup)
        assert stats.records_sent == 1
        assert backup.marks()[ids["begun"]].backed_up

        record = {s.draft_id: s.record_id for s in a.device.backup.states().values()}[
            ids["attachment"]
        ]
        a.drafts.delete_draft(ids["attachment"])
        stats = _backup_step(a, None)  # even headless: a deletion needs no key
        assert stats.deletions_sent == 1
        db = hall.db()
        try:
            with db.read() as session:
                left = session.scalars(
                    select(BackupRecord).where(BackupRecord.record_id == record)
                ).all()
                chunks = session.scalars(
                    select(BackupChunk).where(BackupChunk.record_id == record)
                ).all()
        finally:
            db.dispose()
        assert left == []
        assert chunks == []
    finally:
        a.profile.close()


def test_a_cut_during_the_upload_resumes(tmp_path, hall):
    laptop = make_laptop(tmp_path / "a", hall.invite("Laptop A"))
    try:
        assert _pass(laptop, None).error is None
        backup = _backup(laptop)
        _unlock_kek(backup, PASSPHRASE)
        draft = laptop.drafts.create_draft(FORM_ID, "1.0.0", "Erika")
        laptop.drafts.set_answer(draft.id, "hat_nachweis", True)
        laptop.drafts.add_attachment(
            draft.id, "nachweis", "scan.pdf", "application/pdf", os.urandom(3 << 20)
        )
        proxy = FaultProxy(
            hall.town.server.port,
            seed=7,
            fault_rate=0.6,
            max_offset=2 << 20,
            stall_seconds=1.5,
            kinds=("cut", "reset"),
        ).start()
        resent = 0
        try:
            for _ in range(20):
                with TownHallApi(proxy.url, laptop.store.get_token(), timeout=3) as api:
                    try:
                        stats = BackupSender(
                            api,
                            BackupOutbox(laptop.device, lambda: backup),
                            chunk_size=256 << 10,
                            retry=RetryPolicy(budget=20.0, initial=0.05, cap=0.5),
                        ).run()
                    except Exception:  # noqa: BLE001 - the pass ends; the next one resumes
                        continue
                resent += stats.upload.bytes_resent
                if stats.waiting == 0:
                    break
            else:
                pytest.fail("the backup did not get through in 20 passes")
        finally:
            proxy.stop()
        assert proxy.stats.faults >= 1
        # as for sealed attachments: a cut costs at most what was in flight
        assert resent <= proxy.stats.faults * ((256 << 10) + IN_FLIGHT_BOUND)
        with TownHallApi(hall.town.url, laptop.store.get_token(), timeout=10) as api:
            listing = BackupApi(api).listing(0)
            [info] = listing.records
            data = BackupApi(api).download(info)
        key = laptop.drafts.backup_key().key
        record = unpack(backup_crypto.open_record(key, info.record_id, info.version, data))
        [attachment] = record.snapshot.tables["attachment_data"]
        assert attachment["data"] == laptop.drafts.get_attachment_data(attachment["attachment_id"])
    finally:
        laptop.profile.close()


def test_the_backup_waits_while_another_key_is_the_persons(tmp_path, hall):
    """Two laptops set up for one person at once: the second one's key is refused, its
    records never go, and restoring with the person's passphrase joins it."""
    a, _, _ = _laptop_a(tmp_path, hall, "MARKERtwo")
    b = make_laptop(tmp_path / "b", hall.invite("Laptop B"))
    try:
        # B was told "no key yet" before A's key arrived (simulated: B asked first)
        b.device.set_setting("backup.staff", {"staff_id": STAFF, "staff_name": "Erika"})
        b.device.set_setting("backup.server_key", {"key_id": None})
        assert _pass(b, None).error is None  # catalog; the server now says: A's key
        backup = _backup(b)
        assert backup.restore_offered()
        assert not backup.kek_needed()
        b.drafts.create_draft(FORM_ID, "1.0.0", "Neu auf B")
        assert backup.prepare_changed() == 0  # no key of the person here yet
        report = _restore_from_hall(hall, b, own=PASSPHRASE)
        assert len(report.restored) == 3
        assert backup.prepare_changed() == 1  # B's own draft, under the person's key
        stats = _backup_step(b, backup)
        assert stats.records_sent == 1
        with TownHallApi(hall.town.url, b.store.get_token(), timeout=10) as api:
            assert BackupApi(api).listing(0).count == 4
    finally:
        a.profile.close()
        b.profile.close()


def test_a_laptop_enrolled_without_a_person_says_why_it_cannot_back_up(tmp_path, town_hall):
    laptop = make_laptop(tmp_path / "x", town_hall.invite())
    try:
        report = _pass(laptop, None)
        assert report.error is None, report.error
        assert report.backup is not None
        assert report.backup.problem is not None
        assert "zugeordnet" in report.backup.problem.user_message
        assert laptop.device.get_setting("sync.last_error").startswith("backup_unavailable")
    finally:
        laptop.profile.close()


def test_what_the_server_holds_is_ciphertext_only(tmp_path, hall):
    """The records' and labels' bytes on the server never contain the typed text."""
    marker = f"MARKER{uuid.uuid4().hex[:10]}"
    a, _, _ = _laptop_a(tmp_path, hall, marker)
    try:
        db = hall.db()
        try:
            with db.read() as session:
                blobs = b"".join(session.scalars(select(BackupChunk.data)))
                labels = "".join(session.scalars(select(BackupRecord.label)))
        finally:
            db.dispose()
        assert blobs
        assert marker.encode() not in blobs
        assert marker not in labels
    finally:
        a.profile.close()
