""" "Abschließen": make the application, seal it for the office, queue it for the town hall.

Finalising checks, against what is stored: the draft is signed (every required
signature that applies, `review.SignatureState`), each signature belongs to exactly the
answers as they are now, nothing required is missing, and the form's exact version is
on the laptop. Then it seals (encrypts the relevant answers, every valid signature with
who gave it how and when, and the attached proofs to the office's public key from the
signed catalog) into the outbox. When the catalog has no key for that office yet, the
application is finalised all the same, waiting for the key: `seal_waiting` seals it as
soon as a catalog update brings the key (after every sync pass of the app and at
unlock). Sealing needs the drafts (the passphrase), so the headless `koffer sync`
cannot do it: it installs the catalog, and the next unlock seals; the pass after that
sends.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from forms.model import Answers
from koffer.drafting import documents
from koffer.drafting.actors import SYSTEM, Actor
from koffer.drafting.lifecycle import Stage, Step, StepRefused, Transition, step
from koffer.drafting.review import SignatureSlot, open_points, signature_fields
from koffer.settings import PLACE
from koffer.store import DraftLocked, DraftStatus, SignatureInfo
from sync.sealing import FileToSeal, SealedSubmission, SealingError, seal_submission

if TYPE_CHECKING:
    from koffer.drafting.base import Checked, WorkspaceBase

log = logging.getLogger(__name__)

NOT_SIGNED = "Der Antrag muss zuerst unterschrieben werden."
SIGNATURE_VOID = (
    "Die Angaben wurden nach der Unterschrift geändert. Bitte noch einmal prüfen lassen "
    "und neu unterschreiben."
)
INCOMPLETE = "Es fehlen noch Angaben. Bitte zuerst vervollständigen."


def _check_finalisable(workspace: WorkspaceBase, draft_id: str, expected: Stage) -> Checked:
    """The stored draft, after every check finalising (or sealing) needs.

    Raises:
        StepRefused: not signed, signature void, incomplete, or the form version missing.
    """
    checked = workspace.check(draft_id)  # TemplateMissing if the exact version is gone
    state = workspace.signatures(checked)
    if state.void:
        raise StepRefused("signature digest differs from the stored answers", SIGNATURE_VOID)
    if state.missing:  # e.g. the applicant signed, the partner who moves in not yet
        who = ", ".join(slot.label for slot in state.missing)
        raise StepRefused("a required signature is missing", f"{NOT_SIGNED} Es fehlt: {who}.")
    if checked.draft.status is not expected or not state.signed:
        raise StepRefused(f"draft is {checked.draft.status}", NOT_SIGNED)
    if open_points(checked.template, checked.evaluation, "de"):
        raise StepRefused("required answers missing", INCOMPLETE)
    return checked


def _given(workspace: WorkspaceBase, checked: Checked) -> list[tuple[SignatureSlot, SignatureInfo]]:
    """The signatures that go to the office: those valid for the stored answers, in form
    order (a void optional one, given before a later change, is left out)."""
    return list(workspace.signatures(checked).given())


def _files(workspace: WorkspaceBase, checked: Checked) -> list[FileToSeal]:
    drafts, draft_id = workspace.drafts, checked.draft.id
    files = [
        FileToSeal(a.id, a.field_id, a.filename, a.media_type, drafts.get_attachment_data(a.id))
        for a in drafts.list_attachments(draft_id)
    ]
    for slot, signature in _given(workspace, checked):
        if signature.png:
            name = f"unterschrift-{slot.field_id}.png"
            files.append(FileToSeal(signature.id, slot.field_id, name, "image/png", signature.png))
    return files


def _sealed_answers(workspace: WorkspaceBase, checked: Checked) -> Answers:
    """The stored answers, without the id of a signature that does not hold (a void
    optional one): the office gets no reference to a signature it is not sent."""
    answers: Answers = dict(checked.draft.answers)
    valid = {signature.id for _slot, signature in _given(workspace, checked)}
    for field in signature_fields(checked.template):
        if field.id in answers and answers[field.id] not in valid:
            answers[field.id] = None
    return answers


def signatures_for_office(
    given: list[tuple[SignatureSlot, SignatureInfo]],
) -> list[dict[str, object]]:
    """What the office reads of every signature: which field, how, by whom, when, for
    which digest, and (on the pad) the sealed image's attachment id."""
    return [
        {
            "field_id": slot.field_id,
            "label": slot.label,
            "method": signature.method.value,
            "signer": signature.signer,
            "signed_at": signature.created_at.isoformat(),
            "content_sha256": signature.content_sha256,
            "attachment_id": signature.id if signature.png else None,
        }
        for slot, signature in given
    ]


