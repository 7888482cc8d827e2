"""The printer interface the app talks to, and which implementation to use.

Two print systems implement it: CUPS through pycups (Linux, macOS), and Qt's print
support (QtPdf renders the pages, QPrinter prints them: Windows, where pycups does not
exist). `choose_backend` picks one: the one named by `KOFFER_PRINT_BACKEND` ("cups" or
"qt"), else CUPS where pycups is installed, else Qt. The Qt backend lives in the UI
package (`koffer.ui.qt_print_backend`), because printing never imports Qt: the app hands
its factory in.
"""

from __future__ import annotations

import enum
import importlib
import os
from collections.abc import Callable
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


#: Environment variable naming the print system: "cups" or "qt" (tests, admins).
BACKEND_VARIABLE = "KOFFER_PRINT_BACKEND"


class BackendKind(enum.StrEnum):
    """The print systems Koffer can print through."""

    CUPS = "cups"  # pycups: every job followed to its end (Linux, macOS)
    QT = "qt"  # Qt's print support: handed to the system's print queue (Windows)


def backend_kind(requested: str | None = None) -> BackendKind:
    """Which print system to use: `requested`, else `KOFFER_PRINT_BACKEND`, else CUPS
    where pycups is installed, else Qt.

    Raises:
        PrintError: an unknown name, or CUPS asked for where pycups is missing.
    """
    name = (requested if requested is not None else os.environ.get(BACKEND_VARIABLE, "")).strip()
    if not name:
        return BackendKind.CUPS if cups_available() else BackendKind.QT
    try:
        kind = BackendKind(name.lower())
    except ValueError:
        raise PrintError(
            "Das eingestellte Drucksystem ist unbekannt",
            f"{BACKEND_VARIABLE}={name!r}; use cups or qt",
        ) from None
    if kind is BackendKind.CUPS and not cups_available():
        raise PrintError(
            "Das eingestellte Drucksystem ist auf diesem Laptop nicht installiert",
            "pycups is not installed",
        )
    return kind


def choose_backend(
    host: str | None = None,
    port: int | None = None,
    *,
    kind: str | None = None,
    qt_backend: Callable[[], PrinterBackend] | None = None,
) -> PrinterBackend | None:
    """The print system to print through (see `backend_kind`).

    Args:
        host: CUPS scheduler host; None uses the CUPS default (CUPS_SERVER, client.conf).
        port: CUPS scheduler port; None uses the CUPS default.
        kind: "cups" or "qt"; None: `KOFFER_PRINT_BACKEND`, else what is installed.
        qt_backend: makes the Qt backend (the UI's); without it, None is returned where
            Qt would be chosen (a caller without Qt, e.g. the Qt-free self test).

    Raises:
        PrintError: `kind` (or the variable) names no usable print system.
    """
    if backend_kind(kind) is BackendKind.QT:
        return qt_backend() if qt_backend is not None else None
    from printing.cups_printer import CupsBackend

    return CupsBackend(host=host, port=port)
