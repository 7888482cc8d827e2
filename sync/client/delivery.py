"""Delivering the outbox exactly once: idempotent PUT, one streamed upload per attachment,
receipt.

For each sealed submission:

1. `PUT /submissions/{uuid}` with a body derived only from what the outbox stores, so a
   repeat after a lost answer is byte-identical and the server answers the same. A
   submission without attachments asks for its receipt in the same request.
2. Each attachment from the server's offset as ONE streaming `PATCH`, cut into pieces
   (1 MiB) with a CRC-32 each; the server commits piece by piece. When the connection
   breaks (cut, reset, stall, server restart) the client asks where the server stands
   (`HEAD`) and streams on from there; a piece the server found corrupt is sent again
   from its start. The last upload asks for the receipt, so a submission with one
   attachment costs two requests. While it streams, the next submission's PUT goes out
   on a second connection, with its small parts (a signature image, up to
   `SMALL_PART_BYTES`), so the upload connection carries nothing but attachments.
3. The receipt (checked: it must name this submission) goes to the store (the draft, or
   device.db while the drafts are locked). Only a receipt ends the submission's life in
   the outbox.

A 404 on an upload means the server lost the submission (e.g. restored from a backup):
it is PUT again. Any other 4xx the server gives for the submission itself (other than
the resume answers) is final: the submission goes back to the field worker with the
server's German message instead of being retried forever or dropped.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sync.client.api import TownHallApi, UploadAnswer
from sync.client.errors import Rejected, ServerTrouble, SyncError, Unreachable
from sync.client.reachability import Backoff
from sync.ports import OutboxEntry, OutboxPort, ReceiptsPort, Rejection
from sync.protocol import (
    REFERENCE_PATTERN,
    AttachmentState,
    Receipt,
    SubmissionRequest,
    SubmissionState,
)
from sync.sealing import build_request

#: Default piece size of an upload (the server commits and checks per piece).
DEFAULT_CHUNK = 1 << 20
#: How often one submission is PUT again after the server answered 404 for it.
MAX_REPUTS = 2
#: Corrupt pieces one attachment may have before the pass gives up on it.
MAX_PIECE_RESTARTS = 8
#: Parts up to this size travel with the PUT on the second connection (one round trip
#: each there) instead of between two attachment streams on the upload connection.
SMALL_PART_BYTES = 64 * 1024

T = TypeVar("T")
Progress = Callable[[int, int], None]


@dataclass
class DeliveryStats:
    """Counters of one delivery run (the fault-proxy proof checks them)."""

    delivered: list[str] = field(default_factory=list)
    #: (draft id, receipt reference) of every delivered submission
    references: list[tuple[str, str]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    #: pieces handed to the network, and those of them sent before (resent after a fault)
    chunks_sent: int = 0
    chunks_repeated: int = 0
    retries: int = 0
    bytes_sent: int = 0
    #: bytes handed to the network a second time (what the faults cost)
    bytes_resent: int = 0
    #: submissions PUT again because the server had lost them (404 on an upload)
    reput: int = 0
    #: held while counting: uploads and retries run on both connections of a pass
    counting: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count_retry(self) -> None:
        """One more retry after transient trouble (from either connection's thread)."""
        with self.counting:
            self.retries += 1


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
                stats.count_retry()
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
        small_part_bytes: int = SMALL_PART_BYTES,
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
        self.small_part_bytes = small_part_bytes
        self.stats = DeliveryStats()
        #: the second connection and its thread, while `deliver_all` runs
        self._side = api
        self._beside: Callable[..., Future[Any]] | None = None

    def deliver_all(self) -> DeliveryStats:
        """Deliver the outbox, oldest first; stops at the first unreachable step.

        The network is used by this thread alone, one request at a time, so a cut still
        costs at most the one chunk in flight. The local store work of the neighbouring
        submissions runs beside it on ONE helper thread, in order: reading the next
        submission's sealed parts while this one is on the wire, and keeping the
        previous receipt (a durable SQLCipher commit) while this one uploads. The reading
        of the submission after the next is queued as soon as one is done, BEFORE its
        receipt: keeping a receipt asked for on the second connection waits for that
        answer, and a read queued behind it held up the next PUT (16–65 ms per
        submission on loopback). Every receipt is committed before this method returns;
        one that was not (the process died in between) is fetched again next time, since
        PUT and complete are idempotent on the server. At most two submissions' sealed
        bytes are in memory (the one done is let go before the one after next is read).

        Raises:
            Unreachable, ServerTrouble: the town hall went away (retry later; the
                outbox still holds what was not delivered).
            Revoked, Unauthorized: the device is no longer allowed to send.
        """
        entries = self.outbox.pending()
        total = len(entries)
        receipts: list[Future[None]] = []
        side = self._side = self.api.companion()  # the second connection, its own pool
        try:
            # Leaving the pools waits for their work: every receipt is kept or has failed.
            with (
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="koffer-outbox") as local,
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="koffer-put") as ahead,
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="koffer-receipt") as asking,
            ):
                self._beside = ahead.submit
                prepared = [local.submit(self._prepare, e) for e in entries[:2]]
                early: Future[SubmissionState] | None = None
                for index, entry in enumerate(entries):
                    if self.progress is not None:
                        self.progress(index + 1, total)

                    def put_next(position: int = index + 1) -> Future[SubmissionState] | None:
                        """Send the next PUT on a second connection (while this uploads)."""
                        if position >= total:
                            return None
                        following = entries[position]
                        return ahead.submit(
                            self._put_with_small_parts, following, prepared[position].result
                        )

                    def complete_beside(sid: str) -> Future[Receipt]:
                        """Ask for the receipt on the second connection, so the upload
                        connection goes straight on with the next submission. From a
                        thread of its own: behind the receipt (the server's fsync) the
                        next PUT waited, and the upload connection with it."""
                        return asking.submit(self._complete, sid, side)

                    receipt, early = self._deliver_or_set_aside(
                        entry,
                        prepared[index],
                        early,
                        put_next,
                        complete_beside if index + 1 < total else None,
                    )
                    prepared[index] = _DONE
                    if index + 2 < total:  # before the receipt: see the docstring
                        prepared.append(local.submit(self._prepare, entries[index + 2]))
                    if receipt is not None:
                        receipts.append(local.submit(self._keep_receipt, entry, receipt))
                    _raise_failed(receipts)
            _raise_failed(receipts)
        finally:
            self._side, self._beside = self.api, None  # nothing runs beside after the pass
            side.close()
            if self.stats.delivered:
                self.receipts.receipts_done()
        return self.stats

    def _prepare(self, entry: OutboxEntry) -> _Prepared:
        """Read the sealed parts and build the PUT body (helper thread), with the
        parts' SHA-512 the outbox took when they were queued: hashing every megabyte
        again here cost the laptop 2.5 ms per MB on each pass. The server checks the
        whole against it, so a stored part that changed since would be refused, not
        accepted."""
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
            digests={p.id: p.sha512 for p in entry.parts if p.sha512 is not None},
        )
        return _Prepared(request, {part_id: data for part_id, (_, data) in parts.items()})

    def _keep_receipt(self, entry: OutboxEntry, receipt: Receipt | Future[Receipt]) -> None:
        """Commit the receipt (helper thread); only then does it count as delivered.

        A receipt still on its way (asked for on the second connection) is waited for
        here; if it does not come, the submission stays in the outbox.
        """
        sid = entry.submission_id
        if isinstance(receipt, Future):
            try:
                receipt = _checked(sid, receipt.result())
            except _LostError as exc:  # the next pass PUTs it again
                self.outbox.mark_attempt_failed(sid, "lost_on_server")
                raise ServerTrouble("the server lost the submission") from exc
            except Rejected as exc:
                self.outbox.mark_rejected(sid, exc.user_message)
                self.stats.rejected.append(Rejection(sid, entry.draft_id, exc.user_message))
                return
            except (Unreachable, ServerTrouble) as exc:
                self.outbox.mark_attempt_failed(sid, exc.code)
                raise
        self.receipts.record_receipt(sid, entry.draft_id, receipt.reference, receipt.received_at)
        self.stats.delivered.append(sid)
        self.stats.references.append((entry.draft_id, receipt.reference))

    def _deliver_or_set_aside(
        self,
        entry: OutboxEntry,
        prepared: Future[_Prepared],
        early: Future[SubmissionState] | None,
        put_next: Callable[[], Future[SubmissionState] | None],
        complete_beside: Callable[[str], Future[Receipt]] | None,
    ) -> tuple[Receipt | Future[Receipt] | None, Future[SubmissionState] | None]:
        """Deliver one submission; returns its receipt (None: set aside) and the early
        PUT of the next one, if it was started."""
        started: list[Future[SubmissionState] | None] = []

        def start_next() -> None:
            if not started:
                started.append(put_next())

        receipt: Receipt | Future[Receipt] | None
        try:
            receipt = self._deliver(entry, prepared.result(), early, start_next, complete_beside)
        except Rejected as exc:
            message = exc.user_message
            self.outbox.mark_rejected(entry.submission_id, message)
            self.stats.rejected.append(Rejection(entry.submission_id, entry.draft_id, message))
            receipt = None
        except (Unreachable, ServerTrouble) as exc:
            self.outbox.mark_attempt_failed(entry.submission_id, exc.code)
            raise
        return receipt, started[0] if started else None

    def _put_with_small_parts(
        self, entry: OutboxEntry, prepare: Callable[[], _Prepared]
    ) -> SubmissionState:
        """The idempotent PUT and the upload of the submission's small parts (on the
        second connection, while the upload connection streams the one before).

        Returns the state after them: with the receipt when nothing else was left,
        otherwise with only the large attachments still incomplete.
        """
        prepared = prepare()
        state = self._put(entry, prepared.request, self._side)
        if state.receipt is not None:
            return state
        missing = [a for a in state.attachments if not a.complete]
        small = [a for a in missing if a.size <= self.small_part_bytes]
        receipt = self._upload_parts(
            entry.submission_id, small, prepared, receipt_with_last=len(small) == len(missing)
        )
        done = {a.id for a in small}
        return state.model_copy(
            update={
                "attachments": [
                    a.model_copy(update={"offset": a.size, "complete": True}) if a.id in done else a
                    for a in state.attachments
                ],
                "receipt": receipt,
            }
        )

    def _upload_parts(
        self,
        sid: str,
        parts: list[AttachmentState],
        prepared: _Prepared,
        *,
        receipt_with_last: bool,
    ) -> Receipt | None:
        """Upload small parts one after the other on the second connection."""
        receipt = None
        for position, attachment in enumerate(parts):
            receipt = self._upload(
                sid,
                attachment.id,
                prepared.parts[attachment.id],
                attachment.offset,
                last=receipt_with_last and position == len(parts) - 1,
                api=self._side,
            )
        return receipt

    def _put(
        self, entry: OutboxEntry, body: SubmissionRequest, api: TownHallApi | None = None
    ) -> SubmissionState:
        """The idempotent PUT, retried through transient trouble."""
        sid = entry.submission_id
        complete = not body.attachments
        client = api or self.api
        return self.retry.run(
            lambda: client.put_submission(sid, body, complete=complete), self.stats
        )

    def _deliver(
        self,
        entry: OutboxEntry,
        prepared: _Prepared,
        early: Future[SubmissionState] | None,
        start_next: Callable[[], None],
        complete_beside: Callable[[str], Future[Receipt]] | None = None,
    ) -> Receipt | Future[Receipt]:
        """PUT, the missing bytes of every attachment, complete: the receipt."""
        sid = entry.submission_id
        for attempt in range(MAX_REPUTS + 1):
            state: SubmissionState | None = None
            if early is not None and attempt == 0:
                try:
                    state = early.result()
                except (Unreachable, ServerTrouble, _LostError):
                    state = None  # sent again below, now in line
            try:
                small: Future[Receipt | None] | None = None
                if state is None:
                    state = self._put(entry, prepared.request)
                    state, small = self._small_parts_beside(sid, state, prepared)
                receipt = state.receipt or self._upload_all(
                    sid, state, prepared, start_next, complete_beside, small=small
                )
            except _LostError:
                self.stats.reput += 1
                continue
            return receipt if isinstance(receipt, Future) else _checked(sid, receipt)
        raise Rejected(404, "not_found", body={"error": "not_found"})

    def _small_parts_beside(
        self, sid: str, state: SubmissionState, prepared: _Prepared
    ) -> tuple[SubmissionState, Future[Receipt | None] | None]:
        """Start the small parts on the second connection while the large ones stream
        here (for a submission whose PUT went out in line, e.g. the first one).

        Returns the state with only the large parts left, and the small parts' upload.
        """
        missing = [a for a in state.attachments if not a.complete]
        small = [a for a in missing if a.size <= self.small_part_bytes]
        if self._beside is None or not small or len(small) == len(missing):
            return state, None  # nothing to overlap with: in line
        upload = self._beside(self._upload_parts, sid, small, prepared, receipt_with_last=False)
        done = {a.id for a in small}
        left = [a for a in state.attachments if a.id not in done]
        return state.model_copy(update={"attachments": left}), upload

    def _upload_all(
        self,
        sid: str,
        state: SubmissionState,
        prepared: _Prepared,
        start_next: Callable[[], None],
        complete_beside: Callable[[str], Future[Receipt]] | None,
        *,
        small: Future[Receipt | None] | None = None,
    ) -> Receipt | Future[Receipt]:
        """Stream every incomplete attachment; the receipt comes with the last one, or,
        when another submission follows, on the second connection (`complete_beside`):
        then the upload connection never waits for the receipt's fsync and stays busy.

        `small`: the submission's small parts, uploading beside; the receipt comes with
        the last large one if they were done by then, else it is asked for after them.
        """
        missing = [a for a in state.attachments if not a.complete]
        receipt: Receipt | None = None
        for position, attachment in enumerate(missing):
            last = position == len(missing) - 1
            if last:
                start_next()
            receipt = self._upload(
                sid,
                attachment.id,
                prepared.parts[attachment.id],
                attachment.offset,
                last=last and complete_beside is None,
            )
        if receipt is not None:
            return receipt
        if small is not None:
            small.result()  # their failure is this submission's (e.g. lost: PUT again)
        start_next()
        if complete_beside is not None:
            return complete_beside(sid)
        return self._complete(sid)

    def _complete(self, sid: str, api: TownHallApi | None = None) -> Receipt:
        """`POST complete`, retried through transient trouble (a 404: the server lost it)."""
        client = api or self.api
        try:
            return self.retry.run(lambda: client.complete(sid), self.stats)
        except Rejected as exc:
            if exc.status == 404:
                raise _LostError from exc
            raise

    def _upload(
        self,
        sid: str,
        attachment_id: str,
        data: bytes,
        offset: int,
        *,
        last: bool,
        api: TownHallApi | None = None,
    ) -> Receipt | None:
        """Stream `data` from `offset` on; after trouble go on from the server's offset."""
        client = api or self.api
        try:
            return stream_resumable(
                lambda at, sent: client.upload(
                    sid,
                    attachment_id,
                    data,
                    at,
                    piece_size=self.chunk_size,
                    complete=last,
                    sent=sent,
                ),
                lambda: self._server_offset(sid, attachment_id, client),
                len(data),
                offset,
                retry=self.retry,
                stats=self.stats,
            )
        except Rejected as exc:
            if exc.status == 404:
                raise _LostError from exc
            raise

    def _server_offset(self, sid: str, attachment_id: str, client: TownHallApi) -> int:
        """`HEAD`: where the server stands (a 404 means it lost the submission)."""
        try:
            return self.retry.run(lambda: client.upload_offset(sid, attachment_id), self.stats)
        except Rejected as exc:
            if exc.status == 404:
                raise _LostError from exc
            raise


