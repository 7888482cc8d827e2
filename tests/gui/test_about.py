"""The "Über Koffer" box: from the menu by keyboard, what it says, in German and English."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget

import forms
from koffer.about import About
from koffer.ui.about_dialog import AboutDialog
from koffer.ui.window.shell import MainWindow

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


def type_key(widget: QWidget, key: Qt.Key, text: str) -> None:
    """A key as a German keyboard sends it (QTest cannot type "ü": it sends no text)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def choose_in_menu(seen: list[str]) -> None:
    """Once the menu is open (its own event loop), press Ü in it."""

    def attempt() -> None:
        popup = QApplication.activePopupWidget()
        if not isinstance(popup, QMenu):
            QTimer.singleShot(10, attempt)
            return
        seen.extend(a.text() for a in popup.actions() if a.text())
        type_key(popup, Qt.Key.Key_Udiaeresis, "ü")

    QTimer.singleShot(0, attempt)


# a popup menu under the offscreen platform: it cannot raise it or grab the keyboard
@pytest.mark.qt_log_ignore(r"^This plugin does not support (raise\(\)|grabbing the keyboard)$")
def test_the_box_is_reached_by_keyboard_from_the_menu_and_says_what_it_should(
    unlocked: MainWindow, qtbot
) -> None:
    entries: list[str] = []
    choose_in_menu(entries)
    unlocked.view_button.setFocus()
    QTest.keyClick(unlocked.view_button, Qt.Key.Key_Space)  # opens "Ansicht" (queued)
    qtbot.waitUntil(lambda: unlocked.findChild(AboutDialog) is not None)
    assert entries[-1] == "&Über Koffer …"  # the last entry, where one looks for it
    dialog = unlocked.findChild(AboutDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowTitle() == "Über Koffer"
    assert dialog.version.text() == f"Version {version('koffer')}"
    shipped = len(list(forms.catalog_dir().glob("*.yaml")))  # the forms that came with it
    assert dialog.catalog.text() == (
        f"Formularkatalog: mitgeliefert mit dem Programm ({shipped} Formulare), "
        "noch nicht vom Rathaus aktualisiert"
    )
    assert (
        dialog.licence.text() == "Lizenz: EUPL 1.2 (Open-Source-Lizenz für die Europäische Union)"
    )
    assert dialog.guide.text() == f"Benutzerhandbuch: {ROOT / 'docs' / 'user-guide.md'}"
    assert dialog.open_guide.isVisibleTo(dialog)
    assert dialog.close_button.hasFocus()  # Enter closes it
    QTest.keyClick(dialog.close_button, Qt.Key.Key_Return)
    assert not dialog.isVisible()


def test_an_updated_catalog_and_a_missing_guide(qtbot) -> None:
    import datetime as dt

    facts = About("0.2.0", "EUPL-1.2", 12, dt.date(2026, 11, 30), 31, None)
    dialog = AboutDialog(facts)
    qtbot.addWidget(dialog)
    assert dialog.catalog.text() == "Formularkatalog: Version 12 vom 30.11.2026 (31 Formulare)"
    assert "nicht enthalten" in dialog.guide.text()
    assert not dialog.open_guide.isVisibleTo(dialog)


def test_the_box_in_english(qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import subprocess

    from koffer.ui import i18n
    from koffer.ui.resources import resource

    lrelease = ROOT / ".venv" / "bin" / "pyside6-lrelease"
    folder = tmp_path / "translations"
    folder.mkdir()
    source = resource("translations", "koffer_en.ts")
    subprocess.run(
        [str(lrelease), "-silent", str(source), "-qm", str(folder / "koffer_en.qm")], check=True
    )
    monkeypatch.setattr(i18n, "resource", lambda *parts: folder)
    try:
        i18n.install_translators("en")
        dialog = AboutDialog(About("0.2.0", "EUPL-1.2", None, None, 14, ROOT / "guide.md"))
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "About Koffer"
        assert dialog.version.text() == "Version 0.2.0"
        assert dialog.catalog.text() == (
            "Form catalogue: shipped with the program (14 forms), not yet updated by the town hall"
        )
        assert dialog.licence.text() == "Licence: EUPL 1.2 (European Union Public Licence)"
        assert dialog.guide.text() == f"User guide: {ROOT / 'guide.md'}"
    finally:
        i18n.install_translators("de")
