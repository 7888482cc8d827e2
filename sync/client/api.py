"""One method per call of API v1, on an httpx client whose transport can be injected.

Like qutebrowser's autoupdate takes its HTTP client, `TownHallApi` takes an
`httpx.BaseTransport`, so unit tests hand in an `httpx.MockTransport` and the benchmark
counts requests, while the app uses the real network. Every answer is validated with the
wire models of `sync.protocol`; every failure becomes a `SyncError` subclass.
"""

from __future__ import annotations

import datetime as dt
import ssl
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from pydantic import ValidationError

from sync import protocol
from sync.client.errors import (
    Rejected,
    Revoked,
    ServerTrouble,
    SyncError,
    Unauthorized,
    Unreachable,
)
from sync.protocol import (
    EnrollResponse,
    Health,
    Receipt,
    StatusResponse,
    SubmissionRequest,
    SubmissionState,
    VisitList,
)

#: Connect quickly (a dead VPN should not hold us), give reads more time (big chunks).
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
USER_AGENT = "Koffer-Sync/1"

M = TypeVar("M", bound=protocol.WireModel)


@dataclass(frozen=True)
class UploadAnswer:
    """The server's answer to an upload: its offset, and the receipt if one was asked
    for and the submission is complete."""

    offset: int
    receipt: Receipt | None = None


@dataclass(frozen=True)
class ManifestAnswer:
    """A fetched manifest: the document exactly as served (what the signature covers;
    `sync.crypto.verify_manifest` parses and checks it) and its ETag."""

    document: str
    etag: str | None


