"""Small shared building blocks: headings, help text, primary buttons, cards, pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)


def heading(text: str, parent: QWidget | None = None, level: int = 1) -> QLabel:
    """A word-wrapped heading (role h1/h2 in the stylesheet)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setProperty("role", f"h{level}")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(text)
    return label


def paragraph(text: str = "", parent: QWidget | None = None, role: str = "") -> QLabel:
    """A word-wrapped text; `role` picks a style (help, error, warning, ok)."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        label.setProperty("role", role)
    return label


def primary_button(text: str, parent: QWidget | None = None) -> QPushButton:
    """The one strong action of a screen."""
    button = QPushButton(text, parent)
    button.setProperty("primary", True)
    button.setDefault(True)
    button.setAutoDefault(True)
    return button


def button(text: str, parent: QWidget | None = None) -> QPushButton:
    """A secondary action."""
    result = QPushButton(text, parent)
    result.setAutoDefault(True)
    return result


def card(parent: QWidget | None = None) -> tuple[QFrame, QVBoxLayout]:
    """A framed surface with generous padding."""
    frame = QFrame(parent)
    frame.setProperty("role", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(24, 20, 24, 20)
    layout.setSpacing(12)
    return frame, layout


def scroll_page(content: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """Content in a vertical scroll area that follows the window width (never clips)."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    return area


def restyle(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def row_table(
    columns: list[str],
    accessible_name: str,
    stretch: set[int],
    parent: QWidget | None = None,
) -> QTableWidget:
    """A read-only table of whole rows: one row is one thing to open, print or discard.

    Tab leaves the table (arrow keys move inside it), long texts wrap, and the columns in
    `stretch` share the free width while the others fit their contents.
    """
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels(columns)
    table.setAccessibleName(accessible_name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    for column in range(len(columns)):
        fit = QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(
            column, QHeaderView.ResizeMode.Stretch if column in stretch else fit
        )
    return table
