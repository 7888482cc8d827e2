"""Exactly once over a shaky link: random cuts, resets, stalls and a backend restart.

Each run enrolls a fresh laptop, seals 20 drafts (some with attachments, a few of 5 MB
in the "big" runs) and syncs through `FaultProxy` until the outbox is empty. Afterwards:

* every submission is stored on the server exactly once, byte-identical (SHA-512 of the
  payload and of every stored attachment equals what the laptop sealed);
* the laptop's outbox is empty and every draft holds its receipt reference;
* what a fault cost is bounded: the bytes sent a second time are at most one piece plus
  what was in flight (handed to the connection, not yet committed) per fault; the run
  reports the resent bytes per fault (`KOFFER_SYNC_PROOF_REPORT`).

`make test` runs a handful of randomized runs (seeded, so a failure can be replayed);
`KOFFER_SYNC_PROOF_RUNS=100 pytest -m slow tests/integration/sync` runs the full proof
(against PostgreSQL with `KOFFER_SYNC_PROOF_DATABASE=postgresql`; with N server worker
processes, whose writers then queue across processes, with `KOFFER_SYNC_PROOF_WORKERS=N`).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from koffer.settings import RETENTION_DAYS
from koffer.store import DraftStatus
from sync.client.api import TownHallApi
from sync.client.delivery import RetryPolicy
from sync.client.runner import SyncOptions, sync_once
from sync.protocol import EnrollmentInvite
from sync.server.db import Attachment, AttachmentChunk, Database, Submission, default_database_url
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.server import PostgresCluster, Seed, ServerProcess, postgres_available

from .conftest import make_laptop, publish_form

pytestmark = pytest.mark.integration

SUBMISSIONS = 20
#: The client gives up on a silent connection after this long; a stall outlasts it. Long
#: enough that a slow answer of a busy test machine is not mistaken for a fault (which
#: would resend a chunk the proxy never broke).
CLIENT_TIMEOUT = 5.0
STALL_SECONDS = 5.5
MB5 = 5 * 1000 * 1000
#: What one fault may cost beyond the piece in flight: the bytes the laptop had handed to
#: its socket that the server never committed (kernel buffers on both sides of the proxy;
#: on a real link the bandwidth-delay product). Loopback buffers are large, so this is
#: generous; the measured average is reported and in docs/sync.md.
IN_FLIGHT_BOUND = 8 << 20


@dataclass
class Backend:
    seed: Seed
    process: ServerProcess
    database_url: str


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[Backend]:
    """The town hall on SQLite; on PostgreSQL with `KOFFER_SYNC_PROOF_DATABASE=postgresql`
    (a throwaway durable cluster), to run the same proof against the other engine."""
    data = tmp_path / "server"
    data.mkdir()
    cluster: PostgresCluster | None = None
    if os.environ.get("KOFFER_SYNC_PROOF_DATABASE") == "postgresql":
        if not postgres_available():
            pytest.skip("PostgreSQL binaries not installed (scripts/system-deps.sh)")
        cluster = PostgresCluster(durable=True).start()
        url = cluster.new_database()
    else:
        url = default_database_url(data)
    try:
        seed = Seed(url).prepare()
        publish_form(seed)
        workers = os.environ.get("KOFFER_SYNC_PROOF_WORKERS", "1")
        process = ServerProcess(data, url, extra=["--workers", workers]).start()
        yield Backend(seed, process, url)
        process.stop()
    finally:
        if cluster is not None:
            cluster.stop()


def _server_view(database_url: str, ids: set[str]) -> dict[str, tuple[str, dict[str, str]]]:
    """submission id → (payload sha512, {attachment id: sha512 of the stored bytes})."""
    db = Database.connect(database_url, pool_size=1)
    out: dict[str, tuple[str, dict[str, str]]] = {}
    try:
        with db.read() as session:
            rows = session.scalars(select(Submission).where(Submission.id.in_(ids))).all()
            for row in rows:
                assert row.reference, f"{row.id} has no receipt on the server"
                hashes: dict[str, str] = {}
                for attachment in session.scalars(
                    select(Attachment).where(
                        Attachment.device_id == row.device_id, Attachment.submission_id == row.id
                    )
                ):
                    digest = hashlib.sha512()
                    for data in session.scalars(
                        select(AttachmentChunk.data)
                        .where(
                            AttachmentChunk.device_id == row.device_id,
                            AttachmentChunk.submission_id == row.id,
                            AttachmentChunk.attachment_id == attachment.id,
                        )
                        .order_by(AttachmentChunk.offset)
                    ):
                        digest.update(data)
                    hashes[attachment.id] = digest.hexdigest()
                out[row.id] = (hashlib.sha512(row.payload.encode()).hexdigest(), hashes)
            total = session.scalars(select(Submission.id).where(Submission.id.in_(ids))).all()
            assert len(total) == len(set(total))
    finally:
        db.dispose()
    return out


@dataclass
class RunCost:
    """What the faults of one run cost."""

    faults: int
    pieces_twice: int
    bytes_resent: int
    bytes_total: int


def one_run(
    tmp_path: Path,
    backend: Backend,
    run: int,
    *,
    big: bool,
    restart: bool = False,
) -> RunCost:
    """One randomized run; returns what its faults cost."""
    rng = random.Random(1000 + run)
    invite = EnrollmentInvite(
        url=backend.process.url, code=backend.seed.code(), insecure_http=True
    ).to_uri()
    laptop = make_laptop(tmp_path / f"laptop-{run}", invite)
    try:
        RETENTION_DAYS.write(laptop.device, 30)
        with TownHallApi(backend.process.url, laptop.store.get_token(), timeout=10) as api:
            first = sync_once(laptop.store, api)  # catalog, over the clean link
        assert first.error is None, first.error
        sealed: dict[str, tuple[str, dict[str, str]]] = {}
        draft_of: dict[str, str] = {}
        big_slots = set(rng.sample(range(SUBMISSIONS), 3)) if big else set()
        for index in range(SUBMISSIONS):
            if index in big_slots:
                size: int | None = MB5
            elif rng.random() < 0.6:
                size = rng.randrange(1, 300_000)
            else:
                size = None
            data = rng.randbytes(size) if size else None
            draft_id = laptop.finished_draft(f"Person {run}-{index}", data)
            item = next(i for i in laptop.device.outbox_items() if i.draft_id == draft_id)
            parts = {}
            for part_id in item.parts:
                part = laptop.device.outbox_part(item.submission_id, part_id)
                assert part is not None
                parts[part_id] = hashlib.sha512(part[1]).hexdigest()
            sealed[item.submission_id] = (hashlib.sha512(item.payload).hexdigest(), parts)
            draft_of[item.submission_id] = draft_id

        chunk = (1 << 20) if big else (64 << 10)
        total_bytes = sum(MB5 if i in big_slots else 150_000 for i in range(SUBMISSIONS))
        proxy = FaultProxy(
            backend.process.port,
            seed=run,
            fault_rate=0.5,
            max_offset=max(200_000, total_bytes // 4),
            stall_seconds=STALL_SECONDS,
            kinds=("cut", "reset", "cut", "reset", "stall"),
        ).start()
        restarts = 0
        restarter: threading.Thread | None = None

        def progress(done: int, total: int) -> None:
            nonlocal restarts, restarter
            if restart and done == SUBMISSIONS // 2 and restarter is None:
                restarts += 1

                def bounce() -> None:
                    threading.Event().wait(0.05)
                    backend.process.kill()
                    backend.process.start()

                restarter = threading.Thread(target=bounce)
                restarter.start()

        options = SyncOptions(
            chunk_size=chunk,
            retry=RetryPolicy(budget=60.0, initial=0.05, cap=1.0),
            fetch_visits=False,
        )
        repeated = resent = total_sent = 0
        try:
            for _attempt in range(30):
                with TownHallApi(
                    proxy.url, laptop.store.get_token(), timeout=CLIENT_TIMEOUT
                ) as api:
                    report = sync_once(laptop.store, api, options, progress)
                repeated += report.delivery.chunks_repeated
                resent += report.delivery.bytes_resent
                total_sent += report.delivery.bytes_sent
                assert not report.delivery.rejected, report.delivery.rejected
                if report.error is None and not laptop.store.pending():
                    break
            else:
                pytest.fail(f"run {run}: outbox not empty after 30 passes")
        finally:
            if restarter is not None:
                restarter.join()
            proxy.stop()
        assert laptop.store.pending() == []
        assert laptop.device.outbox_count() == 0
        on_server = _server_view(backend.database_url, set(sealed))
        assert on_server == sealed, f"run {run}: server holds other bytes than were sealed"
        for submission_id, draft_id in draft_of.items():
            draft = laptop.drafts.get_draft(draft_id)
            assert draft.status == DraftStatus.RECEIVED, submission_id
            assert draft.reference
        assert restarts == int(restart)
        faults = proxy.stats.faults + restarts
        bound = faults * (chunk + IN_FLIGHT_BOUND)
        assert resent <= bound, f"run {run}: {resent} bytes resent for {faults} faults"
        return RunCost(faults, repeated, resent, total_sent)
    finally:
        laptop.profile.close()


def test_randomized_runs_through_fault_proxy(tmp_path: Path, backend: Backend) -> None:
    runs = int(os.environ.get("KOFFER_SYNC_QUICK_RUNS", "3"))
    faults = 0
    for run in range(runs):
        faults += one_run(tmp_path, backend, run, big=run % 3 == 2).faults
    assert faults > 0  # the proxy really did break things


def test_backend_restart_in_the_middle_of_uploads(tmp_path: Path, backend: Backend) -> None:
    one_run(tmp_path, backend, 500, big=True, restart=True)


#: Runs of the full proof (0: skipped); each takes about 12 s, big ones up to a minute.
PROOF_RUNS = int(os.environ.get("KOFFER_SYNC_PROOF_RUNS", "0"))


@pytest.mark.slow
@pytest.mark.skipif(
    PROOF_RUNS <= 0,
    reason="set KOFFER_SYNC_PROOF_RUNS=100 for the full proof (about 20 minutes)",
)
# The suite's 300 s bound per test would stop the proof after about 25 runs; it stays
# bounded, by its number of runs.
@pytest.mark.timeout(300 + 60 * PROOF_RUNS)
def test_full_proof_hundred_runs(tmp_path: Path, backend: Backend) -> None:
    runs = PROOF_RUNS
    faults = repeated = resent = total = 0
    for run in range(runs):
        cost = one_run(tmp_path, backend, 1000 + run, big=run % 10 == 0, restart=run % 25 == 0)
        faults += cost.faults
        repeated += cost.pieces_twice
        resent += cost.bytes_resent
        total += cost.bytes_total
        report = os.environ.get("KOFFER_SYNC_PROOF_REPORT")
        if report:  # progress for whoever runs the long proof
            Path(report).write_text(
                json.dumps(
                    {
                        "runs": run + 1,
                        "faults": faults,
                        "pieces_twice": repeated,
                        "bytes_resent": resent,
                        "bytes_sent": total,
                        "resent_per_fault_mib": round(resent / max(faults, 1) / 2**20, 3),
                    }
                )
            )
