"""One editor widget per field type of the template format, and the row around it.

A :class:`FieldRow` is label + help + editor + inline message. Editors never talk to
the store; they emit ``edited(value)`` for changes made by the person, and
``set_value`` never emits, so loading, undo and computed values cannot echo back.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import ClassVar

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from forms.display import (
    editable_number,
    format_date,
    format_value,
    parse_german_date,
    parse_german_decimal,
)
from forms.model import AnswerValue, FormField

#: Up to this many options a choice shows radio buttons (all visible, one key press each).
RADIO_LIMIT = 4


class FieldEditor(QWidget):
    """Base of all editors: value in, value out, ``edited`` on user changes only."""

    edited = Signal(object)

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self._loading = False
        self.local_error: str | None = None  # an input the editor itself cannot read

    def value(self) -> AnswerValue:
        """The current answer (None when unanswered)."""
        raise NotImplementedError

    def set_value(self, value: AnswerValue) -> None:
        """Show `value` without emitting ``edited``."""
        self._loading = True
        try:
            self._show(value)
        finally:
            self._loading = False

    def _show(self, value: AnswerValue) -> None:
        raise NotImplementedError

    def _emit(self) -> None:
        if not self._loading:
            self.edited.emit(self.value())

    def set_language(self, language: str) -> None:
        """Relabel options for the citizen's language."""
        del language

    def set_read_only(self, read_only: bool) -> None:
        """Show the value but let nobody change it (computed fields)."""
        self.setEnabled(not read_only)

    def describe(self, name: str, description: str) -> None:
        """Give every focusable part an accessible name and description."""
        for child in self.focus_widgets():
            child.setAccessibleName(name)
            child.setAccessibleDescription(description)

    def focus_widgets(self) -> list[QWidget]:
        """The widgets that take keyboard focus, in tab order."""
        return [self]


class LineEditor(FieldEditor):
    """One-line text, and numbers, dates, IBAN, tax id, e-mail, phone, postal code."""

    HINTS: ClassVar[dict[str, str]] = {
        "date": "TT.MM.JJJJ",
        "iban": "DE00 0000 0000 0000 0000 00",
        "tax_id": "11 Ziffern",
        "postal_code": "5 Ziffern",
        "email": "name@beispiel.de",
        "phone": "0123 456789",
    }
    PATTERNS: ClassVar[dict[str, str]] = {
        "integer": r"-?\d{0,12}",
        "decimal": r"-?[\d.]{0,15}(,\d{0,6})?",
        "currency": r"-?[\d.]{0,15}(,\d{0,2})?",
        "date": r"[\d.]{0,10}",
        "postal_code": r"\d{0,5}",
        "tax_id": r"[\d ]{0,14}",
    }

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QLineEdit(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        if field.type == "currency":
            euro = QLabel("€", self)
            euro.setAccessibleName(self.tr("Euro"))
            layout.addWidget(euro)
        self.setFocusProxy(self.edit)
        placeholder = field.placeholder or self.HINTS.get(field.type)
        if placeholder:
            self.edit.setPlaceholderText(placeholder)
        pattern = self.PATTERNS.get(field.type)
        if pattern:
            self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), self))
        if field.max_length:
            self.edit.setMaxLength(field.max_length)
        if field.type in ("integer", "decimal", "currency"):
            self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        if field.type == "email":
            self.edit.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self.edit.textEdited.connect(lambda _text: self._emit())

    def focus_widgets(self) -> list[QWidget]:
        """The line edit."""
        return [self.edit]

    def value(self) -> AnswerValue:
        """Text → the answer type of the field."""
        text = self.edit.text().strip()
        self.local_error = None
        if not text:
            return None
        kind = self.field.type
        if kind == "integer":
            try:
                return int(text)
            except ValueError:
                self.local_error = self.tr("Bitte eine ganze Zahl eingeben.")
                return None
        if kind in ("decimal", "currency"):
            number = parse_german_decimal(text)
            if number is None:
                self.local_error = self.tr("Bitte eine Zahl eingeben, z. B. 1234,50.")
                return None
            return str(number.quantize(Decimal("0.01"))) if kind == "currency" else str(number)
        if kind == "date":
            day = parse_german_date(text)
            if day is None:
                if len(text) >= 8:
                    self.local_error = self.tr("Bitte das Datum so eingeben: TT.MM.JJJJ")
                return None
            return day.isoformat()
        if kind == "iban":
            return text.replace(" ", "").upper()
        if kind == "tax_id":
            return text.replace(" ", "")
        return text

    def _show(self, value: AnswerValue) -> None:
        if value is None or value == "":
            self.edit.setText("")
            return
        kind = self.field.type
        if kind in ("decimal", "currency"):
            self.edit.setText(editable_number(value, 2 if kind == "currency" else None))
        elif kind == "date":
            self.edit.setText(format_date(value))
        else:
            self.edit.setText(str(value))

    def set_read_only(self, read_only: bool) -> None:
        """Read-only line edits stay focusable so screen readers can reach them."""
        self.edit.setReadOnly(read_only)


