"""A shared attachment is shown from memory: images and PDFs, nothing else."""

from __future__ import annotations

import io

import pytest

from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QImage

from koffer.ui.assist.file_viewer import PAGE_WIDTH, FileViewer, pages

pytestmark = pytest.mark.gui


def _png() -> bytes:
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkBlue)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def _pdf(count: int) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for number in range(count):
        pdf.drawString(100, 700, f"Seite {number + 1}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_images_and_pdf_pages(qtbot):
    image = pages(_png(), "image/png")
    assert len(image) == 1
    assert image[0].width() == 40
    rendered = pages(_pdf(2), "application/pdf")
    assert len(rendered) == 2
    assert rendered[0].width() == PAGE_WIDTH
    assert pages(b"PK\x03\x04", "application/zip") == []
    assert pages(b"garbage", "image/png") == []
    viewer = FileViewer("beleg.pdf", rendered)
    qtbot.addWidget(viewer)
    assert viewer.windowTitle() == "beleg.pdf"
