"""The installed laptop package: /usr/bin/koffer with and without a Secret Service."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from tests.helpers.cups_server import PDF_QUEUE, CupsServer

KOFFER = "/usr/bin/koffer"
REPO = Path(__file__).resolve().parents[2]
#: Set by scripts/package-test.sh: a folder that outlives the package (the user's data).
HOME = Path(os.environ.get("KOFFER_PACKAGE_HOME", "/nonexistent"))
CATALOG = sorted((REPO / "forms" / "catalog").glob("*.yaml"))


def _env(home: Path, **extra: str) -> dict[str, str]:
    """A user's environment: own home and XDG folders, offscreen Qt, German."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KOFFER_", "XDG_DATA", "XDG_CONFIG", "XDG_CACHE"))
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        QT_QPA_PLATFORM="offscreen",
        LANG="C.UTF-8",
    )
    env.update(extra)
    return env


def _koffer(
    *args: str, env: dict[str, str], timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [KOFFER, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _files_below(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_version_is_the_packaged_one(version):
    result = _koffer("--version", env=_env(HOME))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Koffer {version}"


def test_demo_status_window_pdf_and_print(cups_server: CupsServer):
    """The whole path on the installed program, offscreen, with the real keyring."""
    profile = HOME / ".local/share/koffer-demo"
    env = _env(HOME)
    created = _koffer("demo", "--nur-anlegen", env=env)
    assert created.returncode == 0, created.stderr
    assert (profile / "profile.json").is_file()

    status = _koffer(
        "status",
        "--json",
        env=_env(HOME, KOFFER_PROFILE_DIR=str(profile), CUPS_SERVER=cups_server.host),
    )
    assert status.returncode == 0, status.stderr
    info = json.loads(status.stdout)
    assert info["exists"] is True
    assert info["templates"] == len(CATALOG)
    # the private scheduler is set `PreserveJobFiles No`, as the package asks of CUPS
    assert info["printing"] == {"cups": True, "keeps_printed_documents": False}

    check = _koffer(
        "selbsttest",
        "--drucker",
        PDF_QUEUE,
        "--cups",
        cups_server.host,
        "--fenster",
        env=_env(HOME),
    )
    assert check.returncode == 0, check.stdout + check.stderr
    lines = check.stdout.splitlines()
    assert len(lines) == 5, lines
    assert all(line.startswith("OK") for line in lines), lines
    printed = cups_server.printed_pdfs()
    assert len(printed) == 1
    title = yaml.safe_load(CATALOG[0].read_text(encoding="utf-8"))["title"]
    text = "".join(page.extract_text() for page in PdfReader(printed[0]).pages)
    assert title.split()[0] in text


@pytest.mark.parametrize(
    "command", [["demo", "--nur-anlegen"], ["status"], []], ids=["demo", "status", "window"]
)
def test_without_secret_service_it_refuses_and_writes_nothing(tmp_path, command):
    home = tmp_path / "home"
    home.mkdir()
    env = _env(home, DBUS_SESSION_BUS_ADDRESS=f"unix:path={tmp_path}/no-bus")
    result = _koffer(*command, env=env, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Koffer kann nicht starten" in result.stderr
    assert "Schlüsselbund" in result.stderr
    assert "Traceback" not in result.stderr
    assert _files_below(home) == []


def test_the_package_carries_its_cups_step():
    """The CUPS step is installed with the package (what it does: test_cups_privacy)."""
    step = Path("/usr/lib/koffer/cups-privacy")
    assert step.is_file()
    assert os.access(step, os.X_OK)
    assert Path("/usr/share/doc/koffer/README.Debian").is_file()
