"""Signing: on the pad, or on the printed signature sheet ("auf Papier unterschrieben").

A signature is bound to the digest of what the citizen reviewed. It is taken only if
that digest is the digest of the answers as they are stored now (nothing changed since
the review was shown, and every save landed), and only if nothing required is missing.
On paper the worker prints the signature sheet (`claims`: copy "signing", with the
digest on it), the citizen signs it with a pen, and the worker records who signed and
when; the sheet goes to the office with the application.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from koffer.drafting.actors import Actor
from koffer.drafting.lifecycle import Stage, Step, StepRefused, step
from koffer.drafting.review import open_points, signature_field
from koffer.store import SignatureInfo, SignatureMethod

if TYPE_CHECKING:
    from koffer.drafting.base import WorkspaceBase
    from koffer.store import Strokes

CHANGED_SINCE_REVIEW = (
    "Die Angaben wurden nach dem Prüfen geändert. Bitte lassen Sie den Antrag noch einmal "
    "prüfen, bevor unterschrieben wird."
)
INCOMPLETE = "Bevor unterschrieben werden kann, fehlen noch Angaben."
NO_SIGNATURE_FIELD = "Dieses Formular hat kein Unterschriftsfeld."


def _checked_for_signing(workspace: WorkspaceBase, draft_id: str, digest: str) -> tuple[str, Stage]:
    """(signature field, stage) after every check a signature needs.

    Raises:
        StepRefused: finalised already, changed since the review, incomplete, no field.
    """
    checked = workspace.check(draft_id)
    step(checked.draft.status, Step.SIGN)
    field_id = signature_field(checked.template)
    if field_id is None:
        raise StepRefused(f"{checked.template.id} has no signature field", NO_SIGNATURE_FIELD)
    if digest != checked.digest:
        raise StepRefused("reviewed digest differs from the stored answers", CHANGED_SINCE_REVIEW)
    if open_points(checked.template, checked.evaluation, "de"):
        raise StepRefused("required answers missing", INCOMPLETE)
    return field_id, checked.draft.status


def sign_on_pad(
    workspace: WorkspaceBase,
    draft_id: str,
    digest: str,
    *,
    strokes: Strokes,
    png: bytes,
    by: Actor,
) -> SignatureInfo:
    """Store the pad's signature for the reviewed content `digest`; the draft is signed.

    Raises:
        StepRefused: see `_checked_for_signing`; an empty pad.
    """
    if not strokes or not png:
        raise StepRefused("empty signature", "Bitte zuerst unterschreiben.")
    field_id, stage = _checked_for_signing(workspace, draft_id, digest)
    info = workspace.drafts.save_signature(draft_id, field_id, strokes, png, digest)
    workspace.move(draft_id, Step.SIGN, by=by, detail="method=pad", before=stage)
    return info


def sign_on_paper(
    workspace: WorkspaceBase,
    draft_id: str,
    digest: str,
    *,
    signer: str,
    signed_at: dt.datetime | None,
    by: Actor,
) -> SignatureInfo:
    """Record that `signer` signed the printed sheet of the content `digest`.

    Args:
        signer: who signed (the citizen, or a legal representative).
        signed_at: when (default: now); not in the future.

    Raises:
        StepRefused: see `_checked_for_signing`; no signer; a time in the future.
    """
    if not signer.strip():
        raise StepRefused("no signer", "Bitte angeben, wer unterschrieben hat.")
    moment = signed_at or workspace.clock()
    if moment > workspace.clock() + dt.timedelta(minutes=5):
        raise StepRefused("signed in the future", "Der Zeitpunkt liegt in der Zukunft.")
    field_id, stage = _checked_for_signing(workspace, draft_id, digest)
    info = workspace.drafts.save_signature(
        draft_id,
        field_id,
        [],
        b"",
        digest,
        method=SignatureMethod.PAPER,
        signer=signer,
        signed_at=moment,
    )
    workspace.move(draft_id, Step.SIGN, by=by, detail="method=paper", before=stage)
    return info
