"""What a person types stays, wrong answers are told precisely, in the form's language.

The field worker's journey of issue 12: a date that is no day, a paste longer than the
field, a too short IBAN, Ja/Nein by keyboard, declarations, the English form language.
"""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from koffer.ui.fields import ComboEditor, DeclarationEditor, LineEditor, RadioEditor
from tests.gui.conftest import unlock
from tests.gui.test_form import choose, open_wohngeld, type_into

pytestmark = pytest.mark.gui


def leave(form, path):
    """Move the focus out of the field at `path` (into the section navigator)."""
    assert path in form.rows
    form.navigator.setFocus()
    QApplication.processEvents()


def open_points(form):
    return [form.summary.item(i).text() for i in range(form.summary.count())]


def reopen(window, make_window):
    window.form.done.click()
    window.close()
    again = make_window()
    unlock(again)
    again.show_drafts()
    again.drafts_screen.open.click()
    assert again.form is not None
    return again.form


def test_a_date_that_is_no_day_stays_with_a_clear_message_until_corrected(unlocked, make_window):
    form = open_wohngeld(unlocked)
    form.go_to("antragsteller")
    type_into(form, "geburtsdatum", "30.02.1950")
    leave(form, "geburtsdatum")
    row = form.rows["geburtsdatum"]
    assert form.answers["geburtsdatum"] == "30.02.1950"  # kept, saved with the draft
    assert row.message.text().startswith("Den 30.02.1950 gibt es nicht")
    assert "28 Tage" in row.message.text()
    assert not any("Bitte ausfüllen" in p for p in open_points(form) if "Geburtsdatum" in p)
    reopened = reopen(unlocked, make_window)
    reopened.go_to("antragsteller")
    assert reopened.rows["geburtsdatum"].editor.edit.text() == "30.02.1950"
    type_into(reopened, "geburtsdatum", "28.02.1950")
    assert reopened.answers["geburtsdatum"] == "1950-02-28"


def test_a_future_birth_date_gets_one_message(unlocked):
    form = open_wohngeld(unlocked)
    form.go_to("antragsteller")
    type_into(form, "geburtsdatum", "01.01.2099")
    leave(form, "geburtsdatum")
    about_it = [p for p in open_points(form) if p.startswith("• Geburtsdatum")]
    assert len(about_it) == 1
    assert "Zukunft" in about_it[0]
    assert "volljährig" not in " ".join(open_points(form))


def test_a_short_iban_is_told_its_length(unlocked):
    form = open_wohngeld(unlocked)
    form.go_to("konto")
    type_into(form, "iban", "DE1234")
    leave(form, "iban")
    assert "22 Zeichen" in form.rows["iban"].message.text()
    assert "Prüfziffer" not in form.rows["iban"].message.text()


def test_open_points_name_the_field_once(unlocked):
    form = open_wohngeld(unlocked)
    form.reveal_all_findings()
    label = "Sind Sie mit der Vermieterin oder dem Vermieter verwandt oder verschwägert?"
    point = next(p for p in open_points(form) if label in p)
    assert point.count(label) == 1
    assert point == f"• {label}: Bitte eine Antwort auswählen."


def test_a_declaration_is_one_check_box_with_its_text(unlocked):
    form = open_wohngeld(unlocked)
    form.go_to("erklaerungen")
    row = form.rows["erklaerung_richtig"]
    assert isinstance(row.editor, DeclarationEditor)
    assert row.editor.focus_widgets() == [row.editor.box]
    assert row.editor.box.accessibleName().startswith(
        "Ich versichere, dass meine Angaben vollständig und richtig sind."
    )
    assert "erklaerung_richtig" not in form.answers
    QTest.mouseClick(row.label, Qt.MouseButton.LeftButton)  # the text ticks the box
    assert row.editor.box.isChecked()
    assert form.answers["erklaerung_richtig"] is True
    row.editor.box.click()
    assert form.answers.get("erklaerung_richtig") is None


def test_the_english_form_language_has_english_markers_hints_and_messages(unlocked):
    form = open_wohngeld(unlocked)
    form.language_box.setCurrentIndex(form.language_box.findData("en"))
    form.go_to("antragsteller")
    birth = form.rows["geburtsdatum"]
    assert birth.label.text() == "Date of birth (required)"
    assert birth.editor.edit.placeholderText() == "DD.MM.YYYY"
    married = form.rows["familienstand"].editor
    assert isinstance(married, ComboEditor)
    assert married.combo.itemText(0) == "— please choose —"
    type_into(form, "geburtsdatum", "30.02.1950")
    leave(form, "geburtsdatum")
    assert birth.message.text().startswith("There is no 30.02.1950")
    form.go_to("wohnverhaeltnis_abschnitt")
    related = form.rows["verwandt_mit_vermieter"].editor
    assert isinstance(related, RadioEditor)
    assert [b.text() for _v, b in related.buttons] == ["Yes", "No"]
    form.reveal_all_findings()
    assert any("Please choose an answer." in p for p in open_points(form))
    assert not any("Bitte" in p for p in open_points(form))


