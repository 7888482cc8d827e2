"""The document checklist on screen: ticked by keyboard, linked to an attachment, still
ticked after a restart; a removed attachment turns its document back to open.

Issue 12: "The document checklist can be ticked off and linked to the attachment that
proves it; ticks are stored." The documents expected are the Wohngeld form's for a new
draft (tenant by default), read from its YAML by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from koffer.ui.form.sections import DOCUMENTS_PAGE
from tests.gui.conftest import unlock
from tests.gui.test_form import open_wohngeld
from tests.gui.test_review_and_attachments import _tiny_png

pytestmark = pytest.mark.gui

ID = "Personalausweis oder Reisepass (zur Ansicht)"
LEASE = "Mietvertrag"


def _documents_entry(form) -> str:
    return form.navigator.item(form.page_keys().index(DOCUMENTS_PAGE)).text()


def _attach(form, tmp_path: Path, name: str) -> str:
    form.go_to("nachweise_abschnitt")
    editor = form.rows["nachweise"].editor
    png = tmp_path / name
    png.write_bytes(_tiny_png())
    editor.add_file(png)
    assert editor.message.isHidden()
    return str(editor.value()[-1])


def test_tick_by_keyboard_link_an_attachment_and_find_both_after_a_restart(
    unlocked, make_window, tmp_path: Path
):
    form = open_wohngeld(unlocked)
    draft_id = form.draft_id
    attachment = _attach(form, tmp_path, "mietvertrag.png")
    form.go_to(DOCUMENTS_PAGE)
    page = form.documents
    assert page is not None
    assert list(page.rows)[:3] == ["ausweis", "mietvertrag", "mietbescheinigung"]
    before = _documents_entry(form)
    ausweis = page.rows["ausweis"]
    assert ausweis.check.accessibleName() == f"{ID}, vorgelegt"
    assert "fehlt noch" in ausweis.check.accessibleDescription()

    form.focus_first_field()  # as "Weiter" onto this page does
    assert QApplication.focusWidget() is ausweis.check
    QTest.keyClick(ausweis.check, Qt.Key.Key_Space)
    assert ausweis.check.isChecked()
    assert ausweis.status.text() == "im Original vorgelegt"
    assert QApplication.focusWidget() is ausweis.check  # the tick kept the focus

    lease = page.rows["mietvertrag"]
    assert lease.proof.accessibleName() == f"Nachweis für {LEASE}"
    lease.proof.setFocus()
    QTest.keyClick(lease.proof, Qt.Key.Key_Down)  # "Original vorgelegt"
    QTest.keyClick(lease.proof, Qt.Key.Key_Down)  # "Anhang: mietvertrag.png"
    assert lease.proof.currentText() == "Anhang: mietvertrag.png"
    assert lease.check.isChecked()  # linking ticks it
    assert lease.status.text() == "beigefügt: mietvertrag.png"
    assert _documents_entry(form) != before
    drafts = unlocked.session.drafts
    assert drafts.document_ticks(draft_id) == {
        "ausweis": ("presented", None),
        "mietvertrag": ("attached", attachment),
    }
    # Ctrl+Z takes each choice back, like any change of the form
    QTest.keyClick(lease.proof, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert drafts.document_ticks(draft_id)["mietvertrag"] == ("presented", None)
    QTest.keyClick(lease.proof, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not lease.check.isChecked()
    assert drafts.document_ticks(draft_id) == {"ausweis": ("presented", None)}
    QTest.keyClick(lease.proof, Qt.Key.Key_End)  # the last entry: the attachment
    assert drafts.document_ticks(draft_id)["mietvertrag"] == ("attached", attachment)

    form.done.click()  # "Fertig für heute"
    assert unlocked.form is None
    unlocked.close()
    again = make_window()
    unlock(again)
    again.open_draft(draft_id)
    reopened = again.form
    assert reopened is not None
    reopened.go_to(DOCUMENTS_PAGE)
    rows = reopened.documents.rows
    assert rows["ausweis"].check.isChecked()
    assert rows["mietvertrag"].check.isChecked()
    assert rows["mietvertrag"].proof.currentText() == "Anhang: mietvertrag.png"
    assert not rows["mietbescheinigung"].check.isChecked()


def test_removing_the_attachment_unlinks_its_document_visibly(unlocked, tmp_path: Path):
    form = open_wohngeld(unlocked)
    _attach(form, tmp_path, "vertrag.png")
    form.go_to(DOCUMENTS_PAGE)
    lease = form.documents.rows["mietvertrag"]
    lease.proof.setCurrentIndex(1)
    lease.proof.activated.emit(1)  # as choosing it in the open list does
    assert lease.check.isChecked()

    form.go_to("nachweise_abschnitt")
    editor = form.rows["nachweise"].editor
    editor.list.setCurrentRow(0)
    editor.remove.click()
    assert form.answers["nachweise"] in (None, [])
    form.go_to(DOCUMENTS_PAGE)
    lease = form.documents.rows["mietvertrag"]
    assert not lease.check.isChecked()
    assert "Anhang wurde entfernt" in lease.status.text()
    assert unlocked.session.drafts.document_ticks(form.draft_id) == {
        "mietvertrag": ("attached", None)
    }
    # unticking a document that was only seen clears it
    QTest.keyClick(lease.check, Qt.Key.Key_Space)
    assert unlocked.session.drafts.document_ticks(form.draft_id) == {
        "mietvertrag": ("presented", None)
    }
    QTest.keyClick(lease.check, Qt.Key.Key_Space)
    assert unlocked.session.drafts.document_ticks(form.draft_id) == {}


def test_ctrl_z_after_removing_an_attachment_does_not_bring_the_deleted_file_back(
    unlocked, tmp_path: Path
):
    """The file is deleted at once; undo used to put its id back into the answers."""
    form = open_wohngeld(unlocked)
    _attach(form, tmp_path, "falsch.png")
    form.go_to(DOCUMENTS_PAGE)
    lease = form.documents.rows["mietvertrag"]
    lease.proof.setCurrentIndex(1)
    lease.proof.activated.emit(1)  # linked to the lease: another step between
    form.go_to("nachweise_abschnitt")
    editor = form.rows["nachweise"].editor
    editor.list.setCurrentRow(0)
    editor.remove.click()
    assert form.answers["nachweise"] in (None, [])
    for _ in range(3):  # the removal, the attaching, whatever was before
        form.undo()  # what Ctrl+Z and "Rückgängig" call
        stored = unlocked.session.drafts.get_draft(form.draft_id).answers
        assert stored.get("nachweise") in (None, [])
        assert form.answers.get("nachweise") in (None, [])
        assert editor.list.count() == 0
    assert unlocked.session.drafts.list_attachments(form.draft_id) == []
