"""The expert's view of the shared draft: the form as the laptop shows it, read-only.

Built from the template the laptop sent, with the same field rows and editors as the
laptop's form screen (`koffer.ui.fields`); relevance, messages and completeness are the
laptop engine's, from the shared document. A masked answer shows as "verdeckt". Each
field offers "Zeigen" (the worker's screen scrolls there) and, where an expert may
propose, "Vorschlagen …".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.model import FormField, Template
from forms.paths import format_path
from koffer.assist import rules
from koffer.ui.fields import FieldRow
from koffer.ui.widgets import button, heading, paragraph


class _Row(QWidget):
    """One field at one path: its row, the mask note, the expert's two buttons."""

    def __init__(self, field: FormField, path: str, view: ExpertDraftView) -> None:
        super().__init__(view.content)
        self.field, self.path = field, path
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        self.row = FieldRow(field, path, self)
        self.row.editor.set_read_only(True)
        left.addWidget(self.row)
        self.masked_note = paragraph("", self, role="warning")
        self.masked_note.hide()
        left.addWidget(self.masked_note)
        layout.addLayout(left, 1)
        actions = QVBoxLayout()
        self.point: QPushButton | None = None
        self.propose: QPushButton | None = None
        if field.holds_answer:
            self.point = button(self.tr("Zeigen"), self)
            self.point.setAccessibleName(self.tr("Zeigen: {label}").format(label=field.label))
            self.point.setToolTip(self.tr("Die Kollegin sieht das Feld hervorgehoben."))
            self.point.clicked.connect(lambda: view.point_requested.emit(path))
            actions.addWidget(self.point)
        if field.type not in rules.NOT_PROPOSABLE and field.compute is None:
            self.propose = button(self.tr("Vorschlagen …"), self)
            self.propose.setAccessibleName(
                self.tr("Vorschlagen: {label}").format(label=field.label)
            )
            self.propose.clicked.connect(lambda: view.propose_requested.emit(path))
            actions.addWidget(self.propose)
        actions.addStretch(1)
        layout.addLayout(actions)

    def show_state(self, value: Any, masked: str | None, message: str | None) -> None:
        self.row.editor.set_value(None if masked else value)
        self.row.editor.setVisible(masked is None)
        texts = {
            "sensitive": self.tr("verdeckt (besonders schützenswerte Angabe)"),
            "signature": self.tr("verdeckt (Unterschrift)"),
            "attachment": self.tr("verdeckt (Anlage nicht freigegeben)"),
        }
        self.masked_note.setText(texts.get(masked or "", self.tr("verdeckt")) if masked else "")
        self.masked_note.setVisible(masked is not None)
        self.row.show_message(message)


