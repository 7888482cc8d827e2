"""One editor widget per field type of the template format, and the row around it.

A :class:`FieldRow` is label + help + editor + inline message. The label and the help
live inside the editor widget, beside its controls: Qt ties a control to its label (the
"labelled by" relation a screen reader reads) only when the label is a sibling, and on
Linux a combo box is announced by nothing else (its own name is its current text).

What a screen reader announces for a field: its name is the label, the row it belongs to
("Person 2") and the required marker of the form's language; its description starts
with the message shown under the field, then the help. Qt's accessibility bridge carries
no "required" or "invalid" state, so both are said in words.

Editors never talk to the store; they emit ``edited(value)`` for changes made by the
person, and ``set_value`` never emits, so loading, undo and computed values cannot echo
back. What a line cannot read as its type ("30.02.1950", "12,3,4") is emitted as typed:
the engine says what is wrong, the draft keeps it, and nothing typed disappears.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import ClassVar

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QBoxLayout,
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
    words,
)
from forms.model import AnswerValue, FormField
from koffer.ui.widgets import LabelTicks

#: Up to this many options a choice shows radio buttons (all visible, one key press each).
RADIO_LIMIT = 4
#: Keys that move to the previous / next option of a group of radio buttons.
_BACK_KEYS = frozenset({Qt.Key.Key_Left, Qt.Key.Key_Up})
_ON_KEYS = frozenset({Qt.Key.Key_Right, Qt.Key.Key_Down})


def _plain_label(parent: QWidget, role: str = "") -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        label.setProperty("role", role)
    return label


class FieldEditor(QWidget):
    """Base of all editors: value in, value out, ``edited`` on user changes only.

    Subclasses put their controls into `body(...)`; the row puts its label and help
    above them (`place_texts`), as siblings of the controls.
    """

    edited = Signal(object)

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.language = "de"
        self._loading = False
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(4)

    def body(self, *, horizontal: bool) -> QBoxLayout:
        """The layout the editor's own controls go into."""
        layout: QBoxLayout = QHBoxLayout() if horizontal else QVBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        self.column.addLayout(layout)
        return layout

    def place_texts(self, label: QLabel, help_label: QLabel) -> None:
        """Put the row's label and help above the controls (they are children of self)."""
        self.column.insertWidget(0, label)
        self.column.insertWidget(1, help_label)
        focus = self.focus_widgets()
        if focus:
            label.setBuddy(focus[0])

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
        """Relabel options and hints for the citizen's language."""
        self.language = language

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

    def entry(self) -> QWidget | None:
        """Where the keyboard focus goes into the field (its first stop)."""
        stops = self.focus_widgets()
        return stops[0] if stops else None

    def setFocus(self, reason: Qt.FocusReason = Qt.FocusReason.OtherFocusReason) -> None:
        """Put the focus into the field.

        Not a focus proxy: Qt's Tab treats a widget with a proxy as a stop of its own at
        the widget's place in the focus chain, which sent Tab from the last button of the
        form back to its first field.
        """
        entry = self.entry()
        if entry is not None and entry is not self:
            entry.setFocus(reason)
        else:
            super().setFocus(reason)


class LineEditor(FieldEditor):
    """One-line text, and numbers, dates, IBAN, tax id, e-mail, phone, postal code."""

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
        layout = self.body(horizontal=True)
        layout.addWidget(self.edit, 1)
        if field.type == "currency":
            euro = QLabel("€", self)
            euro.setAccessibleName("Euro")
            layout.addWidget(euro)
        pattern = self.PATTERNS.get(field.type)
        if pattern:
            self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), self))
        # No setMaxLength: a line that stops taking keys says nothing. The engine's
        # "höchstens N Zeichen" appears instead, and nothing typed is cut off.
        if field.type in ("integer", "decimal", "currency"):
            self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        if field.type == "email":
            self.edit.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self.edit.textEdited.connect(lambda _text: self._emit())
        self.set_language("de")

    def hint(self) -> str:
        """The placeholder in the form's language."""
        if self.field.placeholder:
            return self.field.placeholder
        fixed = words(self.language)
        hints = {
            "date": fixed.date_hint,
            "iban": "DE00 0000 0000 0000 0000 00",
            "tax_id": fixed.digits.format(n=11),
            "postal_code": fixed.digits.format(n=5),
            "email": "name@beispiel.de" if self.language == "de" else "name@example.org",
            "phone": "0123 456789",
        }
        return hints.get(self.field.type, "")

    def set_language(self, language: str) -> None:
        """Placeholder in the citizen's language."""
        super().set_language(language)
        self.edit.setPlaceholderText(self.hint())

    def focus_widgets(self) -> list[QWidget]:
        """The line edit."""
        return [self.edit]

    def value(self) -> AnswerValue:
        """Text → the answer type of the field; what cannot be read stays as typed."""
        text = self.edit.text().strip()
        if not text:
            return None
        kind = self.field.type
        if kind == "integer":
            try:
                return int(text)
            except ValueError:
                return text
        if kind in ("decimal", "currency"):
            number = parse_german_decimal(text)
            if number is None:
                return text
            return str(number.quantize(Decimal("0.01"))) if kind == "currency" else str(number)
        if kind == "date":
            day = parse_german_date(text)
            return day.isoformat() if day is not None else text
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
            shown = editable_number(value, 2 if kind == "currency" else None)
            self.edit.setText(shown or str(value))  # kept as typed when it is no number
        elif kind == "date":
            self.edit.setText(format_date(value))
        else:
            self.edit.setText(str(value))

    def set_read_only(self, read_only: bool) -> None:
        """Read-only line edits stay focusable so screen readers can reach them."""
        self.edit.setReadOnly(read_only)


