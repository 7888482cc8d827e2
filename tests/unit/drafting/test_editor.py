"""The open draft: edits save in order, void and restore the signature, undo, attribution.

The saver's jobs run at once here (a synchronous "store lane"), or are held back to test
ordering and failures; the stores are real.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from koffer.drafting.actors import Actor, Role
from koffer.drafting.editor import AddRow, DraftEditor, RemoveRow, SetAnswer
from koffer.drafting.lifecycle import Stage, StepRefused
from koffer.drafting.saving import Saver, SaveState
from koffer.drafting.workspace import Workspace
from koffer.store import DiskFull
from tests.unit.drafting.conftest import STAFF, OfficeKeys, template

WORKER = Actor.worker(STAFF)
STROKES = [[[0.1, 0.2, 0.5, 0]]]
PNG = b"\x89PNG-sig"


def at_once(job: Callable[[], Any], done: Callable[[Any], None], failed) -> None:
    try:
        result = job()
    except Exception as exc:  # noqa: BLE001 - like the app's worker helper
        failed(exc)
        return
    done(result)


class HeldLane:
    """Runs jobs only when told, in the order they came (like the store thread)."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable[[], Any], Callable[[Any], None], Any]] = []

    def __call__(self, job, done, failed) -> None:
        self.jobs.append((job, done, failed))

    def run_all(self) -> None:
        while self.jobs:
            at_once(*self.jobs.pop(0))


def open_editor(workspace: Workspace, draft_id: str, submit=at_once) -> DraftEditor:
    opened = workspace.open_draft(draft_id)
    editor = DraftEditor(opened)
    editor.saver = Saver(draft_id, workspace.save, submit, on_stage=editor.moved_to)
    return editor


def stored(workspace: Workspace, draft_id: str):
    return workspace.drafts.get_draft(draft_id)


@pytest.fixture
def wohngeld_id(workspace: Workspace, templates) -> str:
    return workspace.create_draft(template(templates, "wohngeld-mietzuschuss"), "A B").draft.id


@pytest.fixture
def signed_hilfe(workspace: Workspace, templates) -> str:
    draft_id = workspace.create_draft(template(templates, "hilfeantrag"), "Erika").draft.id
    workspace.drafts.set_answer(draft_id, "name", "Erika")
    workspace.sign_on_pad(draft_id, workspace.check(draft_id).digest, strokes=STROKES, png=PNG)
    return draft_id


def test_typing_is_saved_and_the_newest_value_wins(workspace: Workspace, wohngeld_id: str):
    lane = HeldLane()
    editor = open_editor(workspace, wohngeld_id, lane)
    states: list[SaveState] = []
    editor.saver.subscribe(lambda state, _error: states.append(state))
    for text in ("M", "Mu", "Mus"):
        editor.apply(SetAnswer("familienname", text), WORKER)
    editor.apply(SetAnswer("ort", "Kassel"), WORKER)
    assert len(lane.jobs) == 1  # one on the way, the rest collected
    lane.run_all()
    answers = stored(workspace, wohngeld_id).answers
    assert (answers["familienname"], answers["ort"]) == ("Mus", "Kassel")
    assert states[-1] is SaveState.SAVED
    assert editor.saver.idle
    assert 0 < stored(workspace, wohngeld_id).completeness < 1


