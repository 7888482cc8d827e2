""" "Termine": the staff member's visits from the town hall; start a form from one.

Visits are personal data, so they live in drafts.db and are only shown while unlocked.
Starting a form from a visit prefills the citizen's name and address
(`koffer.drafting.defaults.prefill`); the town hall's suggested forms come first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from koffer.ui.widgets import Dialog, button, paragraph, primary_button
from koffer.ui.worker import Lane, run_in_background

_ID_ROLE = Qt.ItemDataRole.UserRole


class VisitsDialog(Dialog):
    """A plain, keyboard-friendly list of the planned visits."""

    #: (template, citizen name, visit id): start a form for this visit.
    start_requested = Signal(object, str, str)

    def __init__(self, drafts: Any, catalog: Any, parent: QWidget | None = None) -> None:
        """Args:
        drafts: the open DraftStore. catalog: the UI catalog (`koffer.ui.session.Catalog`).
        """
        super().__init__(parent)
        self.drafts = drafts
        self.catalog = catalog
        self.visits: dict[str, Any] = {}
        self.setWindowTitle(self.tr("Termine"))
        layout = QVBoxLayout(self)
        self.empty = paragraph(
            self.tr("Keine Termine. Termine kommen bei der nächsten Verbindung aus dem Rathaus."),
            self,
        )
        layout.addWidget(self.empty)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Termine"))
        layout.addWidget(self.list, 1)
        actions = QHBoxLayout()
        self.close_button = button(self.tr("Schließen"), self)
        self.start = primary_button(self.tr("Formular beginnen …"), self)
        actions.addStretch(1)
        actions.addWidget(self.close_button)
        actions.addWidget(self.start)
        layout.addLayout(actions)
        self.close_button.clicked.connect(self.reject)
        self.start.clicked.connect(self._start)
        self.list.itemActivated.connect(lambda _item: self._start())
        self.resize(640, 420)
        self.reload()

    def reload(self) -> None:
        """Load the open visits (store lane), once every form of the catalog is parsed.

        The suggestions need the full templates; parsing them is slow, so it happens on
        the worker first, and "Formular beginnen" is enabled only with the visits after it.
        """
        drafts = self.drafts

        def list_visits(_: object = None) -> None:
            run_in_background(lambda: drafts.list_visits(include_done=False), self.set_visits)

        load_all = getattr(self.catalog, "load_all", None)
        if load_all is None:
            list_visits()
        else:
            run_in_background(load_all, list_visits, lane=Lane.CPU)

    def set_visits(self, visits: list[Any]) -> None:
        """Show `visits` (store `Visit` objects)."""
        self.list.clear()
        self.visits = {v.id: v for v in visits}
        for visit in visits:
            when = (
                visit.planned_at.astimezone().strftime("%a %d.%m. %H:%M")
                if visit.planned_at
                else self.tr("ohne Zeit")
            )
            purpose = visit.note.splitlines()[0] if visit.note else ""
            text = f"{when} – {visit.citizen_name}, {visit.address}"
            if purpose:
                text += f" – {purpose}"
            item = QListWidgetItem(text, self.list)
            item.setData(_ID_ROLE, visit.id)
        self.empty.setVisible(not visits)
        self.start.setEnabled(bool(visits))
        if visits:
            self.list.setCurrentRow(0)
            self.list.setFocus()

    def address_of(self, visit_id: str) -> str:
        """The address of a shown visit ("" when unknown)."""
        visit = self.visits.get(visit_id)
        return str(visit.address) if visit is not None else ""

    def _templates(self, visit: Any) -> list[Any]:
        from koffer.townhall.visits import suggested_forms

        latest = list(getattr(self.catalog, "latest", []) or [])
        wanted = suggested_forms(visit.note or "")
        first = [t for t in latest if t.id in wanted]
        return first + [t for t in latest if t.id not in wanted]

    def _start(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        visit = self.visits.get(str(item.data(_ID_ROLE)))
        if visit is None:
            return
        templates = self._templates(visit)
        if not templates:
            return
        titles = [t.title for t in templates]
        title, ok = QInputDialog.getItem(
            self, self.tr("Formular wählen"), self.tr("Welches Formular?"), titles, 0, False
        )
        if not ok:
            return
        template = templates[titles.index(title)]
        self.start_requested.emit(template, visit.citizen_name, visit.id)
        self.accept()
