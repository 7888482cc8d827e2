"""The two requests of every delivery, answered without FastAPI's request layers.

WHY: a delivery is `PUT /v1/submissions/{id}` and one `PATCH …/attachments/{id}` that
returns the receipt. Under load about half of the server's GIL time went to the request
layers around these two handlers (routing, dependency solving, body and header
validation, the exception and exit-stack middlewares: issue 16's profile), not to the
intake itself, and the single server process is the bound of the throughput. This pure
ASGI middleware sits inside `RequestGuard` (which has authenticated the device from the
headers, checked size bounds and media type before any body byte was read, exactly as
for every other route) and calls the same intake functions as the FastAPI routes in
`sync.server.app`.

It answers only what it can answer exactly as those routes would: a request whose path
parameters or headers are not plainly valid, or whose JSON body does not validate, is
handed on to the FastAPI app unchanged (a PUT's body already read is replayed), so
every validation error keeps its one shape from `sync.server.errors`. Errors the intake
raises (`ApiError`) get the same JSON answer as from the routes.
"""

from __future__ import annotations

import json
import re

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync import protocol
from sync.protocol import SubmissionRequest
from sync.server import intake, uploads
from sync.server.auth import DeviceIdentity
from sync.server.errors import ApiError, error_response
from sync.server.guard import DEVICE_STATE_KEY
from sync.server.settings import ServerSettings

_PREFIX = protocol.API_PREFIX + "/submissions/"
_SUBMISSION_ID = re.compile(protocol.UUID_PATTERN)
_ATTACHMENT_ID = re.compile(protocol.ATTACHMENT_ID_PATTERN)
#: A header number as FastAPI would surely take it (anything else goes the slow way).
_PLAIN_NUMBER = re.compile(r"[0-9]{1,12}")
_COMPLETE = protocol.SUBMISSION_COMPLETE_HEADER.lower().encode()
_OFFSET = protocol.UPLOAD_OFFSET_HEADER.lower().encode()
_PIECE_SIZE = protocol.UPLOAD_PIECE_SIZE_HEADER.lower().encode()
_CHECKSUMS = protocol.UPLOAD_PIECE_CHECKSUMS_HEADER.lower().encode()
#: `max_length` of the Upload-Piece-Checksums header in the FastAPI route.
_CHECKSUMS_MAX = 8192


#: The headers the two routes read; a request that repeats one goes the slow way.
_READ = frozenset({_COMPLETE, _OFFSET, _PIECE_SIZE, _CHECKSUMS})


def _headers(scope: Scope) -> dict[bytes, str] | None:
    """The headers the routes read, by lower-case name; None when one is repeated (which
    of the two counts is FastAPI's to decide)."""
    found: dict[bytes, str] = {}
    for key, value in scope["headers"]:
        name = bytes(key).lower()
        if name in _READ:
            if name in found:
                return None
            found[name] = bytes(value).decode("latin-1")
    return found


def _submission_complete(headers: dict[bytes, str]) -> bool | None:
    """`Submission-Complete: 1`; None when the header is not plain (the slow path answers)."""
    value = headers.get(_COMPLETE)
    if value is None:
        return False
    if len(value) > 1:
        return None
    return value == "1"


def _number(headers: dict[bytes, str], name: bytes, low: int, high: int) -> int | None:
    value = headers.get(name)
    if value is None or not _PLAIN_NUMBER.fullmatch(value):
        return None
    number = int(value)
    return number if low <= number <= high else None


