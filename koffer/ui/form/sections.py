"""Moving between the sections of a form: the side list and, at large text, a picker.

At 150–200 % text on a 13-inch screen a side column leaves one cut-off entry; a combo
box above the page shows the current section in full and opens the whole list. Both
show the same entries, with each section's progress, and skip sections that do not
apply to the answers.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLabel, QListView, QListWidget, QListWidgetItem, QWidget

from forms.model import Template

#: Key of the documents checklist among the section ids.
DOCUMENTS_PAGE = "__documents__"


class SectionNavigator(QObject):
    """The section list (`navigator`) and the compact picker (`picker`) of one form."""

    page_chosen = Signal(int)

    def __init__(self, template: Template, parent: QWidget) -> None:
        super().__init__(parent)
        self.template = template
        self.navigator = QListWidget(parent)
        self.navigator.setAccessibleName(self.tr("Abschnitte des Formulars"))
        self.navigator.setWordWrap(True)
        self.navigator.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.navigator.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for section in template.sections:
            item = QListWidgetItem(section.title, self.navigator)
            item.setData(Qt.ItemDataRole.UserRole, section.id)
        if template.documents:
            item = QListWidgetItem(self.tr("Mitzubringende Unterlagen"), self.navigator)
            item.setData(Qt.ItemDataRole.UserRole, DOCUMENTS_PAGE)
        self.picker_label = QLabel(self.tr("Abschnitt:"), parent)
        self.picker = QComboBox(parent)
        self.picker.setAccessibleName(self.tr("Abschnitt des Formulars wählen"))
        self.picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        # Short: at 200 % the bar beside it holds "Noch offen", "Rückgängig" and "Sprache";
        # the page right below names its section in full.
        self.picker.setMinimumContentsLength(6)
        self.picker_label.setBuddy(self.picker)
        for index in range(self.navigator.count()):
            self.picker.addItem(self.navigator.item(index).text())
        self.navigator.currentRowChanged.connect(self._chosen)
        self.picker.activated.connect(self.go_to_index)

    def _chosen(self, index: int) -> None:
        if self.picker.currentIndex() != index:
            self.picker.setCurrentIndex(index)
        self.page_chosen.emit(index)

    def page_keys(self) -> list[str]:
        """Section ids (and the documents page) in order."""
        return [
            str(self.navigator.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.navigator.count())
        ]

    @property
    def current(self) -> int:
        """The index of the shown page (-1 before the first)."""
        return self.navigator.currentRow()

    def visible(self) -> list[int]:
        """Indexes of the pages that apply."""
        return [i for i in range(self.navigator.count()) if not self.navigator.item(i).isHidden()]

    def go_to_index(self, index: int) -> None:
        """Show page `index`, skipping sections that do not apply."""
        keys = self.page_keys()
        step = 1 if index >= self.current else -1
        while 0 <= index < len(keys) and self.navigator.item(index).isHidden():
            index += step
        if 0 <= index < len(keys):
            self.navigator.setCurrentRow(index)

    def go_to(self, key: str) -> None:
        """Show the page of a section by id."""
        keys = self.page_keys()
        if key in keys:
            self.navigator.setCurrentRow(keys.index(key))

    def show_progress(self, evaluation: Any, language: str, *, documents_missing: int = 0) -> None:
        """Each entry's progress ("✓", "40 % – …"), hidden when its section does not apply;
        the documents entry says how many required documents are still open.

        A section is ✓ only when it is complete and none of its answers is wrong: a text
        pasted beyond the field's limit is answered, but not done.
        """
        wrong: set[str] = set()
        for finding in evaluation.findings:
            if finding.severity == "error":
                top = finding.path.split("[", 1)[0].split(".", 1)[0]
                wrong.add(self.template.section_of.get(top, top))
        for index in range(self.navigator.count()):
            item = self.navigator.item(index)
            key = str(item.data(Qt.ItemDataRole.UserRole))
            if key == DOCUMENTS_PAGE:
                count = len(evaluation.required_documents)
                title = self.tr("Mitzubringende Unterlagen ({n})").format(n=count)
                if count and not documents_missing:
                    title = "✓ " + title
                elif documents_missing:
                    title = self.tr("{n} offen – {title}").format(n=documents_missing, title=title)
                if item.text() != title:
                    item.setText(title)
                self._mirror(index)
                continue
            section = next(s for s in self.template.sections if s.id == key)
            item.setHidden(not evaluation.is_relevant(key))
            done = evaluation.section_completeness.get(key, 0.0)
            title = section.title_in(language)
            tip = self.tr("{title}: {p} % ausgefüllt").format(title=title, p=round(done * 100))
            if done >= 1.0 and key in wrong:
                mark = "⚠ "
                tip = self.tr("{title}: ausgefüllt, aber eine Angabe stimmt noch nicht").format(
                    title=title
                )
            elif done >= 1.0:
                mark = "✓ "
            else:
                mark = f"{round(done * 100)} % – "
            if item.text() != mark + title:
                item.setText(mark + title)
            item.setToolTip(tip)
            self._mirror(index)

    def _mirror(self, index: int) -> None:
        """Keep the compact picker in step with the navigator entry `index`."""
        item = self.navigator.item(index)
        if self.picker.itemText(index) != item.text():
            self.picker.setItemText(index, item.text())
        model = self.picker.model()
        if isinstance(model, QStandardItemModel):
            entry = model.item(index)
            if entry is not None and entry.isEnabled() == item.isHidden():
                # Disabled: arrow keys skip it; hidden: the open list leaves it out.
                entry.setEnabled(not item.isHidden())
        view = self.picker.view()
        if isinstance(view, QListView):
            view.setRowHidden(index, item.isHidden())
