"""Print a PDF now or queue it, follow the job to its end, retry the queue later."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from koffer.printouts.queue_store import StorePrintQueue
from koffer.printouts.settings import DevicePrinterSettings
from printing.backend import PrinterBackend, PrinterInfo, PrintError, choose_default_printer
from printing.jobs import follow_job
from printing.queue import (
    OfflinePrintQueue,
    PrintOutcome,
    PrintRequest,
    QueuedPrint,
    waiting_text,
)
from printing.status import UNREACHABLE, JobState, JobStatus

log = logging.getLogger(__name__)

#: Longest wait for a job to finish before the dialog stops watching it.
FOLLOW_TIMEOUT = 90.0


@dataclass(frozen=True, slots=True)
class PrintResult:
    """How a print request ended, for the dialog and the status bar.

    Attributes:
        message: German, calm, for the user.
        queued: the job is not printed yet: it waits in the offline queue (on its own,
            or for the user's decision).
        status: the last state the print system reported, when it was handed over.
        item_id: the job's id in the offline queue while it is there.
    """

    message: str
    queued: bool
    status: JobStatus | None = None
    item_id: str | None = None

    @property
    def trouble(self) -> bool:
        """The job did not reach the printer cleanly (the user should look)."""
        if self.status is None:
            return False
        return self.status.state in (JobState.ABORTED, JobState.CANCELED)


QUEUED_MESSAGE = waiting_text(UNREACHABLE)


class PrintService:
    """Print a PDF now or queue it, follow the job, and print the queue later.

    Args:
        backend: the print system (CUPS, or the Qt fallback).
        queue_store: where the jobs are kept (drafts.db) until they are printed.
        settings: the remembered printer, or None.
    """

    def __init__(
        self,
        backend: PrinterBackend,
        queue_store: StorePrintQueue,
        settings: DevicePrinterSettings | None = None,
        *,
        follow_timeout: float = FOLLOW_TIMEOUT,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.backend = backend
        self.queue_store = queue_store
        self.queue = OfflinePrintQueue(backend, queue_store)
        self.settings = settings
        self.follow_timeout = follow_timeout
        self._sleep = sleep

    def printers(self) -> tuple[list[PrinterInfo], str | None]:
        """Every printer and the one to preselect (remembered, else system default)."""
        printers = self.backend.list_printers()
        return printers, choose_default_printer(printers, self.settings)

    def remember(self, printer: str) -> None:
        """Remember the user's printer for next time."""
        if self.settings is not None and printer:
            self.settings.set_default_printer(printer)

    def print_pdf(
        self,
        request: PrintRequest,
        *,
        draft_id: str | None = None,
        on_update: Callable[[str], None] | None = None,
    ) -> PrintResult:
        """Keep the job in the queue, hand it over and follow it until it ends.

        The job leaves the queue only when the print system reports it completed. A
        printer that cannot be reached, a print system that crashes or restarts, or a
        job that is not done when the dialog stops watching: it stays in the queue and
        the retry loop finishes it; the user is told so, calmly.

        Raises:
            PrintError: the print system refused the job for another reason.
        """
        self.queue_store.draft_id = draft_id
        outcome: PrintOutcome = self.queue.print(request)
        if outcome.queued or outcome.job_id is None or outcome.item_id is None:
            return PrintResult(outcome.message, queued=True, item_id=outcome.item_id)
        if on_update is not None:
            on_update(outcome.message)

        def update(status: JobStatus) -> None:
            if on_update is not None:
                on_update(status.message)

        kwargs: dict[str, Any] = {"timeout": self.follow_timeout, "on_update": update}
        if self._sleep is not None:
            kwargs["sleep"] = self._sleep
        try:
            status = follow_job(self.backend, outcome.job_id, **kwargs)
        except PrintError as exc:
            lost = self.queue.lost_contact(outcome.item_id, exc)
            return PrintResult(lost.message, queued=True, item_id=outcome.item_id)
        settled = self.queue.settle(outcome.item_id, status)
        return PrintResult(
            settled.message,
            queued=settled.queued,
            status=status,
            item_id=outcome.item_id if settled.queued else None,
        )

    def retry_queue(self) -> list[QueuedPrint]:
        """Print what waits and update what was handed over; the queue afterwards."""
        self.queue.refresh()
        self.queue.retry()
        return self.queue.refresh()

    def items(self) -> list[QueuedPrint]:
        """The offline queue, oldest first."""
        return self.queue.items()

    def requeue(self, item_id: str) -> None:
        """Put a failed job back to waiting."""
        self.queue.requeue(item_id)

    def discard(self, item_id: str) -> None:
        """Remove a job (cancelled at CUPS first when it is there)."""
        self.queue.discard(item_id)
