"""The real threaded worker: nothing typed is lost when the screen locks right after typing."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.conftest import PASSPHRASE, unlock

pytestmark = pytest.mark.gui


def test_typing_then_locking_at_once_keeps_every_key(threaded, make_window, qtbot):
    window = make_window()
    qtbot.waitUntil(lambda: window.root.currentWidget() is window.setup, timeout=10_000)
    window.setup.name.setText("Petra")
    window.setup.passphrase.setText(PASSPHRASE)
    window.setup.repeat.setText(PASSPHRASE)
    window.setup.create_button.click()
    qtbot.waitUntil(lambda: not window.is_locked and window.catalog is not None, timeout=10_000)
    window.ask_citizen_name = lambda: ""  # no name given: nothing prefilled
    window.start_draft(window.catalog.get("wohngeld-mietzuschuss"))
    qtbot.waitUntil(lambda: window.form is not None, timeout=10_000)
    form = window.form
    form.go_to("antragsteller")
    edit = form.rows["familienname"].editor.edit
    edit.setFocus()
    QTest.keyClicks(edit, "Mustermann")
    draft_id = form.draft_id
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked
    assert threaded.wait_idle(10_000)
    assert window.session.drafts is None
    unlock(window)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=10_000)
    window.open_draft(draft_id)
    qtbot.waitUntil(lambda: window.form is not None, timeout=10_000)
    assert window.form.answers["familienname"] == "Mustermann"
