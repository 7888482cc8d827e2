"""The town-hall link on the links field workers really have: delivery vs a plain PUT.

Two network namespaces made here, joined by a user-space link emulator
(`bench.link_emulator`: TUN pair, rate, delay, loss; this kernel has no `sch_netem`).
The backend (`koffer-server`, SQLite) runs in one, a real laptop profile in the other
(`bench.link_client`). In the same run and over the same link, in alternating order:

* baseline: one plain HTTP PUT per submission of exactly its sealed bytes (payload and
  attachments as one body) to the server's benchmark sink;
* delivery: the same kind of submissions through the whole protocol (PUT, one streamed
  PATCH per attachment that returns the receipt, receipts committed on the laptop).

Profiles: 20 Mbit/s with 60 ms round trip; 5 Mbit/s with 150 ms and 1 % loss each way;
and loopback without shaping (no namespaces needed). Target: delivery ≤ 1.05 × plain
on both shaped links, ≤ 2 × on loopback. Needs root and `ip netns`; without them the
shaped profiles are skipped with the reason.

`KOFFER_BENCH_LINK_ROUNDS` sets the rounds per profile (default 2). For a look inside:
`KOFFER_BENCH_LINK_TRACE=FILE` writes a packet trace per shaped profile
(`bench.link_emulator`), `KOFFER_BENCH_LINK_REQUEST_LOG=FILE` the upload connection's
requests (`bench.link_client`). `KOFFER_BENCH_LINK_ONLY=loopback` runs the loopback row
alone (no root needed; for profiling the laptop's and the server's CPU work).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import Result
from bench.link_emulator import SERVER_ADDRESS, LinkProfile, ShapedLink, available
from sync.protocol import EnrollmentInvite
from sync.server.db import default_database_url
from tests.helpers.server import REPO, Seed, free_port
from tests.integration.sync.conftest import publish_form

TITLE = "Town-hall link: delivery vs a plain PUT on shaped links (namespaces, emulated)"

MB = 1000 * 1000
#: 5 submissions of 2–5 MB (the issue's load) on the fast link.
FAST_SIZES = [2 * MB, 3 * MB, 3 * MB + MB // 2, 4 * MB, 5 * MB]
#: The lossy link carries ~1 Mbit/s of TCP (1 % loss at 150 ms), so smaller ones there.
LOSSY_SIZES = [MB, MB + MB // 2, 2 * MB, MB + MB // 4, MB // 2]

PROFILES = [
    (LinkProfile("20 Mbit/s, 60 ms RTT", 20e6, 0.060), FAST_SIZES, 1.05),
    (LinkProfile("5 Mbit/s, 150 ms RTT, 1 % loss", 5e6, 0.150, 0.01), LOSSY_SIZES, 1.05),
]


def _rounds() -> int:
    return int(os.environ.get("KOFFER_BENCH_LINK_ROUNDS", "2"))


def _client_command(url: str, invite: str, sizes: list[int]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "bench.link_client",
        "--url",
        url,
        "--invite",
        invite,
        "--sizes",
        ",".join(str(s) for s in sizes),
        "--rounds",
        str(_rounds()),
    ]


def _server_command(data: Path, database_url: str, host: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sync.server.cli",
        "--data",
        str(data),
        "--database",
        database_url,
        "serve",
        "--host",
        host,
        "--port",
        str(port),
        "--benchmark-sink",
    ]


def _measure(
    name: str, sizes: list[int], target: float, link: ShapedLink | None, folder: Path
) -> Result:
    data = folder / name.replace(" ", "_").replace("/", "_").replace(",", "")
    data.mkdir()
    database_url = default_database_url(data)
    seed = Seed(database_url).prepare()
    publish_form(seed)
    host = SERVER_ADDRESS if link is not None else "127.0.0.1"
    port = free_port()
    url = f"http://{host}:{port}"
    invite = EnrollmentInvite(url=url, code=seed.code(), insecure_http=True).to_uri()
    server_cmd = _server_command(data, database_url, host, port)
    client_cmd = _client_command(url, invite, sizes)
    if link is not None:
        server_cmd = link.run_in(link.server_ns, server_cmd)
        client_cmd = link.run_in(link.client_ns, client_cmd)
    with (data / "server.log").open("wb") as log:
        server = subprocess.Popen(server_cmd, cwd=REPO, stdout=log, stderr=log)
        try:
            answer = subprocess.run(
                client_cmd, cwd=REPO, capture_output=True, text=True, timeout=3600, check=False
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    if answer.returncode != 0:
        raise RuntimeError(f"{name}: link client failed: {answer.stderr[-2000:]}")
    figures = json.loads(answer.stdout.strip().splitlines()[-1])
    plain, delivery = sum(figures["plain"]), sum(figures["delivery"])
    ratio = delivery / plain
    megabytes = figures["bytes"] / MB
    pairs = list(zip(figures["delivery"], figures["plain"], strict=True))
    if link is None:  # tenths of a second say nothing on loopback
        rounds = ", ".join(f"{1000 * d:.0f}/{1000 * p:.0f} ms" for d, p in pairs)
    else:
        rounds = ", ".join(f"{d:.1f}/{p:.1f}" for d, p in pairs)
    per_round = sorted(d / p for d, p in pairs)
    median = per_round[len(per_round) // 2]
    drops = ""
    if link is not None:
        up, down = link.directions
        late = sorted(link.late) or [0.0]
        drops = (
            f"; emulator dropped {up.dropped_loss + down.dropped_loss} packets for loss and "
            f"{up.dropped_queue + down.dropped_queue} at the full queue; handed packets on "
            f"{1000 * late[int(len(late) * 0.99)]:.1f} ms late at p99, "
            f"{1000 * late[-1]:.0f} ms at most ({'real-time' if link.realtime else 'normal'} "
            "priority)"
        )
    return Result(
        name=f"{name}: delivery time / plain PUT time",
        value=round(ratio, 3),
        unit="×",
        target=f"≤ {target} × plain PUT",
        baseline_name="plain PUT of the same bytes, per submission",
        baseline_value=1.0,
        met=ratio <= target,
        notes=(
            f"{_rounds()} round(s) of {len(sizes)} submissions, {megabytes:.1f} MB sealed; "
            f"delivery {delivery:.1f} s vs plain {plain:.1f} s "
            f"(per round, delivery/plain: {rounds}; median ratio {median:.2f}); "
            f"resent {figures['bytes_resent']} B{drops}"
        ),
    )


def run() -> list[Result]:
    """Loopback always; the shaped profiles where namespaces and TUN can be made."""
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="koffer-bench-link-") as folder_name:
        folder = Path(folder_name)
        results.append(_measure("loopback, no shaping", FAST_SIZES, 2.0, None, folder))
        if os.environ.get("KOFFER_BENCH_LINK_ONLY") == "loopback":
            return results
        reason = available()
        for profile, sizes, target in PROFILES:
            if reason is not None:
                print(f"   skipped {profile.name}: {reason}", flush=True)
                results.append(
                    Result(
                        name=f"{profile.name}: delivery time / plain PUT time",
                        value=float("nan"),
                        unit="×",
                        target=f"≤ {target} × plain PUT",
                        notes=f"skipped: {reason}",
                    )
                )
                continue
            trace = os.environ.get("KOFFER_BENCH_LINK_TRACE")  # a packet trace per profile
            trace_path = f"{trace}.{profile.rate_bps / 1e6:g}mbit" if trace else None
            with ShapedLink(profile, trace_path=trace_path) as link:
                results.append(_measure(profile.name, sizes, target, link, folder))
    return results
