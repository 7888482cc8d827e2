"""The app speaks English when asked: our translation and Qt's own buttons."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from PySide6.QtCore import QCoreApplication

from koffer.ui import i18n
from koffer.ui.profile_screens import UnlockScreen
from koffer.ui.resources import resource
from tests.gui.test_form import choose, open_wohngeld

pytestmark = pytest.mark.gui


def _compiled_translation(tmp_path: Path, monkeypatch) -> None:
    """The English .qm, compiled here where `make setup` did not build it yet."""
    qm = resource("translations", "koffer_en.qm")
    if not qm.exists():
        lrelease = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "pyside6-lrelease"
        folder = tmp_path / "translations"
        folder.mkdir()
        subprocess.run(
            [
                str(lrelease),
                "-silent",
                str(resource("translations", "koffer_en.ts")),
                "-qm",
                str(folder / "koffer_en.qm"),
            ],
            check=True,
        )
        monkeypatch.setattr(i18n, "resource", lambda *parts: folder)


def test_english_translation_is_installed(qtbot, tmp_path: Path, monkeypatch):
    _compiled_translation(tmp_path, monkeypatch)
    try:
        # German first, so the English check below can fail: Qt's sources are English,
        # and "Cancel" comes out English only if the German translator was removed.
        i18n.install_translators("de")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
        i18n.install_translators("en")
        screen = UnlockScreen()
        qtbot.addWidget(screen)
        assert screen.unlock.text() == "Unlock"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
        assert QCoreApplication.translate("Lifecycle", "in Arbeit") == "in progress"
    finally:
        i18n.install_translators("de")
    screen = UnlockScreen()
    qtbot.addWidget(screen)
    assert screen.unlock.text() == "Entsperren"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"


def test_english_remove_buttons_are_disabled_at_the_minimum(unlocked, tmp_path, monkeypatch):
    """The household's last person cannot be removed, whatever language the buttons speak
    (they were found by the German word "entfernen", so English ones never turned off)."""
    _compiled_translation(tmp_path, monkeypatch)
    try:
        i18n.install_translators("en")
        form = open_wohngeld(unlocked)
        form.go_to("haushaltsmitglieder")
        choose(form, "weitere_personen", True)
        group = form.groups["haushalt"]
        group.add.click()
        assert [b.text() for b in group.remove_buttons] == ["Remove Person 1", "Remove Person 2"]
        assert all(b.isEnabled() for b in group.remove_buttons)
        group.remove_buttons[1].click()
        (last,) = group.remove_buttons
        assert not last.isEnabled()
    finally:
        i18n.install_translators("de")


def test_language_choice_is_remembered(qapp, monkeypatch):
    store: dict[str, object] = {}

    class FakeSettings:
        def value(self, key, default=None):
            return store.get(key, default)

        def setValue(self, key, value):
            store[key] = value

    monkeypatch.setattr(i18n, "QSettings", FakeSettings)
    i18n.remember_language("en")
    assert i18n.pick_language() == "en"
    i18n.remember_language("de")
    assert i18n.pick_language() == "de"
