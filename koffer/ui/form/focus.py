"""The keyboard order of the form: toolbar, sections, the page's fields in form order,
then the buttons.

Pages and group rows are built on demand, and Qt appends new widgets to the end of the
tab chain, so the order is set again whenever the page or its rows change. Only widgets
already inside the window take part: a page that is still being built is not (Qt warns
"'first' and 'second' must be in the same window" otherwise).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

from PySide6.QtWidgets import QWidget

from forms.model import Section
from koffer.ui.fields import FieldRow
from koffer.ui.form.group_editor import GroupEditor
from koffer.ui.widgets import status_bar_last


def page_chain(
    section: Section, rows: Mapping[str, FieldRow], groups: Mapping[str, GroupEditor]
) -> list[QWidget]:
    """The focusable widgets of a section's page, in form order."""
    chain: list[QWidget] = []
    for field in section.fields:
        if field.type == "group" and field.id in groups:
            group = groups[field.id]
            for index, remove in enumerate(group.remove_buttons):
                chain.append(remove)
                for member in field.fields:
                    row = rows.get(f"{field.id}[{index}].{member.id}")
                    if row is not None:
                        chain.extend(row.editor.focus_widgets())
            chain.append(group.add)
        elif field.id in rows:
            chain.extend(rows[field.id].editor.focus_widgets())
    return chain


def set_tab_order(widgets: Iterable[QWidget], window: QWidget) -> None:
    """Make Tab visit `widgets` in this order (those not inside `window` are left out),
    then the window's status bar."""
    inside = [w for w in widgets if w.window() is window]
    for first, second in itertools.pairwise(inside):
        QWidget.setTabOrder(first, second)
    status_bar_last(window)
