"""The catalog: every form, searchable as you type, grouped by topic, favourites first.

The list shows the catalog's light cards (`forms.summary.TemplateSummary`); the full
template behind a card is handed out only when a form is started or printed, loaded on
the worker if the background load has not finished yet, so the UI never waits for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
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
from koffer.ui.widgets import (
    WrappingRows,
    breakable,
    button,
    heading,
    paragraph,
    primary_button,
    scroll_page,
    search_field,
)
from koffer.ui.wrap_layout import WrapLayout

TEMPLATE_ROLE = Qt.ItemDataRole.UserRole + 1
SERVICE_ROLE = Qt.ItemDataRole.UserRole + 2


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
        self.search = search_field(
            self.tr("Suchen, z. B. Miete, Rente, Pflege …"), self.tr("Formular suchen"), self
        )
        self.search.setAccessibleDescription(
            self.tr("Sucht in Titel, Stichworten und Beschreibung, auch bei Tippfehlern.")
        )
        layout.addWidget(self.search)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Formulare nach Thema"))
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(18)
        self._rows = WrappingRows(self.tree)
        # The list and, beside it, what the chosen entry is: at 200 % text there is room
        # for both side by side, not for a description squeezed under the list.
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.tree, 3)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        self.description = paragraph("", details)
        self.description.setAccessibleName(self.tr("Beschreibung des Formulars"))
        details_layout.addWidget(self.description)
        details_layout.addStretch(1)
        self.details = scroll_page(details, self)
        body.addWidget(self.details, 2)
        layout.addLayout(body, 1)
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
        self.search.returnPressed.connect(self._enter)
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
            run_in_background(
                catalog.load_all, lambda _none: self._loaded(catalog), self._load_failed, Lane.CPU
            )

    def _loaded(self, catalog: Catalog) -> None:
        """The service directory is read now: the list shows its services (and each
        form's office and what to bring); the highlighted form stays highlighted."""
        if catalog is self.catalog:
            self.refresh()

    def _load_failed(self, exc: BaseException) -> None:
        import logging

        logging.getLogger(__name__).warning("catalog templates failed to load: %s", type(exc))

    def set_favourites(self, favourites: list[str]) -> None:
        """Favourites changed (kept in the device settings)."""
        self.favourites = list(favourites)
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the list for the current search text.

        A search lists the forms found and, under their own heading, the town's
        services that have no form in the catalog (with whom to turn to); browsing
        lists the forms by topic, favourites first.
        """
        self._debounce.stop()
        if self.catalog is None:
            return
        query = self.search.text()
        hits = self.catalog.find(query)
        current = self.selected_template()
        self.tree.clear()
        # The catalog's cards are TemplateSummary objects (the Finder types them loosely).
        forms = [(cast("TemplateSummary", h.card), h.service) for h in hits if h.card is not None]
        if query.strip():
            if forms:
                group = self._group(self.tr("Formulare"))
                for card, service in forms:
                    self._item(group, card, service)
            services = [h.service for h in hits if h.card is None and h.service is not None]
            if services:
                group = self._group(self.tr("Ohne Formular im Koffer – wohin sich wenden"))
                for service in services:
                    self._service_item(group, service)
        else:
            favourites = [(c, s) for c, s in forms if c.id in self.favourites]
            if favourites:
                group = self._group(self.tr("★ Favoriten"))
                for card, service in favourites:
                    self._item(group, card, service)
            topics: dict[str, QTreeWidgetItem] = {}
            for card, service in forms:
                topic = topics.get(card.topic) or self._group(card.topic)
                topics[card.topic] = topic
                self._item(topic, card, service)
        self.tree.expandAll()
        self.empty.setVisible(not hits)
        self._select(current.id if current else None)

    def _group(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [title])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return item

    def _item(
        self, parent: QTreeWidgetItem, template: TemplateSummary, service: object = None
    ) -> QTreeWidgetItem:
        star = "★ " if template.id in self.favourites else ""
        item = QTreeWidgetItem(parent, [star + template.title])
        item.setData(0, TEMPLATE_ROLE, template)
        item.setData(0, SERVICE_ROLE, service)
        item.setToolTip(0, template.description)
        return item

    def _service_item(self, parent: QTreeWidgetItem, service: object) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [str(getattr(service, "name", ""))])
        item.setData(0, SERVICE_ROLE, service)
        return item

    def _select(self, template_id: str | None) -> None:
        first: QTreeWidgetItem | None = None
        for group in self._groups():
            for row in range(group.childCount()):
                item = group.child(row)
                assert item is not None
                first = first or item
                template = item.data(0, TEMPLATE_ROLE)
                if template_id and template is not None and template.id == template_id:
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
                card = item.data(0, TEMPLATE_ROLE) if item is not None else None
                if card is not None:
                    titles.append(card.title)
        return titles

    def visible_services(self) -> list[str]:
        """Names of the listed services that have no form here (tests, screen readers)."""
        names = []
        for group in self._groups():
            for row in range(group.childCount()):
                item = group.child(row)
                if item is not None and item.data(0, TEMPLATE_ROLE) is None:
                    names.append(item.text(0))
        return names

    def selected_service(self) -> object:
        """The highlighted entry's service (`forms.directory.ServiceEntry`), if any."""
        item = self.tree.currentItem()
        return item.data(0, SERVICE_ROLE) if item is not None else None

    def _groups(self) -> list[QTreeWidgetItem]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _selection_changed(self) -> None:
        template = self.selected_template()
        service = self.selected_service()
        self.start.setEnabled(template is not None)
        self.favourite.setEnabled(template is not None)
        self.print_blank.setEnabled(template is not None)
        parts = [template.description] if template is not None else []
        if template is None and service is not None:
            parts.append(self.tr("Für diese Leistung gibt es kein Formular im Koffer."))
            description = str(getattr(service, "description", ""))
            if description:
                parts.append(description)
        if service is not None:
            parts.extend(self._service_lines(service))
        self.description.setText("\n\n".join(p for p in parts if p))
        if template is None:
            return
        is_fav = template.id in self.favourites
        self.favourite.setText(
            self.tr("★ Favorit entfernen") if is_fav else self.tr("☆ Als Favorit merken")
        )

    def _service_lines(self, service: object) -> list[str]:
        """Where to turn and what to bring, as the details beside the list say it."""
        lines: list[str] = []
        office = getattr(service, "office", None)
        if office is not None:
            contact = [office.name, *office.address_lines]
            if office.phone:
                contact.append(self.tr("Telefon: {phone}").format(phone=office.phone))
            if office.email:
                contact.append(self.tr("E-Mail: {mail}").format(mail=breakable(office.email)))
            if office.website:
                contact.append(breakable(office.website))
            if office.opening_hours:
                contact.append(self.tr("Geöffnet: {hours}").format(hours=office.opening_hours))
            lines.append(self.tr("Zuständig:") + "\n" + "\n".join(contact))
        bring = list(getattr(service, "bring", []) or [])
        if bring:
            lines.append(self.tr("Bitte mitbringen:") + "\n" + "\n".join(f"• {b}" for b in bring))
        return lines

    def _enter(self) -> None:
        """Enter in the search starts the highlighted form (the first found); on a
        service without a form it moves to the list, where its details are shown."""
        item = self.tree.currentItem()
        if item is not None and item.data(0, TEMPLATE_ROLE) is not None:
            self._start(item)
        else:
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
