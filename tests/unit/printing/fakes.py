"""In-memory stand-ins for the print system and the queue's encrypted store."""

from __future__ import annotations

from dataclasses import replace

from printing.backend import PrinterInfo, PrintError
from printing.options import PrintOptions
from printing.queue import QueuedPrint, QueueState
from printing.status import JobState, JobStatus


class MemoryPrintQueueStore:
    """`PrintQueueStore` kept in a dict (the app's real one lives in drafts.db)."""

    def __init__(self) -> None:
        self.items: dict[str, QueuedPrint] = {}

    def add(self, item: QueuedPrint) -> None:
        assert item.id not in self.items
        self.items[item.id] = item

    def list(self) -> list[QueuedPrint]:
        return sorted(self.items.values(), key=lambda i: i.created_at)

    def update_state(self, item_id, state, *, job_id, message) -> None:
        self.items[item_id] = replace(
            self.items[item_id], state=state, job_id=job_id, message=message
        )

    def remove(self, item_id: str) -> None:
        self.items.pop(item_id, None)


class FakeBackend:
    """A print system whose printers come and go on command."""

    def __init__(self, printers=("mobil",)) -> None:
        self.reachable = dict.fromkeys(printers, True)
        self.jobs: dict[int, JobStatus] = {}
        self.submitted: list[tuple[int, bytes, str, str, PrintOptions]] = []
        self.cancelled: list[int] = []
        self.refuse: PrintError | None = None
        self._next = 1

    def list_printers(self) -> list[PrinterInfo]:
        return [
            PrinterInfo(name, name, "", "IPP Everywhere", f"ipp://{name}", True, False, True, False)
            for name in self.reachable
        ]

    def is_reachable(self, printer: str) -> bool:
        return self.reachable.get(printer, False)

    def submit(self, pdf, title, printer, options) -> int:
        if self.refuse is not None:
            raise self.refuse
        job_id = self._next
        self._next += 1
        self.submitted.append((job_id, pdf, title, printer, options))
        self.jobs[job_id] = JobStatus(job_id, JobState.PROCESSING)
        return job_id

    def job_status(self, job_id: int) -> JobStatus:
        return self.jobs[job_id]

    def cancel(self, job_id: int) -> None:
        self.cancelled.append(job_id)
        self.jobs[job_id] = JobStatus(job_id, JobState.CANCELED)

    def set_state(self, job_id: int, state: JobState, **kw) -> None:
        self.jobs[job_id] = JobStatus(job_id, state, **kw)


__all__ = ["FakeBackend", "MemoryPrintQueueStore", "QueueState"]
