"""Does a window fit its screen at large text? Nothing off-screen, clipped or elided.

Checked from the outside, with Qt's own measures: a top-level window lies inside the
screen's available area; every control and text lies inside its window and inside each
ancestor that clips it (a scroll area's page may be taller than its viewport, never
wider); a button, check box or one-line label is at least as large as its text needs
(`sizeHint`); a wrapped label is as tall as its text at its width; and the cells and
headers of item views hold their whole text (a view elides what does not fit).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QWidget,
)

#: Pixels of slack for rounding in Qt's own size computations.
SLACK = 1

_CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


def _name(widget: QWidget) -> str:
    text = widget.accessibleName() or getattr(widget, "text", lambda: "")() or ""
    return f"{type(widget).__name__}({str(text)[:50]!r})"


def _in_window(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _clipped(widget: QWidget, window: QWidget) -> str | None:
    """Where `widget` is cut off by its window or an ancestor, None when it is whole."""
    rect = _in_window(widget, window)
    if not window.rect().contains(rect) and not _inside_scrolled_page(widget, window):
        return f"outside its window {window.rect()}: {rect}"
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        outer = _in_window(parent, window)
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            # A page scrolls vertically; it must not need scrolling sideways.
            if rect.left() < outer.left() - SLACK or rect.right() > outer.right() + SLACK:
                return f"wider than the scroll area {outer}: {rect}"
            return None
        if not outer.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(rect):
            return f"cut off by {_name(parent)} {outer}: {rect}"
        parent = parent.parentWidget()
    return None


def _inside_scrolled_page(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            return True
        parent = parent.parentWidget()
    return False


def _text_problem(widget: QWidget) -> str | None:
    if (
        isinstance(widget, QLabel)
        and widget.text()
        and widget.textFormat() != Qt.TextFormat.RichText
    ):
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + SLACK:
                return f"text needs {needed} px height, has {widget.height()}"
        elif widget.sizeHint().width() > widget.width() + SLACK:
            return f"text needs {widget.sizeHint().width()} px width, has {widget.width()}"
    if isinstance(widget, QAbstractButton) and widget.text():
        hint = widget.sizeHint()
        if hint.width() > widget.width() + SLACK or hint.height() > widget.height() + SLACK:
            return (
                f"text needs {hint.width()}×{hint.height()}, has {widget.width()}×{widget.height()}"
            )
    return None


def _cell_margin(view: QAbstractItemView) -> int:
    return view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1


def _font(index: QModelIndex, view: QWidget) -> QFont:
    font = index.data(Qt.ItemDataRole.FontRole)
    return font if isinstance(font, QFont) else view.font()


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return int(model.columnCount(parent))
    except TypeError:  # a list model: one column (PySide keeps its columnCount private)
        return 1


def _shown_indexes(
    view: QAbstractItemView, model: QAbstractItemModel, parent: QModelIndex
) -> Iterator[QModelIndex]:
    """Every index of `parent` and, in a tree, of its expanded children."""
    expanded = getattr(view, "isExpanded", None)
    for row in range(model.rowCount(parent)):
        for column in range(_columns(model, parent)):
            index = model.index(row, column, parent)
            yield index
            if column == 0 and expanded is not None and expanded(index):
                yield from _shown_indexes(view, model, index)


def elided_cells(view: QAbstractItemView) -> Iterator[str]:
    """Cells and header sections of `view` whose text does not fit (would be elided)."""
    model = view.model()
    if model is None:
        return
    margin = _cell_margin(view)
    wrap = bool(getattr(view, "wordWrap", lambda: False)())
    viewport = view.viewport().rect()
    for index in _shown_indexes(view, model, view.rootIndex()):
        row, column = index.row(), index.column()
        rect = view.visualRect(index)
        if rect.isEmpty() or not rect.intersects(viewport):
            continue
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if not text:
            continue
        metrics = QFontMetrics(_font(index, view))
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        beside = icon and not (
            isinstance(view, QListView) and view.viewMode() == QListView.ViewMode.IconMode
        )
        room = rect.width() - 2 * margin - (view.iconSize().width() + margin if beside else 0)
        if wrap:
            needed = metrics.boundingRect(
                QRect(0, 0, max(room, 1), 100_000), Qt.TextFlag.TextWordWrap, text
            ).height()
            # a word wider than the column is not broken but elided ("Musterma…")
            word = max(re.split(r"\s+|(?<=[-–])", text), key=metrics.horizontalAdvance)
            if metrics.horizontalAdvance(word) > room + SLACK:
                yield f"row {row}, column {column}: the word {word!r} is cut to {room} px"
            elif needed > rect.height() + SLACK:
                yield (
                    f"row {row}, column {column}: {text[:40]!r} needs {needed} px height, "
                    f"is cut to {rect.height()}"
                )
        elif metrics.horizontalAdvance(text) > room + SLACK:
            yield f"row {row}, column {column}: {text[:40]!r} is cut to {room} px"
    for header in (getattr(view, "horizontalHeader", lambda: None)(),):
        if isinstance(header, QHeaderView) and header.isVisible():
            yield from _elided_sections(header, model)


def _elided_sections(header: QHeaderView, model: object) -> Iterator[str]:
    metrics = header.fontMetrics()
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")  # type: ignore[attr-defined]
        room = header.sectionSize(section) - 2 * margin
        if text and metrics.horizontalAdvance(text) > room + SLACK:
            yield f"header {text!r} is cut to {room} px"


def problems(window: QWidget, screen: QRect) -> list[str]:
    """Everything of `window` that does not fit on `screen` (empty: it all fits)."""
    found: list[str] = []
    frame = window.frameGeometry()
    if not screen.contains(frame):
        found.append(
            f"{_name(window)} {frame.width()}×{frame.height()} at {frame.topLeft()} "
            f"does not fit the screen {screen}"
        )
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        if isinstance(widget, _CONTROLS) or (isinstance(widget, QLabel) and widget.text()):
            where = _clipped(widget, window)
            if where is not None:
                found.append(f"{_name(widget)} {where}")
        text = _text_problem(widget)
        if text is not None:
            found.append(f"{_name(widget)}: {text}")
        if isinstance(widget, QAbstractItemView):
            found.extend(f"{_name(widget)}: {cell}" for cell in elided_cells(widget))
            cramped = too_low(widget)
            if cramped is not None:
                found.append(f"{_name(widget)}: {cramped}")
    return found


def too_low(view: QAbstractItemView) -> str | None:
    """Whether `view` is lower than its tallest row: then no row is ever seen whole,
    however far it is scrolled (a list squeezed by the buttons around it at 200 %)."""
    model = view.model()
    if model is None or model.rowCount(view.rootIndex()) == 0:
        return None
    tallest = max(
        view.visualRect(model.index(row, 0, view.rootIndex())).height()
        for row in range(model.rowCount(view.rootIndex()))
    )
    room = view.viewport().height()
    if tallest > room + SLACK:
        return f"a row is {tallest} px high, the list shows {room} px: no row is seen whole"
    return None