class TownHallApi:
    """A client of one town hall, authenticated with the device token (if any)."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        verify: ssl.SSLContext | bool = True,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    ) -> None:
        """Prepare the connection pool (nothing is sent yet).

        Args:
            verify: an SSL context trusting only the pinned town-hall CA (https).
        """
        if verify is True:  # made once, so a companion does not load the CA bundle again
            verify = httpx.create_ssl_context()
        self._arguments = (base_url, token, transport, verify, timeout)
        headers = {"User-Agent": USER_AGENT}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.base_url = base_url.rstrip("/")
        self.http = httpx.Client(
            base_url=self.base_url + protocol.API_PREFIX,
            headers=headers,
            transport=transport,
            verify=verify,
            timeout=timeout,
            follow_redirects=False,
        )

    #: set on a companion that uses the transport injected into its original: that
    #: transport is closed by the original, not by the companion
    _shares_transport = False

    def close(self) -> None:
        """Close the connection pool."""
        if not self._shares_transport:
            self.http.close()

    def companion(self) -> TownHallApi:
        """A second client of the same town hall with a connection pool of its own.

        WHY: the delivery streams attachments on one connection and sends the small
        requests beside it (the next PUT, receipts, small parts) on another. In one
        shared pool a small request could take the warm upload connection, and the next
        upload then went out on a cold or long-idle one: a TCP handshake and slow start
        again (measured: 15–18 instead of 19.3 Mbit/s on a 20 Mbit/s, 60 ms link). With
        two pools each kind of request keeps its own connection.
        """
        base_url, token, transport, verify, timeout = self._arguments
        other = TownHallApi(base_url, token, transport=transport, verify=verify, timeout=timeout)
        other._shares_transport = transport is not None
        return other

    def __enter__(self) -> TownHallApi:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing ----------------------------------------------------------------

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send one request; map transport failures and error statuses to SyncErrors."""
        try:
            response = self.http.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            raise Unreachable(type(exc).__name__) from exc
        if response.status_code < 400:
            return response
        raise error_for(response)

    def call(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One request of a call defined beside this class (the draft backup's calls
        live in `sync.client.backup`), with the same error mapping as every call here."""
        return self._send(method, url, **kwargs)

    # -- calls -------------------------------------------------------------------

    def health(self) -> Health:
        """`GET /health`: is the town hall there?"""
        return _parse(Health, self._send("GET", "/health"))

    def enroll(self, code: str, device_name: str) -> EnrollResponse:
        """`POST /enroll`: redeem a one-time code for a device token."""
        body = protocol.EnrollRequest(code=code, device_name=device_name)
        response = self._send("POST", "/enroll", json=body.model_dump(mode="json"))
        return _parse(EnrollResponse, response)

    def manifest(self, etag: str | None) -> ManifestAnswer | None:
        """`GET /catalog/manifest`; None on 304 (nothing new: exactly one request)."""
        headers = {protocol.MANIFEST_LAYOUT_HEADER: str(protocol.MANIFEST_LAYOUT)}
        if etag:
            headers["If-None-Match"] = etag
        response = self._send("GET", "/catalog/manifest", headers=headers)
        if response.status_code == 304:
            return None
        if len(response.content) > protocol.MAX_MANIFEST_BYTES:
            raise ServerTrouble("the manifest is too large")
        try:
            document = response.content.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ServerTrouble("the manifest is not UTF-8") from exc
        return ManifestAnswer(document=document, etag=response.headers.get("ETag"))

    def template(self, template_id: str, version: str) -> bytes:
        """`GET /catalog/templates/{id}/{version}`: the raw template file."""
        return self._send("GET", f"/catalog/templates/{template_id}/{version}").content

    def catalog_file(self, sha256: str) -> bytes:
        """`GET /catalog/files/{sha256}`: a template's file or the service directory."""
        return self._send("GET", f"/catalog/files/{sha256}").content

    def put_submission(
        self, submission_id: str, request: SubmissionRequest, *, complete: bool = False
    ) -> SubmissionState:
        """`PUT /submissions/{id}` (idempotent); `complete` asks for the receipt at once
        (the server gives it when nothing is left to upload)."""
        headers = {protocol.SUBMISSION_COMPLETE_HEADER: "1"} if complete else {}
        response = self._send(
            "PUT",
            f"/submissions/{submission_id}",
            json=request.model_dump(mode="json"),
            headers=headers,
        )
        return _parse(SubmissionState, response)

    def upload_offset(self, submission_id: str, attachment_id: str) -> int:
        """`HEAD …/attachments/{id}`: how many bytes the server holds."""
        response = self._send("HEAD", f"/submissions/{submission_id}/attachments/{attachment_id}")
        return _offset(response)

    def append_chunk(self, submission_id: str, attachment_id: str, offset: int, data: bytes) -> int:
        """`PATCH …/attachments/{id}` at `offset`; returns the new offset."""
        response = self._send(
            "PATCH",
            f"/submissions/{submission_id}/attachments/{attachment_id}",
            content=data,
            headers={
                protocol.UPLOAD_OFFSET_HEADER: str(offset),
                "Content-Type": protocol.CHUNK_MEDIA_TYPE,
            },
        )
        return _offset(response)

    def upload(
        self,
        submission_id: str,
        attachment_id: str,
        data: bytes,
        offset: int,
        *,
        piece_size: int = protocol.DEFAULT_PIECE_BYTES,
        complete: bool = False,
        sent: Callable[[int], None] | None = None,
    ) -> UploadAnswer:
        """ONE streaming `PATCH` of an attachment's `data[offset:]` (see `upload_to`).

        With `complete` the answer carries the receipt when this upload finishes the
        submission.
        """
        headers = {protocol.SUBMISSION_COMPLETE_HEADER: "1"} if complete else {}
        return self.upload_to(
            f"/submissions/{submission_id}/attachments/{attachment_id}",
            data,
            offset,
            piece_size=piece_size,
            sent=sent,
            headers=headers,
        )

    def upload_to(
        self,
        path: str,
        data: bytes,
        offset: int,
        *,
        piece_size: int = protocol.DEFAULT_PIECE_BYTES,
        sent: Callable[[int], None] | None = None,
        headers: dict[str, str] | None = None,
    ) -> UploadAnswer:
        """ONE streaming `PATCH` of `data[offset:]` to an upload at `path` (an
        attachment, a draft backup record), with a CRC-32 for every piece.

        The server commits piece by piece, so after a failure `HEAD` tells where to go
        on. `sent(end)` is called with the end offset of each piece handed to the
        connection (to count what a cut costs).
        """
        view = memoryview(data)
        pieces = [
            (start, min(start + piece_size, len(data)))
            for start in range(offset, len(data), piece_size)
        ]
        checksums = ",".join(f"{zlib.crc32(view[a:b]):08x}" for a, b in pieces)

        def body() -> Iterator[bytes]:
            for start, end in pieces:
                yield bytes(view[start:end])
                if sent is not None:
                    sent(end)

        all_headers = {
            protocol.UPLOAD_OFFSET_HEADER: str(offset),
            protocol.UPLOAD_PIECE_SIZE_HEADER: str(piece_size),
            "Content-Type": protocol.CHUNK_MEDIA_TYPE,
            "Content-Length": str(len(data) - offset),
            **(headers or {}),
        }
        if offset < len(data):
            all_headers[protocol.UPLOAD_PIECE_CHECKSUMS_HEADER] = f"crc32 {checksums}"
        response = self._send("PATCH", path, content=body(), headers=all_headers)
        receipt = _parse(Receipt, response) if response.status_code == 200 else None
        return UploadAnswer(offset=_offset(response), receipt=receipt)

    def complete(self, submission_id: str) -> Receipt:
        """`POST /submissions/{id}/complete`: the receipt (the same one every time)."""
        return _parse(Receipt, self._send("POST", f"/submissions/{submission_id}/complete"))

    def visits(self, start: dt.date, end: dt.date) -> VisitList:
        """`GET /visits?from=&to=`: this staff member's appointments."""
        params = {"from": start.isoformat(), "to": end.isoformat()}
        return _parse(VisitList, self._send("GET", "/visits", params=params))

    def status(self, body: protocol.DeviceStatus) -> StatusResponse:
        """`POST /devices/me/status`: the heartbeat."""
        response = self._send("POST", "/devices/me/status", json=body.model_dump(mode="json"))
        return _parse(StatusResponse, response)


def _parse(model: type[M], response: httpx.Response) -> M:
    try:
        return model.model_validate_json(response.content)
    except ValidationError as exc:
        raise ServerTrouble(f"unexpected answer to {response.request.url.path}") from exc


def _offset(response: httpx.Response) -> int:
    try:
        return int(response.headers[protocol.UPLOAD_OFFSET_HEADER])
    except (KeyError, ValueError) as exc:
        raise ServerTrouble("answer without Upload-Offset") from exc


def error_for(response: httpx.Response) -> SyncError:
    """The SyncError for an error answer (the server's German message is kept)."""
    body: dict[str, Any] = {}
    try:
        parsed = response.json()
        if isinstance(parsed, dict):
            body = parsed
    except ValueError:
        pass
    code = str(body.get("error") or f"http_{response.status_code}")
    message = body.get("message") if isinstance(body.get("message"), str) else None
    status = response.status_code
    if status == 410:
        return Revoked(code, message)
    if status == 401:
        return Unauthorized(code, message)
    if status >= 500 or status in (408, 429):
        return ServerTrouble(f"{status} {code}")
    return Rejected(status, code, message, body)
