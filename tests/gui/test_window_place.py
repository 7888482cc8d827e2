"""The window opens inside its screen and comes back where the worker left it."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from tests.helpers import layout

pytestmark = pytest.mark.gui


def test_the_window_opens_inside_a_768_pixel_screen(make_window):
    window = make_window()
    QApplication.processEvents()
    screen = window.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    assert area.height() <= 800  # one of the laptop screens of the test session
    assert area.contains(window.frameGeometry()), (window.frameGeometry(), area)
    assert layout.problems(window, area) == []


def test_the_window_comes_back_where_it_was(make_window):
    first = make_window()
    QApplication.processEvents()
    area = first.screen().availableGeometry()
    wanted = QRect(area.left() + 40, area.top() + 30, 900, 640)
    first.setGeometry(wanted)
    QApplication.processEvents()
    placed = first.geometry()
    first.close()
    again = make_window()
    QApplication.processEvents()
    assert again.geometry() == placed
