"""Register the shipped DejaVu fonts with reportlab once, so every PDF embeds them.

Embedding (instead of the PDF base fonts) is what makes ÄÖÜß, Turkish, Polish and
Cyrillic letters print correctly on any printer.
"""

from __future__ import annotations

import io
import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from printing.resources import read_resource

SANS = "KofferSans"
SANS_BOLD = "KofferSans-Bold"
MONO = "KofferMono"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    MONO: "DejaVuSansMono.ttf",
}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the fonts with reportlab (idempotent and thread-safe)."""
    global _registered  # noqa: PLW0603 - reportlab's font registry is process-global
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            data = read_resource("fonts", filename)
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
        # <b> inside paragraphs picks the bold face.
        addMapping(SANS, 0, 0, SANS)
        addMapping(SANS, 1, 0, SANS_BOLD)
        addMapping(SANS, 0, 1, SANS)
        addMapping(SANS, 1, 1, SANS_BOLD)
        _registered = True
