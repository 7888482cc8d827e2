"""What an unauthenticated or misbehaving client can no longer do to the server.

Each test here failed before its fix (issue 16): codes redeemed many times under a race,
a rate limit passed by parallel requests, memory taken by unauthenticated bodies, file
descriptors taken by slow clients, disk taken by announced-but-never-sent uploads, NUL
characters and UTF-16 bodies, client disconnects logged as errors.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import socket
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, update

from sync import protocol
from sync.server.db import Database, Device, Submission
from sync.server.settings import ServerSettings
from tests.helpers.server import ApiClient, Seed, ServerProcess, ThreadedServer, make_submission

pytestmark = pytest.mark.integration


@contextlib.contextmanager
def serving(database_url: str, tmp_path: Path, **tuning: object) -> Iterator[tuple[Seed, str]]:
    """A seeded server with its own settings; yields the seed and the URL."""
    seed = Seed(database_url).prepare()
    settings = ServerSettings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        **tuning,  # type: ignore[arg-type]
    )
    with ThreadedServer(settings) as server:
        yield seed, server.url


def _parallel(count: int, work) -> list:
    """Run work(i) on `count` threads released at the same moment."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        results[i] = work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _enroll_status(url: str, code: str, headers: dict[str, str] | None = None) -> int:
    with httpx.Client(base_url=url, timeout=60) as client:
        response = client.post(
            "/v1/enroll", json={"code": code, "device_name": "x"}, headers=headers or {}
        )
        return response.status_code


# --- enrollment --------------------------------------------------------------------------


def test_one_code_enrolls_one_laptop_however_many_race_for_it(database_url, tmp_path):
    with serving(database_url, tmp_path, enroll_max_failures=10_000) as (seed, url):
        codes = [seed.code(f"Laptop {i}") for i in range(4)]
        racers = 12
        statuses = _parallel(len(codes) * racers, lambda i: _enroll_status(url, codes[i % 4]))
        db = Database.connect(database_url, pool_size=1)
        try:
            with db.read() as session:
                devices = session.scalar(select(func.count()).select_from(Device))
                names = Counter(session.scalars(select(Device.name)))
        finally:
            db.dispose()
    assert Counter(statuses) == {200: 4, 403: 4 * (racers - 1)}
    assert devices == 4
    assert set(names.values()) == {1}  # `koffer-admin revoke NAME` stays unambiguous


def test_the_rate_limit_is_exact_under_parallel_attempts(database_url, tmp_path):
    with serving(database_url, tmp_path) as (_seed, url):
        statuses = _parallel(40, lambda i: _enroll_status(url, f"FALSCH{i:04d}XYZW"))
    assert Counter(statuses) == {403: 10, 429: 30}


def test_forwarded_addresses_count_only_behind_a_trusted_proxy(tmp_path):
    url_db = f"sqlite:///{tmp_path / 'a.db'}"
    with serving(url_db, tmp_path, trusted_proxies=("127.0.0.1",)) as (seed, url):
        attacker = {"X-Forwarded-For": "203.0.113.7"}
        for i in range(10):
            assert _enroll_status(url, f"FALSCH{i:04d}XYZW", attacker) == 403
        assert _enroll_status(url, "FALSCHABCDXYZW", attacker) == 429
        # the attacker behind the same proxy does not lock out the real laptop
        laptop = {"X-Forwarded-For": "198.51.100.2, 203.0.113.9"}  # left part: any text
        assert _enroll_status(url, seed.code(), {"X-Forwarded-For": "10.1.2.3"}) == 200
        assert _enroll_status(url, "FALSCHABCDXYZW", laptop) == 403

    url_db = f"sqlite:///{tmp_path / 'b.db'}"
    with serving(url_db, tmp_path / "b") as (_seed, url):  # no trusted proxy
        for i in range(10):
            spoofed = {"X-Forwarded-For": f"192.0.2.{i}"}
            assert _enroll_status(url, f"FALSCH{i:04d}XYZW", spoofed) == 403
        # a forged header does not buy new attempts
        assert _enroll_status(url, "FALSCHABCDXYZW", {"X-Forwarded-For": "192.0.2.99"}) == 429


# --- bodies before authentication ----------------------------------------------------------


def _rss_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for {pid}")


