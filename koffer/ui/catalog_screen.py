"""The catalog: every form, searchable as you type, grouped by topic, favourites first.

The list shows the catalog's light cards (`forms.summary.TemplateSummary`); the full
template behind a card is handed out only when a form is started or printed, loaded on
the worker if the background load has not finished yet, so the UI never waits for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from koffer.drafting.catalog import Catalog
from koffer.ui.worker import Lane, run_in_background

if TYPE_CHECKING:
    from collections.abc import Callable

    from forms.model import Template
    from forms.summary import TemplateSummary
from koffer.ui.widgets import button, heading, paragraph, primary_button
from koffer.ui.wrap_layout import WrapLayout

TEMPLATE_ROLE = Qt.ItemDataRole.UserRole + 1


class CatalogScreen(QWidget):
    """Find a form and start a new application with it."""

    start_requested = Signal(object)  # Template
    favourite_toggled = Signal(str)  # template id
    print_blank_requested = Signal(object)  # Template

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog: Catalog | None = None
        self.favourites: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(14)
        layout.addWidget(heading(self.tr("Welches Formular brauchen Sie?"), self))
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Suchen, z. B. Miete, Rente, Pflege …"))
        self.search.setAccessibleName(self.tr("Formular suchen"))
        self.search.setAccessibleDescription(
            self.tr("Sucht in Titel, Stichworten und Beschreibung, auch bei Tippfehlern.")
        )
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Formulare nach Thema"))
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(18)
        layout.addWidget(self.tree, 1)
        self.description = paragraph("", self, "help")
        self.description.setAccessibleName(self.tr("Beschreibung des Formulars"))
        layout.addWidget(self.description)
        self.empty = paragraph(
            self.tr("Kein Formular gefunden. Versuchen Sie ein anderes Wort."), self
        )
        self.empty.hide()
        layout.addWidget(self.empty)
        actions = WrapLayout()
        self.favourite = button(self.tr("☆ Als Favorit merken"), self)
        self.print_blank = button(self.tr("Leeres Formular drucken …"), self)
        self.print_blank.setAccessibleDescription(
            self.tr("Druckt das gewählte Formular leer zum Ausfüllen von Hand, auf Wunsch groß.")
        )
        self.start = primary_button(self.tr("Neuen Antrag beginnen"), self)
        actions.add(self.favourite)
        actions.add(self.print_blank)
        actions.add_right(self.start)
        layout.addLayout(actions)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._focus_results)
        self.tree.currentItemChanged.connect(lambda _c, _p: self._selection_changed())
        self.tree.itemActivated.connect(lambda item, _col: self._start(item))
        self.start.clicked.connect(lambda: self._start(self.tree.currentItem()))
        self.favourite.clicked.connect(self._toggle_favourite)
        self.print_blank.clicked.connect(self._print_blank)
        self._selection_changed()

    def set_catalog(self, catalog: Catalog, favourites: list[str]) -> None:
        """Show `catalog`, then parse its full templates in the background."""
        self.catalog = catalog
        self.favourites = list(favourites)
        self.refresh()
        if not catalog.fully_loaded:  # after this event: the list is on screen first
            QTimer.singleShot(0, lambda: self._load_templates(catalog))

    def _load_templates(self, catalog: Catalog) -> None:
        if not catalog.fully_loaded:
            run_in_background(catalog.load_all, None, self._load_failed, Lane.CPU)

    def _load_failed(self, exc: BaseException) -> None:
        import logging

        logging.getLogger(__name__).warning("catalog templates failed to load: %s", type(exc))

    def set_favourites(self, favourites: list[str]) -> None:
        """Favourites changed (kept in the device settings)."""
        self.favourites = list(favourites)
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the list for the current search text."""
        self._debounce.stop()
        if self.catalog is None:
            return
        query = self.search.text()
        found = self.catalog.search(query)
        current = self.selected_template()
        self.tree.clear()
        if query.strip():
            group = self._group(self.tr("Gefunden"))
            for template in found:
                self._item(group, template)
        else:
            favourites = [t for t in found if t.id in self.favourites]
            if favourites:
                group = self._group(self.tr("★ Favoriten"))
                for template in favourites:
                    self._item(group, template)
            topics: dict[str, QTreeWidgetItem] = {}
            for template in found:
                topic = topics.get(template.topic) or self._group(template.topic)
                topics[template.topic] = topic
                self._item(topic, template)
        self.tree.expandAll()
        self.empty.setVisible(not found)
        self._select(current.id if current else None)

    def _group(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [title])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    def _item(self, parent: QTreeWidgetItem, template: TemplateSummary) -> QTreeWidgetItem:
        star = "★ " if template.id in self.favourites else ""
        item = QTreeWidgetItem(parent, [star + template.title])
        item.setData(0, TEMPLATE_ROLE, template)
        item.setToolTip(0, template.description)
        return item

    def _select(self, template_id: str | None) -> None:
        first: QTreeWidgetItem | None = None
        for group in self._groups():
            for row in range(group.childCount()):
                item = group.child(row)
                assert item is not None
                first = first or item
                template = item.data(0, TEMPLATE_ROLE)
                if template_id and template.id == template_id:
                    self.tree.setCurrentItem(item)
                    return
        if first is not None:
            self.tree.setCurrentItem(first)
        self._selection_changed()

    def selected_template(self) -> TemplateSummary | None:
        """The highlighted form's card (`Catalog.get` gives its full template)."""
        item = self.tree.currentItem()
        data = item.data(0, TEMPLATE_ROLE) if item is not None else None
        return data if data is not None else None

    def visible_titles(self) -> list[str]:
        """Titles of every listed form, in order (tests, screen readers)."""
        titles = []
        for group in self._groups():
            for row in range(group.childCount()):
                item = group.child(row)
                if item is not None:
                    titles.append(item.data(0, TEMPLATE_ROLE).title)
        return titles

    def _groups(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _selection_changed(self) -> None:
        template = self.selected_template()
        self.start.setEnabled(template is not None)
        self.favourite.setEnabled(template is not None)
        self.print_blank.setEnabled(template is not None)
        if template is None:
            self.description.setText("")
            return
        self.description.setText(template.description)
        is_fav = template.id in self.favourites
        self.favourite.setText(
            self.tr("★ Favorit entfernen") if is_fav else self.tr("☆ Als Favorit merken")
        )

    def _focus_results(self) -> None:
        self.tree.setFocus()

    def _start(self, item: QTreeWidgetItem | None) -> None:
        card = item.data(0, TEMPLATE_ROLE) if item is not None else None
        if card is not None:
            self._with_template(card, self.start_requested.emit)

    def _toggle_favourite(self) -> None:
        template = self.selected_template()
        if template is not None:
            self.favourite_toggled.emit(template.id)

    def _print_blank(self) -> None:
        card = self.selected_template()
        if card is not None:
            self._with_template(card, self.print_blank_requested.emit)

    def _with_template(self, card: TemplateSummary, then: Callable[[Template], None]) -> None:
        """Call `then` with the full template of `card`: at once if it is loaded, otherwise
        once the worker has loaded it (the UI thread never parses templates)."""
        catalog = self.catalog
        if catalog is None:
            return
        template = catalog.loaded(card)
        if template is not None:
            then(template)
            return

        def done(loaded: Template | None) -> None:
            if loaded is not None:
                then(loaded)

        run_in_background(lambda: catalog.get(card.id, card.version), done, lane=Lane.CPU)
