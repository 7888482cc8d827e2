"""Printing wired to the app's stores, without Qt: what to render, where to print, the queue.

The UI calls everything here from background jobs (`koffer.ui.worker`), never on the UI
thread. This module knows the store and the `printing` package; `printing` knows neither
the store nor Qt, so the adapters between the two live here:

- `DevicePrinterSettings`: the remembered printer and letterhead in device.db settings.
- `StorePrintQueue`: `printing.queue.PrintQueueStore` over the print queue in drafts.db
  (encrypted, like every PDF with personal data).
- `build_content`: a draft with its form, signature, attachments, staff name and
  letterhead as a `printing.content.PrintJobContent`.
- `PrintService`: print now or queue, follow the job to its end, retry the queue.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any, Literal, Protocol

from forms.model import AnswerValue, Template
from printing.backend import (
    PrinterBackend,
    PrinterInfo,
    PrintError,
    SubmittedJob,
    choose_default_printer,
)
from printing.blank import render_blank
from printing.content import (
    AttachmentInfo,
    Letterhead,
    PrintJobContent,
    SignatureInfo,
    VisitInfo,
)
from printing.jobs import follow_job
from printing.options import PrintOptions
from printing.queue import (
    UNKNOWN_OUTCOME,
    OfflinePrintQueue,
    PrintOutcome,
    PrintRequest,
    QueuedPrint,
    QueueState,
    waiting_text,
)
from printing.render import render_filled, render_visit_record
from printing.status import UNREACHABLE, JobState, JobStatus

log = logging.getLogger(__name__)

#: device.db setting keys.
DEFAULT_PRINTER_SETTING = "print.default_printer"
LETTERHEAD_SETTING = "print.letterhead"
PLACE_SETTING = "print.place"

#: Prefix of a reference made on the laptop before the town hall gave one.
PROVISIONAL_PREFIX = "VORL-"
PROVISIONAL_LABEL = "vorläufig"
#: The catalog form whose drafts print as a visit record (Hausbesuchsprotokoll).
VISIT_TEMPLATE_ID = "hausbesuchsprotokoll"
#: Longest wait for a job to finish before the dialog stops watching it.
FOLLOW_TIMEOUT = 90.0

DocumentKind = Literal["office", "citizen", "visit", "blank"]

KIND_TITLE: dict[str, str] = {
    "office": "Ausfertigung Amt",
    "citizen": "Ausfertigung Bürger",
    "visit": "Hausbesuchsprotokoll",
    "blank": "Leeres Formular",
}


class SettingsStore(Protocol):
    """The part of `DeviceStore` used for printing settings."""

    def get_setting(self, key: str, default: Any = None) -> Any:
        """The JSON value under `key`."""
        ...

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON value under `key`."""
        ...


class DevicePrinterSettings:
    """`printing.backend.PrinterSettings` kept in device.db (no personal data)."""

    def __init__(self, device: SettingsStore) -> None:
        self._device = device

    def get_default_printer(self) -> str | None:
        """The remembered printer's queue name, if any."""
        value = self._device.get_setting(DEFAULT_PRINTER_SETTING, None)
        return value if isinstance(value, str) and value else None

    def set_default_printer(self, name: str) -> None:
        """Remember `name` as the printer to use."""
        self._device.set_setting(DEFAULT_PRINTER_SETTING, name)


def load_letterhead(device: SettingsStore | None) -> Letterhead:
    """The letterhead from the settings; every missing or mistyped field keeps its default.

    The setting is a JSON object with `Letterhead`'s field names (the logo as base64 PNG
    under "logo_png_base64"), written by an admin or the town hall's configuration.
    """
    if device is None:
        return Letterhead()
    raw = device.get_setting(LETTERHEAD_SETTING, None)
    if not isinstance(raw, dict):
        return Letterhead()
    base = Letterhead()
    values: dict[str, Any] = {}
    for item in fields(Letterhead):
        value = raw.get(item.name)
        default = getattr(base, item.name)
        if item.name == "address_lines" and isinstance(value, list):
            values[item.name] = tuple(str(v) for v in value)
        elif isinstance(value, str | bool) and type(value) is type(default):
            values[item.name] = value
    logo = raw.get("logo_png_base64")
    if isinstance(logo, str) and logo:
        import base64
        import binascii

        try:
            values["logo_png"] = base64.b64decode(logo, validate=True)
        except (binascii.Error, ValueError):
            log.warning("letterhead logo is not valid base64; the placeholder is printed")
    return Letterhead(**{**{f.name: getattr(base, f.name) for f in fields(base)}, **values})


