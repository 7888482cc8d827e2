"""Small shared building blocks: headings, help text, primary buttons, cards, pages."""

from __future__ import annotations

import re

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAction,
    QFont,
    QFontMetrics,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from koffer.ui import placement


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


class _Page(QScrollArea):
    """A scroll area that scrolls only downwards: never narrower than its page needs.

    A QScrollArea with no horizontal scroll bar still lets a layout squeeze it to any
    width, and its page is then cut off at the right.
    """

    def minimumSizeHint(self) -> QSize:
        """At least as wide as the page's own minimum, plus the vertical scroll bar."""
        hint = super().minimumSizeHint()
        page = self.widget()
        if page is None:
            return hint
        bar = self.verticalScrollBar().sizeHint().width()
        frame = 2 * self.frameWidth()
        return QSize(max(hint.width(), page.minimumSizeHint().width() + bar + frame), hint.height())


class WrappingRows(QStyledItemDelegate):
    """Rows of an item view as tall as their wrapped text at the width they really have.

    QTreeView asks for a row's height with the column's width, not minding the
    indentation of a nested row, and keeps the heights of its first layout: at 200 %
    text the catalog's titles were cut after two of three lines. This delegate measures
    the text at the width left after the indentation, and the rows are laid out again
    when the view's width changes.
    """

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        self._width = -1
        view.setItemDelegate(self)
        view.viewport().installEventFilter(self)

    def _room(self, index: QModelIndex | QPersistentModelIndex) -> int:
        view = self._view
        width = view.viewport().width()
        if isinstance(view, QTreeView):
            width = view.columnWidth(index.column()) or width
            if index.column() == 0:
                depth, parent = 0, index.parent()
                while parent.isValid():
                    depth, parent = depth + 1, parent.parent()
                width -= view.indentation() * (depth + (1 if view.rootIsDecorated() else 0))
        margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view)
        return max(1, width - 2 * (margin + 1))

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        """The usual size, made as tall as the text needs when it wraps."""
        hint = super().sizeHint(option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if not text:
            return hint
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font if isinstance(font, QFont) else self._view.font())
        needed = metrics.boundingRect(
            QRect(0, 0, self._room(index), 1_000_000), Qt.TextFlag.TextWordWrap, text
        ).height()
        padding = max(0, hint.height() - metrics.height())
        return QSize(hint.width(), max(hint.height(), needed + padding))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On a new width, lay out the rows again."""
        if event.type() == QEvent.Type.Resize and watched is self._view.viewport():
            width = self._view.viewport().width()
            if width != self._width:
                self._width = width
                self._view.doItemsLayout()
        return super().eventFilter(watched, event)


def scroll_page(
    content: QWidget, parent: QWidget | None = None, *, reading: str = ""
) -> QScrollArea:
    """Content in a vertical scroll area that follows the window width (never clips).

    A page of controls scrolls to whichever control has the focus, so the area itself
    takes no focus (an unnamed, invisible Tab stop otherwise). A page to be read
    (`reading`: its name for screen readers) takes the focus, so the arrow and page keys
    scroll it.
    """
    area = _Page(parent)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    if reading:
        area.setAccessibleName(reading)
        area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    else:
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


#: Where a long address may break: after these characters.
_BREAK_AFTER = re.compile(r"([@/.\-_])(?=\S)")


def breakable(text: str) -> str:
    """An e-mail address or web address that may wrap: a zero-width space after @ / . -

    A label wraps only at spaces; "wohngeld@musterstadt.example" at 200 % is wider than
    a half-screen column and was cut off.
    """
    return _BREAK_AFTER.sub("\\1\u200b", text)


def search_field(placeholder: str, name: str, parent: QWidget | None = None) -> QLineEdit:
    """A search line with a clear button that says what it does ("Suche leeren").

    Qt's clear button is an unnamed tool button inside the line edit: without a name a
    screen reader announces just "Schalter".
    """
    edit = QLineEdit(parent)
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(name)
    edit.setClearButtonEnabled(True)
    clear_text = QApplication.translate("widgets", "Suche leeren")
    for action in edit.findChildren(QAction):
        if action.objectName() == "_q_qlineeditclearaction":
            action.setToolTip(clear_text)  # not its text: the button would make room for it
    for tool in edit.findChildren(QToolButton):
        tool.setAccessibleName(clear_text)
    return edit


def tie_message(widget: QWidget, message: str, description: str = "") -> None:
    """Say `message` (an error) first in `widget`'s description, as a screen reader reads
    it when the field has the focus; an empty message leaves `description` only."""
    widget.setAccessibleDescription(" ".join(t for t in (message, description) if t))
    if widget.property("invalid") != bool(message):
        widget.setProperty("invalid", bool(message))
        restyle(widget)


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


class LabelTicks(QObject):
    """A click on `label` toggles `box`, as a click on a check box's own text does."""

    def __init__(self, label: QLabel, box: QCheckBox) -> None:
        super().__init__(label)
        self._label = label
        self._box = box
        label.setBuddy(box)
        label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Toggle on release of the mouse over the label."""
        if (
            watched is self._label
            and event.type() == QEvent.Type.MouseButtonRelease
            and self._box.isEnabled()
        ):
            self._box.toggle()
            self._box.setFocus(Qt.FocusReason.MouseFocusReason)
            return True
        return super().eventFilter(watched, event)


class CheckLine(QWidget):
    """A check box whose text wraps: the box, and beside it a label that ticks it too.

    QCheckBox cannot wrap its text; at 200 % a long one ("Für die antragstellende Person
    (mit Eingangsbestätigung)") made its dialog wider than the screen. The label is the
    box's buddy (so it names the box for a screen reader) and a click on it toggles.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.box = QCheckBox(self)
        self.box.setAccessibleName(text)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self._ticks = LabelTicks(self.label, self.box)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)


