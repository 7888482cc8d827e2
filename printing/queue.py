"""The offline print queue: jobs wait here while the portable printer is off or away.

At a citizen's kitchen table the printer may be flat, out of range or not yet paired.
The citizen's copy must not be lost for that: it waits in the queue (stored encrypted
in drafts.db by the app, through `PrintQueueStore`) and is printed as soon as the
printer can be reached. A job stays in the queue until CUPS reports it completed, so
a printer that disappears halfway does not lose it either.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from printing.backend import PrinterBackend, PrintError
from printing.options import PrintOptions
from printing.status import UNREACHABLE, JobState, JobStatus


class QueueState(enum.StrEnum):
    """Where a queued job stands."""

    WAITING = "waiting"  # not yet with CUPS: waits for the printer
    SUBMITTED = "submitted"  # with CUPS, not yet completed
    FAILED = "failed"  # CUPS gave up; the user decides (retry or discard)


STATE_TEXT: dict[QueueState, str] = {
    QueueState.WAITING: "Wartet auf den Drucker",
    QueueState.SUBMITTED: "An das Drucksystem übergeben",
    QueueState.FAILED: "Drucken fehlgeschlagen",
}


@dataclass(frozen=True, slots=True)
class PrintRequest:
    """One PDF to print.

    Attributes:
        pdf: the document (personal data: kept in memory or the encrypted store only).
        title: neutral job title (form and reference, never a citizen's name): CUPS keeps
            it in its job history.
        printer: the queue name.
        options: copies, duplex, media, grayscale.
    """

    pdf: bytes
    title: str
    printer: str
    options: PrintOptions = field(default_factory=PrintOptions)


@dataclass(frozen=True, slots=True)
class QueuedPrint:
    """A job in the offline queue, as the store keeps it."""

    id: str
    created_at: dt.datetime
    request: PrintRequest
    state: QueueState = QueueState.WAITING
    job_id: int | None = None
    message: str = ""

    @property
    def state_text(self) -> str:
        """German state with its reason, for the queue list in the app."""
        base = STATE_TEXT[self.state]
        return f"{base}: {self.message}" if self.message and self.message != base else base


class PrintQueueStore(Protocol):
    """Persistence of the offline queue (implemented by the app's encrypted drafts.db)."""

    def add(self, item: QueuedPrint) -> None:
        """Store a new item (its PDF bytes, printer and options included)."""
        ...

    def list(self) -> list[QueuedPrint]:
        """All items, oldest first."""
        ...

    def update_state(
        self, item_id: str, state: QueueState, *, job_id: int | None, message: str
    ) -> None:
        """Change an item's state, CUPS job id and German message."""
        ...

    def remove(self, item_id: str) -> None:
        """Delete an item and its PDF (securely, in the real store)."""
        ...


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    """What happened to a print request.

    Attributes:
        queued: True when it went into the offline queue instead of to the printer.
        job_id: the CUPS job id when it was handed to CUPS.
        item_id: the queue item's id when it was queued.
        message: German, for the user.
    """

    queued: bool
    message: str
    job_id: int | None = None
    item_id: str | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class OfflinePrintQueue:
    """Print now when the printer is there, queue otherwise, and print the queue later.

    Args:
        backend: the print system.
        store: where queued jobs are kept.
        now: clock for `created_at` (tests pass a fixed one).
    """

    def __init__(
        self,
        backend: PrinterBackend,
        store: PrintQueueStore,
        *,
        now: Callable[[], dt.datetime] = _now,
    ) -> None:
        self.backend = backend
        self.store = store
        self.now = now

    def _reason(self, printer: str) -> str:
        why = getattr(self.backend, "why_unreachable", None)
        return str(why(printer)) if callable(why) else UNREACHABLE

    def print(self, request: PrintRequest) -> PrintOutcome:
        """Send to the printer if it can be reached now, else put it in the queue.

        Raises:
            PrintError: when CUPS refuses the job for another reason than the printer
                being unreachable (e.g. the PDF is rejected); nothing is queued then.
        """
        if self.backend.is_reachable(request.printer):
            try:
                job_id = self.backend.submit(
                    request.pdf, request.title, request.printer, request.options
                )
            except PrintError as exc:
                if self.backend.is_reachable(request.printer):
                    raise
                return self._enqueue(request, exc.message)
            return PrintOutcome(queued=False, job_id=job_id, message="An den Drucker gesendet")
        return self._enqueue(request, self._reason(request.printer))

    def hold(self, request: PrintRequest, status: JobStatus) -> PrintOutcome:
        """Take back a job that is stuck at an unreachable or stopped printer.

        The CUPS job is cancelled and the PDF goes into the offline queue, so it is
        printed once (from the queue) when the printer is back, not twice.
        """
        # the queue copy is what counts; a stale CUPS job is harmless
        with contextlib.suppress(PrintError):
            self.backend.cancel(status.job_id)
        return self._enqueue(request, status.reason_text or UNREACHABLE)

    def _enqueue(self, request: PrintRequest, reason: str) -> PrintOutcome:
        item = QueuedPrint(
            id=uuid.uuid4().hex,
            created_at=self.now(),
            request=request,
            state=QueueState.WAITING,
            message=reason,
        )
        self.store.add(item)
        return PrintOutcome(
            queued=True,
            item_id=item.id,
            message=(
                f"{reason} – der Auftrag wartet in der Druckwarteschlange und wird "
                "gedruckt, sobald der Drucker bereit ist."
            ),
        )

    def items(self) -> list[QueuedPrint]:
        """The queue, oldest first (for the queue view in the app)."""
        return self.store.list()

    def retry(self) -> list[PrintOutcome]:
        """Hand every waiting job whose printer is reachable now to CUPS."""
        outcomes: list[PrintOutcome] = []
        reachable: dict[str, bool] = {}
        for item in self.store.list():
            if item.state is not QueueState.WAITING:
                continue
            printer = item.request.printer
            if printer not in reachable:
                reachable[printer] = self.backend.is_reachable(printer)
            if not reachable[printer]:
                continue
            try:
                job_id = self.backend.submit(
                    item.request.pdf, item.request.title, printer, item.request.options
                )
            except PrintError as exc:
                self.store.update_state(
                    item.id, QueueState.WAITING, job_id=None, message=exc.message
                )
                reachable[printer] = False
                continue
            self.store.update_state(item.id, QueueState.SUBMITTED, job_id=job_id, message="")
            outcomes.append(
                PrintOutcome(
                    queued=False, job_id=job_id, item_id=item.id, message="An den Drucker gesendet"
                )
            )
        return outcomes

    def refresh(self) -> list[QueuedPrint]:
        """Update submitted jobs from CUPS: drop completed ones, requeue stuck ones."""
        for item in self.store.list():
            if item.state is not QueueState.SUBMITTED or item.job_id is None:
                continue
            try:
                status = self.backend.job_status(item.job_id)
            except PrintError as exc:
                self.store.update_state(
                    item.id, QueueState.SUBMITTED, job_id=item.job_id, message=exc.message
                )
                continue
            if status.state is JobState.COMPLETED:
                self.store.remove(item.id)
            elif status.state is JobState.CANCELED:
                self.store.remove(item.id)  # cancelled on purpose (app or printer panel)
            elif status.state is JobState.ABORTED:
                self.store.update_state(
                    item.id, QueueState.FAILED, job_id=item.job_id, message=status.message
                )
            elif status.printer_unreachable or status.printer_stopped:
                with contextlib.suppress(PrintError):
                    self.backend.cancel(item.job_id)
                self.store.update_state(
                    item.id, QueueState.WAITING, job_id=None, message=status.reason_text
                )
        return self.store.list()

    def requeue(self, item_id: str) -> None:
        """Put a failed item back to waiting (the user pressed "Erneut drucken")."""
        self.store.update_state(item_id, QueueState.WAITING, job_id=None, message="")

    def discard(self, item_id: str) -> None:
        """Remove an item; a job still with CUPS is cancelled first."""
        for item in self.store.list():
            if item.id == item_id and item.state is QueueState.SUBMITTED and item.job_id:
                with contextlib.suppress(PrintError):
                    self.backend.cancel(item.job_id)
        self.store.remove(item_id)


def with_state(
    item: QueuedPrint, state: QueueState, job_id: int | None, message: str
) -> QueuedPrint:
    """A copy of `item` in a new state (helper for store implementations)."""
    return replace(item, state=state, job_id=job_id, message=message)
