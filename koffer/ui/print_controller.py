"""Printing in the app: opens the print dialog and the queue view, prints on the worker.

What a draft's printout may be and claim (draft marker or receipt, which reference,
whether and which copies go on the town's own PDF and with which marker) is the
application layer's (`koffer.drafting.claims.print_plan`); this controller shows the
offered documents and hands the chosen ones to `koffer.printouts`. Rendering, CUPS
(or Qt's print system) and waiting on the printer run on the worker's CPU lane, every
store call on its store lane; nothing on the UI thread. The offline queue is retried
every minute and whenever the window becomes active again (the printer may have been
switched on meanwhile).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from koffer.ui.print_dialog import PrintChoice, PrintDialog
from koffer.ui.print_queue_view import PrintQueueView
from koffer.ui.worker import Lane, on_store_lane, run_in_background

if TYPE_CHECKING:
    from forms.model import Template
    from koffer.drafting.claims import PrintPlan
    from koffer.printouts.service import PrintResult, PrintService
    from koffer.ui.session import Session
    from printing.backend import PrinterBackend
    from printing.content import Letterhead, PrintJobContent

log = logging.getLogger(__name__)

#: How often the offline queue is retried while the app is unlocked.
RETRY_INTERVAL_MS = 60_000


def default_backend() -> PrinterBackend:
    """The print system `printing.backend.choose_backend` picks: CUPS where pycups is
    there, else (Windows, slim installs, `KOFFER_PRINT_BACKEND=qt`) Qt's print support.

    Raises:
        PrintError: `KOFFER_PRINT_BACKEND` names no usable print system.
    """
    from koffer.ui.qt_print_backend import QtPrintBackend
    from printing.backend import choose_backend

    backend = choose_backend(qt_backend=QtPrintBackend)
    return backend if backend is not None else QtPrintBackend()


class _Relay(QObject):
    """Carries job updates from the worker thread to the UI thread (queued signal)."""

    text = Signal(str)


class PrintController(QObject):
    """Print dialogs, the queue view, queue retries and the status-bar line.

    Args:
        session: the open profile (stores and catalog).
        parent: the main window (dialogs are its children).
        backend: the print system; chosen on first use when None.
    """

    alert = Signal(str)  # a calm message for the window's banner
    queue_count = Signal(int)

    def __init__(
        self, session: Session, parent: QWidget, backend: PrinterBackend | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.window = parent
        self._backend = backend
        self._service: PrintService | None = None
        self._service_store: Any = None
        self._retrying = False
        self._service_lock = threading.Lock()  # service() runs on worker threads
        self.dialog: PrintDialog | None = None
        self._pending: list[str] = []  # queue ids of the open dialog's unprinted jobs
        self.queue_view: PrintQueueView | None = None
        self.status_label = QLabel("", parent)
        self.status_label.setAccessibleName(self.tr("Drucken"))
        self.queue_button = QPushButton(self.tr("Druckwarteschlange"), parent)
        self.queue_button.setAccessibleName(self.tr("Druckwarteschlange öffnen"))
        self.queue_button.setFlat(True)
        self.queue_button.clicked.connect(self.show_queue)
        self.queue_button.hide()
        self._relay = _Relay(self)
        self._relay.text.connect(self._job_update, Qt.ConnectionType.QueuedConnection)
        self.timer = QTimer(self)
        self.timer.setInterval(RETRY_INTERVAL_MS)
        self.timer.timeout.connect(self.retry_queue)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._app_state_changed)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Unlocked: retry the queue now and every minute."""
        self.timer.start()
        self.retry_queue()

    def stop(self) -> None:
        """Locked: stop retrying and forget everything shown."""
        self.timer.stop()
        self._service = None
        self._service_store = None
        self.status_label.clear()
        self.status_label.setToolTip("")
        self.status_label.setAccessibleDescription("")
        self.queue_button.hide()
        for widget in (self.dialog, self.queue_view):
            if widget is not None:
                widget.reject()
                widget.deleteLater()  # it showed a draft's printout or the queue
        self.dialog = self.queue_view = None

    def use_backend(self, backend: PrinterBackend) -> None:
        """Print through `backend` from now on (tests, a printer chosen in settings)."""
        self._backend = backend
        self._service = None
        self._service_store = None

    def _app_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive and self.timer.isActive():
            self.retry_queue()

    def service(self) -> PrintService | None:
        """The print service over the open stores (None while locked). Worker only."""
        drafts = self.session.drafts
        if drafts is None:
            return None
        with self._service_lock:
            return self._service_for(drafts)

    def _service_for(self, drafts: Any) -> PrintService:
        if self._service is None or self._service_store is not drafts:
            from koffer.printouts.queue_store import StorePrintQueue
            from koffer.printouts.service import PrintService
            from koffer.printouts.settings import DevicePrinterSettings

            if self._backend is None:
                self._backend = default_backend()
            device = self.session.device
            settings = (
                DevicePrinterSettings(device, lane=on_store_lane) if device is not None else None
            )
            self._service = PrintService(
                self._backend,
                StorePrintQueue(drafts, lane=on_store_lane),
                settings,
            )
            self._service_store = drafts
        return self._service

    # ------------------------------------------------------------------ status
    def _show_status(self, text: str) -> None:
        """The bottom bar says the first sentence ("Drucker nicht bereit."); the whole
        message is in the print dialog, the tooltip and for a screen reader: at 200 % the
        whole text took three lines of the bar and left the list no room (issue 12)."""
        first, _dot, rest = text.partition(". ")
        self.status_label.setText(first + "." if rest else text)
        self.status_label.setToolTip(text)
        self.status_label.setAccessibleDescription(text)

    def _job_update(self, text: str) -> None:
        self._show_status(text)
        if self.dialog is not None:
            self.dialog.show_state(text)

    def _set_count(self, count: int) -> None:
        self.queue_button.setText(self.tr("Druckwarteschlange ({n})").format(n=count))
        self.queue_button.setVisible(count > 0)
        self.queue_count.emit(count)

    # ------------------------------------------------------------------ what to print
    def print_blank(self, template: Template) -> None:
        """A blank form from the catalog (optionally in large print)."""
        device = self.session.device

        def job() -> tuple[Letterhead, bytes | None, tuple[str, ...]]:
            from koffer.drafting.claims import PrintKind, original_kinds
            from koffer.printouts.settings import load_letterhead
            from koffer.townhall.catalog_files import source_pdf

            kinds = original_kinds((PrintKind.BLANK,), device, template)
            original = source_pdf(device, template) if kinds else None
            return load_letterhead(device), original, kinds if original is not None else ()

        def done(result: tuple[Letterhead, bytes | None, tuple[str, ...]]) -> None:
            from koffer.printouts.content import render_document

            letterhead, original, originals = result

            def render(kind: str, large: bool, on_original: bool) -> bytes:
                return render_document(
                    "blank",
                    template,
                    None,
                    letterhead=letterhead,
                    large_print=large,
                    original=original if on_original else None,
                )

            self._open_dialog(template, ("blank",), render, draft_id=None, original_kinds=originals)

        run_in_background(job, done, self._failed, Lane.STORE)

    def print_draft(
        self,
        draft_id: str,
        *,
        preselected: Sequence[str] | None = None,
        intro: str = "",
    ) -> None:
        """Print a draft: what may be printed of it now (its plan), with a preview."""
        workspace = self.session.workspace
        if workspace is None:
            return

        def job() -> tuple[Template, PrintPlan, PrintJobContent, Letterhead, bytes | None]:
            from koffer.printouts.content import PrintFacts
            from koffer.printouts.settings import load_letterhead, print_place
            from koffer.townhall.catalog_files import source_pdf

            device = workspace.device
            letterhead = load_letterhead(device)
            facts = PrintFacts(
                staff_name=workspace.staff_name,
                letterhead=letterhead,
                place=print_place(device, letterhead),
                now=dt.datetime.now(dt.UTC).astimezone(),
            )
            printout = workspace.printout(draft_id, facts)
            plan, content = printout.plan, printout.content
            template = content.template
            original = source_pdf(device, template) if plan.on_original else None
            return template, plan, content, letterhead, original

        def done(
            result: tuple[Template, PrintPlan, PrintJobContent, Letterhead, bytes | None],
        ) -> None:
            from koffer.drafting import wording

            template, plan, content, letterhead, original = result
            chosen = [k for k in (preselected or plan.preselected) if k in plan.kinds]
            note = intro
            if plan.draft:
                note = "\n\n".join(
                    part
                    for part in (
                        intro,
                        QApplication.translate(wording.CONTEXT, wording.DRAFT_PRINT_NOTE),
                    )
                    if part
                )

            def render(kind: str, large: bool, on_original: bool) -> bytes:
                from koffer.printouts.content import render_document

                return render_document(
                    kind,
                    template,
                    content,
                    letterhead=letterhead,
                    large_print=large,
                    original=original if on_original else None,
                    marker=plan.marker,
                )

            self._open_dialog(
                template,
                plan.kinds,
                render,
                draft_id=draft_id,
                reference=plan.reference,
                provisional=plan.provisional,
                preselected=chosen or plan.preselected,
                intro=note,
                original_kinds=plan.original_kinds if original is not None else (),
            )

        run_in_background(job, done, self._failed, Lane.STORE)

    # ------------------------------------------------------------------ dialog
    def _open_dialog(
        self,
        template: Template,
        kinds: Sequence[str],
        render: Any,
        *,
        draft_id: str | None,
        reference: str = "",
        provisional: bool = False,
        preselected: Sequence[str] | None = None,
        intro: str = "",
        original_kinds: Sequence[str] = (),
    ) -> None:
        if self.dialog is not None:
            self.dialog.reject()

        def printers() -> Any:
            service = self.service()
            if service is None:
                raise RuntimeError("locked")
            return service.printers()

        dialog = PrintDialog(
            template.title,
            kinds,
            render,
            printers,
            intro=intro,
            reference=reference,
            provisional=provisional,
            preselected=preselected,
            original_kinds=original_kinds,
            parent=self.window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.print_requested.connect(
            lambda choice: self._print(
                choice,
                dialog=dialog,
                template=template,
                render=render,
                draft_id=draft_id,
                reference=reference,
            )
        )
        dialog.retry_requested.connect(lambda: self._retry_from_dialog(dialog))
        dialog.queue_requested.connect(lambda: self._queue_from_dialog(dialog))
        dialog.finished.connect(lambda _r: self._dialog_closed(dialog))
        self.dialog = dialog
        self._pending = []
        dialog.open()

    def _dialog_closed(self, dialog: PrintDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _print(
        self,
        choice: PrintChoice,
        *,
        dialog: PrintDialog,
        template: Template,
        render: Any,
        draft_id: str | None,
        reference: str,
    ) -> None:
        service = self.service()
        if service is None:
            dialog.printing_done(self.tr("Koffer ist gesperrt."))
            return
        from koffer.printouts.references import job_title
        from printing.queue import PrintRequest

        layouts = {kind: kind in choice.originals for kind in choice.kinds}
        cached = {
            kind: dialog.pdf(kind, choice.large_print, layouts[kind]) for kind in choice.kinds
        }
        relay = self._relay

        def job() -> list[PrintResult]:
            service.remember(choice.printer)
            results = []
            for kind in choice.kinds:
                pdf = cached[kind] or render(kind, choice.large_print, layouts[kind])
                request = PrintRequest(
                    pdf=pdf,
                    title=job_title(template, kind, reference),
                    printer=choice.printer,
                    options=choice.options,
                )
                results.append(
                    service.print_pdf(request, draft_id=draft_id, on_update=relay.text.emit)
                )
            return results

        def done(results: list[PrintResult]) -> None:
            queued = any(r.queued for r in results)
            text = next((r.message for r in results if r.queued or r.trouble), results[-1].message)
            self._show_status(text)
            pending = [r.item_id for r in results if r.queued and r.item_id]
            if self.dialog is dialog:
                self._pending = pending
                dialog.printing_done(text, pending=bool(pending))
            elif queued:
                self.alert.emit(text)
            self._load_count()

        def failed(exc: BaseException) -> None:
            text = self._message(exc)
            self._show_status(text)
            if self.dialog is dialog:
                dialog.printing_done(text)
            else:
                self.alert.emit(text)

        self._show_status(self.tr("Druckauftrag wird vorbereitet …"))
        run_in_background(job, done, failed, Lane.CPU)

    def _queue_from_dialog(self, dialog: PrintDialog) -> None:
        """ "Warteschlange ansehen": the print dialog makes way for the queue."""
        dialog.accept()
        self.show_queue()

    def _retry_from_dialog(self, dialog: PrintDialog) -> None:
        """Try the jobs the dialog printed last again now, then say where they stand."""
        item_ids = list(self._pending)
        dialog.set_printing(True)
        dialog.show_state(self.tr("Koffer versucht es noch einmal …"))

        def job() -> list[Any]:
            service = self.service()
            if service is None:
                return []
            for item_id in item_ids:
                service.requeue(item_id)  # a job the printer still has is left alone
            return service.retry_queue()

        def done(items: list[Any]) -> None:
            from printing.queue import item_text
            from printing.status import STATE_TEXT, JobState

            self._set_count(len(items))
            if self.queue_view is not None:
                self.queue_view.set_items(items)
            waiting = [i for i in items if i.id in item_ids]
            if self.dialog is not dialog:
                return
            if waiting:
                dialog.printing_done(item_text(waiting[0]), pending=True)
            else:
                dialog.printing_done(STATE_TEXT[JobState.COMPLETED])

        def failed(exc: BaseException) -> None:
            if self.dialog is dialog:
                dialog.printing_done(self._message(exc), pending=True)

        run_in_background(job, done, failed, Lane.CPU)

    def _message(self, exc: BaseException) -> str:
        text = getattr(exc, "message", None)
        if isinstance(text, str) and text:
            return text
        log.warning("printing failed: %s", type(exc).__name__)
        return self.tr("Drucken hat nicht geklappt. Der Antrag selbst ist sicher gespeichert.")

    def _failed(self, exc: BaseException) -> None:
        self.alert.emit(self._message(exc))

    # ------------------------------------------------------------------ queue
    def retry_queue(self) -> None:
        """Print what waits in the offline queue, on the worker (never twice at once)."""
        if self._retrying or self.session.drafts is None:
            return
        self._retrying = True

        def job() -> list[Any]:
            service = self.service()
            return service.retry_queue() if service is not None else []

        def done(items: list[Any]) -> None:
            self._retrying = False
            self._set_count(len(items))
            if self.queue_view is not None:
                self.queue_view.set_items(items)

        def failed(exc: BaseException) -> None:
            self._retrying = False
            log.info("print queue retry failed: %s", type(exc).__name__)
            if self.queue_view is not None:
                self.queue_view.set_message(self._message(exc))

        run_in_background(job, done, failed, Lane.CPU)

    def _load_count(self) -> None:
        def job() -> list[Any]:
            service = self.service()
            return service.items() if service is not None else []

        def done(items: list[Any]) -> None:
            self._set_count(len(items))
            if self.queue_view is not None:
                self.queue_view.set_items(items)

        run_in_background(job, done, lambda _e: None, Lane.CPU)

    def show_queue(self) -> None:
        """Open the queue view."""
        if self.session.drafts is None:
            return
        if self.queue_view is not None:
            self.queue_view.raise_()
            return
        view = PrintQueueView(self.window)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.retry_requested.connect(self.retry_queue)
        view.requeue_requested.connect(lambda item_id: self._queue_action("requeue", item_id))
        view.discard_requested.connect(lambda item_id: self._queue_action("discard", item_id))
        view.finished.connect(lambda _r: self._queue_view_closed(view))
        self.queue_view = view
        view.open()
        self._load_count()

    def _queue_view_closed(self, view: PrintQueueView) -> None:
        if self.queue_view is view:
            self.queue_view = None

    def _queue_action(self, action: str, item_id: str) -> None:
        def job() -> None:
            service = self.service()
            if service is None:
                return
            if action == "discard":
                service.discard(item_id)
            else:
                service.requeue(item_id)

        def done(_r: object) -> None:
            if self.queue_view is not None:
                self.queue_view.set_message(
                    self.tr("Auftrag verworfen.")
                    if action == "discard"
                    else self.tr("Der Auftrag wird erneut gedruckt.")
                )
            if action == "requeue":
                self.retry_queue()
            else:
                self._load_count()

        run_in_background(job, done, self._failed, Lane.CPU)
