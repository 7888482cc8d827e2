"""A row of buttons that wraps onto more lines when the text is large (200 %) or the window
narrow, instead of forcing the window wider than the screen.

Like Qt's flow-layout example, with one addition: when everything fits on one line, the
items from `split` on sit at the right end (the primary action stays bottom-right).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QWidget, QWidgetItem


def _hint(item: QLayoutItem) -> QSize:
    """The size an item would like on a line of its own.

    A word-wrapped label's own size hint is narrower than its text (Qt makes wrapping
    labels compact): in a row with room it wants its text on one line.
    """
    label = item.widget()
    if isinstance(label, QLabel) and label.wordWrap() and label.text():
        metrics = label.fontMetrics()
        margins = label.contentsMargins()
        text = max(label.text().splitlines() or [""], key=metrics.horizontalAdvance)
        width = metrics.horizontalAdvance(text) + margins.left() + margins.right()
        # style-sheet padding is not in the margins: widen until the lines are as few
        # as with unlimited room
        fewest = label.heightForWidth(1 << 20)
        for _step in range(64):
            if label.heightForWidth(width) <= fewest:
                break
            width += metrics.averageCharWidth()
        return QSize(width, label.heightForWidth(width))
    return item.sizeHint()


class WrapLayout(QLayout):
    """Left group, right group; wraps when there is no room."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 10) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._split: int | None = None
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def add(self, widget: QWidget) -> None:
        """Add a widget to the current group."""
        self.addChildWidget(widget)
        self.addItem(QWidgetItem(widget))

    def add_right(self, widget: QWidget) -> None:
        """Add a widget to the right-hand group."""
        if self._split is None:
            self._split = len(self._items)
        self.add(widget)

    # QLayout interface ---------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        """Append an item."""
        self._items.append(item)

    def count(self) -> int:
        """Number of items."""
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        """Item at `index`."""
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        """Remove and return the item at `index`."""
        if not 0 <= index < len(self._items):
            return None
        if self._split is not None and index < self._split:
            self._split -= 1
        return self._items.pop(index)

    def expandingDirections(self) -> Qt.Orientation:
        """Never expands on its own."""
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        """Height depends on width (wrapping)."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Height needed at `width`."""
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        """Place the items."""
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        """One line with everything."""
        visible = self._visible()
        width = sum(_hint(i).width() for i in visible) + self._gap * max(0, len(visible) - 1)
        height = max((_hint(i).height() for i in visible), default=0)
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(), height)

    def minimumSize(self) -> QSize:
        """The widest single item: the window may get that narrow. A text that wraps
        (a word-wrapped label) may get as narrow as its own minimum."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
            if not item.hasHeightForWidth():
                size = size.expandedTo(item.sizeHint())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # ---------------------------------------------------------------------------------
    def _visible(self) -> list[QLayoutItem]:
        visible = []
        for item in self._items:
            widget = item.widget()
            if widget is None or not widget.isHidden():
                visible.append(item)
        return visible

    @staticmethod
    def _size_at(item: QLayoutItem, room: int) -> QSize:
        """The item's size on a line `room` wide: its hint, narrowed to the line; a
        wrapping text then as tall as its lines are."""
        hint = _hint(item)
        width = min(hint.width(), room)
        if item.hasHeightForWidth() and width < hint.width():
            return QSize(width, max(hint.height(), item.heightForWidth(width)))
        return QSize(width, hint.height())

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        visible = self._visible()
        one_line = sum(_hint(i).width() for i in visible) + self._gap * max(0, len(visible) - 1)
        if one_line <= area.width():
            height = max((_hint(i).height() for i in visible), default=0)
            if apply:
                split = self._split if self._split is not None else len(self._items)
                left = [i for i in self._items[:split] if i in visible]
                right = [i for i in self._items[split:] if i in visible]

                def place(item: QLayoutItem, x: int) -> None:
                    hint = _hint(item)
                    top = area.y() + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), hint))

                x = area.x()
                for item in left:
                    place(item, x)
                    x += _hint(item).width() + self._gap
                x = area.right() + 1
                for item in reversed(right):
                    x -= _hint(item).width()
                    place(item, x)
                    x -= self._gap
            return height + margins.top() + margins.bottom()
        lines: list[list[QLayoutItem]] = [[]]
        x = area.x()
        for item in visible:
            width = min(_hint(item).width(), area.width())
            if lines[-1] and x + width > area.right() + 1:
                lines.append([])
                x = area.x()
            lines[-1].append(item)
            x += width + self._gap
        y = area.y()
        for line in lines:
            sizes = [self._size_at(item, area.width()) for item in line]
            height = max((size.height() for size in sizes), default=0)
            x = area.x()
            for item, size in zip(line, sizes, strict=True):
                if apply:  # centred vertically in its line
                    top = y + (height - size.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), size))
                x += size.width() + self._gap
            y += height + self._gap
        return y - self._gap - rect.y() + margins.bottom()
