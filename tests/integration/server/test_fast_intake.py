"""The lean path of the two delivery requests (`sync.server.fast_intake`): what it does
not take plainly goes to the FastAPI routes, which answer as the protocol says."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from sync import protocol
from sync.server.auth import DeviceIdentity
from sync.server.fast_intake import FastIntake
from sync.server.guard import DEVICE_STATE_KEY
from sync.server.settings import ServerSettings
from tests.helpers.server import make_submission

SID = "0b8e6f7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"


def _call(method: str, path: str, headers: list[tuple[bytes, bytes]], body: bytes) -> Any:
    """Run FastIntake with a recording downstream app; what reached it (or None)."""
    reached: dict[str, Any] = {}

    async def downstream(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        reached["body"] = message.get("body", b"")
        reached["path"] = scope["path"]

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Any) -> None:
        raise AssertionError(f"the lean path answered itself: {message}")

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "headers": headers,
        "state": {DEVICE_STATE_KEY: DeviceIdentity(id="d", name="n")},
    }
    asyncio.run(FastIntake(downstream, settings=ServerSettings())(scope, receive, send))
    return reached or None


@pytest.mark.parametrize(
    "body",
    [b"", b"{not json", b"[]", json.dumps({"template_id": "x"}).encode(), "ä".encode("latin-1")],
)
def test_a_put_body_the_model_refuses_goes_to_the_route_unchanged(body):
    reached = _call("PUT", f"/v1/submissions/{SID}", [], body)
    assert reached == {"body": body, "path": f"/v1/submissions/{SID}"}


@pytest.mark.parametrize(
    "headers",
    [
        [(b"submission-complete", b"11")],
        [(b"submission-complete", b"1"), (b"submission-complete", b"0")],
    ],
)
def test_a_put_with_headers_that_are_not_plain_goes_to_the_route(headers):
    body = json.dumps(make_submission().body).encode()
    assert _call("PUT", f"/v1/submissions/{SID}", headers, body) is not None


def test_a_put_under_an_id_that_is_no_uuid_goes_to_the_route():
    body = json.dumps(make_submission().body).encode()
    assert _call("PUT", "/v1/submissions/not-a-uuid", [], body) is not None


@pytest.mark.parametrize(
    "headers",
    [
        [],  # Upload-Offset missing
        [(b"upload-offset", b"-1")],
        [(b"upload-offset", b" 5")],
        [(b"upload-offset", b"+5")],
        [(b"upload-offset", str(protocol.MAX_ATTACHMENT_BYTES + 1).encode())],
        [(b"upload-offset", b"0"), (b"upload-offset", b"0")],
        [(b"upload-offset", b"0"), (b"upload-piece-size", b"1")],
        [(b"upload-offset", b"0"), (b"upload-piece-size", b"99999999")],
        [(b"upload-offset", b"0"), (b"upload-piece-checksums", b"crc32 " + b"0" * 9000)],
        [(b"upload-offset", b"0"), (b"submission-complete", b"yes")],
    ],
)
def test_a_patch_with_headers_that_are_not_plain_goes_to_the_route(headers):
    assert _call("PATCH", f"/v1/submissions/{SID}/attachments/a0", headers, b"x") is not None


@pytest.mark.parametrize("aid", ["A0", "-a", "a" * 65])
def test_a_patch_of_an_attachment_id_that_is_not_plain_goes_to_the_route(aid):
    headers = [(b"upload-offset", b"0")]
    assert _call("PATCH", f"/v1/submissions/{SID}/attachments/{aid}", headers, b"x") is not None


def test_requests_without_an_authenticated_device_go_to_the_app():
    reached: list[str] = []

    async def downstream(scope: Any, receive: Any, send: Any) -> None:
        reached.append(scope["path"])

    scope = {"type": "http", "method": "PUT", "path": f"/v1/submissions/{SID}", "headers": []}
    asyncio.run(FastIntake(downstream, settings=ServerSettings())(scope, None, None))  # type: ignore[arg-type]
    assert reached == [f"/v1/submissions/{SID}"]


@pytest.mark.parametrize(
    ("header", "value"),
    [("Upload-Offset", "-1"), ("Upload-Offset", "x"), ("Upload-Piece-Size", "1")],
)
def test_an_upload_with_an_invalid_header_is_refused_as_the_protocol_says(running, header, value):
    client = running.enrolled()
    submission = make_submission((100,))
    client.put(submission).raise_for_status()
    headers = client.headers(
        **{"Upload-Offset": "0", "Content-Type": protocol.CHUNK_MEDIA_TYPE, header: value}
    )
    response = client.http.patch(
        f"/v1/submissions/{submission.submission_id}/attachments/a0",
        content=submission.attachments["a0"],
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"
    assert client.head(submission.submission_id, "a0").headers["Upload-Offset"] == "0"


def test_a_put_of_malformed_json_is_refused_as_the_protocol_says(running):
    client = running.enrolled()
    response = client.http.put(
        f"/v1/submissions/{SID}",
        content=b'{"template_id": ',
        headers=client.headers(**{"Content-Type": "application/json"}),
    )
    assert response.status_code == 422
    assert response.json()["error"] == "malformed_json"
