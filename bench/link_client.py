"""The laptop side of `bench_link`, run inside the client namespace (a child process).

Seals submissions in a real profile (SQLCipher, in-memory keyring), then times in turns
(a) one plain HTTP PUT per submission carrying exactly its sealed bytes (payload and
attachments as one body) to the server's benchmark sink, and (b) the delivery of the
same kind of submissions through the whole protocol (`Deliverer.deliver_all`: PUT, one
streamed PATCH per attachment with the receipt, receipts committed on the laptop).
Prints one JSON line with the timings.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx

from koffer.settings import RETENTION_DAYS
from sync.client.api import TownHallApi
from sync.client.catalog import update_catalog
from sync.client.delivery import Deliverer
from tests.integration.sync.conftest import Laptop, make_laptop


def _wait_for(url: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{url}/v1/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"server at {url} did not come up")
        time.sleep(0.2)


def _seal(laptop: Laptop, sizes: list[int]) -> list[bytes]:
    """Seal one draft per size; returns each submission's sealed bytes as one body."""
    before = {i.submission_id for i in laptop.device.outbox_items()}
    for index, size in enumerate(sizes):
        laptop.finished_draft(f"Person {index}", os.urandom(size))
    bodies = []
    for item in laptop.device.outbox_items():
        if item.submission_id in before:
            continue
        parts = [item.payload]
        for part_id in item.parts:
            part = laptop.device.outbox_part(item.submission_id, part_id)
            assert part is not None
            parts.append(part[1])
        bodies.append(b"".join(parts))
    return bodies


def _plain(url: str, bodies: list[bytes]) -> float:
    start = time.perf_counter()
    with httpx.Client(base_url=url, timeout=600) as client:
        for body in bodies:
            client.put("/v1/_sink", content=body).raise_for_status()
    return time.perf_counter() - start


def _request_log(api: TownHallApi) -> None:
    """With `KOFFER_BENCH_LINK_REQUEST_LOG=FILE`: one line per request of the upload
    connection (start, end, local port, method, path, length), to see where time goes."""
    path = os.environ.get("KOFFER_BENCH_LINK_REQUEST_LOG")
    if not path:
        return

    def started(request: httpx.Request) -> None:
        request.extensions["koffer_start"] = time.monotonic()

    def answered(response: httpx.Response) -> None:
        request = response.request
        stream = response.extensions.get("network_stream")
        port = stream.get_extra_info("client_addr")[1] if stream is not None else 0
        with open(path, "a", encoding="ascii") as log:
            log.write(
                f"{request.extensions['koffer_start']:.4f} {time.monotonic():.4f} {port} "
                f"{request.method} {request.url.path} {request.headers.get('content-length')}\n"
            )

    api.http.event_hooks = {"request": [started], "response": [answered]}


def _deliver(url: str, laptop: Laptop, count: int) -> tuple[float, dict[str, int]]:
    token = laptop.store.get_token()
    start = time.perf_counter()
    with TownHallApi(url, token, timeout=600) as api:
        _request_log(api)
        stats = Deliverer(api, laptop.store, laptop.store).deliver_all()
    seconds = time.perf_counter() - start
    log = os.environ.get("KOFFER_BENCH_LINK_REQUEST_LOG")
    if log:
        with open(log, "a", encoding="ascii") as out:
            out.write(f"# delivery {time.monotonic() - seconds:.4f} {time.monotonic():.4f}\n")
    assert len(stats.delivered) == count, f"delivered {len(stats.delivered)} of {count}"
    return seconds, {"bytes_sent": stats.bytes_sent, "bytes_resent": stats.bytes_resent}


def _warm_up(url: str, laptop: Laptop) -> None:
    """One small submission each way, untimed: the server is a long-running process, and
    what its first request of each kind costs (connections of its pool, compiling
    statements) is not the link's doing. Both sides get the same."""
    _plain(url, _seal(laptop, [1000]))
    _deliver(url, laptop, 1)


def main(argv: list[str]) -> int:
    """Enroll, seal, and time plain uploads against deliveries, alternating the order."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--invite", required=True)
    parser.add_argument("--sizes", required=True, help="attachment sizes in bytes, comma list")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    _wait_for(args.url)
    with tempfile.TemporaryDirectory(prefix="koffer-link-") as folder:
        laptop = make_laptop(Path(folder) / "laptop", args.invite)
        try:
            RETENTION_DAYS.write(laptop.device, 30)
            with TownHallApi(args.url, laptop.store.get_token(), timeout=120) as api:
                update_catalog(api, laptop.store, laptop.store)
            _warm_up(args.url, laptop)
            plain: list[float] = []
            delivery: list[float] = []
            sent = resent = total = 0
            for round_number in range(args.rounds):
                bodies = _seal(laptop, sizes)
                total += sum(len(b) for b in bodies)
                if round_number % 2 == 0:  # alternate, so a drifting link favours neither
                    plain.append(_plain(args.url, bodies))
                    seconds, stats = _deliver(args.url, laptop, len(bodies))
                else:
                    seconds, stats = _deliver(args.url, laptop, len(bodies))
                    plain.append(_plain(args.url, bodies))
                delivery.append(seconds)
                sent += stats["bytes_sent"]
                resent += stats["bytes_resent"]
        finally:
            laptop.profile.close()
    sys.stdout.write(
        json.dumps(
            {
                "plain": plain,
                "delivery": delivery,
                "bytes": total,
                "bytes_sent": sent,
                "bytes_resent": resent,
            }
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
