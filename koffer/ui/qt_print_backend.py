"""Printing through Qt's print support, for when CUPS (pycups) is not there, e.g. Windows.

Implements `printing.backend.PrinterBackend` over QPrinterInfo and QPrinter. The PDF
(personal data) is opened from memory with QtPdf's QPdfDocument, and each page is
rendered into a QPainter on the QPrinter: nothing is written to our disk. The system's
spooler takes the job from there.

Qt tells us nothing about a job after it was spooled, so a job counts as handed over
("completed") once the painter has finished; as with CUPS, that is not proof of paper.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QSize
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from printing.backend import JobUnknownError, PrinterInfo, PrintError, SubmittedJob
from printing.job_names import job_name
from printing.options import PrintOptions
from printing.status import UNREACHABLE, JobState, JobStatus

#: Resolution of the page images sent to the printer (dots per inch).
PRINT_DPI = 300
CANNOT_OPEN = "Das Druckdokument kann nicht geöffnet werden"
CANNOT_PRINT = "Der Drucker kann den Auftrag nicht annehmen"

_DUPLEX = {
    "one-sided": QPrinter.DuplexMode.DuplexNone,
    "two-sided-long-edge": QPrinter.DuplexMode.DuplexLongSide,
    "two-sided-short-edge": QPrinter.DuplexMode.DuplexShortSide,
}


def open_pdf(pdf: bytes) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument reading `pdf` from memory (keep the buffer alive with it).

    Raises:
        PrintError: the bytes are not a readable PDF.
    """
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise PrintError(CANNOT_OPEN, str(document.error()))
    return document, buffer


def render_pages(pdf: bytes, width_px: int) -> list[QImage]:
    """Every page of `pdf` as an image `width_px` wide (for the in-app preview).

    Safe on a worker thread: QImage and QPdfDocument need no GUI thread.
    """
    document, buffer = open_pdf(pdf)
    images: list[QImage] = []
    try:
        for page in range(document.pageCount()):
            size = document.pagePointSize(page)
            height = round(width_px * size.height() / max(size.width(), 1.0))
            images.append(document.render(page, QSize(width_px, height)))
    finally:
        document.close()
        buffer.close()
    return images


def _printer_info(info: QPrinterInfo) -> PrinterInfo:
    return PrinterInfo(
        name=info.printerName(),
        description=info.description() or info.printerName(),
        location=info.location(),
        make_and_model=info.makeAndModel(),
        device_uri="",
        driverless=False,
        is_default=info.isDefault(),
        accepting=info.state() != QPrinter.PrinterState.Error,
        stopped=info.state() == QPrinter.PrinterState.Aborted,
    )


class QtPrintBackend:
    """`PrinterBackend` over the operating system's printers, through Qt.

    Args:
        printer_factory: makes the QPrinter for a queue name (tests pass one that
            writes a PDF file instead of spooling to a real printer).
        printers: lists the printers (tests pass a fixed list).
    """

    def __init__(
        self,
        *,
        printer_factory: Callable[[str], QPrinter] | None = None,
        printers: Callable[[], list[PrinterInfo]] | None = None,
    ) -> None:
        self._factory = printer_factory or self._system_printer
        self._list = printers or self._system_printers
        self._ids = itertools.count(1)
        self._jobs: dict[int, JobStatus] = {}

    @staticmethod
    def _system_printers() -> list[PrinterInfo]:
        return [_printer_info(info) for info in QPrinterInfo.availablePrinters()]

    @staticmethod
    def _system_printer(name: str) -> QPrinter:
        info = QPrinterInfo.printerInfo(name)
        if info.isNull():
            raise PrintError(UNREACHABLE, "no such printer")
        return QPrinter(info, QPrinter.PrinterMode.HighResolution)

    def list_printers(self) -> list[PrinterInfo]:
        """Every printer the operating system offers."""
        return self._list()

    def is_reachable(self, printer: str) -> bool:
        """Whether the printer exists and is not in an error state (all Qt can tell)."""
        return any(p.name == printer and p.accepting for p in self._list())

    def submit(self, pdf: bytes, title: str, printer: str, options: PrintOptions) -> SubmittedJob:
        """Paint every page of `pdf` onto the printer; a local job.

        Raises:
            PrintError: the PDF cannot be read, or the printer refuses the job.
        """
        target = self._factory(printer)
        target.setDocName(job_name(title))  # an ASCII token, as for CUPS
        target.setCopyCount(options.copies)
        target.setDuplex(_DUPLEX.get(options.duplex, QPrinter.DuplexMode.DuplexNone))
        target.setColorMode(
            QPrinter.ColorMode.GrayScale if options.grayscale else QPrinter.ColorMode.Color
        )
        target.setFullPage(True)
        target.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
            )
        )
        document, buffer = open_pdf(pdf)
        painter = QPainter()
        try:
            if not painter.begin(target):
                raise PrintError(CANNOT_PRINT, "QPainter.begin failed")
            for page in range(document.pageCount()):
                if page and not target.newPage():
                    raise PrintError(CANNOT_PRINT, "QPrinter.newPage failed")
                self._paint_page(painter, target, document, page)
        finally:
            if painter.isActive():
                painter.end()
            document.close()
            buffer.close()
        job_id = next(self._ids)
        self._jobs[job_id] = JobStatus(job_id, JobState.COMPLETED)
        return SubmittedJob(job_id)

    @staticmethod
    def _paint_page(painter: QPainter, target: QPrinter, document: QPdfDocument, page: int) -> None:
        area = target.pageLayout().fullRectPixels(target.resolution())
        size = document.pagePointSize(page)
        dpi = min(PRINT_DPI, target.resolution())
        image = document.render(
            page, QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
        )
        if target.colorMode() == QPrinter.ColorMode.GrayScale:
            image = image.convertToFormat(QImage.Format.Format_Grayscale8)
        scale = min(area.width() / image.width(), area.height() / image.height())
        width, height = round(image.width() * scale), round(image.height() * scale)
        painter.drawImage(QRect(0, 0, width, height), image)

    def job_status(self, job_id: int) -> JobStatus:
        """A job painted here is with the system's spooler: handed over."""
        status = self._jobs.get(job_id)
        if status is None:
            raise JobUnknownError("Druckauftrag unbekannt", f"job {job_id}")
        return status

    def cancel(self, job_id: int) -> None:
        """Nothing to cancel once Qt handed the job to the spooler."""
        self.job_status(job_id)
