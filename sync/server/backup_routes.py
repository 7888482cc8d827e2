"""The routes of the draft backup (`/v1/backup/...`); the logic lives in `backup`.

Every route needs a device token: a revoked laptop gets 410 like everywhere else, so
it can neither upload nor fetch, while its person's backups stay on the server.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Security
from fastapi.responses import Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from sync import protocol
from sync.protocol import (
    BackupKeyEnvelope,
    BackupKeyState,
    BackupListing,
    BackupRecordRequest,
    BackupRecordState,
    ErrorBody,
)
from sync.server import backup, uploads
from sync.server.auth import DeviceIdentity
from sync.server.db import Database
from sync.server.errors import ApiError
from sync.server.settings import ServerSettings

_bearer = HTTPBearer(auto_error=False, description="device token from enrollment")

RecordIdPath = Annotated[
    str, Path(pattern=protocol.BACKUP_RECORD_ID_PATTERN, max_length=32, description="record id")
]
VersionPath = Annotated[int, Path(ge=1, le=2**62)]

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "unknown device"},
    409: {"model": ErrorBody, "description": "no staff member, or a conflict"},
    410: {"model": ErrorBody, "description": "device revoked"},
    413: {"model": ErrorBody, "description": "too large, or the person's quota is full"},
    422: {"model": ErrorBody, "description": "invalid request"},
}


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def _range_start(header: str | None) -> int | None:
    """The first byte of `Range: bytes=N-` (the only form a resuming laptop sends); None
    for any other form."""
    if not header:
        return 0
    unit, _, spec = header.partition("=")
    start, dash, end = spec.partition("-")
    if unit.strip() != "bytes" or not dash or end.strip() or not start.strip().isdigit():
        return None
    return int(start)


async def _device(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> DeviceIdentity:
    """The app's authentication (`app.current_device`: the guard's identity)."""
    from sync.server.app import current_device  # app imports this module

    return await current_device(request, credentials)


Device = Annotated[DeviceIdentity, Depends(_device)]


def router(settings: ServerSettings) -> APIRouter:
    """The backup routes."""
    routes = APIRouter(prefix=f"{protocol.API_PREFIX}/backup", tags=["backup"])

    @routes.get("/key", responses=_ERRORS)
    def get_key(request: Request, device: Device) -> BackupKeyState:
        """Whose backup this laptop writes, and the person's wrapped key (if stored)."""
        return backup.key_state(_db(request), device.id)

    @routes.put("/key", responses=_ERRORS)
    def put_key(request: Request, device: Device, body: BackupKeyEnvelope) -> BackupKeyState:
        """Store the wrapped key, or new wrappings of the same key."""
        return backup.put_key(_db(request), device.id, body)

    @routes.get("/records", responses=_ERRORS)
    def list_records(
        request: Request,
        device: Device,
        since: Annotated[int, Query(ge=0, le=2**62)] = 0,
    ) -> BackupListing:
        """The person's records stored after change `since`, and a digest of all."""
        return backup.listing(_db(request), device.id, since)

    @routes.put("/records/{record_id}", responses=_ERRORS)
    def put_record(
        request: Request, device: Device, record_id: RecordIdPath, body: BackupRecordRequest
    ) -> BackupRecordState:
        """Announce a version of a record (idempotent); answers where its upload stands."""
        return backup.put_record(_db(request), settings, device.id, record_id, body)

    @routes.delete("/records/{record_id}", status_code=204, responses=_ERRORS)
    def delete_record(request: Request, device: Device, record_id: RecordIdPath) -> Response:
        """Remove a record with all its versions (idempotent)."""
        backup.delete_record(_db(request), device.id, record_id)
        return Response(status_code=204)

    @routes.head("/records/{record_id}/{version}", responses=_ERRORS)
    def upload_offset(
        request: Request, device: Device, record_id: RecordIdPath, version: VersionPath
    ) -> Response:
        """Where to resume the upload: `Upload-Offset` and `Upload-Length`."""
        state = backup.RecordUpload(_db(request), device.id, record_id, version).state()
        return Response(
            status_code=200,
            headers={
                protocol.UPLOAD_OFFSET_HEADER: str(state.offset),
                protocol.UPLOAD_LENGTH_HEADER: str(state.size),
                "Cache-Control": "no-store",
            },
        )

    @routes.patch(
        "/records/{record_id}/{version}",
        status_code=204,
        response_class=Response,
        responses=_ERRORS,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    protocol.CHUNK_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    async def append(
        request: Request,
        *,
        device: Device,
        record_id: RecordIdPath,
        version: VersionPath,
        upload_offset: Annotated[
            int,
            Header(alias=protocol.UPLOAD_OFFSET_HEADER, ge=0, le=protocol.MAX_BACKUP_RECORD_BYTES),
        ],
        piece_size: uploads.PieceSizeHeader = protocol.DEFAULT_PIECE_BYTES,
        piece_checksums: uploads.PieceChecksumsHeader = None,
    ) -> Response:
        """Append the body at `Upload-Offset`, committed piece by piece as it streams in
        (the same upload as an attachment's); the SHA-512 is checked at the last byte."""
        outcome = await uploads.receive(
            request,
            backup.RecordUpload(_db(request), device.id, record_id, version),
            offset=upload_offset,
            piece_size=piece_size,
            checksums=uploads.piece_checksums(piece_checksums),
        )
        return Response(
            status_code=204, headers={protocol.UPLOAD_OFFSET_HEADER: str(outcome.state.offset)}
        )

    @routes.get(
        "/records/{record_id}/{version}",
        responses={
            200: {"content": {"application/octet-stream": {}}, "description": "the ciphertext"},
            206: {"description": "from the requested offset on (Range: bytes=N-)"},
            404: {"model": ErrorBody, "description": "no such complete version"},
            **_ERRORS,
        },
        response_class=Response,
    )
    async def download(
        request: Request,
        device: Device,
        record_id: RecordIdPath,
        version: VersionPath,
        range_header: Annotated[str | None, Header(alias="Range", max_length=100)] = None,
    ) -> Response:
        """The ciphertext of a complete record version, piece by piece from the database
        (so a large record never sits in the server's memory); `Range: bytes=N-`
        resumes a cut download."""
        db = _db(request)
        wanted = _range_start(range_header)
        # one thread hop for the facts and the first READ_GROUP_BYTES (the usual record)
        stored = await run_in_threadpool(
            backup.stored_record, db, device.id, record_id, version, wanted or 0
        )
        if wanted is None or wanted >= stored.size:
            raise ApiError(416, "bad_range", headers={"Content-Range": f"bytes */{stored.size}"})

        async def body() -> AsyncIterator[bytes]:
            for index, group in enumerate(stored.groups):
                offsets = [o for o, _ in group]
                pieces = (
                    stored.head
                    if index == 0
                    else await run_in_threadpool(backup.read_pieces, db, stored, offsets)
                )
                for offset, data in zip(offsets, pieces, strict=False):
                    yield data[max(0, wanted - offset) :]
                if len(pieces) < len(group):
                    return  # replaced meanwhile: the short body tells the laptop

        headers = {
            protocol.BACKUP_VERSION_HEADER: str(stored.version),
            protocol.BACKUP_SHA512_HEADER: stored.sha512,
            "Content-Length": str(stored.size - wanted),
            "Accept-Ranges": "bytes",
            "Cache-Control": "no-store",
        }
        status = 200
        if wanted:
            status = 206
            headers["Content-Range"] = f"bytes {wanted}-{stored.size - 1}/{stored.size}"
        if len(stored.groups) == 1 and len(stored.head) == len(stored.groups[0]):
            # the whole rest was read with the facts (the usual draft): one body, without
            # the streamed answer's task group and per-piece sends (the town hall's CPU per
            # record of a restore fell by a fifth, docs/benchmarks.md, issue 17)
            first = stored.groups[0][0][0]
            return Response(
                b"".join(stored.head)[max(0, wanted - first) :],
                status_code=status,
                media_type="application/octet-stream",
                headers=headers,
            )
        return StreamingResponse(
            body(), status_code=status, media_type="application/octet-stream", headers=headers
        )

    return routes
