"""The laptop's side of the draft backup link: send what waits, notice what the server lost.

One step of every sync pass, the headless `koffer sync` included (it needs no
passphrase: the app prepared the encrypted records while it was unlocked, and this step
only moves ciphertext):

1. while the backup is not set up: ask whose backup this laptop writes and whether the
   person has a wrapped key on the server (`GET /backup/key`);
2. new wrappings of the key (`PUT /backup/key`);
3. deletions of drafts that were deleted, purged or delivered (`DELETE`);
4. every waiting record: `PUT` announces its version, the ciphertext uploads from the
   server's offset with the one resumable upload loop of the client
   (`delivery.upload_resumable`), so a cut costs at most the chunk in flight;
5. `GET /backup/records?since=N`: what changed, and a digest of ALL the person's
   records. When the digest differs from what the laptop expects, a full listing shows
   which records the server lost, and the laptop prepares them again.

Restoring uses `BackupApi.listing` and `download` (with `Range` to resume a cut).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from sync.client.api import TownHallApi, UploadAnswer, _offset, _parse, error_for
from sync.client.delivery import DEFAULT_CHUNK, DeliveryStats, RetryPolicy, stream_resumable
from sync.client.errors import (
    BackupUnavailable,
    RecordDownloadFailed,
    Rejected,
    SyncError,
    Unreachable,
)
from sync.ports import BackupPort, WaitingRecord
from sync.protocol import (
    BackupKeyEnvelope,
    BackupKeyState,
    BackupListing,
    BackupRecordInfo,
    BackupRecordRequest,
    BackupRecordState,
    listing_digest,
)


class BackupApi:
    """The backup calls of API v1 on an authenticated `TownHallApi`."""

    def __init__(self, api: TownHallApi) -> None:
        """Use the connection pool (and token) of `api`."""
        self.api = api

    def key_state(self) -> BackupKeyState:
        """`GET /backup/key`: the person and their wrapped key, if stored."""
        return _parse(BackupKeyState, self.api.call("GET", "/backup/key"))

    def put_key(self, envelope: BackupKeyEnvelope) -> BackupKeyState:
        """`PUT /backup/key`: store the wrapped key (or new wrappings of the same key)."""
        response = self.api.call("PUT", "/backup/key", json=envelope.model_dump(mode="json"))
        return _parse(BackupKeyState, response)

    def listing(self, since: int = 0) -> BackupListing:
        """`GET /backup/records?since=`: changed records and the digest of all."""
        response = self.api.call("GET", "/backup/records", params={"since": str(since)})
        return _parse(BackupListing, response)

    def put_record(self, record: WaitingRecord) -> BackupRecordState:
        """`PUT /backup/records/{id}`: announce a version (idempotent)."""
        body = BackupRecordRequest(
            version=record.version, size=record.size, sha512=record.sha512, label=record.label
        )
        response = self.api.call(
            "PUT", f"/backup/records/{record.record_id}", json=body.model_dump(mode="json")
        )
        return _parse(BackupRecordState, response)

    def upload_offset(self, record_id: str, version: int) -> int:
        """`HEAD /backup/records/{id}/{version}`: how many bytes the server holds."""
        return _offset(self.api.call("HEAD", f"/backup/records/{record_id}/{version}"))

    def upload(
        self,
        record_id: str,
        version: int,
        data: bytes,
        offset: int,
        *,
        piece_size: int,
        sent: Callable[[int], None] | None = None,
    ) -> UploadAnswer:
        """ONE streaming `PATCH /backup/records/{id}/{version}` from `offset` on."""
        return self.api.upload_to(
            f"/backup/records/{record_id}/{version}", data, offset, piece_size=piece_size, sent=sent
        )

    def delete(self, record_id: str) -> None:
        """`DELETE /backup/records/{id}` (idempotent)."""
        self.api.call("DELETE", f"/backup/records/{record_id}")

    def download(
        self,
        info: BackupRecordInfo,
        retry: RetryPolicy | None = None,
        *,
        check_sha512: bool = True,
    ) -> bytes:
        """The ciphertext of a listed record, resumed with `Range` after a cut, checked
        against the listed size and (unless `check_sha512` is False) SHA-512.

        `check_sha512=False` is for a caller that authenticates the bytes itself: the
        restore opens the record's AES-GCM at once, whose tag covers every byte under
        the person's key and binds it to its record id and version. The SHA-512 comes
        from the same server as the bytes, so it proves nothing the tag does not, and
        computing it cost the restore 0.55 CPU-seconds per 400 MB (docs/benchmarks.md).

        Raises:
            RecordDownloadFailed: the bytes do not match (or the version is gone).
            Unreachable, ServerTrouble: the town hall went away for longer than `retry`.
        """
        policy = retry or RetryPolicy()
        # the pieces as they arrive, hashed on the way: one copy into the result at the
        # end, no second pass over a record of many MB
        pieces: list[bytes] = []
        got = _Received(hashed=check_sha512)
        stats = DeliveryStats()

        def more() -> None:
            """Stream the rest into `pieces`; what arrived before a cut is kept."""
            headers = {"Range": f"bytes={got.size}-"} if got.size else {}
            url = f"/backup/records/{info.record_id}/{info.version}"
            try:
                with self.api.http.stream("GET", url, headers=headers) as response:
                    if response.status_code >= 400:
                        response.read()
                        raise error_for(response)
                    if got.size and response.status_code != 206:
                        pieces.clear()  # the server sent it whole again
                        got.restart()
                    for piece in response.iter_bytes():
                        pieces.append(piece)
                        got.add(piece)
            except httpx.TransportError as exc:
                raise Unreachable(type(exc).__name__) from exc

        while got.size < info.size:
            before = got.size
            try:
                policy.run(more, stats)
            except Rejected as exc:
                raise RecordDownloadFailed(f"{exc.status} {exc.error}") from exc
            if got.size == before:
                raise RecordDownloadFailed("the server sent nothing more")
        if got.size != info.size:
            raise RecordDownloadFailed("the size differs from the listing")
        if got.digest is not None and got.digest.hexdigest() != info.sha512:
            raise RecordDownloadFailed("the SHA-512 differs from the listing")
        return b"".join(pieces)


class _Received:
    """How much of a record arrived, and the SHA-512 of it so far (if it is hashed)."""

    def __init__(self, *, hashed: bool) -> None:
        self.hashed = hashed
        self.restart()

    def restart(self) -> None:
        self.size = 0
        self.digest = hashlib.sha512() if self.hashed else None

    def add(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.digest is not None:
            self.digest.update(piece)


@dataclass
class BackupStats:
    """What one backup step did (counts only; no personal data)."""

    records_sent: int = 0
    records_superseded: int = 0
    deletions_sent: int = 0
    envelope_sent: bool = False
    #: records the server no longer held and that wait again
    lost: int = 0
    #: records still waiting after the step (the status bar shows them)
    waiting: int = 0
    #: German text of a problem the field worker should see (quota full, no staff …)
    problem: SyncError | None = None
    upload: DeliveryStats = field(default_factory=DeliveryStats)


class BackupSender:
    """Sends the waiting backup work of one laptop (one step of a sync pass)."""

    def __init__(
        self,
        api: TownHallApi,
        port: BackupPort,
        *,
        chunk_size: int = DEFAULT_CHUNK,
        retry: RetryPolicy | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Bind the API and the backup queue."""
        self.calls = BackupApi(api)
        self.port = port
        self.chunk_size = chunk_size
        self.retry = retry or RetryPolicy()
        self.progress = progress
        self.stats = BackupStats()

    def run(self) -> BackupStats:
        """Send everything waiting, then compare with the server's listing.

        Raises:
            Unreachable, ServerTrouble: the town hall went away; what was not sent waits.
            Revoked, Unauthorized: the device may not send any more.
        """
        try:
            self.port.prepare()
            if self.port.wants_key_state():
                self.port.key_state_seen(self.retry.run(self.calls.key_state, self.stats.upload))
            self._send_envelope()
            self._send_deletions()
            self._send_records()
            if self._reconcile():
                # the server lost records, maybe the key as well: send all again that can
                # go now (the records were prepared again if the profile is unlocked)
                self.port.key_state_seen(self.retry.run(self.calls.key_state, self.stats.upload))
                self._send_envelope()
                self._send_records()
        except Rejected as exc:
            # The backup never stops the rest of the pass (catalog, visits, heartbeat):
            # no staff member for this laptop (409), a town hall without backups (404),
            # or anything else it refuses is reported and tried again next pass.
            self.stats.problem = BackupUnavailable(f"{exc.status} {exc.error}", exc.user_message)
        self.stats.waiting = len(self.port.waiting_records())
        return self.stats

    def _send_envelope(self) -> None:
        envelope = self.port.waiting_envelope()
        if envelope is None:
            return
        try:
            self.retry.run(lambda: self.calls.put_key(envelope), self.stats.upload)
        except Rejected as exc:
            if exc.status != 409:
                raise
            self.port.envelope_refused(exc.error)
            self.stats.problem = BackupUnavailable(exc.error, exc.user_message)
            return
        self.port.envelope_sent(envelope)
        self.stats.envelope_sent = True

    def _send_deletions(self) -> None:
        for record_id in self.port.waiting_deletions():
            self.retry.run(lambda rid=record_id: self.calls.delete(rid), self.stats.upload)  # type: ignore[misc]
            self.port.deletion_sent(record_id)
            self.stats.deletions_sent += 1

    def _send_records(self) -> None:
        waiting = self.port.waiting_records()
        for index, record in enumerate(waiting):
            if self.progress is not None:
                self.progress(index + 1, len(waiting))
            try:
                self._send(record)
            except Rejected as exc:
                if exc.status in (401, 409, 410) and exc.error in ("no_staff", "revoked"):
                    raise
                # e.g. the quota is full: the record keeps waiting, the worker is told
                self.stats.problem = SyncError(f"{exc.status} {exc.error}", exc.user_message)
                return

    def _send(self, record: WaitingRecord) -> None:
        state = self.retry.run(lambda: self.calls.put_record(record), self.stats.upload)
        if state.newer:
            self.port.record_sent(record.record_id, record.version)
            self.stats.records_superseded += 1
            return
        if not state.complete:
            data = self.port.record_bytes(record.record_id, record.version)
            rid, version = record.record_id, record.version
            stream_resumable(
                lambda at, sent: self.calls.upload(
                    rid, version, data, at, piece_size=self.chunk_size, sent=sent
                ),
                lambda: self.retry.run(
                    lambda: self.calls.upload_offset(rid, version), self.stats.upload
                ),
                len(data),
                state.offset,
                retry=self.retry,
                stats=self.stats.upload,
            )
        self.port.record_sent(record.record_id, record.version)
        self.stats.records_sent += 1

    def _reconcile(self) -> bool:
        """Take in what changed on the server; when the digest says the laptop's picture
        is wrong, list everything and prepare again what the server lost. Returns whether
        records wait again."""
        listing = self.retry.run(
            lambda: self.calls.listing(self.port.mirror_seq()), self.stats.upload
        )
        self.port.update_mirror(listing.seq, listing.records, full=False)
        if _digest(self.port.mirror()) == listing.digest:
            return False
        full = self.retry.run(lambda: self.calls.listing(0), self.stats.upload)
        self.port.update_mirror(full.seq, full.records, full=True)
        lost = self.port.server_lost()
        self.stats.lost += lost
        return lost > 0


def _digest(mirror: dict[str, tuple[int, str]]) -> str:
    return listing_digest([(rid, version, sha) for rid, (version, sha) in mirror.items()])
