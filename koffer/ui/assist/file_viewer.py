"""Show an attachment the worker shared, from memory only (the expert's machine keeps
no file): an image as it is, a PDF page by page rendered by QtPdf from a buffer."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from koffer.ui.widgets import paragraph, scroll_page

#: Width the pages are rendered at (pixels).
PAGE_WIDTH = 900


def pages(data: bytes, media_type: str) -> list[QImage]:
    """The attachment as images (empty: it cannot be shown here)."""
    if media_type.startswith("image/"):
        image = QImage.fromData(data)
        return [] if image.isNull() else [image]
    if media_type != "application/pdf":
        return []
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    out = []
    for index in range(min(document.pageCount(), 20)):
        size = document.pagePointSize(index)
        if size.width() <= 0:
            continue
        height = round(PAGE_WIDTH * size.height() / size.width())
        out.append(document.render(index, QSize(PAGE_WIDTH, height)))
    document.close()
    buffer.close()
    return out


class FileViewer(QDialog):
    """One shared attachment, read-only."""

    def __init__(self, name: str, images: list[QImage], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(name)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        if not images:
            layout.addWidget(
                paragraph(self.tr("Diese Anlage kann hier nicht angezeigt werden."), content)
            )
        for image in images:
            label = QLabel(content)
            label.setPixmap(QPixmap.fromImage(image))
            label.setAccessibleName(name)
            layout.addWidget(label)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll_page(content, self))
        self.resize(960, 720)
