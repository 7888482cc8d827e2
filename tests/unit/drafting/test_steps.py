"""Signing, finalising, sealing once the key arrives, receipts, returns: checked, audited.

Everything runs on a real SQLCipher profile, without Qt.
"""

from __future__ import annotations

import datetime as dt

import pytest

from koffer.drafting.lifecycle import Stage, StepRefused, Transition
from koffer.drafting.workspace import Workspace
from koffer.settings import REJECTED, RETENTION_DAYS
from koffer.store import DraftLocked, SignatureMethod
from tests.unit.drafting.conftest import Clock, OfficeKeys, template

STROKES = [[[0.1, 0.2, 0.5, 0], [0.4, 0.3, 0.5, 20]]]
PNG = b"\x89PNG\r\n\x1a\n-signature-"


@pytest.fixture
def hilfe(workspace: Workspace, templates) -> str:
    """A complete, unsigned draft of the small test form (office "sozialamt")."""
    opened = workspace.create_draft(template(templates, "hilfeantrag"), "Erika Beispiel")
    workspace.drafts.set_answer(opened.draft.id, "name", "Erika Beispiel")
    return opened.draft.id


def signed(workspace: Workspace, draft_id: str) -> str:
    digest = workspace.check(draft_id).digest
    workspace.sign_on_pad(draft_id, digest, strokes=STROKES, png=PNG)
    return digest


def stage(workspace: Workspace, draft_id: str) -> Stage:
    return workspace.drafts.get_draft(draft_id).status


def actions(workspace: Workspace, draft_id: str) -> list[str]:
    return [e.action for e in workspace.device.audit_entries(draft_id)]


def test_signing_needs_exactly_the_stored_answers(workspace: Workspace, hilfe: str) -> None:
    reviewed = workspace.check(hilfe).digest
    workspace.drafts.set_answer(hilfe, "name", "Erika Beispiel-Neu")  # changed after the review
    with pytest.raises(StepRefused) as refused:
        workspace.sign_on_pad(hilfe, reviewed, strokes=STROKES, png=PNG)
    assert "geändert" in refused.value.user_message
    assert stage(workspace, hilfe) is Stage.DRAFT
    signed(workspace, hilfe)
    assert stage(workspace, hilfe) is Stage.SIGNED
    assert "signed" in actions(workspace, hilfe)


def test_an_incomplete_draft_cannot_be_signed(workspace: Workspace, templates) -> None:
    opened = workspace.create_draft(template(templates, "hilfeantrag"), "")
    digest = workspace.check(opened.draft.id).digest
    with pytest.raises(StepRefused) as refused:
        workspace.sign_on_pad(opened.draft.id, digest, strokes=STROKES, png=PNG)
    assert "fehlen" in refused.value.user_message


def test_finalising_checks_the_signature_against_what_is_stored_now(
    workspace: Workspace, hilfe: str, keys: OfficeKeys
) -> None:
    """`seal_draft` used to seal whatever was stored, whatever had been signed."""
    keys.arrive("sozialamt")
    with pytest.raises(StepRefused):
        workspace.finalise(hilfe)  # not signed
    signed(workspace, hilfe)
    # the answers change behind the signature's back (no editor, no stage change)
    workspace.drafts.set_answer(hilfe, "name", "Jemand Anderes")
    with pytest.raises(StepRefused) as refused:
        workspace.finalise(hilfe)
    assert "neu unterschreiben" in refused.value.user_message
    assert workspace.device.outbox_count() == 0
    assert stage(workspace, hilfe) is Stage.SIGNED


def test_finalise_seals_into_the_outbox_once(
    workspace: Workspace, hilfe: str, keys: OfficeKeys
) -> None:
    keys.arrive("sozialamt")
    seen: list[Transition] = []
    workspace.subscribe(seen.append)
    signed(workspace, hilfe)
    assert workspace.finalise(hilfe) is Stage.SEALED
    assert stage(workspace, hilfe) is Stage.SEALED
    items = workspace.device.outbox_items()
    assert [(i.draft_id, i.office_id) for i in items] == [(hilfe, "sozialamt")]
    assert len(items[0].parts) == 1  # the signature image, sealed
    assert b"Erika" not in items[0].payload  # ciphertext only
    assert [t.after for t in seen] == [Stage.SIGNED, Stage.SEALED]
    assert actions(workspace, hilfe)[-1] == "finalised"
    with pytest.raises(StepRefused):
        workspace.finalise(hilfe)
    with pytest.raises(DraftLocked):
        workspace.drafts.set_answer(hilfe, "name", "zu spät")
    assert workspace.device.outbox_count() == 1


def test_without_the_office_key_it_is_finalised_and_sealed_when_the_key_comes(
    workspace: Workspace, hilfe: str, keys: OfficeKeys
) -> None:
    signed(workspace, hilfe)
    assert workspace.finalise(hilfe) is Stage.AWAITING_KEY
    assert workspace.device.outbox_count() == 0
    assert workspace.device.draft_counts()["awaiting_key"] == 1
    with pytest.raises(DraftLocked):
        workspace.drafts.set_answer(hilfe, "name", "zu spät")
    assert workspace.seal_waiting() == []  # the catalog still has no key
    keys.arrive("sozialamt")
    assert workspace.seal_waiting() == [hilfe]
    assert stage(workspace, hilfe) is Stage.SEALED
    assert workspace.device.outbox_count() == 1
    assert actions(workspace, hilfe)[-2:] == ["finalised_awaiting_key", "sealed"]
    assert workspace.seal_waiting() == []


