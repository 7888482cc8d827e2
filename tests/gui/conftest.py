"""Fixtures for the desktop app: a temp profile, an in-memory keyring, a synchronous worker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from koffer.store import Profile, ProfilePaths
from koffer.store.keys import TEST_KDF
from koffer.ui import worker
from koffer.ui.session import Session
from koffer.ui.window.shell import MainWindow
from tests.helpers.fixtures import sync_worker, threaded
from tests.helpers.keyring_backends import MemoryKeyring

__all__ = ["sync_worker", "threaded"]  # fixtures used by the tests here

PASSPHRASE = "Sehr-geheim-2026"


@pytest.fixture(autouse=True)
def _jobs_run_at_once(sync_worker: worker.SyncRunner) -> worker.SyncRunner:
    """Background jobs run at once, on the test's thread (unless a test asks for `threaded`)."""
    return sync_worker


@pytest.fixture(autouse=True)
def _desktop_preferences(tmp_path: Path) -> None:
    """QSettings (window place, UI language) of a test live in its own folder."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))


@pytest.fixture
def keyring_backend() -> MemoryKeyring:
    """One in-memory keyring shared by every window of a test (like the OS keyring)."""
    return MemoryKeyring()


@pytest.fixture
def profile_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The profile folder (KOFFER_PROFILE_DIR points there too)."""
    folder = tmp_path / "profile"
    monkeypatch.setenv("KOFFER_PROFILE_DIR", str(folder))
    return folder


@pytest.fixture
def make_window(
    qtbot, profile_dir: Path, keyring_backend: MemoryKeyring
) -> Iterator[Callable[[], MainWindow]]:
    """Open a new main window on the same profile (a restart of the app)."""
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        profile = Profile(ProfilePaths(profile_dir), keyring_backend, kdf=TEST_KDF)
        window = MainWindow(Session(profile))
        qtbot.addWidget(window)
        window.ask_citizen_name = lambda: "Erika Mustermann"  # type: ignore[method-assign]
        window.confirm = lambda title, text: True  # type: ignore[method-assign]
        window.show()
        window.start()
        windows.append(window)
        return window

    yield make
    for window in windows:
        if window.isVisible():
            window.close()
        window.deleteLater()
    # Delete them now: windows left alive would be re-polished by every later test that
    # changes the application's style sheet (text size, contrast), which grows slow.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def create_profile(window: MainWindow, name: str = "Petra Feld") -> None:
    """Fill in the first-run screen and submit it."""
    window.setup.name.setText(name)
    window.setup.passphrase.setText(PASSPHRASE)
    window.setup.repeat.setText(PASSPHRASE)
    window.setup.create_button.click()


def unlock(window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    """Type the passphrase on the unlock screen and unlock."""
    window.unlock_screen.passphrase.setText(passphrase)
    window.unlock_screen.unlock.click()


@pytest.fixture
def unlocked(make_window: Callable[[], MainWindow]) -> MainWindow:
    """A window on a fresh profile, created and unlocked, showing the catalog."""
    window = make_window()
    create_profile(window)
    assert not window.is_locked
    return window


def finalised_wohngeld(window: MainWindow, citizen: str = "Erika Mustermann") -> str:
    """A complete Wohngeld application, signed and finalised through the workspace."""
    import datetime as dt

    from tests.unit.printing.samples import WOHNGELD_ANSWERS

    workspace = window.session.workspace
    assert workspace is not None
    assert window.catalog is not None
    template = window.catalog.get("wohngeld-mietzuschuss")
    assert template is not None
    draft_id = workspace.create_draft(template, citizen).draft.id
    answers = {k: v for k, v in WOHNGELD_ANSWERS.items() if k != "unterschrift"}
    answers.update(familienname="Mustermann", vorname="Erika", nachweise=[])
    answers["datum_unterschrift"] = dt.date.today().isoformat()  # noqa: DTZ011 - a local date
    workspace.drafts.set_answers(draft_id, answers)
    digest = workspace.check(draft_id).digest
    workspace.sign_on_pad(draft_id, digest, strokes=[[[0.1, 0.1, 0.5, 0]]], png=b"\x89PNG-x")
    workspace.finalise(draft_id)
    return draft_id
