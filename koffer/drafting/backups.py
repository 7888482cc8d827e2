"""The unlocked profile's draft backup: when a draft's record is made, what the worker sees.

The mechanics are `koffer.townhall.backup` (records, the key, its wrappings) and
`koffer.townhall.restore`; this module holds the rules about them, in one place:

- **When a record is made.** After every step a draft takes (signed, finalised, back to
  editing …) at once; after a save at most every `PREPARE_EVERY` per draft (a draft
  typed into for an hour is not encrypted again at every word, and the backup never lags
  more than that behind); before every sync pass; and when the profile locks. The
  headless `koffer sync` has no passphrase, so it only sends what was made here.
- **What is not backed up:** a draft the town hall received; a delivered, deleted or
  purged draft is deleted from the backup (the store queues that itself).
- **The key.** After unlock the passphrase is turned into a key-encryption key once, in
  the background, when the backup needs one (`needs_kek`); it is kept until lock.
- **What the worker sees:** per draft whether its latest change is on the server
  ("gesichert 14:32"); in the status bar how many wait; on a new laptop of the same
  person the offer "Entwürfe wiederherstellen".

Everything here runs on the store lane (workspace listeners do); nothing knows Qt.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from koffer.drafting.lifecycle import Event, Saved, Transition
from koffer.drafting.wording import (
    BACKED_UP_AT,
    BACKUP_WAITING,
    NOT_BACKED_UP,
    RESTORE_DAMAGED,
    RESTORE_NOTHING,
    RESTORE_UNREADABLE,
    RESTORE_WRONG,
    RESTORED,
    RESTORED_ALREADY,
    RESTORED_ONE,
    RESTORED_SEALED,
    RESTORED_SEALED_ONE,
    by_count,
)
from koffer.secret_memory import SecretBuffer
from koffer.store.keys import KdfParams, argon2id_into
from koffer.townhall import manifest
from koffer.townhall.backup import BackupMark, BackupOutbox, DraftBackup, passphrase_tag
from koffer.townhall.restore import UNREADABLE, RestoreRefused, RestoreReport, restore_drafts
from sync import backup_crypto

if TYPE_CHECKING:
    from koffer.drafting.workspace import Workspace
    from koffer.store import Profile
    from koffer.store.lane import StoreLane
    from sync.backup_crypto import PassphraseKek
    from sync.client.backup import BackupApi

#: The Argon2id cost of the passphrase's KEK (tests make it cheap; docs/sync.md says why
#: it is this high).
KDF = backup_crypto.BACKUP_KDF
#: A saved draft gets a new record at most this often (steps make one at once).
PREPARE_EVERY = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class BackupLine:
    """What the drafts list shows of a draft's backup: a text (German source of the Qt
    translation, `wording.CONTEXT`, with `{time}`) and the time to put into it."""

    text: str
    time: str = ""


class Backups:
    """The draft backup of one unlocked workspace (see the module docstring)."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        passphrase_tag: str,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        """Listen to the workspace's steps and saves; make records by the rules above."""
        self.workspace = workspace
        self.clock = clock or workspace.clock
        self.backup = DraftBackup(
            workspace.drafts,
            workspace.device,
            passphrase_tag=passphrase_tag,
            recovery_key=self._recovery_key,
            clock=self.clock,
        )
        self._last_prepared: dict[str, dt.datetime] = {}
        workspace.subscribe(self._on_event)
        workspace.before_close(self.prepare_now)

    def _recovery_key(self) -> dict[str, object] | None:
        installed = manifest.installed_manifest(self.workspace.device)
        return None if installed is None else installed.backup_recovery_key

    # ------------------------------------------------------------------ records
    def _on_event(self, event: Event) -> None:
        now = self.clock()
        if isinstance(event, Saved):
            last = self._last_prepared.get(event.draft_id)
            if last is not None and now - last < PREPARE_EVERY:
                return  # the next pass, the lock or a later save makes it
        elif not isinstance(event, Transition) or event.after is None:
            return  # deleted: the store queued the record's deletion
        self._last_prepared[event.draft_id] = now
        self.prepare_now()

    def prepare_now(self) -> int:
        """Make a record of every draft changed since its last one; how many."""
        if self.workspace.closed or self.workspace.drafts.closed:
            return 0
        self.backup.settle_key()
        return self.backup.prepare_changed()

    # ------------------------------------------------------------------ the key
    def needs_kek(self, *, first_run: bool = False) -> bool:
        """Whether this unlock should turn the passphrase into a KEK (in the background);
        `first_run`: the profile was just made (it is enrolled next)."""
        return self.backup.kek_needed(first_run=first_run)

    def use_kek(self, kek: PassphraseKek) -> None:
        """The KEK made from the passphrase: wrap the key with it (and make the key)."""
        self.backup.use_kek(kek)
        self.prepare_now()

    # ------------------------------------------------------------------ what is shown
    def lines(self) -> dict[str, BackupLine]:
        """Per draft id, what the drafts list says about its backup (nothing while this
        laptop keeps no backup: not enrolled for a person, or not set up yet)."""
        if self.backup.staff_id() is None or self.workspace.drafts.backup_key() is None:
            return {}
        now = self.clock()
        return {draft_id: line_of(mark, now) for draft_id, mark in self.backup.marks().items()}

    def waiting(self) -> int:
        """How many records wait to be sent (the status bar)."""
        return self.workspace.device.backup.waiting_count()

    def restore_offered(self) -> bool:
        """Whether to offer "Entwürfe wiederherstellen" (the person has a backup key
        that this profile does not hold yet: a new or a second laptop)."""
        return self.backup.restore_offered()

    def restore(
        self,
        calls: BackupApi,
        passphrase: str,
        is_profile_passphrase: Callable[[str], bool],
        progress: Callable[[int, int], None] | None = None,
    ) -> RestoreReport:
        """Restore the person's drafts (`koffer.townhall.restore`), then make records of
        what is new here; the list and the drafts' stages are the store's truth."""
        report = restore_drafts(
            calls,
            self.workspace.drafts,
            self.workspace.device,
            passphrase,
            passphrase_tag=self.backup.tag,
            is_profile_passphrase=is_profile_passphrase,
            progress=progress,
        )
        self.workspace.seal_waiting()  # restored drafts waiting for a key that is here now
        self.prepare_now()
        return report

    def outbox(self, lane: StoreLane) -> BackupOutbox:
        """What a sync pass sends (its store calls handed to `lane`)."""
        return BackupOutbox(self.workspace.device, lambda: self.backup, lane=lane)


