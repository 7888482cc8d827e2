"""'Kollegin zuschalten' in the field worker's window: start, run and end a session.

On "Kollegin zuschalten" of an open form: the start dialog (consent, attachments), then
on the worker pool the shared attachments are read (store lane) and the session opened
at the town hall (network); the panel docks beside the form. The editor's changes are
shared a moment after they happen (coalesced, never from inside the editor's callback),
the link's events are pumped on the UI thread, accepted proposals go through the
editor (`koffer.assist.draft_port`). Closing the form — "Fertig für heute", lock, idle
lock, finalising — ends the session first.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow

from koffer.assist import owner as ow
from koffer.assist.connect import laptop_town_hall, open_as_owner
from koffer.assist.draft_port import EditorDraft
from koffer.assist.events import Ended, Notice
from koffer.assist.owner import OwnerSession
from koffer.assist.shared import SharedFile
from koffer.ui.assist.owner_panel import OwnerPanel, masked_now
from koffer.ui.assist.pointing import point_at
from koffer.ui.assist.pump import SessionPump
from koffer.ui.assist.start_dialog import StartDialog
from koffer.ui.worker import Lane, on_store_lane, run_in_background
from sync.client.errors import SyncError

if TYPE_CHECKING:
    from koffer.ui.form.screen import FormScreen
    from koffer.ui.session import Session
    from koffer.ui.window.draft_flow import DraftFlow

#: Changes typed within this many milliseconds go out as one update.
PUBLISH_DELAY_MS = 30

MSG_NOT_ENROLLED = (
    "Dieser Laptop ist noch nicht mit dem Rathaus verbunden. Eine Kollegin kann erst "
    "zugeschaltet werden, wenn die Verbindung eingerichtet ist."
)


class StoreAudit:
    """The audit log written on the store lane, in order with everything else."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def audit(self, action: str, draft_id: str | None = None, detail: str = "") -> object:
        """Queue the entry (device.db is written on the store lane only)."""
        device = self._session.device
        if device is not None:
            run_in_background(lambda: device.audit(action, draft_id, detail), lane=Lane.STORE)
        return None