def _seal(workspace: WorkspaceBase, checked: Checked) -> SealedSubmission:
    """Encrypt the checked draft to its office (raises `SealingError` without a key)."""
    given = _given(workspace, checked)
    extra: dict[str, object] = {
        "staff_name": workspace.staff_name,
        "place": PLACE.read(workspace.device),
        # which proofs were seen, attached (by id) or are still to come
        "documents": documents.for_office(documents.stored_checklist(workspace, checked)),
        "signatures": signatures_for_office(given),
    }
    if given:  # the first signature as before, for offices that read only these two
        first = given[0][1]
        extra["signature_method"] = first.method.value
        if first.signer:
            extra["signed_on_paper_by"] = first.signer
    return seal_submission(
        checked.template,
        _sealed_answers(workspace, checked),
        draft_id=checked.draft.id,
        files=_files(workspace, checked),
        office_keys=workspace.office_keys(),
        created_at=workspace.clock(),
        today=workspace.today(),
        extra=extra,
    )


def _has_office_key(workspace: WorkspaceBase, checked: Checked) -> bool:
    return checked.template.office_id in workspace.office_keys()


def _queue(
    workspace: WorkspaceBase, checked: Checked, expected: Stage, what: Step, by: Actor
) -> None:
    """Seal the checked draft into the outbox: the step `what` from `expected`."""
    sealed = _seal(workspace, checked)
    step(expected, what)
    workspace.drafts.seal(
        checked.draft.id,
        sealed.submission_id,
        sealed.payload.encode("ascii"),
        template_version=sealed.template_version,
        office_id=sealed.office_id,
        parts=sealed.parts,
        expected={expected},
        action=what,
        detail=" ".join(p for p in (f"submission={sealed.submission_id}", by.audit_detail) if p),
    )
    workspace.announce(
        Transition(checked.draft.id, expected, Stage.SEALED, what, by, workspace.clock())
    )


def finalise(workspace: WorkspaceBase, draft_id: str, by: Actor) -> Stage:
    """Finalise a signed draft; returns its new stage (sealed, or awaiting the key).

    Raises:
        StepRefused: a check failed (German `user_message`); nothing changed.
        SealingError: the office key in the catalog is unusable; nothing changed.
    """
    checked = _check_finalisable(workspace, draft_id, Stage.SIGNED)
    if not _has_office_key(workspace, checked):
        workspace.move(draft_id, Step.AWAIT_KEY, by=by, before=Stage.SIGNED)
        return Stage.AWAITING_KEY
    _queue(workspace, checked, Stage.SIGNED, Step.FINALISE, by)
    return Stage.SEALED


def seal_waiting(workspace: WorkspaceBase) -> list[str]:
    """Seal every draft waiting for its office key that the catalog now has; their ids.

    A draft whose checks fail now (its form version was removed, say) stays waiting
    and is logged; the others are still sealed.
    """
    sealed: list[str] = []
    for summary in workspace.drafts.list_drafts(status=DraftStatus.AWAITING_KEY):
        try:
            checked = _check_finalisable(workspace, summary.id, Stage.AWAITING_KEY)
            if not _has_office_key(workspace, checked):
                continue
            _queue(workspace, checked, Stage.AWAITING_KEY, Step.SEAL, SYSTEM)
        except (StepRefused, SealingError, DraftLocked) as exc:
            log.warning("a finalised draft could not be sealed yet: %s", type(exc).__name__)
            continue
        sealed.append(summary.id)
    return sealed
