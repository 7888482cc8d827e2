"""Start the desktop app: QApplication, translations, the main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication

from koffer.ui.i18n import install_translators, pick_language
from koffer.ui.session import Session
from koffer.ui.window.shell import MainWindow


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused when one exists, as in tests)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("Koffer")
    app.setOrganizationName("Koffer")
    app.setApplicationDisplayName("Koffer")
    app.setDesktopFileName("de.koffer.Koffer")
    app.setStyle("Fusion")
    return app


def run(argv: list[str] | None = None) -> int:
    """Open the main window on the default profile and run until it closes."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = make_app(argv)
    install_translators(pick_language())
    window = MainWindow(Session.default())
    window.show()
    window.start()
    return app.exec()
