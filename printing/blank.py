"""Render a blank form to fill in by hand: lines, character boxes and tick boxes.

The paper form is the fallback when the laptop cannot be used, and the way a citizen
prepares at home, so sizes follow what people write comfortably with a pen (9 mm lines,
11 mm in large print) and every choice is a box to tick.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from forms.model import FormField, Section, Template
from printing.content import Letterhead
from printing.flowables import ChoiceBoxes, CombBoxes, WriteLines
from printing.fonts import SANS
from printing.layout import CONTENT_WIDTH, DocumentInfo, PageDecor, build_pdf
from printing.text import para
from printing.theme import FAINT, RULE, WRITE_LINE, Styles, Theme

BLANK_LABEL = "Vordruck zum Ausfüllen von Hand"
#: Default rows of a repeat group's table on paper.
BLANK_GROUP_ROWS = 4
#: Rows printed for a repeat group too wide for a table.
WIDE_GROUP_ROWS = 2
#: Repeat groups with more answer fields than this print as blocks, not a table.
MAX_TABLE_COLUMNS = 5
#: Groups of boxes of a German IBAN ("DE" is printed in front).
IBAN_GROUPS = (2, 4, 4, 4, 4, 2)


def _input(field: FormField, theme: Theme, styles: Styles, language: str) -> list[Flowable]:
    kind = field.type
    lines = field.print.blank_lines
    if field.compute is not None:
        return [para("wird vom Amt berechnet", styles.small)]
    if kind in ("text", "email", "phone"):
        return [WriteLines(lines, theme)]
    if kind == "textarea":
        return [WriteLines(max(3, lines), theme)]
    if kind in ("integer", "decimal"):
        return [WriteLines(1, theme, width=70 * mm)]
    if kind == "currency":
        return [WriteLines(1, theme, width=70 * mm), para("Betrag in Euro", styles.small)]
    if kind == "date":
        return [CombBoxes((2, 2, 4), theme, captions=("Tag", "Monat", "Jahr"))]
    if kind == "postal_code":
        return [CombBoxes((5,), theme)]
    if kind == "tax_id":
        return [CombBoxes((11,), theme)]
    if kind == "iban":
        return [CombBoxes(IBAN_GROUPS, theme)]
    if kind == "boolean":
        return [ChoiceBoxes([("Ja", False), ("Nein", False)], theme)]
    if kind == "declaration":
        return [ChoiceBoxes([("bitte ankreuzen, wenn es zutrifft", False)], theme)]
    if kind in ("choice", "multichoice"):
        hint = "bitte eine Antwort ankreuzen" if kind == "choice" else "mehrere Antworten möglich"
        boxes = [(o.label_i18n.get(language, o.label), False) for o in field.options]
        return [ChoiceBoxes(boxes, theme), para(hint, styles.small)]
    if kind == "attachment":
        return [ChoiceBoxes([("liegt bei", False)], theme)]
    if kind == "signature":
        return [_signature_lines(theme, styles)]
    return [WriteLines(lines, theme)]


def _signature_lines(theme: Theme, styles: Styles) -> Table:
    height = theme.write_line_height * 1.6
    gap = 8 * mm
    table = Table(
        [["", "", ""], [para("Ort, Datum", styles.small), "", para("Unterschrift", styles.small)]],
        colWidths=[CONTENT_WIDTH * 0.38, gap, CONTENT_WIDTH * 0.62 - gap],
        rowHeights=[height, None],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("LINEBELOW", (0, 0), (0, 0), 0.8, WRITE_LINE),
                ("LINEBELOW", (2, 0), (2, 0), 0.8, WRITE_LINE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _group_table(field: FormField, theme: Theme, styles: Styles, language: str) -> Table:
    members = [m for m in field.fields if m.holds_answer]
    head: list[Flowable] = [para("Nr.", styles.table_head)]
    for m in members:
        text = m.label_in(language)
        if m.type in ("choice", "multichoice"):
            text += " (" + " / ".join(o.label_i18n.get(language, o.label) for o in m.options) + ")"
        elif m.type == "boolean":
            text += " (ja / nein)"
        elif m.type == "declaration":
            text += " (ankreuzen)"
        elif m.type == "date":
            text += " (TT.MM.JJJJ)"
        head.append(para(text, styles.table_head))
    rows = min(field.max_count, max(field.min_count, BLANK_GROUP_ROWS))
    data: list[list[Flowable | str]] = [list(head)]
    for i in range(1, rows + 1):
        data.append([para(str(i), styles.table_cell), *([""] * len(members))])
    first = 10 * mm * theme.scale
    rest = (CONTENT_WIDTH - first) / max(1, len(members))
    table = Table(
        data,
        colWidths=[first] + [rest] * len(members),
        rowHeights=[None] + [theme.write_line_height * 1.2] * rows,
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("BACKGROUND", (0, 0), (-1, 0), FAINT),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _group_blocks(
    field: FormField,
    members: list[FormField],
    theme: Theme,
    styles: Styles,
    language: str,
) -> list[Flowable]:
    """Wide repeat groups: one block of questions per row instead of a cramped table."""
    item = field.item_label_i18n.get(language, field.item_label or "Eintrag")
    rows = min(field.max_count, max(field.min_count, WIDE_GROUP_ROWS))
    story: list[Flowable] = []
    for index in range(1, rows + 1):
        story.append(para(f"{item} {index}", styles.group))
        for member in members:
            story.extend(_field_story(member, theme, styles, language))
    return story


def _field_story(field: FormField, theme: Theme, styles: Styles, language: str) -> list[Flowable]:
    if field.type == "info":
        return [para(field.label_in(language), styles.info), Spacer(1, theme.size(4))]
    label = field.label_in(language)
    if field.required is True:
        label += " *"
    is_group = field.type == "group"
    # a group's heading must stay on the page of its first row
    parts: list[Flowable] = [para(label, styles.group if is_group else styles.label)]
    notes = []
    if field.relevant:
        notes.append("nur ausfüllen, falls zutreffend")
    if field.help:
        notes.append(field.help_i18n.get(language, field.help))
    if notes:
        parts.append(para(" – ".join(notes), styles.small_keep if is_group else styles.small))
    if not is_group:
        parts.append(Spacer(1, theme.size(2)))
    if field.type == "group":
        members = [m for m in field.fields if m.holds_answer]
        if len(members) > MAX_TABLE_COLUMNS:
            return [*parts, *_group_blocks(field, members, theme, styles, language)]
        parts.append(_group_table(field, theme, styles, language))
        head, *rest = parts
        return [head, *rest, Spacer(1, theme.size(8))]
    parts.extend(_input(field, theme, styles, language))
    return [KeepTogether(parts), Spacer(1, theme.size(8))]


def _section_story(section: Section, theme: Theme, styles: Styles, language: str) -> list[Flowable]:
    story: list[Flowable] = [para(section.title_in(language), styles.section)]
    notes = []
    if section.relevant:
        notes.append("Nur ausfüllen, falls zutreffend.")
    if section.description:
        notes.append(section.description)
    if notes:
        story.append(para(" ".join(notes), styles.info))
        story.append(Spacer(1, theme.size(4)))
    for field in section.fields:
        story.extend(_field_story(field, theme, styles, language))
    return story


def _documents_story(
    template: Template, theme: Theme, styles: Styles, language: str
) -> list[Flowable]:
    if not template.documents:
        return []
    story: list[Flowable] = [para("Beizufügende Unterlagen", styles.section)]
    for doc in template.documents:
        label = doc.label_i18n.get(language, doc.label)
        if doc.optional:
            label += " (freiwillig)"
        elif doc.relevant:
            label += " (falls zutreffend)"
        story.append(ChoiceBoxes([(label, False)], theme))
    return story


def render_blank(
    template: Template,
    *,
    letterhead: Letterhead | None = None,
    large_print: bool = False,
    language: str = "de",
    created_at: dt.datetime | None = None,
) -> bytes:
    """A blank form to fill in by hand, as PDF bytes.

    Args:
        template: the form.
        letterhead: the municipality's letterhead (German defaults when None).
        large_print: bigger type, lines and boxes.
        language: language of labels where the template has translations.
        created_at: the PDF's creation date; fix it to get identical bytes.
    """
    theme = Theme(large_print=large_print)
    styles = theme.styles()
    lh = letterhead or Letterhead()
    title = template.title_in(language)
    story: list[Flowable] = [para(title, styles.title)]
    fine = [f"LeiKa-Schlüssel {template.leika}"] if template.leika else []
    if template.legal_basis:
        fine.append(f"Rechtsgrundlage: {template.legal_basis}")
    if fine:
        story.append(para(" · ".join(fine), styles.small))
    story.append(Spacer(1, theme.size(4)))
    story.append(
        para(
            "Bitte in Druckbuchstaben ausfüllen und Zutreffendes ankreuzen. "
            "Mit * markierte Angaben sind Pflichtangaben.",
            styles.body,
        )
    )
    story.append(Spacer(1, theme.size(4)))
    for section in template.sections:
        story.extend(_section_story(section, theme, styles, language))
    story.extend(_documents_story(template, theme, styles, language))
    decor = PageDecor(
        letterhead=lh,
        title=title,
        copy_label=BLANK_LABEL,
        template_id=template.id,
        template_version=template.version,
        reference="",
        theme=theme,
    )
    info = DocumentInfo(
        title=f"{title} – {BLANK_LABEL}",
        subject=f"Vordruck {template.id} {template.version}",
        author=f"{lh.municipality}, {lh.office}",
        keywords=[template.id, template.version],
    )
    moment = created_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    return build_pdf(story, decor, info, moment)
