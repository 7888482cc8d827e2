"""A new draft and a new group row start with every default the template states.

The expectation is read from the YAML files themselves (plain `yaml.safe_load`), not from
the engine the code uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import forms
from forms.model import Template
from koffer.drafting.actors import Actor
from koffer.drafting.defaults import prefill
from koffer.drafting.editor import AddRow, DraftEditor
from koffer.drafting.workspace import Workspace
from tests.unit.drafting.conftest import template

SHIPPED = sorted(Path(forms.catalog_dir()).glob("*.yaml"))
WORKER = Actor.worker("Petra Feld")


def _stated_defaults(
    path: Path,
) -> tuple[dict[str, Any], dict[str, dict[str, Any]], dict[str, int]]:
    """(top-level defaults, group id -> member defaults, group id -> min_count) from YAML."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    top: dict[str, Any] = {}
    groups: dict[str, dict[str, Any]] = {}
    minimum: dict[str, int] = {}
    for section in data["sections"]:
        for field in section["fields"]:
            if field.get("compute") is not None:
                continue
            if field["type"] == "group":
                groups[field["id"]] = {
                    m["id"]: m["default"]
                    for m in field.get("fields", [])
                    if "default" in m and m.get("compute") is None
                }
                minimum[field["id"]] = int(field.get("min_count", 0))
            elif "default" in field:
                top[field["id"]] = field["default"]
    return top, groups, minimum


def _json(value: Any) -> Any:
    return str(value) if isinstance(value, float) else value


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_a_new_draft_has_every_stated_default(path: Path, workspace: Workspace, templates) -> None:
    top, groups, minimum = _stated_defaults(path)
    form = template(templates, yaml.safe_load(path.read_text(encoding="utf-8"))["id"])
    answers = workspace.create_draft(form, "").draft.answers
    stored = workspace.drafts.get_draft(workspace.drafts.list_drafts()[0].id).answers
    assert stored == answers
    for field_id, default in top.items():
        assert _json(answers.get(field_id)) == _json(default), field_id
    for group_id, count in minimum.items():
        rows = answers.get(group_id, [])
        assert len(rows) == count, group_id
        for row in rows:
            for member, default in groups[group_id].items():
                assert _json(row.get(member)) == _json(default), f"{group_id}.{member}"


def test_a_new_wohngeld_household_row_has_its_default(workspace: Workspace, templates) -> None:
    """`hm_gdb_freibetrag: false` was dropped when a row was added."""
    wohngeld = template(templates, "wohngeld-mietzuschuss")
    opened = workspace.create_draft(wohngeld, "Erika Mustermann")
    editor = DraftEditor(opened)
    editor.apply(AddRow("haushalt"), WORKER)
    assert editor.answers["haushalt"][-1]["hm_gdb_freibetrag"] is False


def test_the_name_typed_at_new_application_is_in_the_form(workspace: Workspace, templates) -> None:
    wohngeld = template(templates, "wohngeld-mietzuschuss")
    answers = workspace.create_draft(wohngeld, "Erika Anna Mustermann").draft.answers
    assert (answers["vorname"], answers["familienname"]) == ("Erika Anna", "Mustermann")


def test_prefill_uses_only_fields_the_form_has(templates) -> None:
    wohngeld: Template = template(templates, "wohngeld-mietzuschuss")
    assert prefill(wohngeld, "Max Muster", "Am Markt 1, 34117 Kassel") == {
        "vorname": "Max",
        "familienname": "Muster",
        "strasse": "Am Markt 1",
        "plz": "34117",
        "ort": "Kassel",
    }
    assert prefill(wohngeld, "Cher", "irgendwo") == {}
    vollmacht = template(templates, "vollmacht")
    assert prefill(vollmacht, "A B", "Weg 1\n12345 Ort") == {
        "vorname": "A",
        "familienname": "B",
        "anschrift": "Weg 1\n12345 Ort",
    }


def test_the_visit_record_starts_with_today_and_the_worker(workspace: Workspace, templates) -> None:
    # The expectation comes from the test's own clock and the profile's staff name.
    record = template(templates, "hausbesuchsprotokoll")
    answers = workspace.create_draft(record, "Erika Mustermann").draft.answers
    today = workspace.clock().astimezone().date().isoformat()
    assert answers["besuchsdatum"] == today
    assert answers["protokoll_datum"] == today
    assert answers["mitarbeiter_name"] == "Petra Feld"


def test_the_place_of_the_signature_is_the_laptops_place(workspace: Workspace, templates) -> None:
    from koffer.settings import PLACE

    PLACE.write(workspace.device, "Kassel")
    wohngeld = template(templates, "wohngeld-mietzuschuss")
    assert workspace.create_draft(wohngeld, "").draft.answers["ort_unterschrift"] == "Kassel"


def test_the_configured_letterheads_town_is_the_place_the_sample_one_is_none(
    workspace: Workspace, templates
) -> None:
    from koffer.settings import LETTERHEAD

    wohngeld = template(templates, "wohngeld-mietzuschuss")
    assert "ort_unterschrift" not in workspace.create_draft(wohngeld, "").draft.answers
    LETTERHEAD.write(workspace.device, {"municipality": "Stadt Hofgeismar"})
    answers = workspace.create_draft(wohngeld, "").draft.answers
    assert answers["ort_unterschrift"] == "Stadt Hofgeismar"


def test_nothing_is_prefilled_that_is_not_known(templates) -> None:
    from koffer.drafting.defaults import Known, prefill_known

    record = template(templates, "hausbesuchsprotokoll")
    assert prefill_known(record, Known()) == {}
