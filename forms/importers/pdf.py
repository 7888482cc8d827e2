"""Fillable PDF forms (AcroForm) as Koffer templates that print on the very same PDF.

    koffer-forms import pdf FORM.pdf -o TEMPLATE.yaml

* Every terminal field becomes a question: text (one or several lines, max length),
  check box (yes/no), radio group and choice/list (with their options), signature.
  The PDF's own number and date formats (AFNumber_Format, AFDate_FormatEx) make
  numbers, amounts and dates; nothing else is inferred from names.
* The label is the field's tooltip (`/TU`, what a screen reader says), else its name;
  meaningless names ("Textfeld 1", "E27") are listed for a person.
* Two or more check boxes with the same tooltip and different on-states (a Ja/Nein pair,
  an A/B/C row) become one yes/no or choice question that ticks the right box.
* Sections follow the pages, in reading order (top to bottom, left to right); a page's
  headings (its larger type) split it into sections where they can be found.
* Values already filled in the source PDF are not carried over (the report says so).
* The template keeps `source_pdf` (file, SHA-256, pages) and a `pdf` target per field,
  so printing can fill the town's own PDF and flatten it (`printing.original`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forms.importers import ImportRefused
from forms.importers.build import (
    Ids,
    checked,
    identifier,
    signature_section,
    template_id,
    to_yaml,
    today,
)
from forms.importers.pdfform import (
    COMB,
    FILE_SELECT,
    MULTI_SELECT,
    MULTILINE,
    PASSWORD,
    PUSHBUTTON,
    READ_ONLY,
    REQUIRED,
    PdfField,
    PdfForm,
    read_form,
)
from forms.importers.report import ImportReport
from forms.model import Template

#: Names PDF editors give fields by default: they say nothing about the question.
MEANINGLESS = re.compile(
    r"^(?:text(?:feld|field|box)?|feld|field|kontrollk(?:ae|ä)stchen|check ?box|"
    r"optionsfeld|radio ?button|kombinationsfeld|combo ?box|dropdown|listenfeld|list ?box|"
    r"schaltfl(?:ae|ä)che|button|untitled)?[\s_#.-]*\d*$|^[A-Za-z]{0,3}\d+[a-z]?$",
    re.IGNORECASE,
)
_AFDATE = re.compile(r"AFDate_(?:Format|Keystroke)Ex\s*\(\s*[\"']([^\"']{2,20})[\"']")
_AFNUMBER = re.compile(r"AFNumber_(?:Format|Keystroke)\s*\(\s*(\d+)\s*,[^)]*?[\"']([^\"']*)[\"']")
_YES = frozenset({"ja", "yes", "j"})
_NO = frozenset({"nein", "no", "n"})
#: Font size of heading lines relative to the page's usual text.
HEADING_RATIO = 1.3
#: Forms with more pages get one section per page: reading the text of every page
#: costs more than the fields themselves (docs/benchmarks.md).
HEADING_PAGES = 20
_ENUMERATION = re.compile(r"^\s*(?:[0-9]+|[A-Za-z])[.)]\s+")


@dataclass
class Options:
    """What the admin chose on the command line."""

    template_id: str | None = None
    title: str | None = None
    office_id: str = "sozialamt"
    topic: str = "Allgemein"
    version: str = "1.0.0"
    password: str | None = None
    headings: bool = True


@dataclass
class PdfImport:
    """The result: YAML text, the checked template, the report and the PDF's file name."""

    yaml: str
    template: Template
    report: ImportReport
    pdf_name: str


def _where(item: PdfField) -> str:
    page = item.first.page + 1 if item.first is not None and item.first.page >= 0 else "?"
    return f"'{item.name}' (page {page})"


def _order(item: PdfField) -> tuple[int, int, float]:
    first = item.first
    if first is None:
        return (10**6, 0, 0.0)
    x1, _, _, y2 = first.rect
    return (first.page, -round(y2 / 6), x1)


def _id_text(label: str) -> str:
    """The label without a leading enumeration ("1. Haben Sie …" → "Haben Sie …")."""
    return _ENUMERATION.sub("", label) or label


def _states_label(state: str) -> str:
    text = state.replace("#20", " ").replace("_", " ").strip()
    return text or state


