"""Follow a print job until it ends, or until it is clear it cannot print now."""

from __future__ import annotations

import time
from collections.abc import Callable

from printing.backend import PrinterBackend
from printing.status import JobStatus


def follow_job(
    backend: PrinterBackend,
    job_id: int,
    *,
    timeout: float = 120.0,
    interval: float = 0.5,
    on_update: Callable[[JobStatus], None] | None = None,
    stop_when_blocked: bool = True,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> JobStatus:
    """Poll the job until it is final; the last status.

    Args:
        backend: the print system.
        job_id: the job to follow.
        timeout: give up after this many seconds and return the last status.
        interval: seconds between polls.
        on_update: called with every status that differs from the previous one (the UI
            shows `status.message`).
        stop_when_blocked: return early when the printer is unreachable or stopped, so
            the caller can move the job to the offline queue instead of waiting.
        clock: time source (tests pass a fake one).
        sleep: how to wait (tests pass a fake one).

    Note: COMPLETED means the scheduler handed the last byte on; it is not proof that
    paper came out (see `printing.status`).
    """
    deadline = clock() + timeout
    last: JobStatus | None = None
    while True:
        status = backend.job_status(job_id)
        if on_update is not None and status != last:
            on_update(status)
        last = status
        if status.final:
            return status
        if stop_when_blocked and (status.printer_unreachable or status.printer_stopped):
            return status
        if clock() >= deadline:
            return status
        sleep(interval)
