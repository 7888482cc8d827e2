"""The offline print queue: every print job is kept here until the printer has it.

At a citizen's kitchen table the printer may be flat, out of range or not yet paired,
and the laptop's print system may crash or restart while it holds a job. The citizen's
copy must not be lost for any of that, so every job goes into the queue (stored
encrypted in drafts.db by the app, through `PrintQueueStore`) *before* the print system
sees it, and leaves it only when the print system reports it completed or the user
discards it. What happens to a job in between is decided here, in one place:

- printer not reachable, or the print system down: the job waits and is sent by the
  retry loop (`retry`) when the printer is ready;
- handed over: the queue remembers the print system's job (id and uuid) and follows it
  (`refresh`). Completed: it leaves the queue. Stuck at a printer that went away: the
  print system's job is cancelled and the job waits again, so it prints once.
- the print system lost the job in a crash (the id now belongs to another job, or it
  does not know the id after it had stopped answering): it waits again and is sent
  anew. Before anything is sent again the print system is asked for the job it has, so
  a job that was in fact printed is not printed twice;
- the print system does not know the job although it never went away: it most likely
  printed it and dropped it from its history (`PreserveJobHistory No`), so it is not
  sent again on its own: "Ob gedruckt wurde, ist unbekannt", the user checks the paper;
- cancelled or aborted by the print system or at the printer: it stays, as "Nicht
  gedruckt", and the user chooses "Erneut drucken" or "Verwerfen".

Whenever the queue lets go of a job of the print system (completed, given up, cancelled
by us), it has the print system remove that job with its document and history
(`purge`, where the print system offers it): CUPS's built-in default keeps every
printed document in its spool for a day (`PreserveJobFiles`), and the citizen's data
must not stay there. Where it cannot be removed, the user hears it (`KEPT_COPY`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from printing.backend import (
    JobUnknownError,
    PrinterBackend,
    PrintError,
    SubmitInterruptedError,
    SubmittedJob,
)
from printing.job_names import job_name
from printing.options import PrintOptions
from printing.status import UNREACHABLE, JobState, JobStatus


class QueueState(enum.StrEnum):
    """Where a queued job stands."""

    WAITING = "waiting"  # not (or no longer) with the print system: waits for the printer
    SUBMITTED = "submitted"  # with the print system, not yet reported completed
    FAILED = "failed"  # cancelled or aborted there; the user decides (retry or discard)


STATE_TEXT: dict[QueueState, str] = {
    QueueState.WAITING: "Wartet auf den Drucker",
    QueueState.SUBMITTED: "Wird gedruckt",
    QueueState.FAILED: "Nicht gedruckt",
}

#: The sentence for every job that is not printed yet but will be, on its own.
NOT_DONE = "Der Ausdruck ist noch nicht fertig. Koffer druckt ihn, sobald der Drucker bereit ist."
#: The sentence for a job that needs the user's decision.
NEEDS_DECISION = (
    "Der Auftrag bleibt in der Warteschlange: „Erneut drucken“ versucht es noch einmal, "
    "„Verwerfen“ nimmt ihn heraus."
)
#: Why a job needs a decision when the print system forgot it without a crash.
UNKNOWN_OUTCOME = "Ob gedruckt wurde, ist unbekannt – bitte Ausdruck prüfen"
SENT = "An den Drucker gesendet"
#: Why a job waits again after the print system lost it.
LOST = "Der Auftrag ging beim Drucken verloren und wird noch einmal gesendet"
#: Added when the print system may have kept a copy of a printed document.
KEPT_COPY = (
    "Achtung: Der Druckdienst des Laptops hat vielleicht eine Kopie des Ausdrucks "
    "behalten. Bitte sagen Sie der IT Bescheid („koffer status“ zeigt, was zu tun ist)."
)


def waiting_text(reason: str) -> str:
    """The user's message for a job that waits: the reason, then what Koffer will do."""
    reason = reason.strip().rstrip(".")
    return f"{reason}. {NOT_DONE}" if reason else NOT_DONE


def failed_text(reason: str) -> str:
    """The user's message for a job that needs a decision: the reason, then the way on."""
    reason = reason.strip().rstrip(".")
    return f"{reason}. {NEEDS_DECISION}" if reason else NEEDS_DECISION


def item_text(item: QueuedPrint) -> str:
    """What the user hears about a job that is still in the queue."""
    if item.state is QueueState.FAILED:
        return failed_text(item.message)
    return waiting_text(item.message)


@dataclass(frozen=True, slots=True)
class PrintRequest:
    """One PDF to print.

    Attributes:
        pdf: the document (personal data: kept in memory or the encrypted store only).
        title: neutral title (form, copy, reference; never a citizen's name), shown in
            the queue; the print system gets an ASCII token made of it.
        printer: the queue name.
        options: copies, duplex, media, grayscale.
    """

    pdf: bytes
    title: str
    printer: str
    options: PrintOptions = field(default_factory=PrintOptions)