def _is_yes_no(states: list[str]) -> tuple[str, str] | None:
    """(yes state, no state) when the states are exactly a yes and a no."""
    if len(states) != 2:
        return None
    folded = [s.casefold() for s in states]
    if folded[0] in _YES and folded[1] in _NO:
        return states[0], states[1]
    if folded[1] in _YES and folded[0] in _NO:
        return states[1], states[0]
    return None


class _Builder:
    def __init__(self, form: PdfForm, report: ImportReport) -> None:
        self.form = form
        self.report = report
        self.ids = Ids()

    def label(self, item: PdfField, fid: str | None = None) -> str:
        label = item.label
        if MEANINGLESS.match(item.tooltip or item.partial or ""):
            self.report.add(
                "needs_person",
                _where(item),
                "the field has no tooltip and a meaningless name; give it a real label",
                fid,
            )
        return label[:500] or item.name

    def pdf_value(self, item: PdfField, fid: str) -> None:
        if item.value:
            self.report.add(
                "left_out",
                _where(item),
                f"value {item.value[:60]!r} filled in the source PDF is not carried into "
                "the template",
                fid,
            )

    def text(self, item: PdfField) -> dict[str, Any] | None:
        flags = item.flags
        if flags & (PASSWORD | FILE_SELECT):
            self.report.add("left_out", _where(item), "password or file-select field")
            return None
        fid = self.ids.take(identifier(_id_text(item.label), "feld"))
        out: dict[str, Any] = {"id": fid, "type": "text", "label": self.label(item, fid)}
        target: dict[str, Any] = {"field": item.name}
        date = _AFDATE.search(item.javascript)
        number = _AFNUMBER.search(item.javascript)
        if date and re.fullmatch(r"(?:d{1,2}|m{1,2}|y{2}|y{4}|[ ./-])+", date.group(1)):
            out["type"] = "date"
            target["date_format"] = date.group(1)
            self.report.add("mapped", _where(item), f"date (the PDF formats {date.group(1)})", fid)
        elif number:
            decimals = int(number.group(1))
            out["type"] = "integer" if decimals == 0 else "currency" if decimals == 2 else "decimal"
            self.report.add(
                "mapped", _where(item), f"{out['type']} (the PDF formats {decimals} decimals)", fid
            )
        else:
            if flags & MULTILINE:
                out["type"] = "textarea"
            if item.max_length:
                out["max_length"] = max(1, min(item.max_length, 100_000))
            note = " in boxes (comb)" if flags & COMB else ""
            self.report.add("mapped", _where(item), f"{out['type']}{note}", fid)
        out["pdf"] = target
        return out

    def buttons(self, items: list[PdfField]) -> dict[str, Any] | None:
        """A radio group, a lone check box, or check boxes acting as one question."""
        first = items[0]
        fid = self.ids.take(identifier(_id_text(first.label), "auswahl"))
        label = self.label(first, fid)
        pairs: list[tuple[str, str]] = []  # (state, field name)
        for item in items:
            for state in item.on_states:
                pairs.append((state, item.name))
        if not pairs:
            self.report.add("left_out", _where(first), "a button without an on-state")
            self.ids.taken.discard(fid)
            return None
        states = [s for s, _ in pairs]
        single_box = len(items) == 1 and first.is_checkbox and len(states) == 1
        yes_no = _is_yes_no(states) if len(set(states)) == len(states) else None
        out: dict[str, Any] = {"id": fid, "label": label}
        if single_box:
            out["type"] = "boolean"
            out["pdf"] = {"states": {"true": {"field": first.name, "state": states[0]}}}
            self.report.add("mapped", _where(first), "check box → yes/no", fid)
        elif yes_no is not None:
            by_state = dict(pairs)
            yes, no = yes_no
            out["type"] = "boolean"
            out["pdf"] = {
                "states": {
                    "true": {"field": by_state[yes], "state": yes},
                    "false": {"field": by_state[no], "state": no},
                }
            }
            what = "radio group" if first.is_radio else f"{len(items)} check boxes"
            self.report.add("mapped", _where(first), f"{what} {yes}/{no} → yes/no", fid)
        else:
            values = Ids()
            options: list[dict[str, Any]] = []
            mapping: dict[str, dict[str, str]] = {}
            for state, name in pairs:
                value = values.take(identifier(state, "option", 30))
                options.append({"value": value, "label": _states_label(state)})
                mapping[value] = {"field": name, "state": state}
            out["type"] = "choice"
            out["options"] = options
            out["pdf"] = {"states": mapping}
            what = "radio group" if first.is_radio else f"{len(items)} check boxes"
            self.report.add("mapped", _where(first), f"{what} → choice of {len(options)}", fid)
            if any(MEANINGLESS.match(o["label"]) for o in options):
                self.report.add(
                    "needs_person",
                    _where(first),
                    "the options are named by their PDF states ("
                    + ", ".join(o["label"] for o in options[:6])
                    + "); give them real labels",
                    fid,
                )
        if len(items) > 1 and not first.is_radio:
            self.report.add(
                "flattened",
                _where(first),
                "check boxes with the same tooltip joined into one question: check that "
                "they belong together",
                fid,
            )
        for item in items:
            self.pdf_value(item, fid)
        if any(i.flags & REQUIRED for i in items):
            out["required"] = True
        return out

    def choice(self, item: PdfField) -> dict[str, Any] | None:
        fid = self.ids.take(identifier(_id_text(item.label), "auswahl"))
        if not item.options:
            self.report.add(
                "needs_person", _where(item), "a list without options; imported as text", fid
            )
            return {
                "id": fid,
                "type": "text",
                "label": self.label(item, fid),
                "pdf": {"field": item.name},
            }
        values = Ids()
        options = [
            {
                "value": values.take(identifier(shown or export, "option", 30)),
                "label": shown or export,
            }
            for export, shown in item.options
            if (shown or export).strip()
        ]
        kind = "multichoice" if item.flags & MULTI_SELECT else "choice"
        self.report.add("mapped", _where(item), f"list → {kind} of {len(options)}", fid)
        return {
            "id": fid,
            "type": kind,
            "label": self.label(item, fid),
            "options": options,
            "pdf": {"field": item.name},
        }

    def field_for(self, items: list[PdfField]) -> dict[str, Any] | None:
        item = items[0]
        if item.flags & READ_ONLY:
            self.report.add(
                "left_out",
                _where(item),
                "read-only field (perhaps computed by the PDF): compute it in the template",
            )
            return None
        if item.kind == "/Btn":
            if item.flags & PUSHBUTTON:
                self.report.add("left_out", _where(item), "push button (no answer)")
                return None
            return self.buttons(items)
        if item.kind == "/Sig":
            fid = self.ids.take(identifier(_id_text(item.label), "unterschrift"))
            self.report.add("mapped", _where(item), "signature field", fid)
            return {
                "id": fid,
                "type": "signature",
                "label": self.label(item, fid),
                "pdf": {"field": item.name},
            }
        made = self.choice(item) if item.kind == "/Ch" else self.text(item)
        if made is not None:
            self.pdf_value(item, made["id"])
            if item.flags & REQUIRED:
                made["required"] = True
        return made


