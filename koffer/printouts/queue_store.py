"""The offline print queue kept in the encrypted drafts.db (`printing.queue`'s store).

Queued PDFs carry personal data, so they wait inside drafts.db, never in a file. The
queue is driven from a worker thread that waits on the printer for a long time; its
store calls go through the store lane, like every store call of the app.
"""

from __future__ import annotations

import builtins
from dataclasses import replace
from typing import Any

from koffer.store.lane import StoreLane, run_here
from koffer.store.print_queue import PrintQueueMixin
from printing.backend import SubmittedJob
from printing.options import PrintOptions
from printing.queue import UNKNOWN_OUTCOME, PrintRequest, QueuedPrint, QueueState

_TO_STORE = {
    QueueState.WAITING: "queued",
    QueueState.SUBMITTED: "printing",
    QueueState.FAILED: "failed",
}
_FROM_STORE = {"queued": QueueState.WAITING, "printing": QueueState.SUBMITTED}


class StorePrintQueue:
    """`PrintQueueStore` over the encrypted print queue in drafts.db.

    The print system's job (id and uuid) of a handed-over job is stored with it, so after
    a crash, a lock or a restart of the app the queue asks about that very job.

    The queue is driven from the worker thread that waits on the printer; every store
    call here goes through the store lane (`koffer.store.lane`).

    Args:
        rows: the drafts store (its print-queue part).
        lane: where store calls run.

    Attributes:
        draft_id: the draft whose printouts are queued from now on (for the audit log).
    """

    def __init__(
        self,
        rows: PrintQueueMixin,
        *,
        lane: StoreLane = run_here,
    ) -> None:
        self._rows = rows
        self._lane = lane
        self.draft_id: str | None = None

    def add(self, item: QueuedPrint) -> QueuedPrint:
        """Store a new item; the store chooses its own id, which replaces `item.id`."""
        request = item.request
        options = {k: str(v) for k, v in request.options.to_dict().items()}
        draft_id = self.draft_id

        def store() -> QueuedPrint:
            stored = self._rows.enqueue_print(
                request.pdf,
                printer=request.printer,
                options=options,
                draft_id=draft_id,
                title=request.title,
            )
            if item.message:
                self._rows.set_print_state(stored.id, "queued", item.message)
            return replace(item, id=stored.id, created_at=stored.created_at)

        return self._lane(store)

    def list(self) -> list[QueuedPrint]:
        """Every job not yet done, oldest first, with its PDF."""
        return self._lane(self._list)

    def _list(self) -> builtins.list[QueuedPrint]:
        out: builtins.list[QueuedPrint] = []
        for job in self._rows.list_print_jobs():
            state_value = str(getattr(job.state, "value", job.state))
            if state_value == "done":
                continue
            state = _FROM_STORE.get(state_value, QueueState.FAILED)
            message = job.last_error
            submitted: SubmittedJob | None = None
            if state is QueueState.SUBMITTED:
                if job.cups_job_id is None:
                    state = QueueState.FAILED
                    message = message or UNKNOWN_OUTCOME
                else:
                    submitted = SubmittedJob(
                        job.cups_job_id, job.cups_job_uuid, job.cups_contact_lost
                    )
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
                    job=submitted,
                    message=message,
                )
            )
        return out

    def update_state(
        self, item_id: str, state: QueueState, *, job: SubmittedJob | None, message: str
    ) -> None:
        """Change an item's state, the print system's job and the German message."""
        self._lane(
            lambda: self._rows.set_print_state(
                item_id,
                _TO_STORE[state],
                message,
                cups_job_id=job.job_id if job is not None else None,
                cups_job_uuid=job.uuid if job is not None else "",
                cups_contact_lost=job.contact_lost if job is not None else False,
            )
        )

    def finish(self, item_id: str) -> None:
        """Printed: "done" writes the audit entry ("printed", with the draft) and drops
        the PDF; then the row goes too."""

        def store() -> None:
            self._rows.set_print_state(item_id, "done")
            self._rows.remove_print_job(item_id)

        self._lane(store)

    def remove(self, item_id: str) -> None:
        """Delete an item and its PDF (drafts.db deletes securely); not printed."""
        self._lane(lambda: self._rows.remove_print_job(item_id))


def _typed_options(options: dict[str, Any]) -> dict[str, object]:
    out: dict[str, object] = dict(options)
    copies = options.get("copies")
    if isinstance(copies, str) and copies.isdigit():
        out["copies"] = int(copies)
    grayscale = options.get("grayscale")
    if isinstance(grayscale, str):
        out["grayscale"] = grayscale == "True"
    return out
