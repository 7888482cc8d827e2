"""What a printout of a draft may be, and what it may claim.

A receipt ("Eingangsbestätigung") says that an application was received: it has legal
weight. So a copy with receipt, reference and QR code is offered only for a finalised
application, and it says "vorläufig" until the town hall's reference replaces the
laptop's own. Anything printed from an unfinished draft carries the draft marker on
every page and no reference at all (`printing` enforces that too). The signature sheet
for signing on paper is offered while the draft is complete and not yet finalised.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from koffer.drafting.lifecycle import Stage, is_finalised
from koffer.drafting.review import open_points, signature_field
from koffer.printouts.references import provisional_reference

if TYPE_CHECKING:
    from koffer.drafting.base import WorkspaceBase

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
    """

    draft_id: str
    kinds: tuple[PrintKind, ...]
    preselected: tuple[PrintKind, ...]
    draft: bool
    reference: str
    provisional: bool
    review_sha256: str
    stage: Stage


def print_plan(workspace: WorkspaceBase, draft_id: str) -> PrintPlan:
    """The plan for printing `draft_id` as it stands in the store now."""
    checked = workspace.check(draft_id)
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
        )
    offered = [PrintKind.VISIT if visit else PrintKind.REVIEW_COPY, PrintKind.OFFICE]
    complete = not open_points(template, checked.evaluation, "de")
    if complete and signature_field(template) is not None:
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
    )
