"""Printing through a real (private) CUPS scheduler: PDF queue and driverless IPP queue.

Also the scheduler's failures: a crash or restart between Send-Document and completion,
and titles that crash Debian 12's scheduler (`printing.job_names`).
"""

from __future__ import annotations

import io
import signal
import subprocess
import time

import pytest
from pypdf import PdfReader

from printing.backend import JobUnknownError, PrintError
from printing.cups_printer import PRINT_SYSTEM_DOWN, CupsBackend
from printing.jobs import follow_job
from printing.options import PrintOptions
from printing.queue import OfflinePrintQueue, PrintRequest, QueueState
from printing.render import render_filled
from printing.status import JobState
from tests.helpers.cups_server import IPP_QUEUE, PDF_QUEUE, CupsServer
from tests.unit.printing.fakes import MemoryPrintQueueStore
from tests.unit.printing.samples import sample_content, sample_evaluation

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_filled(sample_content(), "citizen", evaluation=sample_evaluation())


@pytest.fixture
def backend(cups_server: CupsServer):
    cups_server.start_printer()
    cups_server.run("cupsenable", PDF_QUEUE)
    cups_server.run("cupsenable", IPP_QUEUE)
    yield CupsBackend(host="127.0.0.1", port=cups_server.port)
    cups_server.cancel_all_jobs()


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_lists_both_queues_and_marks_the_driverless_one(backend):
    printers = {p.name: p for p in backend.list_printers()}
    assert {PDF_QUEUE, IPP_QUEUE} <= set(printers)
    assert printers[IPP_QUEUE].driverless
    assert not printers[PDF_QUEUE].driverless
    assert printers[IPP_QUEUE].description == "Mobildrucker"


def test_pdf_queue_prints_the_form_with_its_text(backend, cups_server, pdf):
    before = len(cups_server.printed_pdfs())
    job_id = backend.submit(pdf, "Druckprobe SOZ-2026-000123", PDF_QUEUE, PrintOptions()).job_id
    status = follow_job(backend, job_id, timeout=30, interval=0.1)
    assert status.state is JobState.COMPLETED
    assert "übergeben" in status.message
    assert wait_for(lambda: len(cups_server.printed_pdfs()) > before)
    printed = cups_server.printed_pdfs()[-1].read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(printed)).pages)
    assert "Eingangsbestätigung" in text
    assert "Gülşen Łukasiewicz-Öztürk" in text
    assert "SOZ-2026-000123" in text


def test_file_handover_mode_prints_too(cups_server, pdf):
    file_backend = CupsBackend(host="127.0.0.1", port=cups_server.port, stream=False)
    before = len(cups_server.printed_pdfs())
    job_id = file_backend.submit(pdf, "Druck probe", PDF_QUEUE, PrintOptions(copies=1)).job_id
    assert follow_job(file_backend, job_id, timeout=30, interval=0.1).state is JobState.COMPLETED
    assert wait_for(lambda: len(cups_server.printed_pdfs()) > before)
    assert cups_server.printed_pdfs()[-1].read_bytes() == pdf


def test_driverless_queue_prints_on_the_ipp_everywhere_printer(backend, cups_server, pdf):
    before = len(cups_server.printer_received())
    options = PrintOptions(copies=1, duplex="two-sided-long-edge", grayscale=True)
    job_id = backend.submit(pdf, "Druckprobe", IPP_QUEUE, options).job_id
    status = follow_job(backend, job_id, timeout=60, interval=0.2)
    assert status.state is JobState.COMPLETED, status
    assert len(cups_server.printer_received()) > before


#: How long cupsd may take to purge a cancelled job whose filters are still stopping.
PURGE_WAIT_S = 60


