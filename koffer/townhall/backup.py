"""The laptop's draft backup: records prepared while unlocked, sent by every sync pass.

Two halves, because the headless `koffer sync` has no passphrase:

* `DraftBackup` lives while the profile is unlocked. It keeps the person's backup key
  (in drafts.db) and its wrappings on the server current, and turns every changed draft
  into an encrypted record waiting in device.db (`prepare_changed`): the draft's rows
  and files (`koffer.backup_record`), AES-GCM under the backup key, with an encrypted
  label (citizen, form, time) that names the draft on restore.
* `BackupOutbox` is what every sync pass sends (`sync.ports.BackupPort` over device.db):
  ciphertext, ids and times only. When the server lost records it marks them unsent,
  and, if the profile is unlocked right now, prepares them again at once.

The key's life: a laptop asks the server whose backup it writes (the staff member the
admin named at enrollment) and whether that person has a key. If nobody has, the
unlocked laptop makes one and sends it wrapped under a KEK that was derived from the
passphrase once after unlock (`kek_needed`/`use_kek`: slow Argon2id, in the background),
and to the recovery key of the signed catalog. If the person has a key already (a
second or replacement laptop), this laptop offers "Entwürfe wiederherstellen": only
the passphrase (or an admin's recovery) opens it (`koffer.draft_restore`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from koffer.settings import (
    BACKUP_ENVELOPE_WAITING,
    BACKUP_LAST_ENVELOPE,
    BACKUP_LOCAL_KEY,
    BACKUP_MIRROR_SEQ,
    BACKUP_REFUSED,
    BACKUP_SERVER_KEY,
    BACKUP_STAFF,
    SERVER_URL,
)
from koffer.store import DeviceStore, DraftStatus, DraftStore, Profile
from koffer.store.errors import DraftNotFound
from koffer.store.lane import StoreLane, run_here
from koffer.store.models import from_text, utc_now
from koffer.townhall.backup_record import DraftRecord, SealedCopy, pack
from koffer.townhall.store_port import on_lane
from sync import backup_crypto
from sync.backup_crypto import PassphraseKek
from sync.ports import WaitingRecord
from sync.protocol import BackupKeyEnvelope, BackupKeyState, BackupRecordInfo

log = logging.getLogger("koffer.backup")

#: Statuses whose drafts are not backed up: the town hall has the application.
NOT_BACKED_UP = frozenset({DraftStatus.RECEIVED})


def passphrase_tag(profile: Profile) -> str:
    """A tag of the profile's current passphrase (not secret): it changes with every
    passphrase change, so the laptop knows when the server's envelope is outdated."""
    return profile.keyring().drafts_material().check[:32]


@dataclass(frozen=True)
class BackupMark:
    """What the drafts list shows for one draft."""

    #: the server holds the draft's latest change
    backed_up: bool
    #: when the server confirmed the newest version it holds (None: never)
    at: datetime | None
    #: a newer version waits to be sent
    waiting: bool


