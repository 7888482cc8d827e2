"""The worker's session panel: the join code, who is there, the code to compare,
proposals to accept or reject, masked answers to unmask, comments, how to talk, end.

It shows `OwnerSession`'s state and forwards the worker's clicks to it; it decides
nothing (`koffer.assist.owner` does).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from forms.display import format_value
from koffer.assist.owner import OwnerSession, Proposal
from koffer.ui.assist.parts import CommentsBox, VerificationBox, VoiceBox
from koffer.ui.widgets import button, heading, paragraph, primary_button, scroll_page
from sync.assist.endpoint import Phase


class _ProposalCard(QFrame):
    """One open proposal: field, value, reason, and the worker's two answers."""

    def __init__(self, proposal: Proposal, value_text: str, panel: OwnerPanel) -> None:
        super().__init__(panel)
        self.setProperty("role", "card")
        self.proposal_id = proposal.id
        layout = QVBoxLayout(self)
        title = heading(proposal.label, self, level=2)
        layout.addWidget(title)
        self.value = paragraph(self.tr("Vorschlag: {value}").format(value=value_text), self)
        layout.addWidget(self.value)
        layout.addWidget(
            paragraph(self.tr("Begründung: {reason}").format(reason=proposal.reason), self, "help")
        )
        row = QHBoxLayout()
        self.accept = primary_button(self.tr("Übernehmen"), self)
        self.accept.setAccessibleName(
            self.tr("Vorschlag übernehmen: {label}").format(label=proposal.label)
        )
        self.reject = button(self.tr("Ablehnen"), self)
        self.reject.setAccessibleName(
            self.tr("Vorschlag ablehnen: {label}").format(label=proposal.label)
        )
        row.addWidget(self.accept)
        row.addWidget(self.reject)
        row.addStretch(1)
        layout.addLayout(row)
        self.accept.clicked.connect(lambda: panel.accept_requested.emit(proposal.id))
        self.reject.clicked.connect(lambda: panel.reject_requested.emit(proposal.id))


