"""The draft backup's rules in the application layer, without Qt and without a server.

The laptop is set up as after a first pass (the person has no key on the server yet) and
a KEK from the passphrase; the records land in device.db's queue, which is what the
tests read.
"""

from __future__ import annotations

import datetime as dt

import pytest

from koffer.drafting import wording
from koffer.drafting.backups import (
    PREPARE_EVERY,
    Backups,
    line_of,
    refusal_words,
    report_words,
)
from koffer.drafting.lifecycle import Stage
from koffer.drafting.workspace import Workspace
from koffer.settings import BACKUP_SERVER_KEY, BACKUP_STAFF, SERVER_URL
from koffer.townhall.backup import BackupMark
from koffer.townhall.restore import DAMAGED, UNREADABLE, RestoreRefused, RestoreReport
from sync import backup_crypto

from .conftest import PASSPHRASE, Clock, OfficeKeys


@pytest.fixture
def backups(workspace: Workspace, clock: Clock) -> Backups:
    device = workspace.device
    SERVER_URL.write(device, "https://rathaus.example")
    BACKUP_STAFF.write(device, {"staff_id": "feld.p", "staff_name": "Petra Feld"})
    BACKUP_SERVER_KEY.write(device, {"key_id": None})  # the person has no key yet
    made = Backups(workspace, passphrase_tag="tag-1", clock=clock)
    assert made.needs_kek()
    made.use_kek(backup_crypto.derive_kek(PASSPHRASE, backup_crypto.TEST_BACKUP_KDF))
    assert workspace.drafts.backup_key() is not None
    assert not made.needs_kek()
    return made


def _draft(workspace: Workspace, name: str = "Erika") -> str:
    template = workspace.catalog.exact("hilfeantrag", "1.0.0")
    assert template is not None
    return workspace.create_draft(template, name).draft.id


def _waiting(workspace: Workspace) -> dict[str, int]:
    states = workspace.device.backup.states()
    by_record = {s.record_id: s.draft_id for s in states.values()}
    return {by_record[r.record_id]: r.version for r in workspace.device.backup.waiting()}


def test_a_step_makes_a_record_at_once(workspace: Workspace, backups: Backups) -> None:
    draft_id = _draft(workspace)
    workspace.drafts.set_answer(draft_id, "name", "Erika Muster")
    assert _waiting(workspace) == {}  # written around the workspace: no event
    digest = workspace.check(draft_id).digest
    workspace.sign_on_pad(draft_id, digest, strokes=[[[0.0, 0.0]]], png=b"PNG")
    assert _waiting(workspace) == {draft_id: 1}


def test_saves_make_a_record_at_most_once_a_minute(
    workspace: Workspace, backups: Backups, clock: Clock
) -> None:
    from koffer.drafting.base import SaveBatch

    draft_id = _draft(workspace)
    workspace.save(SaveBatch(draft_id, changes=(("name", "E"),)))
    assert _waiting(workspace) == {draft_id: 1}
    clock.advance(seconds=10)
    workspace.save(SaveBatch(draft_id, changes=(("name", "Er"),)))
    assert _waiting(workspace) == {draft_id: 1}  # not yet: too soon
    clock.advance(seconds=PREPARE_EVERY.total_seconds())
    workspace.save(SaveBatch(draft_id, changes=(("name", "Erika"),)))
    assert _waiting(workspace) == {draft_id: 2}


def test_the_lock_makes_the_last_records(workspace: Workspace, backups: Backups) -> None:
    draft_id = _draft(workspace)
    workspace.drafts.set_answer(draft_id, "name", "typed just before the lock")
    device = workspace.device
    workspace.close()
    [waiting] = device.backup.waiting()
    assert device.backup.state(draft_id).record_id == waiting.record_id


