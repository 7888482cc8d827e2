import sys

import pytest

from printing.backend import (
    PrinterInfo,
    PrintError,
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


def test_without_pycups_there_is_no_backend_and_the_app_falls_back(monkeypatch):
    monkeypatch.setitem(sys.modules, "cups", None)  # import cups -> ImportError
    assert not cups_available()
    assert choose_backend() is None


def test_with_pycups_the_cups_backend_is_chosen():
    pytest.importorskip("cups")
    backend = choose_backend("127.0.0.1", 1)
    assert isinstance(backend, CupsBackend)


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
