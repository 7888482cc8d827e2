"""First run (create the profile) and the unlock screen.

The passphrase fields are `PassphraseField`s: the widgets show masks, the characters
live in a wipeable array, and what a screen hands on is a `SecretBuffer` the receiver
wipes. Both screens forget the input as soon as it is submitted.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from koffer.secret_memory import SecretText
from koffer.ui.passphrase_field import PassphraseField, when_edited
from koffer.ui.widgets import card, heading, paragraph, primary_button

MIN_PASSPHRASE = 10


def strength_hint(passphrase: SecretText) -> tuple[int, str]:
    """A rough strength (0..3) and a German hint: length counts most."""
    kinds = sum(passphrase.kinds())
    if len(passphrase) < MIN_PASSPHRASE:
        return 0, "zu kurz: mindestens 10 Zeichen"
    if len(passphrase) >= 16 and kinds >= 2:
        return 3, "gut"
    if len(passphrase) >= 12 or kinds >= 3:
        return 2, "ordentlich – länger ist sicherer"
    return 1, "schwach – bitte länger oder mit Ziffern und Zeichen"


def _centered(inner: QWidget, parent: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(inner, 4)
    row.addStretch(1)
    return row


class SetupScreen(QWidget):
    """Create the profile: the staff member's name and a passphrase, typed twice."""

    #: the staff member's name and the passphrase (a SecretBuffer the receiver wipes)
    submitted = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        frame, layout = card(self)
        layout.addWidget(heading(self.tr("Willkommen bei Koffer"), frame))
        layout.addWidget(
            paragraph(
                self.tr(
                    "Legen Sie zuerst Ihr Profil an. Das Kennwort schützt die Daten der "
                    "Bürgerinnen und Bürger auf diesem Gerät. Ohne Kennwort kann niemand "
                    "sie lesen – auch Sie nicht. Bitte merken Sie es sich gut."
                ),
                frame,
            )
        )
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.name = QLineEdit(frame)
        self.name.setAccessibleName(self.tr("Ihr Name"))
        self.passphrase = PassphraseField(frame)
        self.passphrase.setAccessibleName(self.tr("Kennwort"))
        self.passphrase.setAccessibleDescription(self.tr("Mindestens 10 Zeichen"))
        self.repeat = PassphraseField(frame)
        self.repeat.setAccessibleName(self.tr("Kennwort wiederholen"))
        form.addRow(self.tr("Ihr &Name"), self.name)
        form.addRow(self.tr("&Kennwort (mindestens 10 Zeichen)"), self.passphrase)
        form.addRow(self.tr("Kennwort &wiederholen"), self.repeat)
        layout.addLayout(form)
        self.strength = paragraph("", frame, "help")
        self.strength.setAccessibleName(self.tr("Stärke des Kennworts"))
        layout.addWidget(self.strength)
        self.message = paragraph("", frame, "error")
        self.message.hide()
        layout.addWidget(self.message)
        self.progress = QProgressBar(frame)
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Profil wird angelegt"))
        self.progress.hide()
        layout.addWidget(self.progress)
        self.create_button = primary_button(self.tr("Profil anlegen"), frame)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(_centered(frame, self))
        outer.addStretch(2)
        self._strength_timer = when_edited(self.passphrase, self._update_strength, self)
        self.create_button.clicked.connect(self._submit)
        self.repeat.returnPressed.connect(self._submit)

    def _update_strength(self) -> None:
        typed = self.passphrase.secret_text()
        _level, hint = strength_hint(typed)
        self.strength.setText(self.tr("Stärke: ") + self.tr(hint) if typed else "")

    def _submit(self) -> None:
        name = self.name.text().strip()
        first, second = self.passphrase.secret_text(), self.repeat.secret_text()
        if not name:
            self.show_error(self.tr("Bitte geben Sie Ihren Namen ein."))
            self.name.setFocus()
        elif len(first) < MIN_PASSPHRASE:
            self.show_error(self.tr("Das Kennwort ist zu kurz: bitte mindestens 10 Zeichen."))
            self.passphrase.setFocus()
        elif not first.matches(second):
            self.show_error(self.tr("Die beiden Kennwörter sind verschieden. Bitte noch einmal."))
            self.repeat.wipe()
            self.repeat.setFocus()
        else:
            self.message.hide()
            self.set_busy(True)
            secret = self.passphrase.secret()
            self.forget_passphrase()
            self.submitted.emit(name, secret)

    def forget_passphrase(self) -> None:
        """Wipe both passphrase fields (after submitting; on lock)."""
        self.passphrase.wipe()
        self.repeat.wipe()
        self.strength.setText("")

    def show_error(self, text: str) -> None:
        """A calm message under the form."""
        self.set_busy(False)
        self.message.setText(text)
        self.message.show()

    def set_busy(self, busy: bool) -> None:
        """Show progress while the keys are made."""
        self.progress.setVisible(busy)
        self.create_button.setEnabled(not busy)