def test_a_long_paste_is_kept_and_said_at_once(unlocked, make_window):
    form = open_wohngeld(unlocked)
    form.go_to("nachweise_abschnitt")
    row = form.rows["bemerkungen"]
    pasted = ("Sehr lange Bemerkung " * 5000)[:100_000]
    editor = row.editor
    editor.edit.setFocus()
    QApplication.clipboard().setText(pasted)
    editor.edit.paste()
    QApplication.processEvents()
    assert form.answers["bemerkungen"] == pasted  # nothing cut off
    assert "höchstens 2000 Zeichen" in row.message.text()  # at once, still in the field
    index = form.page_keys().index("nachweise_abschnitt")
    assert not form.navigator.item(index).text().startswith("✓")
    reopened = reopen(unlocked, make_window)
    reopened.go_to("nachweise_abschnitt")
    assert reopened.rows["bemerkungen"].editor.edit.toPlainText() == pasted


def test_a_line_edit_takes_more_than_its_limit_and_says_so(unlocked):
    form = open_wohngeld(unlocked)
    form.go_to("wohnung")
    row = form.rows["ort"]
    assert isinstance(row.editor, LineEditor)
    type_into(form, "ort", "K" * 85)
    assert form.answers["ort"] == "K" * 85
    assert "höchstens 80 Zeichen" in row.message.text()


def test_yes_no_by_keyboard_tab_lands_on_the_choice_arrows_choose(unlocked):
    form = open_wohngeld(unlocked)
    form.go_to("wohnverhaeltnis_abschnitt")
    editor = form.rows["verwandt_mit_vermieter"].editor
    assert isinstance(editor, RadioEditor)
    yes, no = (b for _v, b in editor.buttons)
    yes.setFocus()
    QTest.keyClick(yes, Qt.Key.Key_Right)
    assert QApplication.focusWidget() is no
    assert no.isChecked()
    assert form.answers["verwandt_mit_vermieter"] is False
    assert form.rows["verwandt_mit_vermieter"].message.isHidden()  # still in the question
    QTest.keyClick(no, Qt.Key.Key_Left)
    assert yes.isChecked()
    QTest.keyClick(yes, Qt.Key.Key_Right)
    # Tab into the question lands on the chosen answer, not on "Ja".
    before = form.rows["vermieter_anschrift"].editor.edit
    before.setFocus()
    QTest.keyClick(before, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is no


def test_weiter_puts_the_cursor_into_the_first_field(unlocked):
    form = open_wohngeld(unlocked)
    form.go_to("antragsteller")
    form.next.click()
    assert form.current_section() == "wohnung"
    assert QApplication.focusWidget() is form.rows["strasse"].editor.edit
    QTest.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier
    )
    assert form.current_section() == "wohnverhaeltnis_abschnitt"
    QTest.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier
    )
    assert form.current_section() == "wohnung"
    QTest.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    assert unlocked.review is not None


def test_one_click_on_an_open_point_jumps_to_the_field(unlocked):
    form = open_wohngeld(unlocked)
    form.reveal_all_findings()
    index = next(i for i, p in enumerate(open_points(form)) if "IBAN" in p)
    item = form.summary.item(index)
    rect = form.summary.visualItemRect(item)
    form.summary.scrollToItem(item)
    rect = form.summary.visualItemRect(item)
    QTest.mouseClick(form.summary.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert form.current_section() == "konto"
    assert QApplication.focusWidget() is form.rows["iban"].editor.edit


def test_fields_of_each_household_member_say_which_member(unlocked):
    form = open_wohngeld(unlocked)
    form.go_to("haushaltsmitglieder")
    choose(form, "weitere_personen", True)
    form.groups["haushalt"].add.click()
    first = form.rows["haushalt[0].hm_vorname"].editor.edit.accessibleName()
    second = form.rows["haushalt[1].hm_vorname"].editor.edit.accessibleName()
    assert first == "Vorname, Person 1, Pflichtfeld"
    assert second == "Vorname, Person 2, Pflichtfeld"


def test_open_points_of_two_household_members_say_whose_they_are(unlocked):
    """Two missing surnames in the list of open points are not two identical lines."""
    form = open_wohngeld(unlocked)
    form.go_to("haushaltsmitglieder")
    choose(form, "weitere_personen", True)
    form.groups["haushalt"].add.click()
    form.reveal_all_findings()
    points = open_points(form)
    assert "• Person 1 – Familienname: Bitte ausfüllen." in points
    assert "• Person 2 – Familienname: Bitte ausfüllen." in points
