"""The worker's keyboard: the main screens, the sections and the review by shortcut.

Issue 12: no shortcuts for Weiter/Zurück, "Prüfen und unterschreiben" or the main
screens; the user guide lists every shortcut tested here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.gui.test_form import open_wohngeld

pytestmark = pytest.mark.gui
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "user-guide.md"


def press(key, modifier):
    QTest.keyClick(QApplication.focusWidget(), key, modifier)


def test_ctrl_and_a_number_shows_each_main_screen(unlocked):
    window = unlocked
    window.activateWindow()
    window.show_catalog()
    press(Qt.Key.Key_2, CTRL)
    assert window.content.currentWidget() is window.drafts_screen
    assert window.nav_drafts.isChecked()
    press(Qt.Key.Key_1, CTRL)
    assert window.content.currentWidget() is window.catalog_screen
    form = open_wohngeld(window)
    window.show_catalog()
    press(Qt.Key.Key_3, CTRL)
    assert window.content.currentWidget() is form
    assert "Strg+2" in window.nav_drafts.toolTip() or "Ctrl+2" in window.nav_drafts.toolTip()


def test_the_main_screens_do_not_open_while_locked(unlocked):
    window = unlocked
    window.lock()
    assert window.is_locked
    QTest.keyClick(window.unlock_screen.passphrase, Qt.Key.Key_2, CTRL)
    assert window.is_locked
    assert window.root.currentWidget() is window.unlock_screen


def test_alt_and_the_arrows_turn_the_sections(unlocked):
    form = open_wohngeld(unlocked)
    form.go_to("antragsteller")
    form.rows["vorname"].editor.edit.setFocus()
    press(Qt.Key.Key_Right, ALT)
    assert form.current_section() == "wohnung"
    assert QApplication.focusWidget() is form.rows["strasse"].editor.edit
    press(Qt.Key.Key_Left, ALT)
    assert form.current_section() == "antragsteller"


def test_the_user_guide_lists_the_shortcuts():
    guide = GUIDE.read_text(encoding="utf-8")
    for keys in (
        "Strg+1",
        "Strg+2",
        "Strg+3",
        "Strg+4",
        "Strg+Bild ab",
        "Strg+Bild auf",
        "Alt+Pfeil rechts",
        "Alt+Pfeil links",
        "Strg+Eingabe",
    ):
        assert keys in guide, keys
