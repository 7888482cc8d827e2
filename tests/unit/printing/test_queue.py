import datetime as dt

import pytest

from printing.backend import PrintError
from printing.options import PrintOptions
from printing.queue import OfflinePrintQueue, PrintRequest, QueueState
from printing.status import JobState, JobStatus
from tests.unit.printing.fakes import FakeBackend, MemoryPrintQueueStore

PDF = b"%PDF-1.4 personal data"


def request(printer="mobil"):
    return PrintRequest(PDF, "Wohngeld SOZ-1", printer, PrintOptions(copies=2))


@pytest.fixture
def setup():
    backend = FakeBackend()
    store = MemoryPrintQueueStore()
    queue = OfflinePrintQueue(backend, store, now=lambda: dt.datetime(2026, 11, 21, tzinfo=dt.UTC))
    return backend, store, queue


def test_reachable_printer_prints_at_once_and_nothing_is_stored(setup):
    backend, store, queue = setup
    outcome = queue.print(request())
    assert not outcome.queued
    assert outcome.job_id == 1
    assert backend.submitted[0][1:4] == (PDF, "Wohngeld SOZ-1", "mobil")
    assert store.items == {}


def test_unreachable_printer_queues_the_job_with_a_german_message(setup):
    backend, _store, queue = setup
    backend.reachable["mobil"] = False
    outcome = queue.print(request())
    assert outcome.queued
    assert "Drucker nicht erreichbar" in outcome.message
    assert "Druckwarteschlange" in outcome.message
    (item,) = queue.items()
    assert item.state is QueueState.WAITING
    assert item.request.pdf == PDF
    assert item.state_text == "Wartet auf den Drucker: Drucker nicht erreichbar"
    assert backend.submitted == []


def test_queued_job_prints_when_the_printer_is_back_and_leaves_when_completed(setup):
    backend, _store, queue = setup
    backend.reachable["mobil"] = False
    queue.print(request())
    assert queue.retry() == []  # still away
    backend.reachable["mobil"] = True
    (outcome,) = queue.retry()
    assert outcome.job_id == 1
    assert queue.items()[0].state is QueueState.SUBMITTED
    assert queue.retry() == []  # not submitted twice
    queue.refresh()
    assert len(queue.items()) == 1  # still processing: PDF kept
    backend.set_state(1, JobState.COMPLETED)
    assert queue.refresh() == []
    assert len(backend.submitted) == 1


def test_printer_lost_while_printing_moves_the_job_back_to_waiting(setup):
    backend, _store, queue = setup
    backend.reachable["mobil"] = False
    queue.print(request())
    backend.reachable["mobil"] = True
    queue.retry()
    backend.set_state(1, JobState.PROCESSING, printer_unreachable=True)
    (item,) = queue.refresh()
    assert item.state is QueueState.WAITING
    assert item.message == "Drucker nicht erreichbar"
    assert backend.cancelled == [1]  # no second copy later
    queue.retry()
    assert [s[0] for s in backend.submitted] == [1, 2]


def test_hold_cancels_the_stuck_job_and_queues_it(setup):
    backend, _store, queue = setup
    outcome = queue.print(request())
    stuck = JobStatus(outcome.job_id, JobState.PROCESSING, printer_unreachable=True)
    held = queue.hold(request(), stuck)
    assert held.queued
    assert backend.cancelled == [outcome.job_id]
    assert queue.items()[0].message == "Drucker nicht erreichbar"


def test_aborted_job_is_failed_and_can_be_requeued(setup):
    backend, _store, queue = setup
    backend.reachable["mobil"] = False
    queue.print(request())
    backend.reachable["mobil"] = True
    queue.retry()
    backend.set_state(1, JobState.ABORTED, reasons=("document-format-error",))
    (item,) = queue.refresh()
    assert item.state is QueueState.FAILED
    assert "Druckdatei wird vom Drucker nicht verstanden" in item.state_text
    queue.requeue(item.id)
    assert queue.items()[0].state is QueueState.WAITING


def test_discard_cancels_a_submitted_job(setup):
    backend, _store, queue = setup
    backend.reachable["mobil"] = False
    queue.print(request())
    backend.reachable["mobil"] = True
    queue.retry()
    queue.discard(queue.items()[0].id)
    assert backend.cancelled == [1]
    assert queue.items() == []


def test_refused_job_on_a_reachable_printer_is_an_error_not_queued(setup):
    backend, _store, queue = setup
    backend.refuse = PrintError("Drucken fehlgeschlagen", "IPP 0x040a")
    with pytest.raises(PrintError):
        queue.print(request())
    assert queue.items() == []


def test_retry_keeps_a_job_waiting_when_submitting_fails(setup):
    backend, _store, queue = setup
    backend.reachable["mobil"] = False
    queue.print(request())
    backend.reachable["mobil"] = True
    backend.refuse = PrintError("Drucker nimmt keine Aufträge an")
    assert queue.retry() == []
    (item,) = queue.items()
    assert item.state is QueueState.WAITING
    assert item.message == "Drucker nimmt keine Aufträge an"
