"""The fixed blocks around the answers: case facts, receipt, attachments, signature."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer, Table, TableStyle

from forms.display import format_date, format_datetime
from printing.content import PROVISIONAL_LABEL, PrintJobContent, RequiredDocument, SignatureInfo
from printing.flowables import QrCode
from printing.fonts import SANS
from printing.layout import CONTENT_WIDTH
from printing.text import para
from printing.theme import ACCENT, RULE, Styles, Theme


def facts_table(rows: Sequence[tuple[str, str]], styles: Styles, mono_first: bool) -> Table:
    data = []
    for index, (label, value) in enumerate(rows):
        style = styles.reference if (mono_first and index == 0) else styles.body
        data.append([para(label, styles.label_plain), para(value, style)])
    table = Table(data, colWidths=[CONTENT_WIDTH * 0.28, None], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def case_facts(content: PrintJobContent, styles: Styles) -> Flowable:
    if content.visit is not None:
        visit = content.visit
        rows = [
            ("Vorgangsnummer", content.printed_reference),
            ("Hausbesuch am", format_datetime(visit.visited_at)),
            ("Anschrift", visit.address),
            ("Durchgeführt von", visit.staff_name),
        ]
        if visit.participants:
            rows.append(("Anwesend", ", ".join(visit.participants)))
    elif content.draft:
        rows = [
            ("Stand vom", format_datetime(content.created_at)),
            ("Erfasst von", content.staff_name),
            ("Ort", content.place),
        ]
    else:
        rows = [
            ("Vorgangsnummer", content.printed_reference),
            ("Aufgenommen am", format_datetime(content.created_at)),
            ("Aufgenommen von", content.staff_name),
            ("Ort", content.place),
        ]
    return facts_table([(k, v) for k, v in rows if v], styles, mono_first=True)


def receipt_block(content: PrintJobContent, theme: Theme, styles: Styles) -> Flowable:
    """The Eingangsbestätigung: proof for the citizen that the application was made.

    Only a finalised application has one (`content.draft` is False and it has a
    reference). With the laptop's provisional reference it says "vorläufig": the
    worker took the application for the office, the town hall's number follows.

    Raises:
        ValueError: `content` is a draft or has no reference.
    """
    if content.draft or not content.reference:
        raise ValueError("a receipt needs a finalised application with a reference")
    lh = content.letterhead
    title = content.template.title_in(content.language)
    when = content.created_at
    day, clock = when.strftime("%d.%m.%Y"), when.strftime("%H:%M")
    if content.provisional:
        heading = f"Eingangsbestätigung ({PROVISIONAL_LABEL})"
        staff = f" von {content.staff_name}" if content.staff_name else ""
        text = (
            f"Ihr Antrag „{title}“ wurde am {day} um {clock} Uhr{staff} für "
            f"{lh.municipality}, {lh.office}, entgegengenommen. Diese Bestätigung ist "
            "vorläufig: Die Vorgangsnummer des Rathauses folgt, sobald der Antrag dort "
            "angekommen ist. Bis dahin nennen Sie bei Fragen bitte die vorläufige Nummer."
        )
    else:
        heading = "Eingangsbestätigung"
        text = (
            f"Ihr Antrag „{title}“ ist am {day} um {clock} Uhr bei {lh.municipality}, "
            f"{lh.office}, eingegangen. Bitte bewahren Sie diese Bestätigung auf und "
            "nennen Sie bei Fragen die Vorgangsnummer."
        )
    facts = facts_table(
        [
            ("Vorgangsnummer", content.printed_reference),
            (
                "Entgegengenommen am" if content.provisional else "Eingegangen am",
                format_datetime(when),
            ),
            ("Aufgenommen von", content.staff_name),
        ],
        styles,
        mono_first=True,
    )
    # Contact spans the whole box: e-mail addresses must not break mid-word, even in
    # large print.
    contact_lines = [
        f"{lh.office}, " + ", ".join(lh.address_lines),
        *(
            part
            for part in (f"Telefon {lh.phone}" if lh.phone else "", lh.email, lh.website)
            if part
        ),
    ]
    if lh.opening_hours:
        contact_lines.append(lh.opening_hours)
    contact: list[Flowable] = [
        para("Kontakt", styles.label_plain),
        para("\n".join(contact_lines), styles.body),
    ]
    qr_size = theme.size(30) * mm / theme.scale * (1.15 if theme.large_print else 1)
    left: list[Flowable] = [
        para(heading, styles.receipt_title),
        para(text, styles.body),
        Spacer(1, theme.size(4)),
        facts,
    ]
    qr_cell: list[Flowable] = [
        QrCode(content.reference, qr_size),
        para("Vorgangsnummer als QR-Code", styles.small),
    ]
    table = Table(
        [[left, qr_cell], [contact, ""]],
        colWidths=[CONTENT_WIDTH - qr_size - 12 * mm, qr_size + 12 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("BOX", (0, 0), (-1, -1), 1.2, ACCENT),
                ("SPAN", (0, 1), (1, 1)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, 0), 3 * mm),
                ("TOPPADDING", (0, 1), (-1, 1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 1 * mm),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 3 * mm),
            ]
        )
    )
    return KeepTogether([table, Spacer(1, theme.size(6))])


#: A list of things under a section heading (attachments, required documents): a rule
#: under each row, flush with the text above.
_LIST_STYLE = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]
)


def attachments_story(content: PrintJobContent, styles: Styles) -> list[Flowable]:
    if not content.attachments:
        return []
    data = [
        [
            para(f"{i}.", styles.body),
            para(a.filename, styles.body),
            para(a.media_type, styles.small),
        ]
        for i, a in enumerate(content.attachments, start=1)
    ]
    table = Table(data, colWidths=[8 * mm, None, 45 * mm], hAlign="LEFT")
    table.setStyle(_LIST_STYLE)
    return [para("Beigefügte Unterlagen", styles.section), table]


def document_state_text(document: RequiredDocument, *, draft: bool) -> str:
    """What the printout says of one required document.

    A missing document is asked for on a finalised application's copies ("bitte
    nachreichen": the office takes late proofs); on a draft's copy it is only noted,
    nothing was applied for yet. An optional one is never called missing.
    """
    if document.state == "presented":
        return "Original vorgelegt"
    if document.state == "attached":
        return f"Als Anlage beigefügt: {document.attachment}"
    if document.optional:
        return "Nicht vorgelegt"
    return "Fehlt noch" if draft else "Fehlt noch – bitte nachreichen"


def documents_story(content: PrintJobContent, styles: Styles) -> list[Flowable]:
    """The form's checklist: each document it asks for and whether it was seen."""
    if not content.documents:
        return []
    data = [
        [
            para(
                f"{d.label} (falls vorhanden)" if d.optional else d.label,
                styles.body,
            ),
            para(document_state_text(d, draft=content.draft), styles.body),
        ]
        for d in content.documents
    ]
    table = Table(data, colWidths=[CONTENT_WIDTH * 0.5, None], hAlign="LEFT")
    table.setStyle(_LIST_STYLE)
    return [para("Nachweise und Unterlagen", styles.section), table]


