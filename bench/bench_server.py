"""Town-hall server: submission intake throughput on SQLite and PostgreSQL.

N submissions, each with one 1 MB attachment, delivered the full way (PUT, then ONE
streamed PATCH with piece checksums that also asks for the receipt) by 20 concurrent
clients on loopback, against a real `koffer-server` child process; everything is durable
when the receipt is sent. Baseline, same run, same server: the same bytes uploaded to a
trivial endpoint that only reads the body. The ratio says how much of the raw transfer
rate the exactly-once intake (transactions, checksums, durable storage, receipts) keeps.

Peer: ODK Central's backend (v2026.2.2, one multipart POST per submission, durable at
its 201) was measured on this machine with this load by the issue-16 review: 12.8–16.6
submissions/s, interleaved with Koffer's old intake (15–18/s then). It needs Node 24
(the machine has Node 20), so it is not run here; its upper figure is the reference.

`KOFFER_BENCH_SERVER_COUNT` sets N (default 1000), `KOFFER_BENCH_SERVER_WORKERS` the
server's worker processes (default 1).
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from bench.harness import Result
from sync import protocol
from sync.server.db import default_database_url
from tests.helpers.server import (
    PostgresCluster,
    Seed,
    ServerProcess,
    make_submission,
    postgres_available,
)

TITLE = "Town-hall server: submission intake (1 MB attachment each, 20 clients)"

CLIENTS = 20
ATTACHMENT_BYTES = 1_000_000
TARGET_RATIO = 0.35
#: ODK Central, submissions/s on this machine and load (issue 16; upper end of 12.8–16.6).
ODK_CENTRAL_RATE = 16.6
TARGET_VS_ODK = 2.0


def _count() -> int:
    return int(os.environ.get("KOFFER_BENCH_SERVER_COUNT", "1000"))


def _workers() -> int:
    return int(os.environ.get("KOFFER_BENCH_SERVER_WORKERS", "1"))


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its direct children (the workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if entry.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _parallel(count: int, work) -> float:
    """Run work(client_index, item_index) for every item on CLIENTS threads; seconds."""
    next_item = iter(range(count))
    lock = threading.Lock()

    def worker(index: int) -> None:
        while True:
            with lock:
                item = next(next_item, None)
            if item is None:
                return
            work(index, item)

    start = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        for future in [pool.submit(worker, i) for i in range(CLIENTS)]:
            future.result()
    return time.perf_counter() - start


def _measure(backend: str, database_url: str, data_dir: Path, count: int) -> list[Result]:
    seed = Seed(database_url).prepare()
    codes = [seed.code(f"Bench {i}") for i in range(CLIENTS)]
    extra = ["--benchmark-sink", "--workers", str(_workers())]
    server = ServerProcess(data_dir, database_url, extra=extra).start()
    clients = [httpx.Client(base_url=server.url, timeout=120) for _ in range(CLIENTS)]
    try:
        tokens = []
        for client, code in zip(clients, codes, strict=True):
            response = client.post("/v1/enroll", json={"code": code, "device_name": "bench"})
            response.raise_for_status()
            tokens.append(response.json()["token"])
        # one prepared submission template per client; each delivery gets a fresh uuid.
        # The fresh ids and bodies are made before the clock starts, so the timed loop
        # does the same client work as the sink's: send and wait.
        prepared = [make_submission((ATTACHMENT_BYTES,)) for _ in range(CLIENTS)]
        fresh_bodies: list[tuple[str, dict[str, object]]] = []
        for item in range(count):
            fresh = make_submission((), seal_payload=False)
            body = dict(prepared[item % CLIENTS].body, payload=fresh.body["payload"])
            body["payload_sha512"] = fresh.body["payload_sha512"]
            fresh_bodies.append((fresh.submission_id, body))
        small_json = fresh_bodies[0][1]

        def sink(index: int, item: int) -> None:
            del item
            data = prepared[index].attachments["a0"]
            clients[index].put(
                "/v1/_sink",
                content=data,
                headers={"Content-Type": protocol.CHUNK_MEDIA_TYPE},
            ).raise_for_status()

        def two_sink_requests(index: int, item: int) -> None:
            """The protocol's shape without its work: small JSON, then 1 MB."""
            del item
            clients[index].put("/v1/_sink", json=small_json).raise_for_status()
            sink(index, 0)

        crcs = [
            f"crc32 {zlib.crc32(p.attachments['a0']):08x}" for p in prepared
        ]  # one piece: 1 MB < 1 MiB

        def deliver(index: int, item: int) -> None:
            template = item % CLIENTS
            sid, body = fresh_bodies[item]
            auth = {"Authorization": f"Bearer {tokens[index]}"}
            client = clients[index]
            client.put(f"/v1/submissions/{sid}", json=body, headers=auth).raise_for_status()
            answer = client.patch(
                f"/v1/submissions/{sid}/attachments/a0",
                content=prepared[template].attachments["a0"],
                headers={
                    **auth,
                    "Upload-Offset": "0",
                    "Content-Type": protocol.CHUNK_MEDIA_TYPE,
                    protocol.UPLOAD_PIECE_CHECKSUMS_HEADER: crcs[template],
                    protocol.SUBMISSION_COMPLETE_HEADER: "1",
                },
            )
            answer.raise_for_status()
            assert answer.status_code == 200, "no receipt with the upload"

        pid = server.process.pid if server.process is not None else 0
        _parallel(CLIENTS, sink)  # warm-up: connections, page cache
        cpu = _cpu_seconds(pid)
        baseline_first = _parallel(count, sink)
        cpu_sink = _cpu_seconds(pid) - cpu
        cpu = _cpu_seconds(pid)
        measured = _parallel(count, deliver)
        cpu_intake = _cpu_seconds(pid) - cpu
        floor = _parallel(count, two_sink_requests)
        baseline_second = _parallel(count, sink)
    finally:
        for client in clients:
            client.close()
        server.stop()
    baseline = (baseline_first + baseline_second) / 2
    megabytes = count * ATTACHMENT_BYTES / 1e6
    sink_rate = megabytes / baseline
    intake_rate = megabytes / measured
    ratio = intake_rate / sink_rate
    rate = count / measured
    return [
        Result(
            name=f"{backend}: submissions/s",
            value=rate,
            unit="1/s",
            baseline_name="sink uploads/s",
            baseline_value=count / baseline,
            notes=f"{count} submissions, {_workers()} server worker(s); server CPU "
            f"{1000 * cpu_intake / count:.1f} ms per submission, "
            f"{1000 * cpu_sink / count:.1f} ms per sink upload",
        ),
        Result(
            name=f"{backend}: submissions/s vs ODK Central",
            value=rate,
            unit="1/s",
            target=f"≥ {TARGET_VS_ODK} × ODK Central",
            baseline_name="ODK Central (issue 16's figure, not run here)",
            baseline_value=ODK_CENTRAL_RATE,
            met=rate >= TARGET_VS_ODK * ODK_CENTRAL_RATE,
            notes="ODK Central 12.8–16.6/s measured on this machine with the same load; "
            "needs Node 24, the machine has Node 20",
        ),
        Result(
            name=f"{backend}: MB/s",
            value=intake_rate,
            unit="MB/s",
            target=f"ratio ≥ {TARGET_RATIO}",
            baseline_name="sink",
            baseline_value=sink_rate,
            met=ratio >= TARGET_RATIO,
            notes="PUT + one PATCH of 1 MB that returns the receipt vs. one PUT of 1 MB "
            "to a trivial endpoint",
        ),
        Result(
            name=f"{backend}: 2 sink requests per item, /s (protocol floor)",
            value=count / floor,
            unit="1/s",
            baseline_name="sink uploads/s",
            baseline_value=count / baseline,
            notes="the intake's two requests to the trivial endpoint: the best ratio "
            "any intake with this protocol could reach on this server",
        ),
    ]


def run() -> list[Result]:
    """Measure on SQLite, then on a durable throwaway PostgreSQL cluster."""
    count = _count()
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="koffer-bench-") as folder:
        data = Path(folder) / "sqlite"
        results += _measure("SQLite", default_database_url(data), data, count)
        if postgres_available():
            cluster = PostgresCluster(durable=True).start()
            try:
                data = Path(folder) / "pg"
                results += _measure("PostgreSQL", cluster.new_database(), data, count)
            finally:
                cluster.stop()
    return results
