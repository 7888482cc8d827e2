"""Where windows open: on their screen, no larger than it, the main window where it was.

A 13-inch laptop has 1366×768 or 1280×800 pixels; the window's usual 1200×820 did not fit
the first, and at 200 % text a dialog grew wider than any screen. So a window is never
placed larger than its screen's free area, and the main window comes back where the
worker left it (QSettings: window state, `koffer.settings.WINDOW_GEOMETRY`), unless that
place is on no screen any more (a monitor that is gone).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QPoint, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from koffer.settings import WINDOW_GEOMETRY

#: The main window's size when the screen has room for it.
MAIN_SIZE = QSize(1200, 820)


def _screen_of(widget: QWidget) -> QScreen | None:
    parent = widget.parentWidget()
    screen = (parent.window() if parent is not None else widget).screen()
    return screen or QGuiApplication.primaryScreen()


def fit(widget: QWidget, size: QSize, screen: QScreen | None = None) -> None:
    """Give `widget` (a window) `size` or less, centred on `screen`'s free area."""
    target = screen or _screen_of(widget)
    if target is None:
        widget.resize(size)
        return
    area = target.availableGeometry()
    extra = widget.frameGeometry().size() - widget.geometry().size()  # the frame, if known
    rect = QRect(QPoint(0, 0), size.boundedTo(area.size() - extra))
    rect.moveCenter(area.center())
    widget.setGeometry(rect)
    keep_on_screen(widget)


def keep_on_screen(widget: QWidget) -> None:
    """Shrink and move a window so that it lies inside its screen's free area."""
    screen = _screen_of(widget)
    if screen is None:
        return
    area = screen.availableGeometry()
    frame = widget.frameGeometry()
    extra = frame.size() - widget.geometry().size()  # the window manager's frame
    if frame.width() > area.width() or frame.height() > area.height():
        widget.resize(widget.size().boundedTo(area.size() - extra))
        frame = widget.frameGeometry()
    if not area.contains(frame):
        left = min(max(frame.left(), area.left()), area.right() - frame.width() + 1)
        top = min(max(frame.top(), area.top()), area.bottom() - frame.height() + 1)
        widget.move(widget.pos() + QPoint(left - frame.left(), top - frame.top()))


def restore(window: QWidget) -> None:
    """Put the main window where it was, or fit it to the screen."""
    saved = QSettings().value(WINDOW_GEOMETRY.key, WINDOW_GEOMETRY.default)
    if isinstance(saved, str) and saved:
        data = QByteArray.fromBase64(saved.encode("ascii"))
        if window.restoreGeometry(data) and _on_a_screen(window.frameGeometry()):
            keep_on_screen(window)
            return
    fit(window, MAIN_SIZE)


def _on_a_screen(frame: QRect) -> bool:
    return any(s.availableGeometry().intersects(frame) for s in QGuiApplication.screens())


def remember(window: QWidget) -> None:
    """Keep where the main window is, for the next start."""
    data = bytes(window.saveGeometry().toBase64().data()).decode("ascii")
    QSettings().setValue(WINDOW_GEOMETRY.key, data)


def fit_dialog(dialog: QWidget, chars: int = 64) -> None:
    """Size a dialog for its text: about `chars` characters wide, as tall as its wrapped
    texts then need, and never larger than its screen.

    Qt sizes a dialog by its layout's preferred size, which does not follow wrapped
    labels: at 200 % the enrollment dialog cut its instructions after three lines.
    """
    screen = _screen_of(dialog)
    width = max(dialog.minimumSizeHint().width(), dialog.fontMetrics().averageCharWidth() * chars)
    if screen is not None:
        width = min(width, screen.availableGeometry().width())
    layout = dialog.layout()
    height = dialog.sizeHint().height()
    if layout is not None and layout.hasHeightForWidth():
        height = max(height, layout.totalHeightForWidth(width))
    dialog.resize(width, height)
    keep_on_screen(dialog)
