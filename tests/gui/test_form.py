"""Filling the Wohngeld form through the widgets: groups, conditions, constraints, restart, undo."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollBar, QWidget

from koffer.ui.fields import ComboEditor, DeclarationEditor, LineEditor, RadioEditor
from tests.gui.conftest import unlock

pytestmark = pytest.mark.gui
WOHNGELD = "wohngeld-mietzuschuss"


def open_wohngeld(window):
    window.start_draft(window.catalog.get(WOHNGELD))
    assert window.form is not None
    return window.form


def type_into(form, path, text):
    """Type into a line edit the way a person does (textEdited fires)."""
    editor = form.rows[path].editor
    assert isinstance(editor, LineEditor)
    editor.edit.setFocus()
    editor.edit.selectAll()
    QTest.keyClicks(editor.edit, text)


def choose(form, path, value):
    editor = form.rows[path].editor
    if isinstance(editor, RadioEditor):
        button = next(b for v, b in editor.buttons if v == value)
        button.click()
    elif isinstance(editor, DeclarationEditor):
        if editor.box.isChecked() != (value is True):
            editor.box.click()
    else:
        assert isinstance(editor, ComboEditor)
        editor.combo.setCurrentIndex(editor.combo.findData(value))


def nav_hidden(form, section_id):
    return form.navigator.item(form.page_keys().index(section_id)).isHidden()


def fill_household(form):
    form.go_to("haushaltsmitglieder")
    choose(form, "weitere_personen", True)
    group = form.groups["haushalt"]
    assert group.isVisibleTo(form)
    # min_count is 1: a new draft starts with one row (with its defaults); add one more.
    assert form.answers["haushalt"] == [{"hm_gdb_freibetrag": False}]
    group.add.click()
    assert len(form.answers["haushalt"]) == 2
    assert form.answers["haushalt"][1] == {"hm_gdb_freibetrag": False}
    type_into(form, "haushalt[0].hm_vorname", "Anna")
    type_into(form, "haushalt[0].hm_familienname", "Mustermann")
    choose(form, "haushalt[0].hm_einkommensart", "rente")
    type_into(form, "haushalt[0].einkommen", "850,50")
    type_into(form, "haushalt[1].hm_vorname", "Ben")
    choose(form, "haushalt[1].hm_einkommensart", "keins")


def test_fill_wohngeld_with_two_household_members_and_restart(unlocked, make_window):
    form = open_wohngeld(unlocked)
    form.go_to("antragsteller")
    type_into(form, "familienname", "Mustermann")
    type_into(form, "vorname", "Erika")
    type_into(form, "geburtsdatum", "12.03.1948")
    fill_household(form)
    # The member's income only applies when there is one: "keins" hides it.
    assert not form.rows["haushalt[1].einkommen"].isVisibleTo(form)
    assert form.rows["haushalt[0].einkommen"].isVisibleTo(form)
    # The computed household size follows the rows.
    assert form.rows["haushalt_personen"].editor.value() == 3
    expected = {
        "familienname": "Mustermann",
        "vorname": "Erika",
        "geburtsdatum": "1948-03-12",
        "weitere_personen": True,
    }
    for key, value in expected.items():
        assert form.answers[key] == value
    assert form.answers["haushalt"][0]["einkommen"] == "850.50"
    form.done.click()  # "Fertig für heute"
    assert unlocked.form is None
    unlocked.close()

    again = make_window()
    unlock(again)
    again.show_drafts()
    assert again.drafts_screen.table.rowCount() == 1
    assert again.drafts_screen.table.item(0, 0).text() == "Erika Mustermann"
    again.drafts_screen.open.click()
    reopened = again.form
    assert reopened is not None
    for key, value in expected.items():
        assert reopened.answers[key] == value
    rows = reopened.answers["haushalt"]
    assert [r.get("hm_vorname") for r in rows] == ["Anna", "Ben"]
    assert rows[0]["einkommen"] == "850.50"
    reopened.go_to("haushaltsmitglieder")
    assert reopened.rows["haushalt[0].einkommen"].editor.edit.text() == "850,50"
    reopened.go_to("antragsteller")
    assert reopened.rows["geburtsdatum"].editor.edit.text() == "12.03.1948"


def test_condition_hides_section(unlocked):
    form = open_wohngeld(unlocked)
    assert nav_hidden(form, "hauptmieter_abschnitt")
    form.go_to("wohnverhaeltnis_abschnitt")
    choose(form, "wohnverhaeltnis", "untermiete")
    assert not nav_hidden(form, "hauptmieter_abschnitt")
    assert not form.rows["vermieter_name"].isVisibleTo(form)
    choose(form, "wohnverhaeltnis", "miete")
    assert nav_hidden(form, "hauptmieter_abschnitt")
    assert form.rows["vermieter_name"].isVisibleTo(form)


def test_constraint_message_appears_when_field_is_left(unlocked):
    form = open_wohngeld(unlocked)
    form.go_to("antragsteller")
    row = form.rows["geburtsdatum"]
    type_into(form, "geburtsdatum", "01.01.2099")
    assert row.message.isHidden()  # not while typing
    form.rows["familienstand"].editor.setFocus()  # leave the field
    QApplication.processEvents()
    assert not row.message.isHidden()
    assert "Zukunft" in row.message.text()
    summary = [form.summary.item(i).text() for i in range(form.summary.count())]
    assert any("Zukunft" in text for text in summary)
    assert "Zukunft" in row.editor.edit.accessibleDescription()


def test_undo_takes_back_the_last_change(unlocked):
    form = open_wohngeld(unlocked)
    form.go_to("antragsteller")
    assert form.answers["vorname"] == "Erika"  # from the name typed at "Neuer Antrag"
    type_into(form, "familienname", "Musterfrau")
    form.rows["vorname"].editor.setFocus()
    type_into(form, "vorname", "Anna")
    QTest.keyClick(
        form.rows["vorname"].editor.edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
    )
    assert form.answers["vorname"] == "Erika"
    assert form.rows["vorname"].editor.edit.text() == "Erika"
    assert form.answers["familienname"] == "Musterfrau"


def test_language_and_easy_language(unlocked):
    form = open_wohngeld(unlocked)
    form.go_to("wohnung")
    form.language_box.setCurrentIndex(form.language_box.findData("en"))
    assert form.rows["plz"].label.text().startswith("Postcode")
    form.language_box.setCurrentIndex(form.language_box.findData("de"))
    form.easy_toggle.setChecked(True)
    assert "Mietvertrag" in form.rows["wohnflaeche"].help.text()
    assert form.rows["wohnflaeche"].help.text().startswith("Wie groß")


def test_every_input_has_accessible_name(unlocked):
    form = open_wohngeld(unlocked)
    for key in form.page_keys():
        form.go_to(key)
    for row in form.rows.values():
        for widget in row.editor.focus_widgets():
            assert widget.accessibleName(), row.path


def test_keyboard_only_fill(unlocked):
    unlocked.ask_citizen_name = lambda: ""  # no name given: nothing prefilled
    form = open_wohngeld(unlocked)
    form.go_to("antragsteller")
    first = form.rows["familienname"].editor.edit
    first.setFocus()
    QApplication.processEvents()

    def focused():
        return QApplication.focusWidget()

    QTest.keyClicks(focused(), "Mustermann")
    QTest.keyClick(focused(), Qt.Key.Key_Tab)
    QTest.keyClicks(focused(), "Erika")
    QTest.keyClick(focused(), Qt.Key.Key_Tab)
    QTest.keyClick(focused(), Qt.Key.Key_Tab)  # Geburtsname stays empty
    QTest.keyClicks(focused(), "12.03.1948")
    QTest.keyClick(focused(), Qt.Key.Key_Tab)
    QTest.keyClick(focused(), Qt.Key.Key_Down)  # Familienstand: first option
    assert form.answers["familienname"] == "Mustermann"
    assert form.answers["vorname"] == "Erika"
    assert form.answers["geburtsdatum"] == "1948-03-12"
    assert form.answers["familienstand"] == "ledig"


def test_tab_order_follows_the_form_and_ends_at_the_buttons(unlocked):
    """Tab visits the page's inputs top to bottom, left to right, as they are on screen.

    The expected order comes from where the widgets are drawn, not from the form's own
    focus chain.
    """
    form = open_wohngeld(unlocked)
    form.go_to("haushaltsmitglieder")
    choose(form, "weitere_personen", True)
    form.groups["haushalt"].add.click()
    QApplication.processEvents()
    page = form.stack.currentWidget()

    def tabbable(widget) -> bool:
        return (
            widget.isVisibleTo(form)
            and widget.isEnabled()
            and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        )

    def position(widget) -> tuple[int, int]:
        point = widget.mapTo(page, widget.rect().topLeft())
        return point.y(), point.x()

    on_page = [w for w in page.findChildren(QWidget) if tabbable(w) and page.isAncestorOf(w)]
    on_page = [w for w in on_page if not isinstance(w, QScrollBar) and w is not page]
    expected = sorted(on_page, key=position)
    assert len(expected) > 8  # the radio buttons, two household cards, the add button
    seen = []
    widget = form.open_points
    for _ in range(len(expected) + 1):
        widget = widget.nextInFocusChain()
        while not tabbable(widget):
            widget = widget.nextInFocusChain()
        seen.append(widget)
    assert seen[: len(expected)] == expected
    assert seen[len(expected)] is form.back