@dataclass(frozen=True, slots=True)
class QueuedPrint:
    """A job in the offline queue, as the store keeps it.

    Attributes:
        job: the print system's job while it is there (SUBMITTED), else None.
        message: German reason of the state, for the queue list.
    """

    id: str
    created_at: dt.datetime
    request: PrintRequest
    state: QueueState = QueueState.WAITING
    job: SubmittedJob | None = None
    message: str = ""

    @property
    def job_id(self) -> int | None:
        """The print system's job id while it has the job."""
        return self.job.job_id if self.job is not None else None

    @property
    def job_name(self) -> str:
        """The name the print system knows this job by."""
        return job_name(self.request.title, self.id)

    @property
    def state_text(self) -> str:
        """German state with its reason, for the queue list in the app."""
        base = STATE_TEXT[self.state]
        return f"{base}: {self.message}" if self.message and self.message != base else base


class PrintQueueStore(Protocol):
    """Persistence of the offline queue (implemented by the app's encrypted drafts.db)."""

    def add(self, item: QueuedPrint) -> QueuedPrint:
        """Store a new item (its PDF bytes, printer and options included); the item as
        stored (a store may give it its own id)."""
        ...

    def list(self) -> list[QueuedPrint]:
        """All items, oldest first."""
        ...

    def update_state(
        self, item_id: str, state: QueueState, *, job: SubmittedJob | None, message: str
    ) -> None:
        """Change an item's state, the print system's job and the German message."""
        ...

    def finish(self, item_id: str) -> None:
        """The print system completed the item's job: record that it was printed (the
        app's audit log), then delete the item and its PDF."""
        ...

    def remove(self, item_id: str) -> None:
        """Delete an item and its PDF (securely, in the real store); not printed."""
        ...


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    """What happened to a print request.

    Attributes:
        queued: True when the job is not with the printer yet (it waits in the queue).
        message: German, for the user.
        job_id: the print system's job id when it was handed over.
        item_id: the job's id in the offline queue.
    """

    queued: bool
    message: str
    job_id: int | None = None
    item_id: str | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class OfflinePrintQueue:
    """Keep every job until it is printed: send it when the printer is there, follow it.

    Args:
        backend: the print system.
        store: where the jobs are kept.
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
        """Store the job, then send it if the printer can be reached now.

        Raises:
            PrintError: the print system refused the job while the printer is there
                (e.g. no such printer): the user hears it at once, and nothing stays in
                the queue, because the user is still at the print dialog with the PDF.
        """
        item = self.store.add(
            QueuedPrint(id=uuid.uuid4().hex, created_at=self.now(), request=request)
        )
        if not self.backend.is_reachable(request.printer):
            return self._wait(item.id, self._reason(request.printer))
        return self._submit(item, first=True)

    def _wait(self, item_id: str, reason: str) -> PrintOutcome:
        self.store.update_state(item_id, QueueState.WAITING, job=None, message=reason)
        return PrintOutcome(queued=True, item_id=item_id, message=waiting_text(reason))

    def _submit(self, item: QueuedPrint, *, first: bool) -> PrintOutcome:
        request = item.request
        try:
            job = self.backend.submit(request.pdf, item.job_name, request.printer, request.options)
        except SubmitInterruptedError as exc:
            # Perhaps the print system kept it: `refresh` asks by its job before resending.
            job = replace(exc.job, contact_lost=True)
            self.store.update_state(item.id, QueueState.SUBMITTED, job=job, message=exc.message)
            return PrintOutcome(queued=True, item_id=item.id, message=waiting_text(exc.message))
        except PrintError as exc:
            if not self.backend.is_reachable(request.printer):
                return self._wait(item.id, exc.message)
            if first:
                self.store.remove(item.id)
                raise
            self.store.update_state(item.id, QueueState.FAILED, job=None, message=exc.message)
            return PrintOutcome(queued=True, item_id=item.id, message=failed_text(exc.message))
        self.store.update_state(item.id, QueueState.SUBMITTED, job=job, message="")
        return PrintOutcome(queued=False, job_id=job.job_id, item_id=item.id, message=SENT)

    def _item(self, item_id: str) -> QueuedPrint | None:
        return next((i for i in self.store.list() if i.id == item_id), None)

    def settle(self, item_id: str, status: JobStatus) -> PrintOutcome:
        """Record what the print system said about the item's job; what the user hears.

        Completed: the job leaves the queue. Cancelled or aborted: "Nicht gedruckt",
        the user decides. Stuck at a printer that is away or stopped: the print
        system's job is cancelled and the job waits (printed once, when it is back).
        Anything else (pending, printing): it stays as it is.
        """
        return self._settle(self._item(item_id), item_id, status)

    def _settle(self, item: QueuedPrint | None, item_id: str, status: JobStatus) -> PrintOutcome:
        if item is None:  # settled meanwhile by `refresh`, or discarded by the user
            return PrintOutcome(queued=False, item_id=item_id, message=status.message)
        if item.job is None or item.job.job_id != status.job_id:  # `refresh` was faster
            text = failed_text if item.state is QueueState.FAILED else waiting_text
            return PrintOutcome(queued=True, item_id=item.id, message=text(item.message))
        if status.uuid and item.job.uuid and status.uuid != item.job.uuid:
            # the id was given to another job after the print system lost ours
            return self._wait(item.id, LOST)
        if status.state is JobState.COMPLETED:
            self.store.finish(item.id)
            message = status.message
            if not self._purge(item.job.job_id):
                message = f"{message}. {KEPT_COPY}"
            return PrintOutcome(queued=False, item_id=item.id, message=message)
        if status.final:
            self.store.update_state(item.id, QueueState.FAILED, job=None, message=status.message)
            self._purge(item.job.job_id)  # a retry sends our own copy
            return PrintOutcome(queued=True, item_id=item.id, message=failed_text(status.message))
        if status.printer_unreachable or status.printer_stopped:
            try:
                self.backend.cancel(item.job.job_id)
            except PrintError:
                return PrintOutcome(  # asked again at the next refresh
                    queued=True, item_id=item.id, message=waiting_text(status.reason_text)
                )
            self._purge(item.job.job_id)
            return self._wait(item.id, status.reason_text or UNREACHABLE)
        return PrintOutcome(queued=True, item_id=item.id, message=waiting_text(""))

    def _purge(self, job_id: int) -> bool:
        """Have the print system remove a job the queue lets go of, with its document and
        history; whether it holds no copy of the document now (a print system without
        `purge`, such as Qt's hand-over to the system spooler, keeps none of its own)."""
        purge = getattr(self.backend, "purge", None)
        if not callable(purge):
            return True
        try:
            return bool(purge(job_id))
        except PrintError:
            return False

    def lost_contact(self, item_id: str, error: PrintError) -> PrintOutcome:
        """The print system could not say where the item's job stands.

        Not answering: the job stays and is asked about at the next refresh (never sent
        twice meanwhile); that it went away is remembered. Not knowing the job: lost in
        a crash if it had gone away since, else most likely printed and forgotten (the
        user checks the paper and decides).
        """
        return self._lost_contact(self._item(item_id), item_id, error)

    def _lost_contact(
        self, item: QueuedPrint | None, item_id: str, error: PrintError
    ) -> PrintOutcome:
        if item is None or item.job is None:
            return PrintOutcome(queued=False, item_id=item_id, message=error.message)
        if isinstance(error, JobUnknownError):
            if item.job.contact_lost:  # it went away meanwhile: it lost the job
                return self._wait(item_id, LOST)
            self.store.update_state(item_id, QueueState.FAILED, job=None, message=UNKNOWN_OUTCOME)
            return PrintOutcome(queued=True, item_id=item_id, message=failed_text(UNKNOWN_OUTCOME))
        self.store.update_state(
            item.id, item.state, job=replace(item.job, contact_lost=True), message=error.message
        )
        return PrintOutcome(queued=True, item_id=item_id, message=waiting_text(error.message))

    def items(self) -> list[QueuedPrint]:
        """The queue, oldest first (for the queue view in the app)."""
        return self.store.list()

    def retry(self) -> list[PrintOutcome]:
        """Send every waiting job whose printer is reachable now; the handed-over ones."""
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
            outcome = self._submit(item, first=False)
            if outcome.queued:
                reachable[printer] = False  # the next job there would fare no better
            else:
                outcomes.append(outcome)
        return outcomes

    def refresh(self) -> list[QueuedPrint]:
        """Ask the print system about every handed-over job and settle it; the queue.

        First the print system may finish purges it could not complete at once (CUPS:
        a job still stopping when it was purged, `CupsBackend.finish_purges`)."""
        finish_purges = getattr(self.backend, "finish_purges", None)
        if callable(finish_purges):
            finish_purges()
        for item in self.store.list():
            if item.state is not QueueState.SUBMITTED or item.job is None:
                continue
            try:
                status = self.backend.job_status(item.job.job_id)
            except PrintError as exc:
                self._lost_contact(item, item.id, exc)
                continue
            self._settle(item, item.id, status)
        return self.store.list()

    def requeue(self, item_id: str) -> None:
        """Put a job that needs a decision back to waiting (the user chose "Erneut
        drucken"); other jobs are left as they are."""
        item = self._item(item_id)
        if item is None or item.state is not QueueState.FAILED:
            return  # waiting anyway; or still with the print system (no second copy)
        self.store.update_state(item_id, QueueState.WAITING, job=None, message="")

    def discard(self, item_id: str) -> None:
        """Remove a job (the user's decision); one still with the print system is
        cancelled there first."""
        item = self._item(item_id)
        if item is not None and item.state is QueueState.SUBMITTED and item.job is not None:
            with contextlib.suppress(PrintError):
                self.backend.cancel(item.job.job_id)
            self._purge(item.job.job_id)
        self.store.remove(item_id)


def with_state(
    item: QueuedPrint, state: QueueState, job: SubmittedJob | None, message: str
) -> QueuedPrint:
    """A copy of `item` in a new state (helper for store implementations)."""
    return replace(item, state=state, job=job, message=message)
