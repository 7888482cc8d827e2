"""A server killed in the middle of an upload resumes it at the last committed piece."""

from __future__ import annotations

import socket
import time
import zlib

import pytest

from sync import protocol
from tests.helpers.server import ApiClient, Seed, ServerProcess, make_submission

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PIECE = protocol.MIN_PIECE_BYTES


def _start_streaming_patch(port, token, submission_id, data, offset, sent):
    """Start ONE streaming PATCH of data[offset:] but send only `sent` bytes of its body."""
    pieces = [data[i : i + PIECE] for i in range(offset, len(data), PIECE)]
    crcs = ",".join(f"{zlib.crc32(p):08x}" for p in pieces)
    sock = socket.create_connection(("127.0.0.1", port))
    head = (
        f"PATCH /v1/submissions/{submission_id}/attachments/a0 HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\n"
        f"Authorization: Bearer {token}\r\n"
        f"Content-Type: {protocol.CHUNK_MEDIA_TYPE}\r\n"
        f"Upload-Offset: {offset}\r\n"
        f"Upload-Piece-Size: {PIECE}\r\n"
        f"Upload-Piece-Checksums: crc32 {crcs}\r\n"
        f"Content-Length: {len(data) - offset}\r\n\r\n"
    ).encode()
    sock.sendall(head + data[offset : offset + sent])
    return sock


def _offset(client: ApiClient, sid: str) -> int:
    head = client.head(sid, "a0")
    assert head.status_code == 200
    return int(head.headers["Upload-Offset"])


def _await_offset(client: ApiClient, sid: str, wanted: int, timeout: float = 30.0) -> None:
    """Poll HEAD until the server has committed up to `wanted` (a condition, no sleep)."""
    deadline = time.monotonic() + timeout
    while _offset(client, sid) != wanted:
        assert time.monotonic() < deadline, "the server never committed the piece"


def test_upload_resumes_after_a_hard_kill(database_url, tmp_path):
    seed = Seed(database_url).prepare()
    server = ServerProcess(tmp_path / "data", database_url).start()
    submission = make_submission((300_000,))
    data = submission.attachments["a0"]
    sid = submission.submission_id
    client = ApiClient(server.url)
    try:
        client.enroll(seed.code())
        client.put(submission).raise_for_status()
        client.patch(sid, "a0", 0, data[:100_000]).raise_for_status()
        # the rest streams in one PATCH; the server dies after one more piece arrived
        # and while the next one is half on the wire
        sock = _start_streaming_patch(
            server.port, client.token, sid, data, 100_000, PIECE + PIECE // 2
        )
        _await_offset(client, sid, 100_000 + PIECE)
        server.kill()
        sock.close()
        client.close()

        server.start()  # same port, same database
        client = ApiClient(server.url, client.token)
        offset = _offset(client, sid)
        assert offset == 100_000 + PIECE  # the committed piece survived, the torn one not
        client.patch(sid, "a0", offset, data[offset:]).raise_for_status()
        receipt = client.complete(sid)
        assert receipt.status_code == 200
        assert receipt.json()["reference"].startswith("SOZ-")
    finally:
        client.close()
        server.stop()
