"""Crash test: writer processes are SIGKILLed at random moments 200 times; nothing
acknowledged is lost and the database stays intact (`integrity_check` and
`cipher_integrity_check`)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest

from forms.paths import get_value
from koffer.store.profile import open_drafts_store

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHILD = Path(__file__).with_name("crash_child.py")
ROUNDS = 200
KEY = os.urandom(32)


def _line(stream: IO[bytes]) -> str:
    line = stream.readline()
    assert line, "the fork server died"
    return line.decode().rstrip("\n")


def _one_round(
    server: subprocess.Popen[bytes], round_no: int, rng: random.Random
) -> tuple[list[tuple[str, str]], bool]:
    """Fork a writer, kill it; returns its acknowledged writes and whether it was ready."""
    assert server.stdin is not None
    assert server.stdout is not None
    server.stdin.write(f"{round_no}\n".encode())
    server.stdin.flush()
    first = _line(server.stdout)
    assert first.startswith("child "), first
    pid = int(first.split()[1])
    lines: list[str] = []
    if round_no % 10 == 0:
        # now and then during start-up: opening, WAL recovery, schema check
        time.sleep(rng.uniform(0.0, 0.01))
    else:
        # mostly while writing
        lines.append(_line(server.stdout))
        assert lines[0] == "ready", lines[0]
        time.sleep(rng.uniform(0.0, 0.05))
    os.kill(pid, signal.SIGKILL)
    while not (line := _line(server.stdout)).startswith("done "):
        lines.append(line)
    status = int(line.split()[1])
    assert os.WIFSIGNALED(status), f"writer ended by itself: {status}"
    assert os.WTERMSIG(status) == signal.SIGKILL
    acks = [(p[1], p[2]) for p in (x.split() for x in lines) if len(p) == 3 and p[0] == "ack"]
    return acks, "ready" in lines


def test_sigkill_never_loses_an_acknowledged_write(tmp_path: Path) -> None:
    db = tmp_path / "drafts.db"
    store = open_drafts_store(db, KEY)
    draft_id = store.create_draft("wohngeld", "2.0.0", "Crash Test").id
    store.close()
    env = {
        **os.environ,
        "KOFFER_CRASH_DB": str(db),
        "KOFFER_CRASH_KEY": KEY.hex(),
        "KOFFER_CRASH_DRAFT": draft_id,
    }
    server = subprocess.Popen(
        [sys.executable, str(CHILD)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
    )
    rng = random.Random(20261121)
    acknowledged: list[tuple[str, str]] = []
    killed_while_writing = 0
    try:
        for round_no in range(ROUNDS):
            acks, ready = _one_round(server, round_no, rng)
            acknowledged += acks
            killed_while_writing += ready
    finally:
        # the fork server ends at EOF; if a round failed, its writer notices the
        # orphaning and stops, and the server is killed
        assert server.stdin is not None
        server.stdin.close()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        assert server.stdout is not None
        server.stdout.close()
    print(f"{ROUNDS} kills, {killed_while_writing} while writing, {len(acknowledged)} acks")
    assert killed_while_writing > ROUNDS // 2
    assert len(acknowledged) > ROUNDS
    store = open_drafts_store(db, KEY)
    try:
        assert store.integrity_problems() == []
        answers = store.get_draft(draft_id).answers
        missing = [(p, v) for p, v in acknowledged if get_value(answers, p) != v]
        assert missing == []
    finally:
        store.close()
