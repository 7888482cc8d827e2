import sys

import pytest

from printing.backend import (
    BACKEND_VARIABLE,
    BackendKind,
    PrinterInfo,
    PrintError,
    backend_kind,
    choose_backend,
    choose_default_printer,
    cups_available,
    remember_printer,
)
from printing.cups_printer import CupsBackend
from printing.options import PrintOptions


def info(name, *, default=False, driverless=False):
    return PrinterInfo(name, name, "", "", "", driverless, default, True, False)


class Settings:
    def __init__(self, name=None):
        self.name = name

    def get_default_printer(self):
        return self.name

    def set_default_printer(self, name):
        self.name = name


class QtStandIn:
    """What the UI hands in as its Qt backend (printing never imports Qt)."""


def test_without_pycups_qt_is_chosen(monkeypatch):
    monkeypatch.delenv(BACKEND_VARIABLE, raising=False)
    monkeypatch.setitem(sys.modules, "cups", None)  # import cups -> ImportError
    assert not cups_available()
    assert backend_kind() is BackendKind.QT
    assert isinstance(choose_backend(qt_backend=QtStandIn), QtStandIn)
    assert choose_backend() is None  # a caller without Qt (the self test) gets none
    with pytest.raises(PrintError, match="nicht installiert"):
        choose_backend(kind="cups", qt_backend=QtStandIn)


def test_with_pycups_the_cups_backend_is_chosen(monkeypatch):
    pytest.importorskip("cups")
    monkeypatch.delenv(BACKEND_VARIABLE, raising=False)
    backend = choose_backend("127.0.0.1", 1, qt_backend=QtStandIn)
    assert isinstance(backend, CupsBackend)
    assert (backend.host, backend.port) == ("127.0.0.1", 1)


def test_the_print_system_can_be_chosen(monkeypatch):
    pytest.importorskip("cups")
    monkeypatch.setenv(BACKEND_VARIABLE, "Qt")
    assert isinstance(choose_backend(qt_backend=QtStandIn), QtStandIn)
    assert isinstance(choose_backend(kind="cups", qt_backend=QtStandIn), CupsBackend)
    monkeypatch.setenv(BACKEND_VARIABLE, "cups")
    assert isinstance(choose_backend(qt_backend=QtStandIn), CupsBackend)
    assert isinstance(choose_backend(kind="qt", qt_backend=QtStandIn), QtStandIn)
    monkeypatch.setenv(BACKEND_VARIABLE, "gdi")
    with pytest.raises(PrintError, match="unbekannt") as raised:
        choose_backend(qt_backend=QtStandIn)
    assert "gdi" in raised.value.detail


def test_remembered_printer_wins_while_it_exists():
    printers = [info("buero", default=True), info("mobil", driverless=True)]
    assert choose_default_printer(printers, Settings("mobil")) == "mobil"
    assert choose_default_printer(printers, Settings("weg")) == "buero"
    assert choose_default_printer([info("a"), info("b", driverless=True)]) == "b"
    assert choose_default_printer([info("a")]) == "a"
    assert choose_default_printer([]) is None


def test_remember_printer_checks_the_name():
    settings = Settings()
    assert remember_printer(settings, [info("mobil")], "mobil") == "mobil"
    assert settings.name == "mobil"
    with pytest.raises(PrintError, match="nicht eingerichtet"):
        remember_printer(settings, [info("mobil")], "weg")


def test_options_in_ipp_spelling():
    assert PrintOptions(copies=2, duplex="two-sided-long-edge", grayscale=True).to_ipp() == {
        "copies": "2",
        "sides": "two-sided-long-edge",
        "media": "iso_a4_210x297mm",
        "print-color-mode": "monochrome",
    }
    with pytest.raises(ValueError):
        PrintOptions(copies=0)
    roundtrip = PrintOptions(copies=3, grayscale=True)
    assert PrintOptions.from_dict(roundtrip.to_dict()) == roundtrip
