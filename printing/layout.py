"""The page frame of every printout: letterhead, running header, footer with "Seite X von Y".

The footer needs the total page count, which is only known at the end, so the canvas
keeps each finished page and draws header and footer on all of them when the document
is saved (reportlab's usual "numbered canvas" approach).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from printing.content import Letterhead
from printing.fonts import MONO, SANS, SANS_BOLD, register_fonts
from printing.resources import read_resource
from printing.theme import ACCENT, INK, MUTED, RULE, Theme

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
FIRST_TOP = 44 * mm
LATER_TOP = 20 * mm
BOTTOM = 22 * mm


@dataclass(frozen=True)
class PageDecor:
    """What the header and footer of each page show."""

    letterhead: Letterhead
    title: str
    copy_label: str
    template_id: str
    template_version: str
    reference: str
    theme: Theme
    #: Printed on every page (e.g. `content.DRAFT_MARKER`), with a watermark; "" for none.
    marker: str = ""


@dataclass(frozen=True)
class DocumentInfo:
    """PDF metadata (document properties)."""

    title: str
    subject: str
    author: str
    keywords: Sequence[str] = ()


def _pdf_date(moment: dt.datetime) -> Callable[..., str]:
    """A reportlab date formatter that always prints `moment` (for stable bytes)."""
    if moment.tzinfo is None:
        text = moment.strftime("D:%Y%m%d%H%M%S")
    else:
        offset = moment.utcoffset() or dt.timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        hh, mm_ = divmod(abs(minutes), 60)
        text = moment.strftime("D:%Y%m%d%H%M%S") + f"{sign}{hh:02d}'{mm_:02d}'"

    def formatter(*_parts: int) -> str:
        return text

    return formatter


def _logo(letterhead: Letterhead) -> ImageReader | None:
    if not letterhead.show_logo:
        return None
    data = letterhead.logo_png or read_resource("images", "logo-platzhalter.png")
    return ImageReader(io.BytesIO(data))


def _draw_first_header(c: Canvas, decor: PageDecor, logo: ImageReader | None) -> None:
    lh = decor.letterhead
    # The letterhead keeps its size in large print: it is the town's fixed design, and
    # scaling it would push long municipality names into the copy label.
    s = Theme().size
    top = PAGE_HEIGHT - 14 * mm
    x = MARGIN_X
    logo_h = 22 * mm
    if logo is not None:
        w, h = logo.getSize()
        logo_w = logo_h * w / h
        c.drawImage(logo, x, top - logo_h, logo_w, logo_h, mask="auto")
        x += logo_w + 5 * mm
    c.setFillColor(ACCENT)
    c.setFont(SANS_BOLD, s(15))
    c.drawString(x, top - s(13), lh.municipality)
    c.setFont(SANS, s(11))
    c.setFillColor(INK)
    c.drawString(x, top - s(13) - s(15), lh.office)
    c.setFont(SANS, s(7.5))
    c.setFillColor(MUTED)
    y = top - s(13) - s(15) - s(12)
    for line in (", ".join(lh.address_lines), lh.contact_line):
        if line:
            c.drawString(x, y, line)
            y -= s(9.5)
    c.setFont(SANS_BOLD, s(8))
    c.setFillColor(ACCENT)
    c.drawRightString(PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 9 * mm, decor.copy_label)
    c.setStrokeColor(RULE)
    c.setLineWidth(0.8)
    rule_y = PAGE_HEIGHT - FIRST_TOP + 4 * mm
    c.line(MARGIN_X, rule_y, PAGE_WIDTH - MARGIN_X, rule_y)


def _draw_later_header(c: Canvas, decor: PageDecor) -> None:
    s = decor.theme.size
    y = PAGE_HEIGHT - 12 * mm
    c.setFont(SANS, s(7.5))
    c.setFillColor(MUTED)
    c.drawString(MARGIN_X, y, f"{decor.letterhead.municipality} · {decor.letterhead.office}")
    c.drawRightString(PAGE_WIDTH - MARGIN_X, y, decor.title)
    c.setStrokeColor(RULE)
    c.setLineWidth(0.5)
    c.line(MARGIN_X, y - 2.5 * mm, PAGE_WIDTH - MARGIN_X, y - 2.5 * mm)


def _draw_footer(c: Canvas, decor: PageDecor, page: int, total: int) -> None:
    s = decor.theme.size
    y = 10 * mm
    line2 = y + s(9)
    c.setStrokeColor(RULE)
    c.setLineWidth(0.5)
    c.line(MARGIN_X, line2 + s(10), PAGE_WIDTH - MARGIN_X, line2 + s(10))
    c.setFillColor(MUTED)
    c.setFont(SANS, s(7.5))
    c.drawString(
        MARGIN_X, line2, f"Vordruck {decor.template_id} · Version {decor.template_version}"
    )
    if decor.marker:
        c.setFont(SANS_BOLD, s(9))
        c.setFillColor(INK)
        c.drawString(MARGIN_X, y, decor.marker)
    elif decor.reference:
        c.setFont(MONO, s(7.5))
        c.drawString(MARGIN_X, y, f"Vorgangsnummer {decor.reference}")
    c.setFont(SANS_BOLD, s(8))
    c.setFillColor(INK)
    c.drawRightString(PAGE_WIDTH - MARGIN_X, line2, f"Seite {page} von {total}")


def draw_watermark(
    c: Canvas, text: str, width: float = PAGE_WIDTH, height: float = PAGE_HEIGHT
) -> None:
    """A large, faint diagonal word across the page: visible at a glance, still readable
    (Koffer's own pages, and the town's own PDF of a draft)."""
    c.saveState()
    c.setFillColor(MUTED)
    c.setFillAlpha(0.09)
    c.setFont(SANS_BOLD, 110)
    c.translate(width / 2, height / 2)
    c.rotate(52)
    c.drawCentredString(0, -40, text)
    c.restoreState()


def _canvas_class(decor: PageDecor, created_at: dt.datetime) -> type[Canvas]:
    """A canvas that decorates every page once the page count is known."""
    logo = _logo(decor.letterhead)

    class DecoratedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.setDateFormatter(_pdf_date(created_at))
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                if number == 1:
                    _draw_first_header(self, decor, logo)
                else:
                    _draw_later_header(self, decor)
                _draw_footer(self, decor, number, total)
                if decor.marker:
                    draw_watermark(self, decor.marker.split(" ", 1)[0])
                super().showPage()
            super().save()

    return DecoratedCanvas


def build_pdf(
    story: list[Flowable],
    decor: PageDecor,
    info: DocumentInfo,
    created_at: dt.datetime,
) -> bytes:
    """Lay out `story` on A4 pages with letterhead and footer; the PDF as bytes.

    The output depends only on the arguments: reportlab's invariant mode plus the fixed
    `created_at` make the bytes reproducible, which is what the tests compare.
    """
    register_fonts()
    buffer = io.BytesIO()
    width = PAGE_WIDTH - 2 * MARGIN_X
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=LATER_TOP,
        bottomMargin=BOTTOM,
        title=info.title,
        subject=info.subject,
        author=info.author,
        creator="Koffer",
        keywords=list(info.keywords),
        lang="de-DE",
        invariant=1,
        initialFontName=SANS,
    )
    first = Frame(
        MARGIN_X,
        BOTTOM,
        width,
        PAGE_HEIGHT - FIRST_TOP - BOTTOM,
        id="first",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    later = Frame(
        MARGIN_X,
        BOTTOM,
        width,
        PAGE_HEIGHT - LATER_TOP - BOTTOM,
        id="later",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates(
        [
            PageTemplate(id="first", frames=[first], autoNextPageTemplate="later"),
            PageTemplate(id="later", frames=[later]),
        ]
    )
    doc.build(story, canvasmaker=_canvas_class(decor, created_at))
    return buffer.getvalue()


CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
