"""The window part of `koffer selbsttest --fenster`: open, unlock the demo, close.

It drives the real main window on the real keyring and store, the way a person would:
wait for the unlock screen, type the demo passphrase, wait for the catalog page, close.
A bounded timer ends it when something hangs, so the self test never hangs itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, QLibraryInfo, QTimer, QTranslator

from koffer.demo import DEMO_PASSPHRASE
from koffer.store import Profile, ProfilePaths
from koffer.ui.app import make_app
from koffer.ui.i18n import install_translators
from koffer.ui.session import Session
from koffer.ui.window.shell import MainWindow

#: Longest wait for the catalog page, in milliseconds.
TIMEOUT_MS = 90_000


def qt_translation_found(language: str = "de") -> bool:
    """Whether Qt's own translation (standard buttons) is where Qt looks for it."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return QTranslator().load(f"qtbase_{language}", folder)


def open_catalog_and_close(folder: Path) -> str | None:
    """None when the catalog page of the demo profile in `folder` showed; else a German
    description of where it stopped."""
    if not Profile(ProfilePaths(folder)).exists():
        return f"kein Demo-Profil in {folder} (zuerst: koffer demo --nur-anlegen)"
    app = make_app([])
    if not qt_translation_found():
        return "Qt-Übersetzungen (qtbase_de) nicht gefunden"
    install_translators("de")
    window = MainWindow(Session(Profile(ProfilePaths(folder))))
    loop = QEventLoop()
    reached: list[str] = []

    def unlock() -> None:
        reached.append("unlock")
        window.unlock_screen.passphrase.setText(DEMO_PASSPHRASE)
        window.unlock_screen.unlock.click()

    def ready() -> None:
        reached.append("catalog")
        loop.quit()

    window.first_screen.connect(unlock)
    window.ready.connect(ready)
    QTimer.singleShot(TIMEOUT_MS, loop.quit)
    window.show()
    window.start()
    loop.exec()
    shown = "catalog" in reached and window.catalog_screen.isVisible()
    window.close()  # saves, closes both stores on their own thread, drains the worker
    app.processEvents()
    if shown:
        return None
    if "unlock" not in reached:
        return "die Anmeldung erschien nicht: " + window.starting.text()
    return "der Katalog erschien nicht nach dem Entsperren"
