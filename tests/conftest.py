"""The whole test session's Qt application: offscreen, on the two laptop screens we serve.

Koffer runs on 13-inch laptops, 1366×768 and 1280×800 (see the layout tests). Qt's
offscreen platform takes its screens from a configuration file, and a QApplication
exists once per process, so every test runs with both screens attached, the way a
laptop with a second monitor would; the layout tests put each window on the screen they
check. Without this the offscreen platform offers one 800×600 screen.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SCREENS = Path(__file__).parent / "fixtures" / "screens" / "laptops.json"


@pytest.fixture(scope="session")
def qapp_args(pytestconfig: pytest.Config) -> list[str]:
    """Arguments of the one QApplication: the offscreen platform with both screens."""
    return [pytestconfig.getini("qt_qapp_name"), "-platform", f"offscreen:configfile={SCREENS}"]
