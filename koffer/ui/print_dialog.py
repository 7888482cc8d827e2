"""The print dialog: which copy, which printer, how; with a preview of the real pages.

The preview shows the very PDF that will be printed, rendered page by page with
QtPdf on the worker; without QtPdf it lists the pages. Printing itself is done by the
`PrintController`; the dialog shows its progress in plain German and stays usable.

Where the form has the town's own PDF, "Auf dem Formular der Stadt drucken" puts the
offered copies on it (its pages first, Koffer's after); which copies may go there, and
that it is ticked at first, is the application layer's plan (`koffer.drafting.claims`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from koffer.ui.widgets import (
    CheckLine,
    Dialog,
    button,
    heading,
    paragraph,
    primary_button,
    scroll_page,
)
from koffer.ui.worker import Lane, run_in_background
from printing.backend import PrinterInfo
from printing.options import MAX_COPIES, PrintOptions

log = logging.getLogger(__name__)

#: Width of a preview page in pixels (A4 height follows).
PREVIEW_WIDTH = 300

KIND_LABELS = {
    "citizen": QT_TRANSLATE_NOOP(
        "PrintDialog", "Für die antragstellende Person (mit Eingangsbestätigung)"
    ),
    "review_copy": QT_TRANSLATE_NOOP(
        "PrintDialog", "Entwurf für die antragstellende Person (zum Durchsehen)"
    ),
    "signing": QT_TRANSLATE_NOOP("PrintDialog", "Unterschriftenblatt (auf Papier unterschreiben)"),
    "office": QT_TRANSLATE_NOOP("PrintDialog", "Für das Amt"),
    "visit": QT_TRANSLATE_NOOP("PrintDialog", "Hausbesuchsprotokoll"),
    "blank": QT_TRANSLATE_NOOP("PrintDialog", "Leeres Formular zum Ausfüllen von Hand"),
}

#: Renders one document to PDF bytes (runs on the worker): kind, large print, on the
#: town's own PDF.
Renderer = Callable[[str, bool, bool], bytes]


@dataclass(frozen=True, slots=True)
class PrintChoice:
    """What the user chose in the dialog.

    Attributes:
        printer: the queue name.
        options: copies, duplex, grayscale.
        kinds: the documents to print, in printing order.
        large_print: bigger type.
        originals: those of `kinds` printed on the town's own PDF.
    """

    printer: str
    options: PrintOptions
    kinds: tuple[str, ...]
    large_print: bool
    originals: tuple[str, ...] = ()


class PagePreview(QListWidget):
    """The preview's pages, each small enough to be seen whole in the list's height.

    A page is at most `PREVIEW_WIDTH` wide; in a lower list (large text on a small
    screen) it shrinks, so that a page with its caption is never cut at the bottom.
    """

    #: Smallest page height: below it a page is no help; the list scrolls instead.
    MIN_PAGE_HEIGHT = 160

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fit()

    def _fit(self) -> None:
        caption = self.fontMetrics().lineSpacing() * 2  # "Seite 1 von 4" may wrap
        room = self.viewport().height() - caption - 4 * self.spacing() - 8
        full = round(PREVIEW_WIDTH * 297 / 210)
        height = max(self.MIN_PAGE_HEIGHT, min(full, room))
        size = QSize(round(height * 210 / 297), height)
        if size != self.iconSize():
            self.setIconSize(size)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A lower or higher list: the pages follow its height."""
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        """Larger text: the caption takes more of the height."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()


def preview_pages(pdf: bytes, width: int = PREVIEW_WIDTH) -> list[QImage]:
    """The pages of `pdf` as images (worker thread); [] when QtPdf is missing."""
    try:
        from koffer.ui.qt_print_backend import render_pages
    except ImportError:  # QtPdf is an optional Qt module
        return []
    return render_pages(pdf, width)


class PrintDialog(Dialog):
    """Choose the copies and the printer, see the pages, print.

    Args:
        title: what is printed (the form's title).
        kinds: the documents offered (e.g. citizen and office copy).
        render: makes a document's PDF (kind, large print) on the worker.
        printers: lists the printers and the one to preselect (on the worker).
        intro: a sentence above the choices (e.g. after finishing an application).
        reference: the reference number printed on the receipt, if any.
        provisional: the reference is the laptop's provisional one.
        preselected: the kinds ticked at first (all when None).
        original_kinds: the kinds that may go on the town's own PDF (the plan's); the
            choice is offered, ticked, only when there are any.
    """

    CHARS = 0  # its own size (the preview needs room), kept inside the screen
    print_requested = Signal(object)  # PrintChoice
    retry_requested = Signal()  # "Erneut drucken": a job of this dialog is not printed yet
    queue_requested = Signal()  # "Warteschlange ansehen"

    def __init__(
        self,
        title: str,
        kinds: Sequence[str],
        render: Renderer,
        printers: Callable[[], tuple[list[PrinterInfo], str | None]],
        *,
        intro: str = "",
        reference: str = "",
        provisional: bool = False,
        preselected: Sequence[str] | None = None,
        original_kinds: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Drucken"))
        self.setModal(True)
        self.resize(1040, 720)
        self._render = render
        self._load_printers = printers
        self._pdfs: dict[tuple[str, bool, bool], bytes] = {}
        self._preview_key: tuple[str, bool, bool] | None = None
        self._original_kinds = tuple(original_kinds)
        self._printing = False

        outer = QVBoxLayout(self)
        outer.setSpacing(12)
        outer.addWidget(heading(self.tr("Drucken: {title}").format(title=title), self, level=2))
        self.intro = paragraph(intro, self)
        self.intro.setVisible(bool(intro))
        outer.addWidget(self.intro)
        body = QHBoxLayout()
        body.setSpacing(20)
        outer.addLayout(body, 1)

        # The choices scroll on their own, so the dialog fits a 768-pixel screen at 200 %.
        choices = QWidget()
        left = QVBoxLayout(choices)
        left.setContentsMargins(0, 0, 8, 0)
        left.setSpacing(10)
        self._choices_area = scroll_page(choices, self)
        body.addWidget(self._choices_area, 2)
        left.addWidget(paragraph(self.tr("Was soll gedruckt werden?"), choices))
        self.kind_boxes: dict[str, QCheckBox] = {}
        for kind in kinds:
            line = CheckLine(self.kind_label(kind), choices)
            box = line.box
            box.setChecked(preselected is None or kind in preselected)
            box.toggled.connect(lambda _on: self._choices_changed())
            self.kind_boxes[kind] = box
            left.addWidget(line)
            if len(kinds) == 1:
                box.setChecked(True)
                box.setEnabled(False)
        self.reference = paragraph("", choices, "help")
        if reference:
            text = self.tr("Vorgangsnummer: {ref}").format(ref=reference)
            if provisional:
                text += "\n" + self.tr(
                    "Die Nummer ist vorläufig. Die endgültige Nummer vergibt das Rathaus, "
                    "sobald der Antrag übertragen ist."
                )
            self.reference.setText(text)
        self.reference.setVisible(bool(reference))
        left.addWidget(self.reference)
        self.on_original = QCheckBox(self.tr("Auf dem &Formular der Stadt drucken"), self)
        self.on_original.setAccessibleName(self.tr("Auf dem Formular der Stadt drucken"))
        original_help = self.tr(
            "Zuerst die Seiten des Formulars der Stadt, ausgefüllt; danach Koffers eigene "
            "Seiten mit allen Angaben."
        )
        self.on_original.setAccessibleDescription(original_help)
        self.on_original.setChecked(True)
        self.on_original.toggled.connect(lambda _on: self._choices_changed())
        self.original_help = paragraph(original_help, self, "help")
        for widget in (self.on_original, self.original_help):
            widget.setVisible(bool(self._original_kinds))
            left.addWidget(widget)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.printer = QComboBox(choices)
        self.printer.setAccessibleName(self.tr("Drucker"))
        self.printer.setAccessibleDescription(
            self.tr("Der gewählte Drucker wird für das nächste Mal gemerkt.")
        )
        form.addRow(self.tr("&Drucker:"), self.printer)
        self.copies = QSpinBox(choices)
        self.copies.setRange(1, MAX_COPIES)
        self.copies.setAccessibleName(self.tr("Anzahl der Exemplare"))
        form.addRow(self.tr("&Exemplare:"), self.copies)
        left.addLayout(form)
        self.duplex = QCheckBox(self.tr("&Beidseitig drucken"), choices)
        self.duplex.setAccessibleName(self.tr("Beidseitig drucken"))
        self.grayscale = QCheckBox(self.tr("&Schwarzweiß (spart Farbe)"), choices)
        self.grayscale.setAccessibleName(self.tr("Schwarzweiß drucken"))
        self.grayscale.setChecked(True)
        self.large_print = QCheckBox(self.tr("&Großdruck"), choices)
        self.large_print.setAccessibleName(self.tr("Großdruck"))
        self.large_print.toggled.connect(lambda _on: self._choices_changed())
        for box in (self.duplex, self.grayscale, self.large_print):
            left.addWidget(box)
        left.addStretch(1)
        self.state = paragraph("", choices)
        self.state.setAccessibleName(self.tr("Stand des Druckauftrags"))
        left.addWidget(self.state)
        self.progress = QProgressBar(choices)
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Druckt"))
        self.progress.hide()
        left.addWidget(self.progress)
        pending = QHBoxLayout()
        self.retry_button = button(self.tr("Erneut drucken"), choices)
        self.retry_button.setAccessibleDescription(
            self.tr("Versucht jetzt noch einmal, den Ausdruck zu drucken.")
        )
        self.queue_view_button = button(self.tr("Warteschlange ansehen"), choices)
        self.queue_view_button.setAccessibleDescription(
            self.tr("Zeigt alle Ausdrucke, die noch nicht fertig sind.")
        )
        pending.addWidget(self.retry_button)
        pending.addWidget(self.queue_view_button)
        pending.addStretch(1)
        left.addLayout(pending)
        self.retry_button.clicked.connect(self.retry_requested.emit)
        self.queue_view_button.clicked.connect(self.queue_requested.emit)
        self._show_pending_actions(False)

        right = QVBoxLayout()
        body.addLayout(right, 3)
        self.preview_label = paragraph(self.tr("Vorschau"), self)
        right.addWidget(self.preview_label)
        self.preview = PagePreview(self)
        self.preview.setViewMode(QListWidget.ViewMode.IconMode)
        self.preview.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.preview.setMovement(QListWidget.Movement.Static)
        self.preview.setSpacing(8)
        self.preview.setWordWrap(True)
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview.setAccessibleName(self.tr("Druckvorschau"))
        self.preview.setAccessibleDescription(
            self.tr("Die Seiten genau so, wie sie gedruckt werden.")
        )
        self.preview_label.setBuddy(self.preview)
        right.addWidget(self.preview, 1)

        actions = QHBoxLayout()
        self.close_button = button(self.tr("Abbrechen"), self)
        self.print_button = primary_button(self.tr("Drucken"), self)
        self.print_button.setDefault(True)
        actions.addWidget(self.close_button)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        outer.addLayout(actions)
        self.close_button.clicked.connect(self.reject)
        self.print_button.clicked.connect(self._print)
        self.print_button.setEnabled(False)
        self._choices_changed()
        self._refresh_printers()

    def kind_label(self, kind: str) -> str:
        """The translated name of a document kind."""
        return self.tr(str(KIND_LABELS.get(kind, kind)))

    # ------------------------------------------------------------------ printers
    def _refresh_printers(self) -> None:
        self.state.setText(self.tr("Drucker werden gesucht …"))
        run_in_background(
            self._load_printers, self._printers_loaded, self._printers_failed, Lane.CPU
        )

    def _printers_loaded(self, result: tuple[list[PrinterInfo], str | None]) -> None:
        printers, default = result
        self.set_printers(printers, default)

    def set_printers(self, printers: list[PrinterInfo], default: str | None) -> None:
        """Fill the printer list; `default` is preselected."""
        self.printer.clear()
        for info in printers:
            label = info.description or info.name
            if info.location:
                label += f" ({info.location})"
            self.printer.addItem(label, info.name)
        if default is not None:
            index = self.printer.findData(default)
            if index >= 0:
                self.printer.setCurrentIndex(index)
        if printers:
            self.state.setText("")
        else:
            self.state.setText(
                self.tr(
                    "Kein Drucker eingerichtet. Bitte den mobilen Drucker einschalten und "
                    "im System einrichten."
                )
            )
        self._update_buttons()

    def _printers_failed(self, exc: BaseException) -> None:
        message = getattr(exc, "message", "")
        self.state.setText(
            message
            if isinstance(message, str) and message
            else self.tr("Drucksystem nicht erreichbar.")
        )
        self._update_buttons()

    # ------------------------------------------------------------------ choices
    def chosen_kinds(self) -> tuple[str, ...]:
        """The ticked documents, in offered order."""
        return tuple(kind for kind, box in self.kind_boxes.items() if box.isChecked())

    def choice(self) -> PrintChoice:
        """What the dialog would print now."""
        return PrintChoice(
            printer=str(self.printer.currentData() or ""),
            options=PrintOptions(
                copies=self.copies.value(),
                duplex="two-sided-long-edge" if self.duplex.isChecked() else "one-sided",
                grayscale=self.grayscale.isChecked(),
            ),
            kinds=self.chosen_kinds(),
            large_print=self.large_print.isChecked(),
            originals=tuple(k for k in self.chosen_kinds() if self.goes_on_original(k)),
        )

    def goes_on_original(self, kind: str) -> bool:
        """Whether `kind` is printed on the town's own PDF as the dialog stands."""
        return kind in self._original_kinds and self.on_original.isChecked()

    def pdf(self, kind: str, large_print: bool, on_original: bool = False) -> bytes | None:
        """The rendered PDF of `kind`, when the preview made it already."""
        return self._pdfs.get((kind, large_print, on_original))

    def _update_buttons(self) -> None:
        self.print_button.setEnabled(
            not self._printing and bool(self.chosen_kinds()) and self.printer.count() > 0
        )

    def _choices_changed(self) -> None:
        self._update_buttons()
        kinds = self.chosen_kinds()
        if not kinds:
            return
        key = (kinds[0], self.large_print.isChecked(), self.goes_on_original(kinds[0]))
        if key == self._preview_key:
            return
        self._preview_key = key
        self.preview.clear()
        self.preview_label.setText(self.tr("Vorschau: {kind}").format(kind=self.kind_label(key[0])))
        waiting = QListWidgetItem(self.tr("Vorschau wird erstellt …"))
        self.preview.addItem(waiting)
        cached = self._pdfs.get(key)
        render = self._render

        def job() -> tuple[bytes, list[QImage]]:
            pdf = cached if cached is not None else render(*key)
            return pdf, preview_pages(pdf)

        run_in_background(
            job, lambda r: self._show_preview(key, *r), self._preview_failed, Lane.CPU
        )

    def _show_preview(self, key: tuple[str, bool, bool], pdf: bytes, pages: list[QImage]) -> None:
        self._pdfs[key] = pdf
        if key != self._preview_key:
            return
        self.preview.clear()
        if not pages:  # no QtPdf: at least say what will come out
            self.preview.addItem(QListWidgetItem(self.tr("Vorschau nicht verfügbar")))
            return
        total = len(pages)
        for number, image in enumerate(pages, start=1):
            text = self.tr("Seite {n} von {total}").format(n=number, total=total)
            item = QListWidgetItem(QIcon(QPixmap.fromImage(image)), text)
            item.setToolTip(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.preview.addItem(item)

    def _preview_failed(self, exc: BaseException) -> None:
        log.warning("preview failed: %s", type(exc).__name__)
        self._preview_key = None
        self.preview.clear()
        self.preview.addItem(QListWidgetItem(self.tr("Die Vorschau konnte nicht erstellt werden.")))
        message = getattr(exc, "message", "")
        if isinstance(message, str) and message:  # e.g. the town's PDF cannot be filled
            self.show_state(message)

    # ------------------------------------------------------------------ printing
    def _print(self) -> None:
        choice = self.choice()
        if not choice.kinds or not choice.printer:
            return
        self.set_printing(True)
        self.show_state(self.tr("Der Auftrag wird vorbereitet …"))
        self.print_requested.emit(choice)

    def set_printing(self, printing: bool) -> None:
        """Show progress while the controller prints; the dialog stays usable."""
        self._printing = printing
        self.progress.setVisible(printing)
        self.close_button.setText(self.tr("Schließen") if printing else self.tr("Abbrechen"))
        self._update_buttons()

    def show_state(self, text: str) -> None:
        """One line about the job, in plain German."""
        self.state.setText(text)

    def _show_pending_actions(self, pending: bool) -> None:
        self.retry_button.setVisible(pending)
        self.queue_view_button.setVisible(pending)
        # a job that is not printed yet is said in large type, on the warning colour
        self.state.setProperty("role", "notice" if pending else "")
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
        # The dialog's layout keeps the width hint it read first; the column now needs
        # more (the two buttons, the large type), or it is cut off at the right.
        self._choices_area.updateGeometry()

    def printing_done(self, text: str, *, pending: bool = False) -> None:
        """The job ended (printed, handed over or queued): say so, offer closing.

        `pending`: a job is not printed yet (it waits in the offline queue): the text
        is shown large, with "Erneut drucken" and "Warteschlange ansehen".
        """
        self.set_printing(False)
        self.show_state(text)
        self._show_pending_actions(pending)
        self.close_button.setText(self.tr("Schließen"))
        (self.retry_button if pending else self.close_button).setFocus()
