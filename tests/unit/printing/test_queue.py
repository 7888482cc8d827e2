import datetime as dt

import pytest

from printing.backend import PrintError, SubmitInterruptedError, SubmittedJob
from printing.job_names import is_safe_name
from printing.options import PrintOptions
from printing.queue import KEPT_COPY, NOT_DONE, OfflinePrintQueue, PrintRequest, QueueState
from printing.status import JobState, JobStatus
from tests.unit.printing.fakes import FakeBackend, MemoryPrintQueueStore

PDF = b"%PDF-1.4 personal data"


def request(printer="mobil", title="Wohngeld – Ausfertigung Bürger – SOZ-1"):
    return PrintRequest(PDF, title, printer, PrintOptions(copies=2))


@pytest.fixture
def setup():
    backend = FakeBackend()
    store = MemoryPrintQueueStore()
    queue = OfflinePrintQueue(backend, store, now=lambda: dt.datetime(2026, 11, 21, tzinfo=dt.UTC))
    return backend, store, queue


def test_a_job_is_kept_while_the_print_system_has_it_and_leaves_when_completed(setup):
    backend, store, queue = setup
    outcome = queue.print(request())
    assert not outcome.queued
    assert outcome.job_id == 1
    assert backend.submitted[0][1] == PDF
    (item,) = queue.items()
    assert item.state is QueueState.SUBMITTED
    assert item.job == SubmittedJob(1, "urn:uuid:0-1")
    assert queue.refresh()  # still processing: kept
    backend.set_state(1, JobState.COMPLETED)
    assert queue.refresh() == []
    assert store.items == {}
    assert store.finished == [item.id]  # printed: the app records it
    assert backend.purged == [1]  # and the print system keeps no copy


def test_a_copy_the_print_system_would_not_remove_is_told_to_the_user(setup):
    backend, _store, queue = setup
    backend.keeps_copies = True
    outcome = queue.print(request())
    backend.set_state(outcome.job_id, JobState.COMPLETED)
    settled = queue.settle(outcome.item_id, backend.job_status(outcome.job_id))
    assert not settled.queued
    assert settled.message.endswith(KEPT_COPY)
    assert "IT" in KEPT_COPY


@pytest.mark.parametrize("ending", ["aborted", "discarded", "printer gone"])
def test_every_job_the_queue_lets_go_of_is_purged(setup, ending):
    backend, _store, queue = setup
    outcome = queue.print(request())
    if ending == "aborted":
        backend.set_state(outcome.job_id, JobState.ABORTED)
        queue.refresh()
    elif ending == "discarded":
        queue.discard(outcome.item_id)
    else:
        backend.set_state(outcome.job_id, JobState.PENDING, printer_unreachable=True)
        queue.refresh()
    assert backend.purged == [outcome.job_id]


def test_each_refresh_lets_the_print_system_finish_its_purges(setup):
    backend, _store, queue = setup
    finished: list[str] = []
    backend.finish_purges = lambda: finished.append("purges")  # as CupsBackend has it
    queue.refresh()
    queue.refresh()
    assert finished == ["purges", "purges"]


def test_a_discarded_or_refused_job_is_not_recorded_as_printed(setup):
    backend, store, queue = setup
    backend.reachable["mobil"] = False
    waiting = queue.print(request())
    queue.discard(waiting.item_id)
    backend.reachable["mobil"] = True
    backend.refuse = PrintError("Drucken fehlgeschlagen", "IPP 0x0400")
    with pytest.raises(PrintError):
        queue.print(request())
    assert store.items == {}
    assert store.finished == []


def test_the_print_system_gets_an_ascii_token_not_the_title(setup):
    backend, _store, queue = setup
    queue.print(request())
    (item,) = queue.items()
    name = backend.submitted[0][2]
    assert is_safe_name(name)
    assert name.startswith("koffer-Wohngeld-Ausfertigung-Buerger-SOZ-1-")
    assert name == item.job_name
    assert item.request.title == "Wohngeld – Ausfertigung Bürger – SOZ-1"  # the app keeps it


def test_unreachable_printer_queues_the_job_with_a_plain_message(setup):
    backend, _store, queue = setup
    backend.reachable["mobil"] = False
    outcome = queue.print(request())
    assert outcome.queued
    assert outcome.message == f"Drucker nicht erreichbar. {NOT_DONE}"
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
    queue.print(request())
    backend.set_state(1, JobState.PROCESSING, printer_unreachable=True)
    (item,) = queue.refresh()
    assert item.state is QueueState.WAITING
    assert item.message == "Drucker nicht erreichbar"
    assert backend.cancelled == [1]  # no second copy later
    queue.retry()
    assert [s[0] for s in backend.submitted] == [1, 2]


def test_stuck_job_stays_submitted_when_the_cancel_does_not_get_through(setup):
    backend, _store, queue = setup
    outcome = queue.print(request())
    backend.down = True
    stuck = JobStatus(1, JobState.PENDING, printer_stopped=True, uuid="urn:uuid:0-1")
    settled = queue.settle(outcome.item_id, stuck)
    assert settled.queued
    (item,) = queue.items()
    assert item.state is QueueState.SUBMITTED  # asked again later, never sent twice
    assert queue.retry() == []


def test_aborted_job_waits_for_the_user_and_can_be_requeued(setup):
    backend, _store, queue = setup
    queue.print(request())
    backend.set_state(1, JobState.ABORTED, reasons=("document-format-error",))
    (item,) = queue.refresh()
    assert item.state is QueueState.FAILED
    assert "Druckdatei wird vom Drucker nicht verstanden" in item.state_text
    queue.requeue(item.id)
    assert queue.items()[0].state is QueueState.WAITING
    queue.retry()
    assert len(backend.submitted) == 2


