"""First run, unlock, wrong passphrase, lock by Ctrl+L and by idle time."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.conftest import PASSPHRASE, create_profile

pytestmark = pytest.mark.gui


def test_first_run_creates_profile_and_shows_catalog(make_window):
    window = make_window()
    assert window.root.currentWidget() is window.setup
    create_profile(window, "Petra Feld")
    assert not window.is_locked
    assert window.content.currentWidget() is window.catalog_screen
    assert "Petra Feld" in window.staff.text()


def test_setup_rejects_different_passphrases(make_window):
    window = make_window()
    window.setup.name.setText("Petra")
    window.setup.passphrase.setText(PASSPHRASE)
    window.setup.repeat.setText(PASSPHRASE + "x")
    window.setup.create_button.click()
    assert window.root.currentWidget() is window.setup
    assert "verschieden" in window.setup.message.text()


def test_unlock_and_wrong_passphrase(make_window):
    first = make_window()
    create_profile(first)
    first.close()  # gives the profile lock back
    window = make_window()  # a restart: the profile exists now
    assert window.root.currentWidget() is window.unlock_screen
    window.unlock_screen.passphrase.setText("das-ist-falsch")
    window.unlock_screen.unlock.click()
    assert window.is_locked
    message = window.unlock_screen.message.text()
    assert "Kennwort ist nicht richtig" in message
    assert "Traceback" not in message
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock.click()
    assert not window.is_locked


def test_ctrl_l_locks_hides_data_and_closes_drafts(unlocked, qtbot):
    window = unlocked
    window.start_draft(window.catalog.get("wohngeld-mietzuschuss"))
    assert window.form is not None
    window.show_drafts()
    assert window.drafts_screen.table.rowCount() == 1
    store = window.session.drafts
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked
    assert window.form is None
    assert window.drafts_screen.table.rowCount() == 0
    assert window.session.drafts is None
    assert store.closed
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock.click()
    window.show_drafts()
    assert window.drafts_screen.table.rowCount() == 1


def test_idle_time_locks(unlocked, qtbot):
    window = unlocked
    window.idle.set_minutes(0.001)  # 60 ms
    window.idle.start()
    qtbot.waitUntil(lambda: window.is_locked, timeout=3000)
    assert window.session.drafts is None


def test_lock_closes_an_open_confirmation(unlocked, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    window = unlocked
    answers = []

    def lock_while_asking():
        assert isinstance(QApplication.activeModalWidget(), QMessageBox)
        window.lock()

    QTimer.singleShot(50, lock_while_asking)
    answers.append(
        QMessageBox.question(window, "Antrag löschen?", "Den Antrag von Erika Mustermann löschen?")
    )
    assert window.is_locked
    assert QApplication.activeModalWidget() is None
    assert answers != [QMessageBox.StandardButton.Yes]