def print_place(device: SettingsStore | None, letterhead: Letterhead) -> str:
    """Where applications are taken, for the receipt ("Ort"): setting, else the town."""
    value = device.get_setting(PLACE_SETTING, None) if device is not None else None
    return value if isinstance(value, str) and value.strip() else letterhead.municipality


# ----------------------------------------------------------------------------- references


def provisional_reference(draft_id: str) -> str:
    """A local reference until the town hall gives one: "VORL-" + first 8 of the draft id."""
    return PROVISIONAL_PREFIX + re.sub(r"[^0-9A-Za-z]", "", draft_id)[:8]


def is_provisional(reference: str) -> bool:
    """Whether `reference` was made on the laptop (not yet the town hall's)."""
    return reference.startswith(PROVISIONAL_PREFIX)


def reference_of(draft: Any) -> str:
    """The town hall's reference when sync delivered one, else the provisional one."""
    reference = getattr(draft, "reference", None)
    return str(reference) if reference else provisional_reference(str(draft.id))


def printed_reference(reference: str) -> str:
    """The reference as printed: a provisional one says so on paper too."""
    if is_provisional(reference):
        return f"{reference} ({PROVISIONAL_LABEL})"
    return reference


def job_title(template: Template, kind: str, reference: str = "") -> str:
    """A neutral CUPS job title (form, copy, reference; never a citizen's name).

    CUPS keeps job titles in its history, so only what identifies the paper, not the
    person, goes in.
    """
    parts = [template.title, KIND_TITLE.get(kind, kind)]
    if reference:
        parts.append(reference)
    return " – ".join(parts)


# ----------------------------------------------------------------------------- content


class DraftSource(Protocol):
    """The part of `DraftStore` that printing reads."""

    def get_draft(self, draft_id: str) -> Any:
        """The draft."""
        ...

    def get_signature(self, draft_id: str, field_id: str) -> Any:
        """A field's signature, or None."""
        ...

    def list_attachments(self, draft_id: str) -> list[Any]:
        """The draft's attachments (metadata only)."""
        ...

    def list_visits(self, *, include_done: bool = True) -> list[Any]:
        """Planned and done visits."""
        ...


def signature_field_id(template: Template) -> str | None:
    """The form's signature field, if it has one."""
    return next((f.id for f in template.iter_fields() if f.type == "signature"), None)


@dataclass(frozen=True, slots=True)
class PrintFacts:
    """What printing needs beyond the draft: who prints, where, on whose letterhead."""

    staff_name: str
    letterhead: Letterhead
    place: str
    now: dt.datetime


def build_content(
    drafts: DraftSource, draft_id: str, template: Template, facts: PrintFacts
) -> PrintJobContent:
    """The printout of a draft: answers, signature, attachments, reference, letterhead.

    Runs on the worker (it reads drafts.db). For a visit record form the visit's facts
    (date, address, staff, participants) are added from the answers and the linked visit.
    """
    draft = drafts.get_draft(draft_id)
    signature: SignatureInfo | None = None
    created_at = facts.now
    field_id = signature_field_id(template)
    if field_id is not None:
        stored = drafts.get_signature(draft_id, field_id)
        if stored is not None and stored.png:
            signature = SignatureInfo(
                png=bytes(stored.png),
                signer=draft.citizen_name,
                place=facts.place,
                signed_at=stored.created_at,
                content_sha256=stored.content_sha256,
            )
            created_at = stored.created_at
    attachments = tuple(
        AttachmentInfo(filename=a.filename, media_type=a.media_type, id=a.id)
        for a in drafts.list_attachments(draft_id)
    )
    visit = _visit_info(drafts, draft, facts) if template.id == VISIT_TEMPLATE_ID else None
    return PrintJobContent(
        template=template,
        answers=dict(draft.answers),
        reference=printed_reference(reference_of(draft)),
        staff_name=facts.staff_name,
        place=facts.place,
        created_at=created_at,
        signature=signature,
        attachments=attachments,
        letterhead=facts.letterhead,
        visit=visit,
    )


def _text(value: AnswerValue) -> str:
    return value.strip() if isinstance(value, str) else ""