def test_waiting_drafts_are_sealed_at_unlock(
    workspace: Workspace, hilfe: str, keys: OfficeKeys
) -> None:
    signed(workspace, hilfe)
    workspace.finalise(hilfe)
    keys.arrive("sozialamt")  # e.g. installed by the headless `koffer sync`
    workspace.catch_up()
    assert stage(workspace, hilfe) is Stage.SEALED


def test_signed_on_paper(workspace: Workspace, hilfe: str, keys: OfficeKeys, clock: Clock) -> None:
    keys.arrive("sozialamt")
    digest = workspace.check(hilfe).digest
    with pytest.raises(StepRefused):
        workspace.sign_on_paper(hilfe, digest, signer=" ")
    when = clock.now - dt.timedelta(minutes=3)
    (info,) = workspace.sign_on_paper(hilfe, digest, signer="Erika Beispiel", signed_at=when)
    assert (info.method, info.signer, info.created_at) == (
        SignatureMethod.PAPER,
        "Erika Beispiel",
        when,
    )
    assert stage(workspace, hilfe) is Stage.SIGNED
    details = [e.detail for e in workspace.device.audit_entries(hilfe) if e.action == "signed"]
    assert details == ["draft->signed method=paper"]
    assert workspace.finalise(hilfe) is Stage.SEALED
    assert workspace.device.outbox_items()[0].parts == []  # no image to seal


def test_receipt_then_retention(workspace: Workspace, hilfe: str, keys: OfficeKeys, clock: Clock):
    keys.arrive("sozialamt")
    RETENTION_DAYS.write(workspace.device, 2)
    signed(workspace, hilfe)
    workspace.finalise(hilfe)
    workspace.take_receipt(hilfe, "SOZ-2026-000007", clock.now)
    got = workspace.drafts.get_draft(hilfe)
    assert (got.status, got.reference) == (Stage.RECEIVED, "SOZ-2026-000007")
    workspace.take_receipt(hilfe, "SOZ-2026-000007", clock.now)  # twice: nothing changes
    assert workspace.purge_expired() == []
    clock.advance(days=2)
    assert workspace.purge_expired() == [hilfe]
    assert workspace.drafts.list_drafts() == []
    assert actions(workspace, hilfe)[-2:] == ["received", "purged"]


def test_receipts_kept_by_the_headless_sync_apply_at_unlock(
    workspace: Workspace, hilfe: str, keys: OfficeKeys, clock: Clock
) -> None:
    keys.arrive("sozialamt")
    RETENTION_DAYS.write(workspace.device, 30)
    signed(workspace, hilfe)
    workspace.finalise(hilfe)
    submission = workspace.device.outbox_items()[0].submission_id
    workspace.device.outbox_record_receipt(submission, "SOZ-9", clock.now)  # like `koffer sync`
    workspace.catch_up()
    got = workspace.drafts.get_draft(hilfe)
    assert (got.status, got.reference, got.received_at) == (Stage.RECEIVED, "SOZ-9", clock.now)


def test_a_send_kept_by_the_headless_sync_applies_at_unlock(
    workspace: Workspace, hilfe: str, keys: OfficeKeys
) -> None:
    keys.arrive("sozialamt")
    signed(workspace, hilfe)
    workspace.finalise(hilfe)
    workspace.device.outbox_mark_sent(workspace.device.outbox_items()[0].submission_id, "srv")
    workspace.catch_up()
    assert stage(workspace, hilfe) is Stage.SENT


def test_a_refused_submission_comes_back_unsigned(
    workspace: Workspace, hilfe: str, keys: OfficeKeys
) -> None:
    keys.arrive("sozialamt")
    signed(workspace, hilfe)
    workspace.finalise(hilfe)
    submission = workspace.device.outbox_items()[0].submission_id
    REJECTED.write(workspace.device, {submission: {"draft_id": hilfe, "message": "IBAN fehlt"}})
    returned = workspace.return_refused()
    assert [(r.draft_id, r.message) for r in returned] == [(hilfe, "IBAN fehlt")]
    assert stage(workspace, hilfe) is Stage.DRAFT
    assert workspace.signature_of(hilfe, workspace.check(hilfe).template) is None
    assert workspace.device.outbox_count() == 0
    assert REJECTED.read(workspace.device) == {}
    opened = workspace.open_draft(hilfe)  # no stale signature makes it "signed" again
    assert opened.stage is Stage.DRAFT
    workspace.drafts.set_answer(hilfe, "name", "korrigiert")


def test_a_finalised_draft_cannot_be_deleted_by_the_worker(
    workspace: Workspace, hilfe: str, keys: OfficeKeys
) -> None:
    signed(workspace, hilfe)
    workspace.finalise(hilfe)
    with pytest.raises(StepRefused):
        workspace.delete_draft(hilfe)
    draft = workspace.create_draft(workspace.check(hilfe).template, "Weg").draft
    workspace.delete_draft(draft.id)
    assert [d.id for d in workspace.list_drafts()] == [hilfe]


def test_opening_puts_a_stale_stage_right(workspace: Workspace, hilfe: str) -> None:
    signed(workspace, hilfe)
    # a crash between saving an answer and saving the stage it leads to
    workspace.drafts.set_answer(hilfe, "name", "geändert")
    assert stage(workspace, hilfe) is Stage.SIGNED
    assert workspace.open_draft(hilfe).stage is Stage.DRAFT
    workspace.drafts.set_answer(hilfe, "name", "Erika Beispiel")  # back as signed
    assert workspace.open_draft(hilfe).stage is Stage.SIGNED
