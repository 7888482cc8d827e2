"""The dialog a frozen start without a Secret Service shows (koffer.ui.startup_error)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from koffer.ui import startup_error


def test_the_message_is_shown_with_a_german_close_button(qapp, monkeypatch):
    monkeypatch.setattr(startup_error, "dialog_visible", lambda: True)
    seen: dict[str, object] = {}

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        seen["buttons"] = [b.text() for b in box.buttons()]
        box.buttons()[0].click()

    QTimer.singleShot(0, read_and_close)
    startup_error.show_startup_error("Kein Schlüsselbund erreichbar.")
    assert seen == {"text": "Kein Schlüsselbund erreichbar.", "buttons": ["Schließen"]}


def test_no_dialog_where_nobody_can_see_it(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert not startup_error.dialog_visible()
    monkeypatch.setenv("QT_QPA_PLATFORM", "wayland")
    assert startup_error.dialog_visible()
