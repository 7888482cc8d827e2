"""A draft as a printout: answers, signatures, attachments, facts; rendered in memory.

Runs on the worker (it reads drafts.db). What the printout may claim (draft marker or
receipt, which reference, the marker on the town's own pages) is decided by the
application layer and handed in; the `printing` package refuses a receipt for a draft,
and a draft on the town's PDF without the draft marker, on its own, too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from forms.model import AnswerValue, Template
from printing.backend import PrintError
from printing.blank import render_blank
from printing.content import (
    AttachmentInfo,
    CopyKind,
    Letterhead,
    PrintJobContent,
    RequiredDocument,
    SignatureInfo,
    SignatureLine,
    VisitInfo,
)
from printing.render import render_filled, render_visit_record

#: Said when the town's PDF cannot be filled (it is checked against the signed catalog,
#: so this means a damaged file; Koffer's own pages still print).
ORIGINAL_FAILED = (
    "Das Formular der Stadt lässt sich nicht ausfüllen. Bitte ohne „Auf dem Formular "
    "der Stadt drucken“ drucken: Koffers eigene Seiten enthalten alle Angaben"
)

#: The `printing.render` copy each kind of document is rendered as.
COPIES: dict[str, CopyKind] = {
    "citizen": "citizen",
    "review_copy": "citizen",
    "office": "office",
    "signing": "signing",
}


class DraftSource(Protocol):
    """The part of `DraftStore` that printing reads."""

    def get_draft(self, draft_id: str) -> Any:
        """The draft."""
        ...

    def get_signature(self, draft_id: str, field_id: str) -> Any:
        """A field's signature, or None."""
        ...

    def list_attachments(self, draft_id: str) -> list[Any]:
        """The draft's attachments (metadata only)."""
        ...

    def list_visits(self, *, include_done: bool = True) -> list[Any]:
        """Planned and done visits."""
        ...


@dataclass(frozen=True, slots=True)
class PrintFacts:
    """What printing needs beyond the draft: who prints, where, on whose letterhead."""

    staff_name: str
    letterhead: Letterhead
    place: str
    now: dt.datetime


@dataclass(frozen=True, slots=True)
class Claims:
    """What the printout may say about the application (from `koffer.drafting.claims`).

    Attributes:
        draft: unfinished: the draft marker on every page, no reference, no receipt.
        reference: the reference to print ("" for a draft).
        provisional: the reference is the laptop's own.
        review_sha256: digest of the reviewed answers (on the signature sheet).
        marker: printed on every page of the town's own PDF (the draft marker).
    """

    draft: bool
    reference: str = ""
    provisional: bool = False
    review_sha256: str = ""
    marker: str | None = None


def _signature_fields(template: Template) -> list[tuple[str, str]]:
    return [(f.id, f.label) for f in template.iter_fields() if f.type == "signature"]


def _printed_signature(
    stored: Any, field_id: str, label: str, draft: Any, place: str
) -> SignatureInfo | None:
    """A stored signature as printed (None: nothing to print of it)."""
    if stored is None or not (stored.png or stored.method == "paper"):
        return None
    return SignatureInfo(
        png=bytes(stored.png),
        signer=stored.signer or draft.citizen_name,
        place=place,
        signed_at=stored.created_at,
        content_sha256=stored.content_sha256,
        on_paper=stored.method == "paper",
        field_id=field_id,
        label=label,
    )


def build_content(
    drafts: DraftSource,
    draft_id: str,
    template: Template,
    facts: PrintFacts,
    claims: Claims,
    *,
    visit_record: bool = False,
    sent: Collection[str] | None = None,
    documents: tuple[RequiredDocument, ...] = (),
    signed: Sequence[tuple[str, str]] | None = None,
    signature_lines: tuple[SignatureLine, ...] = (),
) -> PrintJobContent:
    """The printout of a draft: answers, signatures, attachments, reference, letterhead.

    For a visit record the visit's facts (date, address, staff, participants) are added
    from the answers and the linked visit.

    Args:
        sent: the ids of the attachments the office gets (the application layer's
            rule, `koffer.drafting.claims.printout`); only they are listed as
            attached. None lists every stored attachment.
        documents: the form's checklist as it stands.
        signed: (field id, label) of the signatures to print, in form order: those that
            hold (the application layer's rule). None: every stored signature.
        signature_lines: the lines of the sheet signed on paper.
    """
    draft = drafts.get_draft(draft_id)
    created_at = facts.now
    fields = _signature_fields(template) if signed is None else list(signed)
    printed = tuple(
        info
        for field_id, label in fields
        if (
            info := _printed_signature(
                drafts.get_signature(draft_id, field_id), field_id, label, draft, facts.place
            )
        )
        is not None
    )
    if printed and not claims.draft:
        created_at = max(info.signed_at for info in printed)
    attachments = tuple(
        AttachmentInfo(filename=a.filename, media_type=a.media_type, id=a.id)
        for a in drafts.list_attachments(draft_id)
        if sent is None or a.id in sent
    )
    visit = _visit_info(drafts, draft, facts) if visit_record else None
    return PrintJobContent(
        template=template,
        answers=dict(draft.answers),
        reference=claims.reference,
        staff_name=facts.staff_name,
        place=facts.place,
        created_at=created_at,
        signature=printed[0] if printed else None,
        signatures=printed,
        signature_lines=signature_lines,
        attachments=attachments,
        documents=documents,
        letterhead=facts.letterhead,
        visit=visit,
        draft=claims.draft,
        provisional=claims.provisional,
        review_sha256=claims.review_sha256,
        signer=draft.citizen_name,
    )


