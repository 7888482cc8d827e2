"""Plain value objects the store hands out (no database handles inside)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from forms.model import Answers

#: Drafts untouched for this long are flagged in `DraftSummary.flagged_stale`.
STALE_AFTER = timedelta(days=30)


class DraftStatus(StrEnum):
    """The stored stage of a draft. What may follow what is the application layer's
    rule (`koffer.drafting.lifecycle`); the store keeps the value and refuses answer
    changes once a draft is finalised."""

    DRAFT = "draft"  # being filled in
    SIGNED = "signed"  # signed (pad or paper) for exactly the current answers
    AWAITING_KEY = "awaiting_key"  # finalised; sealed as soon as the office's key is here
    SEALED = "sealed"  # finalised: encrypted to the office, in the outbox
    SENT = "sent"  # the town hall took it; its receipt is not here yet
    RECEIVED = "received"  # the town hall's receipt and reference are stored

    @classmethod
    def of(cls, value: str) -> DraftStatus:
        """The member for a stored value (a dict lookup, faster than the Enum call)."""
        return _STATUS_BY_VALUE[value]

    @property
    def editable(self) -> bool:
        """Whether answers may still change (not yet finalised)."""
        return self in (DraftStatus.DRAFT, DraftStatus.SIGNED)


_STATUS_BY_VALUE = {s.value: s for s in DraftStatus}


def utc_now() -> datetime:
    """The default clock: now, timezone-aware UTC."""
    return datetime.now(UTC)


def to_text(moment: datetime) -> str:
    """Stored form of a timestamp: ISO 8601 in UTC."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(text: str) -> datetime:
    """Parse a stored timestamp."""
    return datetime.fromisoformat(text)


@dataclass(frozen=True)
class Draft:
    """One form being filled in for one citizen."""

    id: str
    template_id: str
    template_version: str
    citizen_name: str
    status: DraftStatus
    answers: Answers
    created_at: datetime
    updated_at: datetime
    completeness: float = 0.0
    reference: str | None = None
    form_title: str = ""
    received_at: datetime | None = None


@dataclass(slots=True)
class DraftSummary:
    """One row of the drafts list (treat as read-only).

    Not frozen: lists can hold thousands of rows, and a frozen dataclass takes about
    four times as long to build (measured in bench_store's search figures).
    """

    id: str
    template_id: str
    template_version: str
    form_title: str
    citizen_name: str
    status: DraftStatus
    updated_at: datetime
    completeness: float
    flagged_stale: bool


@dataclass(frozen=True)
class AttachmentInfo:
    """An attached file (the bytes via `DraftStore.get_attachment_data`)."""

    id: str
    draft_id: str
    field_id: str
    filename: str
    media_type: str
    size: int
    sha256: str
    created_at: datetime


#: A signature's pen strokes: each stroke a list of points [x, y, ...] (JSON numbers).
Strokes = list[list[list[float]]]


class SignatureMethod(StrEnum):
    """How the citizen signed."""

    PAD = "pad"  # on the signature pad: strokes and an image are kept
    PAPER = "paper"  # on the printed signature sheet: the worker recorded who and when


@dataclass(frozen=True)
class SignatureInfo:
    """A signature and the reviewed content it belongs to.

    Attributes:
        created_at: when it was signed (for paper: when the worker says it was).
        signer: who signed on paper (the pad's signer is the draft's citizen).
    """

    id: str
    draft_id: str
    field_id: str
    strokes: Strokes
    png: bytes
    content_sha256: str
    created_at: datetime
    method: SignatureMethod = SignatureMethod.PAD
    signer: str = ""


@dataclass(frozen=True)
class Visit:
    """A planned or done home visit."""

    id: str
    citizen_name: str
    address: str
    planned_at: datetime | None
    note: str
    draft_id: str | None
    done: bool
    created_at: datetime


class PrintState(StrEnum):
    """State of a job in the offline print queue."""

    QUEUED = "queued"
    PRINTING = "printing"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class PrintJob:
    """A PDF waiting for (or sent to) a printer; bytes via `get_print_pdf`.

    `cups_job_id`/`cups_job_uuid` name the print system's job while it has it (state
    "printing"), so the queue can ask about it after a restart; `cups_contact_lost`:
    the print system stopped answering since it took the job.
    """

    id: str
    draft_id: str | None
    title: str
    printer: str
    options: dict[str, str]
    state: PrintState
    attempts: int
    last_error: str
    created_at: datetime
    updated_at: datetime
    cups_job_id: int | None = None
    cups_job_uuid: str = ""
    cups_contact_lost: bool = False


@dataclass(frozen=True)
class TemplateRecord:
    """A template version held in the device catalog."""

    template_id: str
    version: str
    sha256: str
    added_at: datetime


@dataclass(frozen=True)
class OutboxItem:
    """A sealed submission waiting to be sent (payload is ciphertext, e.g. JWE)."""

    submission_id: str
    draft_id: str
    template_id: str
    template_version: str
    office_id: str
    payload: bytes
    state: str
    attempts: int
    last_error: str
    server_reference: str | None
    created_at: datetime
    sent_at: datetime | None
    parts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log (no personal content)."""

    seq: int
    at: datetime
    actor: str
    action: str
    draft_id: str | None
    detail: str


@dataclass(frozen=True)
class AuditVerification:
    """Result of `DeviceStore.verify_audit_chain()`; truthy when the chain is intact."""

    ok: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str = ""

    def __bool__(self) -> bool:
        return self.ok


JsonDict = dict[str, Any]
