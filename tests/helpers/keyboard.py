"""Tab order as a keyboard user meets it, and the order the screen's geometry asks for.

`tab_stops` presses Tab (or Shift+Tab) and records where the focus goes, so it sees what
a person sees: whatever Qt's focus chain, focus proxies and exclusive radio groups make
of the widgets. `reading_order` computes the expected order from where the controls
are on the screen (a recursive XY cut, the classic reading-order algorithm for page
layouts: split into bands top to bottom where a horizontal gap crosses the whole
region, else into columns left to right, and recurse). Neither looks at how the screen
set its tab order, so a wrong chain cannot confirm itself.

Controls inside a scroll area are ordered by their place on the scrolled page and stand
where the scroll area stands, so a long page of fields comes before the buttons below
it even when most fields are scrolled out of view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QRadioButton,
    QScrollArea,
    QWidget,
)

#: Pixels two boxes may overlap and still count as separate bands or columns (margins).
OVERLAP = 3


def _is_stop(widget: QWidget, window: QWidget) -> bool:
    if not widget.isVisibleTo(window) or not widget.isEnabled():
        return False
    if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return False
    if widget.focusProxy() is not None:
        return False  # the proxy takes the focus
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QComboBox | QAbstractItemView):
            return False  # the line edit of a combo box, an item view's editor
        if isinstance(parent, QAbstractScrollArea) and widget is parent.viewport():
            return False
        parent = parent.parentWidget()
    return True


def controls(window: QWidget) -> list[QWidget]:
    """Every control Tab should reach: visible, enabled, taking focus by Tab.

    Of an exclusive group of radio buttons only one is a stop (the arrow keys move
    inside the group): the checked one, or the first when none is checked.
    """
    found = [w for w in window.findChildren(QWidget) if _is_stop(w, window)]
    out: list[QWidget] = []
    groups: dict[int, list[QRadioButton]] = {}
    for widget in found:
        if isinstance(widget, QRadioButton) and _exclusive(widget):
            groups.setdefault(_group_key(widget), []).append(widget)
        else:
            out.append(widget)
    for buttons in groups.values():
        checked = [b for b in buttons if b.isChecked()]
        out.append(checked[0] if checked else reading_order(buttons, window)[0])
    return out


def _exclusive(button: QRadioButton) -> bool:
    group = button.group()
    return group.exclusive() if group is not None else button.autoExclusive()


def _group_key(button: QRadioButton) -> int:
    group = button.group()
    return id(group) if group is not None else id(button.parentWidget())


# -- the order of the screen's geometry ---------------------------------------------------


@dataclass
class _Box:
    rect: QRect
    widget: QWidget | None = None  # a control, or None for a region
    inner: list[_Box] = field(default_factory=list)


def _bands(boxes: list[_Box], vertical: bool) -> list[list[_Box]]:
    """Split `boxes` where a gap crosses them all (rows, or columns when `vertical`)."""

    def span(box: _Box) -> tuple[int, int]:
        r = box.rect
        return (r.left(), r.right()) if vertical else (r.top(), r.bottom())

    ordered = sorted(boxes, key=span)
    bands: list[list[_Box]] = []
    end = None
    for box in ordered:
        start, stop = span(box)
        if end is None or start > end - OVERLAP:
            bands.append([box])
            end = stop
        else:
            bands[-1].append(box)
            end = max(end, stop)
    return bands


def _xy_cut(boxes: list[_Box]) -> list[_Box]:
    if len(boxes) <= 1:
        return boxes
    for vertical in (False, True):
        bands = _bands(boxes, vertical)
        if len(bands) > 1:
            return [b for band in bands for b in _xy_cut(band)]
    # Overlapping boxes that no cut separates: top to bottom, then left to right.
    return sorted(boxes, key=lambda b: (b.rect.top(), b.rect.left()))


def _flatten(boxes: list[_Box]) -> list[QWidget]:
    out: list[QWidget] = []
    for box in _xy_cut(boxes):
        if box.widget is not None:
            out.append(box.widget)
        out.extend(_flatten(box.inner))
    return out


def _scroll_area_of(widget: QWidget, window: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        page = parent.widget() if isinstance(parent, QScrollArea) else None
        if page is not None and page.isAncestorOf(widget):
            return parent  # type: ignore[return-value]
        parent = parent.parentWidget()
    return None


def reading_order(widgets: Sequence[QWidget], window: QWidget) -> list[QWidget]:
    """`widgets` in the order their places on the screen are read (see module docstring)."""
    top: list[_Box] = []
    regions: dict[int, _Box] = {}

    def origin(area: QScrollArea | None) -> QWidget:
        return area.widget() if area is not None else window

    def boxes_of(area: QScrollArea | None) -> list[_Box]:
        """Where the boxes of what lies inside `area` go (a region at the area's place)."""
        if area is None:
            return top
        if id(area) not in regions:
            outer = _scroll_area_of(area, window)
            viewport = area.viewport()
            rect = QRect(viewport.mapTo(origin(outer), QPoint(0, 0)), viewport.size())
            regions[id(area)] = _Box(rect)
            boxes_of(outer).append(regions[id(area)])
        return regions[id(area)].inner

    for widget in widgets:
        if isinstance(widget, QScrollArea) and widget.widget() is not None:
            boxes_of(widget)
            regions[id(widget)].widget = widget  # the area itself comes before its page
            continue
        area = _scroll_area_of(widget, window)
        rect = QRect(widget.mapTo(origin(area), QPoint(0, 0)), widget.size())
        boxes_of(area).append(_Box(rect, widget))
    return _flatten(top)


# -- what Tab does ------------------------------------------------------------------------


def tab_stops(window: QWidget, first: QWidget, *, backwards: bool = False) -> list[QWidget]:
    """Where Tab (Shift+Tab) takes the focus from `first` until it comes back to it.

    Raises:
        AssertionError: the focus leaves the window, gets stuck, or does not come back
            within twice the number of widgets.
    """
    first.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    assert QApplication.focusWidget() is first, f"{first!r} does not take the focus"
    stops: list[QWidget] = [first]
    limit = 2 * len(window.findChildren(QWidget)) + 2
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    for _ in range(limit):
        current = QApplication.focusWidget()
        assert current is not None, f"the focus left the window after {_describe(stops[-1])}"
        QTest.keyClick(current, key, modifier)
        QApplication.processEvents()
        nxt = QApplication.focusWidget()
        assert nxt is not None, f"the focus is gone after {_describe(current)}"
        assert nxt.window() is window, f"Tab left the window after {_describe(current)}"
        if nxt is first:
            return stops
        assert nxt is not current, f"Tab is stuck on {_describe(current)}"
        stops.append(nxt)
    raise AssertionError(f"Tab never came back to {_describe(first)}: {describe_all(stops)}")


def _describe(widget: QWidget) -> str:
    text = widget.accessibleName()
    if not text and isinstance(widget, QAbstractButton):
        text = widget.text()
    return f"{type(widget).__name__}({text or widget.objectName()!r})"


def describe_all(widgets: Sequence[QWidget]) -> list[str]:
    """Readable names of `widgets`, for assertion messages."""
    return [_describe(w) for w in widgets]


def order_problems(window: QWidget, first: QWidget | None = None) -> list[str]:
    """How Tab differs from the screen's reading order (empty: it matches, both ways).

    The chain starts at the first control in reading order (or `first`), must reach
    every control in reading order and come back, and Shift+Tab must walk it backwards.
    """
    expected = reading_order(controls(window), window)
    assert expected, "the screen has no controls"
    start = first or expected[0]
    if start in expected:
        index = expected.index(start)
        expected = expected[index:] + expected[:index]
    got = tab_stops(window, start)
    found: list[str] = []
    if got != expected:
        missing = [w for w in expected if w not in got]
        extra = [w for w in got if w not in expected]
        found.append(
            "Tab order differs from the reading order:\n"
            f"  expected {describe_all(expected)}\n  got      {describe_all(got)}\n"
            f"  never reached {describe_all(missing)}; not a control {describe_all(extra)}"
        )
    back = tab_stops(window, start, backwards=True)
    if back != [start, *reversed(got[1:])]:
        found.append(f"Shift+Tab is not Tab backwards: {describe_all(back)}")
    return found
