"""Every screen, checked from the outside: what a screen reader gets, where Tab goes, and
whether it fits a 13-inch laptop screen at 200 % text.

The screens are opened by `tests.gui.screens`; the checks are `tests.helpers`
(accessibility tree, reading order of the geometry, layout). Their expectations come
from the screen's geometry, Qt's accessibility interface and the forms engine, never
from the code that builds the screens.
"""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QApplication

from tests.gui.screens import SCREENS, open_screen
from tests.helpers import accessibility, keyboard, layout

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("name", SCREENS)
def test_every_element_has_a_name_and_says_required_and_invalid(name, unlocked, make_window):
    opened = open_screen(name, unlocked, make_window)
    assert accessibility.problems(opened.top, opened.expect) == []


@pytest.mark.parametrize("name", SCREENS)
def test_tab_reaches_every_control_in_reading_order_and_comes_back(name, unlocked, make_window):
    opened = open_screen(name, unlocked, make_window)
    QApplication.processEvents()
    assert keyboard.order_problems(opened.top) == []


@pytest.mark.parametrize("size", ["1366x768", "1280x800"])
@pytest.mark.parametrize("name", SCREENS)
def test_everything_fits_at_200_percent(name, size, unlocked, make_window):
    screen = next(s for s in QApplication.screens() if s.name().endswith(size))
    unlocked.set_scale(200)
    unlocked.move_to_screen(screen)
    opened = open_screen(name, unlocked, make_window)
    QApplication.processEvents()
    assert layout.problems(opened.top, screen.availableGeometry()) == []
