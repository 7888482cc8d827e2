"""Text typed while the disk is full survives a lock (finding 1 of issue 18).

On a real, size-limited file system (tmpfs): the profile lives there, the disk is filled
to the last byte, the worker types into the open form (it cannot be saved: the form says
so), then locks (Ctrl+L). The lock retries, then keeps the input for the unlock. Space
is freed, the worker unlocks: the draft opens with the text in its field, and it is on
disk.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.conftest import unlock
from tests.gui.test_form import open_wohngeld, type_into
from tests.helpers.small_disk import fill, small_disk

pytestmark = pytest.mark.gui

TYPED = "Zqxmueller-Luedenscheidt"  # typed key by key: QTest knows ASCII keys only


@pytest.fixture
def profile_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The profile on an 8 MB tmpfs (KOFFER_PROFILE_DIR points there)."""
    with small_disk(tmp_path / "klein", 8 * 1024) as disk:
        folder = disk / "profile"
        monkeypatch.setenv("KOFFER_PROFILE_DIR", str(folder))
        yield folder


def test_text_typed_on_a_full_disk_is_there_after_lock_and_unlock(
    unlocked, profile_dir: Path, qtbot
) -> None:
    window = unlocked
    form = open_wohngeld(window)
    draft_id = form.draft_id
    form.go_to("antragsteller")
    filler = fill(profile_dir.parent)

    type_into(form, "familienname", TYPED)
    assert form.save_state.text() == "Nicht gespeichert!"  # the form says so at once

    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked
    assert window.form is None  # nothing of the draft is on screen
    qtbot.waitUntil(lambda: not window._locking, timeout=10_000)  # retried, then kept
    assert window.session.drafts is None  # drafts.db is closed all the same
    note = window.unlock_screen.unsaved
    assert note.isVisible()
    assert "noch nicht gespeichert" in note.text()
    assert "Speicher des Geräts ist voll" in note.text()

    filler.unlink()  # the worker (or IT) makes room
    unlock(window)
    assert not window.is_locked
    form = window.form
    assert form is not None
    assert form.draft_id == draft_id
    assert form.rows["familienname"].editor.edit.text() == TYPED  # on screen
    qtbot.waitUntil(lambda: form.save_state.text() == "Alles gespeichert", timeout=5000)
    stored = window.session.workspace.drafts.get_draft(draft_id).answers
    assert stored["familienname"] == TYPED  # and on disk
    assert "wieder da" in window.alert_text.text()


def test_quitting_with_such_text_asks_first(unlocked, profile_dir: Path, qtbot) -> None:
    window = unlocked
    form = open_wohngeld(window)
    form.go_to("antragsteller")
    fill(profile_dir.parent)
    type_into(form, "familienname", TYPED)
    window.lock()
    qtbot.waitUntil(lambda: not window._locking, timeout=10_000)
    asked: list[str] = []

    def refuse(title: str, text: str) -> bool:
        asked.append(text)
        return False

    window.confirm = refuse  # type: ignore[method-assign]
    assert not window.close()  # the worker chose to stay
    assert asked
    assert "geht sie verloren" in asked[0]
    assert window.session.unsaved is not None