def test_printer_gone_job_is_held_then_printed_from_the_offline_queue(backend, cups_server, pdf):
    store = MemoryPrintQueueStore()
    queue = OfflinePrintQueue(backend, store)
    cups_server.stop_printer()
    try:
        # A job that was already with CUPS when the printer went away: reported and held.
        held = queue._submit(store.add(_item(pdf, "Gehalten")), first=True)
        status = follow_job(backend, held.job_id, timeout=30, interval=0.2)
        assert status.printer_unreachable, status
        assert "Drucker nicht erreichbar" in status.message
        assert queue.settle(held.item_id, status).queued
        # cancelled and purged: CUPS keeps neither the job nor its document. A job still
        # stopping when the purge comes keeps its entry in cupsd (its document goes at
        # once); the queue's next refresh purges it again (CupsBackend.finish_purges).
        assert wait_for(lambda: _purged_at_refresh(queue, backend, held.job_id), PURGE_WAIT_S), (
            _purge_report(backend, cups_server, held.job_id)
        )
        with pytest.raises(JobUnknownError):
            backend.job_status(held.job_id)
        assert wait_for(lambda: cups_server.spool_files(held.job_id) == [], timeout=PURGE_WAIT_S)
        # A new job while the printer is away goes straight into the queue.
        assert not backend.is_reachable(IPP_QUEUE)
        outcome = queue.print(PrintRequest(pdf, "Wartend", IPP_QUEUE, PrintOptions()))
        assert outcome.queued
        assert "Drucker nicht erreichbar" in outcome.message
        assert queue.retry() == []
        assert [i.state for i in queue.items()] == [QueueState.WAITING] * 2
    finally:
        cups_server.start_printer()
    outcomes = queue.retry()
    assert len(outcomes) == 2
    assert all(i.state is QueueState.SUBMITTED for i in queue.items())
    assert wait_for(lambda: not queue.refresh(), timeout=60), queue.items()
    # the restarted printer numbers its jobs from 1 again; the names are Koffer's tokens
    received = {p.stem.split("-", 1)[1] for p in cups_server.printer_received()}
    assert sum(name.startswith("koffer-gehalten-") for name in received) == 1
    assert sum(name.startswith("koffer-wartend-") for name in received) == 1


def _purge_report(backend: CupsBackend, cups_server, job_id: int) -> str:
    """What CUPS still says of a job it did not purge, its filters and backend still
    running, and the scheduler's log (a failure on Debian 13 gave no more than False)."""
    try:
        status: object = backend.job_status(job_id)
    except JobUnknownError:
        status = "unknown now"
    running = subprocess.run(
        ["ps", "-eo", "pid,etime,stat,args"], capture_output=True, text=True, check=False
    ).stdout.splitlines()
    filters = [line for line in running if str(cups_server.root) in line or "/backend/" in line]
    return "\n".join(
        [f"job {job_id}: {status}", "--- processes ---", *filters, cups_server.death_report()]
    )


def _purged_at_refresh(queue: OfflinePrintQueue, backend: CupsBackend, job_id: int) -> bool:
    """After one refresh of the queue (as the app does it), CUPS no longer knows the job."""
    queue.refresh()
    return _unknown(backend, job_id)


def _unknown(backend: CupsBackend, job_id: int) -> bool:
    """CUPS no longer knows the job (cancelled and purged)."""
    try:
        backend.job_status(job_id)
    except JobUnknownError:
        return True
    return False


def _item(pdf: bytes, title: str):
    import datetime as dt
    import uuid

    from printing.queue import QueuedPrint

    return QueuedPrint(
        uuid.uuid4().hex, dt.datetime.now(dt.UTC), PrintRequest(pdf, title, IPP_QUEUE)
    )


def test_disabled_queue_is_reported_and_queued(backend, cups_server, pdf):
    cups_server.run("cupsdisable", PDF_QUEUE)
    assert not backend.is_reachable(PDF_QUEUE)
    job_id = backend.submit(pdf, "Druckprobe", PDF_QUEUE, PrintOptions()).job_id
    status = follow_job(backend, job_id, timeout=10, interval=0.1)
    assert status.printer_stopped
    assert status.state is JobState.PENDING
    assert status.message == "Wartet auf den Drucker: Drucker angehalten"
    store = MemoryPrintQueueStore()
    outcome = OfflinePrintQueue(backend, store).print(
        PrintRequest(pdf, "Druckprobe", PDF_QUEUE, PrintOptions())
    )
    assert outcome.queued
    assert outcome.message.startswith("Drucker angehalten")


def test_queue_not_accepting_refuses_with_a_german_message(backend, cups_server, pdf):
    cups_server.run("cupsreject", PDF_QUEUE)
    try:
        with pytest.raises(PrintError) as error:
            backend.submit(pdf, "Druckprobe", PDF_QUEUE, PrintOptions())
        assert error.value.message == "Drucker nimmt keine Aufträge an"
    finally:
        cups_server.run("cupsaccept", PDF_QUEUE)


def test_cancel_a_waiting_job(backend, cups_server, pdf):
    cups_server.run("cupsdisable", PDF_QUEUE)
    before = len(cups_server.printed_pdfs())
    job_id = backend.submit(pdf, "Druckprobe", PDF_QUEUE, PrintOptions()).job_id
    backend.cancel(job_id)
    status = backend.job_status(job_id)
    assert status.state is JobState.CANCELED
    assert status.message.startswith("Auftrag abgebrochen")
    cups_server.run("cupsenable", PDF_QUEUE)
    # a job sent after it prints; the cancelled one, ahead of it in line, must not
    later = backend.submit(b"%PDF-1.4 later", "Danach", PDF_QUEUE, PrintOptions()).job_id
    assert follow_job(backend, later, timeout=30, interval=0.1).state is JobState.COMPLETED
    assert wait_for(lambda: len(cups_server.printed_pdfs()) > before)
    assert [p.read_bytes() for p in cups_server.printed_pdfs()[before:]] == [b"%PDF-1.4 later"]


