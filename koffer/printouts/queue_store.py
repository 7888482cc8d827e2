"""The offline print queue kept in the encrypted drafts.db (`printing.queue`'s store).

Queued PDFs carry personal data, so they wait inside drafts.db, never in a file. The
queue is driven from a worker thread that waits on the printer for a long time; its
store calls go through the store lane, like every store call of the app.
"""

from __future__ import annotations

import builtins
from typing import Any, Protocol

from koffer.store.lane import StoreLane, run_here
from printing.options import PrintOptions
from printing.queue import PrintRequest, QueuedPrint, QueueState


class QueueRows(Protocol):
    """The print-queue part of `DraftStore` (see `koffer.store.print_queue`)."""

    def enqueue_print(
        self,
        pdf: bytes,
        *,
        printer: str = "",
        options: dict[str, str] | None = None,
        draft_id: str | None = None,
        title: str = "",
    ) -> Any:
        """Queue a PDF; the stored job."""
        ...

    def list_print_jobs(self, state: Any = None) -> list[Any]:
        """Stored jobs, oldest first."""
        ...

    def get_print_pdf(self, job_id: str) -> bytes:
        """A stored job's PDF."""
        ...

    def set_print_state(self, job_id: str, state: Any, error: str = "") -> None:
        """Record a state and message."""
        ...

    def remove_print_job(self, job_id: str) -> None:
        """Delete a job and its PDF."""
        ...


_TO_STORE = {
    QueueState.WAITING: "queued",
    QueueState.SUBMITTED: "printing",
    QueueState.FAILED: "failed",
}
_FROM_STORE = {"queued": QueueState.WAITING, "printing": QueueState.SUBMITTED}


class StorePrintQueue:
    """`PrintQueueStore` over the encrypted print queue in drafts.db.

    The store keeps no CUPS job id, so the ids of jobs handed to CUPS are held here, in
    memory. After a restart a job still marked "printing" has no id any more: it is
    shown as waiting for the user's decision (failed), never printed twice on its own.

    The queue is driven from the worker thread that waits on the printer; every store
    call here goes through the store lane (`koffer.store.lane`).

    Args:
        rows: the drafts store.
        job_ids: CUPS job ids of handed-over jobs; the app passes the same dict again
            after locking and unlocking, so a running job is still followed.
        lane: where store calls run.

    Attributes:
        draft_id: the draft whose printouts are queued from now on (for the audit log).
    """

    def __init__(
        self,
        rows: QueueRows,
        job_ids: dict[str, int] | None = None,
        *,
        lane: StoreLane = run_here,
    ) -> None:
        self._rows = rows
        self._lane = lane
        self._job_ids: dict[str, int] = job_ids if job_ids is not None else {}
        self._aliases: dict[str, str] = {}  # the queue's item id -> the store's job id
        self.draft_id: str | None = None

    def add(self, item: QueuedPrint) -> None:
        """Store a new item; the store chooses its own id, which replaces `item.id`."""
        request = item.request
        options = {k: str(v) for k, v in request.options.to_dict().items()}
        draft_id = self.draft_id

        def store() -> str:
            stored = self._rows.enqueue_print(
                request.pdf,
                printer=request.printer,
                options=options,
                draft_id=draft_id,
                title=request.title,
            )
            if item.message:
                self._rows.set_print_state(stored.id, "queued", item.message)
            return str(stored.id)

        self._aliases[item.id] = self._lane(store)

    def _id(self, item_id: str) -> str:
        return self._aliases.get(item_id, item_id)

    def list(self) -> list[QueuedPrint]:
        """Every job not yet done, oldest first, with its PDF."""
        return self._lane(self._list)

    def _list(self) -> builtins.list[QueuedPrint]:
        out: builtins.list[QueuedPrint] = []
        for job in self._rows.list_print_jobs():
            state_value = str(getattr(job.state, "value", job.state))
            if state_value == "done":
                continue
            job_id = self._job_ids.get(job.id)
            state = _FROM_STORE.get(state_value, QueueState.FAILED)
            message = job.last_error
            if state is QueueState.SUBMITTED and job_id is None:
                state = QueueState.FAILED
                message = message or "Ob gedruckt wurde, ist unbekannt – bitte Ausdruck prüfen"
            out.append(
                QueuedPrint(
                    id=job.id,
                    created_at=job.created_at,
                    request=PrintRequest(
                        pdf=self._rows.get_print_pdf(job.id),
                        title=job.title,
                        printer=job.printer,
                        options=PrintOptions.from_dict(_typed_options(job.options)),
                    ),
                    state=state,
                    job_id=job_id,
                    message=message,
                )
            )
        return out

    def update_state(
        self, item_id: str, state: QueueState, *, job_id: int | None, message: str
    ) -> None:
        """Change an item's state, CUPS job id and German message."""
        key = self._id(item_id)
        if job_id is None:
            self._job_ids.pop(key, None)
        else:
            self._job_ids[key] = job_id
        self._lane(lambda: self._rows.set_print_state(key, _TO_STORE[state], message))

    def remove(self, item_id: str) -> None:
        """Delete an item and its PDF (drafts.db deletes securely)."""
        key = self._id(item_id)
        self._job_ids.pop(key, None)
        self._lane(lambda: self._rows.remove_print_job(key))


def _typed_options(options: dict[str, Any]) -> dict[str, object]:
    out: dict[str, object] = dict(options)
    copies = options.get("copies")
    if isinstance(copies, str) and copies.isdigit():
        out["copies"] = int(copies)
    grayscale = options.get("grayscale")
    if isinstance(grayscale, str):
        out["grayscale"] = grayscale == "True"
    return out
