"""The checks the screen tests rely on catch what they are meant to catch.

Each check is shown one small window that is right and one that has exactly the fault,
so a screen test that passes means the fault is absent, not that the check is blind.
"""

from __future__ import annotations

import pytest

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tests.helpers import accessibility, keyboard, layout

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot):
    widget = QWidget()
    widget.setWindowTitle("Prüfung")
    qtbot.addWidget(widget)
    return widget


def show(qtbot, widget):
    widget.show()
    qtbot.waitExposed(widget)


# -- accessibility ----------------------------------------------------------------------


def test_an_unnamed_button_and_a_combo_named_by_its_value_are_found(qtbot, window):
    layout_ = QVBoxLayout(window)
    icon_only = QPushButton("", window)
    combo = QComboBox(window)
    combo.addItems(["— bitte wählen —", "ledig"])
    layout_.addWidget(icon_only)
    layout_.addWidget(combo)
    show(qtbot, window)
    found = accessibility.problems(window)
    assert any(p.startswith("no name: Button") for p in found), found
    assert any("named by its value '— bitte wählen —'" in p for p in found), found
    icon_only.setAccessibleName("Suche leeren")
    combo.setAccessibleName("Familienstand")  # not enough on Linux: Qt names it by value
    assert len(accessibility.problems(window)) == 1
    label = QLabel("Familienstand", window)  # a buddy label beside it is what Orca reads
    label.setBuddy(combo)
    layout_.addWidget(label)
    assert accessibility.problems(window) == []


def test_a_label_buddy_names_its_field_and_twins_are_found(qtbot, window):
    grid = QGridLayout(window)
    for row in range(2):
        label = QLabel("Vorname", window)
        edit = QLineEdit(window)
        label.setBuddy(edit)
        grid.addWidget(label, row, 0)
        grid.addWidget(edit, row, 1)
    show(qtbot, window)
    found = accessibility.problems(window)
    assert found == [found[0]]
    assert "same name and description" in found[0]
    assert "'Vorname'" in found[0]


def test_required_and_invalid_must_be_said(qtbot, window):
    layout_ = QVBoxLayout(window)
    edit = QLineEdit(window)
    edit.setAccessibleName("Geburtsdatum")
    layout_.addWidget(edit)
    show(qtbot, window)
    wanted = accessibility.FieldExpectation(True, "Den 30.02.1950 gibt es nicht.", "Pflichtfeld")
    found = accessibility.problems(window, lambda w: wanted if w is edit else None)
    assert len(found) == 2
    assert "does not say 'Pflichtfeld'" in found[0]
    assert "does not start with 'Den 30.02.1950 gibt es nicht.'" in found[1]
    edit.setAccessibleName("Geburtsdatum (Pflichtfeld)")
    edit.setAccessibleDescription("Den 30.02.1950 gibt es nicht. Hilfe zum Feld.")
    assert accessibility.problems(window, lambda w: wanted if w is edit else None) == []


def test_a_focusable_scroll_area_needs_a_name(qtbot, window):
    area = QScrollArea(window)
    page = QWidget()
    QVBoxLayout(page).addWidget(QLabel("Text", page))
    area.setWidget(page)
    QVBoxLayout(window).addWidget(area)
    show(qtbot, window)
    assert any("no name: Client" in p for p in accessibility.problems(window))


# -- keyboard -----------------------------------------------------------------------------


def _grid_of_edits(window):
    grid = QGridLayout(window)
    edits = {}
    for row in range(2):
        for column in range(2):
            edit = QLineEdit(window)
            edit.setObjectName(f"e{row}{column}")
            grid.addWidget(edit, row, column)
            edits[row, column] = edit
    return edits


def test_reading_order_is_rows_then_columns(qtbot, window):
    edits = _grid_of_edits(window)
    show(qtbot, window)
    order = keyboard.reading_order(keyboard.controls(window), window)
    assert order == [edits[0, 0], edits[0, 1], edits[1, 0], edits[1, 1]]


def test_columns_are_read_one_after_the_other(qtbot, window):
    row = QHBoxLayout(window)
    left, right = QVBoxLayout(), QVBoxLayout()
    row.addLayout(left)
    row.addLayout(right)
    tall = QListWidget(window)
    left.addWidget(tall)
    a, b = QLineEdit(window), QLineEdit(window)
    right.addWidget(a)
    right.addWidget(b)
    show(qtbot, window)
    assert keyboard.reading_order(keyboard.controls(window), window) == [tall, a, b]