def line_of(mark: BackupMark, now: dt.datetime) -> BackupLine:
    """A draft's backup in the list's words: "gesichert 14:32" (today), "gesichert
    12.03. 14:32" (earlier), local time."""
    if mark.backed_up:
        at = mark.at.astimezone() if mark.at is not None else None
        if at is None:
            return BackupLine(BACKED_UP_AT)
        today = at.date() == now.astimezone().date()
        return BackupLine(BACKED_UP_AT, f"{at:%H:%M}" if today else f"{at:%d.%m.} {at:%H:%M}")
    if mark.waiting:
        return BackupLine(BACKUP_WAITING)
    return BackupLine(NOT_BACKED_UP)


def attach(workspace: Workspace, profile: Profile) -> Backups:
    """The backup of a freshly unlocked workspace (`workspace.backups`)."""
    backups = Backups(workspace, passphrase_tag=passphrase_tag(profile))
    workspace.backups = backups
    return backups


def kept_for_backup(
    workspace: Workspace, passphrase: SecretBuffer, *, first_run: bool = False
) -> SecretBuffer | None:
    """A copy of the passphrase if the draft backup needs its KEK made from it (`needs_kek`;
    on the store lane, before the unlock wipes the original), else None. The copy is
    wiped by `derive_kek`."""
    backups = workspace.backups
    if backups is None or not backups.needs_kek(first_run=first_run):
        return None
    with passphrase.view() as view:
        return SecretBuffer.copy_of(view)


def derive_kek(passphrase: str | SecretBuffer) -> PassphraseKek:
    """The slow part of `needs_kek`: Argon2id of the passphrase (a background job).

    A passphrase in a `SecretBuffer` (a copy kept by the unlock for this) is hashed by
    libargon2 straight from that buffer and wiped as soon as the key is derived:
    cryptography's Argon2id (OpenSSL) left freed copies of it in the locked app's memory
    (`tests/integration/store/test_app_memory.py`). Same function, same parameters as
    `sync.backup_crypto.derive_kek`, which a restore or the admin tool use.
    """
    if isinstance(passphrase, str):
        return backup_crypto.derive_kek(passphrase, KDF)
    out = SecretBuffer(backup_crypto.KEY_BYTES)
    try:
        salt = os.urandom(backup_crypto.SALT_BYTES)
        params = KdfParams(KDF.time_cost, KDF.memory_kib, KDF.parallelism)
        argon2id_into(out, passphrase, salt, params)
        with out.view() as view:
            return backup_crypto.PassphraseKek(bytes(view), salt, KDF)
    finally:
        out.wipe()
        passphrase.wipe()


#: A line of text to show: a German source (`wording.CONTEXT`) and what to format into it.
Words = tuple[str, dict[str, object]]


def report_words(report: RestoreReport) -> list[Words]:
    """What a restore did, as lines for the worker."""
    restored = len(report.restored)
    out: list[Words] = [(by_count(restored, RESTORED_ONE, RESTORED), {"n": restored})]
    if report.already_here:
        out.append((RESTORED_ALREADY, {"n": report.already_here}))
    if report.sealed_requeued:
        sealed = report.sealed_requeued
        out.append((by_count(sealed, RESTORED_SEALED_ONE, RESTORED_SEALED), {"n": sealed}))
    for name, reason in report.damaged:
        out.append(
            (RESTORE_UNREADABLE if reason == UNREADABLE else RESTORE_DAMAGED, {"name": name})
        )
    return out


def refusal_words(refused: RestoreRefused) -> str:
    """Why a restore did not start (nothing was changed)."""
    return RESTORE_WRONG if refused.reason == "wrong_passphrase" else RESTORE_NOTHING
