"""A passphrase field that never lets Qt or Python strings hold the passphrase.

A QLineEdit keeps its text in a QString and records every typed character in its undo
history, password fields too; a `text()` or a `textChanged` slot makes Python strings of
it. Locking could not wipe those copies, so this field shows only masks: the widget's
own text is one bullet per character (so the cursor, selection, screen readers and the
echo mode behave as in any password field), and the characters go into a `SecretText`
(one fixed array, zeroed on `wipe()`). Keys, input-method commits and paste are taken
here; copy, cut, drag and drop and the context menu are off, as in QLineEdit's password
mode.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

from koffer.secret_memory import SecretBuffer, SecretText, wipe_str

MASK = "\u2022"

_DELETE_BACK = {Qt.Key.Key_Backspace}
_DELETE_FORWARD = {Qt.Key.Key_Delete}
_PASS_THROUGH = {
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
    Qt.Key.Key_Escape,
}


class PassphraseField(QLineEdit):
    """A password field whose characters live in a `SecretText`, masks in the widget."""

    #: The passphrase changed (no text is passed: a Python string would be a copy).
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._secret = SecretText()
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setAcceptDrops(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        self.setMaxLength(SecretText.CAPACITY)

    # ------------------------------------------------------------------ the secret
    def secret(self) -> SecretBuffer:
        """What was typed, as UTF-8 in a new buffer (the caller wipes it)."""
        return self._secret.to_buffer()

    def secret_text(self) -> SecretText:
        """The typed characters themselves (read only; for comparison and strength)."""
        return self._secret

    def has_input(self) -> bool:
        """Whether anything was typed."""
        return bool(self._secret)

    def wipe(self) -> None:
        """Forget what was typed: the characters are zeroed, the masks removed."""
        self._secret.wipe()
        self._show(0)

    def setText(self, text: str | None, /) -> None:
        """Replace the input with `text` (programmatic typing: the demo's public
        passphrase, tests); the widget gets masks only. The caller's str is its own."""
        self._secret.wipe()
        self._replace(0, 0, text or "")

    def clear(self) -> None:
        """Same as `wipe()` (QLineEdit's clear would only drop the masks)."""
        self.wipe()

    # ------------------------------------------------------------------ editing
    def _selection(self) -> tuple[int, int]:
        if self.hasSelectedText():
            start = self.selectionStart()
            return start, start + len(self.selectedText())
        cursor = self.cursorPosition()
        return cursor, cursor

    def _replace(self, start: int, end: int, text: str) -> None:
        cursor = self._secret.replace(start, end, text)
        self._show(cursor)
        self.edited.emit()

    def _show(self, cursor: int) -> None:
        # QLineEdit.setText is not undoable: its history holds masks only
        super().setText(MASK * len(self._secret))
        self.setCursorPosition(cursor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Typed characters, deletions and paste go to the secret; moving to QLineEdit."""
        if event.matches(QKeySequence.StandardKey.Paste):
            self._paste()
            return
        if event.matches(QKeySequence.StandardKey.Copy) or event.matches(
            QKeySequence.StandardKey.Cut
        ):
            return
        start, end = self._selection()
        key = event.key()
        if key in _DELETE_BACK or key in _DELETE_FORWARD:
            if start == end:
                if key in _DELETE_BACK and start > 0:
                    start -= 1
                elif key in _DELETE_FORWARD and end < len(self._secret):
                    end += 1
            if start != end:
                self._replace(start, end, "")
            return
        text = event.text()
        modifiers = event.modifiers()
        shortcut = (
            bool(
                modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier)
            )
            and not modifiers & Qt.KeyboardModifier.AltModifier
        )  # Windows' AltGr is Ctrl+Alt
        if text and key not in _PASS_THROUGH and text.isprintable() and not shortcut:
            self._replace(start, end, text)
            return
        super().keyPressEvent(event)  # moving, selecting, Enter, Tab

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """A composed character (dead keys, an input method): its commit is typed."""
        commit = event.commitString()
        if commit:
            start, end = self._selection()
            self._replace(start, end, commit)
            wipe_str(commit)
        event.accept()

    def _paste(self) -> None:
        clipboard = QGuiApplication.clipboard()
        text = clipboard.text() if clipboard is not None else ""
        if text:
            start, end = self._selection()
            self._replace(start, end, text.replace("\n", "").replace("\r", ""))
            wipe_str(text)


def when_edited(field: PassphraseField, slot: Callable[[], None], parent: QWidget) -> QTimer:
    """Call `slot()` once after the field's edits settle (for a strength hint).

    Through a timer, not a slot on QLineEdit's `textChanged`: PySide would make a Python
    string of the field's text for every emission (masks here, but the habit is bad).
    """
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(slot)
    field.edited.connect(timer.start)
    return timer
