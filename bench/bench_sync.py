"""Sync benchmarks: delivering sealed submissions vs a plain upload of the same bytes.

* Delivery: N sealed submissions with a 2 MB attachment each, from a real profile's
  outbox (SQLCipher) to a real backend process on loopback (SQLite), through the whole
  protocol: PUT, one streamed PATCH per attachment (1 MiB pieces with CRC-32) that
  returns the receipt (or `complete` beside the next upload), receipt onto the draft.
  Baseline in the same run: one plain httpx PUT per payload and per sealed attachment (the very same
  bytes) to the backend's benchmark sink, which reads and discards the body. The ratio
  reported is baseline time / delivery time (1.0 = as fast as a plain upload; target
  ≥ 0.8). The sink stores nothing, so the gap is mostly the server's durable storage.
  Both sides use one keep-alive httpx client over plain HTTP/1.1 on loopback.
* The same deliveries against the intake protocol done by hand (raw httpx, PUT and one
  PATCH per attachment that returns the receipt, no local store), and the CPU seconds
  the laptop process and the server
  process spent on each, so the notes can say which side the time goes to.
* Catalog check with nothing new: requests counted on the wire (target: exactly 1).

`KOFFER_BENCH_SYNC_COUNT` sets N (default 200, the issue's figure).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.harness import Result
from koffer.settings import RETENTION_DAYS
from sync.client.api import TownHallApi
from sync.client.catalog import update_catalog
from sync.client.delivery import Deliverer
from sync.protocol import CHUNK_MEDIA_TYPE, EnrollmentInvite
from sync.sealing import build_request
from sync.server.db import default_database_url
from tests.helpers.server import OFFICE_ID, Seed, ServerProcess
from tests.integration.sync.conftest import FORM_ID, Laptop, make_laptop, publish_form

TITLE = "Sync: delivery over loopback, catalog check"
ATTACHMENT_BYTES = 2 * 1000 * 1000


class CountingTransport(httpx.HTTPTransport):
    """An HTTP transport that counts the requests it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        return super().handle_request(request)


def _sealed_outbox(laptop: Laptop, count: int) -> list[tuple[str, list[bytes]]]:
    """Seal `count` drafts; returns (payload, [sealed attachment bytes]) per submission."""
    out = []
    for index in range(count):
        laptop.finished_draft(f"Person {index}", os.urandom(ATTACHMENT_BYTES))
    for item in laptop.device.outbox_items():
        parts = []
        for part_id in item.parts:
            part = laptop.device.outbox_part(item.submission_id, part_id)
            assert part is not None
            parts.append(part[1])
        out.append((item.payload.decode("ascii"), parts))
    return out