def _text(value: AnswerValue) -> str:
    return value.strip() if isinstance(value, str) else ""


def _visit_info(drafts: DraftSource, draft: Any, facts: PrintFacts) -> VisitInfo:
    answers: dict[str, Any] = dict(draft.answers)
    linked = next((v for v in drafts.list_visits() if v.draft_id == draft.id), None)
    visited_at = _visit_time(answers) or (linked.planned_at if linked else None) or facts.now
    address = _text(answers.get("anschrift")) or (linked.address if linked else "")
    staff = _text(answers.get("mitarbeiter_name")) or facts.staff_name
    rows = answers.get("anwesende")
    participants = tuple(
        name
        for row in (rows if isinstance(rows, list) else [])
        if isinstance(row, dict) and (name := _text(row.get("anw_name")))
    )
    return VisitInfo(
        visited_at=visited_at, address=address, staff_name=staff, participants=participants
    )


def _visit_time(answers: dict[str, Any]) -> dt.datetime | None:
    day = answers.get("besuchsdatum")
    if not isinstance(day, str):
        return None
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        return None
    clock = re.fullmatch(
        r"\s*(\d{1,2})[:.](\d{2})\s*(Uhr)?\s*", _text(answers.get("uhrzeit_beginn"))
    )
    hour, minute = (int(clock.group(1)), int(clock.group(2))) if clock else (0, 0)
    if hour > 23 or minute > 59:
        hour, minute = 0, 0
    local = dt.datetime.now().astimezone().tzinfo
    return dt.datetime(date.year, date.month, date.day, hour, minute, tzinfo=local)


def render_document(
    kind: str,
    template: Template,
    content: PrintJobContent | None,
    *,
    letterhead: Letterhead | None = None,
    large_print: bool = False,
    original: bytes | None = None,
    marker: str | None = None,
) -> bytes:
    """PDF bytes of one document (in memory; never written to disk here).

    Args:
        kind: "blank", "visit", or a filled copy of `COPIES`.
        original: the town's PDF to print on (`koffer.townhall.catalog_files.source_pdf`):
            its pages filled and flattened first, then Koffer's own pages of the copy;
            for "blank" the town's empty form alone. None: Koffer's own pages only.
        marker: printed on every page of `original` (the plan's: the draft marker).

    Raises:
        ValueError: a filled kind without `content`, an unknown kind, or the visit
            record on the town's PDF. (Which documents are offered on the town's PDF is
            the application layer's rule: `koffer.drafting.claims.ON_ORIGINAL`.)
        PrintError: the town's PDF cannot be filled (`ORIGINAL_FAILED`).
    """
    from printing.on_original import render_on_original  # pikepdf: only when printing
    from printing.original import OriginalError, fill_original

    try:
        if kind == "blank":
            if original is not None:
                return fill_original(original, template, {}).pdf
            return render_blank(template, letterhead=letterhead, large_print=large_print)
        if content is None:
            raise ValueError(f"{kind} needs the draft's content")
        if kind == "visit":
            if original is not None:
                raise ValueError("the visit record has no place on the town's PDF")
            return render_visit_record(content, large_print=large_print)
        if kind not in COPIES:
            raise ValueError(f"unknown document {kind!r}")
        if original is not None:
            printout = render_on_original(
                content, original, COPIES[kind], large_print=large_print, marker=marker
            )
            return printout.pdf
        return render_filled(content, COPIES[kind], large_print=large_print)
    except OriginalError as exc:
        raise PrintError(ORIGINAL_FAILED, type(exc).__name__) from None