class UnlockScreen(QWidget):
    """Unlock the profile with the passphrase; shows nothing personal."""

    #: the passphrase (a SecretBuffer the receiver wipes)
    submitted = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        frame, layout = card(self)
        self.title = heading(self.tr("Koffer ist gesperrt"), frame)
        layout.addWidget(self.title)
        self.greeting = paragraph(
            self.tr("Bitte geben Sie Ihr Kennwort ein, um weiterzuarbeiten."), frame
        )
        layout.addWidget(self.greeting)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.passphrase = PassphraseField(frame)
        self.passphrase.setAccessibleName(self.tr("Kennwort"))
        form.addRow(self.tr("&Kennwort"), self.passphrase)
        layout.addLayout(form)
        self.demo_hint = paragraph("", frame, "warning")
        self.demo_hint.hide()
        layout.addWidget(self.demo_hint)
        self.message = paragraph("", frame, "error")
        self.message.hide()
        layout.addWidget(self.message)
        self.unsaved = paragraph("", frame, "warning")
        self.unsaved.setAccessibleName(self.tr("Nicht gespeicherte Eingabe"))
        self.unsaved.hide()
        layout.addWidget(self.unsaved)
        self.progress = QProgressBar(frame)
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Wird entsperrt"))
        self.progress.hide()
        layout.addWidget(self.progress)
        self.unlock = primary_button(self.tr("Entsperren"), frame)
        layout.addWidget(self.unlock, 0, Qt.AlignmentFlag.AlignRight)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(_centered(frame, self))
        outer.addStretch(2)
        self.unlock.clicked.connect(self._submit)
        self.passphrase.returnPressed.connect(self._submit)

    def set_staff_name(self, name: str) -> None:
        """Greet the profile's owner (their own name is not citizen data)."""
        if name:
            self.greeting.setText(
                self.tr("Hallo {name}, bitte geben Sie Ihr Kennwort ein.").format(name=name)
            )

    def set_demo_passphrase(self, passphrase: str) -> None:
        """On the demo profile only: show its public passphrase."""
        self.demo_hint.setText(
            self.tr("Demo-Profil – das Kennwort lautet: {p}").format(p=passphrase)
        )
        self.demo_hint.setVisible(bool(passphrase))

    def _submit(self) -> None:
        if not self.passphrase.has_input():
            self.show_error(self.tr("Bitte geben Sie Ihr Kennwort ein."))
            return
        self.message.hide()
        self.set_busy(True)
        secret = self.passphrase.secret()
        self.passphrase.wipe()
        self.submitted.emit(secret)

    def show_error(self, text: str) -> None:
        """A calm message; the passphrase field is emptied and focused again."""
        self.set_busy(False)
        self.message.setText(text)
        self.message.show()
        self.passphrase.clear()
        self.passphrase.setFocus()

    def reset(self) -> None:
        """Forget what was typed (on lock)."""
        self.set_busy(False)
        self.passphrase.clear()
        self.message.hide()
        self.show_unsaved("")

    def show_unsaved(self, text: str) -> None:
        """Say that the last input could not be saved before the lock ("" hides it)."""
        self.unsaved.setText(text)
        self.unsaved.setVisible(bool(text))

    def set_locking(self, locking: bool) -> None:
        """While the lock still writes the open draft's input: no unlocking yet."""
        self.progress.setAccessibleName(
            self.tr("Wird gesperrt") if locking else self.tr("Wird entsperrt")
        )
        self.set_busy(locking)

    def set_busy(self, busy: bool) -> None:
        """Show progress while the key is derived."""
        self.progress.setVisible(busy)
        self.unlock.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)
