"""Intake shortcuts on a real SQLite database: receipt numbers by upsert, the catalog
existence memory, checks moved before the write transaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from sync.protocol import SubmissionRequest
from sync.server import enrollment, intake
from sync.server.db import Database, Device, ReferenceCounter, default_database_url
from sync.server.errors import ApiError
from sync.server.references import next_number
from sync.server.settings import ServerSettings
from tests.helpers.server import OFFICE_ID, TEMPLATE_ID, TEMPLATE_VERSION, Seed, make_submission


@pytest.fixture
def db(tmp_path: Path):
    url = default_database_url(tmp_path)
    seed = Seed(url).prepare()
    database = Database.connect(url, pool_size=4)
    settings = ServerSettings(data_dir=tmp_path)
    enrollment.enroll(database, settings, code=seed.code("x"), device_name="x", ip="127.0.0.1")
    yield database
    database.dispose()


def _device(db: Database) -> str:
    with db.read() as session:
        device = session.scalars(select(Device)).first()
        assert device is not None
        return device.id


def _request(**changes: object) -> tuple[str, SubmissionRequest]:
    sealed = make_submission((10,), seal_payload=False)
    body = dict(sealed.body, **changes)
    return sealed.submission_id, SubmissionRequest.model_validate(body)


def test_reference_numbers_count_up_per_year_and_a_rollback_gives_the_number_back(db):
    with db.write.begin() as session:
        assert next_number(session, 2031) == 1
        assert next_number(session, 2031) == 2
        assert next_number(session, 2032) == 1

    class AbortError(Exception):
        pass

    def allocate_then_abort() -> None:
        with db.write.begin() as session:
            assert next_number(session, 2031) == 3
            raise AbortError

    with pytest.raises(AbortError):
        allocate_then_abort()
    with db.write.begin() as session:
        assert next_number(session, 2031) == 3  # no gap
    with db.read() as session:
        rows = {r.year: r.last_number for r in session.scalars(select(ReferenceCounter))}
    assert rows == {2031: 3, 2032: 1}


def test_known_catalog_rows_are_remembered_and_unknown_ones_still_refused(db):
    device = _device(db)
    sid, request = _request()
    intake.put_submission(db, device, sid, request)
    assert ("template", TEMPLATE_ID, TEMPLATE_VERSION) in db.known_to_exist
    assert ("office", OFFICE_ID) in db.known_to_exist

    sid, request = _request(office_id="nirgendwo")
    with pytest.raises(ApiError) as office_error:
        intake.put_submission(db, device, sid, request)
    assert office_error.value.code == "unknown_office"
    sid, request = _request(template_version="9.9.9")
    with pytest.raises(ApiError) as template_error:
        intake.put_submission(db, device, sid, request)
    assert template_error.value.code == "unknown_template"
    assert ("office", "nirgendwo") not in db.known_to_exist


def test_a_conflict_is_reported_before_a_bad_payload_checksum(db):
    device = _device(db)
    sid, request = _request()
    first = intake.put_submission(db, device, sid, request)
    assert [a.offset for a in first.attachments] == [0]
    assert intake.put_submission(db, device, sid, request) == first  # same body, same answer
    bad = request.model_copy(update={"payload_sha512": "0" * 128})
    with pytest.raises(ApiError) as conflict:
        intake.put_submission(db, device, sid, bad)
    assert conflict.value.status_code == 409
    fresh_id, fresh = _request(payload_sha512="0" * 128)
    with pytest.raises(ApiError) as checksum:
        intake.put_submission(db, device, fresh_id, fresh)
    assert checksum.value.code == "payload_checksum_mismatch"
