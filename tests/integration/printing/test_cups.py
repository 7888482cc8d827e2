"""Printing through a real (private) CUPS scheduler: PDF queue and driverless IPP queue."""

from __future__ import annotations

import io
import time

import pytest
from pypdf import PdfReader

from printing.backend import PrintError
from printing.cups_printer import CupsBackend
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
    job_id = backend.submit(pdf, "Druckprobe SOZ-2026-000123", PDF_QUEUE, PrintOptions())
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
    job_id = file_backend.submit(pdf, "Druckprobe", PDF_QUEUE, PrintOptions(copies=1))
    assert follow_job(file_backend, job_id, timeout=30, interval=0.1).state is JobState.COMPLETED
    assert wait_for(lambda: len(cups_server.printed_pdfs()) > before)
    assert cups_server.printed_pdfs()[-1].read_bytes() == pdf


def test_driverless_queue_prints_on_the_ipp_everywhere_printer(backend, cups_server, pdf):
    before = len(cups_server.printer_received())
    options = PrintOptions(copies=1, duplex="two-sided-long-edge", grayscale=True)
    job_id = backend.submit(pdf, "Druckprobe", IPP_QUEUE, options)
    status = follow_job(backend, job_id, timeout=60, interval=0.2)
    assert status.state is JobState.COMPLETED, status
    assert len(cups_server.printer_received()) > before


def test_printer_gone_job_is_held_then_printed_from_the_offline_queue(backend, cups_server, pdf):
    store = MemoryPrintQueueStore()
    queue = OfflinePrintQueue(backend, store)
    held_request = PrintRequest(pdf, "Gehalten", IPP_QUEUE, PrintOptions())
    request = PrintRequest(pdf, "Wartend", IPP_QUEUE, PrintOptions())
    cups_server.stop_printer()
    try:
        # A job that was already with CUPS when the printer went away: reported and held.
        job_id = backend.submit(pdf, "Gehalten", IPP_QUEUE, PrintOptions())
        status = follow_job(backend, job_id, timeout=30, interval=0.2)
        assert status.printer_unreachable, status
        assert "Drucker nicht erreichbar" in status.message
        held = queue.hold(held_request, status)
        assert held.queued
        assert backend.job_status(job_id).state is JobState.CANCELED
        # A new job while the printer is away goes straight into the queue.
        assert not backend.is_reachable(IPP_QUEUE)
        outcome = queue.print(request)
        assert outcome.queued
        assert "Drucker nicht erreichbar" in outcome.message
        assert queue.retry() == []
    finally:
        cups_server.start_printer()
    outcomes = queue.retry()
    assert len(outcomes) == 2
    assert all(i.state is QueueState.SUBMITTED for i in queue.items())
    assert wait_for(lambda: not queue.refresh(), timeout=60), queue.items()
    # the restarted printer numbers its jobs from 1 again: 1-gehalten.pdf, 2-wartend.pdf
    received = {p.name.split("-", 1)[1] for p in cups_server.printer_received()}
    assert {"gehalten.pdf", "wartend.pdf"} <= received


def test_disabled_queue_is_reported_and_queued(backend, cups_server, pdf):
    cups_server.run("cupsdisable", PDF_QUEUE)
    assert not backend.is_reachable(PDF_QUEUE)
    job_id = backend.submit(pdf, "Druckprobe", PDF_QUEUE, PrintOptions())
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
    job_id = backend.submit(pdf, "Druckprobe", PDF_QUEUE, PrintOptions())
    backend.cancel(job_id)
    status = backend.job_status(job_id)
    assert status.state is JobState.CANCELED
    assert status.message.startswith("Auftrag abgebrochen")
    cups_server.run("cupsenable", PDF_QUEUE)
    time.sleep(0.5)
    assert len(cups_server.printed_pdfs()) == before


def test_unknown_printer_is_a_german_error(backend, pdf):
    with pytest.raises(PrintError) as error:
        backend.submit(pdf, "Druckprobe", "gibt-es-nicht", PrintOptions())
    assert "nicht eingerichtet" in error.value.message
    assert not backend.is_reachable("gibt-es-nicht")


def test_scheduler_down_is_a_german_error():
    from tests.helpers.cups_server import free_port

    with pytest.raises(PrintError) as error:
        CupsBackend(host="127.0.0.1", port=free_port()).list_printers()
    assert error.value.message == "Drucksystem (CUPS) nicht erreichbar"


def test_no_personal_pdf_left_in_the_cups_spool(backend, cups_server, pdf):
    job_id = backend.submit(pdf, "Druckprobe", PDF_QUEUE, PrintOptions())
    assert follow_job(backend, job_id, timeout=30, interval=0.1).state is JobState.COMPLETED
    assert wait_for(lambda: not list((cups_server.root / "spool").glob("d*")), timeout=10)


def test_reads_the_spool_retention_setting(backend):
    # the private scheduler is configured with PreserveJobFiles No, as the README asks
    assert backend.preserves_job_files() is False
