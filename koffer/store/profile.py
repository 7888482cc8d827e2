"""A staff member's profile on this laptop: its folder, keys, lock and two databases.

Typical use::

    profile = Profile(ProfilePaths.default())
    store = profile.unlock(passphrase) if profile.exists() else profile.create(name, pw)
    ...
    store.close()          # idle lock: forget the drafts key
    profile.close()        # quit: close device.db too and give the lock back
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from koffer.secret_memory import SecretBuffer, wipe_bytes
from koffer.settings import STAFF_NAME
from koffer.store import migrations
from koffer.store._sqlcipher import DRAFTS_FORMAT, SQLCIPHER4_DEFAULTS, CipherFormat, Connection
from koffer.store.cipher_format import ensure_format
from koffer.store.device import DeviceStore
from koffer.store.drafts import DraftStore
from koffer.store.errors import (
    DatabaseDamaged,
    KeyringUnavailable,
    ProfileExists,
    ProfileMissing,
    StoreError,
    WrongPassphrase,
)
from koffer.store.files import open_fd
from koffer.store.keys import DEFAULT_KDF, KEY_BYTES, DraftsKeyMaterial, KdfParams, Keyring
from koffer.store.lock import ProfileLock
from koffer.store.models import utc_now
from koffer.store.paths import ProfilePaths
from koffer.store.wipe import shred_file

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

_PROFILE_FORMAT = 1
_MSG_CHANGED = (
    "Das Kennwort wurde vor kurzem geändert. Bitte melden Sie sich mit dem neuen "
    "Kennwort an. Ihre Daten sind unverändert."
)

_MSG_NOT_CHANGED = (
    "Die Änderung des Kennworts wurde unterbrochen und ist nicht wirksam geworden. "
    "Bitte melden Sie sich mit dem bisherigen Kennwort an. Ihre Daten sind unverändert."
)

_MSG_KEYS_LEFT = (
    "Die Daten des Profils wurden gelöscht. Die Schlüssel im Schlüsselbund konnten "
    "nicht entfernt werden, weil der Schlüsselbund nicht erreichbar ist; ohne die "
    "gelöschten Dateien sind sie wertlos. Bitte führen Sie „koffer wipe“ später in der "
    "Desktop-Sitzung noch einmal aus oder wenden Sie sich an die IT."
)

_MSG_FILE_MISSING = (
    "Eine Datei des Koffer-Profils fehlt ({name}). Ohne sie lassen sich die Daten nicht "
    "öffnen. Bitte verändern Sie nichts im Profilordner und wenden Sie sich an die IT."
)


def open_database(
    path: Path,
    key: SecretBuffer | bytes,
    steps: tuple[migrations.Step, ...],
    *,
    read_only: bool = False,
    cipher: CipherFormat = SQLCIPHER4_DEFAULTS,
) -> Connection:
    """Open (or create) a keyed database in WAL mode with `synchronous=FULL`, migrated.

    FULL fsyncs the WAL on every commit: a confirmed answer survives a power cut, not
    only a crash (see docs/benchmarks.md for its cost, well under the 10 ms budget).
    """
    if not read_only and not path.exists():
        os.close(open_fd(path, os.O_RDWR | os.O_CREAT))
    conn = Connection(path, key, query_only=read_only, cipher=cipher)
    try:
        if not read_only:
            conn.pragma("journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        if not read_only:
            migrations.migrate(conn, steps)
    except BaseException:
        conn.close()
        raise
    return conn


def open_drafts_store(path: Path, key: SecretBuffer | bytes) -> DraftStore:
    """drafts.db with an already derived key and no device store (crash-test child,
    recovery tools). The app itself always goes through `Profile.unlock`."""
    return DraftStore(open_drafts_database(path, key))


def open_drafts_database(path: Path, key: SecretBuffer | bytes) -> Connection:
    """drafts.db in `DRAFTS_FORMAT`, converted first if it is still in an old one."""
    cipher = ensure_format(path, key, DRAFTS_FORMAT)
    return open_database(path, key, migrations.DRAFTS_STEPS, cipher=cipher)


class Profile:
    """One staff member's encrypted profile (thread-safe enough for one UI + workers)."""

    def __init__(
        self,
        paths: ProfilePaths,
        keyring_backend: KeyringBackend | None = None,
        *,
        kdf: KdfParams = DEFAULT_KDF,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        """Describe a profile; nothing is opened until `create`, `unlock`, `open_device`.

        Args:
            keyring_backend: a `keyring` backend object (tests inject an in-memory one);
                default: the OS keyring via `keyring.get_keyring()`.
            kdf: Argon2id cost for NEW key material (create, passphrase change); unlock
                uses the cost stored with the profile.
            clock: source of "now" (tests).
        """
        self.paths = paths
        self._backend = keyring_backend
        self._kdf = kdf
        self._clock = clock
        self._lock = ProfileLock(paths.lock_file)
        self._device: DeviceStore | None = None
        self._drafts: DraftStore | None = None

    # -- identity --------------------------------------------------------------------

    def exists(self) -> bool:
        """Whether a profile was created here (profile.json is written last).

        A profile whose database file has gone missing still "exists": opening it
        reports `DatabaseDamaged`, and `create` refuses to overwrite what is left
        (e.g. an outbox of sealed submissions).
        """
        return self.paths.profile_file.is_file()

    def _require(self, db: Path) -> None:
        """`ProfileMissing` without a profile, `DatabaseDamaged` when `db` is gone."""
        if not self.exists():
            raise ProfileMissing("no profile")
        if not db.is_file():
            raise DatabaseDamaged(f"{db.name} missing", _MSG_FILE_MISSING.format(name=db.name))

    def _profile_id(self) -> str:
        try:
            data = json.loads(self.paths.profile_file.read_text(encoding="utf-8"))
            return str(data["profile_id"])
        except FileNotFoundError as exc:
            raise ProfileMissing("no profile.json") from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise DatabaseDamaged("profile.json unreadable") from exc

    def _keyring(self, profile_id: str | None = None) -> Keyring:
        return Keyring(profile_id or self._profile_id(), self._backend)

    def keyring(self) -> Keyring:
        """This profile's keyring entries (the sync layer keeps its device token there)."""
        return self._keyring()

    @property
    def staff_name(self) -> str:
        """The staff member's name (from device.db; needs only the keyring)."""
        if self._device is not None and not self._device.connection.closed:
            return STAFF_NAME.read(self._device)
        device = self.open_device(read_only=True)
        try:
            return STAFF_NAME.read(device)
        finally:
            device.close()

    # -- create / open ---------------------------------------------------------------

    def create(self, staff_name: str, passphrase: str | SecretBuffer) -> DraftStore:
        """Make a new profile: keys into the keyring, both databases, profile.json.

        Every key is wiped from memory once its database is open (a passphrase given
        as a `SecretBuffer` stays the caller's to wipe).

        Raises:
            ProfileExists: there is one already (it is left alone).
            KeyringUnavailable: no usable keyring (nothing is written).
        """
        if not passphrase:
            raise ValueError("a passphrase is required")
        if self.exists():
            raise ProfileExists("profile exists")
        profile_id = f"profile-{uuid.uuid4()}"
        keyring = self._keyring(profile_id)
        keyring.backend()  # fail before anything is written
        self.paths.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.paths.root, 0o700)
        self._lock.acquire()
        for leftover in self.paths.database_files():  # an earlier, interrupted create
            shred_file(leftover)
        device_key = SecretBuffer(KEY_BYTES)
        drafts_key: SecretBuffer | None = None
        try:
            random_bytes = secrets.token_bytes(KEY_BYTES)
            with device_key.view() as view:
                view[:] = random_bytes
            wipe_bytes(random_bytes)
            keyring.store_device_key(device_key)
            material, drafts_key = DraftsKeyMaterial.new(passphrase, self._kdf)
            keyring.store_drafts_material(material)
            device = DeviceStore(
                open_database(self.paths.device_db, device_key, migrations.DEVICE_STEPS),
                self._clock,
            )
            self._device = device
            STAFF_NAME.write(device, staff_name.strip())
            device.actor = staff_name.strip()
            conn = open_database(
                self.paths.drafts_db, drafts_key, migrations.DRAFTS_STEPS, cipher=DRAFTS_FORMAT
            )
            self._write_profile_file(profile_id)
        except BaseException:
            self._abort_create(keyring)
            raise
        finally:
            device_key.wipe()
            if drafts_key is not None:
                drafts_key.wipe()
        device.audit("profile_created")
        self._drafts = DraftStore(conn, device, self._clock)
        return self._drafts

    def _write_profile_file(self, profile_id: str) -> None:
        tmp = self.paths.profile_file.with_suffix(".tmp")
        data = json.dumps({"format": _PROFILE_FORMAT, "profile_id": profile_id})
        fd = open_fd(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        try:
            os.write(fd, data.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.paths.profile_file)

    def _abort_create(self, keyring: Keyring) -> None:
        self._close_stores()
        with contextlib.suppress(StoreError):
            keyring.delete_all()
        for path in self.paths.database_files():
            shred_file(path)
        self.paths.lock_file.unlink(missing_ok=True)
        self._lock.release()
        with contextlib.suppress(OSError):
            self.paths.root.rmdir()  # only if empty

    def open_device(self, *, read_only: bool = False) -> DeviceStore:
        """device.db with the keyring key only (no passphrase): sync, status, catalog.

        Args:
            read_only: for `koffer status`: no profile lock, no writes, works while the
                app is running.
        """
        self._require(self.paths.device_db)
        if read_only:
            with self._keyring().device_key() as key:
                conn = open_database(self.paths.device_db, key, (), read_only=True)
            return DeviceStore(conn, self._clock)
        if self._device is not None and not self._device.connection.closed:
            return self._device
        self._lock.acquire()
        with self._keyring().device_key() as key:
            conn = open_database(self.paths.device_db, key, migrations.DEVICE_STEPS)
        device = DeviceStore(conn, self._clock)
        device.actor = STAFF_NAME.read(device)
        self._device = device
        return device

    def _derive(
        self, passphrase: str | SecretBuffer
    ) -> tuple[SecretBuffer, DraftsKeyMaterial, bool]:
        """(key, material, from_pending) for `passphrase`, or `WrongPassphrase`; the
        caller wipes the key."""
        material = self._keyring().drafts_material()
        key = material.derive(passphrase)
        if key is not None:
            return key, material, False
        if material.pending is not None:
            key = material.pending.derive(passphrase)
            if key is not None:
                return key, material, True
        raise WrongPassphrase("key check failed")

    def _open_drafts_connection(self, passphrase: str | SecretBuffer) -> Connection:
        """Open drafts.db, finishing a passphrase change a crash interrupted."""
        key, material, from_pending = self._derive(passphrase)
        keyring = self._keyring()
        try:
            with key:
                conn = open_drafts_database(self.paths.drafts_db, key)
        except DatabaseDamaged:
            if material.pending is not None:
                # A passphrase change was interrupted: the file fits the other one.
                if from_pending:
                    raise WrongPassphrase("change not done", _MSG_NOT_CHANGED) from None
                raise WrongPassphrase("re-keyed; use the new passphrase", _MSG_CHANGED) from None
            raise
        if material.pending is not None:
            # Whichever key opened the file is the valid one from now on.
            keyring.store_drafts_material(
                material.pending if from_pending else replace(material, pending=None)
            )
        return conn

    def unlock(self, passphrase: str | SecretBuffer) -> DraftStore:
        """Open drafts.db with the passphrase (and device.db if not open yet).

        The derived key is wiped once the database is open; a passphrase given as a
        `SecretBuffer` stays the caller's to wipe. What happened while it was closed
        (receipts kept by `koffer sync`, retention, drafts waiting for an office key) is
        the application layer's to catch up (`koffer.drafting.workspace.Workspace.catch_up`).

        Raises:
            WrongPassphrase: nothing was opened or changed.
            DatabaseDamaged, KeyringUnavailable, ProfileInUse, ProfileMissing.
        """
        self._require(self.paths.drafts_db)
        self._lock.acquire()
        device = self.open_device()
        conn = self._open_drafts_connection(passphrase)  # a wrong passphrase stops here
        if self._drafts is not None:
            self._drafts.close()
            self._drafts = None
        store = DraftStore(conn, device, self._clock)
        try:
            store._publish_counts()
        except BaseException:
            store.close()
            raise
        self._drafts = store
        return store

    def change_passphrase(self, old: str | SecretBuffer, new: str | SecretBuffer) -> None:
        """Re-key drafts.db for `new`; crash-safe (see `DraftsKeyMaterial.pending`).

        Raises:
            WrongPassphrase: `old` is wrong; nothing changed.
        """
        if not new:
            raise ValueError("a passphrase is required")
        self._require(self.paths.drafts_db)
        self._lock.acquire()
        keyring = self._keyring()
        conn = self._open_drafts_connection(old) if self._drafts_closed() else None
        try:
            material = keyring.drafts_material()  # pending resolved by the open above
            old_key = material.derive(old)
            if old_key is None:
                raise WrongPassphrase("key check failed")
            old_key.wipe()
            new_material, new_key = DraftsKeyMaterial.new(new, self._kdf, material.secret)
            with new_key:
                keyring.store_drafts_material(replace(material, pending=new_material))
                target = conn if conn is not None else self._drafts_connection()
                target.rekey(new_key)
            keyring.store_drafts_material(new_material)
        finally:
            if conn is not None:
                conn.close()
        self.open_device().audit("passphrase_changed")

    def _drafts_closed(self) -> bool:
        return self._drafts is None or self._drafts.closed

    def _drafts_connection(self) -> Connection:
        assert self._drafts is not None
        return self._drafts.connection

    # -- close / wipe ----------------------------------------------------------------

    def _close_stores(self) -> None:
        for store in (self._drafts, self._device):
            if store is not None:
                store.close()
        self._drafts = None
        self._device = None

    def close(self) -> None:
        """Close both databases and give the profile lock back."""
        self._close_stores()
        self._lock.release()

    def wipe(self) -> None:
        """Destroy the profile: keyring entries first (crypto-shredding), then every
        database file, WAL, SHM and backup (overwritten, then deleted).

        Needs no passphrase: the sync layer calls it for a remote wipe, `koffer wipe`
        after confirmation.

        Raises:
            ProfileInUse: another process has the profile open (nothing was deleted).
            KeyringUnavailable: the files are gone, but the keyring entries could not
                be removed (they are useless without the files).
        """
        self._close_stores()
        if self.paths.root.is_dir():
            self._lock.acquire()
        keyring_error: KeyringUnavailable | None = None
        try:
            profile_id = self._profile_id()
        except StoreError:
            profile_id = None
        if profile_id is not None:
            try:
                self._keyring(profile_id).delete_all()
            except KeyringUnavailable as exc:
                keyring_error = exc
        for path in self.paths.database_files():
            shred_file(path)
        shred_file(self.paths.profile_file)
        self.paths.lock_file.unlink(missing_ok=True)
        self._lock.release()
        with contextlib.suppress(OSError):
            self.paths.root.rmdir()  # only when empty: never delete what is not ours
        if keyring_error is not None:
            raise KeyringUnavailable(str(keyring_error), _MSG_KEYS_LEFT) from keyring_error
