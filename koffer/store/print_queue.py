"""The offline print queue: PDFs kept (encrypted) until a printer is reachable; part
of `DraftStore`."""

from __future__ import annotations

import json
import uuid
from typing import Any

from koffer.store._base import StoreBase, dumps
from koffer.store.errors import DraftNotFound
from koffer.store.models import PrintJob, PrintState, from_text, to_text


class PrintQueueMixin(StoreBase):
    """Print jobs (PDF bytes + printer + options + state)."""

    def enqueue_print(
        self,
        pdf: bytes,
        *,
        printer: str = "",
        options: dict[str, str] | None = None,
        draft_id: str | None = None,
        title: str = "",
    ) -> PrintJob:
        """Queue a PDF for printing when a printer is reachable."""
        job_id = str(uuid.uuid4())
        now = to_text(self._clock())
        with self._conn.transaction():
            self._conn.execute(
                "INSERT INTO print_jobs (id, draft_id, title, printer, options, pdf, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (job_id, draft_id, title, printer, dumps(options or {}), pdf, now, now),
            )
        return self._print_job(job_id)

    def _print_job(self, job_id: str) -> PrintJob:
        row = self._conn.query_one(
            _SELECT + " WHERE id = ?",
            (job_id,),
        )
        if row is None:
            raise DraftNotFound(f"print job {job_id}")
        return _job_from_row(row)

    def list_print_jobs(self, state: PrintState | str | None = None) -> list[PrintJob]:
        """Print jobs, oldest first (only one state if given)."""
        sql = _SELECT
        params: tuple[str, ...] = ()
        if state is not None:
            sql += " WHERE state = ?"
            params = (PrintState(state).value,)
        return [
            _job_from_row(r) for r in self._conn.query(sql + " ORDER BY created_at, rowid", params)
        ]

    def get_print_pdf(self, job_id: str) -> bytes:
        """The PDF of a queued job."""
        row = self._conn.query_one("SELECT pdf FROM print_jobs WHERE id = ?", (job_id,))
        if row is None:
            raise DraftNotFound(f"print job {job_id}")
        return bytes(row[0])

    def set_print_state(
        self,
        job_id: str,
        state: PrintState | str,
        error: str = "",
        *,
        cups_job_id: int | None = None,
        cups_job_uuid: str = "",
        cups_contact_lost: bool = False,
    ) -> None:
        """Record progress and the print system's job (None: it has none of ours).

        A done job drops its PDF (personal data) and is audited.
        """
        new = PrintState(state)
        with self._conn.transaction():
            row = self._conn.query_one("SELECT draft_id FROM print_jobs WHERE id = ?", (job_id,))
            if row is None:
                raise DraftNotFound(f"print job {job_id}")
            self._conn.execute(
                "UPDATE print_jobs SET state = ?, last_error = ?, updated_at = ?, "
                "cups_job_id = ?, cups_job_uuid = ?, cups_contact_lost = ?, "
                "attempts = attempts + (? = 'printing'), "
                "pdf = CASE WHEN ? = 'done' THEN X'' ELSE pdf END WHERE id = ?",
                (
                    new.value,
                    error[:500],
                    to_text(self._clock()),
                    cups_job_id,
                    cups_job_uuid if cups_job_id is not None else "",
                    int(cups_contact_lost and cups_job_id is not None),
                    new.value,
                    new.value,
                    job_id,
                ),
            )
        if new == PrintState.DONE:
            self._erase_deleted()
            self._audit("printed", row[0])

    def remove_print_job(self, job_id: str) -> None:
        """Drop a job and its PDF from the queue."""
        with self._conn.transaction():
            self._conn.execute("DELETE FROM print_jobs WHERE id = ?", (job_id,))
        self._erase_deleted()


_SELECT = (
    "SELECT id, draft_id, title, printer, options, state, attempts, last_error, "
    "created_at, updated_at, cups_job_id, cups_job_uuid, cups_contact_lost FROM print_jobs"
)


def _job_from_row(row: tuple[Any, ...]) -> PrintJob:
    return PrintJob(
        id=row[0],
        draft_id=row[1],
        title=row[2],
        printer=row[3],
        options=json.loads(row[4]),
        state=PrintState(row[5]),
        attempts=int(row[6]),
        last_error=row[7],
        created_at=from_text(row[8]),
        updated_at=from_text(row[9]),
        cups_job_id=None if row[10] is None else int(row[10]),
        cups_job_uuid=str(row[11] or ""),
        cups_contact_lost=bool(row[12]),
    )
