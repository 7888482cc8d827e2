"""Crash test: a writer is SIGKILLed at random moments 200 times; nothing acknowledged is
lost and the database stays intact (`integrity_check` and `cipher_integrity_check`)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from koffer.store.answer_paths import get_value
from koffer.store.profile import open_drafts_store

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHILD = Path(__file__).with_name("crash_child.py")
ROUNDS = 200
KEY = os.urandom(32)


def _one_round(db: Path, draft_id: str, round_no: int, rng: random.Random) -> list[tuple[str, str]]:
    env = {
        **os.environ,
        "KOFFER_CRASH_DB": str(db),
        "KOFFER_CRASH_KEY": KEY.hex(),
        "KOFFER_CRASH_DRAFT": draft_id,
        "KOFFER_CRASH_ROUND": str(round_no),
    }
    child = subprocess.Popen(
        [sys.executable, str(CHILD)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert child.stdout is not None
    if round_no % 10 == 0:
        # now and then during start-up: opening, WAL recovery, checkpoint
        time.sleep(rng.uniform(0.0, 0.15))
    else:
        # mostly while writing: right after the child said it is ready
        assert child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.04))
    child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, err.decode(errors="replace")
    acks = []
    for line in out.decode().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "ack":
            acks.append((parts[1], parts[2]))
    return acks


def test_sigkill_never_loses_an_acknowledged_write(tmp_path: Path) -> None:
    db = tmp_path / "drafts.db"
    store = open_drafts_store(db, KEY)
    draft_id = store.create_draft("wohngeld", "2.0.0", "Crash Test").id
    store.close()
    rng = random.Random(20261121)
    acknowledged: list[tuple[str, str]] = []
    rounds_with_writes = 0
    for round_no in range(ROUNDS):
        acks = _one_round(db, draft_id, round_no, rng)
        acknowledged += acks
        rounds_with_writes += bool(acks)
    print(f"{ROUNDS} kills, {rounds_with_writes} after writing began, {len(acknowledged)} acks")
    # the kills landed both before and after writing had started
    assert rounds_with_writes > ROUNDS // 2
    assert len(acknowledged) > ROUNDS
    store = open_drafts_store(db, KEY)
    try:
        assert store.integrity_problems() == []
        answers = store.get_draft(draft_id).answers
        missing = [(p, v) for p, v in acknowledged if get_value(answers, p) != v]
        assert missing == []
    finally:
        store.close()
