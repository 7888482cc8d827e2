"""The expert's side of a remote expert session, without Qt, in memory only.

`ExpertSession` keeps the laptop's shared document (`SharedCopy`) and the shared
attachments in memory and nowhere else: nothing of the draft is written to disk, and
`forget` (called when the session ends, however it ends) drops all of it. The form is
rendered from the template text the laptop sent, by the same engine and widgets as on
the laptop; relevance, findings and completeness come from the laptop's evaluation of
the real answers (the expert's copy has sensitive answers masked).

The expert points, proposes and comments; the laptop decides. A proposal's fate
(accepted, rejected, failed, refused) comes back through the shared document or a
`Refused` message. After every reconnect the session asks for what it lacks (the CRDT
state vector), so a dropped link loses nothing.
"""

from __future__ import annotations

import base64
import itertools
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from forms.engine import CompiledTemplate, compile_template
from forms.errors import TemplateError
from forms.loader import load_template_text
from forms.model import Template
from koffer.assist.base import SessionModel
from koffer.assist.events import Changed, Ended, Notice
from koffer.assist.shared import SharedCopy
from sync.assist import endpoint as ep
from sync.assist.endpoint import Endpoint
from sync.protocol import (
    AssistMessage,
    CommentMessage,
    DocUpdate,
    FilePart,
    PointAt,
    Propose,
    ProposedValue,
    Refused,
    SyncRequest,
)

MSG_LEFT = "Sie haben die Sitzung verlassen. Die Daten des Antrags wurden gelöscht."
MSG_BAD_FORM = "Das Formular dieser Sitzung kann hier nicht angezeigt werden."


ExpertEvent = Changed | Notice | Ended


@dataclass
class _Files:
    parts: dict[str, bytearray] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)


