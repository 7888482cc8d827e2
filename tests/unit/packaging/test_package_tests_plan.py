"""The smoke tests of the installed packages (tests/package) can at least be set up.

WHY: they run only under `make package-test` (root, built .debs), which `make test` does
not do, so a fixture renamed elsewhere once broke them unnoticed ("fixture
'cups_session' not found"). pytest's `--setup-plan` resolves every test's fixtures
without running one, which finds such a break in a second without the packages.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_every_package_smoke_test_finds_its_fixtures() -> None:
    env = {**os.environ, "KOFFER_PACKAGE_TEST": "1"}
    plan = ["--setup-plan", "-p", "no:cacheprovider", "-p", "no:xdist", "-o", "addopts="]
    answer = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *plan, "tests/package"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert answer.returncode == 0, answer.stdout[-3000:] + answer.stderr[-2000:]
    assert "not found" not in answer.stdout
    assert "SETUP    F" in answer.stdout  # the plan was really made, per test