def test_a_failed_save_keeps_the_change_and_retries(
    workspace: Workspace, wohngeld_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = open_editor(workspace, wohngeld_id)
    errors: list[BaseException | None] = []
    editor.saver.subscribe(lambda state, error: errors.append(error))
    real = workspace.drafts.set_answer

    def full(*_args: Any) -> None:
        raise DiskFull("full")

    monkeypatch.setattr(workspace.drafts, "set_answer", full)
    editor.apply(SetAnswer("familienname", "Mustermann"), WORKER)
    assert isinstance(errors[-1], DiskFull)
    assert not editor.saver.idle
    assert stored(workspace, wohngeld_id).answers["familienname"] == "B"  # not yet saved
    monkeypatch.setattr(workspace.drafts, "set_answer", real)
    editor.saver.retry()
    assert stored(workspace, wohngeld_id).answers["familienname"] == "Mustermann"
    assert editor.saver.idle


def test_an_edit_voids_the_signature_and_undo_makes_it_valid_again(
    workspace: Workspace, signed_hilfe: str
) -> None:
    """After an edit and Ctrl+Z the list said "in Arbeit" though the signature held again."""
    editor = open_editor(workspace, signed_hilfe)
    assert editor.stage is Stage.SIGNED
    assert editor.signature_valid
    event = editor.apply(SetAnswer("name", "Erika Neu"), WORKER)
    assert (event.stage, event.signature_changed) == (Stage.DRAFT, True)
    assert editor.signature_void
    assert stored(workspace, signed_hilfe).status is Stage.DRAFT
    editor.end_typing()
    assert editor.undo(WORKER) is not None
    assert editor.signature_valid
    assert stored(workspace, signed_hilfe).status is Stage.SIGNED
    assert stored(workspace, signed_hilfe).answers["name"] == "Erika"
    entries = [e.action for e in workspace.device.audit_entries(signed_hilfe)]
    assert entries[-2:] == ["signature_voided", "signature_valid_again"]


def test_typing_in_one_field_is_one_undo_step(workspace: Workspace, wohngeld_id: str) -> None:
    editor = open_editor(workspace, wohngeld_id)
    editor.apply(SetAnswer("familienname", "Muster"), WORKER)
    editor.apply(SetAnswer("familienname", "Mustermann"), WORKER)
    editor.end_typing()
    editor.apply(SetAnswer("vorname", "Erika"), WORKER)
    editor.undo(WORKER)
    assert editor.answers["familienname"] == "Mustermann"
    assert "vorname" not in editor.answers or editor.answers["vorname"] in ("A", None)
    editor.undo(WORKER)
    assert editor.answers.get("familienname") == "B"  # the prefill from "A B"
    assert stored(workspace, wohngeld_id).answers["familienname"] == "B"


def test_rows_are_added_with_defaults_and_removed(workspace: Workspace, wohngeld_id: str):
    editor = open_editor(workspace, wohngeld_id)
    assert len(editor.answers["haushalt"]) == 1  # min_count: 1
    editor.apply(SetAnswer("haushalt[0].hm_vorname", "Anna"), WORKER)
    editor.apply(AddRow("haushalt"), WORKER)
    editor.apply(AddRow("haushalt"), WORKER)
    editor.apply(RemoveRow("haushalt", 0), WORKER)
    rows = stored(workspace, wohngeld_id).answers["haushalt"]
    assert rows == [{"hm_gdb_freibetrag": False}, {"hm_gdb_freibetrag": False}]
    with pytest.raises(ValueError):
        editor.apply(RemoveRow("haushalt", 3), WORKER)


def test_a_finalised_draft_refuses_edits(
    workspace: Workspace, signed_hilfe: str, keys: OfficeKeys
) -> None:
    keys.arrive("sozialamt")
    workspace.finalise(signed_hilfe)
    editor = open_editor(workspace, signed_hilfe)
    assert editor.read_only
    with pytest.raises(StepRefused) as refused:
        editor.apply(SetAnswer("name", "x"), WORKER)
    assert "abgeschlossen" in refused.value.user_message
    assert editor.undo(WORKER) is None


def test_an_edit_by_someone_else_is_attributed(workspace: Workspace, signed_hilfe: str) -> None:
    editor = open_editor(workspace, signed_hilfe)
    editor.apply(SetAnswer("name", "Vorschlag"), Actor(Role.EXPERT, "Frau Amt"))
    entry = workspace.device.audit_entries(signed_hilfe)[-1]
    assert (entry.action, entry.detail) == (
        "signature_voided",
        "signed->draft by=expert:Frau Amt",
    )
    assert entry.actor == STAFF  # the profile's owner stays the audit actor


def test_the_review_digest_is_the_one_a_signature_is_checked_against(
    workspace: Workspace, signed_hilfe: str
) -> None:
    editor = open_editor(workspace, signed_hilfe)
    review = editor.review()
    assert review.digest == editor.digest == workspace.check(signed_hilfe).digest
    assert [s.content_sha256 for s in editor.signatures.values()] == [review.digest]
    rows = [(r.label, r.value) for s in review.sections for r in s.rows]
    assert rows == [("Name", "Erika")]


def test_every_save_is_announced_with_its_paths_and_actor(workspace: Workspace, wohngeld_id):
    from koffer.drafting.lifecycle import Saved

    events = []
    workspace.subscribe(events.append)
    editor = open_editor(workspace, wohngeld_id)
    editor.apply(SetAnswer("ort", "Kassel"), WORKER)
    editor.undo(WORKER)
    saved = [e for e in events if isinstance(e, Saved)]
    assert [(e.draft_id, e.paths, e.by) for e in saved] == [
        (wohngeld_id, ("ort",), WORKER),
        (wohngeld_id, ("*",), WORKER),
    ]
