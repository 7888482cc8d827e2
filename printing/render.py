"""Render a filled form to PDF: the office copy, the citizen copy with receipt, a visit record.

Everything is built in memory and returned as bytes; nothing touches the disk, because
these PDFs carry personal data. Only relevant answers (as the forms engine decides) are
printed, so an answer to a question that no longer applies never reaches paper.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from forms.display import NO_ANSWER, format_value
from forms.fieldtypes import is_unanswered
from forms.model import AnswerValue, FormField, Section
from printing.blocks import (
    attachments_story,
    case_facts,
    documents_story,
    paper_signature_block,
    receipt_block,
    signature_block,
)
from printing.content import DRAFT_MARKER, CopyKind, PrintJobContent
from printing.evaluation import Evaluation, evaluate
from printing.flowables import ChoiceBoxes
from printing.fonts import SANS
from printing.layout import CONTENT_WIDTH, DocumentInfo, PageDecor, build_pdf
from printing.text import fitting, para
from printing.theme import FAINT, INK, RULE, Styles, Theme

COPY_LABELS: dict[str, str] = {
    "office": "Ausfertigung für das Amt",
    "citizen": "Ausfertigung für die antragstellende Person",
    "visit": "Hausbesuchsprotokoll · Ausfertigung für das Amt",
    "signing": "Zur Unterschrift auf Papier",
}
#: The same copies of an unfinished draft (the page header says what it is at a glance).
DRAFT_COPY_LABELS: dict[str, str] = {
    "office": "Entwurf · für das Amt",
    "citizen": "Entwurf · zum Durchsehen für die antragstellende Person",
    "visit": "Entwurf · Hausbesuchsprotokoll",
    "signing": "Entwurf · zur Unterschrift auf Papier",
}
#: Choice fields with at most this many options print every option as a box.
MAX_BOXED_OPTIONS = 6
LABEL_SHARE = 0.38
#: Text widths of the label and value columns of a section's table (paddings removed).
LABEL_WIDTH = CONTENT_WIDTH * LABEL_SHARE - 4 * mm
VALUE_WIDTH = CONTENT_WIDTH * (1 - LABEL_SHARE) - 6


def _fine_print(content: PrintJobContent, styles: Styles) -> Paragraph | None:
    t = content.template
    parts = []
    if t.leika:
        parts.append(f"LeiKa-Schlüssel {t.leika}")
    if t.legal_basis:
        parts.append(f"Rechtsgrundlage: {t.legal_basis}")
    return para(" · ".join(parts), styles.small) if parts else None


def _value_flowables(
    field: FormField, value: AnswerValue, content: PrintJobContent, theme: Theme, styles: Styles
) -> list[Flowable] | str | Paragraph:
    lang = content.language
    if field.type == "boolean" and not is_unanswered(value):
        return [ChoiceBoxes([("Ja", value is True), ("Nein", value is False)], theme)]
    if field.type == "declaration":  # the label beside it is the declaration itself
        return [ChoiceBoxes([(format_value(field, True, lang), value is True)], theme)]
    if field.type in ("choice", "multichoice") and len(field.options) <= MAX_BOXED_OPTIONS:
        chosen = set(value if isinstance(value, list) else [value])
        return [
            ChoiceBoxes(
                [(o.label_i18n.get(lang, o.label), o.value in chosen) for o in field.options], theme
            )
        ]
    if field.type == "signature":
        signed = content.signed(field.id) is not None and not is_unanswered(value)
        return [para(format_value(field, value, lang) if signed else NO_ANSWER, styles.value)]
    text = format_value(field, value, lang, files=content.files)
    if field.compute is None:
        return fitting(text, styles.value, VALUE_WIDTH)
    return [para(text, styles.value), para("berechnet", styles.small)]


#: Repeat groups with more members than this print each row as a block, not a table.
MAX_TABLE_COLUMNS = 4


def _group_table(
    field: FormField,
    rows: list[dict[str, AnswerValue]],
    content: PrintJobContent,
    theme: Theme,
    styles: Styles,
) -> list[Flowable]:
    lang = content.language
    members = [m for m in field.fields if m.holds_answer and any(m.id in row for row in rows)]
    if not rows or not members:
        return [para("keine Einträge", styles.value)]
    if len(members) > MAX_TABLE_COLUMNS:
        return _group_blocks(
            field, members=members, rows=rows, content=content, theme=theme, styles=styles
        )
    head: list[Flowable] = [para("Nr.", styles.table_head)]
    head += [para(m.label_in(lang), styles.table_head) for m in members]
    data: list[list[Flowable]] = [head]
    for index, row in enumerate(rows, start=1):
        cells: list[Flowable] = [para(str(index), styles.table_cell)]
        cells += [
            para(format_value(m, row.get(m.id), lang, files=content.files), styles.table_cell)
            for m in members
        ]
        data.append(cells)
    first = 10 * mm * theme.scale
    rest = (CONTENT_WIDTH - first) / len(members)
    table = Table(
        data,
        colWidths=[first] + [rest] * len(members),
        repeatRows=1,
        hAlign="LEFT",
        splitInRow=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("BACKGROUND", (0, 0), (-1, 0), FAINT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return [table]


def _group_blocks(
    field: FormField,
    *,
    members: list[FormField],
    rows: list[dict[str, AnswerValue]],
    content: PrintJobContent,
    theme: Theme,
    styles: Styles,
) -> list[Flowable]:
    """Wide repeat groups: one titled block per row, readable instead of cramped."""
    lang = content.language
    item = field.item_label_i18n.get(lang, field.item_label or "Eintrag")
    out: list[Flowable] = []
    for index, row in enumerate(rows, start=1):
        data = [
            [
                para(m.label_in(lang), styles.label_plain),
                para(format_value(m, row.get(m.id), lang, files=content.files), styles.table_cell),
            ]
            for m in members
            if m.id in row
        ]
        table = Table(data, colWidths=[CONTENT_WIDTH * LABEL_SHARE - 6 * mm, None], hAlign="RIGHT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), SANS),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, FAINT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ]
            )
        )
        heading = para(f"{item} {index}", styles.table_head)
        out.append(KeepTogether([heading, Spacer(1, 2), table, Spacer(1, theme.size(4))]))
    return out


def _field_rows_table(rows: list[list[object]], styles: Styles) -> Table:
    label, value = styles.label, styles.value
    # splitInRow: a very long answer (a textarea of several pages) may break across pages
    table = Table(rows, colWidths=[CONTENT_WIDTH * LABEL_SHARE, None], hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (0, -1), label.fontName),
                ("FONTSIZE", (0, 0), (0, -1), label.fontSize),
                ("LEADING", (0, 0), (0, -1), label.leading),
                ("FONTNAME", (1, 0), (1, -1), value.fontName),
                ("FONTSIZE", (1, 0), (1, -1), value.fontSize),
                ("LEADING", (1, 0), (1, -1), value.leading),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _section_story(
    section: Section,
    *,
    ev: Evaluation,
    relevant: dict[str, AnswerValue],
    content: PrintJobContent,
    theme: Theme,
    styles: Styles,
) -> list[Flowable]:
    lang = content.language
    story: list[Flowable] = []
    rows: list[list[object]] = []

    def flush() -> None:
        if rows:
            story.append(_field_rows_table(list(rows), styles))
            rows.clear()

    for field in section.fields:
        if not ev.is_relevant(field.id):
            continue
        if field.type == "info":
            flush()
            story.append(para(field.label_in(lang), styles.info))
            story.append(Spacer(1, theme.size(3)))
            continue
        value = relevant.get(field.id)
        if field.type == "group":
            flush()
            group_rows = value if isinstance(value, list) else []
            dict_rows = [r for r in group_rows if isinstance(r, dict)]
            story.append(para(field.label_in(lang), styles.group))
            story.extend(_group_table(field, dict_rows, content, theme, styles))
            story.append(Spacer(1, theme.size(4)))
            continue
        rows.append(
            [
                fitting(field.label_in(lang), styles.label, LABEL_WIDTH),
                _value_flowables(field, value, content, theme, styles),
            ]
        )
    flush()
    if not story:
        return []
    return [para(section.title_in(lang), styles.section), *story]


def _filled_story(
    content: PrintJobContent, ev: Evaluation, copy: str, theme: Theme, styles: Styles
) -> list[Flowable]:
    t = content.template
    story: list[Flowable] = []
    if copy == "visit" and "Hausbesuch" not in t.title_in(content.language):
        story.append(para("Hausbesuchsprotokoll", styles.small))
    story.append(para(t.title_in(content.language), styles.title))
    fine = _fine_print(content, styles)
    if fine is not None:
        story.append(fine)
    story.append(Spacer(1, theme.size(6)))
    if content.draft:
        story.append(para(DRAFT_MARKER, styles.receipt_title))
        story.append(para(_DRAFT_NOTE, styles.body))
        story.append(Spacer(1, theme.size(4)))
    if copy == "citizen" and not content.draft:
        story.append(receipt_block(content, theme, styles))
    else:
        story.append(case_facts(content, styles))
    relevant = ev.relevant_answers()
    for section in t.sections:
        if ev.is_relevant(section.id):
            story.extend(
                _section_story(
                    section, ev=ev, relevant=relevant, content=content, theme=theme, styles=styles
                )
            )
    story.extend(documents_story(content, styles))
    story.extend(attachments_story(content, styles))
    if copy == "signing":
        story.extend(paper_signature_block(content, theme, styles))
    else:
        story.extend(signature_block(content, theme, styles))
    return story


_DRAFT_NOTE = (
    "Dies ist ein Entwurf zum Durchsehen. Ein Antrag ist damit noch nicht gestellt; "
    "das geschieht erst, wenn der Antrag abgeschlossen ist. Erst dann erhalten Sie eine "
    "Bestätigung."
)


def _render(
    content: PrintJobContent, copy: str, large_print: bool, evaluation: Evaluation | None
) -> bytes:
    theme = Theme(large_print=large_print)
    styles = theme.styles()
    ev = evaluation or evaluate(content.template, content.answers, content.created_at.date())
    t = content.template
    label = (DRAFT_COPY_LABELS if content.draft else COPY_LABELS)[copy]
    if copy == "signing" and not content.draft:
        raise ValueError("the signature sheet is printed for a draft only")
    decor = PageDecor(
        letterhead=content.letterhead,
        title=t.title_in(content.language),
        copy_label=label,
        template_id=t.id,
        template_version=t.version,
        reference=content.printed_reference,
        theme=theme,
        marker=DRAFT_MARKER if content.draft else "",
    )
    subject = DRAFT_MARKER if content.draft else f"Vorgangsnummer {content.printed_reference}"
    info = DocumentInfo(
        title=f"{t.title_in(content.language)} – {label}",
        subject=subject,
        author=f"{content.letterhead.municipality}, {content.letterhead.office}",
        keywords=[t.id, t.version, *([t.leika] if t.leika else [])],
    )
    return build_pdf(
        _filled_story(content, ev, copy, theme, styles), decor, info, content.created_at
    )


def render_filled(
    content: PrintJobContent,
    copy: CopyKind = "office",
    *,
    large_print: bool = False,
    evaluation: Evaluation | None = None,
) -> bytes:
    """The filled form as PDF bytes.

    Args:
        content: the form, answers and facts to print.
        copy: "office" for the file copy, "citizen" for the citizen's copy (with the
            receipt block unless `content.draft`), "signing" for the sheet a draft is
            signed on with a pen.
        large_print: bigger type throughout (for the citizen reading along).
        evaluation: the engine's evaluation of `content.answers`, when the caller has
            one already; otherwise it is computed here.
    """
    return _render(content, copy, large_print, evaluation)


def render_visit_record(
    content: PrintJobContent,
    *,
    large_print: bool = False,
    evaluation: Evaluation | None = None,
) -> bytes:
    """A visit record (the filled `hausbesuchsprotokoll` form) with the visit's facts.

    Raises:
        ValueError: when `content.visit` is not set.
    """
    if content.visit is None:
        raise ValueError("a visit record needs content.visit")
    return _render(content, "visit", large_print, evaluation)