class TextAreaEditor(FieldEditor):
    """Long text; Tab moves on (it never inserts a tab). Nothing is cut off."""

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        if field.placeholder:
            self.edit.setPlaceholderText(field.placeholder)
        self.body(horizontal=False).addWidget(self.edit)
        self.edit.textChanged.connect(self._emit)

    def focus_widgets(self) -> list[QWidget]:
        """The text edit."""
        return [self.edit]

    def value(self) -> AnswerValue:
        """The whole text (the engine says when it is too long), None when empty."""
        text = self.edit.toPlainText()
        return text if text.strip() else None

    def _show(self, value: AnswerValue) -> None:
        self.edit.setPlainText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        """Stay focusable."""
        self.edit.setReadOnly(read_only)


class RadioEditor(FieldEditor):
    """Yes/no, or a choice with few options: all visible.

    One Tab stop for the whole question, on the chosen option (the first when none is
    chosen); the arrow keys choose the previous or next option, as in every desktop.
    """

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.group = QButtonGroup(self)
        self.buttons: list[tuple[AnswerValue, QRadioButton]] = []
        horizontal = field.type == "boolean"
        layout = self.body(horizontal=horizontal)
        choices: list[AnswerValue] = (
            [True, False] if field.type == "boolean" else [o.value for o in field.options]
        )
        for index, value in enumerate(choices):
            button = QRadioButton(self)
            self.group.addButton(button, index)
            self.buttons.append((value, button))
            layout.addWidget(button)
            button.installEventFilter(self)
        if horizontal:
            layout.addStretch(1)
        self.group.buttonToggled.connect(self._toggled)
        self.set_language("de")
        self._update_tab_stop()

    def _toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self._update_tab_stop()
            self._emit()

    def _update_tab_stop(self) -> None:
        checked = next((b for _v, b in self.buttons if b.isChecked()), None)
        stop = checked or (self.buttons[0][1] if self.buttons else None)
        for _value, button in self.buttons:
            policy = Qt.FocusPolicy.StrongFocus if button is stop else Qt.FocusPolicy.ClickFocus
            button.setFocusPolicy(policy)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys choose the neighbouring option (and move the focus to it)."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            buttons = [b for _v, b in self.buttons]
            if watched in buttons and (key in _BACK_KEYS or key in _ON_KEYS):
                if not buttons[0].isEnabled():
                    return True
                step = -1 if key in _BACK_KEYS else 1
                here = next(i for i, b in enumerate(buttons) if b is watched)
                target = buttons[(here + step) % len(buttons)]
                target.setChecked(True)
                target.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)

    def focus_widgets(self) -> list[QWidget]:
        """Every radio button."""
        return [b for _v, b in self.buttons]

    def entry(self) -> QWidget | None:
        """The chosen option, or the first."""
        checked = next((b for _v, b in self.buttons if b.isChecked()), None)
        return checked or (self.buttons[0][1] if self.buttons else None)

    def describe(self, name: str, description: str) -> None:
        """Each button says its own option after the question."""
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
        self._update_tab_stop()

    def set_language(self, language: str) -> None:
        """Option labels (and Ja/Nein) in the citizen's language."""
        super().set_language(language)
        if self.field.type == "boolean":
            fixed = words(language)
            self.buttons[0][1].setText(fixed.yes)
            self.buttons[1][1].setText(fixed.no)
            return
        for option, (_value, button) in zip(self.field.options, self.buttons, strict=True):
            button.setText(option.label_i18n.get(language, option.label))


class DeclarationEditor(FieldEditor):
    """A declaration: one check box, with the declaration (the row's label) as its text.

    A QCheckBox cannot wrap its text, and declarations are long: the label stands beside
    the box, wraps, and a click on it ticks the box.
    """

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.box = QCheckBox(self)
        self.line = self.body(horizontal=True)
        self.line.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        self.box.toggled.connect(lambda _checked: self._emit())

    def place_texts(self, label: QLabel, help_label: QLabel) -> None:
        """The declaration beside the box (a click on it ticks), the help below both."""
        self.line.addWidget(label, 1)
        self.column.addWidget(help_label)
        self._ticks = LabelTicks(label, self.box)

    def focus_widgets(self) -> list[QWidget]:
        """The check box."""
        return [self.box]

    def value(self) -> AnswerValue:
        """True when ticked; unticked is no declaration (unanswered)."""
        return True if self.box.isChecked() else None

    def _show(self, value: AnswerValue) -> None:
        self.box.setChecked(value is True)