def _server_cpu(pid: int) -> float:
    """CPU seconds (user + system) the server process has used so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Cost:
    """Wall and CPU time of one phase: this process (the laptop) and the server."""

    wall: float = 0.0
    client_cpu: float = 0.0
    server_cpu: float = 0.0

    def per_item(self, count: int) -> str:
        """'wall W ms, laptop CPU C ms, server CPU S ms' per submission."""
        return (
            f"{self.wall * 1000 / count:.0f} ms wall, laptop CPU "
            f"{self.client_cpu * 1000 / count:.0f} ms, server CPU "
            f"{self.server_cpu * 1000 / count:.0f} ms per submission"
        )


@contextmanager
def _measured(server_pid: int) -> Iterator[Cost]:
    cost = Cost()
    wall, cpu, server = time.perf_counter(), time.process_time(), _server_cpu(server_pid)
    yield cost
    cost.wall = time.perf_counter() - wall
    cost.client_cpu = time.process_time() - cpu
    cost.server_cpu = _server_cpu(server_pid) - server


def _plain_upload(url: str, bodies: list[tuple[str, list[bytes]]]) -> float:
    start = time.perf_counter()
    with httpx.Client(base_url=url, timeout=60) as client:
        for payload, parts in bodies:
            client.put("/v1/_sink", content=payload.encode("ascii")).raise_for_status()
            for data in parts:
                client.put("/v1/_sink", content=data).raise_for_status()
    return time.perf_counter() - start


RawRequest = tuple[str, dict[str, object], list[bytes]]


def _raw_requests(bodies: list[tuple[str, list[bytes]]]) -> list[RawRequest]:
    """PUT bodies for the by-hand run, made before its clock starts."""
    created = dt.datetime.now(dt.UTC)
    requests: list[RawRequest] = []
    for payload, parts in bodies:
        request = build_request(
            template_id=FORM_ID,
            template_version="1.0.0",
            office_id=OFFICE_ID,
            created_at=created,
            payload=payload,
            parts={f"p{i}": ("application/octet-stream", d) for i, d in enumerate(parts)},
        )
        requests.append((str(uuid.uuid4()), request.model_dump(mode="json"), parts))
    return requests


def _raw_protocol(url: str, token: str, requests: list[RawRequest]) -> float:
    """The intake protocol by hand: PUT, ONE PATCH per attachment, the last one returning
    the receipt; no local store."""
    headers = {"Authorization": f"Bearer {token}"}
    start = time.perf_counter()
    with httpx.Client(base_url=url + "/v1", timeout=60, headers=headers) as client:
        for sid, body, parts in requests:
            client.put(f"/submissions/{sid}", json=body).raise_for_status()
            for i, data in enumerate(parts):
                headers = {"Upload-Offset": "0", "Content-Type": CHUNK_MEDIA_TYPE}
                if i == len(parts) - 1:
                    headers["Submission-Complete"] = "1"
                client.patch(
                    f"/submissions/{sid}/attachments/p{i}", content=data, headers=headers
                ).raise_for_status()
            if not parts:
                client.post(f"/submissions/{sid}/complete").raise_for_status()
    return time.perf_counter() - start


def run() -> list[Result]:
    """Delivery ratio and catalog request count."""
    count = int(os.environ.get("KOFFER_BENCH_SYNC_COUNT", "200"))
    root = Path(tempfile.mkdtemp(prefix="koffer-bench-sync-"))
    try:
        data = root / "server"
        data.mkdir()
        url = default_database_url(data)
        seed = Seed(url).prepare()
        publish_form(seed)
        with ServerProcess(data, url, extra=["--benchmark-sink"]) as server:
            invite = EnrollmentInvite(url=server.url, code=seed.code(), insecure_http=True).to_uri()
            laptop = make_laptop(root / "laptop", invite)
            RETENTION_DAYS.write(laptop.device, 30)
            token = laptop.store.get_token()
            with TownHallApi(server.url, token) as api:
                update_catalog(api, laptop.store, laptop.store)
            bodies = _sealed_outbox(laptop, count)
            total_mb = sum(len(p) + sum(len(x) for x in parts) for p, parts in bodies) / 1e6

            assert server.process is not None
            pid = server.process.pid
            with _measured(pid) as plain:
                baseline = _plain_upload(server.url, bodies)
            assert token is not None
            requests = _raw_requests(bodies)
            with _measured(pid) as by_hand:
                raw = _raw_protocol(server.url, token, requests)
            with TownHallApi(server.url, token, timeout=60) as api, _measured(pid) as ours:
                stats = Deliverer(api, laptop.store, laptop.store).deliver_all()
            delivery = ours.wall
            assert len(stats.delivered) == count, "not everything was delivered"
            assert laptop.device.outbox_count() == 0

            transport = CountingTransport()
            with TownHallApi(server.url, token, transport=transport) as api:
                result = update_catalog(api, laptop.store, laptop.store)
            assert not result.changed
            laptop.profile.close()
        ratio = baseline / delivery
        return [
            Result(
                name=f"deliver {count} sealed submissions, 2 MB attachment each "
                f"({total_mb:.0f} MB)",
                value=round(total_mb / delivery, 1),
                unit="MB/s",
                target="≥ 0.8 × plain upload",
                baseline_name="plain httpx PUT of the same bytes to a sink",
                baseline_value=round(total_mb / baseline, 1),
                met=ratio >= 0.8,
                notes=(
                    f"delivery {delivery:.1f} s vs plain {baseline:.1f} s; includes PUT, "
                    "one streamed PATCH per attachment, SHA-512 of every part, durable "
                    "storage on the server, receipt committed on the laptop "
                    f"(device.db and the draft); the sink stores nothing. Plain: "
                    f"{plain.per_item(count)}"
                ),
            ),
            Result(
                name=f"same {count} deliveries vs the intake protocol by hand",
                value=round(total_mb / delivery, 1),
                unit="MB/s",
                target="(context)",
                baseline_name="raw httpx: PUT, one PATCH per attachment with the receipt; "
                "no local store",
                baseline_value=round(total_mb / raw, 1),
                notes=(f"delivery: {ours.per_item(count)}; by hand: {by_hand.per_item(count)}"),
            ),
            Result(
                name="catalog check with nothing new",
                value=transport.count,
                unit="requests",
                target="1 request (304)",
                met=transport.count == 1,
            ),
        ]
    finally:
        shutil.rmtree(root, ignore_errors=True)
