"""Printing through Qt's print support: the print system where pycups does not exist.

Implements `printing.backend.PrinterBackend` over QPrinterInfo and QPrinter, for
Windows (its spooler) and any system without pycups; `printing.backend.choose_backend`
picks it (or `KOFFER_PRINT_BACKEND=qt`). The PDF (personal data) is opened from memory
with QtPdf's QPdfDocument and every page is rendered to an image at up to 300 dpi,
composited on white and painted onto the QPrinter; Koffer writes nothing to disk. The
operating system's print queue takes the job from there (Windows writes its own spool
file, as CUPS does; Qt's CUPS plugin on Linux writes a 0600 temporary file that it
removes once CUPS has the job).

What Qt cannot report, and what follows from it:

* **No job after handing over.** Qt gives no job id and no job state: once the painter
  has finished, the pages are in the system's print queue and Qt knows nothing more. Its
  CUPS plugin even ignores whether CUPS took the file, and on Windows a failed
  `EndDoc` is only a warning. So a job here counts as done when the pages are handed
  over, and says exactly that (`printing.status.HANDED_TO_SYSTEM`: "an die
  Druckerwarteschlange des Laptops übergeben … bitte prüfen Sie den Ausdruck"); it
  leaves Koffer's offline queue then, because the system's queue holds it from there
  (Windows keeps a job for a printer that is off and prints it when it is back).
* **Whether the printer is ready** is only what QPrinterInfo says (the queue exists and
  is not in an error state; Windows reports an offline printer as such). A printer that
  is not ready keeps the job in Koffer's offline queue, which retries it, as with CUPS.
* **Nothing to cancel** after handing over: `cancel` says so (the system's print queue
  can still cancel it).
* Job ids are Koffer's own, random, so an id from before a restart never matches a new
  job: a handed-over job that the queue still had at a crash is then "unknown" and the
  user is asked to check the paper, never printed twice on a guess.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRect, QSize, Qt
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
#: All Qt can say of a printer in an error state: off, paused, out of paper, jammed.
NOT_READY = "Drucker nicht bereit"
CANNOT_CANCEL = (
    "Der Auftrag ist schon in der Druckerwarteschlange des Laptops und kann nur dort "
    "abgebrochen werden"
)

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


def page_image(document: QPdfDocument, page: int, size: QSize, *, grayscale: bool) -> QImage:
    """One page as an opaque image: QtPdf renders on a transparent background, which a
    plain format conversion would turn black, so it is painted on white first."""
    rendered = document.render(page, size)
    image = QImage(rendered.size(), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    if grayscale:
        return image.convertToFormat(QImage.Format.Format_Grayscale8)
    return image


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
            images.append(page_image(document, page, QSize(width_px, height), grayscale=False))
    finally:
        document.close()
        buffer.close()
    return images


def _printer_info(info: QPrinterInfo) -> PrinterInfo:
    state = info.state()
    return PrinterInfo(
        name=info.printerName(),
        description=info.description() or info.printerName(),
        location=info.location(),
        make_and_model=info.makeAndModel(),
        device_uri="",
        driverless=False,
        is_default=info.isDefault(),
        accepting=state not in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted),
        stopped=state == QPrinter.PrinterState.Aborted,
    )


def _new_job_id() -> int:
    """A random positive 31-bit id: never the id of a job from before a restart."""
    return secrets.randbelow(2**31 - 1) + 1


class QtPrintBackend:
    """`PrinterBackend` over the operating system's printers, through Qt.

    Thread-safe as Qt allows: QPainter on a QPrinter and QPdfDocument may be used on a
    worker thread (the app prints on its CPU lane).

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
        self._jobs: dict[int, JobStatus] = {}

    @staticmethod
    def _system_printers() -> list[PrinterInfo]:
        found = [_printer_info(info) for info in QPrinterInfo.availablePrinters()]
        return sorted(found, key=lambda p: (not p.is_default, p.name.lower()))

    @staticmethod
    def _system_printer(name: str) -> QPrinter:
        info = QPrinterInfo.printerInfo(name)
        if info.isNull():
            raise PrintError(UNREACHABLE, "no such printer")
        return QPrinter(info, QPrinter.PrinterMode.HighResolution)

    def list_printers(self) -> list[PrinterInfo]:
        """Every printer the operating system offers, its default first."""
        return self._list()

    def _find(self, printer: str) -> PrinterInfo | None:
        return next((p for p in self._list() if p.name == printer), None)

    def is_reachable(self, printer: str) -> bool:
        """Whether the printer exists and is not in an error state (all Qt can tell)."""
        found = self._find(printer)
        return found is not None and found.accepting

    def why_unreachable(self, printer: str) -> str:
        """The German reason `is_reachable` said no (for the offline queue's message)."""
        return UNREACHABLE if self._find(printer) is None else NOT_READY

    def submit(self, pdf: bytes, title: str, printer: str, options: PrintOptions) -> SubmittedJob:
        """Paint every page of `pdf` into the system's print queue; Koffer's own job.

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
                self._paint_page(painter, target, document, page, grayscale=options.grayscale)
        finally:
            if painter.isActive():
                painter.end()  # hands the pages to the system's print queue
            document.close()
            buffer.close()
        if target.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
            raise PrintError(CANNOT_PRINT, f"printer state {target.printerState().name}")
        job = SubmittedJob(_new_job_id(), uuid.uuid4().hex)
        self._jobs[job.job_id] = JobStatus(
            job.job_id, JobState.COMPLETED, uuid=job.uuid, tracked=False
        )
        return job

    @staticmethod
    def _paint_page(
        painter: QPainter, target: QPrinter, document: QPdfDocument, page: int, *, grayscale: bool
    ) -> None:
        area = target.pageLayout().fullRectPixels(target.resolution())
        size = document.pagePointSize(page)
        dpi = min(PRINT_DPI, target.resolution())
        image = page_image(
            document,
            page,
            QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72)),
            grayscale=grayscale,
        )
        scale = min(area.width() / image.width(), area.height() / image.height())
        width, height = round(image.width() * scale), round(image.height() * scale)
        painter.drawImage(QRect(0, 0, width, height), image)

    def job_status(self, job_id: int) -> JobStatus:
        """A job painted here is in the system's print queue: handed over, untracked.

        Raises:
            JobUnknownError: not a job of this run of Koffer (Qt cannot ask the system's
                queue about it).
        """
        status = self._jobs.get(job_id)
        if status is None:
            raise JobUnknownError("Druckauftrag unbekannt", f"job {job_id}")
        return status

    def cancel(self, job_id: int) -> None:
        """Qt cannot cancel a job it handed over.

        Raises:
            PrintError: always (JobUnknownError for a job of another run).
        """
        self.job_status(job_id)
        raise PrintError(CANNOT_CANCEL, f"job {job_id} is with the system's print queue")
