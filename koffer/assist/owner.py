"""The laptop's side of a remote expert session, without Qt.

`OwnerSession` is what the session panel shows and what it forwards intents to. It owns
the shared document of the one draft and decides everything about the session:

* Nothing of the draft leaves the laptop before the worker confirmed the verification
  code; expert messages that arrive earlier wait.
* Every expert message goes through `koffer.assist.rules`: only pointing, proposals,
  comments and catch-up requests are allowed; anything else (sign, print, finalise,
  another draft, an unshared attachment, a write into the shared draft) is refused,
  answered with a `Refused` message, shown to the worker and written to the audit log.
* A proposal waits for the worker. Accepting it hands it to `DraftPort.apply_proposal`,
  which runs it through the same edit rules as the worker's own typing (validation,
  undo, save) with the expert as the actor; the audit log records who proposed what
  field (never the value: that is personal data).
* Messages are handled from the queue the link fills (`pump`), never inside a network
  or a document callback.

The desktop app adapts it to Qt (a timer or the link's `wake` calls `pump`); tests drive
it directly.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

from forms.engine import Evaluation
from forms.model import Answers, AnswerValue, Template
from koffer.assist import rules
from koffer.assist.base import SessionModel
from koffer.assist.events import Changed, Ended, Notice
from koffer.assist.shared import Projection, SharedDraft, SharedFile, project
from sync.assist import endpoint as ep
from sync.assist.endpoint import Endpoint
from sync.protocol import (
    ASSIST_FILE_PART_BYTES,
    AssistMessage,
    CommentMessage,
    DocUpdate,
    FilePart,
    PointAt,
    Propose,
    Refused,
    SyncRequest,
)

MSG_ENDED_BY_WORKER = "Die Sitzung ist beendet."


class ProposalRefused(Exception):  # noqa: N818 - a decision, not an error
    """The draft did not take an accepted proposal (finalised, or not a valid value)."""

    def __init__(self, message: str) -> None:
        """`message` is German, for the worker."""
        super().__init__(message)
        self.message = message


class DraftPort(Protocol):
    """The open draft as the session needs it (the application layer implements it)."""

    draft_id: str
    template: Template
    template_text: str

    def answers(self) -> Answers:
        """The answers now."""

    def evaluation(self) -> Evaluation:
        """The engine's evaluation of the answers now."""

    def stage(self) -> str:
        """The draft's stage ("draft", "signed", …)."""

    def label(self, path: str) -> str:
        """The German label of the field at `path` (for the panel and screen readers)."""

    def apply_proposal(self, path: str, value: AnswerValue, expert_name: str) -> None:
        """Apply an accepted proposal like the worker's own input, attributed to the expert.

        Raises:
            ProposalRefused: the draft cannot take it (German message).
        """

    def file_content(self, attachment_id: str) -> bytes:
        """The bytes of an attachment the worker shared."""


class AuditPort(Protocol):
    """The audit log (`DeviceStore.audit`)."""

    def audit(self, action: str, draft_id: str | None = None, detail: str = "") -> object:
        """Append an entry (no personal content in `detail`)."""


@dataclass(frozen=True)
class Proposal:
    """A proposal as the panel shows it."""

    id: str
    path: str
    label: str
    value: AnswerValue
    reason: str
    at: dt.datetime
    status: str = "open"  # open, accepted, rejected, failed
    note: str = ""


@dataclass(frozen=True)
class Comment:
    """A comment of the side panel."""

    id: str
    by: str  # "worker" or "expert"
    name: str
    text: str
    at: dt.datetime


@dataclass(frozen=True)
class Pointed:
    """The expert points at a field: highlight and scroll there, announce it."""

    path: str
    label: str


OwnerEvent = Changed | Pointed | Notice | Ended


@dataclass
class _State:
    proposals: dict[str, Proposal] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    waiting: list[ep.SessionEvent] = field(default_factory=list)