def test_job_cancelled_outside_koffer_is_kept_for_the_user_to_decide(setup):
    backend, _store, queue = setup
    queue.print(request())
    backend.set_state(1, JobState.CANCELED)  # at the printer, or by the print system
    (item,) = queue.refresh()
    assert item.state is QueueState.FAILED
    assert item.state_text.startswith("Nicht gedruckt: Auftrag abgebrochen")
    assert queue.retry() == []  # not printed again unasked


def test_discard_cancels_a_submitted_job(setup):
    backend, _store, queue = setup
    queue.print(request())
    queue.discard(queue.items()[0].id)
    assert backend.cancelled == [1]
    assert queue.items() == []


def test_requeue_leaves_a_job_alone_that_the_print_system_still_has(setup):
    backend, _store, queue = setup
    queue.print(request())
    queue.requeue(queue.items()[0].id)
    assert queue.items()[0].state is QueueState.SUBMITTED
    assert queue.retry() == []
    assert len(backend.submitted) == 1


def test_refused_job_on_a_reachable_printer_is_an_error_not_queued(setup):
    backend, _store, queue = setup
    backend.refuse = PrintError("Drucken fehlgeschlagen", "IPP 0x040a")
    with pytest.raises(PrintError):
        queue.print(request())
    assert queue.items() == []


def test_retry_refused_on_a_reachable_printer_waits_for_the_user(setup):
    backend, _store, queue = setup
    backend.reachable["mobil"] = False
    queue.print(request())
    backend.reachable["mobil"] = True
    backend.refuse = PrintError("Drucken fehlgeschlagen", "IPP 0x040a")
    assert queue.retry() == []
    (item,) = queue.items()
    assert item.state is QueueState.FAILED  # not refused again every minute


def test_retry_keeps_a_job_waiting_while_the_printer_is_away(setup):
    backend, _store, queue = setup
    backend.reachable["mobil"] = False
    queue.print(request())
    backend.reachable["mobil"] = True
    backend.refuse = PrintError("Drucker nimmt keine Aufträge an")
    answers = iter([True, False])  # reachable when asked first; the refusal says otherwise
    backend.is_reachable = lambda printer: next(answers)  # type: ignore[method-assign]
    assert queue.retry() == []
    (item,) = queue.items()
    assert item.state is QueueState.WAITING
    assert item.message == "Drucker nimmt keine Aufträge an"


def test_scheduler_crash_that_loses_the_job_prints_it_again_once(setup):
    backend, _store, queue = setup
    queue.print(request())
    backend.down = True  # crashed after it took the job
    (item,) = queue.refresh()
    assert item.state is QueueState.SUBMITTED
    assert item.message == "Der Laptop kann gerade nicht drucken"
    assert queue.retry() == []
    backend.down = False
    backend.forget()  # back, without the job
    (item,) = queue.refresh()
    assert item.state is QueueState.WAITING
    (outcome,) = queue.retry()
    backend.set_state(outcome.job_id, JobState.COMPLETED)
    assert queue.refresh() == []
    assert len(backend.submitted) == 2  # the lost one and its one replacement


def test_scheduler_restart_that_keeps_the_job_does_not_print_it_twice(setup):
    backend, _store, queue = setup
    queue.print(request())
    backend.down = True
    queue.refresh()
    backend.down = False  # back with the job, which completes
    backend.set_state(1, JobState.COMPLETED)
    assert queue.retry() == []
    assert queue.refresh() == []
    assert len(backend.submitted) == 1


def test_a_reused_job_id_is_not_taken_for_ours(setup):
    backend, _store, queue = setup
    queue.print(request(title="Erster Auftrag"))
    backend.forget()  # crashed and lost it; job id 1 is free again
    other = backend.submit(b"%PDF other", "anderer", "mobil", PrintOptions())
    assert other.job_id == 1
    backend.set_state(1, JobState.COMPLETED)
    (item,) = queue.refresh()  # job 1 completed, but it is not ours
    assert item.state is QueueState.WAITING
    queue.retry()
    assert backend.submitted[-1][1] == PDF


def test_interrupted_handover_asks_by_the_job_before_sending_again(setup):
    backend, _store, queue = setup

    def interrupted(pdf, title, printer, options):
        job = FakeBackend.submit(backend, pdf, title, printer, options)
        raise SubmitInterruptedError("Der Laptop kann gerade nicht drucken", "EPIPE", job)

    backend.submit = interrupted  # type: ignore[method-assign]
    outcome = queue.print(request())
    assert outcome.queued
    assert outcome.message.endswith(NOT_DONE)
    (item,) = queue.items()
    assert item.state is QueueState.SUBMITTED
    backend.set_state(1, JobState.COMPLETED)  # the scheduler had it after all
    assert queue.refresh() == []
    assert len(backend.submitted) == 1


def test_a_job_the_print_system_forgot_without_going_away_is_not_sent_again(setup):
    backend, _store, queue = setup
    queue.print(request())
    backend.set_state(1, JobState.COMPLETED)
    del backend.jobs[1]  # printed, then dropped from the history (PreserveJobHistory No)
    (item,) = queue.refresh()
    assert item.state is QueueState.FAILED
    assert item.message == "Ob gedruckt wurde, ist unbekannt – bitte Ausdruck prüfen"
    assert queue.retry() == []
    assert len(backend.submitted) == 1  # the user decides after looking at the paper
