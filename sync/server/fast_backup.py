"""The download of a backup record, answered without FastAPI's request layers.

WHY: a restore is one `GET /v1/backup/records/{id}/{version}` per draft, 200 of them for
200 drafts, each a few MB sent straight from the database. Per request the FastAPI
route cost the town hall more than sending its bytes: routing, solving the device
dependency, validating path and header, the exception and exit-stack middlewares, and
`StreamingResponse`'s task group that listens for a disconnect (py-spy, issue 17: the
request layers were about half of the event loop's time during a restore). This pure
ASGI middleware sits inside `RequestGuard` (which authenticated the device from the
headers, as for every route) and sends the same answer from the same functions as the
route (`backup_routes.record_to_send`, `record_answer`, `record_body`).

It answers only what it can answer exactly as the route would: a record id or version
that is not plainly valid, or a `Range` header that is repeated or longer than the
route takes, goes on to the FastAPI app unchanged, so every validation error keeps its
one shape. Errors of the backup itself (`ApiError`: 404, 409, 416) get the same JSON
answer as from the route.
"""

from __future__ import annotations

import asyncio
import re

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from sync import protocol
from sync.server.auth import DeviceIdentity
from sync.server.backup_routes import (
    RANGE_MAX_LENGTH,
    record_answer,
    record_body,
    record_to_send,
)
from sync.server.errors import ApiError, error_response
from sync.server.guard import DEVICE_STATE_KEY

_PREFIX = protocol.API_PREFIX + "/backup/records/"
_RECORD_ID = re.compile(protocol.BACKUP_RECORD_ID_PATTERN)
#: A version as the route surely takes it (1 ≤ v ≤ 2**62; anything else goes the slow way).
_PLAIN_VERSION = re.compile(r"[1-9][0-9]{0,17}")
_MAX_VERSION = 2**62
_RANGE = b"range"


def _range_header(scope: Scope) -> tuple[bool, str | None]:
    """(plain, value) of the Range header; not plain when it is repeated or too long
    for the route (FastAPI's to answer)."""
    found: str | None = None
    for key, value in scope["headers"]:
        if bytes(key).lower() == _RANGE:
            if found is not None:
                return False, None
            found = bytes(value).decode("latin-1")
    return found is None or len(found) <= RANGE_MAX_LENGTH, found


class FastBackupDownload:
    """`GET /v1/backup/records/{id}/{version}` straight to the backup's functions."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Take a plainly valid record download; everything else goes on to the app."""
        if scope["type"] == "http" and scope["method"] == "GET":
            path: str = scope["path"]
            device = scope.get("state", {}).get(DEVICE_STATE_KEY)
            if path.startswith(_PREFIX) and isinstance(device, DeviceIdentity):
                record_id, _, version = path[len(_PREFIX) :].partition("/")
                plain, range_header = _range_header(scope)
                if (
                    plain
                    and _RECORD_ID.fullmatch(record_id)
                    and _PLAIN_VERSION.fullmatch(version)
                    and int(version) <= _MAX_VERSION
                ):
                    await self._download(
                        scope,
                        receive,
                        send,
                        device=device,
                        record_id=record_id,
                        version=int(version),
                        range_header=range_header,
                    )
                    return
        await self.app(scope, receive, send)

    @staticmethod
    async def _download(
        scope: Scope,
        receive: Receive,
        send: Send,
        *,
        device: DeviceIdentity,
        record_id: str,
        version: int,
        range_header: str | None,
    ) -> None:
        db = scope["app"].state.db
        try:
            stored, wanted = await run_in_threadpool(
                record_to_send, db, device.id, record_id, version, range_header
            )
        except ApiError as exc:
            answer = error_response(
                exc.status_code, exc.code, headers=exc.headers, message=exc.message, **exc.extra
            )
            await answer(scope, receive, send)
            return
        status, headers = record_answer(stored, wanted)
        raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        raw.append((b"content-type", b"application/octet-stream"))
        await send({"type": "http.response.start", "status": status, "headers": raw})
        # uvicorn's send waits while the socket's buffer is full (flow control) and drops
        # what comes after a disconnect without a word: a laptop that went away stops the
        # reading of the database at the next piece, not at the end of a 256 MB record
        gone = asyncio.ensure_future(_until_disconnect(receive))
        try:
            async for piece in record_body(db, stored, wanted):
                if gone.done():
                    return
                await send({"type": "http.response.body", "body": piece, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            gone.cancel()


async def _until_disconnect(receive: Receive) -> None:
    """Return when the client has gone (a GET's only message after its empty body)."""
    while True:
        try:
            message = await receive()
        except ApiError:
            continue  # the guard's body timeout: a GET has no body to wait for
        if message["type"] == "http.disconnect":
            return