def test_unknown_printer_is_a_german_error(backend, pdf):
    with pytest.raises(PrintError) as error:
        backend.submit(pdf, "Druckprobe", "gibt-es-nicht", PrintOptions())
    assert "nicht eingerichtet" in error.value.message
    assert not backend.is_reachable("gibt-es-nicht")


def test_scheduler_down_is_a_german_error():
    from tests.helpers.cups_server import free_port

    with pytest.raises(PrintError) as error:
        CupsBackend(host="127.0.0.1", port=free_port()).list_printers()
    assert error.value.message == PRINT_SYSTEM_DOWN
    assert "CUPS" not in error.value.message


def test_no_personal_pdf_left_in_the_cups_spool(backend, cups_server, pdf):
    job_id = backend.submit(pdf, "Druckprobe", PDF_QUEUE, PrintOptions()).job_id
    assert follow_job(backend, job_id, timeout=30, interval=0.1).state is JobState.COMPLETED
    assert wait_for(lambda: not list((cups_server.root / "spool").glob("d*")), timeout=10)


def test_reads_the_spool_retention_setting(backend):
    # the private scheduler is configured with PreserveJobFiles No, as the README asks
    assert backend.preserves_job_files() is False


def test_with_cups_defaults_no_printed_document_stays_in_the_spool(cups_defaults):
    """Debian's scheduler keeps printed documents for a day; Koffer's jobs it does not."""
    backend = CupsBackend(host="127.0.0.1", port=cups_defaults.port)
    elsewhere = backend.submit(b"%PDF-1.4 not Koffer's", "Anderes", PDF_QUEUE, PrintOptions())
    assert follow_job(backend, elsewhere.job_id, timeout=30).state is JobState.COMPLETED
    assert len(cups_defaults.spool_files(elsewhere.job_id)) == 2  # kept: CUPS's default
    marker = b"%PDF-1.4 Zqxbuergerspool"
    queue = OfflinePrintQueue(backend, MemoryPrintQueueStore())
    outcome = queue.print(PrintRequest(marker, "Wohngeld – Ausfertigung", PDF_QUEUE))
    assert outcome.job_id is not None
    assert wait_for(lambda: not queue.refresh(), timeout=30)  # completed, settled
    assert cups_defaults.spool_files(outcome.job_id) == []
    spool = [p for p in (cups_defaults.root / "spool").rglob("*") if p.is_file()]
    assert not [p.name for p in spool if marker in p.read_bytes()]
    assert cups_defaults.printed_pdfs()[-1].read_bytes() == marker  # and it did print


# ----------------------------------------------------------------- names and crashes

#: Form titles as they come: spaces, umlauts, dashes, quotes, a tab, a control character.
AWKWARD_TITLES = (
    "Antrag auf Wohngeld – Ausfertigung Bürger – SOZ-2026-000123",
    "Erklärung zur „Befreiung“ vom Rundfunkbeitrag",
    "Vollmacht 'Betreuung' \"Ärztliche\" Größe",
    "Schwerbehinderung\tNachweis\x01Anlage ß/ẞ",
)


@pytest.mark.parametrize("queue_name", [PDF_QUEUE, IPP_QUEUE])
def test_awkward_titles_print_and_leave_the_scheduler_running(
    backend, cups_server, pdf, queue_name
):
    queue = OfflinePrintQueue(backend, MemoryPrintQueueStore())
    outcomes = [queue.print(PrintRequest(pdf, t, queue_name)) for t in AWKWARD_TITLES]
    assert not any(o.queued for o in outcomes), outcomes
    # the backend makes its own names too, whatever title it is given
    direct = [backend.submit(pdf, t, queue_name, PrintOptions()).job_id for t in AWKWARD_TITLES]
    for job_id in [o.job_id for o in outcomes] + direct:
        status = follow_job(backend, job_id, timeout=60, interval=0.1)
        assert status.state is JobState.COMPLETED, (status, cups_server.death_report())
    cups_server.check_alive()
    assert wait_for(lambda: not queue.refresh())  # completed: out of the offline queue


def _printed_copies(cups_server: CupsServer, before: int, document: bytes) -> int:
    return sum(p.read_bytes() == document for p in cups_server.printed_pdfs()[before:])


@pytest.fixture
def holding(cups_server):
    """The PDF queue holds new jobs: they wait at the scheduler, accepted, unprinted."""
    cups_server.hold_new_jobs(PDF_QUEUE)
    yield cups_server
    cups_server.hold_new_jobs(PDF_QUEUE, hold=False)