def test_a_tab_chain_against_the_reading_order_is_found(qtbot, window):
    edits = _grid_of_edits(window)
    show(qtbot, window)
    assert keyboard.order_problems(window) == []
    QWidget.setTabOrder(edits[0, 0], edits[1, 0])
    QWidget.setTabOrder(edits[1, 0], edits[0, 1])
    (problem,) = keyboard.order_problems(window)
    assert problem.startswith("Tab order differs from the reading order")


def test_scrolled_out_fields_come_before_the_buttons_below(qtbot, window):
    outer = QVBoxLayout(window)
    area = QScrollArea(window)
    area.setWidgetResizable(True)
    page = QWidget()
    column = QVBoxLayout(page)
    fields = [QLineEdit(page) for _ in range(30)]
    for edit in fields:
        column.addWidget(edit)
    area.setWidget(page)
    outer.addWidget(area)
    done = QPushButton("Weiter", window)
    outer.addWidget(done)
    window.resize(300, 200)
    show(qtbot, window)
    order = keyboard.reading_order(keyboard.controls(window), window)
    assert order == [area, *fields, done]


def test_one_stop_per_radio_group_the_checked_one(qtbot, window):
    column = QVBoxLayout(window)
    before = QLineEdit(window)
    column.addWidget(before)
    question = QWidget(window)  # as a field editor holds its buttons
    row = QHBoxLayout(question)
    group = QButtonGroup(question)
    yes, no = QRadioButton("Ja", question), QRadioButton("Nein", question)
    for button in (yes, no):
        group.addButton(button)
        row.addWidget(button)
    column.addWidget(question)
    after = QLineEdit(window)
    column.addWidget(after)
    show(qtbot, window)
    assert keyboard.reading_order(keyboard.controls(window), window) == [before, yes, after]
    no.setChecked(True)
    assert keyboard.reading_order(keyboard.controls(window), window) == [before, no, after]
    # Qt itself tabs to "Ja" although "Nein" is checked: the check must say so.
    (problem,) = keyboard.order_problems(window)
    assert "Tab order differs" in problem
    assert "QRadioButton('Ja')" in problem.split("got")[1]


# -- layout -------------------------------------------------------------------------------


def test_a_window_larger_than_the_screen_is_found(qtbot, window):
    QVBoxLayout(window).addWidget(QPushButton("Drucken", window))
    window.resize(900, 700)
    show(qtbot, window)
    found = layout.problems(window, QRect(0, 0, 800, 600))
    assert any("does not fit the screen" in p for p in found), found
    window.resize(400, 300)
    window.move(0, 0)
    assert layout.problems(window, QRect(0, 0, 800, 600)) == []


def test_a_squeezed_button_and_an_elided_cell_are_found(qtbot, window):
    column = QVBoxLayout(window)
    squeezed = QPushButton("Prüfen und unterschreiben", window)
    squeezed.setFixedWidth(40)
    table = QTableWidget(1, 1, window)
    table.setHorizontalHeaderLabels(["Name"])
    table.setItem(0, 0, QTableWidgetItem("Otto Beispielmann-Langenscheidt von Hohenberg"))
    table.setColumnWidth(0, 60)
    column.addWidget(squeezed)
    column.addWidget(table)
    window.move(0, 0)
    show(qtbot, window)
    found = layout.problems(window, QRect(0, 0, 1366, 768))
    assert any("Prüfen und unterschreiben" in p and "text needs" in p for p in found), found
    assert any("Langenscheidt" in p and "is cut" in p for p in found), found
    # however tall the row: a word wider than its column is elided, not broken
    table.setRowHeight(0, 400)
    found = layout.problems(window, QRect(0, 0, 1366, 768))
    assert any("the word 'Langenscheidt' is cut" in p for p in found), found
    table.setWordWrap(False)
    found = layout.problems(window, QRect(0, 0, 1366, 768))
    assert any("'Otto Beispielmann" in p and "is cut to" in p for p in found), found
    table.setWordWrap(True)
    squeezed.setMinimumWidth(0)
    squeezed.setMaximumWidth(16777215)
    table.resizeColumnsToContents()
    window.resize(window.sizeHint().expandedTo(table.sizeHint()) * 2)
    assert layout.problems(window, QRect(0, 0, 1366, 768)) == []