class TextAreaEditor(FieldEditor):
    """Long text; Tab moves on (it never inserts a tab)."""

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        if field.placeholder:
            self.edit.setPlaceholderText(field.placeholder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._emit)

    def focus_widgets(self) -> list[QWidget]:
        """The text edit."""
        return [self.edit]

    def value(self) -> AnswerValue:
        """The text, None when empty."""
        text = self.edit.toPlainText()
        if self.field.max_length:
            text = text[: self.field.max_length]
        return text if text.strip() else None

    def _show(self, value: AnswerValue) -> None:
        self.edit.setPlainText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        """Stay focusable."""
        self.edit.setReadOnly(read_only)


class RadioEditor(FieldEditor):
    """Yes/no, or a choice with few options: all visible, arrow keys move."""

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.group = QButtonGroup(self)
        self.buttons: list[tuple[AnswerValue, QRadioButton]] = []
        horizontal = field.type == "boolean"
        layout: QHBoxLayout | QVBoxLayout = QHBoxLayout(self) if horizontal else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if field.type == "boolean":
            choices: list[tuple[AnswerValue, str]] = [
                (True, self.tr("Ja")),
                (False, self.tr("Nein")),
            ]
        else:
            choices = [(o.value, o.label) for o in field.options]
        for index, (value, label) in enumerate(choices):
            button = QRadioButton(label, self)
            self.group.addButton(button, index)
            self.buttons.append((value, button))
            layout.addWidget(button)
        if horizontal:
            layout.addStretch(1)
        self.group.buttonToggled.connect(lambda _b, checked: self._emit() if checked else None)
        if self.buttons:
            self.setFocusProxy(self.buttons[0][1])

    def focus_widgets(self) -> list[QWidget]:
        """Every radio button."""
        return [b for _v, b in self.buttons]

    def describe(self, name: str, description: str) -> None:
        """Each button says its own option; the description names the question."""
        for _value, button in self.buttons:
            button.setAccessibleName(f"{name}: {button.text()}")
            button.setAccessibleDescription(description)

    def value(self) -> AnswerValue:
        """The checked option's value, None if none."""
        for value, button in self.buttons:
            if button.isChecked():
                return value
        return None

    def _show(self, value: AnswerValue) -> None:
        self.group.setExclusive(False)
        for option, button in self.buttons:
            button.setChecked(value is not None and option == value)
        self.group.setExclusive(True)

    def set_language(self, language: str) -> None:
        """Option labels in the citizen's language."""
        if self.field.type == "boolean":
            return
        for option, (_value, button) in zip(self.field.options, self.buttons, strict=True):
            button.setText(option.label_i18n.get(language, option.label))


class ComboEditor(FieldEditor):
    """A choice with many options."""

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.combo = QComboBox(self)
        self.combo.addItem(self.tr("— bitte wählen —"), None)
        for option in field.options:
            self.combo.addItem(option.label, option.value)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        self.setFocusProxy(self.combo)
        self.combo.currentIndexChanged.connect(lambda _i: self._emit())

    def focus_widgets(self) -> list[QWidget]:
        """The combo box."""
        return [self.combo]

    def value(self) -> AnswerValue:
        """The chosen option's value."""
        data = self.combo.currentData()
        return str(data) if data is not None else None

    def _show(self, value: AnswerValue) -> None:
        index = self.combo.findData(value) if value is not None else 0
        self.combo.setCurrentIndex(max(index, 0))

    def set_language(self, language: str) -> None:
        """Option labels in the citizen's language."""
        for row, option in enumerate(self.field.options, start=1):
            self.combo.setItemText(row, option.label_i18n.get(language, option.label))


class MultiChoiceEditor(FieldEditor):
    """Several options, one check box each."""

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[tuple[str, QCheckBox]] = []
        for option in field.options:
            box = QCheckBox(option.label, self)
            box.toggled.connect(lambda _checked: self._emit())
            layout.addWidget(box)
            self.boxes.append((option.value, box))
        self.setFocusProxy(self.boxes[0][1])

    def focus_widgets(self) -> list[QWidget]:
        """Every check box."""
        return [b for _v, b in self.boxes]

    def describe(self, name: str, description: str) -> None:
        """Each box says its option; the description names the question."""
        for _value, box in self.boxes:
            box.setAccessibleName(f"{name}: {box.text()}")
            box.setAccessibleDescription(description)

    def value(self) -> AnswerValue:
        """The checked values in option order (None when none)."""
        chosen = [v for v, b in self.boxes if b.isChecked()]
        return chosen or None

    def _show(self, value: AnswerValue) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for option, box in self.boxes:
            box.setChecked(option in chosen)

    def set_language(self, language: str) -> None:
        """Option labels in the citizen's language."""
        for option, (_value, box) in zip(self.field.options, self.boxes, strict=True):
            box.setText(option.label_i18n.get(language, option.label))


