"""Koffer's expert mode: set up the expert access, join a session, help with the draft.

Three pages: setting up the access (paste the invitation from the town hall's admin),
joining (the code the field worker reads out), and the session (the draft on the left,
on the right the verification code, the laptop's state, proposals, comments and how to
talk). Everything of the session lives in `ExpertSession`, in memory; when it ends the
window drops it and returns to the join page.
"""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from koffer.assist import expert_access
from koffer.assist.connect import join_as_expert
from koffer.assist.events import Ended, Notice
from koffer.assist.expert import ExpertSession
from koffer.assist.expert_access import ExpertAccess
from koffer.ui.assist.expert_view import ExpertDraftView, _value
from koffer.ui.assist.file_viewer import FileViewer, pages
from koffer.ui.assist.parts import CommentsBox, VerificationBox, VoiceBox
from koffer.ui.assist.propose_dialog import ProposeDialog
from koffer.ui.assist.pump import SessionPump
from koffer.ui.widgets import card, heading, paragraph, primary_button
from koffer.ui.worker import Lane, run_in_background
from sync.assist.endpoint import Phase
from sync.client.errors import SyncError
from sync.protocol import ProposedValue


class ExpertWindow(QMainWindow):
    """The expert's window (see the module docstring).

    Args:
        access: the enrolled access, or None (the set-up page comes first).
        folder: where a new access is kept (tests; default `expert_access.default_folder`).
    """

    def __init__(
        self,
        access: ExpertAccess | None = None,
        *,
        folder: Any = None,
        keyring: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Koffer – Experten-Zugang"))
        self.access = access
        self._folder = folder
        self._keyring = keyring
        self.session: ExpertSession | None = None
        self.pump = SessionPump(self._on_events, self)
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self._build_setup()
        self._build_join()
        self._build_session()
        self.stack.setCurrentWidget(self.join_page if access else self.setup_page)

    # ------------------------------------------------------------------ pages
    def _build_setup(self) -> None:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        frame, inner = card(page)
        inner.addWidget(heading(self.tr("Experten-Zugang einrichten"), frame))
        inner.addWidget(
            paragraph(
                self.tr(
                    "Fügen Sie die Einladung ein, die Sie von der Verwaltung des Rathauses "
                    "bekommen haben (sie beginnt mit „koffer-enroll:“)."
                ),
                frame,
            )
        )
        self.invitation = QPlainTextEdit(frame)
        self.invitation.setAccessibleName(self.tr("Einladung"))
        self.invitation.setTabChangesFocus(True)
        inner.addWidget(self.invitation)
        self.setup_problem = paragraph("", frame, role="error")
        self.setup_problem.hide()
        inner.addWidget(self.setup_problem)
        self.setup_button = primary_button(self.tr("Zugang einrichten"), frame)
        self.setup_button.clicked.connect(self._set_up)
        inner.addWidget(self.setup_button)
        layout.addWidget(frame)
        layout.addStretch(1)
        self.setup_page = page
        self.stack.addWidget(page)

    def _build_join(self) -> None:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        frame, inner = card(page)
        inner.addWidget(heading(self.tr("Einer Sitzung beitreten"), frame))
        inner.addWidget(
            paragraph(
                self.tr(
                    "Die Kollegin im Außendienst liest Ihnen am Telefon einen Zugangscode vor. "
                    "Er gilt einmal und nur wenige Minuten."
                ),
                frame,
            )
        )
        self.code = QLineEdit(frame)
        self.code.setPlaceholderText("123-456-789")
        self.code.setAccessibleName(self.tr("Zugangscode"))
        self.code.setMaxLength(20)
        self.code.returnPressed.connect(self._join)
        inner.addWidget(self.code)
        self.join_problem = paragraph("", frame, role="error")
        self.join_problem.hide()
        inner.addWidget(self.join_problem)
        self.join_button = primary_button(self.tr("Beitreten"), frame)
        self.join_button.clicked.connect(self._join)
        inner.addWidget(self.join_button)
        layout.addWidget(frame)
        layout.addStretch(1)
        self.join_page = page
        self.stack.addWidget(page)

    def _build_session(self) -> None:
        page = QSplitter(Qt.Orientation.Horizontal, self)
        self.draft_view = ExpertDraftView(page)
        self.draft_view.point_requested.connect(self._point)
        self.draft_view.propose_requested.connect(self._propose)
        side = QWidget(page)
        layout = QVBoxLayout(side)
        self.status = paragraph("", side, role="notice")
        self.status.setAccessibleName(self.tr("Verbindung"))
        layout.addWidget(self.status)
        self.verification = VerificationBox(side)
        self.verification.confirmed.connect(self._confirm)
        self.verification.rejected.connect(self._reject)
        layout.addWidget(self.verification)
        layout.addWidget(heading(self.tr("Ihre Vorschläge"), side, level=2))
        self.proposals = QListWidget(side)
        self.proposals.setAccessibleName(self.tr("Ihre Vorschläge"))
        self.proposals.setWordWrap(True)
        layout.addWidget(self.proposals)
        layout.addWidget(heading(self.tr("Freigegebene Anlagen"), side, level=2))
        self.files = QListWidget(side)
        self.files.setAccessibleName(self.tr("Freigegebene Anlagen"))
        self.files.setMaximumHeight(90)
        self.files.itemActivated.connect(self._open_file)
        layout.addWidget(self.files)
        self.notice = paragraph("", side, role="warning")
        self.notice.hide()
        layout.addWidget(self.notice)
        self.comments = CommentsBox(side)
        self.comments.send.connect(self._comment)
        layout.addWidget(self.comments, 1)
        self.voice_holder = QVBoxLayout()
        layout.addLayout(self.voice_holder)
        self.leave_button = primary_button(self.tr("Sitzung verlassen"), side)
        self.leave_button.clicked.connect(self.leave)
        layout.addWidget(self.leave_button)
        page.addWidget(self.draft_view)
        page.addWidget(side)
        page.setStretchFactor(0, 3)
        page.setStretchFactor(1, 1)
        page.setChildrenCollapsible(False)
        side.setMaximumWidth(520)
        self.session_page = page
        self.stack.addWidget(page)

    # ------------------------------------------------------------------ intents
    def _set_up(self) -> None:
        text = self.invitation.toPlainText()
        self.setup_button.setEnabled(False)

        def done(access: ExpertAccess) -> None:
            self.setup_button.setEnabled(True)
            self.access = access
            self.invitation.clear()
            self.stack.setCurrentWidget(self.join_page)

        def failed(exc: BaseException) -> None:
            self.setup_button.setEnabled(True)
            self._say(self.setup_problem, _message(exc))

        run_in_background(
            lambda: expert_access.enroll(text, folder=self._folder, keyring=self._keyring),
            done,
            failed,
            lane=Lane.CPU,
        )

    def _join(self) -> None:
        if self.access is None or self.session is not None:
            return
        code = self.code.text()
        self.join_button.setEnabled(False)
        self.join_problem.hide()
        access = self.access

        def work() -> Any:
            return join_as_expert(access.town_hall(), code, wake=self.pump.wake)

        def done(result: Any) -> None:
            endpoint, joined = result
            self.join_button.setEnabled(True)
            self.code.clear()
            self.session = ExpertSession(
                endpoint, laptop_name=joined.device_name, conference_url=joined.conference_url
            )
            self.pump.session = self.session
            self._show_voice(joined.conference_url)
            self.comments.show_comments([])
            self.proposals.clear()
            self.notice.hide()
            self.stack.setCurrentWidget(self.session_page)
            self._refresh()
            self.pump.pump_now()

        def failed(exc: BaseException) -> None:
            self.join_button.setEnabled(True)
            self._say(self.join_problem, _message(exc))

        run_in_background(work, done, failed, lane=Lane.CPU)

    def _confirm(self) -> None:
        if self.session is not None:
            self._on_events(self.session.confirm_code())

    def _reject(self) -> None:
        if self.session is not None:
            self._on_events(self.session.reject_code())

    def _point(self, path: str) -> None:
        if self.session is not None:
            self.session.point(path)
            self.draft_view.highlight(path)

    def _propose(self, path: str) -> None:
        session = self.session
        template = session.template if session else None
        target = template.field_at(path) if template else None
        if session is None or target is None:
            return
        dialog = ProposeDialog(target, _value(session.answers, path), self)
        if dialog.exec() != ProposeDialog.DialogCode.Accepted:
            return
        value = dialog.value
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            return  # a single field's editor never gives rows
        session.propose(path, cast("ProposedValue", value), dialog.reason_text)
        self._refresh()

    def propose_value(self, path: str, value: Any, reason: str) -> str | None:
        """Propose without the dialog (keyboard-free tests and scripts)."""
        if self.session is None:
            return None
        proposal = self.session.propose(path, value, reason)
        self._refresh()
        return proposal

    def _open_file(self, item: QListWidgetItem) -> None:
        session = self.session
        if session is None:
            return
        file_id = str(item.data(Qt.ItemDataRole.UserRole))
        info = (session.view.get("files") or {}).get(file_id) or {}
        data = session.file(file_id)
        if data is None:
            self._say(self.notice, self.tr("Die Anlage wird noch übertragen …"))
            return
        images = pages(data, str(info.get("media_type", "")))
        FileViewer(str(info.get("filename", file_id)), images, self).exec()

    def _comment(self, text: str) -> None:
        if self.session is not None:
            self.session.comment(text)

    def leave(self) -> None:
        """Leave the session; the copy is dropped."""
        if self.session is not None:
            self._on_events(self.session.leave())

    # ------------------------------------------------------------------ showing
    def _on_events(self, events: list[Any]) -> None:
        for event in events:
            if isinstance(event, Ended):
                self._ended(event.message)
                return
            if isinstance(event, Notice):
                self._say(self.notice, event.message)
        self._refresh()

    def _ended(self, message: str) -> None:
        self.session = None
        self.pump.session = None
        self.draft_view.clear()
        self.proposals.clear()
        self.comments.show_comments([])
        self.stack.setCurrentWidget(self.join_page)
        self._say(self.join_problem, message)

    def _refresh(self) -> None:
        session = self.session
        if session is None:
            return
        phase = session.phase
        if not session.endpoint.link_up:
            text = session.link_message or self.tr("Verbindung zum Rathaus wird aufgebaut …")
        elif not session.laptop_online:
            text = self.tr("Der Koffer im Außendienst ist gerade nicht verbunden.")
        elif phase is Phase.TRUSTED:
            text = self.tr("Verbunden mit {name}.").format(name=session.laptop_name or "Koffer")
        else:
            text = self.tr("Bitte die Prüfnummer vergleichen.")
        self.status.setText(text)
        self.verification.show_code(session.verification_code if phase is Phase.VERIFY else None)
        trusted = phase is Phase.TRUSTED
        self.draft_view.setEnabled(trusted)
        if trusted:
            self.draft_view.show_draft(
                session.template, session.answers, session.masked, session.view
            )
        words = {
            "open": self.tr("offen"),
            "accepted": self.tr("übernommen"),
            "rejected": self.tr("abgelehnt"),
            "failed": self.tr("nicht übernommen"),
        }
        lines = []
        template = session.template
        for item in session.proposals.values():
            path = str(item.get("path", ""))
            label = template.path_label(path, "de") if template else path
            status = words.get(str(item.get("status")), words["open"])
            note = f" – {item['note']}" if item.get("note") else ""
            lines.append(f"{label}: {item.get('value')!s} – {status}{note}")
        if [self.proposals.item(i).text() for i in range(self.proposals.count())] != lines:
            self.proposals.clear()
            self.proposals.addItems(lines)
        shared = session.view.get("files") or {}
        names = [
            (fid, str(info.get("filename", fid)) + ("" if session.file(fid) else " …"))
            for fid, info in sorted(shared.items())
        ]
        if [self.files.item(i).text() for i in range(self.files.count())] != [n for _, n in names]:
            self.files.clear()
            for fid, name in names:
                entry = QListWidgetItem(name)
                entry.setData(Qt.ItemDataRole.UserRole, fid)
                self.files.addItem(entry)
        field_worker, you = self.tr("Außendienst"), self.tr("Sie")
        self.comments.show_comments(
            [
                f"{field_worker if c.get('by') == 'worker' else you}: {c.get('text', '')}"
                for c in session.comments
            ]
        )

    def _show_voice(self, url: str | None) -> None:
        while self.voice_holder.count():
            item = self.voice_holder.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.voice_holder.addWidget(VoiceBox(url, self))

    def _say(self, label: Any, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window leaves the session (nothing stays behind)."""
        self.leave()
        super().closeEvent(event)


def _message(exc: BaseException) -> str:
    if isinstance(exc, SyncError):
        return exc.user_message
    return "Das hat nicht geklappt. Bitte erneut versuchen."