class ExpertDraftView(QWidget):
    """The read-only form of the shared draft (see the module docstring)."""

    point_requested = Signal(str)
    propose_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.title = heading("", self)
        top.addWidget(self.title, 1)
        self.easy = QCheckBox(self.tr("Leichte Sprache"), self)
        self.easy.toggled.connect(lambda _: self._apply_texts())
        top.addWidget(self.easy)
        outer.addLayout(top)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setAccessibleName(self.tr("Vollständigkeit"))
        outer.addWidget(self.progress)
        from koffer.ui.widgets import scroll_page

        self.content = QWidget(self)
        self.layout_ = QVBoxLayout(self.content)
        self.layout_.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.area = scroll_page(self.content, self)
        outer.addWidget(self.area, 1)
        self.rows: dict[str, _Row] = {}
        self._sections: dict[str, QWidget] = {}
        self._structure: tuple[object, ...] | None = None
        self._template: Template | None = None
        self.documents = paragraph("", self.content)

    # ------------------------------------------------------------------ showing
    def show_draft(
        self,
        template: Template | None,
        answers: dict[str, Any],
        masked: dict[str, str],
        view: dict[str, Any],
    ) -> None:
        """Show the shared draft as the laptop's engine sees it now."""
        if template is None:
            self.title.setText(self.tr("Warten auf den Antrag …"))
            return
        rows = {
            f.id: len(answers.get(f.id) or [])
            for f in template.iter_fields()
            if f.type == "group" and isinstance(answers.get(f.id), list)
        }
        structure = (template.id, template.version, tuple(sorted(rows.items())))
        if structure != self._structure:
            self._build(template, rows)
            self._structure = structure
        relevant: dict[str, bool] = view.get("relevant") or {}
        messages: dict[str, str] = {}
        for finding in view.get("findings") or []:
            path = str(finding.get("path", ""))
            text = finding.get("message_easy") if self.easy.isChecked() else None
            messages.setdefault(path, str(text or finding.get("message", "")))
        computed: dict[str, Any] = view.get("computed") or {}
        for path, row in self.rows.items():
            value = computed.get(path) if row.field.compute is not None else _value(answers, path)
            row.show_state(value, masked.get(path), messages.get(path))
            row.setVisible(relevant.get(path, relevant.get(path.split("[", 1)[0], True)))
        for section_id, widget in self._sections.items():
            widget.setVisible(relevant.get(section_id, True))
        self.progress.setValue(round(100 * float(view.get("completeness") or 0)))
        self.progress.setFormat(self.tr("%p % vollständig"))
        self._show_documents(template, view.get("documents") or [])

    def clear(self) -> None:
        """Drop every widget that showed the draft (the session ended)."""
        self._remove_all()
        self._structure = None
        self._template = None
        self.documents.setText("")
        self.progress.setValue(0)
        self.title.setText(self.tr("Keine Sitzung"))

    def _remove_all(self) -> None:
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.documents:
                widget.deleteLater()
        self.rows.clear()
        self._sections.clear()

    def _build(self, template: Template, rows: dict[str, int]) -> None:
        self._remove_all()
        self._template = template
        self.title.setText(template.title)
        for section in template.sections:
            box = QWidget(self.content)
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 12, 0, 0)
            layout.addWidget(heading(section.title, box, level=2))
            for f in section.fields:
                if f.type != "group":
                    self._add(f, f.id, layout)
                    continue
                layout.addWidget(heading(f.label, box, level=2))
                for index in range(rows.get(f.id, 0)):
                    layout.addWidget(QLabel(f.entry_name(index, "de"), box))
                    for member in f.fields:
                        self._add(member, format_path(f.id, index, member.id), layout)
            self._sections[section.id] = box
            self.layout_.addWidget(box)
        self.layout_.addWidget(heading(self.tr("Unterlagen"), self.content, level=2))
        self.layout_.addWidget(self.documents)
        self._apply_texts()

    def _add(self, field: FormField, path: str, layout: QVBoxLayout) -> None:
        row = _Row(field, path, self)
        self.rows[path] = row
        layout.addWidget(row)

    def _apply_texts(self) -> None:
        easy = self.easy.isChecked()
        for row in self.rows.values():
            row.row.apply_texts("de", easy=easy)

    def _show_documents(self, template: Template, documents: list[dict[str, Any]]) -> None:
        labels = {d.id: d.label for d in template.documents}
        lines = []
        for item in documents:
            label = labels.get(str(item.get("id")), str(item.get("id")))
            if item.get("needed"):
                note = self.tr("freiwillig") if item.get("optional") else self.tr("wird benötigt")
                lines.append(f"• {label} – {note}")
        self.documents.setText("\n".join(lines) or self.tr("Keine Unterlagen nötig."))

    # ------------------------------------------------------------------ pointing
    def highlight(self, path: str) -> None:
        """Scroll to the field at `path` and mark it (the expert's own pointer)."""
        row = self.rows.get(path)
        if row is None:
            return
        self.area.ensureWidgetVisible(row)
        if row.point is not None:
            row.point.setFocus(Qt.FocusReason.OtherFocusReason)


def _value(answers: dict[str, Any], path: str) -> Any:
    if "[" not in path:
        return answers.get(path)
    group, rest = path.split("[", 1)
    index_text, _, member = rest.partition("].")
    rows = answers.get(group)
    try:
        row = rows[int(index_text)] if isinstance(rows, list) else None
    except (ValueError, IndexError):
        return None
    return row.get(member) if isinstance(row, dict) else None
