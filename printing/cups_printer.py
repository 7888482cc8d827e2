"""Print through CUPS with pycups: list queues, submit PDF bytes, follow and cancel jobs.

The PDF (personal data) is streamed to the scheduler from memory (Create-Job +
Send-Document); it never touches our disk. Where streaming is not possible, it is
written to a 0600 file inside a 0700 folder and removed as soon as CUPS has taken it
(and at the next start, should the process have been killed meanwhile:
`printing.handover_files`). CUPS's built-in default keeps every printed document in its
spool for a day (`PreserveJobFiles 86400`; Debian's cupsd.conf does not change it), so
the offline queue has each job it lets go of purged (`purge`), and `preserves_job_files`
tells `koffer status` how the scheduler is set (see README, "Printing and privacy").

Job titles end up in CUPS's job history: callers pass neutral titles (the form's name
and reference), never a citizen's name. What reaches the scheduler as job and document
name is an ASCII token made of that title (`printing.job_names`): Debian 12's scheduler
crashes on a document name with a space in it.

The scheduler talks IPP over one HTTP connection; when it dies or restarts halfway,
libcups reports that as an IPP "internal error", an HTTP error or a RuntimeError. After
Create-Job such a failure raises `SubmitInterruptedError` with the job, so the offline queue
can ask the scheduler about exactly that job before it prints the document again.
"""

from __future__ import annotations

import logging
import socket
import urllib.parse
from typing import Any

from printing.backend import (
    JobUnknownError,
    PrinterInfo,
    PrintError,
    SubmitInterruptedError,
    SubmittedJob,
)
from printing.handover_files import private_temp_pdf
from printing.job_names import document_name, is_safe_name, job_name
from printing.options import PrintOptions
from printing.status import (
    NOT_ACCEPTING,
    PRINTER_STOPPED,
    UNREACHABLE,
    JobState,
    JobStatus,
    means_unreachable,
)

log = logging.getLogger(__name__)

PDF = "application/pdf"
IPP_PRINTER_STOPPED = 5
#: IPP status codes we translate (RFC 8011 / CUPS).
IPP_NOT_FOUND = 0x0406
IPP_NOT_POSSIBLE = 0x0404
IPP_NOT_ACCEPTING = 0x0506
IPP_INTERNAL_ERROR = 0x0500
IPP_OK_MAX = 0x00FF
HTTP_OK = 200
HTTP_CONTINUE = 100
#: Default ports of network device URIs, for the reachability probe.
DEFAULT_PORTS = {"ipp": 631, "ipps": 631, "http": 631, "https": 443, "socket": 9100, "lpd": 515}
PROBE_TIMEOUT = 1.5

#: What the user hears when the laptop's print system cannot be asked (its scheduler is
#: down, restarting or does not answer); the technical detail goes to the log only.
PRINT_SYSTEM_DOWN = "Der Laptop kann gerade nicht drucken"
JOB_UNKNOWN = "Der Auftrag ist beim Drucken verloren gegangen"

_JOB_ATTRS = [
    "job-uuid",
    "job-state",
    "job-state-reasons",
    "job-printer-state-message",
    "job-printer-uri",
]
_CAPABILITIES = ["sides-supported", "print-color-mode-supported", "media-supported"]
_PRINTER_ATTRS = [
    "printer-state",
    "printer-state-reasons",
    "printer-state-message",
    "printer-is-accepting-jobs",
    "device-uri",
]


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _cups_errors() -> tuple[type[Exception], ...]:
    """What pycups raises: IPP errors, HTTP errors, and RuntimeError for no connection."""
    import cups

    return (cups.IPPError, cups.HTTPError, RuntimeError, OSError)


def _handover_errors() -> tuple[type[Exception], ...]:
    """pycups's errors and our own: what can break a job's handover."""
    return (PrintError, *_cups_errors())


def _translate(exc: Exception, printer: str = "") -> PrintError:
    """A pycups error as a German PrintError (with the technical detail kept)."""
    import cups

    if isinstance(exc, cups.IPPError):
        status, description = exc.args if len(exc.args) == 2 else (0, str(exc))
        if status == IPP_NOT_FOUND or "does not exist" in str(description):
            return PrintError(f"Drucker „{printer}“ ist nicht eingerichtet", str(description))
        if status == IPP_NOT_ACCEPTING:
            return PrintError(NOT_ACCEPTING, str(description))
        if status == IPP_INTERNAL_ERROR:
            # what libcups reports for a connection that broke or timed out
            return PrintError(PRINT_SYSTEM_DOWN, f"IPP {status:#06x}: {description}")
        return PrintError("Drucken fehlgeschlagen", f"IPP {status:#06x}: {description}")
    if isinstance(exc, cups.HTTPError):
        return PrintError(PRINT_SYSTEM_DOWN, f"HTTP {exc.args}")
    return PrintError(PRINT_SYSTEM_DOWN, str(exc))


