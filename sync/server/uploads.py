"""Receiving one upload as a stream, committed piece by piece (tus-like): an attachment of
a submission, or a version of a draft backup record (`UploadTarget`).

WHY one streaming request instead of a PATCH per chunk: on a VPN with 60–150 ms round
trips each chunk used to wait a round trip plus the server's commit before the next
byte moved (1.2–1.4 × a plain upload). Now the body flows without pause; the server
cuts it into pieces as it arrives and commits each one (`intake.store_piece`) on a
worker thread while the next piece is still being received. What is committed stays
committed when the connection breaks, so the client resumes at the last piece
(`HEAD`), and a piece whose CRC-32 does not match is refused alone.

At most one piece plus what the event loop has read ahead is held in memory per upload
(`protocol.MAX_PIECE_BYTES` bounds the piece size).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any, Protocol

from fastapi import Header, Request
from starlette.concurrency import run_in_threadpool

from sync import protocol
from sync.server import intake
from sync.server.db import Database
from sync.server.errors import ApiError
from sync.server.settings import ServerSettings

log = logging.getLogger("koffer.server.uploads")

#: `Upload-Piece-Size` of a PATCH: the pieces the body is cut into (route parameter type).
PieceSizeHeader = Annotated[
    int,
    Header(
        alias=protocol.UPLOAD_PIECE_SIZE_HEADER,
        ge=protocol.MIN_PIECE_BYTES,
        le=protocol.MAX_PIECE_BYTES,
    ),
]
#: `Upload-Piece-Checksums` of a PATCH: `crc32 …` (see `piece_checksums`).
PieceChecksumsHeader = Annotated[
    str | None, Header(alias=protocol.UPLOAD_PIECE_CHECKSUMS_HEADER, max_length=8192)
]


def piece_checksums(text: str | None) -> list[int] | None:
    """`crc32 0a1b2c3d,…` → the CRC-32 values; None without the header."""
    if text is None:
        return None
    algorithm, _, values = text.strip().partition(" ")
    if algorithm.lower() != "crc32":
        raise ApiError(400, "bad_header", header=protocol.UPLOAD_PIECE_CHECKSUMS_HEADER)
    try:
        return [int(v, 16) for v in values.split(",") if v.strip()]
    except ValueError as exc:
        raise ApiError(400, "bad_header", header=protocol.UPLOAD_PIECE_CHECKSUMS_HEADER) from exc


class UploadTarget(Protocol):
    """Where one upload's pieces go: an attachment of a submission (`AttachmentUpload`)
    or a version of a draft backup record (`sync.server.backup.RecordUpload`). The
    methods block (database work); `receive` runs them on the thread pool."""

    def state(self) -> intake.UploadState:
        """Where the upload stands (404 when it does not exist for this device)."""

    def hasher(self) -> Any:
        """A SHA-512 over the bytes committed so far, to go on with when resuming."""

    def store(
        self,
        *,
        offset: int,
        data: bytes,
        expected: intake.UploadState,
        whole: Any,
        crc32: int | None,
    ) -> intake.PieceOutcome:
        """Check one piece (`intake.check_piece`) and commit it at `offset`."""

    def nothing_to_store(self, expected: intake.UploadState) -> intake.PieceOutcome:
        """An empty body, or one for an upload that is complete already."""


@dataclass(frozen=True)
class AttachmentUpload:
    """The upload of one attachment of a submission (see `intake`)."""

    db: Database
    settings: ServerSettings
    device_id: str
    submission_id: str
    attachment_id: str
    #: the piece that completes the last attachment also completes the submission
    complete_submission: bool

    def state(self) -> intake.UploadState:
        """The attachment's stored offset."""
        return intake.upload_state(self.db, self.device_id, self.submission_id, self.attachment_id)

    def hasher(self) -> Any:
        """SHA-512 of the committed pieces."""
        return intake.stored_hasher(self.db, self.device_id, self.submission_id, self.attachment_id)

    def store(
        self,
        *,
        offset: int,
        data: bytes,
        expected: intake.UploadState,
        whole: Any,
        crc32: int | None,
    ) -> intake.PieceOutcome:
        """`intake.store_piece` for this attachment."""
        return intake.store_piece(
            self.db,
            self.settings,
            self.device_id,
            self.submission_id,
            self.attachment_id,
            offset=offset,
            data=data,
            expected=expected,
            whole=whole,
            crc32=crc32,
            complete_submission=self.complete_submission,
        )

    def nothing_to_store(self, expected: intake.UploadState) -> intake.PieceOutcome:
        """At most complete the submission."""
        if self.complete_submission and expected.complete:
            try:
                receipt = intake.complete(
                    self.db, self.settings, self.device_id, self.submission_id
                )
            except ApiError as exc:
                if exc.code != "attachments_incomplete":
                    raise
            else:
                return intake.PieceOutcome(expected, receipt)
        return intake.PieceOutcome(expected)


