"""An expert's accepted proposal goes into the draft like the worker's own typing:
through the editor (saved, evaluated, one undo step, voiding a signature), attributed to
the expert, and never into a finalised draft."""

from __future__ import annotations

import pytest

from forms.loader import load_template_text
from koffer.assist.draft_port import EditorDraft, template_text
from koffer.assist.owner import ProposalRefused
from koffer.drafting.actors import Role
from koffer.drafting.lifecycle import Stage
from tests.unit.drafting.conftest import template
from tests.unit.drafting.test_editor import open_editor, stored

WOHNGELD = "wohngeld-mietzuschuss"


def test_an_accepted_proposal_is_an_edit_by_the_expert(workspace, templates):
    opened = workspace.create_draft(template(templates, WOHNGELD), "Erika Mustermann")
    editor = open_editor(workspace, opened.draft.id)
    seen = []
    editor.subscribe(seen.append)
    applied: list[str] = []
    draft = EditorDraft(editor, on_applied=applied.append)
    draft.apply_proposal("geburtsname", "Schulz", "Frau Becker")
    assert stored(workspace, opened.draft.id).answers["geburtsname"] == "Schulz"
    assert seen[-1].by.role is Role.EXPERT
    assert seen[-1].by.name == "Frau Becker"
    assert applied == ["geburtsname"]
    assert draft.evaluation() is editor.evaluation
    editor.undo(seen[-1].by)
    assert (
        "geburtsname" not in stored(workspace, opened.draft.id).answers
        or not (stored(workspace, opened.draft.id).answers["geburtsname"])
    )


def test_a_finalised_draft_refuses_a_proposal(workspace, templates):
    opened = workspace.create_draft(template(templates, WOHNGELD), "Erika Mustermann")
    editor = open_editor(workspace, opened.draft.id)
    editor.moved_to(Stage.SEALED)
    with pytest.raises(ProposalRefused) as caught:
        EditorDraft(editor).apply_proposal("geburtsname", "Schulz", "Frau Becker")
    assert "abgeschlossen" in caught.value.message


def test_the_form_travels_exactly_as_the_draft_uses_it(templates):
    for form in templates:
        assert load_template_text(template_text(form), "sitzung") == form
