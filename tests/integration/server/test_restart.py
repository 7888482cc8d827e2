"""A server killed in the middle of an upload resumes it at the stored offset."""

from __future__ import annotations

import socket
import time

import pytest

from sync import protocol
from tests.helpers.server import ApiClient, Seed, ServerProcess, make_submission

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _send_partial_patch(port, token, submission_id, offset, announced, partial):
    """Start a PATCH whose body is cut short: the server sees a chunk in flight."""
    sock = socket.create_connection(("127.0.0.1", port))
    head = (
        f"PATCH /v1/submissions/{submission_id}/attachments/a0 HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\n"
        f"Authorization: Bearer {token}\r\n"
        f"Content-Type: {protocol.CHUNK_MEDIA_TYPE}\r\n"
        f"Upload-Offset: {offset}\r\n"
        f"Content-Length: {announced}\r\n\r\n"
    ).encode()
    sock.sendall(head + partial)
    return sock


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
        # a second chunk is on the wire when the server dies
        sock = _send_partial_patch(
            server.port, client.token, sid, 100_000, 100_000, data[100_000:150_000]
        )
        time.sleep(0.2)
        server.kill()
        sock.close()
        client.close()

        server.start()  # same port, same database
        client = ApiClient(server.url, client.token)
        head = client.head(sid, "a0")
        assert head.status_code == 200
        offset = int(head.headers["Upload-Offset"])
        assert offset == 100_000  # the committed chunk survived, the torn one did not
        client.patch(sid, "a0", offset, data[offset:]).raise_for_status()
        receipt = client.complete(sid)
        assert receipt.status_code == 200
        assert receipt.json()["reference"].startswith("SOZ-")
    finally:
        client.close()
        server.stop()