class ExpertSession(SessionModel):
    """The expert's session (see the module docstring).

    Args:
        endpoint: the expert's end of the session (joined, link started).
        laptop_name: the device name the relay gave.
        conference_url: the town's conferencing room, if the admin set one.
    """

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        laptop_name: str = "",
        conference_url: str | None = None,
        new_id: Callable[[], str] = lambda: secrets.token_hex(6),
    ) -> None:
        self.endpoint = endpoint
        self.laptop_name = laptop_name
        self.conference_url = conference_url
        self.copy = SharedCopy()
        self._files = _Files()
        self._new_id = new_id
        self._count = itertools.count(1)
        self.refusals: list[Refused] = []
        self.over: str | None = None
        self.link_message = ""
        self._template_text: str | None = None
        self._template: Template | None = None
        self._compiled: CompiledTemplate | None = None

    # ------------------------------------------------------------------ reading
    @property
    def laptop_online(self) -> bool:
        """Whether the laptop is connected right now."""
        return self.peer_connected

    @property
    def template(self) -> Template | None:
        """The form of the shared draft, parsed from the text the laptop sent."""
        text = self.copy.form.get("template")
        if not isinstance(text, str):
            return None
        if text != self._template_text:
            self._template_text = text
            try:
                self._template = load_template_text(text, "sitzung")
                self._compiled = compile_template(self._template)
            except (TemplateError, ValueError):
                self._template = self._compiled = None
        return self._template

    @property
    def answers(self) -> dict[str, Any]:
        """The answers the expert may see."""
        return self.copy.answers

    @property
    def masked(self) -> dict[str, str]:
        """Hidden answers by path."""
        return self.copy.masked

    @property
    def view(self) -> dict[str, Any]:
        """The laptop's evaluation: relevant, findings, completeness, computed, …"""
        return self.copy.view

    @property
    def proposals(self) -> dict[str, dict[str, Any]]:
        """The proposals with the state the laptop recorded."""
        return self.copy.proposals

    @property
    def comments(self) -> list[dict[str, Any]]:
        """The side panel."""
        return self.copy.comments

    def file(self, file_id: str) -> bytes | None:
        """A shared attachment once completely received (in memory)."""
        data = self._files.parts.get(file_id)
        if data is None or len(data) != self._files.totals.get(file_id):
            return None
        return bytes(data)

    # ------------------------------------------------------------------ the link
    def _on(self, event: ep.SessionEvent) -> list[ExpertEvent]:
        if isinstance(event, ep.Over):
            return self._ended(event.message)
        if isinstance(event, ep.CodeReady):
            return [Changed("code")]
        if isinstance(event, ep.PeerPresence):
            if event.online:
                self._ask_for_state()
            return [Changed("presence")]
        if isinstance(event, ep.LinkState):
            self.link_message = event.message
            if event.up:
                self._ask_for_state()
            return [Changed("link")]
        if isinstance(event, ep.Unreadable):
            return []
        assert isinstance(event, ep.MessageIn)
        return self._message(event.message)

    def _message(self, message: AssistMessage) -> list[ExpertEvent]:
        if isinstance(message, DocUpdate):
            try:
                self.copy.apply(base64.b64decode(message.update, validate=True))
            except ValueError:
                return []
            return [Changed("draft")]
        if isinstance(message, FilePart):
            return self._file_part(message)
        if isinstance(message, Refused):
            self.refusals.append(message)
            return [Notice(f"Vom Koffer abgelehnt: {message.message}")]
        return []

    def _file_part(self, part: FilePart) -> list[ExpertEvent]:
        try:
            data = base64.b64decode(part.data, validate=True)
        except ValueError:
            return []
        buffer = self._files.parts.setdefault(part.id, bytearray())
        self._files.totals[part.id] = part.total
        if part.offset == len(buffer) and len(buffer) + len(data) <= part.total:
            buffer += data
        return [Changed("files")] if len(buffer) == part.total else []

    def _ask_for_state(self) -> None:
        self._send(SyncRequest(state=base64.b64encode(self.copy.state()).decode()), reliable=False)

    def _ended(self, message: str, reason: str = "") -> list[ExpertEvent]:
        if self.over is not None:
            return []
        self.over = message
        self.forget()
        return [Ended(message)]

    # ------------------------------------------------------------------ the expert's intents
    def confirm_code(self) -> list[ExpertEvent]:
        """The expert compared the code with the worker: it matches."""
        self.endpoint.confirm_code()
        self._ask_for_state()
        return [Changed("code")]

    def reject_code(self) -> list[ExpertEvent]:
        """The codes differ: leave at once."""
        out: list[ExpertEvent] = []
        for event in self.endpoint.reject_code():
            out += self._on(event)
        return out

    def point(self, path: str) -> None:
        """Point the worker at a field."""
        self._send(PointAt(path=path), reliable=False)

    def propose(self, path: str, value: ProposedValue, reason: str) -> str:
        """Propose a value with a short reason; returns the proposal's id."""
        proposal_id = f"p{next(self._count)}-{self._new_id()}"
        self._send(Propose(id=proposal_id, path=path, value=value, reason=reason), reliable=True)
        return proposal_id

    def comment(self, text: str) -> str:
        """Write a comment in the side panel; returns its id."""
        comment_id = f"c{next(self._count)}-{self._new_id()}"
        self._send(CommentMessage(id=comment_id, text=text), reliable=True)
        return comment_id

    def send_raw(self, message: AssistMessage) -> None:
        """Send any message (tests of the laptop's refusals use this)."""
        self._send(message, reliable=True)

    def leave(self) -> list[ExpertEvent]:
        """Leave the session for good; the copy is dropped."""
        out: list[ExpertEvent] = []
        for event in self.endpoint.end(MSG_LEFT, reason="expert"):
            out += self._on(event)
        return out or self._ended(MSG_LEFT)

    def forget(self) -> None:
        """Drop everything of the draft held in memory."""
        self.copy.forget()
        self._files = _Files()
        self._template_text = None
        self._template = self._compiled = None
