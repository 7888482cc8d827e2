"""Fill in one application: the template's sections as pages, generated for every field type.

The screen shows what the open draft (`koffer.drafting.editor.DraftEditor`) holds and
forwards what the person does: every change goes to `DraftEditor.apply`, which saves it
at once (through its saver, on the store lane), evaluates it and decides whether the
signature still holds; the screen then shows relevance, computed values, findings and
the banner. It decides nothing itself and never blocks.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QActionGroup, QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from forms.model import Answers, AnswerValue, FormField, Section
from koffer.drafting.actors import Actor
from koffer.drafting.base import SaveBatch
from koffer.drafting.documents import DocState
from koffer.drafting.editor import AddRow, DraftEditor, RemoveRow, SetAnswer, SetDocument
from koffer.drafting.lifecycle import Stage, StepRefused
from koffer.drafting.review import point_text
from koffer.drafting.saving import Saver, SaveState
from koffer.drafting.wording import AWAITING_KEY_NOTE, CONTEXT
from koffer.ui.attachments import AttachmentEditor, AttachmentPort
from koffer.ui.fields import FieldEditor, FieldRow
from koffer.ui.form.documents import DocumentsPage
from koffer.ui.form.findings import FindingsPanel
from koffer.ui.form.focus import page_chain, set_tab_order
from koffer.ui.form.group_editor import GroupEditor
from koffer.ui.form.sections import DOCUMENTS_PAGE, SectionNavigator
from koffer.ui.widgets import button, heading, paragraph, primary_button, restyle, scroll_page
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
# Below these sizes (in average character widths / text lines of the current font) the side
# panel would squeeze the navigator to one cut-off entry: switch to the compact layout.
COMPACT_BELOW_CHARS = 96
COMPACT_BELOW_LINES = 30


def _row_of(widget: QWidget | None) -> FieldRow | None:
    while widget is not None:
        if isinstance(widget, FieldRow):
            return widget
        widget = widget.parentWidget()
    return None


class FormScreen(QWidget):
    """One draft, open for filling in (or, once finalised, for reading)."""

    finished = Signal()  # "Fertig für heute": everything is on disk
    review_requested = Signal()
    section_shown = Signal(str)  # the id of the page now shown (where to come back to)
    assist_requested = Signal()  # "Kollegin zuschalten" (koffer.ui.assist)

    def __init__(
        self,
        editor: DraftEditor,
        attachments: AttachmentPort,
        actor: Actor,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.template = editor.template
        self.draft_id = editor.draft_id
        self.citizen_name = editor.citizen_name
        self.attachments = attachments
        self.actor = actor
        self.language = "de"
        self.easy = False
        self.show_all_findings = False
        self.touched: set[str] = set()
        self.rows: dict[str, FieldRow] = {}
        self.groups: dict[str, GroupEditor] = {}
        self.pages: dict[str, QWidget] = {}
        self.documents: DocumentsPage | None = None
        self._build()
        self._unsubscribe = []
        if editor.saver is not None:
            self._unsubscribe.append(editor.saver.subscribe(self._show_save_state))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self._show_evaluation()
        self.go_to_section(0)

    # ----------------------------------------------------------------- what tests and the flow read
    @property
    def answers(self) -> Answers:
        """The answers as they stand on screen (the editor's)."""
        return self.editor.answers

    @property
    def saver(self) -> Saver:
        """Writes every change through the store lane."""
        assert self.editor.saver is not None
        return self.editor.saver

    @property
    def evaluation(self) -> Any:
        """The engine's evaluation of the answers."""
        return self.editor.evaluation

    @property
    def signature_valid(self) -> bool:
        """Signed, and nothing changed since."""
        return self.editor.signature_valid

    def digest(self) -> str:
        """SHA-256 of what a review now would show."""
        return self.editor.digest

    # ----------------------------------------------------------------- building
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.setSpacing(10)
        self.outer = outer
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
        self.banner_text = QLabel("", self.banner)
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
        self.assist_button = button(self.tr("Kollegin zuschalten"), self)
        self.assist_button.setToolTip(
            self.tr("Eine Expertin aus dem Rathaus hilft bei diesem Antrag mit.")
        )
        self.assist_button.clicked.connect(self.assist_requested.emit)
        tools.add_right(self.assist_button)
        outer.addLayout(tools)
        self.language_label.setVisible(self.language_box.count() > 1)
        self.language_box.setVisible(self.language_box.count() > 1)

        self.sections = SectionNavigator(self.template, self)
        self.navigator = self.sections.navigator
        self.section_picker = self.sections.picker
        self.findings = FindingsPanel(self)
        self.summary = self.findings.summary
        self.open_points = self.findings.open_points
        self.open_points_menu = self.findings.menu

        body = QHBoxLayout()
        side = QVBoxLayout()
        side.addWidget(self.navigator, 3)
        side.addWidget(self.findings.title)
        side.addWidget(self.summary, 2)
        self.side_box = QWidget(self)
        self.side_box.setLayout(side)
        body.addWidget(self.side_box, 1)
        main = QVBoxLayout()
        main.setSpacing(8)
        self.compact_bar = QWidget(self)
        bar = QHBoxLayout(self.compact_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.sections.picker_label.setParent(self.compact_bar)
        self.section_picker.setParent(self.compact_bar)
        self.open_points.setParent(self.compact_bar)
        bar.addWidget(self.sections.picker_label)
        bar.addWidget(self.section_picker, 1)
        bar.addWidget(self.open_points)
        # At large text the tool row joins this bar: "Rückgängig" and one menu for the
        # form's language and Leichte Sprache, so the page keeps a row more of the form.
        self.compact_undo = button(self.tr("Rückgängig"), self.compact_bar)
        self.compact_undo.setToolTip(self.tr("Letzte Änderung zurücknehmen (Strg+Z)"))
        self.compact_undo.setEnabled(False)
        self.compact_undo.clicked.connect(self.undo)
        self.language_menu_button = button(self.tr("Sprache"), self.compact_bar)
        self.language_menu_button.setAccessibleName(
            self.tr("Sprache des Formulars, Leichte Sprache und Kollegin zuschalten")
        )
        self.language_menu = QMenu(self.language_menu_button)
        self.easy_action = self.language_menu.addAction(self.tr("Leichte Sprache"))
        self.easy_action.setCheckable(True)
        self.easy_action.toggled.connect(self.easy_toggle.setChecked)
        self.easy_toggle.toggled.connect(self.easy_action.setChecked)
        self.language_actions = QActionGroup(self.language_menu)
        if self.language_box.count() > 1:
            self.language_menu.addSeparator()
            for index in range(self.language_box.count()):
                action = self.language_menu.addAction(self.language_box.itemText(index))
                action.setCheckable(True)
                action.setChecked(index == self.language_box.currentIndex())
                self.language_actions.addAction(action)
                action.triggered.connect(
                    lambda _c=False, i=index: self.language_box.setCurrentIndex(i)
                )
            self.language_box.currentIndexChanged.connect(
                lambda i: self.language_actions.actions()[i].setChecked(True)
            )
        # "Kollegin zuschalten" joins the menu too (its button would take a row of its own);
        # it is offered exactly when the button would be (one session at a time).
        self.language_menu.addSeparator()
        self.assist_action = self.language_menu.addAction(self.assist_button.text())
        self.assist_action.triggered.connect(self.assist_requested.emit)
        self.language_menu.aboutToShow.connect(
            lambda: self.assist_action.setEnabled(self.assist_button.isEnabled())
        )
        self.assist_action.setVisible(not self.editor.read_only)
        self.language_menu_button.setMenu(self.language_menu)
        bar.addWidget(self.compact_undo)
        bar.addWidget(self.language_menu_button)
        self.compact = False
        self.compact_bar.hide()
        main.addWidget(self.compact_bar)
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

        self.sections.page_chosen.connect(self._show_page)
        self.findings.jump_requested.connect(self.focus_path)
        self.back.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(1))
        for keys, then in (
            ("Ctrl+PgDown", lambda: self.step(1)),
            ("Ctrl+PgUp", lambda: self.step(-1)),
            ("Alt+Right", lambda: self.step(1)),
            ("Alt+Left", lambda: self.step(-1)),
            ("Ctrl+Return", self._request_review),
            ("Ctrl+Enter", self._request_review),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(then)
        self.back.setToolTip(self.tr("Voriger Abschnitt (Strg+Bild auf oder Alt+Pfeil links)"))
        self.next.setToolTip(self.tr("Nächster Abschnitt (Strg+Bild ab oder Alt+Pfeil rechts)"))
        self.review.setToolTip(
            self.tr("Zur Prüfung durch die Bürgerin oder den Bürger (Strg+Eingabe)")
        )
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
        who = self.citizen_name or self.tr("ohne Namen")
        self.subtitle.setText(self.tr("für {name}").format(name=who))
        if self.editor.read_only:
            self.review.hide()
            self.undo_button.hide()
            self.compact_undo.hide()
            self.assist_button.hide()
            self.done.setText(self.tr("Schließen"))
            self.done.setToolTip(self.tr("Der Antrag ist abgeschlossen. Schließt die Ansicht."))

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
        several = self.language_box.count() > 1
        for widget, shown in (
            (self.easy_toggle, not compact),
            (self.language_label, not compact and several),
            (self.language_box, not compact and several),
            (self.undo_button, not compact and not self.editor.read_only),
            (self.assist_button, not compact and not self.editor.read_only),
            (self.compact_undo, compact and not self.editor.read_only),
        ):
            widget.setVisible(shown)
        tight = 12 if compact else 24
        self.outer.setContentsMargins(tight, 8 if compact else 16, tight, 8 if compact else 16)
        self.outer.setSpacing(6 if compact else 10)
        for page in self.pages.values():
            for heading_label in page.findChildren(QLabel):
                if not heading_label.property("koffer_heading"):
                    continue
                heading_label.setProperty("role", "h2" if compact else "h1")
                restyle(heading_label)
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
        if self.sections.current >= 0:
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

    # ----------------------------------------------------------------- pages
    def _section_page(self, section: Section) -> QWidget:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 0, 16, 16)
        layout.setSpacing(8)
        title = heading(section.title_in(self.language), content, level=2 if self.compact else 1)
        title.setObjectName(f"title_{section.id}")
        title.setProperty("koffer_heading", True)
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

    def _make_row(
        self, field: FormField, path: str, parent: QWidget, context: str = ""
    ) -> FieldRow:
        row = FieldRow(field, path, parent, extra=self._extra_editor, context=context)
        row.apply_texts(self.language, easy=self.easy)
        row.editor.set_value(self.editor.value(path, field))
        row.editor.edited.connect(lambda value, p=path: self.apply_change(p, value))
        for widget in row.editor.focus_widgets():
            widget.installEventFilter(self)
        if self.editor.read_only:
            row.editor.set_read_only(True)
        self.rows[path] = row
        return row

    def _extra_editor(self, field: FormField, parent: QWidget) -> FieldEditor | None:
        if field.type == "attachment" and field.compute is None:
            editor = AttachmentEditor(field, self.attachments, self.draft_id, parent)
            editor.attached.connect(self.editor.attached)
            editor.detached.connect(self.editor.detached)
            return editor
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
            context = group.entry_name(index)
            for member in group.field.fields:
                path = f"{group_id}[{index}].{member.id}"
                layout.addWidget(self._make_row(member, path, group.cards[-1], context))
            group.cards[-1].show()  # added to a visible page: show now, not later
        group.update_buttons(count)
        if self.editor.read_only:
            group.add.setEnabled(False)
            for remove in group.remove_buttons:
                remove.setEnabled(False)
        if self.sections.current >= 0:
            self.fix_tab_order()

    def _ensure_page(self, key: str) -> QWidget:
        if key not in self.pages:
            page: QWidget
            if key == DOCUMENTS_PAGE:
                self.documents = DocumentsPage()
                self.documents.state_chosen.connect(self.set_document)
                page = scroll_page(self.documents, self.stack)
            else:
                section = next(s for s in self.template.sections if s.id == key)
                page = self._section_page(section)
            self.pages[key] = page
            self.stack.addWidget(page)
            self._show_evaluation()
        return self.pages[key]

    def page_keys(self) -> list[str]:
        """Section ids (and the documents page) in navigator order."""
        return self.sections.page_keys()

    def go_to_section(self, index: int) -> None:
        """Show page `index`, skipping sections that do not apply."""
        self.sections.go_to_index(index)

    def step(self, steps: int) -> None:
        """ "Weiter" / "Zurück": the next or previous page, the cursor in its first field."""
        before = self.sections.current
        self.go_to_section(before + steps)
        if self.sections.current != before:
            self.focus_first_field()

    def focus_first_field(self) -> None:
        """Put the keyboard focus on the first control of the shown page."""
        chain = self._page_widgets()
        first = next((w for w in chain if w.isEnabled() and w.isVisibleTo(self)), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.TabFocusReason)
        elif self.next.isEnabled():
            self.next.setFocus(Qt.FocusReason.TabFocusReason)

    def _request_review(self) -> None:
        if self.review.isVisible() and self.review.isEnabled():
            self.review_requested.emit()

    def go_to(self, section_id: str) -> None:
        """Show the page of a section by id."""
        self.sections.go_to(section_id)

    def current_section(self) -> str:
        """Id of the shown page."""
        return self.page_keys()[self.sections.current]

    def _show_page(self, index: int) -> None:
        keys = self.page_keys()
        if not 0 <= index < len(keys):
            return
        self.stack.setCurrentWidget(self._ensure_page(keys[index]))
        self.fix_tab_order()
        visible = self.sections.visible()
        self.back.setEnabled(bool(visible) and index > visible[0])
        self.next.setEnabled(bool(visible) and index < visible[-1])
        self.section_shown.emit(keys[index])

    def fix_tab_order(self) -> None:
        """Tab goes toolbar → sections → the page's fields in form order → buttons."""
        page = self._page_widgets()
        chain: list[QWidget] = [
            self.easy_toggle,
            self.language_box,
            self.undo_button,
            self.assist_button,
            self.navigator,
            self.summary,
            self.section_picker,
            self.open_points,
            self.compact_undo,
            self.language_menu_button,
            *page,
            self.back,
            self.next,
            self.done,
            self.review,
        ]
        set_tab_order(chain, self.window())

    def _page_widgets(self) -> list[QWidget]:
        """The focusable controls of the shown page, in order."""
        key = self.current_section()
        if key == DOCUMENTS_PAGE:
            return self.documents.focus_widgets() if self.documents is not None else []
        section = next((s for s in self.template.sections if s.id == key), None)
        return page_chain(section, self.rows, self.groups) if section is not None else []

    # ----------------------------------------------------------------- changes
    def _forward(self, change: SetAnswer | AddRow | RemoveRow | SetDocument) -> bool:
        try:
            self.editor.apply(change, self.actor)
        except StepRefused as refused:
            self._show_error(refused.user_message)
            return False
        self._undo_possible(self.editor.can_undo)
        return True

    def _undo_possible(self, possible: bool) -> None:
        self.undo_button.setEnabled(possible)
        self.compact_undo.setEnabled(possible)

    def apply_change(self, path: str, value: AnswerValue) -> None:
        """A person changed an answer: the editor saves and evaluates it; show the result.

        Text beyond the field's limit (a long paste) is said at once, not only when the
        field is left: nothing is cut off, so the person must see why it is too long.
        """
        if self._forward(SetAnswer(path, value)):
            findings = self.editor.evaluation.findings
            if any(f.path == path and f.code == "max_length" for f in findings):
                self.touched.add(path)
            self._show_evaluation()

    def set_document(self, document_id: str, state: str, attachment_id: str = "") -> None:
        """The worker ticked a document, chose its proof or cleared it."""
        change = SetDocument(document_id, DocState(state), attachment_id or None)
        with contextlib.suppress(ValueError):  # the attachment went meanwhile
            self._forward(change)
        self._show_evaluation()  # also puts a refused choice back as it was

    def add_group_row(self, group_id: str) -> None:
        """Append a row (with the template's row defaults) to a repeat group."""
        if not self._forward(AddRow(group_id)):
            return
        self._fill_group(group_id)
        self._show_evaluation()
        group = self.groups[group_id]
        rows = self.answers.get(group_id)
        last = f"{group_id}[{len(rows) - 1 if isinstance(rows, list) else 0}]"
        first = f"{last}.{group.field.fields[0].id}"
        if first in self.rows:
            self.rows[first].editor.setFocus()

    def remove_group_row(self, group_id: str, index: int) -> None:
        """Remove row `index` of a repeat group."""
        if not self._forward(RemoveRow(group_id, index)):
            return
        self.touched = {p for p in self.touched if not p.startswith(f"{group_id}[")}
        self._fill_group(group_id)
        self._show_evaluation()

    def show_changed(self, path: str) -> None:
        """The editor took a change that was not typed here (an expert's proposal the
        worker accepted): show the answer and what follows from it."""
        top = path.split("[", 1)[0]
        if top in self.groups:
            self._fill_group(top)
        row = self.rows.get(path)
        if row is not None:
            row.editor.set_value(self.editor.value(path, row.field))
            self.touched.add(path)
        self.undo_button.setEnabled(self.editor.can_undo)
        self._show_evaluation()

    def undo(self) -> None:
        """Take back the last change (Ctrl+Z)."""
        if self.editor.undo(self.actor) is None:
            return
        self._show_answers()

    def restore(self, unsaved: SaveBatch) -> None:
        """Put back what a lock could not save (`koffer.drafting.locking`); it is saved
        again now, and Ctrl+Z takes it back."""
        try:
            self.editor.restore(unsaved, self.actor)
        except StepRefused as refused:
            self._show_error(refused.user_message)
            return
        self._show_answers()

    def _show_answers(self) -> None:
        """Every field shows the editor's answers again (after undo or a restore)."""
        self._undo_possible(self.editor.can_undo)
        for group_id in self.groups:
            self._fill_group(group_id)
        for path, row in self.rows.items():
            row.editor.set_value(self.editor.value(path, row.field))
        self._show_evaluation()

    # ----------------------------------------------------------------- evaluation
    def _show_evaluation(self) -> None:
        ev = self.editor.evaluation
        for path, row in self.rows.items():
            row.setVisible(ev.is_relevant(path))
            row.set_required(bool(ev.is_required(path)), self.language, easy=self.easy)
            if row.field.compute is not None:
                row.editor.set_value(ev.computed.get(path))
        for group_id, group in self.groups.items():
            group.setVisible(ev.is_relevant(group_id))
        checklist = self.editor.checklist(self.language, easy=self.easy)
        self.sections.show_progress(ev, self.language, documents_missing=len(checklist.missing))
        self._show_findings()
        if self.documents is not None:
            before = self.documents.focus_widgets()
            self.documents.show_checklist(
                checklist,
                self.editor.linkable(),
                read_only=self.editor.read_only,
            )
            if self.documents.focus_widgets() != before and self.sections.current >= 0:
                self.fix_tab_order()
        self._show_banner()

    def _message(self, finding: Any) -> str:
        return str(finding.message_in(self.language, easy=self.easy))

    def visible_findings(self) -> list[Any]:
        """Findings of fields the person has left (or all, after "Prüfen")."""
        ev = self.editor.evaluation
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
            row.show_message(by_path.get(path))
        for group_id, group in self.groups.items():
            text = by_path.get(group_id)
            group.message.setText(text or "")
            group.message.setVisible(bool(text))
        points = []
        for finding in shown:
            label = self.template.path_label(finding.path, self.language)
            prefix = "⚠ " if finding.severity == "warning" else "• "
            text = point_text(label, self._message(finding), warning=finding.severity == "warning")
            points.append((prefix + label, text, finding.path))
        self.findings.show_points(points)

    def reveal_all_findings(self) -> None:
        """Show every open point (used before review)."""
        self.show_all_findings = True
        self._show_findings()

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

    def _show_banner(self) -> None:
        """What this draft's stage means, where only this draft is shown."""
        text = ""
        if self.editor.stage is Stage.AWAITING_KEY:
            text = QApplication.translate(CONTEXT, AWAITING_KEY_NOTE)
        elif self.editor.read_only:
            text = self.tr("Der Antrag ist abgeschlossen und kann nicht mehr geändert werden.")
        elif self.editor.signature_void:
            text = self.tr("Unterschrift ungültig – bitte erneut prüfen und unterschreiben")
        if self.banner_text.text() != text:
            self.banner_text.setText(text)
        self.banner.setVisible(bool(text))

    # ----------------------------------------------------------------- focus, keys
    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        before, after = _row_of(old), _row_of(new)
        if before is not None and before is not after and before.path in self.rows:
            self.touched.add(before.path)
            self.editor.end_typing()
            if self.editor.evaluation is not None:
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

    # ----------------------------------------------------------------- saving
    def _show_save_state(self, state: SaveState, error: BaseException | None) -> None:
        texts = {
            SaveState.SAVING: (self.tr("Wird gespeichert …"), "help"),
            SaveState.SAVED: (self.tr("Alles gespeichert"), "ok"),
            SaveState.FAILED: (self.tr("Nicht gespeichert!"), "error"),
        }
        text, role = texts[state]
        self.save_state.setText(text)
        self.save_state.setProperty("role", role)
        restyle(self.save_state)
        if state is SaveState.SAVED:
            self.error_banner.hide()
        elif state is SaveState.FAILED and error is not None:
            message = getattr(error, "user_message", None) or self.tr(
                "Die Änderung konnte nicht gespeichert werden."
            )
            self._show_error(
                message
                + " "
                + self.tr("Ihre Eingaben bleiben hier stehen; es wird erneut versucht.")
            )

    def _show_error(self, text: str) -> None:
        self.error_banner.setText(text)
        self.error_banner.show()

    def stage_changed(self) -> None:
        """The draft took a step elsewhere (signed, finalised): show what it means now."""
        self._show_banner()

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
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self.editor.forget()
        self.rows.clear()