class AssistFlow(QObject):
    """The worker's side of remote expert sessions in the main window."""

    def __init__(self, session: Session, drafts: DraftFlow, window: QMainWindow) -> None:
        super().__init__(window)
        self.app_session = session
        self.window = window
        self.drafts = drafts
        self.session: OwnerSession | None = None
        self.form: FormScreen | None = None
        self.panel: OwnerPanel | None = None
        self.dock: QDockWidget | None = None
        self.pump = SessionPump(self._on_events, self)
        self._unsubscribe: Any = None
        self._publish = QTimer(self)
        self._publish.setSingleShot(True)
        self._publish.setInterval(PUBLISH_DELAY_MS)
        self._publish.timeout.connect(self._share)
        drafts.leaving.connect(lambda: self.end("closed"))

    # ------------------------------------------------------------------ start
    def start(self, form: FormScreen) -> None:
        """Ask for consent and attachments, then open the session."""
        if self.session is not None or form.editor.read_only:
            return
        dialog = StartDialog(dict(form.editor.files), self.window)
        if dialog.exec() != StartDialog.DialogCode.Accepted:
            return
        self.begin(form, dialog.shared)

    def begin(self, form: FormScreen, shared: list[str]) -> None:
        """Open the session for `form` (consent given), sharing the attachments `shared`."""
        workspace = self.app_session.workspace
        device = self.app_session.device
        if workspace is None or device is None:
            return
        from koffer.townhall.store_port import KofferSyncStore

        app_session = self.app_session
        store = KofferSyncStore(
            app_session.profile, device, lambda: app_session.workspace, lane=on_store_lane
        )
        form.assist_button.setEnabled(False)
        draft_id = form.draft_id

        def work() -> Any:
            infos = {a.id: a for a in on_store_lane(lambda: workspace.list_attachments(draft_id))}
            files = on_store_lane(lambda: {i: workspace.attachment_data(i) for i in shared})
            town_hall, device_id = laptop_town_hall(store, store)
            endpoint, opened = open_as_owner(town_hall, device_id, wake=self.pump.wake)
            return endpoint, opened, infos, files

        def done(result: Any) -> None:
            endpoint, opened, infos, files = result
            form.assist_button.setEnabled(True)
            if self.drafts.form is not form:  # the form closed meanwhile
                endpoint.end("", reason="closed")
                return
            shared_files = {
                i: SharedFile(i, infos[i].filename, infos[i].media_type, infos[i].size,
                              infos[i].field_id)
                for i in files
                if i in infos
            }  # fmt: skip
            draft = EditorDraft(form.editor, files, on_applied=form.show_changed)
            self.session = OwnerSession(
                endpoint,
                draft,
                StoreAudit(app_session),
                join_code=opened.join_code,
                consented=True,
                shared_files=shared_files,
                conference_url=opened.conference_url,
            )
            self.form = form
            form.assist_button.setEnabled(False)  # one session at a time
            self.pump.session = self.session
            self._unsubscribe = form.editor.subscribe(lambda _edited: self._publish.start())
            self._show_panel()
            self.pump.pump_now()

        def failed(exc: BaseException) -> None:
            form.assist_button.setEnabled(True)
            message = exc.user_message if isinstance(exc, SyncError) else None
            if exc.__class__.__name__ == "NotEnrolled":
                message = MSG_NOT_ENROLLED
            show = getattr(self.window, "show_alert", None)
            if show is not None:
                show(message or "Die Kollegin konnte nicht zugeschaltet werden.")

        run_in_background(work, done, failed, lane=Lane.CPU)

    # ------------------------------------------------------------------ running
    def _show_panel(self) -> None:
        assert self.session is not None
        panel = OwnerPanel(self.session, self.window)
        panel.accept_requested.connect(lambda pid: self._intent(lambda s: s.accept(pid)))
        panel.reject_requested.connect(lambda pid: self._intent(lambda s: s.reject(pid)))
        panel.unmask_requested.connect(lambda path: self._intent(lambda s: s.unmask(path)))
        panel.verification.confirmed.connect(lambda: self._intent(lambda s: s.confirm_code()))
        panel.verification.rejected.connect(lambda: self._intent(lambda s: s.reject_code()))
        panel.comments.send.connect(lambda text: self._intent(lambda s: s.comment(text)))
        panel.end_requested.connect(lambda: self.end("worker"))
        dock = QDockWidget(self.tr("Kollegin zugeschaltet"), self.window)
        dock.setObjectName("assist_dock")
        dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        dock.setWidget(panel)
        panel.setMinimumWidth(360)
        self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.panel, self.dock = panel, dock
        self._refresh()
        panel.join_code.setFocus()

    def _intent(self, action: Any) -> None:
        if self.session is not None:
            self._on_events(action(self.session))

    def _share(self) -> None:
        if self.session is not None:
            self.session.draft_changed()

    def _on_events(self, events: list[Any]) -> None:
        for event in events:
            if isinstance(event, Ended):
                self._closed(event.message)
                return
            if isinstance(event, ow.Pointed) and self.form is not None and self.panel:
                text = self.tr("Die Expertin zeigt auf: {label}").format(label=event.label)
                point_at(self.form, event.path, text)
                self.panel.show_pointed(event.label)
            elif isinstance(event, Notice) and self.panel is not None:
                self.panel.say(event.message)
        self._refresh()

    def _refresh(self) -> None:
        if self.session is not None and self.panel is not None:
            self.panel.show_state(masked_now(self.session))

    # ------------------------------------------------------------------ ending
    def end(self, why: str = "worker") -> None:
        """End the session (one click, or the form closes, locks, is finalised)."""
        session = self.session
        if session is None:
            return
        self._publish.stop()
        session.end(why)
        self._closed("")

    def _closed(self, message: str) -> None:
        self.session = None
        self.pump.session = None
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.dock is not None:
            self.window.removeDockWidget(self.dock)
            self.dock.deleteLater()
        self.dock = self.panel = None
        form, self.form = self.form, None
        if form is not None:
            with contextlib.suppress(RuntimeError):  # the form may be gone already
                form.assist_button.setEnabled(True)
        if message and form is not None:
            show = getattr(self.window, "show_alert", None)
            if show is not None:
                show(message, error=False)