class DraftBackup:
    """The unlocked profile's part of the backup: the key and the records."""

    def __init__(
        self,
        drafts: DraftStore,
        device: DeviceStore,
        *,
        passphrase_tag: str,
        recovery_key: Callable[[], dict[str, Any] | None],
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        """Args:
        passphrase_tag: `passphrase_tag(profile)` of the unlocked profile.
        recovery_key: the public recovery key of the installed (verified) manifest.
        """
        self.drafts = drafts
        self.device = device
        self.tag = passphrase_tag
        self._recovery_key = recovery_key
        self._clock = clock
        self._kek: PassphraseKek | None = None

    # -- who and which key -------------------------------------------------------------

    def staff_id(self) -> str | None:
        """The staff member this laptop backs up for (None: not asked yet, or none)."""
        staff = BACKUP_STAFF.read(self.device)
        return str(staff["staff_id"]) if staff else None

    def server_key_id(self) -> str | None:
        """The id of the person's key on the server; None when it has none or unknown."""
        server = BACKUP_SERVER_KEY.read(self.device)
        return None if server is None or server.get("key_id") is None else str(server["key_id"])

    def server_state_known(self) -> bool:
        """Whether a pass has told what the server holds for the person."""
        return BACKUP_SERVER_KEY.read(self.device) is not None

    def restore_offered(self) -> bool:
        """Whether to offer "Entwürfe wiederherstellen": the person has a key on the
        server that this profile does not hold (a new or a second laptop)."""
        server = self.server_key_id()
        if server is None:
            return False
        local = self.drafts.backup_key()
        return local is None or local.key_id != server

    def kek_needed(self, *, first_run: bool = False) -> bool:
        """Whether the passphrase should be turned into a KEK (slow) at this unlock: the
        laptop is enrolled and has no key yet (unless the person has one: then a restore
        is due), or the server's envelope is for another passphrase. While the server's
        answer is still unknown the KEK is made on spec: the passphrase is gone after
        unlock, and the first pass may well say that the person has no key yet."""
        if self._kek is not None:
            return False
        if not SERVER_URL.read(self.device) and not (
            first_run and self.drafts.backup_key() is None
        ):
            return False  # not enrolled (a new profile is enrolled right after it is made)
        if self.restore_offered():
            return False
        key = self.drafts.backup_key()
        if key is None:
            return self.server_key_id() is None
        current = BACKUP_ENVELOPE_WAITING.read(self.device) or BACKUP_LOCAL_KEY.read(self.device)
        return (
            current is None
            or current.get("wrapped_for") != self.tag
            or current.get("key_id") != key.key_id
        )

    def use_kek(self, kek: PassphraseKek) -> None:
        """Keep the KEK derived from the passphrase (until lock) and settle the key."""
        self._kek = kek
        self.settle_key()

    def settle_key(self) -> None:
        """Make the key and the waiting envelope current as far as the facts allow:
        create the key when the person has none, wrap it again for a new passphrase or a
        new recovery key. Nothing happens while the server's answer is unknown, while a
        restore is due, or while a needed KEK is not there yet."""
        staff_id = self.staff_id()
        if staff_id is None or not self.server_state_known() or self.restore_offered():
            return
        key = self.drafts.backup_key()
        if key is None:
            if self.server_key_id() is not None or self._kek is None:
                return
            fresh = backup_crypto.new_backup_key()
            self.drafts.keep_backup_key(staff_id, fresh, backup_crypto.key_id(fresh))
            self.device.audit("backup_key_created")
            key = self.drafts.backup_key()
            assert key is not None
        recovery = self._recovery_key()
        recovery_id = "" if recovery is None else backup_crypto.recovery_key_id(recovery)
        wanted = {"key_id": key.key_id, "wrapped_for": self.tag, "recovery_key_id": recovery_id}
        waiting = BACKUP_ENVELOPE_WAITING.read(self.device)
        current = waiting or BACKUP_LOCAL_KEY.read(self.device)
        if current is not None and all(current.get(k) == v for k, v in wanted.items()):
            return
        last = self._last_envelope()
        if self._kek is not None:
            passphrase = backup_crypto.wrap_with_kek(key.key, staff_id, self._kek)
        elif (
            last is not None
            and last.key_id == key.key_id
            and current is not None
            and (current.get("wrapped_for") == self.tag)
        ):
            passphrase = last.passphrase  # only the recovery wrapping is new
        else:
            return  # wait for the KEK
        envelope = BackupKeyEnvelope(
            key_id=key.key_id,
            passphrase=passphrase,
            recovery=None
            if recovery is None
            else backup_crypto.wrap_for_recovery(key.key, staff_id, recovery),
        )
        BACKUP_ENVELOPE_WAITING.write(
            self.device, {**wanted, "envelope": envelope.model_dump(mode="json")}
        )

    def _last_envelope(self) -> BackupKeyEnvelope | None:
        raw = BACKUP_LAST_ENVELOPE.read(self.device)
        return None if raw is None else BackupKeyEnvelope.model_validate(raw)

    # -- records ------------------------------------------------------------------------

    def prepare_changed(self) -> int:
        """Prepare a record for every draft changed since its last one; returns how many.

        Cheap when nothing changed (one list query and one of device.db); a draft edited
        ten times between two calls is prepared once.
        """
        key = self.drafts.backup_key()
        if key is None or self.restore_offered():
            return 0
        states = self.device.backup.states()
        count = 0
        for summary in self.drafts.list_drafts():
            if summary.status in NOT_BACKED_UP:
                continue
            state = states.get(summary.id)
            if state is not None and state.covers and from_text(state.covers) >= summary.updated_at:
                continue
            try:
                if self._prepare(summary.id, key.key):
                    count += 1
            except DraftNotFound:
                continue  # deleted meanwhile
        return count

    def _prepare(self, draft_id: str, key: bytes) -> bool:
        snapshot = self.drafts.export_draft(draft_id)
        row = snapshot.tables["drafts"][0]
        status = DraftStatus(str(row["status"]))
        if status in NOT_BACKED_UP:
            return False
        record_id, version = self.device.backup.next_version(draft_id)
        template_yaml = self.device.get_template_text(
            str(row["template_id"]), str(row["template_version"])
        )
        plain = pack(DraftRecord(snapshot, self._sealed_copy(draft_id), template_yaml))
        blob = backup_crypto.seal_record(key, record_id, version, plain)
        updated_at = from_text(str(row["updated_at"]))
        label = backup_crypto.seal_label(
            key,
            record_id,
            version,
            {
                "citizen": str(row.get("citizen_name") or ""),
                "form": str(row.get("form_title") or row["template_id"]),
                "status": status.value,
                "updated_at": updated_at.isoformat(),
            },
        )
        self.device.backup.queue(
            draft_id,
            record_id=record_id,
            version=version,
            covers=updated_at,
            data=blob,
            label=label,
        )
        return True

    def _sealed_copy(self, draft_id: str) -> SealedCopy | None:
        for item in self.device.outbox_items("pending"):
            if item.draft_id != draft_id:
                continue
            parts: dict[str, tuple[str, bytes]] = {}
            for part_id, _ in self.device.outbox_part_types(item.submission_id):
                part = self.device.outbox_part(item.submission_id, part_id)
                if part is not None:
                    parts[part_id] = (part[0], part[1])
            return SealedCopy(
                item.submission_id,
                item.template_id,
                item.template_version,
                item.office_id,
                item.payload,
                item.created_at,
                parts,
            )
        return None

    def marks(self) -> dict[str, BackupMark]:
        """Per draft: is its latest change on the server, since when, does one wait."""
        states = self.device.backup.states()
        waiting = {r.record_id for r in self.device.backup.waiting()}
        out: dict[str, BackupMark] = {}
        for summary in self.drafts.list_drafts():
            state = states.get(summary.id)
            if state is None:
                out[summary.id] = BackupMark(False, None, False)
                continue
            out[summary.id] = BackupMark(
                backed_up=state.backed_up(summary.updated_at),
                at=state.sent_at,
                waiting=state.record_id in waiting,
            )
        return out


class BackupOutbox:
    """`sync.ports.BackupPort` over device.db: what a sync pass sends, locked or not."""

    def __init__(
        self,
        device: DeviceStore,
        unlocked: Callable[[], DraftBackup | None] | None = None,
        *,
        lane: StoreLane = run_here,
    ) -> None:
        """Args:
        unlocked: the `DraftBackup` of the unlocked profile right now, or None while
            locked (the headless sync has none).
        lane: where store calls run (the app's store lane; `run_here` headless): a
            pass waits on the network on its own thread, every store call of it is
            handed to the lane, in order with the autosaves.
        """
        self.device = device
        self.queue = device.backup
        self.lane = lane
        self._unlocked = unlocked or (lambda: None)

    def _backup(self) -> DraftBackup | None:
        try:
            return self._unlocked()
        except Exception as exc:  # noqa: BLE001 - locked mid-pass: the next pass does it
            log.info("backup preparation deferred (%s)", type(exc).__name__)
            return None

    def _settle(self) -> None:
        backup = self._backup()
        if backup is not None:
            try:
                backup.settle_key()
                backup.prepare_changed()
            except Exception as exc:  # noqa: BLE001 - locked mid-pass: at the next unlock
                log.info("backup preparation deferred (%s)", type(exc).__name__)

    @on_lane
    def prepare(self) -> None:
        """Prepare what changed, if the profile is unlocked right now."""
        self._settle()

    # -- the key ---------------------------------------------------------------------

    def _confirmed(self) -> bool:
        """Whether the server holds this laptop's key (only then records may go)."""
        local = BACKUP_LOCAL_KEY.read(self.device)
        server = BACKUP_SERVER_KEY.read(self.device)
        return (
            local is not None
            and server is not None
            and server.get("key_id") == local.get("key_id")
            and not BACKUP_REFUSED.read(self.device)
        )

    @on_lane
    def wants_key_state(self) -> bool:
        """Ask the server while this laptop's key is not confirmed there."""
        return not self._confirmed()

    @on_lane
    def key_state_seen(self, state: BackupKeyState) -> None:
        """Keep who the person is and which key the server holds for them."""
        server_id = None if state.envelope is None else state.envelope.key_id
        BACKUP_STAFF.write(
            self.device, {"staff_id": state.staff_id, "staff_name": state.staff_name}
        )
        BACKUP_SERVER_KEY.write(self.device, {"key_id": server_id})
        local = BACKUP_LOCAL_KEY.read(self.device)
        last = BACKUP_LAST_ENVELOPE.read(self.device)
        if server_id is None and local is not None:
            # the server lost the person's key (or it was purged): send it again
            BACKUP_LOCAL_KEY.write(self.device, None)
            if last is not None and BACKUP_ENVELOPE_WAITING.read(self.device) is None:
                BACKUP_ENVELOPE_WAITING.write(self.device, {**local, "envelope": last})
        elif server_id is not None and local is not None and local.get("key_id") != server_id:
            BACKUP_REFUSED.write(self.device, "backup_key_differs")
        self._settle()

    @on_lane
    def waiting_envelope(self) -> BackupKeyEnvelope | None:
        """The envelope waiting for the server."""
        waiting = BACKUP_ENVELOPE_WAITING.read(self.device)
        return None if waiting is None else BackupKeyEnvelope.model_validate(waiting["envelope"])

    @on_lane
    def envelope_sent(self, envelope: BackupKeyEnvelope) -> None:
        """The server keeps it: this is now the person's envelope."""
        waiting = BACKUP_ENVELOPE_WAITING.read(self.device) or {}
        BACKUP_LOCAL_KEY.write(
            self.device,
            {
                "key_id": envelope.key_id,
                "wrapped_for": waiting.get("wrapped_for", ""),
                "recovery_key_id": waiting.get("recovery_key_id", ""),
            },
        )
        BACKUP_LAST_ENVELOPE.write(self.device, envelope.model_dump(mode="json"))
        BACKUP_SERVER_KEY.write(self.device, {"key_id": envelope.key_id})
        BACKUP_ENVELOPE_WAITING.write(self.device, None)
        BACKUP_REFUSED.write(self.device, None)
        self._settle()  # records may go now

    @on_lane
    def envelope_refused(self, code: str) -> None:
        """Another key is the person's: this laptop must restore (adopt) it first."""
        BACKUP_REFUSED.write(self.device, code)
        BACKUP_ENVELOPE_WAITING.write(self.device, None)

    # -- records ---------------------------------------------------------------------

    @on_lane
    def waiting_deletions(self) -> list[str]:
        """Records of drafts that are gone or delivered."""
        return self.queue.deletions()

    @on_lane
    def deletion_sent(self, record_id: str) -> None:
        """Deleted on the server."""
        self.queue.deleted(record_id)

    @on_lane
    def waiting_records(self) -> list[WaitingRecord]:
        """Waiting records, once the server holds this laptop's key."""
        if not self._confirmed():
            return []
        return [
            WaitingRecord(r.record_id, r.version, r.size, r.sha512, r.label)
            for r in self.queue.waiting()
        ]

    @on_lane
    def record_bytes(self, record_id: str, version: int) -> bytes:
        """Ciphertext of a waiting record."""
        return self.queue.data(record_id, version)

    @on_lane
    def record_sent(self, record_id: str, version: int) -> None:
        """The server holds it."""
        self.queue.sent(record_id, version)

    # -- what the server holds -------------------------------------------------------

    @on_lane
    def mirror_seq(self) -> int:
        """The server's change counter at the last listing."""
        return BACKUP_MIRROR_SEQ.read(self.device)

    @on_lane
    def mirror(self) -> dict[str, tuple[int, str]]:
        """What the server held at the last listing."""
        return self.queue.mirror()

    @on_lane
    def update_mirror(self, seq: int, records: list[BackupRecordInfo], *, full: bool) -> None:
        """Take in a listing."""
        self.queue.update_mirror(((r.record_id, r.version, r.sha512) for r in records), full=full)
        BACKUP_MIRROR_SEQ.write(self.device, seq)

    @on_lane
    def server_lost(self) -> int:
        """Records this laptop sent that the (full) listing lacks wait again."""
        mirror = self.queue.mirror()
        lost = [
            record_id
            for record_id, version in self.queue.own_sent().items()
            if record_id not in mirror or mirror[record_id][0] < version
        ]
        if not lost:
            return 0
        self.queue.mark_unsent(lost)
        log.warning("the town hall lost %d backup record(s); they are sent again", len(lost))
        self.device.audit("backup_lost", None, f"records={len(lost)}")
        self._settle()  # prepared again now if unlocked, else at the next unlock
        return len(lost)


def staff_name(device: DeviceStore) -> str | None:
    """The person's name as the town hall knows it (after the first pass)."""
    staff = BACKUP_STAFF.read(device)
    return str(staff["staff_name"]) if staff else None


def refused(device: DeviceStore) -> bool:
    """Whether the server refused this laptop's key (a restore is needed first)."""
    return bool(BACKUP_REFUSED.read(device))