def settle_queue(queue: OfflinePrintQueue) -> bool:
    """Run the app's retry loop until the offline queue is empty (False: it never was)."""
    return wait_for(lambda: not (queue.retry(), queue.refresh())[1], timeout=30)


def test_scheduler_killed_before_completion_keeps_the_job_and_prints_it_once(backend, holding, pdf):
    queue = OfflinePrintQueue(backend, MemoryPrintQueueStore())
    before = len(holding.printed_pdfs())
    outcome = queue.print(PrintRequest(pdf, "Wohngeld – Ausfertigung Bürger", PDF_QUEUE))
    assert not outcome.queued  # handed over: Create-Job and Send-Document are done
    assert backend.job_status(outcome.job_id).state is JobState.HELD
    assert wait_for(lambda: len(holding.spool_files(outcome.job_id)) == 2)  # CUPS saved it

    holding.kill_scheduler()  # crash between Send-Document and completion
    (item,) = queue.refresh()
    assert item.state is QueueState.SUBMITTED  # still in the offline queue
    assert item.message == PRINT_SYSTEM_DOWN
    assert queue.retry() == []  # not sent again while nobody can say where it is

    holding.start_scheduler()  # back, with the job it had saved
    holding.hold_new_jobs(PDF_QUEUE, hold=False)
    queue.refresh()
    assert queue.retry() == []  # CUPS still has it: not sent again
    holding.release_job(outcome.job_id)
    assert settle_queue(queue), queue.items()
    assert wait_for(lambda: _printed_copies(holding, before, pdf) >= 1)
    assert _printed_copies(holding, before, pdf) == 1


def test_scheduler_crash_that_lost_the_job_prints_it_once_even_when_its_id_is_reused(
    backend, holding, pdf
):
    queue = OfflinePrintQueue(backend, MemoryPrintQueueStore())
    before = len(holding.printed_pdfs())
    outcome = queue.print(PrintRequest(pdf, "Ausfertigung Bürger", PDF_QUEUE))
    assert not outcome.queued

    holding.kill_scheduler()
    for path in holding.spool_files(outcome.job_id):  # it died before it saved the job
        path.unlink()
    (holding.root / "cache" / "job.cache").unlink(missing_ok=True)
    holding.start_scheduler()
    holding.hold_new_jobs(PDF_QUEUE, hold=False)

    # Someone prints before Koffer looks again, and gets the lost job's id. (The restarted
    # scheduler numbers on from the highest job it still has; the jobs Koffer purged
    # after earlier tests are not among them, so it may take more than one job.)
    other_pdf = b"%PDF-1.4 another document"
    others = []
    while not others or others[-1].job_id < outcome.job_id:
        assert len(others) < 5, others
        others.append(backend.submit(other_pdf, "Anderer Auftrag", PDF_QUEUE, PrintOptions()))
    other = others[-1]
    assert other.job_id == outcome.job_id
    for job in others:
        assert follow_job(backend, job.job_id, timeout=30).state is JobState.COMPLETED
    (item,) = queue.refresh()  # that job completed, but it is not ours
    assert item.state is QueueState.WAITING

    assert settle_queue(queue), queue.items()
    assert wait_for(lambda: _printed_copies(holding, before, pdf) >= 1)
    assert _printed_copies(holding, before, pdf) == 1
    # the job with the lost job's id printed once (a job that got the id of an earlier
    # test's job overwrote that job's file, and is not counted here)
    assert _printed_copies(holding, before, other_pdf) == 1


def test_orderly_scheduler_restart_keeps_a_held_job_without_a_second_copy(backend, holding, pdf):
    queue = OfflinePrintQueue(backend, MemoryPrintQueueStore())
    before = len(holding.printed_pdfs())
    outcome = queue.print(PrintRequest(pdf, "Neustart", PDF_QUEUE))
    holding.restart_scheduler()
    assert backend.job_status(outcome.job_id).state is JobState.HELD
    assert queue.retry() == []
    holding.release_job(outcome.job_id)
    assert settle_queue(queue), queue.items()
    assert wait_for(lambda: _printed_copies(holding, before, pdf) >= 1)
    assert _printed_copies(holding, before, pdf) == 1


def test_the_helper_reports_a_dead_scheduler_with_status_and_log(cups_server):
    cups_server.kill_scheduler(signal.SIGSEGV)
    try:
        with pytest.raises(pytest.fail.Exception) as failed:
            cups_server.run("cupsenable", PDF_QUEUE)
        report = str(failed.value)
        assert "exited with signal 11 (SIGSEGV)" in report
        assert "--- error_log ---" in report
        last_line = (cups_server.root / "log" / "error_log").read_text().splitlines()[-1]
        assert last_line in report  # the tail of cupsd's own log
    finally:
        cups_server.start_scheduler()
    cups_server.run("cupsenable", PDF_QUEUE)  # working again for the tests after it
