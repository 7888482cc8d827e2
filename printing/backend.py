"""The printer interface the app talks to, and which implementation to use.

CUPS (through pycups) on Linux and macOS; without CUPS (Windows, or pycups missing) the
UI package provides a Qt implementation of the same Protocol, so this module returns
`None` and the app chooses the Qt fallback. Printing never imports Qt itself.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol

from printing.options import PrintOptions
from printing.status import JobStatus


class PrintError(Exception):
    """Printing failed in a way the user should be told about.

    Attributes:
        message: German, for the user.
        detail: technical detail (English, from CUPS), for the log; never personal data.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        self.message = message
        self.detail = detail
        super().__init__(f"{message} ({detail})" if detail else message)


@dataclass(frozen=True, slots=True)
class SubmittedJob:
    """A job the print system took, as the offline queue remembers it.

    Attributes:
        job_id: the print system's job id.
        uuid: the print system's `job-uuid`, when it has one. Job ids are not unique over
            time: a scheduler that crashed before it saved a job hands the same id to the
            next one, so the queue compares the uuid before it trusts a job's state.
        contact_lost: the print system stopped answering (or broke off the handover)
            since it took the job: if it does not know the job afterwards, it lost it
            in a crash. Without that, an unknown job was most likely printed and then
            dropped from the history (`PreserveJobHistory No`).
    """

    job_id: int
    uuid: str = ""
    contact_lost: bool = False


class JobUnknownError(PrintError):
    """The print system does not know the job (any more): it never kept it, or lost it."""


class SubmitInterruptedError(PrintError):
    """The job was created but the document's handover was cut off (scheduler gone).

    Whether the print system kept the job is unknown until it answers again; the queue
    keeps the job and asks by `job` before it sends the document once more.

    Attributes:
        job: the job that was created.
    """

    def __init__(self, message: str, detail: str, job: SubmittedJob) -> None:
        super().__init__(message, detail)
        self.job = job


@dataclass(frozen=True, slots=True)
class PrinterInfo:
    """One print queue as the user sees it in the printer list.

    Attributes:
        name: the queue name (what jobs are sent to).
        description: the human name ("Büro-Drucker"), or the name.
        location: where it is, if configured.
        make_and_model: printer model or driver name.
        device_uri: where CUPS sends the jobs.
        driverless: True for IPP Everywhere / AirPrint queues (no vendor driver).
        is_default: the scheduler's default queue.
        accepting: the queue accepts new jobs.
        stopped: the queue is disabled (paused) in CUPS.
        state_message: CUPS's current message about the printer.
    """

    name: str
    description: str
    location: str
    make_and_model: str
    device_uri: str
    driverless: bool
    is_default: bool
    accepting: bool
    stopped: bool
    state_message: str = ""


class PrinterBackend(Protocol):
    """What the app needs from a print system."""

    def list_printers(self) -> list[PrinterInfo]:
        """Every usable print queue."""
        ...

    def is_reachable(self, printer: str) -> bool:
        """Whether a job sent to `printer` now can be printed now (quick check)."""
        ...

    def submit(self, pdf: bytes, title: str, printer: str, options: PrintOptions) -> SubmittedJob:
        """Hand a PDF to the print system; the job it created.

        Raises:
            SubmitInterruptedError: the job was created, the handover of the document cut off.
            PrintError: nothing was handed over.
        """
        ...

    def job_status(self, job_id: int) -> JobStatus:
        """Where the job stands.

        Raises:
            JobUnknownError: the print system does not know the job.
            PrintError: the print system cannot be asked now.
        """
        ...

    def cancel(self, job_id: int) -> None:
        """Cancel a job that has not finished. Raises PrintError."""
        ...


class PrinterSettings(Protocol):
    """Where the app remembers the chosen printer (implemented by the app's settings)."""

    def get_default_printer(self) -> str | None:
        """The remembered printer's queue name, if any."""
        ...

    def set_default_printer(self, name: str) -> None:
        """Remember `name` as the printer to use."""
        ...


def choose_default_printer(
    printers: list[PrinterInfo], settings: PrinterSettings | None = None
) -> str | None:
    """The printer to preselect: remembered, else the system default, else driverless.

    A remembered printer that no longer exists is skipped (the portable printer may
    have been re-added under another name), so the user is never sent to a ghost.
    """
    names = {p.name for p in printers}
    remembered = settings.get_default_printer() if settings else None
    if remembered in names:
        return remembered
    for printer in printers:
        if printer.is_default:
            return printer.name
    for printer in printers:
        if printer.driverless:
            return printer.name
    return printers[0].name if printers else None


def remember_printer(settings: PrinterSettings, printers: list[PrinterInfo], name: str) -> str:
    """Remember the user's choice; returns the name.

    Raises:
        PrintError: when `name` is not one of `printers`.
    """
    if name not in {p.name for p in printers}:
        raise PrintError(f"Drucker „{name}“ ist nicht eingerichtet")
    settings.set_default_printer(name)
    return name


def cups_available() -> bool:
    """Whether pycups can be imported (it is absent on Windows and in slim installs)."""
    try:
        importlib.import_module("cups")
    except ImportError:
        return False
    return True


def choose_backend(host: str | None = None, port: int | None = None) -> PrinterBackend | None:
    """The CUPS backend when pycups is there, else None: the app then uses Qt printing.

    Args:
        host: scheduler host; None uses the CUPS default (CUPS_SERVER, client.conf).
        port: scheduler port; None uses the CUPS default.
    """
    if not cups_available():
        return None
    from printing.cups_printer import CupsBackend

    return CupsBackend(host=host, port=port)
