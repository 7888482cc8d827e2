"""Attaching a proof leaves its folder and file name nowhere outside the encrypted store.

A proof's path names the citizen ("…/Mustermann/Kontoauszug.pdf"). Koffer's chooser
must add nothing to the desktop's recent files (`recently-used.xbel`) nor to Qt's file
dialog history (`QtProject.conf`), and must not show an earlier history either. The
test's own settings folder stands in for `~/.config` (Qt's settings path is pointed
there for the test, and back afterwards).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from tests.gui.test_form import open_wohngeld

pytestmark = pytest.mark.gui

MARKER = "Zqxmustermann"


def _settings_folder(settings_format: QSettings.Format) -> str:
    return str(
        Path(QSettings(settings_format, QSettings.Scope.UserScope, "probe").fileName()).parent
    )


@pytest.fixture
def desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A home of its own: XDG folders and Qt's user settings there."""
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    (home / ".local" / "share").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    formats = (QSettings.Format.NativeFormat, QSettings.Format.IniFormat)
    before = {f: _settings_folder(f) for f in formats}
    for settings_format in formats:
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(home / ".config"))
    # an earlier program's history, which the chooser must not offer
    QSettings(QSettings.Scope.UserScope, "QtProject").setValue(
        "FileDialog/lastVisited", f"file://{home}/Alt/Zqxfrueherer"
    )
    yield home
    for settings_format, folder in before.items():
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, folder)


def _pick_when_open(path: Path, seen: dict[str, object]) -> QTimer:
    """Fill in the chooser as a person would, once it is open."""
    timer = QTimer()

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            return
        timer.stop()
        seen["directory"] = dialog.directory().absolutePath()
        seen["history"] = dialog.history()
        seen["native"] = not dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        name.setText(str(path))
        dialog.accept()

    timer.timeout.connect(look)
    timer.start(20)
    return timer


def _traces(home: Path, text: str) -> list[str]:
    """Files outside the proofs' own folder that hold or are named `text`."""
    outside = [p for p in home.rglob("*") if p.is_file() and MARKER not in p.parent.name]
    return [
        str(p.relative_to(home))
        for p in outside
        if text.encode() in p.read_bytes() or text in p.name
    ]


def test_attaching_a_proof_records_its_path_nowhere(unlocked, desktop: Path) -> None:
    folder = desktop / "Nachweise" / MARKER
    folder.mkdir(parents=True)
    proof = folder / "Kontoauszug.pdf"
    proof.write_bytes(b"%PDF-1.7\n%%EOF\n")
    form = open_wohngeld(unlocked)
    form.go_to("nachweise_abschnitt")
    editor = form.rows["nachweise"].editor
    seen: dict[str, object] = {}
    timer = _pick_when_open(proof, seen)
    editor._choose_file()
    timer.stop()
    assert editor.list.count() == 1  # it was attached
    assert seen["native"] is False  # never the desktop's chooser
    assert "Zqxfrueherer" not in str(seen["history"])  # no earlier history shown
    assert "Zqxfrueherer" not in str(seen["directory"])
    assert _traces(desktop, MARKER) == []  # neither QtProject.conf nor recently-used.xbel
    assert _traces(desktop, "Kontoauszug") == []
    # Qt's settings point at the real place again afterwards
    assert _settings_folder(QSettings.Format.NativeFormat) == str(desktop / ".config")
