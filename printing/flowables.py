"""Small drawn elements of the paper form: checkboxes, writing lines, character boxes, QR.

They are drawn as vector shapes (not font glyphs), so they print crisply at any size and
a person can tick or write in them with a pen.
"""

from __future__ import annotations

from collections.abc import Sequence

import segno
from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from printing.fonts import SANS
from printing.theme import INK, WRITE_LINE, Theme


class ChoiceBoxes(Flowable):
    """Labelled checkboxes laid out in a row that wraps, ticked ones with a cross."""

    def __init__(self, items: Sequence[tuple[str, bool]], theme: Theme) -> None:
        super().__init__()
        self.items = list(items)
        self.theme = theme
        self.font_size = theme.size(9.5)
        self.box = theme.box_size
        self.gap = theme.size(14)
        self.line_height = max(self.box, self.font_size) * 1.6
        self._rows: list[list[tuple[str, bool, float, bool]]] = []

    def _item_width(self, label: str) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return self.box + self.font_size * 0.5 + stringWidth(label, SANS, self.font_size)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        from reportlab.lib.utils import simpleSplit

        indent = self.box + self.font_size * 0.5
        rows: list[list[tuple[str, bool, float, bool]]] = [[]]
        x = 0.0
        for label, checked in self.items:
            w = self._item_width(label)
            if rows[-1] and x + w > avail_width:
                rows.append([])
                x = 0.0
            if w <= avail_width:
                rows[-1].append((label, checked, x, True))
                x += w + self.gap
                continue
            # too long for one line: wrap the text under itself, box on the first line
            lines = simpleSplit(label, SANS, self.font_size, avail_width - indent)
            for number, line in enumerate(lines):
                if number:
                    rows.append([])
                rows[-1].append((line, checked, 0.0, number == 0))
            rows.append([])
            x = 0.0
        if not rows[-1]:
            rows.pop()
        self._rows = rows
        self.width = avail_width
        self.height = len(rows) * self.line_height
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        for index, row in enumerate(self._rows):
            baseline = self.height - (index + 1) * self.line_height + self.line_height * 0.3
            for label, checked, x, has_box in row:
                if has_box:
                    self._draw_box(x, baseline - 1, checked)
                c.setFillColor(INK)
                c.setFont(SANS, self.font_size)
                c.drawString(x + self.box + self.font_size * 0.5, baseline, label)

    def _draw_box(self, x: float, y: float, checked: bool) -> None:
        c = self.canv
        c.setStrokeColor(INK)
        c.setLineWidth(0.8)
        c.rect(x, y, self.box, self.box, stroke=1, fill=0)
        if checked:
            inset = self.box * 0.2
            c.setLineWidth(1.4)
            c.line(x + inset, y + inset, x + self.box - inset, y + self.box - inset)
            c.line(x + inset, y + self.box - inset, x + self.box - inset, y + inset)


class WriteLines(Flowable):
    """Empty lines to write on by hand."""

    def __init__(self, count: int, theme: Theme, width: float | None = None) -> None:
        super().__init__()
        self.count = max(1, count)
        self.line_height = theme.write_line_height
        self.fixed_width = width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = min(self.fixed_width or avail_width, avail_width)
        self.height = self.count * self.line_height
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(WRITE_LINE)
        c.setLineWidth(0.6)
        for i in range(self.count):
            y = self.height - (i + 1) * self.line_height + 1
            c.line(0, y, self.width, y)


class CombBoxes(Flowable):
    """One box per character (postal code, IBAN, date), with optional group gaps.

    Args:
        groups: number of boxes in each group, e.g. (2, 2, 4) for TT MM JJJJ.
        captions: small text under each group, e.g. ("TT", "MM", "JJJJ").
    """

    def __init__(
        self,
        groups: Sequence[int],
        theme: Theme,
        captions: Sequence[str] = (),
        prefix: str = "",
    ) -> None:
        super().__init__()
        self.groups = list(groups)
        self.captions = list(captions)
        self.prefix = prefix
        self.cell = theme.comb_width
        self.gap = self.cell * 0.5
        self.caption_size = theme.size(6.5)
        self.font_size = theme.size(10)

    def _prefix_width(self) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(self.prefix, SANS, self.font_size) + self.gap if self.prefix else 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        boxes = sum(self.groups)
        self.width = self._prefix_width() + boxes * self.cell + (len(self.groups) - 1) * self.gap
        caption = self.caption_size * 1.4 if self.captions else 0
        self.height = self.cell * 1.25 + caption
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        caption = self.caption_size * 1.4 if self.captions else 0
        y = caption
        h = self.cell * 1.25
        x = 0.0
        if self.prefix:
            c.setFillColor(INK)
            c.setFont(SANS, self.font_size)
            c.drawString(0, y + h * 0.3, self.prefix)
            x = self._prefix_width()
        c.setStrokeColor(WRITE_LINE)
        c.setLineWidth(0.7)
        for index, count in enumerate(self.groups):
            start = x
            for _ in range(count):
                c.rect(x, y, self.cell, h, stroke=1, fill=0)
                x += self.cell
            if index < len(self.captions):
                c.setFillColor(WRITE_LINE)
                c.setFont(SANS, self.caption_size)
                c.drawCentredString((start + x) / 2, 0, self.captions[index])
            x += self.gap


class QrCode(Flowable):
    """A QR code drawn as vector squares (crisp at any printer resolution)."""

    def __init__(self, data: str, size: float, color: Color = INK) -> None:
        super().__init__()
        self.qr = segno.make(data, error="m", micro=False)
        self.size = size
        self.color = color

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = self.height = self.size
        return self.size, self.size

    def draw(self) -> None:
        matrix = [list(row) for row in self.qr.matrix]
        quiet = 4
        modules = len(matrix) + 2 * quiet
        unit = self.size / modules
        c = self.canv
        c.setFillColor(self.color)
        c.setStrokeColor(self.color)
        for r, row in enumerate(matrix):
            y = self.size - (r + quiet + 1) * unit
            run_start = None
            for col, dark in enumerate([*row, 0]):
                if dark and run_start is None:
                    run_start = col
                elif not dark and run_start is not None:
                    c.rect(
                        (run_start + quiet) * unit,
                        y,
                        (col - run_start) * unit,
                        unit,
                        stroke=0,
                        fill=1,
                    )
                    run_start = None
