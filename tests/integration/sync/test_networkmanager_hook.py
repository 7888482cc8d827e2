"""The NetworkManager dispatcher example: `koffer sync --once` per user session on vpn-up."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

HOOK = Path(__file__).resolve().parents[3] / "packaging" / "networkmanager" / "90-koffer-sync"


def _fake_tools(folder: Path, uid: int) -> Path:
    """loginctl and systemd-run stand-ins that log how they were called."""
    folder.mkdir()
    log = folder / "calls.log"
    (folder / "loginctl").write_text(f"#!/bin/sh\necho '  3 {uid} erika seat0 tty2'\n")
    (folder / "systemd-run").write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    (folder / "koffer").write_text("#!/bin/sh\nexit 0\n")
    for name in ("loginctl", "systemd-run", "koffer"):
        (folder / name).chmod(0o755)
    return log


def _run(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> str:
    uid = os.getuid()
    runtime = tmp_path / "run" / str(uid)
    runtime.mkdir(parents=True)
    with socket.socket(socket.AF_UNIX) as bus:  # a stand-in for the session bus socket
        bus.bind(str(runtime / "bus"))
    log = _fake_tools(tmp_path / "bin", uid)
    environment = {
        "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin",
        "KOFFER_BIN": "koffer",
        "KOFFER_RUNTIME_BASE": str(tmp_path / "run"),
        **(env or {}),
    }
    subprocess.run(["sh", str(HOOK), *args], check=True, env=environment, timeout=30)
    return log.read_text() if log.exists() else ""


def test_hook_is_valid_shell() -> None:
    subprocess.run(["sh", "-n", str(HOOK)], check=True)
    assert os.access(HOOK, os.X_OK)


def test_vpn_up_starts_one_headless_sync_per_user(tmp_path: Path) -> None:
    calls = _run(tmp_path, "tun0", "vpn-up")
    assert "sync --once" in calls
    assert f"--uid={os.getuid()}" in calls
    assert f"DBUS_SESSION_BUS_ADDRESS=unix:path={tmp_path / 'run'}" in calls


def test_other_events_do_nothing(tmp_path: Path) -> None:
    assert _run(tmp_path, "eth0", "up") == ""
    assert _run(tmp_path / "b", "tun0", "down") == ""


def test_only_the_named_vpn(tmp_path: Path) -> None:
    env = {"CONNECTION_ID": "Privat-VPN"}
    defaults = tmp_path / "defaults"
    defaults.write_text('KOFFER_VPN_NAME="Rathaus-VPN"\n')
    assert _run(tmp_path, "tun0", "vpn-up", env={**env, "KOFFER_DEFAULTS": str(defaults)}) == ""
