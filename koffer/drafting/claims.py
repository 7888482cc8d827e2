"""What a printout of a draft may be, and what it may claim.

A receipt ("Eingangsbestätigung") says that an application was received: it has legal
weight. So a copy with receipt, reference and QR code is offered only for a finalised
application, and it says "vorläufig" until the town hall's reference replaces the
laptop's own. Anything printed from an unfinished draft carries the draft marker on
every page and no reference at all (`printing` enforces that too). The signature sheet
for signing on paper is offered while the draft is complete and not yet finalised; it
has a line for every signature field that applies. A printout shows every signature
that holds for the answers as they are (one block each, headed by whose it is).

A form imported from the town's own PDF can be printed on that PDF: its pages filled
and flattened first, then Koffer's own pages of the same copy (the receipt has no place
on the town's layout). The same claims hold on the town's pages: a draft's carry the
draft marker on every page, and nothing there is ever a receipt. It is offered, and
ticked at first, whenever the PDF is on the laptop: the admin imported the town's PDF
so that the office gets the form it works with and the citizen the one they know from
the town hall; Koffer's pages follow anyway, so nothing is lost by it (the worker
unticks it when paper or battery runs short).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from koffer.drafting.documents import attachments_in, for_printout, stored_checklist
from koffer.drafting.lifecycle import Stage, is_finalised
from koffer.drafting.review import applicable_signatures, open_points
from koffer.printouts.references import provisional_reference
from koffer.townhall.catalog_files import has_source_pdf
from printing.content import DRAFT_MARKER, PrintJobContent, SignatureLine

if TYPE_CHECKING:
    from forms.model import Template
    from koffer.drafting.base import Checked, WorkspaceBase
    from koffer.printouts.content import PrintFacts
    from koffer.store import DeviceStore

#: The catalog form whose drafts print as a visit record (Hausbesuchsprotokoll).
VISIT_TEMPLATE_ID = "hausbesuchsprotokoll"


class PrintKind(enum.StrEnum):
    """A document the print dialog can offer."""

    CITIZEN = "citizen"  # the citizen's copy with receipt (finalised only)
    REVIEW_COPY = "review_copy"  # the citizen's copy of a draft, to read at home
    OFFICE = "office"  # the office's copy
    SIGNING = "signing"  # the sheet to sign on paper (draft only)
    VISIT = "visit"  # the visit record of a Hausbesuchsprotokoll
    BLANK = "blank"  # the blank form to fill in by hand


#: The documents offered on the town's own PDF: the filled copies and the blank form.
#: The signature sheet is Koffer's own (it binds the paper to the reviewed answers by
#: their digest, and an "ENTWURF" page is no place for a signature), and so is the
#: visit record.
ON_ORIGINAL: frozenset[PrintKind] = frozenset(
    {PrintKind.CITIZEN, PrintKind.REVIEW_COPY, PrintKind.OFFICE, PrintKind.BLANK}
)


@dataclass(frozen=True)
class PrintPlan:
    """What may be printed of one draft now.

    Attributes:
        kinds: the documents offered, in printing order.
        preselected: ticked at first.
        draft: not finalised: every page says "ENTWURF – kein Antrag gestellt".
        reference: the reference to print ("" for a draft).
        provisional: the reference is the laptop's own ("vorläufig").
        review_sha256: digest of the answers as they are stored (the signature sheet).
        stage: the draft's stage the plan was made for.
        original_kinds: the offered documents that may go on the town's own PDF (empty:
            the form has none on the laptop); offered ticked.
        marker: printed on every page of the town's PDF: the draft marker for a
            draft, else None (Koffer's own pages carry it through `draft`).
    """

    draft_id: str
    kinds: tuple[PrintKind, ...]
    preselected: tuple[PrintKind, ...]
    draft: bool
    reference: str
    provisional: bool
    review_sha256: str
    stage: Stage
    original_kinds: tuple[PrintKind, ...] = ()
    marker: str | None = None

    @property
    def on_original(self) -> bool:
        """Whether "Auf dem Formular der Stadt drucken" is offered (and ticked at first)."""
        return bool(self.original_kinds)


@dataclass(frozen=True)
class Printout:
    """A draft ready to print: what may be printed of it, and what each copy shows."""

    plan: PrintPlan
    content: PrintJobContent


def printout(workspace: WorkspaceBase, draft_id: str, facts: PrintFacts) -> Printout:
    """The plan and the content of a draft's printout as it stands in the store now.

    The printout lists as attached exactly the attachments that go to the office (those
    the relevant answers name, as sealing takes them): a file kept for a question that
    no longer applies is not sent, so a receipt must not say it was. Beside them it
    says the checklist: which documents were seen in the original, which are attached
    and which are still to be sent in.
    """
    from koffer.printouts.content import Claims, build_content  # reportlab: when printing

    checked = workspace.check(draft_id)
    plan = _plan(workspace, checked)
    sent = attachments_in(checked.evaluation.relevant_answers(), workspace.files_of(draft_id))
    content = build_content(
        workspace.drafts,
        draft_id,
        checked.template,
        facts,
        Claims(plan.draft, plan.reference, plan.provisional, plan.review_sha256, plan.marker),
        visit_record=checked.template.id == VISIT_TEMPLATE_ID,
        sent=sent,
        documents=for_printout(stored_checklist(workspace, checked)),
        signed=[(slot.field_id, slot.label) for slot, _ in workspace.signatures(checked).given()],
        signature_lines=signature_lines(checked, checked.draft.citizen_name),
    )
    return Printout(plan, content)


def signature_lines(checked: Checked, citizen_name: str) -> tuple[SignatureLine, ...]:
    """The lines of the signature sheet: one per signature field that applies now.

    A form with one signature names the citizen under its line (as the sheet always
    did); with several, who signs which line is the field's label, and each person
    signs their own (the worker records the names afterwards).
    """
    slots = applicable_signatures(checked.template, checked.evaluation)
    name = citizen_name.strip() if len(slots) == 1 else ""
    return tuple(SignatureLine(slot.label, name, optional=not slot.required) for slot in slots)


def print_plan(workspace: WorkspaceBase, draft_id: str) -> PrintPlan:
    """The plan for printing `draft_id` as it stands in the store now."""
    return _plan(workspace, workspace.check(draft_id))


def _plan(workspace: WorkspaceBase, checked: Checked) -> PrintPlan:
    draft, template = checked.draft, checked.template
    visit = template.id == VISIT_TEMPLATE_ID
    if is_finalised(draft.status):
        reference = draft.reference or provisional_reference(draft.id)
        kinds = (PrintKind.VISIT if visit else PrintKind.CITIZEN, PrintKind.OFFICE)
        return PrintPlan(
            draft.id,
            kinds,
            kinds[:1],
            draft=False,
            reference=reference,
            provisional=draft.reference is None,
            review_sha256=checked.digest,
            stage=draft.status,
            original_kinds=original_kinds(kinds, workspace.device, template),
            marker=None,
        )
    offered = [PrintKind.VISIT if visit else PrintKind.REVIEW_COPY, PrintKind.OFFICE]
    complete = not open_points(template, checked.evaluation, "de")
    if complete and applicable_signatures(template, checked.evaluation):
        offered.append(PrintKind.SIGNING)
    return PrintPlan(
        draft.id,
        tuple(offered),
        tuple(offered[:1]),
        draft=True,
        reference="",
        provisional=False,
        review_sha256=checked.digest,
        stage=draft.status,
        original_kinds=original_kinds(offered, workspace.device, template),
        marker=DRAFT_MARKER,
    )


def original_kinds(
    kinds: Iterable[PrintKind], device: DeviceStore | None, template: Template
) -> tuple[PrintKind, ...]:
    """Those of `kinds` that may be printed on the town's own PDF of `template`, in order
    (none when the PDF is not on the laptop). Also for the blank form of the catalog."""
    if not has_source_pdf(device, template):
        return ()
    return tuple(kind for kind in kinds if kind in ON_ORIGINAL)
