""" "Entwürfe wiederherstellen": the person's drafts back from the town hall onto this laptop.

On a new laptop enrolled for the same person (or a second one), the passphrase opens
the backup key the server keeps wrapped; then every record is downloaded, checked (its
AES-GCM tag, which authenticates every byte and the SHA-256 of every file it holds, bound
to the record's id and version) and put into drafts.db with its state, answers,
attachments and signatures exactly as they were.

* A wrong passphrase changes nothing (it fails before anything is written).
* A record that fails a check is reported by the draft's name (the encrypted label is
  separate from the record, so the name is known even when the record is damaged); the
  others are restored.
* Running it twice duplicates nothing: a draft already here in that version (or a newer
  one) is left alone, and one in an older version is replaced as a whole.
* A draft that was finalised but not delivered comes back with its sealed submission,
  under the same submission id: the town hall gets it exactly once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from koffer.settings import (
    BACKUP_LAST_ENVELOPE,
    BACKUP_LOCAL_KEY,
    BACKUP_MIRROR_SEQ,
    BACKUP_REFUSED,
    BACKUP_SERVER_KEY,
    BACKUP_STAFF,
)
from koffer.store import DeviceStore, DraftStore
from koffer.store.errors import StoreError
from koffer.store.models import from_text
from koffer.townhall.backup_record import DraftRecord, RecordFormatError, unpack
from sync import backup_crypto
from sync.client.backup import BackupApi
from sync.client.delivery import RetryPolicy
from sync.client.errors import RecordDownloadFailed, SyncError
from sync.protocol import BackupRecordInfo

log = logging.getLogger("koffer.backup")

#: Threads that download and check records while the calling thread writes them.
HELPERS = 2
#: Bytes of records downloaded ahead of the one being written (at least one record).
#: Two batches: while the writer commits one batch (SQLCipher encrypting, then the
#: fsync), the helpers fetch the next one whole instead of stopping after half of it;
#: with one batch (32 MB) the writer waited 0.4 s per 400 MB for records, with two
#: 0.1 s (py-spy, issue 17). The price is 32 MB more of opened records in memory.
AHEAD_BYTES = 64 * 1024 * 1024
#: Drafts written in one drafts.db transaction (at most this many, or this many bytes):
#: every commit costs a round of device.db writes and, now and then, a checkpoint.
BATCH_DRAFTS = 64
BATCH_BYTES = 32 * 1024 * 1024

MSG_NOT_OPENED = (
    "Das Kennwort passt nicht zu Ihrer Sicherung im Rathaus. Es wurde nichts verändert. "
    "Bitte das Kennwort Ihres bisherigen Laptops eingeben; wurde es vergessen, kann das "
    "Rathaus die Sicherung für ein neues Kennwort freigeben."
)
MSG_NOTHING = "Im Rathaus liegt für Sie keine Sicherung von Entwürfen vor."
#: Why a record was not restored (codes; the app says them in words, `drafting.wording`).
DAMAGED = "damaged"
UNREADABLE = "unreadable"
_REASONS = {
    DAMAGED: "die Sicherung ist beschädigt und wurde nicht übernommen",
    UNREADABLE: "die Sicherung passt nicht zu Ihrem Schlüssel und wurde nicht übernommen",
}


class RestoreRefused(SyncError):  # noqa: N818 - says what happened, like sync.client.errors
    """The restore cannot start; nothing was changed. `reason`: "wrong_passphrase" or
    "no_backup"."""

    code = "restore_refused"
    default_message = MSG_NOTHING

    def __init__(self, reason: str, user_message: str) -> None:
        super().__init__(reason, user_message)
        self.reason = reason


@dataclass
class RestoreReport:
    """What a restore did, in words a field worker reads."""

    restored: list[str] = field(default_factory=list)
    already_here: int = 0
    #: (name of the draft, why: DAMAGED or UNREADABLE)
    damaged: list[tuple[str, str]] = field(default_factory=list)
    sealed_requeued: int = 0

    def lines(self) -> list[str]:
        """German summary."""
        out = [f"Wiederhergestellt: {len(self.restored)} Entwürfe."]
        if self.already_here:
            out.append(f"Schon auf diesem Laptop: {self.already_here}.")
        if self.sealed_requeued:
            out.append(
                f"{self.sealed_requeued} abgeschlossene Anträge werden beim nächsten Kontakt "
                "mit dem Rathaus gesendet."
            )
        for name, reason in self.damaged:
            out.append(f"Nicht wiederhergestellt: {name} – {_REASONS[reason]}.")
        return out


def describe(label: dict[str, object] | None, fallback: str) -> str:
    """A draft's name from its label: "Wohngeld – Erika Mustermann (12.03.2026 14:32)"."""
    if not label:
        return fallback
    parts = [str(label.get("form") or "Entwurf")]
    if label.get("citizen"):
        parts.append(str(label["citizen"]))
    name = " – ".join(parts)
    try:
        when = dt.datetime.fromisoformat(str(label.get("updated_at"))).astimezone()
    except ValueError:
        return name
    return f"{name} (geändert {when:%d.%m.%Y %H:%M})"