def stream_resumable(
    send: Callable[[int, Callable[[int], None]], UploadAnswer],
    server_offset: Callable[[], int],
    size: int,
    offset: int,
    *,
    retry: RetryPolicy,
    stats: DeliveryStats,
) -> Receipt | None:
    """The one resumable upload loop of the client (attachments, draft backup records).

    `send(offset, sent)` streams everything from `offset` on in ONE request
    (`TownHallApi.upload_to`) and calls `sent(end)` for every piece handed to the
    connection; `server_offset()` asks where the server stands (`HEAD`). After a cut the
    upload goes on from there, so at most the pieces in flight are sent twice; a 409
    names the right offset; a corrupt piece is sent again from its offset, a whole that
    fails its SHA-512 once from 0. Returns the receipt if the last answer carried one.
    """
    handed = offset  # everything below was given to the network before
    restarts = failures = 0
    backoff = Backoff(initial=retry.initial, cap=retry.cap)

    def sent(end: int, start_of: list[int]) -> None:
        nonlocal handed
        start = start_of[0]
        with stats.counting:
            stats.chunks_sent += 1
            stats.bytes_sent += end - start
            if start < handed:
                stats.chunks_repeated += 1
                stats.bytes_resent += min(end, handed) - start
        handed = max(handed, end)
        start_of[0] = end

    while offset < size:
        cursor = [offset]
        try:
            answer = send(offset, lambda end, c=cursor: sent(end, c))  # type: ignore[misc]
        except (Unreachable, ServerTrouble):
            failures += 1
            if failures > retry.max_chunk_failures:
                raise
            stats.count_retry()
            retry.sleep(backoff.next_delay())
            offset = server_offset()
            continue
        except Rejected as exc:
            if exc.status == 409 and exc.error == "offset_mismatch":
                offset = _int(exc.body.get("offset"), offset)
            elif exc.error in ("piece_checksum_mismatch", "checksum_mismatch"):
                restarts += 1
                limit = MAX_PIECE_RESTARTS if exc.error.startswith("piece") else 1
                if restarts > limit:
                    raise
                offset = _int(exc.body.get("offset"), 0)
            else:
                raise
            continue
        failures = 0
        backoff.reset()
        offset = answer.offset
        if answer.receipt is not None:
            return answer.receipt
        if offset > size:
            raise SyncError(f"server offset {offset} beyond size {size}")
    return None


class _LostError(Exception):
    """The server answered 404 for a submission it had accepted: PUT it again."""


def _checked(submission_id: str, receipt: Receipt) -> Receipt:
    """The receipt, if it is for this submission; the sealed copy is deleted only then.

    Raises:
        ServerTrouble: a receipt for another submission (kept for the next pass).
    """
    if receipt.submission_id != submission_id or not re.fullmatch(
        REFERENCE_PATTERN, receipt.reference
    ):
        raise ServerTrouble(f"receipt does not belong to submission {submission_id}")
    return receipt


@dataclass(frozen=True)
class _Prepared:
    """A submission ready for the wire: its PUT body and its sealed attachments."""

    request: SubmissionRequest
    parts: dict[str, bytes]


#: Stands in for a delivered submission's prepared parts, so they can be freed.
_DONE: Future[_Prepared] = Future()


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
