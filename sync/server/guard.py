"""Request guard: body size limits and content types, checked before any route runs.

A pure ASGI middleware, so a too large body is refused from its Content-Length header
without reading it, and a chunked body is cut off the moment it passes the limit. The
limits and the expected media type depend on the route (a submission carries a large
sealed payload, an attachment chunk is raw bytes, everything else is small JSON).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync import protocol
from sync.server.errors import ApiError, error_response

_ATTACHMENT_PATH = re.compile(r"^/v1/submissions/[^/]+/attachments/[^/]+$")
_SUBMISSION_PATH = re.compile(r"^/v1/submissions/[^/]+$")
_BACKUP_UPLOAD_PATH = re.compile(r"^/v1/backup/records/[^/]+/[^/]+$")
SINK_PATH = "/v1/_sink"
_JSON_POST_PATHS = frozenset({"/v1/enroll", "/v1/devices/me/status"})


@dataclass(frozen=True)
class BodyRule:
    """What a route accepts as body: the largest size and the media type (None: any)."""

    limit: int
    media_type: str | None


def rule_for(method: str, path: str) -> BodyRule:
    """The body rule of a request."""
    if method == "PATCH" and (_ATTACHMENT_PATH.match(path) or _BACKUP_UPLOAD_PATH.match(path)):
        return BodyRule(protocol.MAX_CHUNK_BYTES, protocol.CHUNK_MEDIA_TYPE)
    if method == "PUT" and path == SINK_PATH:
        return BodyRule(protocol.MAX_CHUNK_BYTES, None)
    if method == "PUT" and _SUBMISSION_PATH.match(path):
        return BodyRule(protocol.MAX_SUBMISSION_BODY_BYTES, "application/json")
    if method == "POST" and path in _JSON_POST_PATHS:
        return BodyRule(protocol.MAX_SMALL_BODY_BYTES, "application/json")
    return BodyRule(protocol.MAX_SMALL_BODY_BYTES, None)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


class RequestGuard:
    """Refuse bodies over the route's limit (413) and wrong media types (415)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request line and headers, then watch the body as it streams in."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rule = rule_for(scope["method"], scope["path"])
        length_text = _header(scope, b"content-length")
        has_body = _header(scope, b"transfer-encoding") is not None
        if length_text is not None:
            if not length_text.isdigit():
                await error_response(400, "bad_header")(scope, receive, send)
                return
            if int(length_text) > rule.limit:
                await error_response(413, "too_large", limit=rule.limit)(scope, receive, send)
                return
            has_body = has_body or int(length_text) > 0
        content_type = _header(scope, b"content-type")
        if rule.media_type is not None and (content_type is not None or has_body):
            given = (content_type or "").split(";", 1)[0].strip().lower()
            if given != rule.media_type:
                response = error_response(415, "unsupported_media_type", expected=rule.media_type)
                await response(scope, receive, send)
                return

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message: dict[str, Any] = dict(await receive())
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > rule.limit:
                    raise ApiError(413, "too_large", limit=rule.limit)
            return message

        await self.app(scope, limited_receive, send)
