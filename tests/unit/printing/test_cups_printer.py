import socket
import stat

import pytest

from printing.cups_printer import _probe
from printing.handover_files import private_temp_pdf


def test_private_temp_pdf_is_0600_in_0700_and_gone_afterwards():
    with private_temp_pdf(b"%PDF secret") as path:
        assert path.read_bytes() == b"%PDF secret"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        folder = path.parent
    assert not path.exists()
    assert not folder.exists()


def test_probe_sees_a_listening_port_and_a_closed_one():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    try:
        assert _probe(f"ipp://127.0.0.1:{port}/ipp/print")
    finally:
        server.close()
    assert not _probe(f"ipp://127.0.0.1:{port}/ipp/print")
    assert _probe("usb://Brother/HL?serial=1")  # not a network printer: CUPS decides


class _Conn:
    def __init__(self, settings):
        self.settings = settings

    def adminGetServerSettings(self):
        return self.settings


def test_spool_retention_reading(monkeypatch):
    from printing.cups_printer import CupsBackend

    backend = CupsBackend()
    for settings, expected in (
        ({"PreserveJobFiles": "No"}, False),
        ({"PreserveJobFiles": "Yes"}, True),
        ({"MaxJobs": "500"}, True),  # not set: CUPS keeps documents for a day
        ({}, None),  # nothing readable
    ):
        monkeypatch.setattr(backend, "_connect", lambda s=settings: _Conn(s))
        assert backend.preserves_job_files() is expected


class _Handover:
    """A pycups connection stand-in that records the IPP calls of a streamed job."""

    def __init__(self, *, finish=None, cancel_ok=True, media=("iso_a4_210x297mm",)):
        self.calls: list[tuple] = []
        self.finish = finish
        self.cancel_ok = cancel_ok
        self.media = list(media)

    def getPrinterAttributes(self, printer, requested_attributes=()):
        return {"media-supported": self.media}

    def createJob(self, printer, title, options):
        self.calls.append(("createJob", printer, title, dict(options)))
        return 7

    def getJobAttributes(self, job_id, requested_attributes=()):
        return {"job-uuid": "urn:uuid:seven"}

    def startDocument(self, printer, job_id, name, fmt, last):
        self.calls.append(("startDocument", job_id, name, fmt))
        return 100

    def writeRequestData(self, data, length):
        return 100

    def finishDocument(self, printer):
        if self.finish is not None:
            raise self.finish
        return 0

    def cancelJob(self, job_id, purge_job=False):
        if not self.cancel_ok:
            raise RuntimeError("failed to connect to server")
        self.calls.append(("cancelJob", job_id))


def _backend(monkeypatch, conn):
    from printing.cups_printer import CupsBackend

    backend = CupsBackend()
    monkeypatch.setattr(backend, "_connect", lambda: conn)
    return backend


def test_streamed_job_sends_ascii_names_and_returns_the_job_with_its_uuid(monkeypatch):
    from printing.options import PrintOptions

    conn = _Handover()
    job = _backend(monkeypatch, conn).submit(
        b"%PDF", "Größe – „Wohngeld“ SOZ-1", "mobil", PrintOptions()
    )
    assert (job.job_id, job.uuid) == (7, "urn:uuid:seven")
    (_, _, title, options), (_, _, document, fmt) = conn.calls
    assert title == "koffer-Groesse-Wohngeld-SOZ-1"
    assert document == "koffer-Groesse-Wohngeld-SOZ-1.pdf"
    assert fmt == "application/pdf"
    assert options["media"] == "iso_a4_210x297mm"


def test_an_option_value_that_is_not_a_token_is_left_to_the_printer(monkeypatch):
    from printing.options import PrintOptions

    conn = _Handover(media=())
    _backend(monkeypatch, conn).submit(b"%PDF", "t", "mobil", PrintOptions(media="A4 quer"))
    options = conn.calls[0][3]
    assert "media" not in options
    assert options["sides"] == "one-sided"


def test_handover_broken_off_with_the_scheduler_gone_reports_the_job(monkeypatch):
    import cups

    from printing.backend import SubmitInterruptedError
    from printing.options import PrintOptions

    conn = _Handover(finish=cups.IPPError(0x0500, "Success"), cancel_ok=False)
    with pytest.raises(SubmitInterruptedError) as error:
        _backend(monkeypatch, conn).submit(b"%PDF", "t", "mobil", PrintOptions())
    assert error.value.job.job_id == 7
    assert error.value.message == "Der Laptop kann gerade nicht drucken"


def test_handover_refused_and_withdrawn_is_a_plain_error(monkeypatch):
    import cups

    from printing.backend import PrintError, SubmitInterruptedError
    from printing.options import PrintOptions

    conn = _Handover(finish=cups.IPPError(0x040A, "document-format-not-supported"))
    with pytest.raises(PrintError) as error:
        _backend(monkeypatch, conn).submit(b"%PDF", "t", "mobil", PrintOptions())
    assert not isinstance(error.value, SubmitInterruptedError)
    assert ("cancelJob", 7) in conn.calls


def test_a_job_the_scheduler_does_not_know_is_job_unknown(monkeypatch):
    import cups

    from printing.backend import JobUnknownError

    class _Forgetful:
        def getJobAttributes(self, job_id, requested_attributes=()):
            raise cups.IPPError(0x0406, "client-error-not-found")

    with pytest.raises(JobUnknownError):
        _backend(monkeypatch, _Forgetful()).job_status(3)


class _Scheduler:
    """cupsd's purge as its scheduler/job.c does it: a purged job whose processes still
    stop keeps its entry; a purge after they ended deletes it."""

    def __init__(self, *, stopping: set[int], uuids: dict[int, str]):
        self.stopping = stopping
        self.uuids = dict(uuids)
        self.purges: list[int] = []

    def getJobAttributes(self, job_id, requested_attributes=()):
        import cups

        if job_id not in self.uuids:
            raise cups.IPPError(0x0406, "client-error-not-found")
        return {"job-uuid": self.uuids[job_id]}

    def cancelJob(self, job_id, purge_job=False):
        import cups

        assert purge_job
        if job_id not in self.uuids:
            raise cups.IPPError(0x0406, "client-error-not-found")
        self.purges.append(job_id)
        if job_id not in self.stopping:
            del self.uuids[job_id]


def test_a_job_purged_while_still_stopping_is_purged_again_once_it_stopped(monkeypatch):
    conn = _Scheduler(stopping={4}, uuids={4: "urn:uuid:four", 5: "urn:uuid:five"})
    backend = _backend(monkeypatch, conn)
    assert backend.purge(4)  # the documents are gone either way
    assert backend.purge(5)
    assert set(conn.uuids) == {4}  # 4 was still stopping: cupsd keeps its entry
    backend.finish_purges()
    assert set(conn.uuids) == {4}  # still stopping: asked again at the next refresh
    conn.stopping.clear()
    backend.finish_purges()
    assert conn.uuids == {}
    backend.finish_purges()
    assert conn.purges == [4, 5, 4, 4]  # nothing is purged once it is gone


def test_a_lingering_id_that_names_another_job_now_is_left_alone(monkeypatch):
    conn = _Scheduler(stopping={4}, uuids={4: "urn:uuid:four"})
    backend = _backend(monkeypatch, conn)
    backend.purge(4)
    conn.uuids[4] = "urn:uuid:someone-elses"  # the scheduler lost its state, reused 4
    conn.stopping.clear()
    backend.finish_purges()
    backend.finish_purges()
    assert conn.uuids == {4: "urn:uuid:someone-elses"}
    assert conn.purges == [4]
