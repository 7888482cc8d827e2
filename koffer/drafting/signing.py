"""Signing: on the pad, or on the printed signature sheet ("auf Papier unterschrieben").

A form may ask for more than one signature (the applicant and the partner who moves in;
the staff member and, voluntarily, the person visited): the signature fields that apply
now are `review.applicable_signatures`, and each is signed on its own. A signature is
bound to the digest of what the citizen reviewed. It is taken only if that digest is
the digest of the answers as they are stored now (nothing changed since the review was
shown, and every save landed), and only if nothing required is missing. The draft is
SIGNED (the life-cycle step) once every required applicable signature holds
(`review.SignatureState`); a signature before that is stored, audited and announced,
but the draft stays a draft.

On paper the worker prints the signature sheet (`claims`: copy "signing", a line per
applicable signature field and the digest on it), the people sign it with a pen, and
the worker records who signed which line and when; the sheet goes to the office with
the application.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from koffer.drafting.actors import Actor
from koffer.drafting.lifecycle import Saved, Step, StepRefused, step
from koffer.drafting.review import SignatureSlot, applicable_signatures, open_points
from koffer.store import SignatureInfo, SignatureMethod

if TYPE_CHECKING:
    from koffer.drafting.base import Checked, WorkspaceBase
    from koffer.store import Strokes

CHANGED_SINCE_REVIEW = (
    "Die Angaben wurden nach dem Prüfen geändert. Bitte lassen Sie den Antrag noch einmal "
    "prüfen, bevor unterschrieben wird."
)
INCOMPLETE = "Bevor unterschrieben werden kann, fehlen noch Angaben."
NO_SIGNATURE_FIELD = "Dieses Formular hat kein Unterschriftsfeld."
NOT_APPLICABLE = "Diese Unterschrift ist für diesen Antrag nicht vorgesehen."
NO_SIGNER = "Bitte angeben, wer unterschrieben hat."
#: Audit action of a signature that does not yet make the draft signed (one of several).
GIVEN = "signature_given"


def _checked_for_signing(
    workspace: WorkspaceBase, draft_id: str, digest: str
) -> tuple[Checked, tuple[SignatureSlot, ...]]:
    """(the stored draft, its applicable signature fields) after every check a signature
    needs.

    Raises:
        StepRefused: finalised already, changed since the review, incomplete, no field.
    """
    checked = workspace.check(draft_id)
    step(checked.draft.status, Step.SIGN)
    slots = applicable_signatures(checked.template, checked.evaluation)
    if not slots:
        raise StepRefused(f"{checked.template.id} has no signature field", NO_SIGNATURE_FIELD)
    if digest != checked.digest:
        raise StepRefused("reviewed digest differs from the stored answers", CHANGED_SINCE_REVIEW)
    if open_points(checked.template, checked.evaluation, "de"):
        raise StepRefused("required answers missing", INCOMPLETE)
    return checked, slots


def _slot(slots: tuple[SignatureSlot, ...], field_id: str | None) -> SignatureSlot:
    """The slot `field_id` names (None: the form's first applicable one).

    Raises:
        StepRefused: that signature field does not apply to these answers.
    """
    if field_id is None:
        return slots[0]
    for slot in slots:
        if slot.field_id == field_id:
            return slot
    raise StepRefused(f"signature field {field_id} does not apply", NOT_APPLICABLE)


def _after_signing(
    workspace: WorkspaceBase, checked: Checked, fields: tuple[str, ...], method: str, by: Actor
) -> None:
    """Take the step SIGN once every required signature holds; until then audit and
    announce the signature given (a backup keeps it all the same)."""
    draft_id = checked.draft.id
    detail = f"method={method}"
    if workspace.signatures(workspace.check(draft_id)).signed:
        workspace.move(draft_id, Step.SIGN, by=by, detail=detail, before=checked.draft.status)
        return
    note = " ".join(p for p in (f"fields={','.join(fields)}", detail, by.audit_detail) if p)
    workspace.device.audit(GIVEN, draft_id, note)
    workspace.announce(Saved(draft_id, fields, by, workspace.clock()))


def sign_on_pad(
    workspace: WorkspaceBase,
    draft_id: str,
    digest: str,
    *,
    strokes: Strokes,
    png: bytes,
    by: Actor,
    field_id: str | None = None,
) -> SignatureInfo:
    """Store the pad's signature of `field_id` for the reviewed content `digest`.

    Args:
        field_id: the signature field signed (None: the form's first applicable one).

    Raises:
        StepRefused: see `_checked_for_signing`; an empty pad; a field that does not
            apply.
    """
    if not strokes or not png:
        raise StepRefused("empty signature", "Bitte zuerst unterschreiben.")
    checked, slots = _checked_for_signing(workspace, draft_id, digest)
    slot = _slot(slots, field_id)
    info = workspace.drafts.save_signature(draft_id, slot.field_id, strokes, png, digest)
    _after_signing(workspace, checked, (slot.field_id,), "pad", by)
    return info


def sign_on_paper(
    workspace: WorkspaceBase,
    draft_id: str,
    digest: str,
    *,
    signer: str = "",
    signers: Mapping[str, str] | None = None,
    signed_at: dt.datetime | None,
    by: Actor,
) -> tuple[SignatureInfo, ...]:
    """Record that the printed sheet of the content `digest` was signed, line by line.

    Every applicable signature field has its line on the sheet. A required line needs
    the name of who signed it; an optional line ("freiwillig") is recorded only when a
    name is given for it.

    Args:
        signer: who signed every required line `signers` does not name (the citizen, or
            a legal representative); on a form whose signatures are all voluntary, the
            first line.
        signers: field id → who signed that line.
        signed_at: when (default: now); not in the future.

    Returns:
        The signatures recorded, in form order.

    Raises:
        StepRefused: see `_checked_for_signing`; a required line without a signer; a
            field that does not apply; a time in the future.
    """
    named = {k: v.strip() for k, v in (signers or {}).items()}
    moment = signed_at or workspace.clock()
    if moment > workspace.clock() + dt.timedelta(minutes=5):
        raise StepRefused("signed in the future", "Der Zeitpunkt liegt in der Zukunft.")
    if not (signer.strip() or any(named.values())):
        raise StepRefused("no signer", NO_SIGNER)
    checked, slots = _checked_for_signing(workspace, draft_id, digest)
    for field_id in named:
        _slot(slots, field_id)
    # `signer` signs the required lines (a form whose signatures are all voluntary: its
    # first); a line `signers` names is signed by that person
    default = {s.field_id for s in slots if s.required} or {slots[0].field_id}
    lines = [
        (s, named.get(s.field_id) or (signer.strip() if s.field_id in default else ""))
        for s in slots
    ]
    if any(s.required and not who for s, who in lines):
        raise StepRefused("a required line without a signer", NO_SIGNER)
    recorded = tuple(
        workspace.drafts.save_signature(
            draft_id,
            slot.field_id,
            [],
            b"",
            digest,
            method=SignatureMethod.PAPER,
            signer=who,
            signed_at=moment,
        )
        for slot, who in lines
        if who
    )
    _after_signing(workspace, checked, tuple(i.field_id for i in recorded), "paper", by)
    return recorded
