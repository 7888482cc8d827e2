import socket
import stat

from printing.cups_printer import _probe, private_temp_pdf


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
