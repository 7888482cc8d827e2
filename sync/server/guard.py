"""Request guard: who is asking, how large the body may be, and in which form, all
decided from the request line and the headers, before any byte of the body is read.

A pure ASGI middleware. WHY it authenticates here and not in a route dependency: FastAPI
reads and parses a JSON body before it runs the dependencies, so a 12 MiB body sent
without a token used to be read and parsed in full (hundreds of MiB of RSS per request)
before the 401. Here an unknown token costs one indexed lookup and the body is never
read. The limits and the expected media type depend on the route (a submission carries
a large sealed payload, an upload is raw bytes, everything else is small JSON), a
too large body is refused from its Content-Length or cut off the moment it passes the
limit, and a client that stops sending mid-body is dropped after `body_timeout`.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync import protocol
from sync.server.errors import ApiError, error_response

_ATTACHMENT_PATH = re.compile(r"^/v1/submissions/[^/]+/attachments/[^/]+$")
_SUBMISSION_PATH = re.compile(r"^/v1/submissions/[^/]+$")
_BACKUP_UPLOAD_PATH = re.compile(r"^/v1/backup/records/[^/]+/[^/]+$")
SINK_PATH = "/v1/_sink"
#: The benchmark's durable sink (`sync.server.bench_sink`, only with `--benchmark-sink`).
DURABLE_SINK_PATH = "/v1/_durable_sink"
#: Routes that need no device token.
_PUBLIC_PATHS = frozenset(
    {"/v1/health", "/v1/enroll", "/v1/openapi.json", "/v1/docs", SINK_PATH, DURABLE_SINK_PATH}
)
#: Where the identity of the authenticated device is kept for the route.
DEVICE_STATE_KEY = "koffer_device"
#: Body bound of requests that carry none (GET, HEAD, the empty complete POST).
_NO_BODY_LIMIT = 1024
#: First bytes of the UTF-8, UTF-16 and UTF-32 byte order marks.
_BOM_STARTS = frozenset(b"\xef\xfe\xff")


@dataclass(frozen=True)
class BodyRule:
    """What a route accepts as body: the largest size and the media type (None: any)."""

    limit: int
    media_type: str | None
    #: JSON must be UTF-8 (the protocol says so; Python would also decode UTF-16/32).
    json: bool = False


def rule_for(method: str, path: str) -> BodyRule:
    """The body rule of a request."""
    if method == "PATCH" and _ATTACHMENT_PATH.match(path):
        return BodyRule(protocol.MAX_ATTACHMENT_BYTES, protocol.CHUNK_MEDIA_TYPE)
    if method == "PATCH" and _BACKUP_UPLOAD_PATH.match(path):
        return BodyRule(protocol.MAX_BACKUP_RECORD_BYTES, protocol.CHUNK_MEDIA_TYPE)
    if method == "PUT" and path.startswith("/v1/backup/"):
        return BodyRule(protocol.MAX_SMALL_BODY_BYTES, "application/json", json=True)
    if method == "PUT" and path in (SINK_PATH, DURABLE_SINK_PATH):
        return BodyRule(protocol.MAX_ATTACHMENT_BYTES, None)
    if method == "PUT" and _SUBMISSION_PATH.match(path):
        return BodyRule(protocol.MAX_SUBMISSION_BODY_BYTES, "application/json", json=True)
    if method == "POST" and path == "/v1/enroll":
        return BodyRule(protocol.MAX_ENROLL_BODY_BYTES, "application/json", json=True)
    if method == "POST" and path.startswith(protocol.ASSIST_PREFIX + "/"):
        return BodyRule(protocol.MAX_ASSIST_CONTROL_BYTES, "application/json", json=True)
    if method == "POST" and path == "/v1/devices/me/status":
        return BodyRule(protocol.MAX_STATUS_BODY_BYTES, "application/json", json=True)
    return BodyRule(_NO_BODY_LIMIT, None)


def needs_device(path: str) -> bool:
    """Whether the route is for enrolled devices only (everything but a few public ones).

    The assist routes take a device token or an expert token and check it themselves
    (`sync.server.assist_routes`).
    """
    if not path.startswith(protocol.API_PREFIX + "/") or path in _PUBLIC_PATHS:
        return False
    if path.startswith(protocol.ASSIST_PREFIX + "/"):
        return False
    return not path.startswith(protocol.API_PREFIX + "/docs/")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _media_problem(scope: Scope, rule: BodyRule, has_body: bool) -> ApiError | None:
    content_type = _header(scope, b"content-type")
    if rule.media_type is None or (content_type is None and not has_body):
        return None
    given, _, params = (content_type or "").partition(";")
    if given.strip().lower() != rule.media_type:
        return ApiError(415, "unsupported_media_type", expected=rule.media_type)
    charset = re.search(r"charset\s*=\s*\"?([^\";\s]+)", params, re.I)
    if rule.json and charset and charset.group(1).lower() not in ("utf-8", "utf8"):
        return ApiError(415, "unsupported_media_type", expected=f"{rule.media_type}; UTF-8")
    return None


class RequestGuard:
    """Authenticate (401/410), then refuse bodies over the route's limit (413), wrong
    media types or charsets (415), JSON that is not UTF-8 (422) and stalled bodies (408)."""

    def __init__(self, app: ASGIApp, *, body_timeout: float = 30.0) -> None:
        self.app = app
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request line and headers, then watch the body as it streams in."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            await self._check_head(scope)
        except ApiError as exc:
            response = error_response(
                exc.status_code, exc.code, headers=exc.headers, message=exc.message, **exc.extra
            )
            await response(scope, receive, send)
            return
        rule = rule_for(scope["method"], scope["path"])
        received = 0
        timeout = self.body_timeout
        first = True

        async def guarded_receive() -> Message:
            nonlocal received, first
            try:
                # a timer, not `wait_for`: that starts a task for every part of the body
                async with asyncio.timeout(timeout):
                    message: dict[str, Any] = dict(await receive())
            except TimeoutError as exc:
                raise ApiError(408, "body_timeout") from exc
            if message["type"] == "http.request":
                body: bytes = message.get("body", b"")
                received += len(body)
                if received > rule.limit:
                    raise ApiError(413, "too_large", limit=rule.limit)
                # UTF-8 JSON never holds a NUL byte (control characters are escaped) and
                # never starts with a byte order mark; UTF-16 and UTF-32 always do one.
                if rule.json and body and (b"\x00" in body or (first and body[0] in _BOM_STARTS)):
                    raise ApiError(422, "not_utf8")
                first = first and not body
            return message

        await self.app(scope, guarded_receive, send)

    async def _check_head(self, scope: Scope) -> None:
        """Everything that can be decided without the body, cheapest first."""
        rule = rule_for(scope["method"], scope["path"])
        length_text = _header(scope, b"content-length")
        has_body = _header(scope, b"transfer-encoding") is not None
        if length_text is not None:
            if not length_text.isdigit():
                raise ApiError(400, "bad_header")
            if int(length_text) > rule.limit:
                raise ApiError(413, "too_large", limit=rule.limit)
            has_body = has_body or int(length_text) > 0
        if needs_device(scope["path"]):
            from sync.server.auth import authenticate, cached_identity

            db = scope["app"].state.db
            authorization = _header(scope, b"authorization")
            device = cached_identity(db, authorization)
            if device is None:
                device = await run_in_threadpool(authenticate, db, authorization)
            scope.setdefault("state", {})[DEVICE_STATE_KEY] = device
        problem = _media_problem(scope, rule, has_body)
        if problem is not None:
            raise problem
