"""Locking with input the disk would not take: retried, then carried over, never dropped.

The stores are real; "disk full" is the store's own `DiskFull`, raised by the write the
saver calls while `full` is set (the tmpfs version of this runs in tests/gui).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from koffer.drafting import wording
from koffer.drafting.actors import Actor
from koffer.drafting.base import SaveBatch
from koffer.drafting.editor import DraftEditor, SetAnswer
from koffer.drafting.lifecycle import Stage
from koffer.drafting.locking import RETRIES, LockFlush, Unsaved
from koffer.drafting.saving import Saver
from koffer.drafting.workspace import Workspace
from koffer.store import DiskFull
from tests.unit.drafting.conftest import STAFF, template
from tests.unit.drafting.test_editor import at_once

WORKER = Actor.worker(STAFF)
TYPED = "Mustermann, Erika – am vollen Datenträger getippt"


class Disk:
    """Wraps `Workspace.save`: refuses every write while `full`, counts the attempts."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.full = False
        self.attempts = 0

    def save(self, batch: SaveBatch) -> Stage:
        self.attempts += 1
        if self.full:
            raise DiskFull("disk full")
        return self.workspace.save(batch)


class Timer:
    """`later` for the flush: callbacks wait here until the test lets time pass."""

    def __init__(self) -> None:
        self.waiting: list[tuple[int, Callable[[], None]]] = []

    def __call__(self, delay_ms: int, callback: Callable[[], None]) -> None:
        self.waiting.append((delay_ms, callback))

    def pass_time(self, *, and_then: Callable[[], None] | None = None) -> None:
        while self.waiting:
            if and_then is not None:
                and_then()
            self.waiting.pop(0)[1]()


@pytest.fixture
def draft_id(workspace: Workspace, templates) -> str:
    return workspace.create_draft(template(templates, "wohngeld-mietzuschuss"), "A B").draft.id


def _editor(workspace: Workspace, draft_id: str, disk: Disk) -> DraftEditor:
    editor = DraftEditor(workspace.open_draft(draft_id))
    editor.saver = Saver(draft_id, disk.save, at_once, on_stage=editor.moved_to)
    return editor


def _lock(editor: DraftEditor, timer: Timer) -> list[Unsaved | None]:
    outcome: list[Unsaved | None] = []
    LockFlush(editor.saver, timer, outcome.append).start()
    editor.forget()  # the form is closed at once; only the flush keeps the saver
    return outcome


def test_a_lock_on_a_working_disk_writes_and_carries_nothing(workspace, draft_id) -> None:
    disk, timer = Disk(workspace), Timer()
    editor = _editor(workspace, draft_id, disk)
    editor.apply(SetAnswer("familienname", TYPED), WORKER)
    assert _lock(editor, timer) == [None]
    assert workspace.drafts.get_draft(draft_id).answers["familienname"] == TYPED


def test_input_the_full_disk_refused_survives_the_lock_and_is_saved_after(
    workspace, draft_id
) -> None:
    disk, timer = Disk(workspace), Timer()
    editor = _editor(workspace, draft_id, disk)
    disk.full = True
    editor.apply(SetAnswer("familienname", TYPED), WORKER)
    before = disk.attempts
    outcome = _lock(editor, timer)
    assert outcome == []  # not decided yet: it retries before it gives up
    timer.pass_time()
    (unsaved,) = outcome
    assert unsaved is not None
    assert disk.attempts - before == 1 + RETRIES  # the lock's flush, then the retries
    assert unsaved.draft_id == draft_id
    assert dict(unsaved.batch.changes)["familienname"] == TYPED
    assert unsaved.reason == wording.DISK_FULL_REASON
    assert workspace.drafts.get_draft(draft_id).answers.get("familienname") != TYPED

    disk.full = False  # space was freed; the worker unlocks
    again = _editor(workspace, draft_id, disk)
    again.restore(unsaved.batch, WORKER)
    assert again.answers["familienname"] == TYPED  # on screen again
    assert workspace.drafts.get_draft(draft_id).answers["familienname"] == TYPED  # on disk
    assert again.can_undo  # the worker can still take it back


def test_space_that_comes_back_while_retrying_saves_before_the_lock(workspace, draft_id) -> None:
    disk, timer = Disk(workspace), Timer()
    editor = _editor(workspace, draft_id, disk)
    disk.full = True
    editor.apply(SetAnswer("familienname", TYPED), WORKER)
    outcome = _lock(editor, timer)

    def free_space() -> None:
        disk.full = False

    timer.pass_time(and_then=free_space)
    assert outcome == [None]
    assert workspace.drafts.get_draft(draft_id).answers["familienname"] == TYPED


def test_no_open_draft_locks_at_once() -> None:
    outcome: list[Unsaved | None] = []
    LockFlush(None, Timer(), outcome.append).start()
    assert outcome == [None]