class OwnerSession(SessionModel):
    """The laptop's session for one draft (see the module docstring).

    Args:
        endpoint: the laptop's end of the session (opened, link started).
        draft: the open draft.
        audit: the audit log.
        join_code: the code to read out.
        consented: the worker confirmed that the citizen agrees (required; audited).
        shared_files: the attachments the worker chose to share (none by default).
        conference_url: the town's conferencing room, if the admin set one.
        clock: "now" (tests).
    """

    def __init__(
        self,
        endpoint: Endpoint,
        draft: DraftPort,
        audit: AuditPort,
        *,
        join_code: str,
        consented: bool = True,
        shared_files: Mapping[str, SharedFile] | None = None,
        conference_url: str | None = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        if not consented:
            raise ValueError("a session needs the citizen's consent")
        self.endpoint = endpoint
        self.draft = draft
        self._audit = audit
        self.join_code = join_code
        self.shared_files = dict(shared_files or {})
        self.conference_url = conference_url
        self._clock = clock
        self.shared = SharedDraft()
        self.unmasked: set[str] = set()
        self._state = _State()
        self._ids = itertools.count(1)
        self.over: str | None = None
        self.link_message = ""
        self._files_sent = False
        self._joined = False
        audit.audit("assist.consent", draft.draft_id, "citizen agreed (asked by the worker)")
        shared_note = ",".join(sorted(self.shared_files)) or "none"
        audit.audit(
            "assist.started",
            draft.draft_id,
            f"session={endpoint.session_id[:8]} attachments={shared_note}",
        )

    # ------------------------------------------------------------------ reading
    @property
    def expert_name(self) -> str:
        """Who joined ("" while nobody has)."""
        return self.endpoint.peer_name

    @property
    def expert_online(self) -> bool:
        """Whether the expert is connected right now."""
        return self.peer_connected

    @property
    def proposals(self) -> list[Proposal]:
        """Every proposal, oldest first."""
        return list(self._state.proposals.values())

    @property
    def comments(self) -> list[Comment]:
        """The side panel, oldest first."""
        return list(self._state.comments)

    # ------------------------------------------------------------------ the link
    def _on(self, event: ep.SessionEvent) -> list[OwnerEvent]:
        if isinstance(event, ep.Over):
            return self._ended(event.message, event.reason or "ended")
        if isinstance(event, ep.PeerPresence):
            if event.online and not self._joined:
                self._joined = True
                self._audit.audit("assist.joined", self.draft.draft_id, f"expert={event.name}")
            return [Changed("presence")]
        if isinstance(event, ep.CodeReady):
            return [Changed("code")]
        if isinstance(event, ep.LinkState):
            self.link_message = event.message
            if event.up and self.endpoint.trusted:
                self._send_everything()
            return [Changed("link")]
        if not self.endpoint.trusted:
            self._state.waiting.append(event)  # handled once the worker confirmed the code
            return []
        if isinstance(event, ep.Unreadable):
            return self._refuse(rules.refusal_for_kind(None) or rules.Refusal("?", ""), None)
        assert isinstance(event, ep.MessageIn)
        return self._message(event.message)

    def _message(self, message: AssistMessage) -> list[OwnerEvent]:
        kind = str(getattr(message, "kind", ""))
        refusal = rules.refusal_for_kind(kind)
        if refusal is not None:
            return self._refuse(refusal, getattr(message, "id", None))
        if isinstance(message, SyncRequest):
            return self._sync(message)
        if isinstance(message, PointAt):
            target = self.draft.template.field_at(message.path)
            if target is None:
                return []
            return [Pointed(message.path, self.draft.label(message.path))]
        if isinstance(message, Propose):
            return self._proposed(message)
        if isinstance(message, CommentMessage):
            return self._commented(message)
        return []

    def _sync(self, message: SyncRequest) -> list[OwnerEvent]:
        try:
            state = base64.b64decode(message.state, validate=True)
            update = self.shared.update_since(state)
        except ValueError:
            return self._refuse(rules.Refusal("sync", rules.MSG_MALFORMED), None)
        self._send(DocUpdate(update=base64.b64encode(update).decode()), reliable=False)
        return []

    def _proposed(self, message: Propose) -> list[OwnerEvent]:
        state = self._state
        if message.id in state.proposals:
            return []
        if sum(p.status == "open" for p in state.proposals.values()) >= rules.MAX_OPEN_PROPOSALS:
            return self._refuse(
                rules.Refusal("propose", "Zu viele offene Vorschläge. Bitte warten."), message.id
            )
        try:
            rules.check_proposal(
                self.draft.template, message.path, message.value, self._row_counts()
            )
        except rules.Refusal as refusal:
            return self._refuse(refusal, message.id)
        proposal = Proposal(
            id=message.id,
            path=message.path,
            label=self.draft.label(message.path),
            value=message.value,  # type: ignore[arg-type]  # floats were refused above
            reason=message.reason,
            at=self._clock(),
        )
        state.proposals[proposal.id] = proposal
        self._audit.audit("assist.proposed", self.draft.draft_id, f"path={proposal.path}")
        self._record(proposal)
        return [Changed("proposals")]

    def _commented(self, message: CommentMessage) -> list[OwnerEvent]:
        if any(c.id == message.id for c in self._state.comments):
            return []
        if len(self._state.comments) >= rules.MAX_COMMENTS:
            return self._refuse(rules.Refusal("comment", "Zu viele Kommentare."), message.id)
        self._add_comment(
            Comment(message.id, "expert", self.expert_name, message.text, self._clock())
        )
        return [Changed("comments")]

    def _refuse(self, refusal: rules.Refusal, ref: str | None) -> list[OwnerEvent]:
        self._audit.audit("assist.refused", self.draft.draft_id, f"kind={refusal.kind}")
        self._send(
            Refused(refused_kind=refusal.kind[:40], ref=ref, message=refusal.message),
            reliable=True,
        )
        return [Notice(f"Abgelehnt: {refusal.message}")]

    def _ended(self, message: str, reason: str = "") -> list[OwnerEvent]:
        if self.over is not None:
            return []
        self.over = message
        self._audit.audit("assist.ended", self.draft.draft_id, f"reason={reason}")
        self._forget()
        return [Ended(message)]

    # ------------------------------------------------------------------ the worker's intents
    def confirm_code(self) -> list[OwnerEvent]:
        """The worker compared the code with the expert: it matches. Sharing starts."""
        if self.endpoint.phase is not ep.Phase.VERIFY:
            return []
        self.endpoint.confirm_code()
        self._audit.audit("assist.verified", self.draft.draft_id, f"expert={self.expert_name}")
        self._send_everything()
        out: list[OwnerEvent] = [Changed("code")]
        waiting, self._state.waiting = self._state.waiting, []
        for event in waiting:
            out += self._on(event)
        return out

    def reject_code(self) -> list[OwnerEvent]:
        """The codes differ: end at once, nothing was shared."""
        self._audit.audit("assist.verification_failed", self.draft.draft_id)
        out: list[OwnerEvent] = []
        for event in self.endpoint.reject_code():
            out += self._on(event)
        return out

    def draft_changed(self) -> None:
        """The draft changed (the worker typed, undid, an accepted proposal): share it."""
        if not self.endpoint.trusted or self.over is not None:
            return
        update = self.shared.publish(self._projection())
        if update is not None:
            self._send(DocUpdate(update=base64.b64encode(update).decode()), reliable=False)

    def accept(self, proposal_id: str) -> list[OwnerEvent]:
        """The worker accepts a proposal: it goes into the draft through the edit rules."""
        proposal = self._state.proposals.get(proposal_id)
        if proposal is None or proposal.status != "open" or self.over is not None:
            return []
        try:
            self.draft.apply_proposal(proposal.path, proposal.value, self.expert_name)
        except ProposalRefused as exc:
            done = replace(proposal, status="failed", note=exc.message)
            self._state.proposals[proposal_id] = done
            self._record(done)
            return [Changed("proposals"), Notice(exc.message)]
        done = replace(proposal, status="accepted")
        self._state.proposals[proposal_id] = done
        self._audit.audit(
            "assist.accepted",
            self.draft.draft_id,
            f"path={proposal.path} by=expert:{self.expert_name}",
        )
        self._record(done)
        self.draft_changed()
        return [Changed("proposals")]

    def reject(self, proposal_id: str, note: str = "") -> list[OwnerEvent]:
        """The worker rejects a proposal (with an optional short note for the expert)."""
        proposal = self._state.proposals.get(proposal_id)
        if proposal is None or proposal.status != "open" or self.over is not None:
            return []
        done = replace(proposal, status="rejected", note=note.strip()[:300])
        self._state.proposals[proposal_id] = done
        self._audit.audit("assist.rejected", self.draft.draft_id, f"path={proposal.path}")
        self._record(done)
        return [Changed("proposals")]

    def comment(self, text: str) -> list[OwnerEvent]:
        """The worker writes in the side panel."""
        text = text.strip()[:2000]
        if not text or self.over is not None:
            return []
        self._add_comment(Comment(f"w{next(self._ids)}", "worker", "", text, self._clock()))
        return [Changed("comments")]

    def unmask(self, path: str) -> list[OwnerEvent]:
        """The worker lets the expert see one sensitive answer (audited)."""
        if path in self.unmasked or self.draft.template.field_at(path) is None:
            return []
        self.unmasked.add(path)
        self._audit.audit("assist.unmasked", self.draft.draft_id, f"path={path}")
        self.draft_changed()
        return [Changed("masking")]

    def end(self, why: str = "worker") -> list[OwnerEvent]:
        """End the session (one click; also on lock, idle lock, closing, finalising)."""
        if self.over is not None:
            return []
        out: list[OwnerEvent] = []
        for event in self.endpoint.end(MSG_ENDED_BY_WORKER, reason=why):
            out += self._on(event)
        return out or self._ended(MSG_ENDED_BY_WORKER, why)

    # ------------------------------------------------------------------ helpers
    def _projection(self) -> Projection:
        return project(
            self.draft.template,
            self.draft.template_text,
            self.draft.answers(),
            self.draft.evaluation(),
            stage=self.draft.stage(),
            unmasked=self.unmasked,
            shared_files=self.shared_files,
        )

    def _send_everything(self) -> None:
        """Bring the expert up to date (after confirming, after a reconnect)."""
        self.draft_changed()
        if not self._files_sent and self.endpoint.trusted:
            self._files_sent = True
            for file_id in sorted(self.shared_files):
                data = self.draft.file_content(file_id)
                for offset in range(0, max(len(data), 1), ASSIST_FILE_PART_BYTES):
                    part = data[offset : offset + ASSIST_FILE_PART_BYTES]
                    self._send(
                        FilePart(
                            id=file_id,
                            offset=offset,
                            total=len(data),
                            data=base64.b64encode(part).decode(),
                        ),
                        reliable=True,
                    )

    def _record(self, proposal: Proposal) -> None:
        update = self.shared.set_item(
            "proposals",
            proposal.id,
            {
                "path": proposal.path,
                "value": proposal.value,
                "reason": proposal.reason,
                "status": proposal.status,
                "note": proposal.note,
                "at": proposal.at.isoformat(),
            },
        )
        self._send(DocUpdate(update=base64.b64encode(update).decode()), reliable=False)

    def _add_comment(self, comment: Comment) -> None:
        self._state.comments.append(comment)
        update = self.shared.add_comment(
            {
                "id": comment.id,
                "by": comment.by,
                "name": comment.name,
                "text": comment.text,
                "at": comment.at.isoformat(),
            }
        )
        self._send(DocUpdate(update=base64.b64encode(update).decode()), reliable=False)

    def _row_counts(self) -> dict[str, int]:
        answers = self.draft.answers()
        groups = [f.id for f in self.draft.template.iter_fields() if f.type == "group"]
        return {g: len(v) for g in groups if isinstance(v := answers.get(g), list)}

    def _forget(self) -> None:
        """Drop what the session held in memory (the draft stays as it is)."""
        self.shared = SharedDraft()
        self._state.waiting.clear()
