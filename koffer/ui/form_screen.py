"""Fill in one application: the template's sections as pages, generated for every field type.

Every change goes through :meth:`FormScreen.apply_change`: the answers are updated,
saved at once (`AutoSaver`), evaluated (relevance, computed values, findings,
completeness) and shown. Nothing here blocks: the store runs on its own thread.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from forms.model import Answers, AnswerValue, FormField, Section, Template
from forms.paths import get_value, set_value
from koffer.ui.attachments import AttachmentEditor
from koffer.ui.autosave import AutoSaver
from koffer.ui.fields import FieldEditor, FieldRow
from koffer.ui.session import review_digest
from koffer.ui.widgets import (
    button,
    card,
    heading,
    paragraph,
    primary_button,
    restyle,
    scroll_page,
)
from koffer.ui.wrap_layout import WrapLayout

LANGUAGE_NAMES = {
    "de": "Deutsch",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "ru": "Русский",
    "uk": "Українська",
    "pl": "Polski",
}
UNDO_LIMIT = 100
DOCUMENTS_PAGE = "__documents__"
# Below these sizes (in average character widths / text lines of the current font) the side
# panel would squeeze the navigator to one cut-off entry: switch to the compact layout.
COMPACT_BELOW_CHARS = 96
COMPACT_BELOW_LINES = 30
OPEN_POINT_CHARS = 44  # longest entry of the "Noch offen" menu, in average characters


def _row_of(widget: QWidget | None) -> FieldRow | None:
    while widget is not None:
        if isinstance(widget, FieldRow):
            return widget
        widget = widget.parentWidget()
    return None


class GroupEditor(QWidget):
    """A repeat group: one card per row (e.g. household member), add and remove."""

    add_requested = Signal()
    remove_requested = Signal(int)

    def __init__(self, field: FormField, parent: QWidget) -> None:
        super().__init__(parent)
        self.field = field
        self.language = "de"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        self.title = heading(field.label, self, level=2)
        layout.addWidget(self.title)
        self.help = paragraph(field.help or "", self, "help")
        self.help.setVisible(bool(field.help))
        layout.addWidget(self.help)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(12)
        layout.addLayout(self.rows_box)
        self.message = paragraph("", self, "error")
        self.message.hide()
        layout.addWidget(self.message)
        self.add = button("", self)
        self.add.clicked.connect(self.add_requested.emit)
        layout.addWidget(self.add, 0, Qt.AlignmentFlag.AlignLeft)
        self.cards: list[QFrame] = []
        self.set_language("de")

    def item_label(self) -> str:
        """Name of one row ("Person")."""
        return (
            self.field.item_label_i18n.get(self.language)
            or self.field.item_label
            or self.tr("Eintrag")
        )

    def set_language(self, language: str) -> None:
        """Relabel title and buttons."""
        self.language = language
        self.title.setText(self.field.label_in(language))
        self.add.setText(self.tr("{item} hinzufügen").format(item=self.item_label()))

    def clear_rows(self) -> None:
        """Remove every row card."""
        for frame in self.cards:
            frame.setParent(None)
            frame.deleteLater()
        self.cards = []

    def add_card(self, index: int) -> QVBoxLayout:
        """A card for row `index`; returns the layout to put member rows in."""
        frame, layout = card(self)
        head = QHBoxLayout()
        label = f"{self.item_label()} {index + 1}"
        head.addWidget(heading(label, frame, level=2), 1)
        remove = button(self.tr("{label} entfernen").format(label=label), frame)
        frame.setProperty("remove_button", remove)
        remove.clicked.connect(lambda: self.remove_requested.emit(index))
        head.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        self.rows_box.addWidget(frame)
        self.cards.append(frame)
        return layout

    def update_buttons(self, count: int) -> None:
        """Enable add/remove within min_count..max_count."""
        self.add.setEnabled(count < self.field.max_count)
        for frame in self.cards:
            for child in frame.findChildren(type(self.add)):
                if child.text().endswith(self.tr("entfernen")) or "entfernen" in child.text():
                    child.setEnabled(count > self.field.min_count)


class FormScreen(QWidget):
    """One draft, open for filling in."""

    finished = Signal()  # "Fertig für heute"
    review_requested = Signal()

    def __init__(
        self,
        template: Template,
        compiled: Any,
        draft: Any,
        store: Any,
        parent: QWidget | None = None,
        *,
        signature_digest: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.template = template
        self.compiled = compiled
        self.draft_id: str = draft.id
        self.citizen_name: str = draft.citizen_name
        self.status: str = str(getattr(draft.status, "value", draft.status))
        self.answers: Answers = copy.deepcopy(dict(draft.answers))
        self.store = store
        self.signature_digest = signature_digest
        self.language = "de"
        self.easy = False
        self.show_all_findings = False
        self.touched: set[str] = set()
        self.rows: dict[str, FieldRow] = {}
        self.groups: dict[str, GroupEditor] = {}
        self.pages: dict[str, QWidget] = {}
        self._undo: list[Answers] = []
        self._typing_path: str | None = None
        # No parent: queued saves must still report back after this screen is gone.
        self.saver = AutoSaver(store, self.draft_id)
        self.evaluation: Any = None
        self._documents_shown: tuple[object, ...] | None = None
        self._summary_shown: list[tuple[str, str]] | None = None
        self._build()
        self.saver.state_changed.connect(self._show_save_state)
        self.saver.failed.connect(self._save_failed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.evaluate()
        self.go_to_section(0)

    # ----------------------------------------------------------------- building
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.setSpacing(10)
        self.top = QGridLayout()
        self.top.setVerticalSpacing(4)
        self.title = heading(self.template.title, self)
        self.top.addWidget(self.title, 0, 0)
        self.subtitle = paragraph("", self, "help")
        self.top.addWidget(self.subtitle, 1, 0)
        self.save_state = paragraph(self.tr("Alles gespeichert"), self, "ok")
        self.save_state.setWordWrap(False)
        self.save_state.setAccessibleName(self.tr("Speicherstand"))
        self.top.addWidget(self.save_state, 0, 1, Qt.AlignmentFlag.AlignTop)
        self.top.setColumnStretch(0, 1)
        outer.addLayout(self.top)

        self.banner = QFrame(self)
        self.banner.setProperty("role", "banner")
        banner_layout = QHBoxLayout(self.banner)
        self.banner_text = QLabel(
            self.tr("Unterschrift ungültig – bitte erneut prüfen und unterschreiben"), self.banner
        )
        self.banner_text.setWordWrap(True)
        banner_layout.addWidget(self.banner_text)
        self.banner.hide()
        outer.addWidget(self.banner)
        self.error_banner = paragraph("", self, "error")
        self.error_banner.hide()
        outer.addWidget(self.error_banner)

        tools = WrapLayout()
        self.easy_toggle = QCheckBox(self.tr("Leichte Sprache"), self)
        self.easy_toggle.setAccessibleDescription(
            self.tr("Zeigt Erklärungen in Leichter Sprache, wo es sie gibt.")
        )
        tools.add(self.easy_toggle)
        self.language_label = QLabel(self.tr("Sprache des Formulars:"), self)
        tools.add(self.language_label)
        self.language_box = QComboBox(self)
        for code in self.template.languages or ["de"]:
            self.language_box.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language_box.setAccessibleName(self.tr("Sprache des Formulars"))
        self.language_label.setBuddy(self.language_box)
        tools.add(self.language_box)
        self.undo_button = button(self.tr("Rückgängig"), self)
        self.undo_button.setToolTip(self.tr("Letzte Änderung zurücknehmen (Strg+Z)"))
        self.undo_button.setEnabled(False)
        tools.add_right(self.undo_button)
        outer.addLayout(tools)
        self.language_label.setVisible(self.language_box.count() > 1)
        self.language_box.setVisible(self.language_box.count() > 1)

        body = QHBoxLayout()
        side = QVBoxLayout()
        self.navigator = QListWidget(self)
        self.navigator.setAccessibleName(self.tr("Abschnitte des Formulars"))
        self.navigator.setWordWrap(True)
        self.navigator.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.navigator.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for section in self.template.sections:
            item = QListWidgetItem(section.title, self.navigator)
            item.setData(Qt.ItemDataRole.UserRole, section.id)
        if self.template.documents:
            item = QListWidgetItem(self.tr("Mitzubringende Unterlagen"), self.navigator)
            item.setData(Qt.ItemDataRole.UserRole, DOCUMENTS_PAGE)
        side.addWidget(self.navigator, 3)
        self.summary_title = paragraph(self.tr("Noch offen"), self, "help")
        side.addWidget(self.summary_title)
        self.summary = QListWidget(self)
        self.summary.setAccessibleName(self.tr("Noch offene Angaben"))
        self.summary.setWordWrap(True)
        self.summary.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side.addWidget(self.summary, 2)
        self.side_box = QWidget(self)
        self.side_box.setLayout(side)
        body.addWidget(self.side_box, 1)
        main = QVBoxLayout()
        main.setSpacing(8)
        main.addWidget(self._build_compact_bar())
        self.stack = QStackedWidget(self)
        main.addWidget(self.stack, 1)
        body.addLayout(main, 3)
        outer.addLayout(body, 1)

        actions = WrapLayout()
        self.back = button(self.tr("Zurück"), self)
        self.next = button(self.tr("Weiter"), self)
        self.done = button(self.tr("Fertig für heute"), self)
        self.done.setToolTip(self.tr("Alles ist gespeichert. Schließt den Antrag."))
        self.review = primary_button(self.tr("Prüfen und unterschreiben"), self)
        actions.add(self.back)
        actions.add(self.next)
        actions.add_right(self.done)
        actions.add_right(self.review)
        outer.addLayout(actions)

        self.navigator.currentRowChanged.connect(self._show_page)
        self.summary.itemActivated.connect(self._jump_to_finding)
        self.back.clicked.connect(lambda: self.go_to_section(self.navigator.currentRow() - 1))
        self.next.clicked.connect(lambda: self.go_to_section(self.navigator.currentRow() + 1))
        self.done.clicked.connect(self.finish)
        self.review.clicked.connect(self.review_requested.emit)
        self.easy_toggle.toggled.connect(self._set_easy)
        self.language_box.currentIndexChanged.connect(
            lambda _i: self.set_language(str(self.language_box.currentData()))
        )
        self.undo_button.clicked.connect(self.undo)
        undo = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.undo)
        self._update_subtitle()

    def _build_compact_bar(self) -> QWidget:
        """Section picker and "Noch offen" button: the side panel when text is large.

        At 150–200 % text on a 13-inch screen a side column leaves one cut-off navigator
        entry; a combo box above the page shows the current section in full and opens the
        whole list, and the open points wait behind a button with their count.
        """
        self.compact_bar = QWidget(self)
        bar = QHBoxLayout(self.compact_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.picker_label = QLabel(self.tr("Abschnitt:"), self.compact_bar)
        bar.addWidget(self.picker_label)
        self.section_picker = QComboBox(self.compact_bar)
        self.section_picker.setAccessibleName(self.tr("Abschnitt des Formulars wählen"))
        self.section_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.section_picker.setMinimumContentsLength(12)
        self.picker_label.setBuddy(self.section_picker)
        for index in range(self.navigator.count()):
            self.section_picker.addItem(self.navigator.item(index).text())
        bar.addWidget(self.section_picker, 1)
        self.open_points = button("", self.compact_bar)
        self.open_points.setAccessibleDescription(
            self.tr("Zeigt die noch offenen Angaben; ein Eintrag springt zum Feld.")
        )
        self.open_points_menu = QMenu(self.open_points)
        self.open_points_menu.setToolTipsVisible(True)
        # Many open points at 200 %: scroll in one column instead of spreading over two.
        self.open_points_menu.setStyleSheet("QMenu { menu-scrollable: 1; }")
        self.open_points.setMenu(self.open_points_menu)
        bar.addWidget(self.open_points)
        self.section_picker.activated.connect(self.go_to_section)
        self.compact = False
        self.compact_bar.hide()
        return self.compact_bar

    def _fill_open_points_menu(self, labels: list[str]) -> None:
        """One short entry per open point: the field's name; the message is its tooltip.

        The whole message in a menu at 200 % ran off the screen; the field shows it anyway
        once the person jumps there.
        """
        self.open_points_menu.clear()
        metrics = self.open_points_menu.fontMetrics()
        width = metrics.averageCharWidth() * OPEN_POINT_CHARS
        for label, (text, path) in zip(labels, self._summary_shown or [], strict=True):
            short = metrics.elidedText(label, Qt.TextElideMode.ElideRight, width)
            action = self.open_points_menu.addAction(short)
            action.setToolTip(text)
            action.setStatusTip(text)
            action.triggered.connect(lambda _c=False, p=path: self.focus_path(p))

    # ----------------------------------------------------------------- adaptive layout
    def wants_compact(self) -> bool:
        """True when the side panel would not leave room for readable entries.

        Measured in characters and lines of the current font, so it follows the text
        scale (100–200 %) and the window size instead of fixed pixel limits.
        """
        metrics = self.fontMetrics()
        too_narrow = self.width() < metrics.averageCharWidth() * COMPACT_BELOW_CHARS
        too_low = self.height() < metrics.lineSpacing() * COMPACT_BELOW_LINES
        return too_narrow or too_low

    def update_layout(self) -> None:
        """Switch between side panel and compact bar for the current size and text scale."""
        chars = self.fontMetrics().averageCharWidth()
        self.side_box.setMinimumWidth(chars * 26)
        self.side_box.setMaximumWidth(chars * 42)
        compact = self.wants_compact()
        if compact == self.compact and self.compact_bar.isHidden() == (not compact):
            return
        had_focus = self.focusWidget()
        self.compact = compact
        self.side_box.setVisible(not compact)
        self.compact_bar.setVisible(compact)
        # One step smaller title, and the save state moves down beside the citizen's
        # name so the title has the whole width: at 200 % it took two or three lines.
        self.title.setProperty("role", "h2" if compact else "h1")
        restyle(self.title)
        self.top.removeWidget(self.title)
        self.top.removeWidget(self.save_state)
        self.top.addWidget(self.title, 0, 0, 1, 2 if compact else 1)
        self.top.addWidget(self.save_state, 1 if compact else 0, 1, Qt.AlignmentFlag.AlignTop)
        if had_focus is self.navigator and compact:
            self.section_picker.setFocus()
        elif had_focus is self.section_picker and not compact:
            self.navigator.setFocus()
        if self.navigator.currentRow() >= 0:
            self.fix_tab_order()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Pick the layout that fits the new size."""
        super().resizeEvent(event)
        self.update_layout()

    def changeEvent(self, event: QEvent) -> None:
        """Text scale changed (font or stylesheet): pick the layout again once polished."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            QTimer.singleShot(0, self, self.update_layout)

    def focus_sections(self) -> None:
        """Put the keyboard focus on the section navigator (or the picker, when compact)."""
        self.update_layout()
        (self.section_picker if self.compact else self.navigator).setFocus()

    def _update_subtitle(self) -> None:
        who = self.citizen_name or self.tr("ohne Namen")
        self.subtitle.setText(self.tr("für {name}").format(name=who))

    def _section_page(self, section: Section) -> QWidget:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 0, 16, 16)
        layout.setSpacing(8)
        title = heading(section.title_in(self.language), content, level=1)
        title.setObjectName(f"title_{section.id}")
        layout.addWidget(title)
        if section.description:
            layout.addWidget(paragraph(section.description, content, "help"))
        help_text = section.help_easy if self.easy and section.help_easy else section.help
        if help_text:
            layout.addWidget(paragraph(help_text, content, "help"))
        for field in section.fields:
            if field.type == "group":
                group = GroupEditor(field, content)
                group.set_language(self.language)
                self.groups[field.id] = group
                group.add_requested.connect(lambda gid=field.id: self.add_group_row(gid))
                group.remove_requested.connect(
                    lambda index, gid=field.id: self.remove_group_row(gid, index)
                )
                layout.addWidget(group)
                self._fill_group(field.id)
            else:
                layout.addWidget(self._make_row(field, field.id, content))
        layout.addStretch(1)
        return scroll_page(content, self.stack)

    def _make_row(self, field: FormField, path: str, parent: QWidget) -> FieldRow:
        row = FieldRow(field, path, parent, extra=self._extra_editor)
        row.apply_texts(self.language, easy=self.easy)
        row.editor.set_value(self._value(path, field))
        row.editor.edited.connect(lambda value, p=path: self.apply_change(p, value))
        for widget in row.editor.focus_widgets():
            widget.installEventFilter(self)
        self.rows[path] = row
        return row

    def _extra_editor(self, field: FormField, parent: QWidget) -> FieldEditor | None:
        if field.type == "attachment" and field.compute is None:
            return AttachmentEditor(field, self.store, self.draft_id, parent)
        return None

    def _value(self, path: str, field: FormField) -> AnswerValue:
        if field.compute is not None and self.evaluation is not None:
            computed: AnswerValue = self.evaluation.computed.get(path)
            return computed
        try:
            return get_value(self.answers, path)
        except (KeyError, IndexError, ValueError, TypeError):
            return None

    def _fill_group(self, group_id: str) -> None:
        group = self.groups[group_id]
        for path in [p for p in self.rows if p.startswith(group_id + "[")]:
            del self.rows[path]
        group.clear_rows()
        rows = self.answers.get(group_id)
        count = len(rows) if isinstance(rows, list) else 0
        for index in range(count):
            layout = group.add_card(index)
            for member in group.field.fields:
                path = f"{group_id}[{index}].{member.id}"
                layout.addWidget(self._make_row(member, path, group.cards[-1]))
            group.cards[-1].show()  # added to a visible page: show now, not later
        group.update_buttons(count)
        if self.navigator.currentRow() >= 0:
            self.fix_tab_order()

    # ----------------------------------------------------------------- pages
    def _ensure_page(self, key: str) -> QWidget:
        if key not in self.pages:
            if key == DOCUMENTS_PAGE:
                page = self._documents_page()
            else:
                section = next(s for s in self.template.sections if s.id == key)
                page = self._section_page(section)
            self.pages[key] = page
            self.stack.addWidget(page)
            if self.evaluation is not None:
                self._show_evaluation()
        return self.pages[key]

    def _documents_page(self) -> QWidget:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 0, 16, 16)
        layout.addWidget(heading(self.tr("Mitzubringende Unterlagen"), content))
        layout.addWidget(
            paragraph(
                self.tr("Diese Nachweise braucht das Amt nach den bisherigen Angaben:"),
                content,
                "help",
            )
        )
        self.documents_box = QVBoxLayout()
        layout.addLayout(self.documents_box)
        layout.addStretch(1)
        return scroll_page(content, self.stack)

    def _fill_documents(self) -> None:
        box = getattr(self, "documents_box", None)
        if box is None or self.evaluation is None:
            return
        shown = (
            tuple(d.id for d in self.evaluation.required_documents),
            self.language,
            self.easy,
        )
        if shown == getattr(self, "_documents_shown", None):
            return  # unchanged: do not rebuild labels on every keystroke
        self._documents_shown = shown
        while box.count():
            item = box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for document in self.evaluation.required_documents:
            label = document.label_i18n.get(self.language, document.label)
            if document.optional:
                label += " " + self.tr("(falls vorhanden)")
            box.addWidget(paragraph("• " + label))
            help_text = document.help_easy if self.easy and document.help_easy else document.help
            if help_text:
                box.addWidget(paragraph(help_text, None, "help"))

    def page_keys(self) -> list[str]:
        """Section ids (and the documents page) in navigator order."""
        return [
            str(self.navigator.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.navigator.count())
        ]

    def go_to_section(self, index: int) -> None:
        """Show page `index`, skipping sections that do not apply."""
        keys = self.page_keys()
        step = 1 if index >= self.navigator.currentRow() else -1
        while 0 <= index < len(keys) and self.navigator.item(index).isHidden():
            index += step
        if 0 <= index < len(keys):
            self.navigator.setCurrentRow(index)

    def go_to(self, section_id: str) -> None:
        """Show the page of a section by id."""
        keys = self.page_keys()
        if section_id in keys:
            self.navigator.setCurrentRow(keys.index(section_id))

    def _show_page(self, index: int) -> None:
        keys = self.page_keys()
        if not 0 <= index < len(keys):
            return
        page = self._ensure_page(keys[index])
        self.stack.setCurrentWidget(page)
        if self.section_picker.currentIndex() != index:
            self.section_picker.setCurrentIndex(index)
        self.fix_tab_order()
        visible = [i for i in range(len(keys)) if not self.navigator.item(i).isHidden()]
        self.back.setEnabled(bool(visible) and index > visible[0])
        self.next.setEnabled(bool(visible) and index < visible[-1])

    def _page_focus_chain(self, section: Section) -> list[QWidget]:
        chain: list[QWidget] = []
        for field in section.fields:
            if field.type == "group" and field.id in self.groups:
                group = self.groups[field.id]
                for index, frame in enumerate(group.cards):
                    remove = frame.property("remove_button")
                    if isinstance(remove, QWidget):
                        chain.append(remove)
                    for member in field.fields:
                        row = self.rows.get(f"{field.id}[{index}].{member.id}")
                        if row is not None:
                            chain.extend(row.editor.focus_widgets())
                chain.append(group.add)
            elif field.id in self.rows:
                chain.extend(self.rows[field.id].editor.focus_widgets())
        return chain

    def fix_tab_order(self) -> None:
        """Tab goes toolbar → sections → the page's fields in form order → buttons.

        Pages and group rows are built on demand, and Qt appends new widgets to the end
        of the tab chain, so the order is set again whenever the page changes.
        """
        key = self.current_section()
        section = next((s for s in self.template.sections if s.id == key), None)
        page = self._page_focus_chain(section) if section is not None else []
        chain: list[QWidget] = [
            self.easy_toggle,
            self.language_box,
            self.undo_button,
            self.navigator,
            self.summary,
            self.section_picker,
            self.open_points,
            *page,
            self.back,
            self.next,
            self.done,
            self.review,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def current_section(self) -> str:
        """Id of the shown page."""
        return self.page_keys()[self.navigator.currentRow()]

    # ----------------------------------------------------------------- changes
    def apply_change(self, path: str, value: AnswerValue) -> None:
        """A person changed an answer: remember for undo, save at once, re-evaluate."""
        if path != self._typing_path:
            self._push_undo()
            self._typing_path = path
        self.answers = set_value(self.answers, path, value)
        self.saver.answer(path, value)
        self._after_change()

    def add_group_row(self, group_id: str) -> None:
        """Append an empty row to a repeat group (e.g. one more household member)."""
        self._push_undo()
        self._typing_path = None
        rows: list[dict[str, AnswerValue]] = list(self.answers.get(group_id) or [])  # type: ignore[arg-type]
        rows.append({})
        self.answers = set_value(self.answers, group_id, rows)
        self.saver.answer(group_id, rows)
        self._fill_group(group_id)
        self._after_change()
        group = self.groups[group_id]
        last = f"{group_id}[{len(rows) - 1}].{group.field.fields[0].id}"
        if last in self.rows:
            self.rows[last].editor.setFocus()

    def remove_group_row(self, group_id: str, index: int) -> None:
        """Remove row `index` of a repeat group."""
        self._push_undo()
        self._typing_path = None
        rows: list[dict[str, AnswerValue]] = list(self.answers.get(group_id) or [])  # type: ignore[arg-type]
        if 0 <= index < len(rows):
            del rows[index]
        self.answers = set_value(self.answers, group_id, rows)
        self.saver.answer(group_id, rows)
        self.touched = {p for p in self.touched if not p.startswith(f"{group_id}[")}
        self._fill_group(group_id)
        self._after_change()

    def _after_change(self) -> None:
        if self.status == "ready":
            self.status = "draft"
            self.saver.status("draft")
        self.evaluate()
        self.saver.completeness(float(self.evaluation.completeness))

    def _push_undo(self) -> None:
        self._undo.append(copy.deepcopy(self.answers))
        del self._undo[:-UNDO_LIMIT]
        self.undo_button.setEnabled(True)

    def undo(self) -> None:
        """Take back the last change (Ctrl+Z)."""
        if not self._undo:
            return
        self.answers = self._undo.pop()
        self._typing_path = None
        self.undo_button.setEnabled(bool(self._undo))
        self.saver.everything(self.answers)
        self.reload_values()
        self._after_change()

    def reload_values(self) -> None:
        """Show the current answers in every editor (after undo)."""
        for group_id in self.groups:
            self._fill_group(group_id)
        for path, row in self.rows.items():
            row.editor.set_value(self._value(path, row.field))

    # ----------------------------------------------------------------- evaluation
    def evaluate(self) -> None:
        """Evaluate the answers and show relevance, computed values and findings."""
        self.evaluation = self.compiled.evaluate(self.answers, today=date.today())  # noqa: DTZ011
        self._show_evaluation()

    def _show_evaluation(self) -> None:
        ev = self.evaluation
        for path, row in self.rows.items():
            relevant = ev.is_relevant(path)
            row.setVisible(relevant)
            row.set_required(bool(ev.is_required(path)), self.language, easy=self.easy)
            if row.field.compute is not None:
                row.editor.set_value(ev.computed.get(path))
        for group_id, group in self.groups.items():
            group.setVisible(ev.is_relevant(group_id))
        for index in range(self.navigator.count()):
            item = self.navigator.item(index)
            key = str(item.data(Qt.ItemDataRole.UserRole))
            if key == DOCUMENTS_PAGE:
                count = len(ev.required_documents)
                item.setText(self.tr("Mitzubringende Unterlagen ({n})").format(n=count))
                self._mirror_in_picker(index)
                continue
            section = next(s for s in self.template.sections if s.id == key)
            item.setHidden(not ev.is_relevant(key))
            done = ev.section_completeness.get(key, 0.0)
            title = section.title_in(self.language)
            mark = "✓ " if done >= 1.0 else f"{round(done * 100)} % – "
            if item.text() != mark + title:
                item.setText(mark + title)
            item.setToolTip(
                self.tr("{title}: {p} % ausgefüllt").format(title=title, p=round(done * 100))
            )
            self._mirror_in_picker(index)
        self._show_findings()
        self._fill_documents()
        self._check_signature()
        self.review.setEnabled(True)

    def _mirror_in_picker(self, index: int) -> None:
        """Keep the compact section picker in step with the navigator entry `index`."""
        item = self.navigator.item(index)
        if self.section_picker.itemText(index) != item.text():
            self.section_picker.setItemText(index, item.text())
        model = self.section_picker.model()
        if isinstance(model, QStandardItemModel):
            entry = model.item(index)
            if entry is not None and entry.isEnabled() == item.isHidden():
                # Disabled: arrow keys skip it; hidden: the open list leaves it out.
                entry.setEnabled(not item.isHidden())
        view = self.section_picker.view()
        if isinstance(view, QListView):
            view.setRowHidden(index, item.isHidden())

    def _message(self, finding: Any) -> str:
        if self.easy and finding.message_easy:
            return str(finding.message_easy)
        return str(finding.message)

    def visible_findings(self) -> list[Any]:
        """Findings of fields the person has left (or all, after "Prüfen")."""
        ev = self.evaluation
        return [
            f
            for f in ev.findings
            if (self.show_all_findings or f.path in self.touched) and ev.is_relevant(f.path)
        ]

    def _show_findings(self) -> None:
        by_path: dict[str, str] = {}
        shown = self.visible_findings()
        for finding in shown:
            by_path.setdefault(finding.path, self._message(finding))
        for path, row in self.rows.items():
            local = row.editor.local_error if path in self.touched else None
            row.show_message(local or by_path.get(path))
        for group_id, group in self.groups.items():
            text = by_path.get(group_id)
            group.message.setText(text or "")
            group.message.setVisible(bool(text))
        entries = []
        labels = []
        for finding in shown:
            field = self._field_for(finding.path)
            label = field.label_in(self.language) if field else finding.path
            prefix = "⚠ " if finding.severity == "warning" else "• "
            entries.append((f"{prefix}{label}: {self._message(finding)}", finding.path))
            labels.append(prefix + label)
        if entries != getattr(self, "_summary_shown", None):
            self._summary_shown = entries
            self.summary.clear()
            for text, path in entries:
                item = QListWidgetItem(text, self.summary)
                item.setData(Qt.ItemDataRole.UserRole, path)
            self._fill_open_points_menu(labels)
        has = self.summary.count() > 0
        self.summary.setVisible(has)
        self.summary_title.setVisible(has)
        self.open_points.setVisible(has)
        self.open_points.setText(self.tr("Noch offen: {n}").format(n=len(entries)))

    def _field_for(self, path: str) -> FormField | None:
        member = path.rsplit(".", 1)[-1].split("[", 1)[0]
        return self.template.fields_by_id.get(member)

    def reveal_all_findings(self) -> None:
        """Show every open point (used before review)."""
        self.show_all_findings = True
        self._show_findings()

    def _jump_to_finding(self, item: QListWidgetItem) -> None:
        self.focus_path(str(item.data(Qt.ItemDataRole.UserRole)))

    def focus_path(self, path: str) -> None:
        """Show the page of `path` and put the cursor into its field."""
        top = path.split("[", 1)[0].split(".", 1)[0]
        section_id = self.template.section_of.get(top)
        if section_id:
            self.go_to(section_id)
        row = self.rows.get(path)
        if row is not None:
            row.editor.setFocus()
        elif top in self.groups:
            self.groups[top].add.setFocus()

    # ----------------------------------------------------------------- focus, keys
    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        before, after = _row_of(old), _row_of(new)
        if before is not None and before is not after and before.path in self.rows:
            self.touched.add(before.path)
            self._typing_path = None
            if self.evaluation is not None:
                self._show_findings()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Z in a text field undoes the last change of the form, not just the text."""
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            key_event = event if isinstance(event, QKeyEvent) else None
            if key_event is not None and key_event.matches(QKeySequence.StandardKey.Undo):
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()
                else:
                    self.undo()
                return True
        return super().eventFilter(watched, event)

    # ----------------------------------------------------------------- language
    def _set_easy(self, easy: bool) -> None:
        self.easy = easy
        self._relabel()

    def set_language(self, language: str) -> None:
        """Show labels, options and messages in the citizen's language."""
        self.language = language
        self._relabel()

    def _relabel(self) -> None:
        for row in self.rows.values():
            row.apply_texts(self.language, easy=self.easy)
        for group in self.groups.values():
            group.set_language(self.language)
        self.title.setText(self.template.title_in(self.language))
        for key, page in self.pages.items():
            if key == DOCUMENTS_PAGE:
                continue
            section = next(s for s in self.template.sections if s.id == key)
            label = page.findChild(QLabel, f"title_{section.id}")
            if label is not None:
                label.setText(section.title_in(self.language))
        self._show_evaluation()

    # ----------------------------------------------------------------- saving, signature
    def _show_save_state(self, state: str) -> None:
        texts = {
            "saving": (self.tr("Wird gespeichert …"), "help"),
            "saved": (self.tr("Alles gespeichert"), "ok"),
            "failed": (self.tr("Nicht gespeichert!"), "error"),
        }
        text, role = texts[state]
        self.save_state.setText(text)
        self.save_state.setProperty("role", role)
        restyle(self.save_state)
        if state == "saved":
            self.error_banner.hide()

    def _save_failed(self, exc: BaseException) -> None:
        message = getattr(exc, "user_message", None) or self.tr(
            "Die Änderung konnte nicht gespeichert werden."
        )
        self.error_banner.setText(
            message + " " + self.tr("Ihre Eingaben bleiben hier stehen; es wird erneut versucht.")
        )
        self.error_banner.show()

    def digest(self) -> str:
        """SHA-256 of what a review now would show."""
        return review_digest(self.template, self.evaluation.relevant_answers())

    def set_signature_digest(self, digest: str | None) -> None:
        """The digest stored with the signature (None: not signed)."""
        self.signature_digest = digest
        self._check_signature()

    @property
    def signature_valid(self) -> bool:
        """Signed, and nothing changed since."""
        return self.signature_digest is not None and self.signature_digest == self.digest()

    def _check_signature(self) -> None:
        voided = self.signature_digest is not None and not self.signature_valid
        self.banner.setVisible(voided)

    def finish(self) -> None:
        """ "Fertig für heute": wait until everything is on disk, then close."""
        self.done.setEnabled(False)
        self.saver.when_idle(self.finished.emit)

    def close_form(self) -> None:
        """Forget the personal data shown here (lock, close)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            with contextlib.suppress(RuntimeError, TypeError):
                app.focusChanged.disconnect(self._focus_changed)
        self.answers = {}
        self._undo.clear()
        self.rows.clear()
