"""In-memory stand-ins for the print system and the queue's encrypted store."""

from __future__ import annotations

from dataclasses import replace

from printing.backend import JobUnknownError, PrinterInfo, PrintError, SubmittedJob
from printing.options import PrintOptions
from printing.queue import QueuedPrint, QueueState
from printing.status import JobState, JobStatus


class MemoryPrintQueueStore:
    """`PrintQueueStore` kept in a dict (the app's real one lives in drafts.db)."""

    def __init__(self) -> None:
        self.items: dict[str, QueuedPrint] = {}
        self.finished: list[str] = []

    def add(self, item: QueuedPrint) -> QueuedPrint:
        assert item.id not in self.items
        self.items[item.id] = item
        return item

    def list(self) -> list[QueuedPrint]:
        return sorted(self.items.values(), key=lambda i: i.created_at)

    def update_state(self, item_id, state, *, job, message) -> None:
        self.items[item_id] = replace(self.items[item_id], state=state, job=job, message=message)

    def finish(self, item_id: str) -> None:
        self.finished.append(item_id)
        self.items.pop(item_id, None)

    def remove(self, item_id: str) -> None:
        self.items.pop(item_id, None)


class FakeBackend:
    """A print system whose printers come and go on command.

    `forget()` plays a scheduler that crashed before it saved its jobs: it knows none of
    them and hands out the ids again, each job with a new uuid.
    """

    def __init__(self, printers=("mobil",)) -> None:
        self.reachable = dict.fromkeys(printers, True)
        self.jobs: dict[int, JobStatus] = {}
        self.submitted: list[tuple[int, bytes, str, str, PrintOptions]] = []
        self.cancelled: list[int] = []
        self.purged: list[int] = []
        #: purge refused (CUPS policy): the document stays if the print system keeps it
        self.keeps_copies = False
        self.refuse: PrintError | None = None
        self.down = False
        self._next = 1
        self._generation = 0

    def list_printers(self) -> list[PrinterInfo]:
        return [
            PrinterInfo(name, name, "", "IPP Everywhere", f"ipp://{name}", True, False, True, False)
            for name in self.reachable
        ]

    def is_reachable(self, printer: str) -> bool:
        return not self.down and self.reachable.get(printer, False)

    def _uuid(self, job_id: int) -> str:
        return f"urn:uuid:{self._generation}-{job_id}"

    def submit(self, pdf, title, printer, options) -> SubmittedJob:
        if self.down:
            raise PrintError("Der Laptop kann gerade nicht drucken", "connection refused")
        if self.refuse is not None:
            raise self.refuse
        job_id = self._next
        self._next += 1
        self.submitted.append((job_id, pdf, title, printer, options))
        self.jobs[job_id] = JobStatus(job_id, JobState.PROCESSING, uuid=self._uuid(job_id))
        return SubmittedJob(job_id, self._uuid(job_id))

    def job_status(self, job_id: int) -> JobStatus:
        if self.down:
            raise PrintError("Der Laptop kann gerade nicht drucken", "connection refused")
        if job_id not in self.jobs:
            raise JobUnknownError("Der Auftrag ist beim Drucken verloren gegangen", str(job_id))
        return self.jobs[job_id]

    def cancel(self, job_id: int) -> None:
        if self.down:
            raise PrintError("Der Laptop kann gerade nicht drucken", "connection refused")
        self.cancelled.append(job_id)
        self.set_state(job_id, JobState.CANCELED)

    def purge(self, job_id: int) -> bool:
        if self.down:
            raise PrintError("Der Laptop kann gerade nicht drucken", "connection refused")
        if self.keeps_copies:
            return False
        self.purged.append(job_id)
        self.jobs.pop(job_id, None)
        return True

    def set_state(self, job_id: int, state: JobState, **kw) -> None:
        self.jobs[job_id] = JobStatus(job_id, state, uuid=self._uuid(job_id), **kw)

    def forget(self) -> None:
        """Crash and come back without the jobs: ids start again at 1."""
        self.jobs.clear()
        self._next = 1
        self._generation += 1


__all__ = ["FakeBackend", "MemoryPrintQueueStore", "QueueState"]
