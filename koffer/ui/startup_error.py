"""A start that cannot go on (no Secret Service): say why in a window, not only on stderr.

Someone who starts Koffer from the desktop menu never sees the terminal, so the German
message also appears in a dialog. Where no one can see or dismiss a dialog (Qt's
offscreen or minimal platform: tests, the package smoke test) only stderr carries it.
"""

from __future__ import annotations

import os

from PySide6.QtWidgets import QMessageBox

from koffer.ui.app import make_app

_INVISIBLE_PLATFORMS = ("offscreen", "minimal")


def dialog_visible() -> bool:
    """Whether a dialog would reach a person (not on the offscreen/minimal platforms)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    return not platform.startswith(_INVISIBLE_PLATFORMS)


def show_startup_error(message: str) -> None:
    """Show `message` in a modal dialog (it returns when the person closes it)."""
    if not dialog_visible():
        return
    app = make_app([])
    box = QMessageBox(QMessageBox.Icon.Critical, "Koffer kann nicht starten", message)
    # German by hand: Qt's own translations are not loaded this early.
    box.addButton("Schließen", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    del app
