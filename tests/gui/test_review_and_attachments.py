"""Citizen review, signature on the pad, voiding by a later change; attachment checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from koffer.drafting.lifecycle import Stage
from koffer.ui.drafts_screen import ID_ROLE
from tests.gui.test_form import choose, open_wohngeld, type_into

pytestmark = pytest.mark.gui

VOID_TEXT = "Unterschrift ungültig – bitte erneut prüfen und unterschreiben"


def fill_minimum(form):
    """Every required answer of Wohngeld for a single tenant, through the widgets."""
    form.go_to("antragsteller")
    type_into(form, "familienname", "Mustermann")
    type_into(form, "vorname", "Erika")
    type_into(form, "geburtsdatum", "12.03.1948")
    choose(form, "familienstand", "verwitwet")
    form.go_to("wohnung")
    type_into(form, "strasse", "Lindenweg 4")
    type_into(form, "plz", "34117")
    type_into(form, "ort", "Kassel")
    type_into(form, "einzugsdatum", "01.04.2010")
    type_into(form, "wohnflaeche", "54,5")
    form.go_to("wohnverhaeltnis_abschnitt")
    type_into(form, "vermieter_name", "Wohnbau GmbH")
    choose(form, "verwandt_mit_vermieter", False)
    form.go_to("miete_abschnitt")
    type_into(form, "gesamtmiete", "612,40")
    form.go_to("haushaltsmitglieder")
    choose(form, "weitere_personen", False)
    form.go_to("einkommen_abschnitt")
    choose(form, "einkommensart", "rente")
    type_into(form, "einkommen_brutto", "1100")
    choose(form, "transferleistungen", False)
    form.go_to("konto")
    type_into(form, "iban", "DE02120300000000202051")
    form.go_to("erklaerungen")
    choose(form, "erklaerung_richtig", True)
    choose(form, "erklaerung_aenderungen", True)
    type_into(form, "ort_unterschrift", "Kassel")
    type_into(form, "datum_unterschrift", "01.03.2026")


def draw_signature(pad):
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 120))
    for x in range(50, 400, 25):
        QTest.mouseMove(pad, QPoint(x, 100 + (x % 50)))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(400, 120))


def test_review_sign_then_change_voids_signature(unlocked):
    window = unlocked
    form = open_wohngeld(window)
    fill_minimum(form)
    form.review.click()
    review = window.review
    assert review is not None
    blocking = [(f.path, f.message) for f in review.blocking]
    assert blocking == []
    # Only relevant answers are shown: the care home section does not apply.
    texts = " ".join(label.text() for label in review.findChildren(type(review.problems)))
    assert "Lindenweg 4" in texts
    assert "Name und Anschrift des Heims" not in texts
    assert not review.finish.isEnabled()
    draw_signature(review.pad)
    assert len(review.pad.strokes) == 1
    review.sign.click()
    assert review.signed
    assert review.finish.isEnabled()
    signature = window.session.drafts.get_signature(form.draft_id, "unterschrift")
    assert signature is not None
    assert signature.content_sha256 == form.digest()
    assert form.signature_valid

    review.back.click()
    assert window.content.currentWidget() is form
    assert form.banner.isHidden()
    form.go_to("wohnung")
    type_into(form, "ort", "Kassel-Wehlheiden")
    assert not form.banner.isHidden()
    assert form.banner_text.text() == VOID_TEXT
    assert not form.signature_valid
    form.review.click()
    assert not window.review.finish.isEnabled()


def sign_wohngeld(window):
    form = open_wohngeld(window)
    fill_minimum(form)
    form.review.click()
    draw_signature(window.review.pad)
    window.review.sign.click()
    assert window.review.signed
    return form.draft_id


def test_finishing_asks_says_what_happens_and_offers_the_receipt(unlocked):
    """`test_finish_sets_status_ready` passed because sealing failed; this follows the step."""
    window = unlocked
    draft_id = sign_wohngeld(window)
    asked: list[tuple[str, str]] = []
    window.confirm = lambda title, text: asked.append((title, text)) or False
    window.review.finish.click()
    assert asked[0][0] == "Antrag abschließen?"
    assert "Der Antrag wird beim nächsten Kontakt mit dem Rathaus gesendet." in asked[0][1]
    assert "Schlüssel" not in asked[0][1]
    # nothing was ticked: every required document is named, the optional one is not
    assert "Diese Unterlagen fehlen noch: Personalausweis oder Reisepass" in asked[0][1]
    assert "Mietbescheinigung" in asked[0][1]
    assert "Heiz- und Nebenkostenabrechnung" not in asked[0][1]
    assert window.form is not None  # said no: still open, still signed
    assert window.session.drafts.get_draft(draft_id).status is Stage.SIGNED

    window.confirm = lambda title, text: True
    window.review.finish.click()
    assert window.form is None
    # This profile's catalog has no key for the office yet: finalised, waiting for it.
    assert window.session.drafts.get_draft(draft_id).status is Stage.AWAITING_KEY
    assert window.session.device.outbox_count() == 0
    assert window.alert.isHidden()  # nothing follows the worker onto other screens
    table = window.drafts_screen.table
    assert window.content.currentWidget() is window.drafts_screen
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).data(ID_ROLE) == draft_id)
    assert table.item(row, 4).text() == "abgeschlossen – wartet auf das Rathaus"
    assert "beim nächsten Kontakt mit dem Rathaus" in table.item(row, 4).toolTip()
    dialog = window.printing.dialog
    assert dialog is not None
    assert dialog.chosen_kinds() == ("citizen", "office")
    assert "Der Antrag ist abgeschlossen." in dialog.intro.text()
    assert "vorläufig" in dialog.reference.text()
    dialog.reject()
    for text in (asked[0][1], table.item(row, 4).text(), dialog.intro.text()):
        assert "Schlüssel" not in text


def test_a_reopened_signed_review_shows_the_signature(unlocked):
    window = unlocked
    draft_id = sign_wohngeld(window)
    strokes = list(window.review.pad.strokes)
    window.review.back.click()
    window.form.done.click()
    window.open_draft(draft_id)
    window.form.review.click()
    review = window.review
    assert review.signed
    assert "Unterschrieben" in review.sign_state.text()
    assert len(review.pad.strokes) == len(strokes)  # not an empty pad beside "✓"
    assert not review.pad.isEnabled()
    assert review.finish.isEnabled()


def test_edit_and_undo_give_the_signature_back_and_the_list_says_so(unlocked):
    window = unlocked
    draft_id = sign_wohngeld(window)
    window.review.back.click()
    form = window.form
    form.go_to("wohnung")
    type_into(form, "ort", "Kassel-Wehlheiden")
    assert window.session.drafts.get_draft(draft_id).status is Stage.DRAFT
    form.undo()
    assert form.signature_valid
    assert form.banner.isHidden()
    assert window.session.drafts.get_draft(draft_id).status is Stage.SIGNED
    form.done.click()
    table = window.drafts_screen.table
    assert table.item(0, 4).text() == "unterschrieben – noch abschließen"


def test_signed_on_paper(unlocked):
    window = unlocked
    form = open_wohngeld(window)
    fill_minimum(form)
    draft_id = form.draft_id
    form.review.click()
    review = window.review
    assert not review.paper.isHidden()
    review.paper.click()
    dialog = window.drafts.paper_dialog
    assert dialog is not None
    dialog.print_sheet.click()  # the signature sheet, with the reviewed digest on it
    printing = window.printing.dialog
    assert printing is not None
    assert printing.chosen_kinds() == ("signing",)
    printing.reject()
    dialog.signer.setText("Erika Mustermann")
    dialog.record.click()
    assert window.drafts.paper_dialog is None
    signature = window.session.drafts.get_signature(draft_id, "unterschrift")
    assert (signature.method, signature.signer) == ("paper", "Erika Mustermann")
    assert signature.content_sha256 == form.digest()
    assert review.signed
    assert "Auf Papier unterschrieben von Erika Mustermann" in review.sign_state.text()
    assert window.session.drafts.get_draft(draft_id).status is Stage.SIGNED
    assert review.finish.isEnabled()


def test_signature_pad_clear_undo_redo(qtbot):
    from koffer.ui.signature_pad import SignaturePad

    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(600, 220)
    pad.show()
    draw_signature(pad)
    draw_signature(pad)
    pad.undo_stroke()
    assert len(pad.strokes) == 1
    pad.redo_stroke()
    assert len(pad.strokes) == 2
    pad.clear()
    assert pad.is_empty
    assert pad.to_png().startswith(b"\x89PNG")


def test_oversized_attachment_is_rejected(unlocked, tmp_path: Path):
    form = open_wohngeld(unlocked)
    form.go_to("nachweise_abschnitt")
    editor = form.rows["nachweise"].editor
    big = tmp_path / "kontoauszug.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(11 * 1_000_000)  # the field allows 10 MB
    editor.add_file(big)
    assert not editor.message.isHidden()
    assert "zu groß" in editor.message.text()
    assert editor.value() is None
    assert unlocked.session.drafts.list_attachments(form.draft_id) == []


def test_wrong_type_is_rejected_and_png_is_attached(unlocked, tmp_path: Path):
    form = open_wohngeld(unlocked)
    form.go_to("nachweise_abschnitt")
    editor = form.rows["nachweise"].editor
    text = tmp_path / "notiz.txt"
    text.write_text("hallo")
    editor.add_file(text)
    assert "erlaubt sind nur" in editor.message.text()
    png = tmp_path / "ausweis.png"
    png.write_bytes(_tiny_png())
    editor.add_file(png)
    assert editor.message.isHidden()
    assert len(editor.value()) == 1
    assert form.answers["nachweise"] == editor.value()
    assert editor.list.count() == 1


def _tiny_png() -> bytes:
    from koffer.ui.signature_pad import SignaturePad

    return SignaturePad().to_png(20, 10)


def test_two_signatures_two_pads_each_with_its_label(unlocked):
    """Wohnberechtigungsschein with a partner moving in: a pad each, in form order; one
    signature leaves the partner's to be given, the second makes the draft signed."""
    from tests.unit.drafting.test_signatures import (
        APPLICANT_LABEL,
        CHILD_ROW,
        PARTNER_LABEL,
        PARTNER_ROW,
        fill_required,
    )

    window = unlocked
    workspace = window.session.workspace
    wbs = window.catalog.get("wohnberechtigungsschein")
    opened = workspace.create_draft(wbs, "Erika Beispiel")
    draft_id = opened.draft.id
    answers = {**opened.draft.answers, "mitziehende": [PARTNER_ROW, CHILD_ROW]}
    workspace.drafts.set_answers(draft_id, fill_required(workspace, wbs, answers))
    window.open_draft(draft_id)
    window.form.review.click()
    review = window.review
    assert review.blocking == ()
    assert [p.slot.label for p in review.parts] == [APPLICANT_LABEL, PARTNER_LABEL]
    first, second = review.parts
    assert APPLICANT_LABEL in first.pad.accessibleName()
    assert PARTNER_LABEL in second.pad.accessibleName()
    assert PARTNER_LABEL in second.sign.accessibleName()
    # Tab goes through the first part before the second (reading order)
    chain, widget = [], first.pad
    for _ in range(40):
        chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain.index(first.sign) < chain.index(second.pad) < chain.index(second.sign)
    assert "Noch zu unterschreiben" in review.sign_state.text()
    assert APPLICANT_LABEL in review.sign_state.text()

    draw_signature(first.pad)
    first.sign.click()
    assert not review.signed
    assert not review.finish.isEnabled()
    assert review.sign_state.text() == f"Noch zu unterschreiben: {PARTNER_LABEL}."
    assert window.session.drafts.get_draft(draft_id).status is Stage.DRAFT
    assert not first.pad.isEnabled()  # given: shown, not drawn on again
    assert second.pad.isEnabled()

    draw_signature(second.pad)
    second.sign.click()
    assert review.signed
    assert review.finish.isEnabled()
    assert window.session.drafts.get_draft(draft_id).status is Stage.SIGNED
    stored = window.session.drafts.get_signature(draft_id, "unterschrift_partner")
    assert stored is not None
    assert stored.content_sha256 == review.digest
