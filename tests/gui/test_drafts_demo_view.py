"""Drafts list (search, delete with confirmation), the demo profile, view settings, CLI entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from koffer import cli
from koffer.demo import DEMO_PASSPHRASE, create_demo
from koffer.settings import REJECTED, TEXT_SCALE, THEME
from koffer.store import Profile, ProfilePaths
from koffer.store.keys import TEST_KDF
from koffer.ui import theme
from koffer.ui.session import Session
from koffer.ui.window.shell import MainWindow
from tests.gui.conftest import PASSPHRASE, finalised_wohngeld

pytestmark = pytest.mark.gui


def _new_draft(window, template_id, citizen):
    window.ask_citizen_name = lambda: citizen
    window.start_draft(window.catalog.get(template_id))
    window.form.done.click()


def test_drafts_search_and_delete_with_confirmation(unlocked):
    window = unlocked
    _new_draft(window, "wohngeld-mietzuschuss", "Erika Mustermann")
    _new_draft(window, "wohnberechtigungsschein", "Hans Beispiel")
    screen = window.drafts_screen
    window.show_drafts()
    assert screen.table.rowCount() == 2
    screen.search.setText("Beispiel")
    screen._debounce.timeout.emit()
    assert screen.table.rowCount() == 1
    assert screen.table.item(0, 0).text() == "Hans Beispiel"
    asked = []
    window.confirm = lambda title, text: asked.append(text) or False
    screen.table.selectRow(0)
    screen.delete.click()
    assert asked
    assert "Hans Beispiel" in asked[0]
    title = window.catalog.get("wohnberechtigungsschein").title
    assert f"„{title}“" in asked[0]  # which application: the form is named
    assert len(window.session.drafts.list_drafts()) == 2  # said no: nothing deleted
    window.confirm = lambda title, text: True
    screen.delete.click()
    assert [d.citizen_name for d in window.session.drafts.list_drafts()] == ["Erika Mustermann"]


def test_text_scale_and_high_contrast_persist(unlocked, make_window, qapp):
    window = unlocked
    QTest.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.settings[TEXT_SCALE] == 100 + theme.SCALE_STEP
    assert qapp.font().pointSize() == theme.point_size(window.settings[TEXT_SCALE])
    window.set_scale(400)
    assert window.settings[TEXT_SCALE] == theme.MAX_SCALE
    window.contrast_action.setChecked(True)
    assert theme.HIGH_CONTRAST.window in qapp.styleSheet()
    window.close()
    again = make_window()
    assert again.settings[TEXT_SCALE] == theme.MAX_SCALE
    assert again.settings[THEME] == "high_contrast"
    again.set_scale(100)
    again.set_high_contrast(False)


def test_connection_indicator_says_no_town_hall(unlocked):
    assert "Kein Rathaus eingerichtet" in unlocked.connection.text()


def test_demo_profile_shows_its_passphrase(qtbot, tmp_path: Path, keyring_backend):
    folder = tmp_path / "demo"
    assert create_demo(folder, kdf=TEST_KDF, keyring_backend=keyring_backend)
    assert not create_demo(folder, kdf=TEST_KDF, keyring_backend=keyring_backend)
    window = MainWindow(Session(Profile(ProfilePaths(folder), keyring_backend, kdf=TEST_KDF)))
    qtbot.addWidget(window)
    window.show()
    window.start()
    assert DEMO_PASSPHRASE in window.unlock_screen.demo_hint.text()
    assert not window.unlock_screen.demo_hint.isHidden()
    window.unlock_screen.passphrase.setText(DEMO_PASSPHRASE)
    window.unlock_screen.unlock.click()
    names = {d.citizen_name for d in window.session.drafts.list_drafts()}
    assert "Erika Mustermann" in names
    window.close()


def test_normal_profile_shows_no_demo_passphrase(make_window):
    first = make_window()
    first.setup.name.setText("Petra")
    first.setup.passphrase.setText(PASSPHRASE)
    first.setup.repeat.setText(PASSPHRASE)
    first.setup.create_button.click()
    first.close()
    window = make_window()
    assert window.unlock_screen.demo_hint.isHidden()


def test_plain_koffer_opens_the_window(monkeypatch):
    import koffer.ui.app

    calls = []
    monkeypatch.setattr(koffer.ui.app, "run", lambda argv=None: calls.append(argv) or 0)
    assert cli.main([]) == 0
    assert len(calls) == 1


def test_the_list_is_named_for_what_it_holds_and_says_why_it_is_empty(unlocked):
    window = unlocked
    screen = window.drafts_screen
    window.show_drafts()
    headings = [label.text() for label in screen.findChildren(QLabel)]
    assert "Anträge auf diesem Laptop" in headings
    assert "Anträge in Arbeit" not in headings  # finished ones are listed too
    assert screen.empty.isVisible()
    assert "noch kein Antrag" in screen.empty.text()
    _new_draft(window, "wohngeld-mietzuschuss", "Erika Mustermann")
    window.show_drafts()
    assert screen.empty.isHidden()
    assert screen.table.item(0, 4).text() == "in Arbeit"  # the state in words
    screen.search.setText("Beispiel")
    screen._debounce.timeout.emit()
    assert screen.table.rowCount() == 0
    assert screen.empty.isVisible()
    assert "Kein Antrag passt zu „Beispiel“" in screen.empty.text()


def test_what_concerns_applications_is_on_the_applications_screen(unlocked):
    """Not hidden in the settings menu: a new form version and refused applications."""
    window = unlocked
    screen = window.drafts_screen
    menu = [a.text() for a in window.view.menu.actions()]
    assert not [t for t in menu if "Formularfassung" in t or "Abgelehnte" in t]
    window.show_drafts()
    assert not screen.new_version.isEnabled()  # nothing chosen yet
    _new_draft(window, "wohngeld-mietzuschuss", "Erika Mustermann")
    window.show_drafts()
    assert screen.new_version.isEnabled()
    screen.new_version.click()
    assert "keine neuere Formularfassung" in window.alert_text.text()
    # refused applications: the button is there only while the town hall refused some
    assert screen.take_back.isHidden()
    draft_id = finalised_wohngeld(window)
    REJECTED.write(
        window.session.device, {"sub-1": {"draft_id": draft_id, "message": "IBAN fehlt"}}
    )
    window.show_drafts()
    assert not screen.take_back.isHidden()
    screen.take_back.click()
    assert "IBAN fehlt" in window.alert_text.text()
    assert screen.take_back.isHidden()  # nothing refused is left
