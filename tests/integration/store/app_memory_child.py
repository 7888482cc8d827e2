"""The whole desktop app, whose memory `test_lock_memory.py` reads after it locked.

The real window (offscreen), the real keyring and real background threads: the worker
sets up a profile by typing the passphrase key by key into the setup screen's fields,
opens the Wohngeld form, types a citizen marker into the family name, waits until it is
saved and locks (as Ctrl+L does). Then it prints "locked" and waits until stdin closes,
so the test can read its memory.

The texts arrive on stdin when the child asks ("passphrase?", "citizen?"), read straight
into a buffer that is zeroed after each key was typed: they never exist here as a `str`
other than the ones the app itself makes, which is what the test is about. Keys are
typed one ASCII character at a time.

argv: the profile folder.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from koffer.store import Profile, ProfilePaths
from koffer.store.keys import TEST_KDF
from koffer.ui.session import Session
from koffer.ui.window.shell import MainWindow

WOHNGELD = "wohngeld-mietzuschuss"


def _wait(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Let the app run until `condition` holds (the background threads hand results back)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            sys.exit(f"timed out waiting for: {what}")
        QTest.qWait(20)


def _type_asked(what: bytes, *widgets: QWidget) -> None:
    """Ask the test for a text and type it into each widget, one key at a time."""
    os.write(1, what + b"?\n")
    raw = bytearray(4096)
    size = os.readv(0, [raw])
    for widget in widgets:
        widget.setFocus()
        for at in range(size - 1):  # without the newline; no slice (it would be a copy)
            QTest.keyClick(widget, chr(raw[at]))
    raw[:] = bytes(len(raw))


def _kek_watch() -> list[bool]:
    """Make the backup's KEK cheap (the app derives it from the passphrase after the
    first unlock, in the background) and note when it is done: the lock waits for it,
    so the test reads memory after the passphrase copy made for it is gone."""
    from koffer.drafting import backups
    from sync import backup_crypto

    backups.KDF = backup_crypto.TEST_BACKUP_KDF
    done: list[bool] = []
    derive = backups.derive_kek

    def watched(passphrase: Any) -> backup_crypto.PassphraseKek:
        try:
            return derive(passphrase)
        finally:
            done.append(True)

    backups.derive_kek = watched
    return done


def main() -> None:
    app = QApplication([])
    kek_done = _kek_watch()
    profile = Profile(ProfilePaths(Path(sys.argv[1])), kdf=TEST_KDF)
    window = MainWindow(Session(profile))
    window.ask_citizen_name = lambda: ""  # type: ignore[method-assign]
    window.confirm = lambda title, text: True  # type: ignore[method-assign]
    window.show()
    window.start()
    _wait(window.setup.isVisible, "the setup screen")
    QTest.keyClicks(window.setup.name, "Petra Feld")
    _type_asked(b"passphrase", window.setup.passphrase, window.setup.repeat)
    window.setup.create_button.click()
    _wait(lambda: not window.is_locked and window.session.workspace is not None, "unlocked")

    _wait(lambda: window.catalog is not None, "the catalog loaded")
    assert window.catalog is not None
    window.start_draft(window.catalog.get(WOHNGELD))
    _wait(lambda: window.form is not None, "the form open")
    form = window.form
    assert form is not None
    form.go_to("antragsteller")
    _type_asked(b"citizen", form.rows["familienname"].editor.edit)
    _wait(lambda: form.save_state.text() == "Alles gespeichert", "the answer saved")

    _wait(lambda: bool(kek_done), "the backup KEK derived")
    window.lock()
    _wait(lambda: window.is_locked and not window._locking, "locked")
    _wait(lambda: window.session.drafts is None, "drafts.db closed (on the store lane)")
    gc.collect()
    os.write(1, b"locked\n")
    sys.stdin.read()  # until the test is done reading
    window.close()
    app.processEvents()


if __name__ == "__main__":
    main()