def test_a_received_draft_is_not_backed_up_and_a_deleted_one_is_deleted(
    workspace: Workspace, backups: Backups, keys: OfficeKeys
) -> None:
    keys.arrive("sozialamt")
    kept, gone = _draft(workspace, "Kept"), _draft(workspace, "Gone")
    backups.prepare_now()
    gone_record = workspace.device.backup.state(gone).record_id
    workspace.delete_draft(gone)
    assert workspace.device.backup.deletions() == [gone_record]
    workspace.drafts.set_answer(kept, "name", "Kept")
    digest = workspace.check(kept).digest
    workspace.sign_on_pad(kept, digest, strokes=[[[0.0, 0.0]]], png=b"PNG")
    assert workspace.finalise(kept) is Stage.SEALED
    [item] = workspace.device.outbox_items()
    workspace.device.outbox_record_receipt(
        item.submission_id, "SOZ-2026-000001", dt.datetime.now(dt.UTC)
    )
    workspace.catch_up()
    assert workspace.drafts.get_draft(kept).status is Stage.RECEIVED
    assert workspace.device.backup.state(kept) is None  # delivered: its record goes
    assert backups.prepare_now() == 0


def test_the_list_says_backed_up_with_the_time_of_day(
    workspace: Workspace, backups: Backups
) -> None:
    now = dt.datetime(2026, 3, 1, 15, 0, tzinfo=dt.UTC)
    today = now.astimezone().replace(hour=14, minute=32)
    earlier = today - dt.timedelta(days=3)
    assert line_of(BackupMark(True, today, False), now).time == "14:32"
    assert line_of(BackupMark(True, earlier, False), now).time == f"{earlier:%d.%m.} 14:32"
    assert line_of(BackupMark(True, today, False), now).text == wording.BACKED_UP_AT
    assert line_of(BackupMark(False, today, True), now).text == wording.BACKUP_WAITING
    assert line_of(BackupMark(False, None, False), now).text == wording.NOT_BACKED_UP
    draft_id = _draft(workspace)
    backups.prepare_now()
    assert backups.lines()[draft_id].text == wording.BACKUP_WAITING
    assert backups.waiting() == 1


def test_no_lines_without_a_backup(workspace: Workspace) -> None:
    quiet = Backups(workspace, passphrase_tag="tag")
    _draft(workspace)
    assert quiet.lines() == {}
    assert not quiet.needs_kek()  # not enrolled: nothing to wrap
    assert quiet.needs_kek(first_run=True)  # a profile just made is enrolled next


def test_restore_results_in_words() -> None:
    report = RestoreReport(
        restored=["A", "B"],
        already_here=1,
        damaged=[("Wohngeld – X", DAMAGED), ("Y", UNREADABLE)],
        sealed_requeued=1,
    )
    assert report_words(report) == [
        (wording.RESTORED, {"n": 2}),
        (wording.RESTORED_ALREADY, {"n": 1}),
        (wording.RESTORED_SEALED_ONE, {"n": 1}),
        (wording.RESTORE_DAMAGED, {"name": "Wohngeld – X"}),
        (wording.RESTORE_UNREADABLE, {"name": "Y"}),
    ]
    one = report_words(RestoreReport(restored=["A"], sealed_requeued=2))
    assert [text.format(**values) for text, values in one] == [
        "Wiederhergestellt: ein Entwurf.",
        "2 abgeschlossene Anträge werden beim nächsten Kontakt mit dem Rathaus gesendet.",
    ]
    assert refusal_words(RestoreRefused("wrong_passphrase", "x")) == wording.RESTORE_WRONG
    assert refusal_words(RestoreRefused("no_backup", "x")) == wording.RESTORE_NOTHING


def test_a_kept_passphrase_makes_the_same_kek_and_is_wiped(monkeypatch: pytest.MonkeyPatch):
    """The unlock keeps the passphrase only in a SecretBuffer for the backup's KEK: the KEK
    is the one the typed text gives (a restore on another laptop types it), and the copy
    is zeroed as soon as the KEK is made."""
    from koffer.drafting import backups as backups_module
    from koffer.secret_memory import SecretBuffer
    from sync import backup_crypto

    monkeypatch.setattr(backups_module, "KDF", backup_crypto.TEST_BACKUP_KDF)
    kept = SecretBuffer.from_text("Grüne Wiese 7")
    kek = backups_module.derive_kek(kept)
    again = backup_crypto.derive_kek("Grüne Wiese 7", backup_crypto.TEST_BACKUP_KDF, kek.salt)
    assert kek.kek == again.kek
    assert not any(kept.shared_bytearray())
