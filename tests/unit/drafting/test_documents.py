"""The document checklist's rules (no Qt): states, ticks through the editor, undo, what a
removed attachment or a changed answer does, and what the office receives.

The documents expected are read from the Wohngeld form's YAML by hand (its `documents:`
with their `relevant:` conditions), not from the code under test.
"""

from __future__ import annotations

import json

import pytest

from forms.model import DocumentItem
from koffer.drafting import documents
from koffer.drafting.actors import Actor
from koffer.drafting.documents import DocState, Tick
from koffer.drafting.editor import DraftEditor, SetAnswer, SetDocument
from koffer.drafting.lifecycle import Stage
from koffer.drafting.saving import Saver
from koffer.drafting.workspace import Workspace
from koffer.store import DraftLocked
from sync import crypto
from tests.helpers.server import office_key
from tests.unit.drafting.conftest import STAFF, OfficeKeys, template
from tests.unit.drafting.test_editor import at_once
from tests.unit.printing.samples import WOHNGELD_ANSWERS

WORKER = Actor.worker(STAFF)
STROKES = [[[0.1, 0.2, 0.5, 0]]]
PNG = b"\x89PNG-sig"
PDF = b"%PDF-1.4 Mietvertrag"
#: What the Wohngeld form requires for WOHNGELD_ANSWERS (rented flat, pension, income,
#: severe disability), in the form's order; heizkostenabrechnung is "falls vorhanden".
REQUIRED = [
    "ausweis",
    "mietvertrag",
    "mietbescheinigung",
    "heizkostenabrechnung",
    "einkommensnachweise",
    "rentenbescheid",
    "schwerbehindertenausweis",
]


def _items() -> list[DocumentItem]:
    return [
        DocumentItem(id="ausweis", label="Ausweis"),
        DocumentItem(id="mietvertrag", label="Mietvertrag", label_i18n={"en": "Lease"}),
        DocumentItem(id="heizung", label="Heizkosten", optional=True, help="falls da"),
    ]


# ---------------------------------------------------------------- the rules alone


def test_open_presented_attached_and_what_is_missing() -> None:
    ticks = {
        "ausweis": Tick(DocState.PRESENTED),
        "mietvertrag": Tick(DocState.ATTACHED, "a1"),
    }
    listed = documents.checklist(_items(), ticks, {"a1": "miete.pdf"}, language="en")
    assert [(line.id, line.state) for line in listed.lines] == [
        ("ausweis", DocState.PRESENTED),
        ("mietvertrag", DocState.ATTACHED),
        ("heizung", DocState.OPEN),
    ]
    lease = listed.line("mietvertrag")
    assert lease is not None
    assert (lease.label, lease.attachment_name) == ("Lease", "miete.pdf")
    # the optional one is open, but never "missing": it is counted apart
    assert listed.missing == ()
    assert listed.complete
    assert [line.id for line in listed.optional] == ["heizung"]
    assert [line.id for line in listed.required] == ["ausweis", "mietvertrag"]

    nothing = documents.checklist(_items(), {}, {})
    assert [line.id for line in nothing.missing] == ["ausweis", "mietvertrag"]
    assert not nothing.complete


def test_an_attachment_that_is_gone_makes_the_document_open_again_and_says_so() -> None:
    ticks = {"mietvertrag": Tick(DocState.ATTACHED, "a1")}
    gone = documents.checklist(_items(), ticks, {})  # a1 was removed
    line = gone.line("mietvertrag")
    assert line is not None
    assert line.state is DocState.OPEN
    assert line.attachment_removed
    assert [m.id for m in gone.missing] == ["ausweis", "mietvertrag"]
    # the store's ON DELETE SET NULL reads the same
    nulled = documents.checklist(_items(), {"mietvertrag": Tick(DocState.ATTACHED)}, {})
    assert nulled.line("mietvertrag").attachment_removed  # type: ignore[union-attr]


def test_a_document_no_longer_required_is_neither_shown_nor_counted() -> None:
    ticks = {"mietvertrag": Tick(DocState.PRESENTED), "ausweis": Tick(DocState.PRESENTED)}
    only_id = [i for i in _items() if i.id == "ausweis"]
    listed = documents.checklist(only_id, ticks, {})
    assert [line.id for line in listed.lines] == ["ausweis"]
    assert listed.complete
    assert documents.for_office(listed) == [
        {"id": "ausweis", "label": "Ausweis", "optional": False, "state": "presented"}
    ]


def test_what_a_choice_stores() -> None:
    files = {"a1": "miete.pdf"}
    assert documents.tick_for("presented", None, files) == Tick(DocState.PRESENTED)
    assert documents.tick_for("attached", "a1", files) == Tick(DocState.ATTACHED, "a1")
    assert documents.tick_for("open", None, files) is None
    with pytest.raises(ValueError, match="attachments"):
        documents.tick_for("attached", "not-here", files)
    with pytest.raises(ValueError):
        documents.tick_for("presented", "a1", files)
    with pytest.raises(ValueError):
        Tick(DocState.OPEN)


