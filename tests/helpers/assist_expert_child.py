"""An expert's end in its own process, for the marker test (`test_marker.py`).

Joins with the code on the command line (token in `KOFFER_TEST_EXPERT_TOKEN`), prints
`CODE <code>` when the verification code is there and confirms it (the test compares it
with the laptop's, as the two people would on the phone), prints `SEEN` once the answer
given in `--watch` holds the value in `KOFFER_TEST_MARKER`, and `ENDED` when the session
is over; then exits. Everything it holds is in memory (`ExpertSession`).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time

from koffer.assist.connect import TownHall, join_as_expert
from koffer.assist.expert import ExpertSession
from sync.assist.endpoint import Phase


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--code", required=True)
    parser.add_argument("--watch", required=True)
    args = parser.parse_args()
    marker = os.environ.pop("KOFFER_TEST_MARKER")
    wake = threading.Event()
    endpoint, _ = join_as_expert(
        TownHall(args.url, os.environ.pop("KOFFER_TEST_EXPERT_TOKEN")), args.code, wake=wake.set
    )
    session = ExpertSession(endpoint)
    said_code = seen = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        session.pump()
        if session.phase is Phase.VERIFY and not said_code:
            said_code = True
            print(f"CODE {session.verification_code}", flush=True)
            session.confirm_code()
        if not seen and session.answers.get(args.watch) == marker:
            seen = True
            print("SEEN", flush=True)
        if session.over is not None:
            print("ENDED", flush=True)
            endpoint.close()
            return 0
        wake.wait(0.05)
        wake.clear()
    return 1


if __name__ == "__main__":
    sys.exit(main())
