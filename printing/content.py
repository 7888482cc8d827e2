"""What a printout is made of: the form, its answers and the facts around them.

These are plain frozen dataclasses so the app, the CLI and the tests build them without
Qt or a store; rendering turns one of them into PDF bytes in memory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from forms.model import Answers, Template

#: Which copy of a filled form: the office's file copy, the citizen's copy (with the
#: receipt once the application is finalised), or the sheet signed on paper.
CopyKind = Literal["office", "citizen", "signing"]

#: Printed on every page of anything printed from an unfinished draft.
DRAFT_MARKER = "ENTWURF – kein Antrag gestellt"
#: Added to a reference made on the laptop, until the town hall's reference arrives.
PROVISIONAL_LABEL = "vorläufig"


@dataclass(frozen=True, slots=True)
class Letterhead:
    """The municipality's letterhead printed at the top of every first page.

    Attributes:
        municipality: name of the town or district, e.g. "Stadt Musterstadt".
        office: the office that handles the form, e.g. "Sozialamt".
        address_lines: postal address, one line each.
        phone: phone number shown to citizens on the receipt.
        email: e-mail address shown to citizens on the receipt.
        website: web address, optional.
        opening_hours: office hours, optional.
        logo_png: the town's logo as PNG bytes; None prints the neutral placeholder.
        show_logo: False prints no logo at all.
    """

    municipality: str = "Stadt Musterstadt"
    office: str = "Sozialamt"
    address_lines: tuple[str, ...] = ("Rathausplatz 1", "12345 Musterstadt")
    phone: str = "0123 456-0"
    email: str = "sozialamt@musterstadt.example"
    website: str = ""
    opening_hours: str = ""
    logo_png: bytes | None = None
    show_logo: bool = True

    @property
    def contact_line(self) -> str:
        """Phone, e-mail and web address joined for one line of small print."""
        parts = [
            f"Telefon {self.phone}" if self.phone else "",
            self.email,
            self.website,
        ]
        return " · ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    """One document attached to the application (only its name is printed)."""

    filename: str
    media_type: str
    id: str = ""


#: What the printout says of a required document: not seen yet, its original seen by the
#: worker ("Original vorgelegt"), or proven by one of the attachments sent with it.
DocumentState = Literal["open", "presented", "attached"]


@dataclass(frozen=True, slots=True)
class RequiredDocument:
    """One document the form asks for, and what happened to it (the checklist).

    Attributes:
        label: the document as the form names it, e.g. "Mietvertrag".
        state: see `DocumentState`; the application layer decides it, printing only
            says it.
        optional: asked for "falls vorhanden": never called missing.
        attachment: the file name of the proof when attached.
    """

    label: str
    state: DocumentState
    optional: bool = False
    attachment: str = ""


@dataclass(frozen=True, slots=True)
class SignatureInfo:
    """One signature and what it signed.

    Attributes:
        png: the handwritten signature as PNG bytes (empty when signed on paper).
        signer: the name of the person who signed.
        place: where it was signed.
        signed_at: when it was signed.
        content_sha256: hex SHA-256 of the signed answers, printed so the paper can be
            matched with the electronic record.
        on_paper: signed on the printed signature sheet, not on the pad.
        field_id: the form's signature field it was given for ("": the form's only one).
        label: that field's label, the heading of its block ("": "Unterschrift").
    """

    png: bytes
    signer: str
    place: str
    signed_at: dt.datetime
    content_sha256: str
    on_paper: bool = False
    field_id: str = ""
    label: str = ""


@dataclass(frozen=True, slots=True)
class SignatureLine:
    """One line of the sheet signed on paper: whose signature goes there.

    Attributes:
        label: the signature field's label ("Unterschrift der antragstellenden Person").
        signer: the name printed under the line ("": none; the person signs by hand).
        optional: a voluntary signature ("freiwillig"): the line says it may stay empty.
    """

    label: str
    signer: str = ""
    optional: bool = False


@dataclass(frozen=True, slots=True)
class VisitInfo:
    """The facts of a home visit printed above a visit record (Hausbesuchsprotokoll)."""

    visited_at: dt.datetime
    address: str
    staff_name: str
    participants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PrintJobContent:
    """Everything one printout of a filled form shows.

    Attributes:
        template: the form.
        answers: the answers as stored in the draft; only relevant ones are printed.
        reference: the reference / tracking number of a finalised application; empty
            for a draft (a draft has none: nothing was applied for yet).
        staff_name: the staff member who took the application.
        place: where the application was taken.
        created_at: when it was taken; printed on the receipt and used as the PDF's
            creation date, so the same content always gives the same bytes.
        signature: the one signature of a form that has one (kept for such callers);
            ignored when `signatures` is given.
        signatures: every signature given, in form order (each printed as its own block).
        attachments: the attached documents: exactly those the office gets.
        documents: the documents the form asks for, each with its state (the
            checklist), so the citizen's copy says what is still to be sent in.
        letterhead: the municipality's letterhead.
        language: language of labels where the template has translations.
        visit: set for a visit record: printed as a visit-specific header.
        draft: the application is not finalised: every page says `DRAFT_MARKER`, and no
            reference, receipt or QR code is printed.
        provisional: the reference was made on the laptop; the receipt says "vorläufig"
            until the town hall's reference replaces it.
        review_sha256: SHA-256 of what the citizen reviewed, printed on the sheet
            signed on paper so the paper matches the electronic record.
        signer: who signs the sheet signed on paper (printed under the line of a form
            with one signature; `signature_lines` name theirs).
        signature_lines: the lines of the sheet signed on paper, one per signature field
            that applies, in form order (empty: one line for `signer`).
        files: attachment id → file name (printed where a field lists attachments).

    Raises:
        ValueError: a draft with a reference: a draft must never look like an
            application that was made.
    """

    template: Template
    answers: Answers
    reference: str
    staff_name: str
    place: str
    created_at: dt.datetime
    signature: SignatureInfo | None = None
    attachments: tuple[AttachmentInfo, ...] = ()
    documents: tuple[RequiredDocument, ...] = ()
    letterhead: Letterhead = field(default_factory=Letterhead)
    language: str = "de"
    visit: VisitInfo | None = None
    draft: bool = False
    provisional: bool = False
    review_sha256: str = ""
    signer: str = ""
    signatures: tuple[SignatureInfo, ...] = ()
    signature_lines: tuple[SignatureLine, ...] = ()

    def __post_init__(self) -> None:
        if self.draft and self.reference:
            raise ValueError("a draft carries no reference")

    @property
    def given_signatures(self) -> tuple[SignatureInfo, ...]:
        """Every signature to print: `signatures`, or the one `signature`."""
        if self.signatures:
            return self.signatures
        return (self.signature,) if self.signature is not None else ()

    def signed(self, field_id: str) -> SignatureInfo | None:
        """The signature given for the signature field `field_id`, if any (a signature
        without a field id is the form's only one)."""
        return next(
            (s for s in self.given_signatures if s.field_id in (field_id, "")),
            None,
        )

    @property
    def files(self) -> dict[str, str]:
        """Attachment id → file name."""
        return {a.id: a.filename for a in self.attachments if a.id}

    @property
    def printed_reference(self) -> str:
        """The reference as printed: a provisional one says so on paper too."""
        if self.provisional and self.reference:
            return f"{self.reference} ({PROVISIONAL_LABEL})"
        return self.reference
