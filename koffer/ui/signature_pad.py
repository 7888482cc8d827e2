"""A signature pad for mouse, pen (QTabletEvent, with pressure) and finger (touch)."""

from __future__ import annotations

import time

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

#: One sampled point: x, y (0..1 of the pad), pressure (0..1), milliseconds since start.
Point = tuple[float, float, float, int]
Stroke = list[Point]


class SignaturePad(QWidget):
    """Collects strokes; `changed` fires whenever the drawing changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strokes: list[Stroke] = []
        self._redo: list[Stroke] = []
        self._current: Stroke | None = None
        self._started = time.monotonic()
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(220)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Unterschriftenfeld"))
        self.setAccessibleDescription(self.tr("Mit Finger, Stift oder Maus unterschreiben."))
        self.setCursor(Qt.CursorShape.CrossCursor)

    def sizeHint(self) -> QSize:
        """Wide and low, like the line on a paper form."""
        return QSize(640, 220)

    @property
    def is_empty(self) -> bool:
        """No stroke drawn."""
        return not self.strokes

    # ------------------------------------------------------------- input
    def _point(self, pos: QPointF, pressure: float = 0.5) -> Point:
        width, height = max(1, self.width()), max(1, self.height())
        ms = int((time.monotonic() - self._started) * 1000)
        return (
            round(min(max(pos.x() / width, 0.0), 1.0), 4),
            round(min(max(pos.y() / height, 0.0), 1.0), 4),
            round(pressure, 3),
            ms,
        )

    def _begin(self, pos: QPointF, pressure: float = 0.5) -> None:
        self._current = [self._point(pos, pressure)]
        self.strokes.append(self._current)
        self._redo.clear()
        self.update()

    def _extend(self, pos: QPointF, pressure: float = 0.5) -> None:
        if self._current is not None:
            self._current.append(self._point(pos, pressure))
            self.update()

    def _end(self) -> None:
        if self._current is not None:
            self._current = None
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Mouse: start a stroke."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Mouse: continue the stroke."""
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Mouse: end the stroke."""
        del event
        self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        """Pen: strokes with pressure."""
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletMove and self._current is not None:
            self._extend(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletRelease:
            self._end()
        event.accept()

    def event(self, event: QEvent) -> bool:
        """Touch: the first finger draws."""
        kind = event.type()
        if isinstance(event, QTouchEvent) and kind in (
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
        ):
            points = event.points()
            if points:
                pos = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self._begin(pos)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(pos)
                else:
                    self._end()
            event.accept()
            return True
        return super().event(event)

    # ------------------------------------------------------------- editing
    def show_strokes(self, strokes: list[list[list[float]]]) -> None:
        """Show a stored signature's strokes (e.g. a reopened, signed review)."""
        self.strokes = [
            [
                (
                    float(p[0]),
                    float(p[1]),
                    float(p[2]) if len(p) > 2 else 0.5,
                    int(p[3]) if len(p) > 3 else 0,
                )
                for p in stroke
                if len(p) >= 2
            ]
            for stroke in strokes
        ]
        self._redo.clear()
        self.update()
        self.changed.emit()

    def clear(self) -> None:
        """Remove every stroke (they can be brought back stroke by stroke with redo)."""
        self._redo = list(reversed(self.strokes)) + self._redo
        self.strokes = []
        self.update()
        self.changed.emit()

    def undo_stroke(self) -> None:
        """Take back the last stroke."""
        if self.strokes:
            self._redo.insert(0, self.strokes.pop())
            self.update()
            self.changed.emit()

    def redo_stroke(self) -> None:
        """Bring back the last stroke taken back."""
        if self._redo:
            self.strokes.append(self._redo.pop(0))
            self.update()
            self.changed.emit()

    # ------------------------------------------------------------- drawing
    def _paint(self, painter: QPainter, width: int, height: int, color: QColor) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for stroke in self.strokes:
            if len(stroke) == 1:
                x, y, pressure, _ms = stroke[0]
                pen = QPen(
                    color, 1.5 + 3 * pressure, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap
                )
                painter.setPen(pen)
                painter.drawPoint(QPointF(x * width, y * height))
                continue
            path = QPainterPath(QPointF(stroke[0][0] * width, stroke[0][1] * height))
            for x, y, _pressure, _ms in stroke[1:]:
                path.lineTo(QPointF(x * width, y * height))
            average = sum(p[2] for p in stroke) / len(stroke)
            pen = QPen(
                color,
                1.5 + 3 * average,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
            painter.setPen(pen)
            painter.drawPath(path)

    def paintEvent(self, event: QPaintEvent) -> None:
        """White paper, a baseline, the strokes in dark ink."""
        del event
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        baseline = int(self.height() * 0.78)
        painter.setPen(QPen(QColor("#767b82"), 2, Qt.PenStyle.DashLine))
        painter.drawLine(24, baseline, self.width() - 24, baseline)
        painter.setPen(QColor("#4a5059"))
        painter.drawText(24, baseline + 24, "✗")
        self._paint(painter, self.width(), self.height(), QColor("#0b1f3a"))
        if self.hasFocus():
            painter.setPen(QPen(QColor("#b45309"), 4))
            painter.drawRect(self.rect().adjusted(2, 2, -2, -2))
        painter.end()

    def to_png(self, width: int = 900, height: int = 300) -> bytes:
        """The signature as a PNG with a transparent background."""
        image = QImage(width, height, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        self._paint(painter, width, height, QColor("#000000"))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]
        return bytes(data.data())
