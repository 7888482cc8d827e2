"""The unlocked profile, as the rest of the app sees it: drafts to open, steps to take.

A `Workspace` lives from unlock to lock. It holds both open stores, the catalog and who
works, and it is the one doorway to a draft's life: creating and opening drafts, saving
what the editor changed, signing, finalising, receipts, returns, print permissions.
Each step is checked by the life cycle's rules (`lifecycle`) against the truth in the
store (what is stored, not what a screen believes), written to the audit log, and
announced to observers (`subscribe`). `close()` at lock drops everything it cached.

Threading: every method reads or writes the store, so the desktop app calls them on its
store lane (one thread, in order), and observers are called there too. Nothing here
knows Qt; tests call it directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from forms.model import Answers, Template
from koffer.drafting import claims, delivery, documents, finalising, moving, signing
from koffer.drafting.actors import SYSTEM, Actor
from koffer.drafting.attachments import check_attachment
from koffer.drafting.base import (
    FINALISED_NOTE,
    Checked,
    OpenedDraft,
    SaveBatch,
    TemplateMissing,
    WorkspaceBase,
)
from koffer.drafting.defaults import Known, new_draft_answers
from koffer.drafting.lifecycle import Saved, Stage, Step, StepRefused
from koffer.drafting.listing import find_drafts
from koffer.printouts.settings import configured_place
from koffer.store import AttachmentInfo, DraftSummary, SignatureInfo

if TYPE_CHECKING:
    from forms.migration import MigrationReport
    from koffer.printouts.content import PrintFacts
    from koffer.store import Strokes

__all__ = [
    "FINALISED_NOTE",
    "Checked",
    "OpenedDraft",
    "SaveBatch",
    "TemplateMissing",
    "Workspace",
]


class Workspace(WorkspaceBase):
    """The unlocked profile: drafts to open, and every step a draft can take."""

    # ------------------------------------------------------------------ drafts
    def create_draft(
        self,
        template: Template,
        citizen_name: str = "",
        *,
        address: str = "",
        answers: Answers | None = None,
        visit_id: str | None = None,
    ) -> OpenedDraft:
        """Start a draft with the engine's defaults and what the worker typed already.

        Args:
            citizen_name: typed at "Neuer Antrag"; also put into the form's name fields.
            address: e.g. from a visit; put into the form's address fields.
            answers: answers that win over the defaults (a copied draft).
            visit_id: the visit this draft is started from (marked done).
        """
        compiled = self.catalog.compiled(template)
        initial = new_draft_answers(compiled, citizen_name, address, answers, self.known())
        draft = self.drafts.create_draft(
            template.id, template.version, citizen_name, form_title=template.title, answers=initial
        )
        if visit_id:
            self.drafts.set_visit_done(visit_id, True, draft.id)
        return OpenedDraft(draft, template, compiled)

    def known(self) -> Known:
        """What a new draft may be prefilled with: today, the worker's name, the place."""
        return Known(self.today(), self.staff_name, configured_place(self.device))

    def open_draft(self, draft_id: str) -> OpenedDraft:
        """Load a draft for editing, its stage brought in line with its signature.

        A crash between saving an answer and saving the stage that follows from it
        leaves a stale stage; it is put right here from the truth: signed means every
        required signature stored for exactly the stored answers (`review.SignatureState`).
        """
        checked = self.check(draft_id)
        draft = checked.draft
        valid = self.signatures(checked).signed
        repair = {(Stage.SIGNED, False): Step.VOID, (Stage.DRAFT, True): Step.RESTORE}
        fix = repair.get((draft.status, valid))
        if fix is not None:
            self.move(draft_id, fix, by=SYSTEM, detail="on open", before=draft.status)
            draft = self.drafts.get_draft(draft_id)
        return OpenedDraft(
            draft,
            checked.template,
            self.catalog.compiled(checked.template),
            self.signatures_of(draft_id, checked.template),
            self.files_of(draft_id),
            documents.from_stored(self.drafts.document_ticks(draft_id)),
        )

    def list_drafts(self, query: str = "") -> list[DraftSummary]:
        """Drafts, newest change first; `query` finds them by name, form, birth date and
        address, typos forgiven (`koffer.drafting.listing`)."""
        return find_drafts(self.drafts, query)

    def delete_draft(self, draft_id: str) -> None:
        """Delete a draft that is not finalised (the worker's "Löschen").

        Raises:
            StepRefused: the draft is finalised: it is the office's now.
        """
        draft = self.drafts.get_draft(draft_id)
        if not draft.status.editable and draft.status is not Stage.RECEIVED:
            raise StepRefused(
                f"delete {draft.status}",
                "Ein abgeschlossener Antrag wird gelöscht, sobald das Rathaus ihn bestätigt "
                "hat. Vorher kann er nicht gelöscht werden.",
            )
        self.drafts.delete_draft(draft_id)

    def attach(self, draft_id: str, path: str, filename: str, data: bytes) -> AttachmentInfo:
        """Check a file against the field at `path` and attach it to the draft.

        Raises:
            AttachmentRejectedError: not a type the field allows, too large, or empty.
            StepRefused: the draft is finalised.
        """
        draft = self.drafts.get_draft(draft_id)
        if not draft.status.editable:
            raise StepRefused(f"attach to {draft.status}", FINALISED_NOTE)
        field = self.template_of(draft).fields_by_id.get(
            path.rsplit(".", 1)[-1].split("[", maxsplit=1)[0]
        )
        checked = check_attachment(
            filename,
            len(data),
            data[:16],
            field.media_types if field is not None else (),
            field.max_size_mb if field is not None else None,
        )
        return self.drafts.add_attachment(draft_id, path, filename, checked.media_type, data)

    def list_attachments(self, draft_id: str) -> list[AttachmentInfo]:
        """The draft's attachments (metadata only)."""
        return self.drafts.list_attachments(draft_id)

    def attachment_data(self, attachment_id: str) -> bytes:
        """An attachment's bytes."""
        return self.drafts.get_attachment_data(attachment_id)

    def detach(self, attachment_id: str) -> None:
        """Remove an attachment (and its id from the answer that listed it)."""
        self.drafts.remove_attachment(attachment_id)

    def save(self, batch: SaveBatch) -> Stage:
        """Write what an editor changed, then the stage that follows from it.

        Returns:
            The draft's stage afterwards.
        """
        draft_id = batch.draft_id
        if batch.answers is not None:
            self.drafts.set_answers(draft_id, batch.answers)
        for path, value in batch.changes:
            self.drafts.set_answer(draft_id, path, value)
        for document_id, tick in batch.ticks:
            self.drafts.set_document_tick(
                draft_id,
                document_id,
                None if tick is None else tick.state.value,
                None if tick is None else tick.attachment_id,
            )
        if batch.completeness is not None:
            self.drafts.set_completeness(draft_id, batch.completeness)
        stage = self.drafts.get_draft(draft_id).status
        by = batch.by or self.actor
        paths = (("*",) if batch.answers is not None else ()) + tuple(p for p, _ in batch.changes)
        paths += tuple(f"{documents.PATH_PREFIX}{d}" for d, _ in batch.ticks)
        if paths:
            self.announce(Saved(draft_id, paths, by, self.clock()))
        if batch.signed is False and stage is Stage.SIGNED:
            stage = self.move(draft_id, Step.VOID, by=by, before=stage) or stage
        elif batch.signed and stage is Stage.DRAFT:
            checked = self.check(draft_id)  # the truth, not the screen's belief
            if self.signatures(checked).signed:
                stage = self.move(draft_id, Step.RESTORE, by=by, before=stage) or stage
        return stage

    # ------------------------------------------------------------------ steps
    def sign_on_pad(
        self,
        draft_id: str,
        digest: str,
        *,
        strokes: Strokes,
        png: bytes,
        by: Actor | None = None,
        field_id: str | None = None,
    ) -> SignatureInfo:
        """`field_id` (default: the first) was signed on the pad for what was reviewed
        with `digest` (`signing`)."""
        return signing.sign_on_pad(
            self,
            draft_id,
            digest,
            strokes=strokes,
            png=png,
            by=by or self.actor,
            field_id=field_id,
        )

    def sign_on_paper(
        self,
        draft_id: str,
        digest: str,
        *,
        signer: str = "",
        signers: Mapping[str, str] | None = None,
        signed_at: dt.datetime | None = None,
        by: Actor | None = None,
    ) -> tuple[SignatureInfo, ...]:
        """The printed signature sheet was signed, line by line (`signing`)."""
        return signing.sign_on_paper(
            self,
            draft_id,
            digest,
            signer=signer,
            signers=signers,
            signed_at=signed_at,
            by=by or self.actor,
        )

    def finalise(self, draft_id: str, *, by: Actor | None = None) -> Stage:
        """ "Abschließen": sealed into the outbox, or waiting for the office's key."""
        return finalising.finalise(self, draft_id, by or self.actor)

    def seal_waiting(self) -> list[str]:
        """Seal every finalised draft whose office key has arrived; their ids."""
        return finalising.seal_waiting(self)

    def take_receipt(self, draft_id: str, reference: str, received_at: dt.datetime) -> None:
        """The town hall's receipt for a draft (`delivery`)."""
        delivery.take_receipt(self, draft_id, reference, received_at)

    def purge_expired(self) -> list[str]:
        """Delete received drafts whose retention is over (`delivery`)."""
        return delivery.purge_expired(self)

    def catch_up(self) -> None:
        """What happened while locked: receipts, sends, retention, keys (at unlock)."""
        delivery.catch_up(self)
        finalising.seal_waiting(self)

    def refused_count(self) -> int:
        """Submissions the town hall refused, waiting to be taken back (`delivery`)."""
        return delivery.refused_count(self)

    def return_refused(self) -> list[delivery.Returned]:
        """Take every submission the town hall refused back to editing (`delivery`)."""
        return delivery.return_refused(self)

    def print_plan(self, draft_id: str) -> claims.PrintPlan:
        """What a printout of the draft may be and claim now (`claims`)."""
        return claims.print_plan(self, draft_id)

    def printout(self, draft_id: str, facts: PrintFacts) -> claims.Printout:
        """The plan and the content of the draft's printout now (`claims`)."""
        return claims.printout(self, draft_id, facts)

    def preview_move(self, draft_id: str) -> MigrationReport | None:
        """What moving a draft to its form's newest version would carry (`moving`)."""
        return moving.preview_move(self, draft_id)

    def move_to_newest(self, draft_id: str) -> tuple[str, MigrationReport] | None:
        """Copy a draft onto its form's newest version (`moving`)."""
        return moving.move_to_newest(self, draft_id)