def signature_block(content: PrintJobContent, theme: Theme, styles: Styles) -> list[Flowable]:
    """A block per signature given, in form order: whose signature (the field's label),
    the image or who signed on paper, place, date and the hash of what was signed."""
    return [_one_signature(sig, theme, styles) for sig in content.given_signatures]


def _one_signature(sig: SignatureInfo, theme: Theme, styles: Styles) -> Flowable:
    method = "Unterschrift auf Papier" if sig.on_paper else "Elektronisch erfasste Unterschrift"
    # A labelled signature is headed by whose it is; the method follows in small print.
    head = (
        [para(sig.label, styles.section), para(method, styles.small)]
        if sig.label
        else [para(method, styles.section)]
    )
    digest = [
        Spacer(1, theme.size(3)),
        para("Prüfsumme (SHA-256) der unterschriebenen Angaben:", styles.small),
        para(sig.content_sha256, styles.mono_small),
    ]
    when = sig.signed_at
    if sig.on_paper:
        place = f"{sig.place}, " if sig.place else ""
        text = (
            f"Unterschrieben auf dem Unterschriftenblatt von {sig.signer}, "
            f"{place}{format_date(when.date())}, {when.strftime('%H:%M')} Uhr. "
            "Das Blatt liegt dem Antrag bei."
        )
        return KeepTogether([*head, para(text, styles.body), *digest])
    max_w, max_h = 75 * mm, 28 * mm
    image: Flowable
    try:
        w, h = ImageReader(io.BytesIO(sig.png)).getSize()
        factor = min(max_w / w, max_h / h)
        image = Image(
            io.BytesIO(sig.png), width=w * factor, height=h * factor, mask="auto", hAlign="LEFT"
        )
    except (OSError, ValueError, ZeroDivisionError):
        # A damaged image must not stop the printout: the facts below still identify
        # the signature, and the electronic record holds the original.
        image = para("(Bild der Unterschrift nicht lesbar)", styles.small)
    line = Table([[""]], colWidths=[max_w], rowHeights=[1], hAlign="LEFT")
    line.setStyle(
        TableStyle(
            [("FONTNAME", (0, 0), (-1, -1), SANS), ("LINEABOVE", (0, 0), (-1, -1), 0.8, ACCENT)]
        )
    )
    parts: list[Flowable] = [
        *head,
        image,
        line,
        para(f"{sig.signer}", styles.body),
        para(f"{sig.place}, {format_date(when.date())}, {when.strftime('%H:%M')} Uhr", styles.body),
        *digest,
    ]
    return KeepTogether(parts)


