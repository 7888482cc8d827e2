"""Print on the town's own PDF: fill its form fields with the answers, then flatten it.

A template imported from a fillable PDF (`forms.importers.pdf`) keeps the PDF and, per
field, where the answer goes. Here the answers are put into that PDF and the form is
flattened, so the printout cannot be edited and looks the same in every viewer:

* text, numbers, dates and list choices are drawn into their boxes by reportlab with the
  embedded DejaVu font (umlauts and every other letter print right, whatever font the
  PDF's form named), shrunk to fit, in comb cells where the PDF has them;
* every check box and radio button is drawn with the PDF's own appearance for its state:
  the "on" look for the chosen ones, the "off" look for the rest (or a tick when the
  PDF has no "on" look);
* the citizen's signature goes into the PDF's signature field, if it has one;
* then every widget and the AcroForm itself are removed: no form field remains, and
  values that were filled in the source PDF never show.

qpdf (pikepdf) does the PDF work, because this runs on the laptop at the citizen's
table: pure-Python parsing of a 45-page form with 1,600 fields takes seconds (see
docs/benchmarks.md), qpdf a fraction of that. Nothing touches the disk.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pikepdf
from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from forms.display import format_number, option_label, words
from forms.fieldtypes import is_unanswered
from forms.model import Answers, AnswerValue, FormField, Template
from printing.fonts import SANS, SANS_BOLD, register_fonts
from printing.layout import draw_watermark

#: Font sizes used when the PDF asks for automatic size, and the smallest still printed.
MAX_AUTO_SIZE = 11.0
MIN_SIZE = 5.0
_DA_SIZE = re.compile(rb"(\d+(?:\.\d+)?)\s+Tf")
_CHECK = "✓"  # DejaVu has it; used only when a check box has no "on" appearance


class OriginalError(ValueError):
    """The source PDF cannot be filled (damaged, or not the template's PDF)."""


@dataclass(frozen=True)
class Filled:
    """The flattened original and what did not fit (field ids, for a calm hint)."""

    pdf: bytes
    pages: int
    overflow: tuple[str, ...] = ()
    unplaced: tuple[str, ...] = ()


@dataclass
class _Plan:
    """What goes where, by AcroForm field name."""

    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (field id, text)
    on: set[tuple[str, str]] = field(default_factory=set)  # (name, state) ticked
    signatures: dict[str, str] = field(default_factory=dict)  # name -> signature field id
    wanted: dict[str, str] = field(default_factory=dict)  # name -> field id (placed check)


def _date_text(value: str, pattern: str | None) -> str:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    pattern = pattern or "dd.mm.yyyy"
    out = pattern
    for token, text in (
        ("yyyy", f"{day.year:04d}"),
        ("yy", f"{day.year % 100:02d}"),
        ("mm", f"{day.month:02d}"),
        ("dd", f"{day.day:02d}"),
    ):
        out = out.replace(token, text)
    out = re.sub(r"(?<![0-9])m(?![0-9])", str(day.month), out)
    return re.sub(r"(?<![0-9])d(?![0-9])", str(day.day), out)


def answer_text(item: FormField, value: AnswerValue, date_format: str | None = None) -> str:
    """An answer as it is written into a PDF form field (German numbers, no unit)."""
    kind = item.type
    if kind in ("choice", "multichoice"):
        chosen = value if isinstance(value, list) else [value]
        return ", ".join(option_label(item, str(v)) for v in chosen)
    if kind == "currency":
        return format_number(value, 2)
    if kind in ("decimal", "integer") and not isinstance(value, bool):
        number = Decimal(str(value))
        return format_number(number.normalize() if kind == "decimal" else number)
    if kind == "date" and isinstance(value, str):
        return _date_text(value, date_format)
    if kind == "boolean":
        return words("de").yes if value is True else words("de").no
    if kind == "declaration":
        return "X" if value is True else ""
    return str(value)


def plan_for(template: Template, answers: Answers) -> _Plan:
    """Where each relevant answer goes (answers: `relevant_answers()` of the draft)."""
    plan = _Plan()
    for item in template.iter_fields():
        target = item.pdf
        value = answers.get(item.id)
        if target is None or is_unanswered(value) or item.id in template.group_of:
            continue
        if target.states:
            keys: Iterable[str]
            if item.type in ("boolean", "declaration"):
                keys = ["true" if value is True else "false"]
            else:
                keys = [str(v) for v in value] if isinstance(value, list) else [str(value)]
            for key in keys:
                state = target.states.get(key)
                if state is not None:
                    plan.on.add((state.field, state.state))
                    plan.wanted[state.field] = item.id
        elif item.type == "signature":
            assert target.field is not None
            plan.signatures[target.field] = item.id
        else:
            assert target.field is not None
            plan.texts[target.field] = (item.id, answer_text(item, value, target.date_format))
            plan.wanted[target.field] = item.id
    return plan


def _name_of(widget: pikepdf.Dictionary, cache: dict[tuple[int, int], str]) -> str:
    parts: list[str] = []
    node: Any = widget
    depth = 0
    while isinstance(node, pikepdf.Dictionary) and depth < 32:
        key = node.objgen
        if key != (0, 0) and key in cache and node is not widget:
            parts.append(cache[key])
            break
        title = node.get("/T")
        if title is not None:
            parts.append(str(title))
        node = node.get("/Parent")
        depth += 1
    name = ".".join(reversed(parts))
    if widget.objgen != (0, 0):
        cache[widget.objgen] = name
    return name


#: Keys a widget inherits from its field and the field's ancestors.
_INHERITED = ("/FT", "/Ff", "/DA", "/MaxLen", "/Q")


def _inherited_keys(
    widget: pikepdf.Dictionary, cache: dict[tuple[int, int], dict[str, Any]]
) -> dict[str, Any]:
    """/FT, /Ff, /DA, /MaxLen and /Q as the widget sees them (parents cached)."""
    own = {k: widget[k] for k in _INHERITED if k in widget}
    parent = widget.get("/Parent")
    if not isinstance(parent, pikepdf.Dictionary):
        return own
    key = parent.objgen
    found = cache.get(key) if key != (0, 0) else None
    if found is None:
        found = _inherited_keys(parent, cache) if len(cache) < 100_000 else {}
        if key != (0, 0):
            cache[key] = found
    return {**found, **own}


def _rect(widget: pikepdf.Dictionary) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = (float(v) for v in widget.Rect)
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def _color(value: Any) -> Color | None:
    if not isinstance(value, pikepdf.Array) or len(value) == 0:
        return None
    parts = [float(v) for v in value]
    if len(parts) == 1:
        return Color(parts[0], parts[0], parts[0])
    if len(parts) == 3:
        return Color(*parts)
    if len(parts) == 4:
        c, m, y, k = parts
        return Color((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def _stamp_matrix(stream: pikepdf.Stream, rect: tuple[float, ...]) -> tuple[float, ...] | None:
    """`cm` that maps an appearance stream's (transformed) BBox onto the widget's Rect
    (PDF 32000-1, 12.5.5); the stream's own /Matrix is applied by `Do` itself."""
    try:
        bx1, by1, bx2, by2 = (float(v) for v in stream.BBox)
        a, b, c, d, e, f = (float(v) for v in stream.get("/Matrix", [1, 0, 0, 1, 0, 0]))
    except (AttributeError, TypeError, ValueError):
        return None
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in (bx1, bx2) for y in (by1, by2)]
    tx1, tx2 = min(p[0] for p in corners), max(p[0] for p in corners)
    ty1, ty2 = min(p[1] for p in corners), max(p[1] for p in corners)
    if tx2 - tx1 <= 0 or ty2 - ty1 <= 0:
        return None
    sx = (rect[2] - rect[0]) / (tx2 - tx1)
    sy = (rect[3] - rect[1]) / (ty2 - ty1)
    return (sx, 0.0, 0.0, sy, rect[0] - tx1 * sx, rect[1] - ty1 * sy)


class _Overlay:
    """One reportlab page per original page: text, backgrounds, ticks, signatures.

    Drawing is batched per page (boxes first, then one text object), because a
    1,600-field form would otherwise spend most of its time saving and restoring
    graphics state; only text that does not fit is drawn clipped on its own.
    """

    def __init__(self) -> None:
        register_fonts()
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pageCompression=1)
        self.overflow: list[str] = []
        self._boxes: list[tuple[tuple[float, ...], Color | None, Color | None, float]] = []
        self._lines: list[tuple[float, float, float, str, int]] = []  # x, y, size, text, align
        self._clipped: list[
            tuple[tuple[float, ...], list[tuple[float, float, float, str, int]]]
        ] = []
        self._later: list[Any] = []

    def page(self, width: float, height: float) -> None:
        self.canvas.setPageSize((width, height))

    def end_page(self) -> None:
        c = self.canvas
        fill: Color | None = None
        stroke: tuple[Color, float] | None = None
        for rect, background, border, width in self._boxes:
            if background is not None and background != fill:
                c.setFillColor(background)
                fill = background
            if border is not None and (border, width) != stroke:
                c.setStrokeColor(border)
                c.setLineWidth(width)
                stroke = (border, width)
            x1, y1, x2, y2 = rect
            c.rect(
                x1,
                y1,
                x2 - x1,
                y2 - y1,
                stroke=int(border is not None),
                fill=int(background is not None),
            )
        c.setFillColor(Color(0, 0, 0))
        if self._lines:
            self._draw_lines(self._lines)
        for rect, lines in self._clipped:
            c.saveState()
            path = c.beginPath()
            x1, y1, x2, y2 = rect
            path.rect(x1, y1, x2 - x1, y2 - y1)
            c.clipPath(path, stroke=0, fill=0)
            self._draw_lines(lines)
            c.restoreState()
        for action in self._later:
            action()
        self._boxes, self._lines, self._clipped, self._later = [], [], [], []
        c.showPage()

    def _draw_lines(self, lines: list[tuple[float, float, float, str, int]]) -> None:
        c = self.canvas
        size_now = 0.0
        for x, y, size, text, align in lines:
            if size != size_now:
                c.setFont(SANS, size)
                size_now = size
            if align == 1:
                c.drawCentredString(x, y, text)
            elif align == 2:
                c.drawRightString(x, y, text)
            else:
                c.drawString(x, y, text)

    def box(self, rect: tuple[float, ...], widget: pikepdf.Dictionary) -> None:
        mk = widget.get("/MK")
        if not isinstance(mk, pikepdf.Dictionary):
            return
        background, border = _color(mk.get("/BG")), _color(mk.get("/BC"))
        width = 1.0
        bs = widget.get("/BS")
        if isinstance(bs, pikepdf.Dictionary) and "/W" in bs:
            width = float(bs.W)
        if width <= 0:
            border = None
        if background is not None or border is not None:
            self._boxes.append((rect, background, border, width))

    def text(
        self,
        field_id: str,
        text: str,
        rect: tuple[float, ...],
        *,
        size: float,
        multiline: bool,
        comb: int | None,
        align: int,
    ) -> None:
        x1, y1, x2, y2 = rect
        width, height = x2 - x1, y2 - y1
        pad = 2.0
        lines: list[tuple[float, float, float, str, int]] = []
        fits = True
        if comb and comb > 0 and not multiline:
            cell = width / comb
            size = size or min(MAX_AUTO_SIZE, height * 0.7)
            baseline = y1 + (height - size) / 2 + size * 0.22
            lines = [
                (x1 + cell * (i + 0.5), baseline, size, char, 1)
                for i, char in enumerate(text[:comb])
            ]
            fits = len(text) <= comb
        elif multiline:
            current, chosen, wrapped = size or 10.0, MIN_SIZE, [""]
            fits = False
            while current >= MIN_SIZE:
                wrapped = [
                    line
                    for para in text.splitlines() or [""]
                    for line in (simpleSplit(para, SANS, current, width - 2 * pad) or [""])
                ]
                if len(wrapped) * current * 1.15 <= height - pad:
                    chosen, fits = current, True
                    break
                current -= 0.5
            y = y2 - pad - chosen
            for line in wrapped:
                if y < y1 - chosen:
                    break
                lines.append((x1 + pad, y, chosen, line, 0))
                y -= chosen * 1.15
        else:
            current = size or min(MAX_AUTO_SIZE, max(MIN_SIZE, (height - 2) * 0.72))
            measured = stringWidth(text, SANS, current)
            if measured > width - 2 * pad:
                current = max(MIN_SIZE, current * (width - 2 * pad) / measured)
                current = int(current * 2) / 2
                fits = stringWidth(text, SANS, current) <= width - 2 * pad
            baseline = y1 + (height - current) / 2 + current * 0.22
            x = x1 + width / 2 if align == 1 else x2 - pad if align == 2 else x1 + pad
            lines = [(x, baseline, current, text, align if align in (1, 2) else 0)]
        if fits:
            self._lines.extend(lines)
        else:
            self.overflow.append(field_id)
            self._clipped.append((rect, lines))

    def tick(self, rect: tuple[float, ...]) -> None:
        x1, y1, x2, y2 = rect
        size = max(MIN_SIZE, min(x2 - x1, y2 - y1) * 0.9)

        def draw() -> None:
            self.canvas.setFont(SANS_BOLD, size)
            self.canvas.drawCentredString(
                (x1 + x2) / 2, y1 + (y2 - y1 - size) / 2 + size * 0.2, _CHECK
            )

        self._later.append(draw)

    def image(self, png: bytes, rect: tuple[float, ...]) -> None:
        x1, y1, x2, y2 = rect
        self._later.append(
            lambda: self.canvas.drawImage(
                ImageReader(io.BytesIO(png)),
                x1,
                y1,
                x2 - x1,
                y2 - y1,
                preserveAspectRatio=True,
                anchor="c",
                mask="auto",
            )
        )

    def marker(self, text: str, width: float, height: float) -> None:
        def draw() -> None:
            c = self.canvas
            c.saveState()
            c.setFillColor(Color(0.75, 0, 0))
            c.setFont(SANS_BOLD, 10)
            c.drawCentredString(width / 2, height - 11, text)
            c.drawCentredString(width / 2, 5, text)
            c.restoreState()
            draw_watermark(c, text.split(" ", 1)[0], width, height)  # as on Koffer's pages

        self._later.append(draw)

    def finish(self) -> pikepdf.Pdf:
        self.canvas.save()
        return pikepdf.open(io.BytesIO(self.buffer.getvalue()))


def _signature_for(
    field_id: str | None, single: bytes | None, by_field: Mapping[str, bytes] | None
) -> bytes | None:
    """The image for the PDF signature field mapped to `field_id` (None: not mapped)."""
    if field_id is None:
        return None
    if by_field is not None:
        return by_field.get(field_id)
    return single


def fill_original(
    source_pdf: bytes,
    template: Template,
    answers: Answers,
    *,
    signature_png: bytes | None = None,
    marker: str | None = None,
    signature_pngs: Mapping[str, bytes] | None = None,
) -> Filled:
    """The source PDF filled with `answers` and flattened, as bytes.

    Args:
        source_pdf: the template's `source_pdf` file (checked by its SHA-256 by the
            caller: it comes from the signed catalog).
        answers: the relevant answers (`Evaluation.relevant_answers()`), never raw ones.
        signature_png: the signature for every signature field of the PDF (a form with
            one signature).
        signature_pngs: signature field id → its signature (a form with several: each
            goes into the PDF field of its own signature field); wins over
            `signature_png`.
        marker: a line printed at the top and bottom of every page, its first word
            faintly across it, e.g. the draft marker "ENTWURF – kein Antrag gestellt"
            of an unfinished application (as on Koffer's own pages).

    Raises:
        OriginalError: the PDF cannot be opened or written.
    """
    plan = plan_for(template, answers)
    try:
        pdf = pikepdf.open(io.BytesIO(source_pdf))
    except (pikepdf.PdfError, pikepdf.PasswordError) as exc:
        raise OriginalError(f"the source PDF cannot be opened: {exc}") from exc
    overlay = _Overlay()
    stamps: list[list[tuple[pikepdf.Stream, tuple[float, ...]]]] = []
    offsets: list[tuple[float, float]] = []
    names: dict[tuple[int, int], str] = {}
    parents: dict[tuple[int, int], dict[str, Any]] = {}
    placed: set[str] = set()
    acroform = pdf.Root.get("/AcroForm")
    default_da = (
        bytes(acroform.get("/DA", b"")) if isinstance(acroform, pikepdf.Dictionary) else b""
    )
    for page in pdf.pages:
        box = [float(v) for v in page.mediabox]
        x0, y0 = min(box[0], box[2]), min(box[1], box[3])
        overlay.page(abs(box[2] - box[0]), abs(box[3] - box[1]))
        offsets.append((x0, y0))
        page_stamps: list[tuple[pikepdf.Stream, tuple[float, ...]]] = []
        keep = pikepdf.Array()
        annots = page.obj.get("/Annots")
        for annot in annots if isinstance(annots, pikepdf.Array) else []:
            if not isinstance(annot, pikepdf.Dictionary) or annot.get("/Subtype") != "/Widget":
                keep.append(annot)
                continue
            if int(annot.get("/F", 0)) & 0b100010:  # hidden or no-view: not printed
                continue
            rect = _rect(annot)
            local = (rect[0] - x0, rect[1] - y0, rect[2] - x0, rect[3] - y0)
            name = _name_of(annot, names)
            inherited = _inherited_keys(annot, parents)
            kind = str(inherited.get("/FT") or "")
            flags = int(inherited.get("/Ff") or 0)
            if kind == "/Btn":
                appearance = annot.get("/AP")
                normal = (
                    appearance.get("/N") if isinstance(appearance, pikepdf.Dictionary) else None
                )
                states = normal if isinstance(normal, pikepdf.Dictionary) else None
                on_names = [k for k in (states.keys() if states else []) if k != "/Off"]
                chosen = next((k for k in on_names if (name, k[1:]) in plan.on), None)
                if chosen is not None:
                    placed.add(name)
                stream = states.get(chosen or "/Off") if states is not None else None
                if isinstance(stream, pikepdf.Stream):
                    page_stamps.append((stream, rect))
                elif chosen is not None or (states is None and any(n == name for n, _ in plan.on)):
                    overlay.tick(local)
                continue
            overlay.box(local, annot)
            if kind == "/Sig":
                png = _signature_for(plan.signatures.get(name), signature_png, signature_pngs)
                if png:
                    overlay.image(png, local)
                    placed.add(name)
                continue
            entry = plan.texts.get(name)
            if entry is None:
                continue
            da = bytes(inherited.get("/DA") or default_da)
            size_match = _DA_SIZE.search(da)
            size = float(size_match.group(1)) if size_match else 0.0
            max_len = inherited.get("/MaxLen")
            overlay.text(
                entry[0],
                entry[1],
                local,
                size=size,
                multiline=bool(flags & (1 << 12)) and kind == "/Tx",
                comb=int(max_len) if flags & (1 << 24) and max_len is not None else None,
                align=int(inherited.get("/Q") or 0),
            )
            placed.add(name)
        if len(keep):
            page.obj.Annots = keep
        elif "/Annots" in page.obj:
            del page.obj["/Annots"]
        if marker:
            overlay.marker(marker, abs(box[2] - box[0]), abs(box[3] - box[1]))
        overlay.end_page()
        stamps.append(page_stamps)
    drawn = overlay.finish()
    for index, page in enumerate(pdf.pages):
        x0, y0 = offsets[index]
        commands = [b"Q"]
        for number, (stream, where) in enumerate(stamps[index]):
            matrix = _stamp_matrix(stream, where)
            if matrix is None:
                continue
            stamp = page.add_resource(stream, pikepdf.Name.XObject, prefix=f"KfAp{number}x")
            commands.append(f"q {' '.join(f'{v:.4f}' for v in matrix)} cm {stamp} Do Q".encode())
        form = pdf.copy_foreign(drawn.pages[index].as_form_xobject())
        drawing = page.add_resource(form, pikepdf.Name.XObject, prefix="KfOv")
        commands.append(f"q 1 0 0 1 {x0:.4f} {y0:.4f} cm {drawing} Do Q".encode())
        page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, b"\n".join(commands) + b"\n"), prepend=False)
    root = pdf.Root
    for key in ("/AcroForm", "/OpenAction", "/AA"):
        if key in root:
            del root[key]
    names_tree = root.get("/Names")
    if isinstance(names_tree, pikepdf.Dictionary) and "/JavaScript" in names_tree:
        del names_tree["/JavaScript"]
    out = io.BytesIO()
    try:
        pdf.save(out, encryption=False, compress_streams=True)
    except pikepdf.PdfError as exc:
        raise OriginalError(f"the filled PDF cannot be written: {exc}") from exc
    unplaced = sorted({fid for name, fid in plan.wanted.items() if name not in placed})
    return Filled(
        pdf=out.getvalue(),
        pages=len(pdf.pages),
        overflow=tuple(dict.fromkeys(overlay.overflow)),
        unplaced=tuple(unplaced),
    )
