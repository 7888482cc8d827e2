"""Smoke tests of the INSTALLED packages (`make package-test` installs them first).

They run the programs from /usr/bin, never the checkout, and are skipped unless
scripts/package-test.sh set KOFFER_PACKAGE_TEST=1 after installing both .debs.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from tests.helpers.cups_server import cups_server, cups_session

#: The private CUPS scheduler fixtures, for the laptop smoke test.
__all__ = ["cups_server", "cups_session"]

REPO = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip everything here outside `make package-test`."""
    if os.environ.get("KOFFER_PACKAGE_TEST") == "1":
        return
    skip = pytest.mark.skip(reason="needs the installed packages: make package-test")
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def version() -> str:
    """The version the packages were built with (pyproject.toml, not the code)."""
    with (REPO / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])
