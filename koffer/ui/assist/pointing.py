"""The expert points at a field: the worker's form shows its page, scrolls to it, marks
it for a while and tells a screen reader — without taking the keyboard focus away from
where the worker is typing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QScrollArea, QWidget

from koffer.ui.widgets import announce, restyle

if TYPE_CHECKING:
    from koffer.ui.form.screen import FormScreen

#: How long the mark stays (the panel keeps saying where the expert pointed).
MARK_MS = 8000


def point_at(form: FormScreen, path: str, text: str) -> QWidget | None:
    """Show and mark the field at `path`; announce `text`. The marked widget, if any."""
    top = path.split("[", 1)[0]
    section = form.template.section_of.get(top)
    if section is None:
        return None
    form.go_to(section)
    target: QWidget | None = form.rows.get(path) or form.groups.get(top)
    if target is None:
        return None
    page = form.pages.get(section)
    if isinstance(page, QScrollArea):
        page.ensureWidgetVisible(target)
    target.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    target.setProperty("pointed", True)
    restyle(target)
    QTimer.singleShot(MARK_MS, target, lambda: _unmark(target))
    announce(target, text, assertive=True)
    return target


def _unmark(widget: QWidget) -> None:
    widget.setProperty("pointed", False)
    restyle(widget)
