"""Job and printer states in plain German, with the reason CUPS gives.

A note on "completed": CUPS reports a job as completed once the last byte was handed to
the printer (or its backend). That is the scheduler's word, not proof of paper: a
portable printer may still jam or run dry afterwards. The app therefore says
"an den Drucker übergeben" and asks the user to check the printout.

Qt's print support (the backend where pycups is missing, e.g. on Windows) reports even
less: once it has painted the pages into the operating system's print queue it knows
nothing more of the job, not even whether the queue took it. Such a job is *untracked*
(`JobStatus.tracked` is False) and says so: "an die Druckerwarteschlange des Laptops
übergeben", and that Koffer cannot see whether it printed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class JobState(enum.IntEnum):
    """IPP job states (RFC 8011, job-state)."""

    PENDING = 3
    HELD = 4
    PROCESSING = 5
    STOPPED = 6
    CANCELED = 7
    ABORTED = 8
    COMPLETED = 9

    @property
    def final(self) -> bool:
        """Whether the job will not change any more."""
        return self >= JobState.CANCELED


STATE_TEXT: dict[JobState, str] = {
    JobState.PENDING: "Wartet auf den Drucker",
    JobState.HELD: "Auftrag zurückgehalten",
    JobState.PROCESSING: "Wird gedruckt",
    JobState.STOPPED: "Drucker angehalten",
    JobState.CANCELED: "Auftrag abgebrochen",
    JobState.ABORTED: "Auftrag abgebrochen (Fehler im Drucksystem)",
    JobState.COMPLETED: "An den Drucker übergeben – bitte prüfen Sie den Ausdruck",
}

#: What an untracked job (Qt's print support) says once it is in the system's print queue.
HANDED_TO_SYSTEM = (
    "An die Druckerwarteschlange des Laptops übergeben. Ob gedruckt wird, kann Koffer von "
    "dort nicht sehen – bitte prüfen Sie den Ausdruck"
)

UNREACHABLE = "Drucker nicht erreichbar"
PRINTER_STOPPED = "Drucker angehalten"
NOT_ACCEPTING = "Drucker nimmt keine Aufträge an"

#: printer-state-reasons / job-state-reasons keywords (without -error/-warning/-report).
REASON_TEXT: dict[str, str] = {
    "offline": UNREACHABLE,
    "connecting-to-device": UNREACHABLE,
    "timed-out": UNREACHABLE,
    "shutdown": UNREACHABLE,
    "media-empty": "Papier fehlt",
    "media-needed": "Papier fehlt",
    "input-tray-missing": "Papierfach fehlt",
    "media-jam": "Papierstau",
    "jam": "Papierstau",
    "toner-empty": "Toner oder Tinte leer",
    "marker-supply-empty": "Toner oder Tinte leer",
    "toner-low": "Toner oder Tinte fast leer",
    "marker-supply-low": "Toner oder Tinte fast leer",
    "door-open": "Klappe offen",
    "cover-open": "Klappe offen",
    "paused": PRINTER_STOPPED,
    "printer-stopped": PRINTER_STOPPED,
    "moving-to-paused": PRINTER_STOPPED,
    "job-canceled-by-user": "Auftrag abgebrochen",
    "job-canceled-by-operator": "Auftrag abgebrochen",
    "job-canceled-at-device": "Auftrag am Drucker abgebrochen",
    "aborted-by-system": "Auftrag vom Drucksystem abgebrochen",
    "job-hold-until-specified": "Auftrag zurückgehalten",
    "document-format": "Druckdatei wird vom Drucker nicht verstanden",
    "unsupported-document-format": "Druckdatei wird vom Drucker nicht verstanden",
    "document-unprintable": "Druckdatei wird vom Drucker nicht verstanden",
    "printer-busy": "Drucker ist beschäftigt",
}
#: Reason keywords that mean the printer cannot be reached at all.
UNREACHABLE_REASONS = frozenset({"offline", "connecting-to-device", "timed-out", "shutdown"})
#: Fragments of CUPS's (English) state messages that mean the same.
UNREACHABLE_MESSAGES = (
    "not exist or is unavailable",
    "not responding",
    "waiting for printer to become available",
    "unable to locate printer",
    "unable to connect",
    "connection refused",
    "host is down",
    "network is unreachable",
)


def reason_keyword(reason: str) -> str:
    """'media-empty-error' -> 'media-empty'."""
    for suffix in ("-error", "-warning", "-report"):
        if reason.endswith(suffix):
            return reason[: -len(suffix)]
    return reason


def german_reasons(reasons: Iterable[str]) -> list[str]:
    """German texts of the reasons we know, in order, without duplicates."""
    out: list[str] = []
    for reason in reasons:
        text = REASON_TEXT.get(reason_keyword(reason))
        if text and text not in out:
            out.append(text)
    return out


def means_unreachable(reasons: Iterable[str], message: str = "") -> bool:
    """Whether reasons or CUPS's message say the printer cannot be reached."""
    if any(reason_keyword(r) in UNREACHABLE_REASONS for r in reasons):
        return True
    lowered = message.lower()
    return any(fragment in lowered for fragment in UNREACHABLE_MESSAGES)


@dataclass(frozen=True, slots=True)
class JobStatus:
    """Where a print job stands, for the user.

    Attributes:
        job_id: the scheduler's job id.
        state: the IPP job state.
        reasons: raw job and printer reason keywords (for logs and tests).
        cups_message: the scheduler's own (English) message, shown as detail.
        printer_unreachable: the printer cannot be reached right now.
        printer_stopped: the queue is disabled (stopped) in CUPS.
        uuid: the scheduler's `job-uuid` ("" when the print system has none).
        tracked: the print system reports on the job after taking it (CUPS). False for
            Qt's print support: COMPLETED then means only "in the system's print
            queue", and the message says that Koffer cannot see more.
    """

    job_id: int
    state: JobState
    reasons: tuple[str, ...] = ()
    cups_message: str = ""
    printer_unreachable: bool = False
    printer_stopped: bool = False
    uuid: str = ""
    tracked: bool = True

    @property
    def final(self) -> bool:
        """Whether the job is finished, one way or another."""
        return self.state.final

    @property
    def reason_text(self) -> str:
        """The German reason, or "" when there is none worth saying."""
        if self.printer_unreachable and not self.final:
            return UNREACHABLE
        if self.printer_stopped and not self.final:
            return PRINTER_STOPPED
        texts = german_reasons(self.reasons)
        return ", ".join(texts)

    @property
    def message(self) -> str:
        """One German line: the state, and the reason when it adds something."""
        if self.state is JobState.COMPLETED and not self.tracked:
            return HANDED_TO_SYSTEM
        state_text = STATE_TEXT[self.state]
        reason = self.reason_text
        if reason and reason != state_text:
            return f"{state_text}: {reason}"
        return state_text
