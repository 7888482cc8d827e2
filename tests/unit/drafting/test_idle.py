"""When the idle laptop warns and locks, and where unlocking goes back to (no Qt).

The expected times come from issue 12 (warn 30 s ahead; the review is read for minutes),
not from the module's constants.
"""

from __future__ import annotations

import pytest

from forms.model import Template
from koffer.drafting.idle import Place, idle_times, place_to_return, remember_place
from koffer.drafting.workspace import Workspace
from koffer.settings import LAST_PLACE
from tests.unit.drafting.conftest import template


def test_the_warning_comes_thirty_seconds_before_the_lock() -> None:
    times = idle_times(5)
    assert (times.warn_after, times.lock_after) == (270.0, 300.0)


def test_while_the_citizen_reads_the_review_it_waits_at_least_ten_minutes() -> None:
    assert idle_times(5, reviewing=True).lock_after == 600.0
    assert idle_times(5, reviewing=True).warn_after == 570.0
    assert idle_times(15, reviewing=True).lock_after == 900.0  # a longer setting stays


def test_a_very_short_idle_time_still_leaves_time_to_answer() -> None:
    times = idle_times(0.02)  # 1.2 s
    assert times.lock_after == pytest.approx(1.2)
    assert times.warn_after == pytest.approx(0.6)
    assert idle_times(0).lock_after > 0


@pytest.mark.parametrize(
    "stored",
    [None, "x", [], {}, {"draft_id": ""}, {"draft_id": 5}, {"section": "a"}],
)
def test_an_unusable_stored_place_is_no_place(stored) -> None:
    assert Place.from_setting(stored) is None


def test_a_place_survives_the_settings() -> None:
    place = Place("d1", "wohnung", review=True)
    assert Place.from_setting(place.as_setting()) == place
    assert Place.from_setting({"draft_id": "d1", "section": 3, "review": "yes"}) == Place("d1")


def test_unlocking_goes_back_to_the_draft_while_it_exists(
    workspace: Workspace, templates: list[Template]
) -> None:
    draft = workspace.create_draft(template(templates, "wohngeld-mietzuschuss"), "Erika M").draft
    remember_place(workspace.device, Place(draft.id, "wohnung"))
    assert place_to_return(workspace.device, workspace.drafts) == Place(draft.id, "wohnung")
    workspace.delete_draft(draft.id)
    assert place_to_return(workspace.device, workspace.drafts) is None
    assert LAST_PLACE.read(workspace.device) is None  # a deleted draft is forgotten


def test_a_draft_left_by_the_worker_is_not_returned_to(
    workspace: Workspace, templates: list[Template]
) -> None:
    draft = workspace.create_draft(template(templates, "wohngeld-mietzuschuss"), "Erika M").draft
    remember_place(workspace.device, Place(draft.id))
    remember_place(workspace.device, None)
    assert place_to_return(workspace.device, workspace.drafts) is None