def test_only_attachments_of_relevant_answers_can_prove_a_document() -> None:
    files = {"a1": "miete.pdf", "a2": "lohn.jpg", "sig": "x"}
    answers = {"nachweise": ["a2", "a1"], "haushalt": [{"scan": ["a1"]}], "name": "a3"}
    assert documents.attachments_in(answers, files) == {"a2": "lohn.jpg", "a1": "miete.pdf"}
    assert documents.attachments_in({}, files) == {}


def test_rows_of_an_unknown_state_are_read_as_open() -> None:
    rows = {"a": ("presented", None), "b": ("attached", "x"), "c": ("lost-in-future", None)}
    assert documents.from_stored(rows) == {
        "a": Tick(DocState.PRESENTED),
        "b": Tick(DocState.ATTACHED, "x"),
    }


# ---------------------------------------------------------------- through the editor


def _wohngeld(workspace: Workspace, templates) -> str:
    form = template(templates, "wohngeld-mietzuschuss")
    draft_id = workspace.create_draft(form, "Erika Mustermann").draft.id
    values = {k: v for k, v in WOHNGELD_ANSWERS.items() if k != "unterschrift"}
    values["nachweise"] = []
    values["datum_unterschrift"] = workspace.today().isoformat()
    workspace.drafts.set_answers(draft_id, values)
    return draft_id


def _editor(workspace: Workspace, draft_id: str) -> DraftEditor:
    editor = DraftEditor(workspace.open_draft(draft_id))
    editor.saver = Saver(draft_id, workspace.save, at_once, on_stage=editor.moved_to)
    return editor


def _attach(workspace: Workspace, editor: DraftEditor, name: str = "miete.pdf") -> str:
    info = workspace.attach(editor.draft_id, "nachweise", name, PDF)
    editor.attached(info.id, name)
    current = editor.answers.get("nachweise")
    ids = [*(current if isinstance(current, list) else []), info.id]
    editor.apply(SetAnswer("nachweise", ids), WORKER)
    return info.id


def _stored(workspace: Workspace, draft_id: str) -> dict[str, tuple[str, str | None]]:
    return workspace.drafts.document_ticks(draft_id)


def test_ticks_are_saved_survive_reopening_and_undo_takes_them_back(
    workspace: Workspace, templates
) -> None:
    draft_id = _wohngeld(workspace, templates)
    editor = _editor(workspace, draft_id)
    assert [line.id for line in editor.checklist().lines] == REQUIRED
    assert len(editor.checklist().missing) == 6  # all but the optional one
    attachment = _attach(workspace, editor)
    editor.apply(SetDocument("ausweis", DocState.PRESENTED), WORKER)
    editor.apply(SetDocument("mietvertrag", DocState.ATTACHED, attachment), WORKER)
    assert _stored(workspace, draft_id) == {
        "ausweis": ("presented", None),
        "mietvertrag": ("attached", attachment),
    }
    again = _editor(workspace, draft_id)  # reopened (a restart reads the same store)
    listed = again.checklist()
    assert listed.line("ausweis").state is DocState.PRESENTED  # type: ignore[union-attr]
    lease = listed.line("mietvertrag")
    assert lease is not None
    assert (lease.state, lease.attachment_name) == (DocState.ATTACHED, "miete.pdf")
    assert len(listed.missing) == 4

    assert again.undo(WORKER) is None  # a reopened draft starts without undo steps
    # Ctrl+Z in the first editor: the link goes, then the tick; each stored at once
    assert _stored(workspace, draft_id)["mietvertrag"] == ("attached", attachment)
    editor.undo(WORKER)
    assert _stored(workspace, draft_id) == {"ausweis": ("presented", None)}
    editor.undo(WORKER)
    assert _stored(workspace, draft_id) == {}
    editor.undo(WORKER)  # the attachment's answer
    assert editor.answers["nachweise"] == []


def test_unticking_clears_and_a_link_only_to_the_drafts_attachments(
    workspace: Workspace, templates
) -> None:
    draft_id = _wohngeld(workspace, templates)
    editor = _editor(workspace, draft_id)
    editor.apply(SetDocument("ausweis", DocState.PRESENTED), WORKER)
    editor.apply(SetDocument("ausweis", DocState.OPEN), WORKER)
    assert _stored(workspace, draft_id) == {}
    with pytest.raises(ValueError):
        editor.apply(SetDocument("mietvertrag", DocState.ATTACHED, "elsewhere"), WORKER)
    other = _wohngeld(workspace, templates)
    foreign = workspace.attach(other, "nachweise", "fremd.pdf", PDF)
    with pytest.raises(ValueError):  # the store refuses another draft's attachment too
        workspace.drafts.set_document_tick(draft_id, "mietvertrag", "attached", foreign.id)
    assert _stored(workspace, draft_id) == {}


