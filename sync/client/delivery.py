"""Delivering the outbox exactly once: idempotent PUT, resumable chunks, receipt.

For each sealed submission:

1. `PUT /submissions/{uuid}` with a body derived only from what the outbox stores, so a
   repeat after a lost answer is byte-identical and the server answers the same.
2. Each attachment from the server's offset in chunks (default 1 MiB). When a chunk's
   answer is lost (cut, reset, stall, server restart) the client asks the server where
   it stands (`HEAD`) and goes on from there: at most the chunk in flight is sent again.
3. `POST complete` → the receipt, which the store keeps on the draft (or in device.db
   while the drafts are locked). Only a receipt ends the submission's life in the outbox.

A 4xx the server gives for the submission itself (other than the offset conflict, which
is part of the resume protocol) is final: the submission goes back to the field worker
with the server's German message instead of being retried forever or dropped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from sync.client.api import TownHallApi
from sync.client.errors import Rejected, ServerTrouble, SyncError, Unreachable
from sync.client.reachability import Backoff
from sync.ports import OutboxEntry, OutboxPort, ReceiptsPort, Rejection
from sync.protocol import Receipt, SubmissionRequest
from sync.sealing import build_request

#: Default size of one PATCH body.
DEFAULT_CHUNK = 1 << 20

T = TypeVar("T")
Progress = Callable[[int, int], None]


@dataclass
class DeliveryStats:
    """Counters of one delivery run (the fault-proxy proof checks them)."""

    delivered: list[str] = field(default_factory=list)
    #: (draft id, receipt reference) of every delivered submission
    references: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    chunks_sent: int = 0
    chunks_repeated: int = 0
    retries: int = 0
    bytes_sent: int = 0


@dataclass
class RetryPolicy:
    """How long one step is retried after transport failures before the run gives up.

    Transient trouble (connection cut, timeout, 5xx, server restarting) is retried with
    backoff while `budget` seconds have not passed; then the run ends with `Unreachable`
    and the outbox keeps everything for the next run.
    """

    budget: float = 30.0
    initial: float = 0.2
    cap: float = 5.0
    #: Consecutive failed chunks of one attachment before the run gives up.
    max_chunk_failures: int = 12
    sleep: Callable[[float], None] = time.sleep

    def run(self, step: Callable[[], T], stats: DeliveryStats) -> T:
        """Run `step`, retrying transient failures within the budget."""
        backoff = Backoff(initial=self.initial, cap=self.cap)
        deadline = time.monotonic() + self.budget
        while True:
            try:
                return step()
            except (Unreachable, ServerTrouble):
                if time.monotonic() >= deadline:
                    raise
                stats.retries += 1
                self.sleep(backoff.next_delay())


class Deliverer:
    """Sends every pending submission of the outbox."""

    def __init__(
        self,
        api: TownHallApi,
        outbox: OutboxPort,
        receipts: ReceiptsPort,
        *,
        chunk_size: int = DEFAULT_CHUNK,
        retry: RetryPolicy | None = None,
        progress: Progress | None = None,
    ) -> None:
        """Bind the API, the outbox and where receipts go."""
        if chunk_size < 1:
            raise ValueError("chunk size must be positive")
        self.api = api
        self.outbox = outbox
        self.receipts = receipts
        self.chunk_size = chunk_size
        self.retry = retry or RetryPolicy()
        self.progress = progress
        self.stats = DeliveryStats()

    def deliver_all(self) -> DeliveryStats:
        """Deliver the outbox, oldest first; stops at the first unreachable step.

        The network is used by this thread alone, one request at a time, so a cut still
        costs at most the one chunk in flight. The local store work of the neighbouring
        submissions runs beside it on ONE helper thread, in order: reading and hashing
        the next submission's sealed parts while this one is on the wire, and keeping
        the previous receipt (a durable SQLCipher commit) while this one uploads. Every
        receipt is committed before this method returns; one that was not (the process
        died in between) is fetched again next time, since PUT and complete are
        idempotent on the server. At most two submissions' sealed bytes are in memory.

        Raises:
            Unreachable, ServerTrouble: the town hall went away (retry later; the
                outbox still holds what was not delivered).
            Revoked, Unauthorized: the device is no longer allowed to send.
        """
        entries = self.outbox.pending()
        total = len(entries)
        receipts: list[Future[None]] = []
        try:
            # Leaving the pool waits for its work: every receipt is kept or has failed.
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="koffer-outbox") as local:
                upcoming = local.submit(self._prepare, entries[0]) if entries else None
                for index, entry in enumerate(entries):
                    assert upcoming is not None
                    prepared = upcoming
                    if index + 1 < total:
                        upcoming = local.submit(self._prepare, entries[index + 1])
                    if self.progress is not None:
                        self.progress(index + 1, total)
                    receipt = self._deliver_or_set_aside(entry, prepared)
                    if receipt is not None:
                        receipts.append(local.submit(self._keep_receipt, entry, receipt))
                    _raise_failed(receipts)
            _raise_failed(receipts)
        finally:
            if self.stats.delivered:
                self.receipts.receipts_done()
        return self.stats

    def _prepare(self, entry: OutboxEntry) -> _Prepared:
        """Read the sealed parts and build the PUT body (helper thread)."""
        parts = {
            p.id: (p.media_type, self.outbox.part_bytes(entry.submission_id, p.id))
            for p in entry.parts
        }
        request = build_request(
            template_id=entry.template_id,
            template_version=entry.template_version,
            office_id=entry.office_id,
            created_at=entry.created_at,
            payload=entry.payload,
            parts=parts,
        )
        return _Prepared(request, {part_id: data for part_id, (_, data) in parts.items()})

    def _keep_receipt(self, entry: OutboxEntry, receipt: Receipt) -> None:
        """Commit the receipt (helper thread); only then does it count as delivered."""
        sid = entry.submission_id
        self.receipts.record_receipt(sid, entry.draft_id, receipt.reference, receipt.received_at)
        self.stats.delivered.append(sid)
        self.stats.references.append((entry.draft_id, receipt.reference))

    def _deliver_or_set_aside(
        self, entry: OutboxEntry, prepared: Future[_Prepared]
    ) -> Receipt | None:
        try:
            return self._deliver(entry, prepared.result())
        except Rejected as exc:
            message = exc.user_message
            self.outbox.mark_rejected(entry.submission_id, message)
            self.stats.rejected.append(Rejection(entry.submission_id, entry.draft_id, message))
            return None
        except (Unreachable, ServerTrouble) as exc:
            self.outbox.mark_attempt_failed(entry.submission_id, exc.code)
            raise

    def _deliver(self, entry: OutboxEntry, prepared: _Prepared) -> Receipt:
        """PUT, the missing bytes of every attachment, complete: the receipt."""
        sid = entry.submission_id
        request = prepared.request
        state = self.retry.run(lambda: self.api.put_submission(sid, request), self.stats)
        if state.receipt is not None:
            return state.receipt
        for attachment in state.attachments:
            if not attachment.complete:
                data = prepared.parts[attachment.id]
                self._upload(sid, attachment.id, data, attachment.offset)
        return self.retry.run(lambda: self.api.complete(sid), self.stats)

    def _upload(self, sid: str, attachment_id: str, data: bytes, offset: int) -> None:
        """Send `data` from `offset` on, resuming from the server's offset after trouble."""
        upload_resumable(
            lambda at, chunk: self.api.append_chunk(sid, attachment_id, at, chunk),
            lambda: self.api.upload_offset(sid, attachment_id),
            data,
            offset,
            chunk_size=self.chunk_size,
            retry=self.retry,
            stats=self.stats,
        )


