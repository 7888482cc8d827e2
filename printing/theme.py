"""Sizes, colours and paragraph styles of the printouts, normal or large print.

One place decides how the paper looks, so the filled form, the receipt and the blank
form stay consistent: calm dark blue for structure, black for content, no decoration.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from printing.fonts import MONO, SANS, SANS_BOLD, register_fonts

INK = HexColor("#111111")
ACCENT = HexColor("#1f3a60")
MUTED = HexColor("#555555")
RULE = HexColor("#9aa5b1")
FAINT = HexColor("#e8eef5")
WRITE_LINE = HexColor("#6b7785")


@dataclass(frozen=True)
class Theme:
    """Font sizes and measures for one printout.

    Attributes:
        large_print: True scales every size up for readers with low vision.
    """

    large_print: bool = False

    @property
    def scale(self) -> float:
        """Factor applied to every font size."""
        return 1.4 if self.large_print else 1.0

    def size(self, points: float) -> float:
        """A font size scaled for this theme."""
        return round(points * self.scale, 1)

    @property
    def write_line_height(self) -> float:
        """Distance between handwriting lines on the blank form."""
        return (11 if self.large_print else 9) * mm

    @property
    def comb_width(self) -> float:
        """Width of one box for a single handwritten character."""
        return (7.5 if self.large_print else 6) * mm

    @property
    def box_size(self) -> float:
        """Side of a checkbox."""
        return self.size(8.5)

    def styles(self) -> Styles:
        """The paragraph styles of this theme."""
        register_fonts()
        return Styles(self)


class Styles:
    """Named paragraph styles derived from a theme."""

    def __init__(self, theme: Theme) -> None:
        s = theme.size

        def style(
            name: str,
            font: str,
            size: float,
            color: Color = INK,
            *,
            before: float = 0,
            after: float = 0,
            keep_with_next: bool = False,
        ) -> ParagraphStyle:
            return ParagraphStyle(
                name,
                fontName=font,
                fontSize=s(size),
                leading=s(size) * 1.3,
                textColor=color,
                alignment=TA_LEFT,
                spaceBefore=s(before),
                spaceAfter=s(after),
                keepWithNext=int(keep_with_next),
            )

        self.body = style("body", SANS, 10)
        self.value = style("value", SANS, 10)
        self.label = style("label", SANS_BOLD, 9)
        self.label_plain = style("label_plain", SANS, 9, MUTED)
        self.small = style("small", SANS, 7.5, MUTED)
        self.small_keep = style("small_keep", SANS, 7.5, MUTED, keep_with_next=True)
        self.mono = style("mono", MONO, 8.5)
        self.mono_small = style("mono_small", MONO, 7, MUTED)
        self.reference = style("reference", MONO, 10.5, INK)
        self.title = style("title", SANS_BOLD, 16, ACCENT, after=3)
        self.section = style(
            "section", SANS_BOLD, 12, ACCENT, before=8, after=3, keep_with_next=True
        )
        self.group = style("group", SANS_BOLD, 10, INK, before=4, after=2, keep_with_next=True)
        self.info = style("info", SANS, 9, MUTED)
        self.receipt_title = style("receipt_title", SANS_BOLD, 13, ACCENT, after=2)
        self.table_head = style("table_head", SANS_BOLD, 8.5, INK)
        self.table_cell = style("table_cell", SANS, 9, INK)
