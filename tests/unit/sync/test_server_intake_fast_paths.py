"""Intake rules on a real SQLite database: receipt numbers by upsert, which template and
office pairs are accepted, checks moved before the write transaction."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from sync import crypto
from sync.protocol import SubmissionRequest
from sync.server import catalog, enrollment, intake
from sync.server.db import Database, Device, ReferenceCounter, default_database_url
from sync.server.errors import ApiError
from sync.server.references import next_number
from sync.server.settings import ServerSettings
from tests.helpers.server import (
    TEMPLATE_ID,
    TEMPLATE_VERSION,
    TEMPLATE_YAML,
    Seed,
    make_submission,
    office_key,
)


@pytest.fixture
def seed(tmp_path: Path) -> Seed:
    return Seed(default_database_url(tmp_path)).prepare()


@pytest.fixture
def db(tmp_path: Path, seed: Seed):
    database = Database.connect(seed.database_url, pool_size=4)
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


def _settings(tmp_path: Path) -> ServerSettings:
    return ServerSettings(data_dir=tmp_path)


def test_only_published_current_template_and_office_pairs_are_accepted(
    db, tmp_path, seed, monkeypatch
):
    # the server looks for a newer publication at most once a second; here at once
    monkeypatch.setattr(intake, "ACCEPTED_RECHECK_SECONDS", 0.0)
    device = _device(db)
    settings = _settings(tmp_path)
    sid, request = _request()
    intake.put_submission(db, settings, device, sid, request)  # published: accepted

    with db.write.begin() as session:
        office = catalog.add_office  # a second office the template does not belong to
        office(session, "wohngeldstelle", json.dumps(crypto.public_jwk(office_key())))
        newer = TEMPLATE_YAML.replace(f"version: {TEMPLATE_VERSION}", "version: 1.1.0")
        catalog.add_template(session, newer.encode(), "newer.yaml")
    refused = {
        "office": _request(office_id="wohngeldstelle"),  # exists, but not this form's
        "stored, unpublished": _request(template_version="1.1.0"),
        "never stored": _request(template_version="9.9.9"),
    }
    codes = {}
    for name, (sid, request) in refused.items():
        with pytest.raises(ApiError) as error:
            intake.put_submission(db, settings, device, sid, request)
        codes[name] = error.value.code
    assert codes == {
        "office": "office_mismatch",
        "stored, unpublished": "unknown_template",
        "never stored": "unknown_template",
    }

    # publishing makes the new version acceptable (no restart)
    with db.write.begin() as session:
        catalog.retire(session, TEMPLATE_ID, dt.date(2026, 6, 30))
        catalog.publish(session, seed.signing_key)
    sid, request = _request(template_version="1.1.0", created_at="2026-06-30T10:00:00+00:00")
    intake.put_submission(db, settings, device, sid, request)
    # retired: sealed up to its last day still goes through, later is refused
    late_id, late = _request(created_at="2026-07-01T08:00:00+00:00")
    with pytest.raises(ApiError) as retired:
        intake.put_submission(db, settings, device, late_id, late)
    assert retired.value.code == "template_retired"


def test_a_conflict_is_reported_before_a_bad_payload_checksum(db, tmp_path):
    device = _device(db)
    settings = _settings(tmp_path)
    sid, request = _request()
    first = intake.put_submission(db, settings, device, sid, request)
    assert [a.offset for a in first.attachments] == [0]
    # same body, same answer
    assert intake.put_submission(db, settings, device, sid, request) == first
    bad = request.model_copy(update={"payload_sha512": "0" * 128})
    with pytest.raises(ApiError) as conflict:
        intake.put_submission(db, settings, device, sid, bad)
    assert conflict.value.status_code == 409
    fresh_id, fresh = _request(payload_sha512="0" * 128)
    with pytest.raises(ApiError) as checksum:
        intake.put_submission(db, settings, device, fresh_id, fresh)
    assert checksum.value.code == "payload_checksum_mismatch"