def upload_resumable(
    append: Callable[[int, bytes], int],
    server_offset: Callable[[], int],
    data: bytes,
    offset: int,
    *,
    chunk_size: int,
    retry: RetryPolicy,
    stats: DeliveryStats,
) -> None:
    """Send `data` from `offset` on in chunks; after trouble ask the server where it stands.

    The one upload loop of the client (sealed attachments and draft backup records):
    `append(offset, chunk)` PATCHes one chunk and returns the server's new offset,
    `server_offset()` asks it (HEAD). A lost answer costs at most the chunk in flight; a
    409 names the right offset; a checksum mismatch restarts once from 0.
    """
    sent_offsets: set[int] = set()
    restarts = 0
    failures = 0
    backoff = Backoff(initial=retry.initial, cap=retry.cap)
    size = len(data)
    while offset < size:
        chunk = data[offset : offset + chunk_size]
        if offset in sent_offsets:
            stats.chunks_repeated += 1
        sent_offsets.add(offset)
        stats.chunks_sent += 1
        try:
            offset = append(offset, chunk)
            stats.bytes_sent += len(chunk)
            failures = 0
            backoff.reset()
        except (Unreachable, ServerTrouble):
            failures += 1
            if failures > retry.max_chunk_failures:
                raise
            stats.retries += 1
            retry.sleep(backoff.next_delay())
            offset = retry.run(server_offset, stats)
        except Rejected as exc:
            if exc.status == 409 and exc.error == "offset_mismatch":
                offset = _int(exc.body.get("offset"), offset)
            elif exc.status == 422 and exc.error == "checksum_mismatch" and restarts < 1:
                restarts += 1
                sent_offsets.clear()
                offset = 0
            else:
                raise
        if offset > size:
            raise SyncError(f"server offset {offset} beyond size {size}")


@dataclass(frozen=True)
class _Prepared:
    """A submission ready for the wire: its PUT body and its sealed attachments."""

    request: SubmissionRequest
    parts: dict[str, bytes]


def _raise_failed(futures: list[Future[None]]) -> None:
    """Re-raise the first failure of the helper thread's finished work (e.g. a full disk
    while keeping a receipt), so the pass ends as it would have without the helper.
    Finished good ones are dropped from `futures`, so a long outbox is not rescanned."""
    finished = [f for f in futures if f.done()]
    for future in finished:
        future.result()
        futures.remove(future)


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default
