"""First run, unlock and lock: from the profile on disk to the unlocked workspace and back.

At start device.db is opened (keyring key only) and the settings are read, while the
catalog loads in the background. Unlocking opens drafts.db with the passphrase and makes
the application layer's `Workspace`, which first catches up with what happened while it
was locked (receipts kept by `koffer sync`, retention, drafts waiting for an office key).
Locking forgets the workspace at once and closes it on the store lane, after every save
queued before it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from koffer.process_protection import release_freed_memory
from koffer.settings import DEMO_PASSPHRASE, Scope, Values, of_scope
from koffer.ui.worker import Lane, run_in_background

if TYPE_CHECKING:
    from koffer.drafting.catalog import Catalog
    from koffer.drafting.workspace import Workspace
    from koffer.secret_memory import SecretBuffer
    from koffer.store import DeviceStore, DraftStore, Profile
    from koffer.ui.session import Session

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Started:
    """What the start found: a profile or not, its settings, the demo's passphrase."""

    exists: bool
    device: DeviceStore | None
    settings: Values
    demo_passphrase: str
    staff_name: str


def open_workspace(profile: Profile, drafts: DraftStore, catalog: Catalog | None) -> Workspace:
    """The workspace over freshly opened drafts, caught up with what happened meanwhile.

    Runs on the store lane. Without a catalog yet (the passphrase was typed very fast)
    it is loaded here.
    """
    from koffer.drafting.backups import attach
    from koffer.drafting.catalog import load_catalog
    from koffer.drafting.workspace import Workspace

    device = profile.open_device()
    workspace = Workspace(
        drafts,
        device,
        catalog if catalog is not None else load_catalog(device),
        staff_name=profile.staff_name,
    )
    attach(workspace, profile)
    workspace.catch_up()
    return workspace


def _quiet(exc: BaseException) -> None:
    """The backup's key is set up at a later unlock; nothing for the worker to do now."""
    log.warning("setting up the backup key failed: %s", type(exc).__name__)


class ProfileFlow(QObject):
    """Start, first run, unlock, lock (store work on the store lane)."""

    started = Signal(object)  # Started
    start_failed = Signal(object)  # exception
    unlocked = Signal(object)  # Workspace
    unlock_failed = Signal(object)  # exception
    created = Signal(object)  # Workspace
    create_failed = Signal(object)  # exception

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session

    def start(self) -> None:
        """Open device.db and read the settings (the catalog loads meanwhile)."""
        profile = self.session.profile

        def job() -> Started:
            exists = profile.exists()
            device = profile.open_device() if exists else None
            settings = Values(of_scope(Scope.DEVICE), device)
            staff = profile.staff_name if exists else ""
            demo = DEMO_PASSPHRASE.read(device)
            return Started(exists, device, settings, demo, staff)

        def done(started: Started) -> None:
            self.session.device = started.device
            self.started.emit(started)

        run_in_background(job, done, self.start_failed.emit)

    def create(self, name: str, passphrase: SecretBuffer) -> None:
        """Make the profile (keys into the keyring, both databases) and open it; the
        passphrase is wiped once the keys are made (a copy only while the draft backup
        still needs its key derived from it)."""
        session = self.session
        profile = session.profile

        def job() -> tuple[DeviceStore, Workspace, SecretBuffer | None]:
            from koffer.drafting.backups import kept_for_backup  # not at start (light start)

            try:
                drafts = profile.create(name, passphrase)
                device = profile.open_device()
                workspace = open_workspace(profile, drafts, session.catalog)
                kept = kept_for_backup(workspace, passphrase, first_run=True)
            finally:
                passphrase.wipe()
            return device, workspace, kept

        def done(result: tuple[DeviceStore, Workspace, SecretBuffer | None]) -> None:
            session.device, session.workspace, kept = result
            self.created.emit(result[1])
            _derive_backup_key(result[1], kept)

        run_in_background(job, done, self.create_failed.emit)

    def unlock(self, passphrase: SecretBuffer) -> None:
        """Open drafts.db with the passphrase (wiped once the key is derived) and make
        the workspace."""
        session = self.session
        profile = session.profile

        def job() -> tuple[Workspace, SecretBuffer | None]:
            from koffer.drafting.backups import kept_for_backup  # not at start (light start)

            try:
                drafts = profile.unlock(passphrase)
                workspace = open_workspace(profile, drafts, session.catalog)
                kept = kept_for_backup(workspace, passphrase)
            finally:
                passphrase.wipe()
            return workspace, kept

        def done(result: tuple[Workspace, SecretBuffer | None]) -> None:
            workspace, kept = result
            session.workspace = workspace
            self.unlocked.emit(workspace)
            _derive_backup_key(workspace, kept)

        run_in_background(job, done, self.unlock_failed.emit)

    def lock(self) -> Workspace | None:
        """Forget the workspace now: nothing of the window reaches it any more. The caller
        closes it (`close`) once the open draft's saves are done."""
        return self.session.detach_workspace()

    def close(self, workspace: Workspace | None) -> None:
        """Close a detached workspace on the store lane, after what is queued there (drafts.db
        closes and SQLCipher wipes its key); then collect and trim freed memory."""
        if workspace is None:
            release_freed_memory()
            return
        run_in_background(
            workspace.close, lambda _r: release_freed_memory(), self._close_failed, Lane.STORE
        )

    def _close_failed(self, exc: BaseException) -> None:
        log.error("closing the drafts failed: %s", type(exc).__name__)


def _derive_backup_key(workspace: Workspace, kept: SecretBuffer | None) -> None:
    """Turn the kept passphrase into the backup's KEK (seconds of Argon2id, on the CPU
    lane; the copy is wiped right after), then hand the KEK over on the store lane."""
    backups = workspace.backups
    if kept is None or backups is None:
        return
    from koffer.drafting.backups import derive_kek

    run_in_background(
        lambda: derive_kek(kept),
        lambda kek: run_in_background(lambda: backups.use_kek(kek), None, _quiet),
        _quiet,
        Lane.CPU,
    )
