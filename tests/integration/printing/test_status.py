"""`koffer status` tells IT whether the print system keeps printed documents.

Each run is a fresh `koffer` process against one private scheduler (CUPS_SERVER), the
way IT runs it on a laptop: libcups caches a scheduler's settings per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cups_server import CupsServer

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]


def _status(server: CupsServer, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CUPS_SERVER": server.host,
        "KOFFER_PROFILE_DIR": str(tmp_path / "kein-profil"),
    }
    return subprocess.run(
        [sys.executable, "-m", "koffer.cli", "status", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_a_scheduler_with_cups_defaults_is_reported_with_the_fix(
    cups_defaults: CupsServer, tmp_path: Path
) -> None:
    done = _status(cups_defaults, tmp_path)
    assert "Druckdienst: bewahrt gedruckte Dokumente auf" in done.stdout, done.stderr
    assert "sudo cupsctl PreserveJobFiles=No" in done.stdout
    info = json.loads(_status(cups_defaults, tmp_path, "--json").stdout)
    assert info["printing"] == {"cups": True, "keeps_printed_documents": True}


def test_a_scheduler_set_as_the_readme_asks_is_reported_as_keeping_nothing(
    cups_server: CupsServer, tmp_path: Path
) -> None:
    done = _status(cups_server, tmp_path)
    assert "Druckdienst: bewahrt keine gedruckten Dokumente auf" in done.stdout, done.stderr