def restore_drafts(
    calls: BackupApi,
    drafts: DraftStore,
    device: DeviceStore,
    passphrase: str,
    *,
    passphrase_tag: str,
    is_profile_passphrase: Callable[[str], bool],
    retry: RetryPolicy | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RestoreReport:
    """Restore every draft of the person's backup (see the module docstring).

    Args:
        passphrase_tag: `draft_backup.passphrase_tag` of this profile.
        is_profile_passphrase: whether a passphrase is this profile's own (then the
            server's envelope fits this laptop and needs no new wrapping).

    Raises:
        RestoreRefused: wrong passphrase, or no backup (nothing was changed).
        Unreachable, ServerTrouble, Revoked: the town hall is not there (what was
            restored so far stays; running it again goes on).
    """
    state = calls.key_state()
    envelope = state.envelope
    if envelope is None:
        raise RestoreRefused("no_backup", MSG_NOTHING)
    try:
        key = backup_crypto.unwrap_with_passphrase(envelope, state.staff_id, passphrase)
    except backup_crypto.WrongBackupPassphrase as exc:
        raise RestoreRefused("wrong_passphrase", MSG_NOT_OPENED) from exc

    local = drafts.backup_key()
    if local is None or local.key_id != envelope.key_id:
        if local is not None:
            # this profile had made a key of its own before it learned of the person's:
            # its records were under that key, so all of them are prepared again
            device.backup.clear()
        drafts.keep_backup_key(state.staff_id, key, envelope.key_id)
        device.audit("backup_key_restored")
    own = is_profile_passphrase(passphrase)
    BACKUP_STAFF.write(device, {"staff_id": state.staff_id, "staff_name": state.staff_name})
    BACKUP_SERVER_KEY.write(device, {"key_id": envelope.key_id})
    BACKUP_REFUSED.write(device, None)
    BACKUP_LAST_ENVELOPE.write(device, envelope.model_dump(mode="json"))
    BACKUP_LOCAL_KEY.write(
        device,
        {
            "key_id": envelope.key_id,
            # another passphrase (the old laptop's, or one the admin set): the next
            # unlock wraps the key for this laptop's passphrase
            "wrapped_for": passphrase_tag if own else "",
            "recovery_key_id": ""
            if envelope.recovery is None
            else envelope.recovery.recovery_key_id,
        },
    )

    listing = calls.listing(0)
    restorer = _Restorer(drafts, device, key)
    records = listing.records
    todo = [info for info in records if not restorer.already_here(info)]
    with drafts.bulk_writes():
        _run_pipeline(calls, restorer, todo, retry, progress)
    device.backup.update_mirror(((r.record_id, r.version, r.sha512) for r in records), full=True)
    BACKUP_MIRROR_SEQ.write(device, listing.seq)
    report = restorer.report
    log.info(
        "restore: %d restored, %d already here, %d damaged",
        len(report.restored),
        report.already_here,
        len(report.damaged),
    )
    return report


def _run_pipeline(
    calls: BackupApi,
    restorer: _Restorer,
    todo: list[BackupRecordInfo],
    retry: RetryPolicy | None,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Download and check records on HELPERS threads while this thread writes them.

    WHY a pipeline: the store writes (SQLCipher encrypting and syncing pages) take
    longer than the download and the check together; one after the other the restore
    cost their sum, overlapped it costs about the writes. The helpers download and open
    the AES-GCM (`_fetch`); at most AHEAD_BYTES of records wait between them and the
    writer (always at least one, so a record larger than that still goes). Every store
    call stays on the calling thread, in the order of the listing.
    """
    pending: deque[tuple[BackupRecordInfo, Future[_Fetched]]] = deque()
    queue = iter(todo)
    ahead = 0
    done = 0
    network = ThreadPoolExecutor(max_workers=HELPERS, thread_name_prefix="koffer-restore")
    try:
        while True:
            while True:
                info = next(queue, None) if not pending or ahead < AHEAD_BYTES else None
                if info is None:
                    break
                pending.append((info, network.submit(_fetch, calls, restorer.key, info, retry)))
                ahead += info.size
            if not pending:
                break
            info, fetched = pending.popleft()
            ahead -= info.size
            restorer.restore(info, fetched.result())
            done += 1
            if progress is not None:
                progress(done, len(todo))
    finally:
        # the town hall went away (or the store failed): what was checked so far is
        # written, nothing more is fetched
        network.shutdown(wait=True, cancel_futures=True)
        restorer.flush()


@dataclass(frozen=True)
class _Fetched:
    """A downloaded record, checked and read, or why not (DAMAGED, or `_UNOPENED` when
    the AEAD failed: the label then says whether the key fits at all)."""

    record: DraftRecord | None
    problem: str = ""


_UNOPENED = "unopened"


def _fetch(
    calls: BackupApi, key: bytes, info: BackupRecordInfo, retry: RetryPolicy | None
) -> _Fetched:
    """Download one record and check it (a helper thread; no store call here).

    The check is the record's AES-GCM tag, ONE pass over the bytes: it authenticates
    every byte of the ciphertext under the person's key, bound to the record's id and
    version (so the server can neither alter a record nor swap one in for another, nor
    an old version for a new one), and with it the SHA-256 of every file, which the
    encrypted header carries. A flipped bit anywhere fails it, and the draft is then
    named by its label. Hashing the ciphertext with the listed SHA-512 (announced by the
    same server) and every file with its SHA-256 again proved nothing more and cost
    0.8 of the restore's CPU-seconds per 400 MB (docs/benchmarks.md, issue 17).
    """
    try:
        blob = calls.download(info, retry, check_sha512=False)
    except RecordDownloadFailed:
        return _Fetched(None, DAMAGED)
    try:
        plain = backup_crypto.open_record(key, info.record_id, info.version, blob)
        return _Fetched(unpack(plain, check_files=False))
    except backup_crypto.RecordDamaged:
        return _Fetched(None, _UNOPENED)
    except RecordFormatError:
        return _Fetched(None, DAMAGED)


@dataclass
class _Restorer:
    """Restores one record after the other into the open stores (the calling thread)."""

    drafts: DraftStore
    device: DeviceStore
    key: bytes
    report: RestoreReport = field(default_factory=RestoreReport)
    _batch: list[tuple[BackupRecordInfo, str, DraftRecord]] = field(default_factory=list)
    _batch_bytes: int = 0

    def __post_init__(self) -> None:
        self._known = {s.record_id: s for s in self.device.backup.states().values()}
        self._outbox = {i.submission_id for i in self.device.outbox_items(None)}

    def _name(self, info: BackupRecordInfo) -> tuple[str, bool]:
        """The draft's name from the label, and whether the label opened."""
        try:
            label = backup_crypto.open_label(self.key, info.record_id, info.version, info.label)
        except backup_crypto.RecordDamaged:
            return describe(None, f"Entwurf {info.record_id[:8]}"), False
        return describe(label, f"Entwurf {info.record_id[:8]}"), True

    def already_here(self, info: BackupRecordInfo) -> bool:
        """A draft already here in this version or a newer one is left alone."""
        known = self._known.get(info.record_id)
        if known is None or known.version < info.version:
            return False
        if not _draft_exists(self.drafts, known.draft_id):
            return False
        self.report.already_here += 1
        return True

    def restore(self, info: BackupRecordInfo, fetched: _Fetched) -> None:
        """Queue one checked record for the next write (or note why not, by the draft's
        name)."""
        if fetched.record is None:
            name, label_ok = self._name(info)
            reason = UNREADABLE if fetched.problem == _UNOPENED and not label_ok else DAMAGED
            self.report.damaged.append((name, reason))
            return
        self._batch.append((info, self._name(info)[0], fetched.record))
        self._batch_bytes += info.size
        if self._batch_bytes >= BATCH_BYTES or len(self._batch) >= BATCH_DRAFTS:
            self.flush()

    def flush(self) -> None:
        """Write the queued drafts: one drafts.db transaction for all of them (each commit
        costs an fsync); if it fails, one by one, so only the bad one is left out."""
        batch, self._batch, self._batch_bytes = self._batch, [], 0
        if not batch:
            return
        for _, _, record in batch:
            row = record.snapshot.tables["drafts"][0]
            template = (str(row["template_id"]), str(row["template_version"]))
            if record.template_yaml and self.device.get_template_text(*template) is None:
                self.device.put_template(*template, record.template_yaml)
        try:
            self.drafts.import_drafts([record.snapshot for _, _, record in batch])
            written = batch
        except (StoreError, ValueError):
            written = []
            for entry in batch:
                try:
                    self.drafts.import_drafts([entry[2].snapshot])
                except (StoreError, ValueError) as exc:
                    log.warning(
                        "restore of record %s failed: %s", entry[0].record_id, type(exc).__name__
                    )
                    self.report.damaged.append((entry[1], DAMAGED))
                else:
                    written.append(entry)
        for _, _, record in written:
            sealed = record.sealed
            if sealed is not None and sealed.submission_id not in self._outbox:
                self.device.outbox_add(
                    sealed.submission_id,
                    record.snapshot.draft_id,
                    sealed.template_id,
                    sealed.template_version,
                    sealed.payload,
                    office_id=sealed.office_id,
                    parts=sealed.parts,
                )
                self._outbox.add(sealed.submission_id)
                self.report.sealed_requeued += 1
        self.device.backup.adopt(
            (
                record.snapshot.draft_id,
                info.record_id,
                info.version,
                from_text(str(record.snapshot.tables["drafts"][0]["updated_at"])),
            )
            for info, _, record in written
        )
        self.report.restored.extend(name for _, name, _ in written)


def _draft_exists(drafts: DraftStore, draft_id: str) -> bool:
    row = drafts.connection.query_one("SELECT 1 FROM drafts WHERE id = ?", (draft_id,))
    return row is not None