def _visit_info(drafts: DraftSource, draft: Any, facts: PrintFacts) -> VisitInfo:
    answers: dict[str, Any] = dict(draft.answers)
    linked = next((v for v in drafts.list_visits() if v.draft_id == draft.id), None)
    visited_at = _visit_time(answers) or (linked.planned_at if linked else None) or facts.now
    address = _text(answers.get("anschrift")) or (linked.address if linked else "")
    staff = _text(answers.get("mitarbeiter_name")) or facts.staff_name
    rows = answers.get("anwesende")
    participants = tuple(
        name
        for row in (rows if isinstance(rows, list) else [])
        if isinstance(row, dict) and (name := _text(row.get("anw_name")))
    )
    return VisitInfo(
        visited_at=visited_at, address=address, staff_name=staff, participants=participants
    )


def _visit_time(answers: dict[str, Any]) -> dt.datetime | None:
    day = answers.get("besuchsdatum")
    if not isinstance(day, str):
        return None
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        return None
    clock = re.fullmatch(
        r"\s*(\d{1,2})[:.](\d{2})\s*(Uhr)?\s*", _text(answers.get("uhrzeit_beginn"))
    )
    hour, minute = (int(clock.group(1)), int(clock.group(2))) if clock else (0, 0)
    if hour > 23 or minute > 59:
        hour, minute = 0, 0
    local = dt.datetime.now().astimezone().tzinfo
    return dt.datetime(date.year, date.month, date.day, hour, minute, tzinfo=local)


def render_document(
    kind: DocumentKind,
    template: Template,
    content: PrintJobContent | None,
    *,
    letterhead: Letterhead | None = None,
    large_print: bool = False,
) -> bytes:
    """PDF bytes of one document (in memory; never written to disk here).

    Raises:
        ValueError: a filled kind without `content`.
    """
    if kind == "blank":
        return render_blank(template, letterhead=letterhead, large_print=large_print)
    if content is None:
        raise ValueError(f"{kind} needs the draft's content")
    if kind == "visit":
        return render_visit_record(content, large_print=large_print)
    return render_filled(content, kind, large_print=large_print)


# ----------------------------------------------------------------------------- queue store


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

    def set_print_state(
        self,
        job_id: str,
        state: Any,
        error: str = "",
        *,
        cups_job_id: int | None = None,
        cups_job_uuid: str = "",
        cups_contact_lost: bool = False,
    ) -> None:
        """Record a state, message and the print system's job."""
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

    The print system's job (id and uuid) of a handed-over job is stored with it, so after
    a crash, a lock or a restart of the app the queue asks about that very job.

    Args:
        rows: the drafts store.

    Attributes:
        draft_id: the draft whose printouts are queued from now on (for the audit log).
    """

    def __init__(self, rows: QueueRows) -> None:
        self._rows = rows
        self.draft_id: str | None = None

    def add(self, item: QueuedPrint) -> QueuedPrint:
        """Store a new item; the store chooses its own id, which replaces `item.id`."""
        request = item.request
        options = {k: str(v) for k, v in request.options.to_dict().items()}
        stored = self._rows.enqueue_print(
            request.pdf,
            printer=request.printer,
            options=options,
            draft_id=self.draft_id,
            title=request.title,
        )
        if item.message:
            self._rows.set_print_state(stored.id, "queued", item.message)
        return replace(item, id=stored.id, created_at=stored.created_at)

    def list(self) -> list[QueuedPrint]:
        """Every job not yet done, oldest first, with its PDF."""
        out: list[QueuedPrint] = []
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
        self._rows.set_print_state(
            item_id,
            _TO_STORE[state],
            message,
            cups_job_id=job.job_id if job is not None else None,
            cups_job_uuid=job.uuid if job is not None else "",
            cups_contact_lost=job.contact_lost if job is not None else False,
        )

    def finish(self, item_id: str) -> None:
        """Printed: "done" writes the audit entry ("printed", with the draft) and drops
        the PDF; then the row goes too."""
        self._rows.set_print_state(item_id, "done")
        self._rows.remove_print_job(item_id)

    def remove(self, item_id: str) -> None:
        """Delete an item and its PDF (drafts.db deletes securely); not printed."""
        self._rows.remove_print_job(item_id)


def _typed_options(options: dict[str, Any]) -> dict[str, object]:
    out: dict[str, object] = dict(options)
    copies = options.get("copies")
    if isinstance(copies, str) and copies.isdigit():
        out["copies"] = int(copies)
    grayscale = options.get("grayscale")
    if isinstance(grayscale, str):
        out["grayscale"] = grayscale == "True"
    return out


# ----------------------------------------------------------------------------- service


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