def _probe(device_uri: str) -> bool:
    """Whether a network printer answers on its port; non-network URIs count as yes."""
    parts = urllib.parse.urlsplit(device_uri)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return True
    port = parts.port or DEFAULT_PORTS[scheme]
    try:
        with socket.create_connection((parts.hostname, port), timeout=PROBE_TIMEOUT):
            return True
    except OSError:
        return False


class CupsBackend:
    """`PrinterBackend` on a CUPS scheduler.

    Args:
        host: scheduler host (None: CUPS default from CUPS_SERVER / client.conf).
        port: scheduler port (None: CUPS default).
        stream: True sends the PDF from memory; False hands CUPS a private temp file.

    pycups keeps the server and port process-wide; a backend sets them before each
    connection, so several backends in one process (tests) do not disturb each other
    as long as they are used from one thread at a time.
    """

    def __init__(
        self, host: str | None = None, port: int | None = None, *, stream: bool = True
    ) -> None:
        self.host = host
        self.port = port
        self.stream = stream
        #: Jobs purged while they were still stopping, with their `job-uuid`: cupsd still
        #: lists them (`finish_purges`).
        self._lingering: dict[int, str] = {}

    def _connect(self) -> Any:
        import cups

        if self.host is not None:
            cups.setServer(self.host)
        if self.port is not None:
            cups.setPort(self.port)
        try:
            return cups.Connection()
        except RuntimeError as exc:
            raise PrintError(PRINT_SYSTEM_DOWN, str(exc)) from None

    def list_printers(self) -> list[PrinterInfo]:
        """Every queue of the scheduler, default first, then by name."""
        conn = self._connect()
        try:
            queues = conn.getPrinters()
            default = conn.getDefault()
        except _cups_errors() as exc:
            raise _translate(exc) from None
        out = []
        for name, attrs in queues.items():
            model = str(attrs.get("printer-make-and-model", ""))
            uri = str(attrs.get("device-uri", ""))
            lowered = model.lower()
            out.append(
                PrinterInfo(
                    name=name,
                    description=str(attrs.get("printer-info") or name),
                    location=str(attrs.get("printer-location", "")),
                    make_and_model=model,
                    device_uri=uri,
                    driverless="everywhere" in lowered
                    or "driverless" in lowered
                    or "airprint" in lowered
                    or uri.startswith("implicitclass:"),
                    is_default=name == default,
                    accepting=bool(attrs.get("printer-is-accepting-jobs", True)),
                    stopped=attrs.get("printer-state") == IPP_PRINTER_STOPPED,
                    state_message=str(attrs.get("printer-state-message", "")),
                )
            )
        out.sort(key=lambda p: (not p.is_default, p.name.lower()))
        return out

    def _printer_attributes(self, conn: Any, printer: str) -> dict[str, Any]:
        try:
            attrs: dict[str, Any] = conn.getPrinterAttributes(
                printer, requested_attributes=_PRINTER_ATTRS
            )
        except _cups_errors() as exc:
            raise _translate(exc, printer) from None
        return attrs

    def is_reachable(self, printer: str) -> bool:
        """Queue exists, is enabled and accepting, and a network printer answers."""
        try:
            attrs = self._printer_attributes(self._connect(), printer)
        except PrintError:
            return False
        if attrs.get("printer-state") == IPP_PRINTER_STOPPED:
            return False
        if not attrs.get("printer-is-accepting-jobs", True):
            return False
        return _probe(str(attrs.get("device-uri", "")))

    def why_unreachable(self, printer: str) -> str:
        """The German reason `is_reachable` said no (for the offline queue's message)."""
        try:
            attrs = self._printer_attributes(self._connect(), printer)
        except PrintError as exc:
            return exc.message
        if attrs.get("printer-state") == IPP_PRINTER_STOPPED:
            return PRINTER_STOPPED
        if not attrs.get("printer-is-accepting-jobs", True):
            return NOT_ACCEPTING
        return UNREACHABLE

    def submit(self, pdf: bytes, title: str, printer: str, options: PrintOptions) -> SubmittedJob:
        """Hand the PDF to CUPS; the job once the scheduler has accepted the document.

        The job is called `job_name(title)`, its document `<that name>.pdf`: ASCII
        tokens, whatever the title holds.

        Raises:
            SubmitInterruptedError: Create-Job succeeded, the document's handover broke off.
            PrintError: the scheduler refused the job, or could not be reached.
        """
        name = job_name(title)
        conn = self._connect()
        if self.stream:
            return self._submit_streamed(conn, pdf, name, printer, options)
        with private_temp_pdf(pdf, document_name(name)) as path:
            try:
                fitted = self._fit_options(conn, printer, options)
                job_id: int = conn.printFile(printer, str(path), name, fitted)
            except _cups_errors() as exc:
                raise _translate(exc, printer) from None
        return SubmittedJob(job_id, self._listed_uuid(conn, job_id) or "")

    @staticmethod
    def _fit_options(conn: Any, printer: str, options: PrintOptions) -> dict[str, str]:
        """The options the printer supports; the rest is left to the printer's default.

        A portable printer without duplex cancels a two-sided job outright ("Printer
        cannot print with supplied options"); printing one-sided is the better outcome.
        """
        wanted = CupsBackend._safe_options(options)
        import cups

        try:
            attrs = conn.getPrinterAttributes(printer, requested_attributes=_CAPABILITIES)
        except cups.IPPError as exc:
            if exc.args and exc.args[0] == IPP_NOT_FOUND:
                raise _translate(exc, printer) from None
            return wanted  # the submit that follows reports the real problem
        except _cups_errors():
            return wanted
        for option, supported_key in (
            ("sides", "sides-supported"),
            ("print-color-mode", "print-color-mode-supported"),
            ("media", "media-supported"),
        ):
            supported = _as_list(attrs.get(supported_key))
            if supported and wanted[option] not in supported:
                del wanted[option]
        return wanted

    @staticmethod
    def _safe_options(options: PrintOptions) -> dict[str, str]:
        """The options as IPP values, leaving out any value that is not a plain token.

        Option values pass the same loop of the scheduler as the document name (see
        `printing.job_names`); the printer's default beats a crashed scheduler.
        """
        wanted = options.to_ipp()
        for option, value in list(wanted.items()):
            if not is_safe_name(value):
                log.warning("print option %s left to the printer: not a plain token", option)
                del wanted[option]
        return wanted

    def _submit_streamed(
        self, conn: Any, pdf: bytes, name: str, printer: str, options: PrintOptions
    ) -> SubmittedJob:
        fitted = self._fit_options(conn, printer, options)
        try:
            job_id: int = conn.createJob(printer, name, fitted)
        except _cups_errors() as exc:
            raise _translate(exc, printer) from None
        job = SubmittedJob(job_id, self._listed_uuid(conn, job_id) or "")
        try:
            status = conn.startDocument(printer, job_id, document_name(name), PDF, 1)
            if status not in (HTTP_OK, HTTP_CONTINUE):
                raise PrintError(PRINT_SYSTEM_DOWN, f"Send-Document HTTP {status}")
            status = conn.writeRequestData(pdf, len(pdf))
            if status not in (HTTP_OK, HTTP_CONTINUE):
                raise PrintError(PRINT_SYSTEM_DOWN, f"write HTTP {status}")
            ipp_status = conn.finishDocument(printer)
            if ipp_status > IPP_OK_MAX:
                raise PrintError("Drucken fehlgeschlagen", f"IPP {ipp_status:#06x}")
        except _handover_errors() as exc:
            error = exc if isinstance(exc, PrintError) else _translate(exc, printer)
            if self._cancel_quietly(job_id):
                raise error from None  # refused and withdrawn: nothing will print
            lost = SubmittedJob(job.job_id, job.uuid, contact_lost=True)
            raise SubmitInterruptedError(error.message, error.detail, lost) from None
        return job

    def _cancel_quietly(self, job_id: int) -> bool:
        """Withdraw a job whose handover failed; whether the scheduler confirmed it.

        A fresh connection: the one the handover used may be broken. Best effort only:
        the original error is what the user must hear about.
        """
        try:
            self._connect().cancelJob(job_id, purge_job=True)
        except _handover_errors():
            return False
        return True

    def job_status(self, job_id: int) -> JobStatus:
        """Where the job stands, with printer reasons merged in while it is not done."""
        import cups

        conn = self._connect()
        try:
            job = conn.getJobAttributes(job_id, requested_attributes=_JOB_ATTRS)
        except _cups_errors() as exc:
            if isinstance(exc, cups.IPPError) and exc.args and exc.args[0] == IPP_NOT_FOUND:
                raise JobUnknownError(JOB_UNKNOWN, f"job {job_id}: {exc.args[-1]}") from None
            raise _translate(exc) from None
        state = JobState(int(job.get("job-state", JobState.PENDING)))
        reasons = [r for r in _as_list(job.get("job-state-reasons")) if r != "none"]
        message = str(job.get("job-printer-state-message") or "")
        stopped = unreachable = False
        printer = str(job.get("job-printer-uri", "")).rsplit("/", 1)[-1]
        if printer and not state.final:
            attrs = self._printer_attributes(conn, printer)
            printer_reasons = [
                r for r in _as_list(attrs.get("printer-state-reasons")) if r != "none"
            ]
            reasons += printer_reasons
            message = message or str(attrs.get("printer-state-message") or "")
            stopped = attrs.get("printer-state") == IPP_PRINTER_STOPPED
            unreachable = means_unreachable(printer_reasons, message)
        return JobStatus(
            job_id=job_id,
            state=state,
            reasons=tuple(reasons),
            cups_message=message,
            printer_unreachable=unreachable,
            printer_stopped=stopped,
            uuid=str(job.get("job-uuid") or ""),
        )

    def preserves_job_files(self) -> bool | None:
        """Whether the scheduler keeps printed documents (personal data) in its spool.

        CUPS's built-in default keeps them for a day (`PreserveJobFiles 86400`); Koffer
        wants `PreserveJobFiles No`. None when the setting cannot be read (reading the
        server configuration needs CUPS admin rights).
        """
        try:
            settings = self._connect().adminGetServerSettings()
        except _handover_errors():  # no scheduler, or no right to read its settings
            return None
        if not settings:
            return None
        # Not set in cupsd.conf means the built-in default: keep files for 86400 s.
        value = str(settings.get("PreserveJobFiles", "86400")).strip().lower()
        return value not in ("no", "off", "false", "0")

    def purge(self, job_id: int) -> bool:
        """Remove a job the app is done with (finished, or cancelled by us) from the
        scheduler, document and history; whether the scheduler keeps no copy of its
        document now.

        CUPS lets a job's owner purge it in every state (Cancel-Job with `purge-job`).
        Where that is refused, the job's `job-preserved` says whether its document is
        still in the spool; a scheduler that cannot be asked counts as keeping it.
        """
        import cups

        try:
            conn = self._connect()
        except PrintError:
            return False
        try:
            conn.cancelJob(job_id, purge_job=True)
        except _handover_errors() as exc:
            log.warning("could not purge print job %s: %s", job_id, exc)
        else:
            uuid = self._listed_uuid(conn, job_id)
            if uuid is not None:
                self._lingering[job_id] = uuid
            return True
        try:
            attrs = conn.getJobAttributes(job_id, requested_attributes=["job-preserved"])
        except cups.IPPError as exc:
            return bool(exc.args and exc.args[0] == IPP_NOT_FOUND)  # gone: nothing kept
        except _handover_errors():
            return False
        return not attrs.get("job-preserved", False)

    def finish_purges(self) -> None:
        """Purge again the jobs that cupsd still lists after their purge.

        cupsd deletes a purged job at once only when no filter or backend runs for it
        any more (`cupsdSetJobState` in its scheduler/job.c). A job cancelled a moment
        before is often still stopping: then the purge removes its document at once but
        leaves its entry (title, owner) listed as cancelled until the job history is
        next cleaned, which may be much later. Once its processes have ended, a second
        purge deletes it. The offline queue calls this at every refresh; a job whose id
        now names another job (the scheduler lost its state) is left alone.
        """
        if not self._lingering:
            return
        try:
            conn = self._connect()
        except PrintError:
            return  # asked again at the next refresh
        for job_id, uuid in sorted(self._lingering.items()):
            listed = self._listed_uuid(conn, job_id)
            if listed is None or (uuid and listed and listed != uuid):
                del self._lingering[job_id]  # gone, or the id is another job's now
                continue
            try:
                conn.cancelJob(job_id, purge_job=True)
            except _handover_errors():
                return  # the scheduler is not answering: the next refresh tries again
            if self._listed_uuid(conn, job_id) is None:
                del self._lingering[job_id]

    def _listed_uuid(self, conn: Any, job_id: int) -> str | None:
        """The job's `job-uuid` ("" when the scheduler cannot say right now), None when
        it does not know the job."""
        import cups

        try:
            attrs = conn.getJobAttributes(job_id, requested_attributes=["job-uuid"])
        except cups.IPPError as exc:
            return None if exc.args and exc.args[0] == IPP_NOT_FOUND else ""
        except _handover_errors():
            return ""
        return str(attrs.get("job-uuid") or "")

    def cancel(self, job_id: int) -> None:
        """Cancel the job (a finished job is left alone)."""
        conn = self._connect()
        try:
            conn.cancelJob(job_id, purge_job=False)
        except _cups_errors() as exc:
            error = _translate(exc)
            if "already" in error.detail.lower() or "not possible" in error.detail.lower():
                return
            raise error from None
