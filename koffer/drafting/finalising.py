""" "Abschließen": make the application, seal it for the office, queue it for the town hall.

Finalising checks, against what is stored: the draft is signed, the signature belongs to
exactly the answers as they are now, nothing required is missing, and the form's exact
version is on the laptop. Then it seals (encrypts the relevant answers, the signature
and the attached proofs to the office's public key from the signed catalog) into the
outbox. When the catalog has no key for that office yet, the application is finalised
all the same, waiting for the key: `seal_waiting` seals it as soon as a catalog update
brings the key (after every sync pass of the app and at unlock). Sealing needs the
drafts (the passphrase), so the headless `koffer sync` cannot do it: it installs the
catalog, and the next unlock seals; the pass after that sends.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from koffer.drafting import documents
from koffer.drafting.actors import SYSTEM, Actor
from koffer.drafting.lifecycle import Stage, Step, StepRefused, Transition, step
from koffer.drafting.review import open_points, signature_field
from koffer.settings import PLACE
from koffer.store import DraftLocked, DraftStatus
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
    if checked.draft.status is not expected:
        raise StepRefused(f"draft is {checked.draft.status}", NOT_SIGNED)
    signature = workspace.signature_of(draft_id, checked.template)
    if signature is None:
        raise StepRefused("no signature", NOT_SIGNED)
    if signature.content_sha256 != checked.digest:
        raise StepRefused("signature digest differs from the stored answers", SIGNATURE_VOID)
    if open_points(checked.template, checked.evaluation, "de"):
        raise StepRefused("required answers missing", INCOMPLETE)
    return checked


def _files(workspace: WorkspaceBase, checked: Checked) -> list[FileToSeal]:
    drafts, draft_id = workspace.drafts, checked.draft.id
    files = [
        FileToSeal(a.id, a.field_id, a.filename, a.media_type, drafts.get_attachment_data(a.id))
        for a in drafts.list_attachments(draft_id)
    ]
    field_id = signature_field(checked.template)
    signature = workspace.signature_of(draft_id, checked.template)
    if field_id is not None and signature is not None and signature.png:
        name = f"unterschrift-{field_id}.png"
        files.append(FileToSeal(signature.id, field_id, name, "image/png", signature.png))
    return files


def _seal(workspace: WorkspaceBase, checked: Checked) -> SealedSubmission:
    """Encrypt the checked draft to its office (raises `SealingError` without a key)."""
    signature = workspace.signature_of(checked.draft.id, checked.template)
    extra: dict[str, object] = {
        "staff_name": workspace.staff_name,
        "place": PLACE.read(workspace.device),
        # which proofs were seen, attached (by id) or are still to come
        "documents": documents.for_office(documents.stored_checklist(workspace, checked)),
    }
    if signature is not None:
        extra["signature_method"] = signature.method.value
        if signature.signer:
            extra["signed_on_paper_by"] = signature.signer
    return seal_submission(
        checked.template,
        checked.draft.answers,
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
