"""First run, unlock, wrong passphrase, lock by Ctrl+L and by idle time."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.conftest import PASSPHRASE, create_profile, unlock

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
    unlock(window)
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
    unlock(window)
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


def _unlock(window):
    unlock(window)
    assert not window.is_locked


def test_the_idle_lock_asks_weiterlesen_first_and_an_answer_keeps_it_open(
    unlocked, qtbot, monkeypatch
):
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

    said: list[tuple[str, object]] = []
    real_update = QAccessible.updateAccessibility

    def listen(event):
        if isinstance(event, QAccessibleAnnouncementEvent):
            said.append((event.message(), event.politeness()))
        real_update(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", listen)
    window = unlocked
    window.idle.set_minutes(0.02)  # 1.2 s: the warning after 0.6 s
    window.idle.start()
    qtbot.waitUntil(window.lock_warning.isVisible, timeout=3000)
    assert not window.is_locked
    assert "Weiterlesen?" in window.lock_warning_text.text()
    assert "Sekunden" in window.lock_warning_text.text()
    from PySide6.QtWidgets import QApplication

    assert QApplication.focusWidget() is window.keep_reading  # said by a screen reader
    # and announced at once, interrupting what is being read (a live announcement)
    assertive = QAccessible.AnnouncementPoliteness.Assertive
    assert (window.lock_warning_text.text(), assertive) in said
    window.keep_reading.click()
    assert window.lock_warning.isHidden()
    assert not window.is_locked
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)  # nobody answered this time
    assert window.lock_warning.isHidden()


def test_the_review_is_given_ten_minutes_before_the_warning(unlocked):
    from tests.gui.test_form import open_wohngeld

    window = unlocked
    window.idle.set_minutes(5)
    window.idle.start()
    assert window.idle._warn.interval() == 270_000  # 5 min less the 30 s of warning
    open_wohngeld(window)
    window.drafts.show_review()
    assert window.review is not None
    assert window.idle._warn.interval() == 570_000  # reading: 10 min less 30 s
    window.review.back.click()
    assert window.idle._warn.interval() == 270_000


def test_unlocking_goes_back_to_the_application_and_section(unlocked):
    from tests.gui.test_form import open_wohngeld

    window = unlocked
    form = open_wohngeld(window)
    form.go_to("wohnung")
    draft_id = form.draft_id
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked
    assert window.form is None
    _unlock(window)
    assert window.form is not None
    assert window.form.draft_id == draft_id
    assert window.form.current_section() == "wohnung"
    assert window.content.currentWidget() is window.form


def test_unlocking_goes_back_to_the_review(unlocked):
    from tests.gui.test_form import open_wohngeld

    window = unlocked
    open_wohngeld(window)
    window.drafts.show_review()
    window.lock()
    _unlock(window)
    assert window.review is not None
    assert window.content.currentWidget() is window.review


def test_after_a_restart_koffer_goes_back_to_where_the_worker_was(unlocked, make_window):
    """The place is stored when the section changes, not at the end: a crash keeps it."""
    from tests.gui.test_form import open_wohngeld

    form = open_wohngeld(unlocked)
    form.go_to("wohnung")
    draft_id = form.draft_id
    unlocked.close()
    again = make_window()
    _unlock(again)
    assert again.form is not None
    assert (again.form.draft_id, again.form.current_section()) == (draft_id, "wohnung")


def test_a_draft_the_worker_closed_is_not_reopened(unlocked):
    from tests.gui.test_form import open_wohngeld

    window = unlocked
    form = open_wohngeld(window)
    form.done.click()
    window.lock()
    _unlock(window)
    assert window.form is None
    assert window.content.currentWidget() is window.catalog_screen