class Dialog(QDialog):
    """A dialog of Koffer: sized for its text and its screen when it is shown (`fit_dialog`).

    `CHARS` is how many characters wide it should be; 0 keeps the size it was given
    (it is then only kept inside the screen).
    """

    CHARS = 64

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the screen, now and once the window manager's frame is known."""
        super().showEvent(event)
        if not getattr(self, "_fitted", False):
            self._fitted = True
            self.fit()
            QTimer.singleShot(0, self, lambda: placement.keep_on_screen(self))

    def fit(self) -> None:
        """Size for the text (or keep the given size) within the screen."""
        if self.CHARS:
            placement.fit_dialog(self, self.CHARS)
        else:
            placement.keep_on_screen(self)


#: Object name of the window's bottom bar (connection, printing, text size).
STATUS_BAR = "statusbar"


def status_bar_last(window: QWidget) -> None:
    """Tab reaches the buttons of `window`'s status bar last, where they are on screen.

    Qt orders Tab by creation, and a draft's screens are made after the status bar:
    without this, Tab would jump from the top bar down to "Verbinden …" and back up.
    """
    bar = window.findChild(QFrame, STATUS_BAR)
    if bar is None:
        return
    tab = Qt.FocusPolicy.TabFocus.value

    def takes_tab(widget: QWidget) -> bool:
        return bool(widget.focusPolicy().value & tab)

    for widget in bar.findChildren(QWidget):
        if not takes_tab(widget) or widget.window() is not window:
            continue
        # the last widget Tab can stop at (Qt's setTabOrder ignores NoFocus widgets)
        last: QWidget | None = window.previousInFocusChain()
        while last is not None and last is not window and not takes_tab(last):
            last = last.previousInFocusChain()
        if last is not None and last is not widget and last is not window:
            QWidget.setTabOrder(last, widget)


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Have a screen reader say `text` now, without moving the keyboard focus.

    A live announcement (Qt's `QAccessibleAnnouncementEvent`, AT-SPI's "announcement"):
    what appears on its own — the idle lock's question, where the expert points — is
    heard even if the worker's focus is elsewhere. `assertive` interrupts what is being
    read; for what cannot wait (the lock in 30 seconds).
    """
    event = QAccessibleAnnouncementEvent(widget, text)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if assertive else politeness.Polite)
    QAccessible.updateAccessibility(event)