class FastIntake:
    """PUT of a submission and PATCH of an attachment straight to `sync.server.intake`."""

    def __init__(self, app: ASGIApp, *, settings: ServerSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Take the two delivery requests; everything else goes on to the app."""
        if scope["type"] == "http" and scope["path"].startswith(_PREFIX):
            device = scope.get("state", {}).get(DEVICE_STATE_KEY)
            if isinstance(device, DeviceIdentity):
                parts = scope["path"][len(_PREFIX) :].split("/")
                method = scope["method"]
                if method == "PUT" and len(parts) == 1:
                    await self._put(scope, receive, send, device, parts[0])
                    return
                if method == "PATCH" and len(parts) == 3 and parts[1] == "attachments":
                    await self._patch(
                        scope, receive, send, device=device, sid=parts[0], aid=parts[2]
                    )
                    return
        await self.app(scope, receive, send)

    async def _put(
        self, scope: Scope, receive: Receive, send: Send, device: DeviceIdentity, sid: str
    ) -> None:
        headers = _headers(scope)
        complete_now = None if headers is None else _submission_complete(headers)
        if not _SUBMISSION_ID.fullmatch(sid) or complete_now is None:
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnect
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        request = self._parsed(body)
        if request is None:
            await self.app(scope, _replay(body, receive), send)
            return
        try:
            state = await run_in_threadpool(
                intake.put_submission,
                scope["app"].state.db,
                self.settings,
                device.id,
                sid,
                request,
                complete_now=complete_now,
            )
        except ApiError as exc:
            await _error(exc)(scope, receive, send)
            return
        await _json(200, state.model_dump_json(by_alias=True).encode(), {})(scope, receive, send)

    @staticmethod
    def _parsed(body: bytes) -> SubmissionRequest | None:
        """The body as FastAPI would take it (`json.loads`, then the model); None when it
        would refuse it, so that its own answer goes out."""
        if not body:
            return None
        try:
            return SubmissionRequest.model_validate(json.loads(body))
        except (ValueError, ValidationError):  # JSONDecodeError and UnicodeDecodeError too
            return None

    async def _patch(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        *,
        device: DeviceIdentity,
        sid: str,
        aid: str,
    ) -> None:
        headers = _headers(scope)
        if headers is None:
            await self.app(scope, receive, send)
            return
        offset = _number(headers, _OFFSET, 0, protocol.MAX_ATTACHMENT_BYTES)
        piece_size: int | None = protocol.DEFAULT_PIECE_BYTES
        if _PIECE_SIZE in headers:
            piece_size = _number(
                headers, _PIECE_SIZE, protocol.MIN_PIECE_BYTES, protocol.MAX_PIECE_BYTES
            )
        checksums_text = headers.get(_CHECKSUMS)
        complete = _submission_complete(headers)
        if (
            not _SUBMISSION_ID.fullmatch(sid)
            or not _ATTACHMENT_ID.fullmatch(aid)
            or offset is None
            or piece_size is None
            or complete is None
            or (checksums_text is not None and len(checksums_text) > _CHECKSUMS_MAX)
        ):
            await self.app(scope, receive, send)
            return
        target = uploads.AttachmentUpload(
            scope["app"].state.db,
            self.settings,
            device.id,
            sid,
            aid,
            complete_submission=complete,
        )
        try:
            outcome = await uploads.receive(
                Request(scope, receive),
                target,
                offset=offset,
                piece_size=piece_size,
                checksums=uploads.piece_checksums(checksums_text),
            )
        except ApiError as exc:
            await _error(exc)(scope, receive, send)
            return
        answer = {protocol.UPLOAD_OFFSET_HEADER: str(outcome.state.offset)}
        if outcome.receipt is not None:
            body = outcome.receipt.model_dump_json().encode()
            await _json(200, body, answer)(scope, receive, send)
        else:
            await _json(204, b"", answer, media_type=None)(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the body read already once, then what `receive` gives."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def _error(exc: ApiError) -> Response:
    """The answer the routes' exception handler gives (`sync.server.errors`)."""
    return error_response(
        exc.status_code, exc.code, headers=exc.headers, message=exc.message, **exc.extra
    )


def _json(
    status: int,
    body: bytes,
    headers: dict[str, str],
    *,
    media_type: str | None = "application/json",
) -> Response:
    return Response(body, status_code=status, headers=headers, media_type=media_type)