async def receive(
    request: Request,
    target: UploadTarget,
    *,
    offset: int,
    piece_size: int,
    checksums: list[int] | None,
) -> intake.PieceOutcome:
    """Store the request body at `offset`; returns the state after the last piece."""
    expected = await run_in_threadpool(target.state)
    if offset != expected.offset:
        # Answered before reading the body: a client that lost track sends nothing twice.
        raise ApiError(
            409,
            "offset_mismatch",
            headers={protocol.UPLOAD_OFFSET_HEADER: str(expected.offset)},
            offset=expected.offset,
        )
    length_text = request.headers.get("content-length")
    length = int(length_text) if length_text is not None else None
    if length is not None:
        if offset + length > expected.size:
            raise ApiError(422, "attachment_too_long", size=expected.size)
        pieces = -(-length // piece_size)
        if checksums is not None and len(checksums) != pieces:
            raise ApiError(400, "bad_header", header=protocol.UPLOAD_PIECE_CHECKSUMS_HEADER)
    if length == 0 or expected.complete:
        return await run_in_threadpool(target.nothing_to_store, expected)
    reaches_end = length is None or offset + length == expected.size
    whole: Any = None
    if reaches_end:
        whole = hashlib.sha512() if offset == 0 else await run_in_threadpool(target.hasher)

    position = offset
    index = 0
    pending: asyncio.Future[intake.PieceOutcome] | None = None
    outcome = intake.PieceOutcome(expected)

    async def commit(data: bytes) -> None:
        """Wait for the previous piece's commit, then start this one's."""
        nonlocal position, index, pending, outcome
        if pending is not None:
            outcome = await pending
            pending = None
        if checksums is not None and index >= len(checksums):
            raise ApiError(400, "bad_header", header=protocol.UPLOAD_PIECE_CHECKSUMS_HEADER)
        crc = checksums[index] if checksums is not None else None
        pending = asyncio.ensure_future(
            run_in_threadpool(
                partial(
                    target.store,
                    offset=position,
                    data=data,
                    expected=expected,
                    whole=whole,
                    crc32=crc,
                )
            )
        )
        position += len(data)
        index += 1

    # The parts of the piece being received, joined once it is full: one copy of each
    # byte on its way to the database (a growing bytearray plus `bytes()` made two).
    parts: list[bytes | memoryview] = []
    held = 0
    try:
        async for chunk in request.stream():
            view = memoryview(chunk)
            while view:
                take = min(piece_size - held, len(view))
                parts.append(view[:take] if take < len(view) else view)
                held += take
                view = view[take:]
                if held == piece_size:
                    await commit(_joined(parts))
                    parts, held = [], 0
        if parts:
            await commit(_joined(parts))
        if pending is not None:
            outcome = await pending
            pending = None
    finally:
        if pending is not None:
            # The client went away or a later piece failed: let the piece in flight land
            # (it is complete and checked), so the client resumes after it.
            with contextlib.suppress(Exception):
                await pending
    return outcome


def _joined(parts: list[bytes | memoryview]) -> bytes:
    """The piece as one `bytes` (as it came when it arrived in one part)."""
    if len(parts) == 1 and isinstance(parts[0], memoryview):
        source = parts[0].obj
        if isinstance(source, bytes) and parts[0].nbytes == len(source):
            return source
    return b"".join(parts)
