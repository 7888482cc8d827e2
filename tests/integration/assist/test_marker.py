"""A marker the worker types never reaches the relay in plaintext (database, logs,
process memory), and the expert's machine keeps no file with it after the session."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sync.assist.endpoint import Phase
from sync.server.db import default_database_url
from tests.helpers.assist import AssistWorld
from tests.helpers.server import REPO, Seed, ServerProcess

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _memory_holds(pid: int, needle: bytes) -> bool:
    """Whether any readable mapping of process `pid` contains `needle` (root or parent)."""
    found = False
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
        for line in maps:
            match = re.match(r"([0-9a-f]+)-([0-9a-f]+) (r)", line)
            if not match or "[vvar]" in line or "[vsyscall]" in line:
                continue
            start, end = int(match.group(1), 16), int(match.group(2), 16)
            try:
                mem.seek(start)
                chunk = mem.read(end - start)
            except (OSError, ValueError, OverflowError):
                continue
            if needle in chunk:
                found = True
                break
    return found


def _files_with(roots: list[Path], needle: bytes, since: float) -> list[Path]:
    hits = []
    for root in roots:
        if not root.exists():
            continue
        # os.walk skips folders that vanish while it walks (other test workers' temp
        # folders in /tmp); Path.rglob raised FileNotFoundError there
        for folder, _dirs, names in os.walk(root):
            for name in names:
                hits += _hit(Path(folder) / name, needle, since)
    return hits


def _hit(path: Path, needle: bytes, since: float) -> list[Path]:
    """[path] if it is a file changed since `since` that holds `needle`."""
    try:
        if not path.is_file() or path.stat().st_mtime < since:
            return []
        return [path] if needle in path.read_bytes() else []
    except OSError:  # gone meanwhile, or not readable
        return []


class ChildLines:
    """The expert process's output lines, read on a thread (the laptop keeps pumping)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self.lines.append(line.strip())
        process.stdout.close()

    def said(self, prefix: str) -> str | None:
        return next((line for line in self.lines if line.startswith(prefix)), None)


def test_the_marker_stays_between_the_two_ends(tmp_path):
    if not os.access(f"/proc/{os.getpid()}/mem", os.R_OK):
        pytest.skip("cannot read process memory here (/proc/<pid>/mem)")
    marker = f"MARKER-{secrets.token_hex(8)}"
    started = time.time()
    data = tmp_path / "server"
    database_url = default_database_url(data)
    seed = Seed(database_url).prepare()
    server = ServerProcess(data, database_url).start()
    home = tmp_path / "expert-home"
    temp = tmp_path / "expert-tmp"
    for folder in (home, temp):
        folder.mkdir()
    try:
        world = AssistWorld.create(server.url, seed)
        from koffer.assist.connect import open_as_owner
        from koffer.assist.owner import OwnerSession
        from tests.helpers.assist import WOHNGELD, DeviceAudit, MemoryDraft, wait_for

        wake = threading.Event()
        draft = MemoryDraft(WOHNGELD.read_text(encoding="utf-8"))
        endpoint, opened = open_as_owner(world.laptop(), world.device_id, wake=wake.set)
        owner = OwnerSession(endpoint, draft, DeviceAudit(), join_code=opened.join_code)
        env = {
            **os.environ,
            "HOME": str(home),
            "TMPDIR": str(temp),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local/share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "KOFFER_EXPERT_DIR": str(home / "expert"),
            "KOFFER_TEST_EXPERT_TOKEN": world.expert_token,
            "KOFFER_TEST_MARKER": marker,
        }
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.assist_expert_child", "--url", server.url,
             "--code", opened.join_code, "--watch", "familienname"],
            cwd=REPO, env=env, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        lines = ChildLines(child)
        try:
            wait_for(lambda: lines.said("CODE") is not None, [owner], wake, timeout=60)
            code = (lines.said("CODE") or "").split(" ", 1)[1]
            wait_for(lambda: owner.phase is Phase.VERIFY, [owner], wake)
            assert owner.verification_code == code  # compared on the phone
            owner.confirm_code()
            draft.set("familienname", marker)
            owner.draft_changed()
            wait_for(lambda: lines.said("SEEN") is not None, [owner], wake, timeout=60)
            assert _memory_holds(os.getpid(), marker.encode())  # the scan finds it where it is
            assert not _memory_holds(server.process.pid, marker.encode())  # type: ignore[union-attr]
            owner.end()
            wait_for(lambda: lines.said("ENDED") is not None, [owner], wake, timeout=60)
            assert child.wait(timeout=30) == 0
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
            endpoint.close()
    finally:
        server.stop()
    needle = marker.encode()
    server_files = list(data.rglob("*"))
    assert any(p.name.endswith(".db") for p in server_files)
    assert _files_with([data], needle, 0) == []  # database, WAL and the server's log
    assert (
        _files_with([home, temp, Path("/tmp"), Path("/var/tmp"), Path("/dev/shm")], needle, started)
        == []
    )