class OwnerPanel(QWidget):
    """The session panel (see the module docstring)."""

    accept_requested = Signal(str)
    reject_requested = Signal(str)
    unmask_requested = Signal(str)
    end_requested = Signal()

    def __init__(self, session: OwnerSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        content = QWidget(self)
        layout = QVBoxLayout(content)
        self.code_label = paragraph(self.tr("Zugangscode zum Vorlesen:"), content)
        layout.addWidget(self.code_label)
        self.join_code = QLabel(session.join_code, content)
        self.join_code.setProperty("role", "h1")
        self.join_code.setAccessibleName(self.tr("Zugangscode"))
        self.join_code.setAccessibleDescription(" ".join(session.join_code.replace("-", "")))
        layout.addWidget(self.join_code)
        self.status = paragraph("", content, "notice")
        self.status.setAccessibleName(self.tr("Wer ist verbunden"))
        layout.addWidget(self.status)
        self.pointed = paragraph("", content, "help")
        self.pointed.hide()
        layout.addWidget(self.pointed)
        self.notice = paragraph("", content, "warning")
        self.notice.hide()
        layout.addWidget(self.notice)
        self.verification = VerificationBox(content)
        layout.addWidget(self.verification)
        layout.addWidget(heading(self.tr("Vorschläge"), content, level=2))
        self.proposals_box = QVBoxLayout()
        layout.addLayout(self.proposals_box)
        self.no_proposals = paragraph(self.tr("Noch keine Vorschläge."), content, "help")
        layout.addWidget(self.no_proposals)
        self.decided = paragraph("", content, "help")
        layout.addWidget(self.decided)
        layout.addWidget(heading(self.tr("Verdeckte Angaben"), content, level=2))
        self.masked_box = QVBoxLayout()
        layout.addLayout(self.masked_box)
        self.comments = CommentsBox(content)
        self.comments.setMinimumHeight(160)
        layout.addWidget(self.comments)
        layout.addWidget(VoiceBox(session.conference_url, content))
        self.end = primary_button(self.tr("Sitzung beenden"), content)
        self.end.clicked.connect(self.end_requested.emit)
        layout.addWidget(self.end)
        layout.addStretch(1)
        outer.addWidget(scroll_page(content, self))
        self._cards: dict[str, _ProposalCard] = {}
        self._masked_paths: list[str] | None = None

    def show_state(self, masked: dict[str, str]) -> None:
        """Bring every part up to date with the session."""
        session = self.session
        phase = session.phase
        waiting = phase in (Phase.CONNECTING, Phase.WAITING) and not session.expert_name
        self.code_label.setVisible(waiting)
        self.join_code.setVisible(waiting)
        if not session.endpoint.link_up:
            text = session.link_message or self.tr("Verbindung zum Rathaus wird aufgebaut …")
        elif waiting:
            text = self.tr("Warten auf die Kollegin …")
        elif session.expert_online:
            text = self.tr("Verbunden: {name}").format(name=session.expert_name)
        else:
            text = self.tr("{name} ist gerade nicht verbunden.").format(name=session.expert_name)
        self.status.setText(text)
        self.verification.show_code(session.verification_code if phase is Phase.VERIFY else None)
        self._show_proposals()
        self._show_masked(masked)
        you, expert = self.tr("Sie"), self.tr("Expertin")
        self.comments.show_comments(
            [f"{you if c.by == 'worker' else c.name or expert}: {c.text}" for c in session.comments]
        )

    def _show_proposals(self) -> None:
        session = self.session
        open_ones = [p for p in session.proposals if p.status == "open"]
        for proposal_id in [k for k in self._cards if k not in {p.id for p in open_ones}]:
            card = self._cards.pop(proposal_id)
            card.hide()
            card.deleteLater()
        for proposal in open_ones:
            if proposal.id not in self._cards:
                card = _ProposalCard(proposal, self._value_text(proposal), self)
                self._cards[proposal.id] = card
                self.proposals_box.addWidget(card)
        self.no_proposals.setVisible(not open_ones)
        done = [p for p in session.proposals if p.status != "open"]
        words = {
            "accepted": self.tr("übernommen"),
            "rejected": self.tr("abgelehnt"),
            "failed": self.tr("nicht übernommen"),
        }
        self.decided.setText("\n".join(f"{p.label}: {words.get(p.status, '')}" for p in done))
        self.decided.setVisible(bool(done))

    def _value_text(self, proposal: Proposal) -> str:
        target = self.session.draft.template.field_at(proposal.path)
        if target is None:
            return str(proposal.value)
        return format_value(target, proposal.value) or self.tr("(leer)")

    def _show_masked(self, masked: dict[str, str]) -> None:
        paths = sorted(p for p, why in masked.items() if why == "sensitive")
        if paths == self._masked_paths:
            return
        self._masked_paths = paths
        while self.masked_box.count():
            item = self.masked_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        if not paths:
            self.masked_box.addWidget(paragraph(self.tr("Keine."), self, "help"))
        for path in paths:
            label = self.session.draft.label(path)
            unmask = button(self.tr("Freigeben: {label}").format(label=label), self)
            unmask.setToolTip(self.tr("Die Expertin sieht danach diese eine Angabe."))
            unmask.clicked.connect(lambda _c=False, p=path: self.unmask_requested.emit(p))
            self.masked_box.addWidget(unmask)

    def say(self, text: str) -> None:
        """A notice for the worker (a refusal, a problem)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def show_pointed(self, label: str) -> None:
        """Where the expert pointed last."""
        self.pointed.setText(self.tr("Die Expertin zeigt auf: {label}").format(label=label))
        self.pointed.show()


def masked_now(session: OwnerSession) -> dict[str, Any]:
    """What is masked for the expert right now (for the panel's unmask buttons)."""
    from koffer.assist.shared import masked_paths

    draft = session.draft
    hidden = masked_paths(draft.template, draft.answers(), session.unmasked)
    return dict.fromkeys(hidden, "sensitive")