def paper_signature_block(content: PrintJobContent, theme: Theme, styles: Styles) -> list[Flowable]:
    """Lines to sign the printed declaration with a pen, and the digest it belongs to.

    The digest ties this paper to exactly the answers on it: the worker records the
    paper signature in Koffer for the same content, and any later change voids both.
    """
    several = len(content.signature_lines) > 1
    parts: list[Flowable] = [
        para("Unterschriften" if several else "Unterschrift", styles.section),
        para(
            (
                "Mit unseren Unterschriften bestätigen wir die Angaben in diesem Ausdruck, "
                "genau so wie sie hier stehen."
            )
            if several
            else (
                "Mit meiner Unterschrift bestätige ich die Angaben in diesem Ausdruck, genau "
                "so wie sie hier stehen."
            ),
            styles.body,
        ),
    ]
    for caption in _line_captions(content):
        parts += [Spacer(1, theme.size(4)), _signing_line(caption, theme, styles)]
    if content.review_sha256:
        parts += [
            Spacer(1, theme.size(3)),
            para("Prüfsumme (SHA-256) der Angaben zum Unterschreiben:", styles.small),
            para(content.review_sha256, styles.mono_small),
        ]
    return [KeepTogether(parts)]


def _line_captions(content: PrintJobContent) -> list[str]:
    """What is printed under each line: whose signature, by name where it is known."""
    if not content.signature_lines:
        name = content.signer
        return [f"Unterschrift von {name}" if name else "Unterschrift"]
    captions = []
    for line in content.signature_lines:
        caption = f"{line.label}: {line.signer}" if line.signer else line.label
        captions.append(f"{caption} (freiwillig)" if line.optional else caption)
    return captions


def _signing_line(caption: str, theme: Theme, styles: Styles) -> Table:
    """ "Ort, Datum" and a line to sign above `caption`."""
    rows = [[para("Ort, Datum", styles.label_plain), para(caption, styles.label_plain)]]
    lines = Table(
        [["", ""], *rows],
        colWidths=[CONTENT_WIDTH * 0.4, CONTENT_WIDTH * 0.6],
        rowHeights=[theme.size(16) * mm / theme.scale, None],
        hAlign="LEFT",
    )
    lines.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("LINEBELOW", (0, 0), (0, 0), 0.8, ACCENT),
                ("LINEBELOW", (1, 0), (1, 0), 0.8, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 8 * mm),
            ]
        )
    )
    return lines