def _groups(fields: list[PdfField]) -> list[list[PdfField]]:
    """Check boxes that belong together (same tooltip, next to each other, different
    on-states), every other field alone."""
    out: list[list[PdfField]] = []
    for item in fields:
        last = out[-1] if out else None
        if (
            last is not None
            and item.is_checkbox
            and last[0].is_checkbox
            and item.tooltip
            and item.tooltip == last[0].tooltip
            and item.first is not None
            and last[0].first is not None
            and item.first.page == last[0].first.page
            and not set(item.on_states) & {s for f in last for s in f.on_states}
        ):
            last.append(item)
        else:
            out.append([item])
    return out


def _text_lines(page: Any) -> list[tuple[float, float, str]]:
    """(font size, baseline y, text) of every text run on the page; none if unreadable."""
    parts: list[tuple[float, float, str]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        del font
        words = " ".join(text.split())
        if words:
            scale = abs(float(tm[3]) * float(cm[3])) or 1.0
            parts.append((float(size) * scale, float(tm[5]) * float(cm[3]) + float(cm[5]), words))

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # noqa: BLE001 - a page whose text cannot be read has no headings
        return []
    return parts


def _headings(form: PdfForm) -> dict[int, list[tuple[float, str]]]:
    """Per page, (y, text) of lines in larger type than the page's usual text."""
    found: dict[int, list[tuple[float, str]]] = {}
    if form.pages > HEADING_PAGES:
        return found
    for index, page in enumerate(form.reader.pages):
        parts = _text_lines(page)
        sizes = sorted(p[0] for p in parts if p[0] > 0)
        if not sizes:
            continue
        usual = sizes[len(sizes) // 2]
        lines = [
            (y, text)
            for size, y, text in parts
            if size >= usual * HEADING_RATIO
            and 4 <= len(text) <= 90
            and (text[0].isupper() or text[0].isdigit())
            and not text.endswith((",", "-", ":"))
            and sum(c.isalpha() for c in text) >= 4
        ]
        found[index] = sorted(lines, key=lambda line: -line[0])
    return found


def import_pdf(data: bytes, source: str, options: Options | None = None) -> PdfImport:
    """Turn a fillable PDF into a template that prints on it.

    Raises:
        ImportRefused: XFA-only, encrypted without the password, damaged, field-less,
            too large, or not a PDF.
    """
    options = options or Options()
    form = read_form(data, source, options.password)
    report = ImportReport(source=Path(source).name, importer="pdf")
    if form.xfa:
        report.add("note", "XFA", "the PDF also carries an XFA form; its AcroForm fields were used")
    if form.encrypted:
        report.add("note", "encryption", "the PDF is encrypted; Koffer prints a decrypted copy")
    builder = _Builder(form, report)
    fields = sorted(form.fields, key=_order)
    headings = _headings(form) if options.headings else {}
    sections: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    current_key: tuple[int, int] | None = None
    for group in _groups(fields):
        first = group[0].first
        page = first.page if first is not None else -1
        top = first.rect[3] if first is not None else 0.0
        above = [h for h in headings.get(page, []) if h[0] >= top]
        heading_index = len(above)
        key = (page, heading_index)
        if key != current_key:
            title = (
                above[-1][1] if above else f"Seite {page + 1}" if page >= 0 else "Weitere Angaben"
            )
            current = {
                "id": builder.ids.take(identifier(title, "seite")),
                "title": title[:200],
                "fields": [],
            }
            sections.append(current)
            current_key = key
        made = builder.field_for(group)
        if made is not None and current is not None:
            current["fields"].append(made)
    sections = [s for s in sections if s["fields"]]
    if not sections:
        raise ImportRefused(f"{source}: the PDF has no fields Koffer can ask (only buttons?)")
    if not any(f["type"] == "signature" for s in sections for f in s["fields"]):
        sections.append(signature_section(builder.ids))
        report.add(
            "note",
            "Koffer",
            "added a signature section (every Koffer form is signed; it prints on Koffer's "
            "own pages after the PDF)",
        )
    title = options.title or form.title or Path(source).stem.replace("_", " ")
    tid = options.template_id or template_id(title)
    pdf_name = f"{tid}.pdf"
    template: dict[str, Any] = {
        "format": 2,
        "id": tid,
        "version": options.version,
        "title": title,
        "topic": options.topic,
        "office_id": options.office_id,
        "source_pdf": {
            "file": pdf_name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "pages": form.pages,
        },
        "origin": {"kind": "pdf", "file": Path(source).name, "imported": today().isoformat()},
        "sections": sections,
    }
    report.add(
        "note",
        "template",
        f"office_id {options.office_id!r} and topic {options.topic!r}: check them "
        "(--office, --topic); sections follow the pages: check titles and order",
    )
    header = (
        f"Imported by koffer-forms import pdf from {Path(source).name}; prints on\n"
        f"{pdf_name} (keep it beside this file). Review the import report before publishing."
    )
    text = to_yaml(template, header)
    loaded = checked(template, f"{tid}.yaml")
    report.template_id, report.template_version = loaded.id, loaded.version
    return PdfImport(yaml=text, template=loaded, report=report, pdf_name=pdf_name)
