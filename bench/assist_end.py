"""One end of a remote expert session for `bench_assist`, in its own process.

`owner` opens a session (device token in `KOFFER_BENCH_TOKEN`), prints `JOIN <code>`,
and once the expert is there and both codes are confirmed runs the rounds: it types a
new value (time stamped), the expert proposes one back as soon as it sees it, the owner
accepts at once. `expert` joins with the code from its first stdin line (expert token in
`KOFFER_BENCH_TOKEN`), stamps when it sees each typed value and when each of its
proposals comes back accepted. Both print one JSON line of CLOCK_MONOTONIC stamps at the
end (the clock is shared by every process of one machine, namespaces or not), plus the
verification code so the driver can check that both ends agreed.

Baseline: the owner first times `GET /v1/health` on a kept-alive connection over the
same link (one round trip plus the server's least work).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable

import httpx

from koffer.assist.connect import TownHall, join_as_expert, open_as_owner
from koffer.assist.expert import ExpertSession
from koffer.assist.owner import OwnerSession
from sync.assist.endpoint import Phase
from tests.helpers.assist import WOHNGELD, DeviceAudit, MemoryDraft

FIELD = "familienname"
PROPOSED = "vorname"


def _pump_until(
    session: OwnerSession | ExpertSession,
    wake: threading.Event,
    condition: Callable[[], bool],
    seconds: float = 60,
) -> list[object]:
    deadline = time.monotonic() + seconds
    events: list[object] = []
    while not condition():
        events += session.pump()
        if condition():
            break
        if time.monotonic() > deadline:
            raise TimeoutError("bench end: condition not reached")
        wake.wait(0.002)
        wake.clear()
    return events


def _health_rtt(url: str, rounds: int = 15) -> float:
    with httpx.Client(base_url=url, timeout=10) as client:
        client.get("/v1/health")
        samples = []
        for _ in range(rounds):
            start = time.monotonic()
            client.get("/v1/health").raise_for_status()
            samples.append(time.monotonic() - start)
    return statistics.median(samples)


def run_owner(url: str, device_id: str, rounds: int) -> dict[str, object]:
    baseline = _health_rtt(url)
    wake = threading.Event()
    draft = MemoryDraft(WOHNGELD.read_text(encoding="utf-8"))
    endpoint, opened = open_as_owner(
        TownHall(url, os.environ["KOFFER_BENCH_TOKEN"]), device_id, wake=wake.set
    )
    print(f"JOIN {opened.join_code}", flush=True)
    session = OwnerSession(endpoint, draft, DeviceAudit(), join_code=opened.join_code)
    _pump_until(session, wake, lambda: session.phase is Phase.VERIFY)
    session.confirm_code()
    _pump_until(session, wake, lambda: session.expert_online)
    typed: list[float] = []
    for i in range(rounds):
        typed.append(time.monotonic())
        draft.set(FIELD, f"wert-{i}")
        session.draft_changed()
        wanted = f"p{i}"

        def arrived(w: str = wanted) -> bool:
            return any(p.value == w for p in session.proposals)

        _pump_until(session, wake, arrived)
        proposal = next(p for p in session.proposals if p.value == wanted)
        session.accept(proposal.id)
    _pump_until(session, wake, lambda: session.over is not None, seconds=30)
    endpoint.close()
    return {"baseline": baseline, "typed": typed, "code": endpoint.verification_code}


def run_expert(url: str, rounds: int) -> dict[str, object]:
    code = sys.stdin.readline().strip()
    wake = threading.Event()
    endpoint, _ = join_as_expert(
        TownHall(url, os.environ["KOFFER_BENCH_TOKEN"]), code, wake=wake.set
    )
    session = ExpertSession(endpoint)
    _pump_until(session, wake, lambda: session.phase is Phase.VERIFY)
    session.confirm_code()
    seen: list[float] = []
    proposed: list[float] = []
    accepted: list[float] = []
    for i in range(rounds):
        value = f"wert-{i}"

        def seen_value(v: str = value) -> bool:
            return session.answers.get(FIELD) == v

        _pump_until(session, wake, seen_value)
        seen.append(time.monotonic())
        proposed.append(time.monotonic())
        pid = session.propose(PROPOSED, f"p{i}", "Messung")

        def accepted_now(k: str = pid) -> bool:
            return bool(session.proposals.get(k, {}).get("status") == "accepted")

        _pump_until(session, wake, accepted_now)
        accepted.append(time.monotonic())
    result: dict[str, object] = {
        "seen": seen,
        "proposed": proposed,
        "accepted": accepted,
        "code": endpoint.verification_code,
    }
    session.leave()
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("role", choices=["owner", "expert"])
    parser.add_argument("--url", required=True)
    parser.add_argument("--device-id", default="")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    if args.role == "owner":
        result = run_owner(args.url, args.device_id, args.rounds)
    else:
        result = run_expert(args.url, args.rounds)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
