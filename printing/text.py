"""Text for the paper: escaped paragraphs, and plain strings where they suffice."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

#: Control characters (C0, DEL, C1) except newline: they have no glyph and no meaning on
#: paper; a pasted NUL or vertical tab would otherwise end up raw in the PDF.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with control characters replaced by spaces (newlines kept)."""
    return _CONTROL.sub(" ", text)


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: answers may contain <, & and >)."""
    return Paragraph(escape(printable(text)).replace("\n", "<br/>"), style)


def fitting(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """Plain text when it fits on one line (cheap to lay out), else a wrapping paragraph.

    Tables lay out plain strings without the paragraph machinery, which is most of the
    rendering time of a long form; the cell's font comes from the table style, which
    uses the same font and size as `style`.
    """
    text = printable(text)
    if "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    return para(text, style)
