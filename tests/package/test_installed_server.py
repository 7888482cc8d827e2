"""The installed server package: unit file, service user, and the service started the way
its unit starts it (systemd is not PID 1 here), answering /v1/health."""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers.cups_server import free_port

UNIT = Path("/usr/lib/systemd/system/koffer-server.service")
CONFIG = Path("/etc/koffer-server/server.env")
USER = "koffer-server"


def _unit_value(key: str) -> list[str]:
    return [
        line.split("=", 1)[1]
        for line in UNIT.read_text(encoding="utf-8").splitlines()
        if line.startswith(f"{key}=")
    ]


def test_unit_file_passes_systemd_analyze_verify():
    result = subprocess.run(
        ["systemd-analyze", "verify", str(UNIT)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "koffer-server.service" not in result.stderr, result.stderr


def test_unit_sandbox_and_user():
    for key, value in [
        ("User", USER),
        ("StateDirectory", "koffer-server"),
        ("ProtectSystem", "strict"),
        ("NoNewPrivileges", "yes"),
        ("PrivateTmp", "yes"),
        ("Restart", "on-failure"),
        ("ExecStartPre", "/usr/bin/koffer-server migrate"),
    ]:
        assert _unit_value(key) == [value], key
    account = pwd.getpwnam(USER)
    assert account.pw_uid < 1000  # a system user
    assert account.pw_shell in ("/usr/sbin/nologin", "/bin/false")
    mode = CONFIG.stat()
    assert stat.S_IMODE(mode.st_mode) == 0o640
    assert grp.getgrgid(mode.st_gid).gr_name == USER


@pytest.fixture
def service_dir() -> Iterator[Path]:
    """A state folder the service user owns (as StateDirectory= would make it), outside
    pytest's 0700 temp folders."""
    top = Path(tempfile.mkdtemp(prefix="koffer-server-test-", dir="/var/tmp"))
    top.chmod(0o755)
    state = top / "state"
    state.mkdir(mode=0o700)
    account = pwd.getpwnam(USER)
    os.chown(state, account.pw_uid, account.pw_gid)
    try:
        yield top
    finally:
        shutil.rmtree(top)


def _as_service(*args: str, config: Path, **kw: object) -> subprocess.Popen[str]:
    """Run a packaged command as the unit does: its user, its Environment= line, no other
    environment (so nothing from this test's shell leaks in)."""
    command = [
        "runuser",
        "-u",
        USER,
        "--",
        "env",
        "-i",
        f"KOFFER_SERVER_CONFIG={config}",
        "PATH=/usr/bin:/bin",
        *args,
    ]
    return subprocess.Popen(command, text=True, **kw)  # type: ignore[call-overload]


def _run_as_service(*args: str, config: Path) -> str:
    """Run to the end as the service would; its output, after asserting success."""
    process = _as_service(*args, config=config, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 0, out
    return str(out)


def test_service_migrates_serves_health_with_workers_and_admin_reads_it(service_dir):
    port = free_port()
    config = service_dir / "server.env"
    config.write_text(
        f"KOFFER_SERVER_DATA_DIR={service_dir / 'state'}\n"
        f"KOFFER_SERVER_PORT={port}\n"
        "KOFFER_SERVER_WORKERS=2\n",
        encoding="utf-8",
    )
    config.chmod(0o644)
    _run_as_service("/usr/bin/koffer-server", "migrate", config=config)
    log = (service_dir / "serve.log").open("w")
    server = _as_service(
        "/usr/bin/koffer-server", "serve", config=config, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        answer = None
        for _ in range(600):  # bounded: at most 60 s
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1)
                break
            except httpx.TransportError:
                if server.poll() is not None:
                    break
                with contextlib.suppress(subprocess.TimeoutExpired):
                    server.wait(timeout=0.1)  # a bounded pause that also sees an early exit
        assert answer is not None, (service_dir / "serve.log").read_text()
        assert answer.status_code == 200
        listing = _run_as_service("/usr/bin/koffer-admin", "devices", config=config)
        assert "no devices enrolled" in listing
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
    database = service_dir / "state" / "koffer-server.db"
    assert database.stat().st_uid == pwd.getpwnam(USER).pw_uid
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