def test_removing_the_attachment_unlinks_the_document_in_memory_and_on_disk(
    workspace: Workspace, templates
) -> None:
    draft_id = _wohngeld(workspace, templates)
    editor = _editor(workspace, draft_id)
    attachment = _attach(workspace, editor)
    editor.apply(SetDocument("mietvertrag", DocState.ATTACHED, attachment), WORKER)
    workspace.detach(attachment)  # what "Entfernen" of the attachment field does
    editor.apply(SetAnswer("nachweise", []), WORKER)
    line = editor.checklist().line("mietvertrag")
    assert line is not None
    assert (line.state, line.attachment_removed) == (DocState.OPEN, True)
    assert _stored(workspace, draft_id) == {"mietvertrag": ("attached", None)}
    line = _editor(workspace, draft_id).checklist().line("mietvertrag")
    assert line is not None
    assert (line.state, line.attachment_removed) == (DocState.OPEN, True)


def test_a_changed_answer_hides_the_tick_and_changing_back_shows_it(
    workspace: Workspace, templates
) -> None:
    draft_id = _wohngeld(workspace, templates)
    editor = _editor(workspace, draft_id)
    editor.apply(SetDocument("mietvertrag", DocState.PRESENTED), WORKER)
    editor.apply(SetAnswer("wohnverhaeltnis", "heim"), WORKER)
    ids = [line.id for line in editor.checklist().lines]
    assert "mietvertrag" not in ids
    assert "heimbescheinigung" in ids
    assert _stored(workspace, draft_id) == {"mietvertrag": ("presented", None)}  # kept
    editor.apply(SetAnswer("wohnverhaeltnis", "miete"), WORKER)
    assert editor.checklist().line("mietvertrag").state is DocState.PRESENTED  # type: ignore[union-attr]


def test_a_tick_after_signing_keeps_the_signature_and_finalising_does_not_wait(
    workspace: Workspace, templates, keys: OfficeKeys
) -> None:
    draft_id = _wohngeld(workspace, templates)
    form = template(templates, "wohngeld-mietzuschuss")
    keys.arrive(form.office_id)
    editor = _editor(workspace, draft_id)
    attachment = _attach(workspace, editor)
    workspace.sign_on_pad(draft_id, editor.digest, strokes=STROKES, png=PNG)
    editor = _editor(workspace, draft_id)
    assert editor.stage is Stage.SIGNED
    editor.apply(SetDocument("ausweis", DocState.PRESENTED), WORKER)
    editor.apply(SetDocument("mietvertrag", DocState.ATTACHED, attachment), WORKER)
    assert editor.signature_valid
    assert workspace.drafts.get_draft(draft_id).status is Stage.SIGNED
    # five required documents are still missing: finalising goes ahead all the same
    assert workspace.finalise(draft_id) is Stage.SEALED
    (item,) = workspace.device.outbox_items()
    content = json.loads(crypto.unseal(item.payload, office_key()))
    by_id = {d["id"]: d for d in content["documents"]}
    assert list(by_id) == REQUIRED
    assert by_id["ausweis"]["state"] == "presented"
    assert by_id["mietvertrag"] == {
        "id": "mietvertrag",
        "label": "Mietvertrag",
        "optional": False,
        "state": "attached",
        "attachment_id": attachment,
    }
    assert attachment in [a["id"] for a in content["attachments"]]  # the proof goes too
    assert by_id["rentenbescheid"]["state"] == "open"
    assert by_id["heizkostenabrechnung"]["optional"] is True
    with pytest.raises(DraftLocked):  # finalised: the checklist is the office's now
        workspace.drafts.set_document_tick(draft_id, "rentenbescheid", "presented")


def test_undo_after_removing_an_attachment_never_brings_back_the_deleted_file(
    workspace: Workspace, templates
) -> None:
    """ "Entfernen" deletes the file at once (it may be another person's document), so
    Ctrl+Z cannot bring it back: no earlier state may name it, else the save fails."""
    draft_id = _wohngeld(workspace, templates)
    editor = _editor(workspace, draft_id)
    kept = _attach(workspace, editor, "bleibt.pdf")
    gone = _attach(workspace, editor, "falsch.pdf")
    editor.apply(SetDocument("mietvertrag", DocState.ATTACHED, gone), WORKER)
    # what the attachment field does on "Entfernen": delete, new answer, then tell
    workspace.detach(gone)
    editor.apply(SetAnswer("nachweise", [kept]), WORKER)
    editor.detached(gone)
    assert "falsch.pdf" not in editor.files.values()
    while editor.undo(WORKER) is not None:  # every step back saves at once
        answers = workspace.drafts.get_draft(draft_id).answers
        assert gone not in answers.get("nachweise", [])
        assert _stored(workspace, draft_id).get("mietvertrag", ("", None))[1] != gone
    assert workspace.drafts.get_draft(draft_id).answers["nachweise"] == []
    line = editor.checklist().line("mietvertrag")
    assert line is not None
    assert line.state is DocState.OPEN
