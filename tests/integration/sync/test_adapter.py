"""koffer's side of sync: sealing twice, visits, moving a draft, retired forms."""

from __future__ import annotations

import datetime as dt

import pytest

from koffer.drafting.catalog import load_catalog
from koffer.drafting.moving import describe_report
from koffer.store import DraftStatus
from koffer.townhall.store_port import OUTBOX_CACHE_KIB
from koffer.townhall.visits import suggested_forms
from sync.client.enrollment import api_for
from sync.client.runner import sync_once
from sync.protocol import Visit

from .conftest import FORM_YAML, Laptop, TownHall, publish_form

pytestmark = pytest.mark.integration


def _sync(laptop: Laptop) -> None:
    api = api_for(laptop.store, laptop.store, timeout=10)
    assert api is not None
    with api:
        report = sync_once(laptop.store, api)
    assert report.error is None, report.error


def test_sync_store_gives_device_db_room_for_the_parts_in_flight(laptop: Laptop) -> None:
    """Delivery holds up to three sealed parts in flight; the default 2 MB cache held less."""
    laptop.store.pending()  # a delivery starts with it
    assert laptop.device.connection.pragma("cache_size") == -OUTBOX_CACHE_KIB
    assert OUTBOX_CACHE_KIB * 1024 >= 3 * 5_000_000 * 4 // 3  # three 5 MB files, sealed


def test_finalising_again_after_a_crash_makes_no_twin(laptop: Laptop) -> None:
    _sync(laptop)
    draft_id = laptop.finished_draft("Erika Beispiel")
    # a crash after the outbox row but before the stage: the draft still looks signed
    laptop.drafts.connection.execute(
        "UPDATE drafts SET status = 'signed' WHERE id = ?", (draft_id,)
    )
    assert laptop.workspace.finalise(draft_id) is DraftStatus.SEALED
    assert laptop.drafts.get_draft(draft_id).status == DraftStatus.SEALED
    assert laptop.device.outbox_count() == 1


def test_visits_are_added_once_and_cancelled_ones_removed(laptop: Laptop) -> None:
    start = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    visits = [
        Visit(id="v1", starts_at=start, citizen_name="A B", address="X 1, 12345 Y", purpose="P"),
        Visit(
            id="v2",
            starts_at=start,
            citizen_name="C D",
            address="Z 2, 12345 Y",
            purpose="Q",
            suggested_forms=["hilfeantrag"],
        ),
    ]
    assert laptop.store.store_visits(visits)
    assert laptop.store.store_visits(visits)  # again: no duplicates
    stored = laptop.drafts.list_visits()
    assert sorted(v.citizen_name for v in stored) == ["A B", "C D"]
    note = next(v.note for v in stored if v.citizen_name == "C D")
    assert suggested_forms(note) == ["hilfeantrag"]
    assert laptop.store.store_visits(visits[:1])  # v2 cancelled in the town hall
    assert [v.citizen_name for v in laptop.drafts.list_visits()] == ["A B"]
    laptop.drafts.close()
    assert not laptop.store.store_visits(visits)  # locked: nothing personal stored


def test_move_draft_to_newer_version_reports_what_changed(
    laptop: Laptop, town_hall: TownHall
) -> None:
    _sync(laptop)
    draft = laptop.drafts.create_draft("hilfeantrag", "1.0.0", "Erika Beispiel")
    laptop.drafts.set_answer(draft.id, "name", "Erika Beispiel")
    laptop.drafts.set_answer(draft.id, "hat_nachweis", True)
    v2 = (
        FORM_YAML.replace("version: 1.0.0", "version: 2.0.0")
        .replace(
            "      - id: hat_nachweis\n        type: boolean\n        label: Nachweis vorhanden\n",
            "",
        )
        .replace('        relevant: "hat_nachweis == true"\n', "")
    )
    publish_form(town_hall.seed, v2, "v2.yaml")
    _sync(laptop)
    laptop.workspace.catalog = load_catalog(laptop.device)
    report = laptop.workspace.preview_move(draft.id)
    assert report is not None
    assert "name" in report.carried
    assert [path for path, _reason in report.dropped] == ["hat_nachweis"]
    moved = laptop.workspace.move_to_newest(draft.id)
    assert moved is not None
    new_id, _report = moved
    new = laptop.drafts.get_draft(new_id)
    assert new.template_version == "2.0.0"
    assert new.answers == {"name": "Erika Beispiel"}
    assert laptop.drafts.get_draft(draft.id).template_version == "1.0.0"  # kept
    assert "Nicht übernommen" in describe_report(report)


def test_retired_form_is_not_offered_for_new_drafts(laptop: Laptop, town_hall: TownHall) -> None:
    from sqlalchemy import update

    from sync.server import catalog
    from sync.server.db import Database, StoredTemplate

    _sync(laptop)
    assert "hilfeantrag" in {t.id for t in load_catalog(laptop.device).latest}
    db = Database.connect(town_hall.seed.database_url, pool_size=1)
    try:
        with db.write.begin() as session:
            session.execute(
                update(StoredTemplate)
                .where(StoredTemplate.template_id == "hilfeantrag")
                .values(retired_after=dt.date(2020, 1, 1))
            )
            catalog.publish(session, town_hall.seed.signing_key)
    finally:
        db.dispose()
    _sync(laptop)
    shown = load_catalog(laptop.device)
    assert "hilfeantrag" not in {t.id for t in shown.latest}
    assert shown.get("hilfeantrag", "1.0.0") is not None  # existing drafts keep working