class ComboEditor(FieldEditor):
    """A choice with many options."""

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.combo = QComboBox(self)
        self.combo.addItem(words("de").choose, None)
        for option in field.options:
            self.combo.addItem(option.label, option.value)
        layout = self.body(horizontal=True)
        layout.addWidget(self.combo, 1)
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
        """Option labels (and the empty entry) in the citizen's language."""
        super().set_language(language)
        self.combo.setItemText(0, words(language).choose)
        for row, option in enumerate(self.field.options, start=1):
            self.combo.setItemText(row, option.label_i18n.get(language, option.label))


class MultiChoiceEditor(FieldEditor):
    """Several options, one check box each."""

    def __init__(self, field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        layout = self.body(horizontal=False)
        self.boxes: list[tuple[str, QCheckBox]] = []
        for option in field.options:
            box = QCheckBox(option.label, self)
            box.toggled.connect(lambda _checked: self._emit())
            layout.addWidget(box)
            self.boxes.append((option.value, box))

    def focus_widgets(self) -> list[QWidget]:
        """Every check box."""
        return [b for _v, b in self.boxes]

    def describe(self, name: str, description: str) -> None:
        """Each box says its option after the question."""
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
        super().set_language(language)
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
        self.body(horizontal=True).addWidget(self.edit, 1)
        self._value: AnswerValue = None

    def focus_widgets(self) -> list[QWidget]:
        """The read-only line."""
        return [self.edit]

    def value(self) -> AnswerValue:
        """The last computed value."""
        return self._value

    def _show(self, value: AnswerValue) -> None:
        self._value = value
        shown = "" if value is None else format_value(self.field, value, self.language)
        self.edit.setText(shown)


class NoteEditor(FieldEditor):
    """Info texts and the signature placeholder: nothing to type here."""

    def __init__(self, field: FormField, text: str, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.note = _plain_label(self, "help")
        self.note.setText(text)
        self.note.setVisible(bool(text))
        self.body(horizontal=False).addWidget(self.note)
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
    if kind == "declaration":
        return DeclarationEditor(field, parent)
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

    def __init__(
        self,
        field: FormField,
        path: str,
        parent: QWidget | None = None,
        extra: ExtraFactory | None = None,
        *,
        context: str = "",
    ) -> None:
        """Args:
        context: which entry of a repeat group the field belongs to ("Person 2"): said
            with the name, so the second "Vorname" is not announced like the first.
        """
        super().__init__(parent)
        self.field = field
        self.path = path
        self.context = context
        self.required = False
        self.language = "de"
        self.easy = False
        self.setProperty("koffer_path", path)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.setSpacing(4)
        self.editor = make_editor(field, self, extra)
        # An info text reads like the paragraphs around it, not like a heading.
        self.label = _plain_label(self.editor, "note" if field.type == "info" else "")
        self.help = _plain_label(self.editor, "help")
        self.editor.place_texts(self.label, self.help)
        self.message = _plain_label(self, "error")
        self.message.hide()
        layout.addWidget(self.editor)
        layout.addWidget(self.message)
        self.apply_texts("de", easy=False)

    def spoken_name(self) -> str:
        """What a screen reader calls the field: label, row, required marker."""
        parts = [self.field.label_in(self.language)]
        if self.context:
            parts.append(self.context)
        if self._marks_required():
            parts.append(words(self.language).required)
        return ", ".join(parts)

    def _marks_required(self) -> bool:
        field = self.field
        return self.required and field.holds_answer and field.compute is None

    def apply_texts(self, language: str, *, easy: bool) -> None:
        """Label and help in `language`; Leichte Sprache help when asked and available."""
        self.language, self.easy = language, easy
        field = self.field
        label = field.label_in(language)
        if self._marks_required():
            label += f" ({words(language).required})"
        self.label.setText(label)
        self.label.setAccessibleName(self.spoken_name())
        help_text = field.help_i18n.get(language) if language != "de" else None
        if help_text is None:
            help_text = (field.help_easy if easy and field.help_easy else field.help) or ""
        if field.compute is not None:
            help_text = (help_text + " " + self.tr("Wird automatisch berechnet.")).strip()
        self.help.setText(help_text)
        self.help.setVisible(bool(help_text))
        self.editor.set_language(language)
        self._describe()

    def _describe(self) -> None:
        description = " ".join(t for t in (self.message.text(), self.help.text()) if t)
        self.editor.describe(self.spoken_name(), description)

    def set_required(self, required: bool, language: str, *, easy: bool) -> None:
        """Mark the field as required (in words, not by colour only)."""
        if required != self.required or language != self.language or easy != self.easy:
            self.required = required
            self.apply_texts(language, easy=easy)

    def show_message(self, text: str | None) -> None:
        """The inline validation message (None hides it); said first in the description."""
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
        self._describe()