class ComputedEditor(FieldEditor):
    """A computed value: shown, focusable for screen readers, never editable."""

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QLineEdit(self)
        self.edit.setReadOnly(True)
        if field.type in ("integer", "decimal", "currency"):
            self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.edit)
        self._value: AnswerValue = None

    def focus_widgets(self) -> list[QWidget]:
        """The read-only line."""
        return [self.edit]

    def value(self) -> AnswerValue:
        """The last computed value."""
        return self._value

    def _show(self, value: AnswerValue) -> None:
        self._value = value
        self.edit.setText("" if value is None else format_value(self.field, value))


class NoteEditor(FieldEditor):
    """Info texts and the signature placeholder: nothing to type here."""

    def __init__(self, field: FormField, text: str, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setProperty("role", "help")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        self._value: AnswerValue = None
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def focus_widgets(self) -> list[QWidget]:
        """Nothing takes focus."""
        return []

    def value(self) -> AnswerValue:
        """Whatever was loaded (a signature id), unchanged."""
        return self._value

    def _show(self, value: AnswerValue) -> None:
        self._value = value


#: Builds an editor for the field types that need services (attachments).
ExtraFactory = Callable[[FormField, QWidget], FieldEditor | None]


def make_editor(
    field: FormField, parent: QWidget, extra: ExtraFactory | None = None
) -> FieldEditor:
    """The editor for one field (not for groups; the form builds those)."""
    if extra is not None:
        custom = extra(field, parent)
        if custom is not None:
            return custom
    if field.compute is not None:
        return ComputedEditor(field, parent)
    kind = field.type
    if kind == "textarea":
        return TextAreaEditor(field, parent)
    if kind == "boolean" or (kind == "choice" and len(field.options) <= RADIO_LIMIT):
        return RadioEditor(field, parent)
    if kind == "choice":
        return ComboEditor(field, parent)
    if kind == "multichoice":
        return MultiChoiceEditor(field, parent)
    if kind == "info":
        return NoteEditor(field, "", parent)
    if kind == "signature":
        return NoteEditor(
            field,
            parent.tr(
                "Die Unterschrift folgt nach der Prüfung durch die Bürgerin oder den Bürger."
            ),
            parent,
        )
    if kind == "attachment":
        return NoteEditor(
            field, parent.tr("Anhänge können erst nach dem Entsperren hinzugefügt werden."), parent
        )
    return LineEditor(field, parent)


class FieldRow(QWidget):
    """Label, help, editor and the inline message of one field at one path."""

    left = Signal(str)

    def __init__(
        self,
        field: FormField,
        path: str,
        parent: QWidget | None = None,
        extra: ExtraFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = field
        self.path = path
        self.required = False
        self.setProperty("koffer_path", path)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.setSpacing(4)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        if field.type == "info":
            self.label.setProperty("role", "h2")
        self.help = QLabel(self)
        self.help.setWordWrap(True)
        self.help.setProperty("role", "help")
        self.help.setTextFormat(Qt.TextFormat.PlainText)
        self.editor = make_editor(field, self, extra)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setProperty("role", "error")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        focus = self.editor.focus_widgets()
        if focus:
            self.label.setBuddy(focus[0])
        layout.addWidget(self.label)
        layout.addWidget(self.help)
        layout.addWidget(self.editor)
        layout.addWidget(self.message)
        self.apply_texts("de", easy=False)

    def apply_texts(self, language: str, *, easy: bool) -> None:
        """Label and help in `language`; Leichte Sprache help when asked and available."""
        field = self.field
        label = field.label_in(language)
        if self.required and field.holds_answer and field.compute is None:
            label += " " + self.tr("(Pflichtfeld)")
        self.label.setText(label)
        help_text = field.help_i18n.get(language) if language != "de" else None
        if help_text is None:
            help_text = (field.help_easy if easy and field.help_easy else field.help) or ""
        if field.type == "info":
            help_text = help_text or ""
        if field.compute is not None:
            help_text = (help_text + " " + self.tr("Wird automatisch berechnet.")).strip()
        self.help.setText(help_text)
        self.help.setVisible(bool(help_text))
        self.editor.set_language(language)
        self.editor.describe(field.label_in(language), help_text)

    def set_required(self, required: bool, language: str, *, easy: bool) -> None:
        """Mark the field as required (text, not colour only)."""
        if required != self.required:
            self.required = required
            self.apply_texts(language, easy=easy)

    def show_message(self, text: str | None) -> None:
        """The inline validation message (None hides it)."""
        invalid = bool(text)
        if (text or "") == self.message.text() and invalid == self.message.isVisibleTo(self):
            return
        self.message.setText(text or "")
        self.message.setVisible(invalid)
        for widget in self.editor.focus_widgets():
            if widget.property("invalid") != invalid:
                widget.setProperty("invalid", invalid)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
            description = self.help.text()
            if text:
                description = f"{text} {description}".strip()
            widget.setAccessibleDescription(description)