def _send_without_token(port: int, path: str, body: bytes) -> None:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)) as sock:
        sock.settimeout(30)
        head = (
            f"PUT {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        sock.sendall(head + body)
        assert b"401" in sock.recv(4096).split(b"\r\n", 1)[0]


def test_unauthenticated_bodies_cost_the_server_no_memory(tmp_path):
    url = f"sqlite:///{tmp_path / 'data' / 'koffer-server.db'}"
    Seed(url).prepare()
    body = b'{"payload": "' + b"A" * (protocol.MAX_SUBMISSION_BODY_BYTES - 100) + b'"}'
    with ServerProcess(tmp_path / "data", url) as server:
        assert server.process is not None
        pid = server.process.pid
        path = f"/v1/submissions/{make_submission().submission_id}"
        _send_without_token(server.port, path, b"{}")  # warm up the code paths
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # restart the peak RSS count
        before = _rss_kib(pid, "VmRSS")
        _parallel(4, lambda _i: _send_without_token(server.port, path, body))
        peak = _rss_kib(pid, "VmHWM")
    # four bodies of 12 MiB were sent; the server answered from the headers
    assert peak - before < 8 * 1024, f"peak RSS grew by {(peak - before) // 1024} MiB"


# --- slow clients ------------------------------------------------------------------------


def test_slow_clients_are_dropped_and_cannot_take_every_connection(tmp_path):
    url_db = f"sqlite:///{tmp_path / 'slow.db'}"
    with serving(url_db, tmp_path, header_timeout=1.0, max_connections=20) as (_seed, url):
        port = int(url.rsplit(":", 1)[1])
        slow = []
        for _ in range(40):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # never ends
            slow.append(sock)
        # every slow connection is closed by the server: over the cap at once, the
        # others when their header deadline passes
        deadline = time.monotonic() + 30
        for sock in slow:
            sock.settimeout(max(0.1, deadline - time.monotonic()))
            with contextlib.suppress(ConnectionResetError):
                assert sock.recv(1024) == b""
            sock.close()
        # and the server answers health checks again
        assert httpx.get(f"{url}/v1/health", timeout=10).status_code == 200


def test_worker_processes_serve_with_the_same_connection_limits(tmp_path):
    """`serve --workers 2`: uvicorn hands the protocol to its workers by name, and each
    worker keeps the configured header deadline."""
    data = tmp_path / "data"
    database_url = f"sqlite:///{data / 'workers.db'}"
    extra = ["--workers", "2", "--header-timeout", "1"]
    with ServerProcess(data, database_url, extra=extra) as server:
        assert httpx.get(f"{server.url}/v1/health", timeout=10).status_code == 200
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            # well before the default deadline (10 s), well after the configured one
            sock.settimeout(6)
            sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")  # never ends
            with contextlib.suppress(ConnectionResetError):
                assert sock.recv(1024) == b""  # closed by the worker's deadline


def test_a_request_head_over_16_kib_is_refused_and_the_connection_closed(tmp_path):
    url_db = f"sqlite:///{tmp_path / 'head.db'}"
    with serving(url_db, tmp_path) as (_seed, url):
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.settimeout(30)
            sock.sendall(
                b"GET /v1/health HTTP/1.1\r\nHost: x\r\n"
                + b"".join(b"X-Filler-%d: %s\r\n" % (i, b"a" * 1000) for i in range(20))
                + b"\r\n"
            )
            answer = b""
            while chunk := sock.recv(65536):  # until the server closes the connection
                answer += chunk
        assert answer.split(b"\r\n", 1)[0].startswith(b"HTTP/1.1 4")
        assert b" 200 " not in answer
        # a head within the bound is served as usual
        assert httpx.get(f"{url}/v1/health", headers={"X-Filler": "a" * 8000}).status_code == 200


def test_a_stalled_body_is_ended(tmp_path):
    url_db = f"sqlite:///{tmp_path / 'stall.db'}"
    with serving(url_db, tmp_path, body_timeout=1.0) as (_seed, url):
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.settimeout(30)
            sock.sendall(
                b"POST /v1/enroll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 100\r\n\r\n{"
            )
            assert b" 408 " in sock.recv(4096).split(b"\r\n", 1)[0]


# --- bad bodies ----------------------------------------------------------------------------


def test_nul_in_a_heartbeat_is_refused_not_a_500(running):
    client = running.enrolled()
    response = client.http.post(
        "/v1/devices/me/status",
        json={"app_version": "1.0\u0000", "catalog_version": 1, "outbox_length": 0},
        headers=client.headers(),
    )
    assert response.status_code == 422
    escape = client.http.post(
        "/v1/devices/me/status",
        json={
            "app_version": "1",
            "catalog_version": 1,
            "outbox_length": 0,
            "last_error": "\x1b]0;",
        },
        headers=client.headers(),
    )
    assert escape.status_code == 422


def test_json_must_be_utf8(running):
    body = '{"code": "ABCD-EFGH-JKMN-PQRS", "device_name": "x"}'
    client = running.client()
    for encoded in (body.encode("utf-16"), body.encode("utf-16-le"), body.encode("utf-32")):
        response = client.http.post(
            "/v1/enroll", content=encoded, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 422, encoded[:4]
        assert response.json()["error"] == "not_utf8"
    declared = client.http.post(
        "/v1/enroll",
        content=body.encode("utf-16"),
        headers={"Content-Type": "application/json; charset=utf-16"},
    )
    assert declared.status_code == 415


def test_a_client_that_goes_away_is_not_logged_as_an_error(running, caplog):
    client = running.enrolled()
    submission = make_submission((200_000,))
    client.put(submission).raise_for_status()
    port = int(running.url.rsplit(":", 1)[1])
    with caplog.at_level(logging.INFO):
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(
                (
                    f"PATCH /v1/submissions/{submission.submission_id}/attachments/a0 HTTP/1.1\r\n"
                    f"Host: x\r\nAuthorization: Bearer {client.token}\r\n"
                    f"Content-Type: {protocol.CHUNK_MEDIA_TYPE}\r\nUpload-Offset: 0\r\n"
                    "Content-Length: 200000\r\n\r\n"
                ).encode()
                + b"x" * 1000
            )
        deadline = time.monotonic() + 30
        while "client went away" not in caplog.text:
            assert time.monotonic() < deadline, "the server never noticed the disconnect"
            time.sleep(0.02)
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


# --- disk: quota and expiry ----------------------------------------------------------------


def test_unreceipted_bytes_have_a_quota_and_abandoned_uploads_expire(database_url, tmp_path):
    with serving(database_url, tmp_path, device_quota_bytes=1_000_000) as (seed, url):
        client = ApiClient(url)
        client.enroll(seed.code())
        first = make_submission((600_000,), seal_payload=False)
        client.put(first).raise_for_status()
        second = make_submission((600_000,), seal_payload=False)
        refused = client.put(second)
        assert refused.status_code == 507
        assert refused.json()["error"] == "quota_exceeded"
        # the first upload was abandoned 15 days ago: it expires, the quota is free again
        db = Database.connect(database_url, pool_size=1)
        try:
            with db.write.begin() as session:
                session.execute(
                    update(Submission)
                    .where(Submission.id == first.submission_id)
                    .values(stored_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=15))
                )
            client.put(second).raise_for_status()
            with db.read() as session:
                assert (
                    session.scalars(
                        select(Submission).where(Submission.id == first.submission_id)
                    ).first()
                    is None
                )
        finally:
            db.dispose()
        # the laptop that abandoned it is told to PUT again
        assert client.head(first.submission_id, "a0").status_code == 404
        client.close()


# --- uploads -------------------------------------------------------------------------------


def _pieces(data: bytes, piece: int) -> list[bytes]:
    return [data[i : i + piece] for i in range(0, len(data), piece)]


def test_a_corrupt_piece_is_refused_alone_and_the_rest_stays(running):
    client = running.enrolled()
    piece = protocol.MIN_PIECE_BYTES
    submission = make_submission((3 * piece,))
    data = submission.attachments["a0"]
    sid = submission.submission_id
    client.put(submission).raise_for_status()
    crcs = [zlib.crc32(p) for p in _pieces(data, piece)]
    crcs[1] ^= 1  # the client's view of piece 1 differs from what arrives: corrupt
    headers = client.headers(
        **{
            "Upload-Offset": "0",
            "Content-Type": protocol.CHUNK_MEDIA_TYPE,
            "Upload-Piece-Size": str(piece),
            "Upload-Piece-Checksums": "crc32 " + ",".join(f"{c:08x}" for c in crcs),
        }
    )
    url = f"/v1/submissions/{sid}/attachments/a0"
    response = client.http.patch(url, content=data, headers=headers)
    assert response.status_code == 422
    assert response.json()["error"] == "piece_checksum_mismatch"
    assert response.json()["offset"] == piece
    assert client.head(sid, "a0").headers["Upload-Offset"] == str(piece)  # piece 0 kept
    # the rest again, from the corrupt piece on, and the receipt with it
    rest = data[piece:]
    retry = client.headers(
        **{
            "Upload-Offset": str(piece),
            "Content-Type": protocol.CHUNK_MEDIA_TYPE,
            "Upload-Piece-Size": str(piece),
            "Upload-Piece-Checksums": "crc32 "
            + ",".join(f"{zlib.crc32(p):08x}" for p in _pieces(rest, piece)),
            "Submission-Complete": "1",
        }
    )
    done = client.http.patch(url, content=rest, headers=retry)
    assert done.status_code == 200
    receipt = protocol.Receipt.model_validate_json(done.content)
    assert receipt.submission_id == sid
    assert client.complete(sid).json()["reference"] == receipt.reference


def test_a_submission_without_attachments_gets_its_receipt_with_the_put(running):
    client = running.enrolled()
    submission = make_submission(seal_payload=False)
    response = client.http.put(
        f"/v1/submissions/{submission.submission_id}",
        json=submission.body,
        headers=client.headers(**{"Submission-Complete": "1"}),
    )
    state = protocol.SubmissionState.model_validate_json(response.content)
    assert state.receipt is not None
    again = client.complete(submission.submission_id).json()
    assert again["reference"] == state.receipt.reference
