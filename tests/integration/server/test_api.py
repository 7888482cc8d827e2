"""API v1 over real HTTP on loopback, against SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
import uuid

import pytest
from sqlalchemy import func, select

from sync import crypto, protocol
from sync.server import enrollment, fleet
from sync.server.db import AttachmentChunk, Database, Device, Submission
from tests.helpers.server import (
    TEMPLATE_ID,
    TEMPLATE_VERSION,
    TEMPLATE_YAML,
    ApiClient,
    SealedSubmission,
    Seed,
    ServerProcess,
    make_submission,
)

pytestmark = pytest.mark.integration


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == code
    assert body["message"]  # a German text for the user
    return body


# --- identity --------------------------------------------------------------------------


def test_health_needs_no_token(running):
    body = running.client().http.get("/v1/health").json()
    assert body["status"] == "ok"
    assert body["api_version"] == "v1"


def test_enroll_gives_token_and_pinned_catalog_key(running):
    client = running.client()
    enrolled = client.enroll(running.seed.code("Laptop Seniorenbüro 3"))
    assert enrolled.catalog_keys == [crypto.catalog_key(running.seed.signing_key)]
    with running.db().read() as session:
        device = session.get(Device, enrolled.device_id)
        assert device is not None
        assert device.name == "Laptop Seniorenbüro 3"
        assert enrolled.token not in device.token_hash  # stored hashed only


def test_enrollment_code_is_single_use(running):
    code = running.seed.code()
    running.client().enroll(code)
    again = running.client().http.post("/v1/enroll", json={"code": code, "device_name": "x"})
    assert_error(again, 403, "invalid_code")


def test_expired_code_is_refused(running):
    code = running.seed.code(ttl=dt.timedelta(seconds=-1))
    response = running.client().http.post("/v1/enroll", json={"code": code, "device_name": "x"})
    assert_error(response, 403, "invalid_code")


def test_code_accepts_lower_case_and_spaces(running):
    code = running.seed.code()
    client = running.client()
    client.enroll(code.lower().replace("-", " "))
    assert client.http.get("/v1/catalog/manifest", headers=client.headers()).status_code == 200


def test_failed_enrollments_are_rate_limited(running):
    client = running.client()
    limit = running.settings.enroll_max_failures
    for _ in range(limit):
        response = client.http.post("/v1/enroll", json={"code": "WRONG-CODE", "device_name": "x"})
        assert response.status_code == 403
    # even a valid code is refused now, from this address
    response = client.http.post(
        "/v1/enroll", json={"code": running.seed.code(), "device_name": "x"}
    )
    assert_error(response, 429, "too_many_attempts")
    assert response.headers["Retry-After"]


def test_unknown_token_is_401(running):
    client = running.client("kd_not-a-real-token")
    response = client.http.get("/v1/catalog/manifest", headers=client.headers())
    assert_error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert_error(running.client().http.get("/v1/catalog/manifest"), 401, "unauthorized")


def test_revoked_device_gets_410_everywhere(running):
    client = running.enrolled("Zu sperren")
    with running.db().write.begin() as session:
        fleet.revoke(session, "Zu sperren")
    submission = make_submission(seal_payload=False)
    for response in (
        client.http.get("/v1/catalog/manifest", headers=client.headers()),
        client.put(submission),
        client.http.post(
            "/v1/devices/me/status",
            json={"app_version": "1.0", "catalog_version": 1, "outbox_length": 0},
            headers=client.headers(),
        ),
    ):
        assert response.status_code == 410
        assert response.json()["error"] == "revoked"


def test_a_revocation_by_another_process_reaches_a_server_that_just_saw_the_device(
    database_url, tmp_path
):
    """The server remembers a token look-up for `AUTH_CACHE_SECONDS`; a revocation made
    by another process (`koffer-admin revoke`) must still take effect once that passed."""
    seed = Seed(database_url).prepare()
    with ServerProcess(tmp_path / "data", database_url) as server:
        client = ApiClient(server.url)
        try:
            client.enroll(seed.code("Gestohlen"), "Gestohlen")
            manifest = client.http.get("/v1/catalog/manifest", headers=client.headers())
            assert manifest.status_code == 200  # looked up now, and remembered
            db = Database.connect(database_url, pool_size=1)
            try:
                with db.write.begin() as session:
                    fleet.revoke(session, "Gestohlen")
            finally:
                db.dispose()
            revoked_after = time.monotonic()
            while True:
                response = client.http.get("/v1/catalog/manifest", headers=client.headers())
                if response.status_code != 200 or time.monotonic() - revoked_after > 30:
                    break
                time.sleep(0.05)  # polling for the condition, not waiting a fixed time
            assert response.status_code == 410
            assert response.json()["error"] == "revoked"
        finally:
            client.close()


# --- catalog ---------------------------------------------------------------------------


def test_manifest_is_signed_and_cached_with_etag(running):
    client = running.enrolled()
    response = client.http.get("/v1/catalog/manifest", headers=client.headers())
    assert response.status_code == 200
    body = crypto.verify_manifest(response.text, [crypto.catalog_key(running.seed.signing_key)])
    assert body.catalog_version == 1
    assert [(t.id, t.version) for t in body.templates] == [(TEMPLATE_ID, TEMPLATE_VERSION)]
    assert "sozialamt" in body.office_keys
    etag = response.headers["ETag"]
    again = client.http.get(
        "/v1/catalog/manifest", headers=client.headers(**{"If-None-Match": etag})
    )
    assert again.status_code == 304
    assert again.content == b""
    other = client.http.get(
        "/v1/catalog/manifest", headers=client.headers(**{"If-None-Match": '"stale"'})
    )
    assert other.status_code == 200


def test_template_download_matches_manifest_hash(running):
    client = running.enrolled()
    manifest = client.http.get("/v1/catalog/manifest", headers=client.headers()).json()
    entry = manifest["templates"][0]
    response = client.http.get(
        f"/v1/catalog/templates/{entry['id']}/{entry['version']}", headers=client.headers()
    )
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == entry["sha256"]
    assert response.content == TEMPLATE_YAML.encode()
    missing = client.http.get("/v1/catalog/templates/gibtsnicht/1.0.0", headers=client.headers())
    assert_error(missing, 404, "not_found")


# --- submissions -----------------------------------------------------------------------


def test_full_delivery_gives_receipt_and_stores_ciphertext_only(running):
    client = running.enrolled()
    submission = make_submission((70_000, 5))
    receipt = client.deliver(submission, chunk=30_000)
    year = dt.datetime.now(dt.UTC).year
    assert receipt.reference.startswith(f"SOZ-{year}-")
    with running.db().read() as session:
        row = session.scalars(
            select(Submission).where(Submission.id == submission.submission_id)
        ).first()
        assert row is not None
        assert row.payload == submission.body["payload"]
        assert "Erika" not in row.payload  # sealed: the server cannot read the answers
        chunks = session.scalars(
            select(AttachmentChunk.data)
            .where(
                AttachmentChunk.submission_id == submission.submission_id,
                AttachmentChunk.attachment_id == "a0",
            )
            .order_by(AttachmentChunk.offset)
        ).all()
        assert b"".join(chunks) == submission.attachments["a0"]


def test_put_is_idempotent_and_conflicts_on_other_body(running):
    client = running.enrolled()
    submission = make_submission((10,))
    first = client.put(submission)
    second = client.put(submission)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    changed = dict(submission.body, template_version="1.0.0", office_id="sozialamt")
    changed["created_at"] = "2020-01-01T00:00:00+00:00"
    response = client.http.put(
        f"/v1/submissions/{submission.submission_id}", json=changed, headers=client.headers()
    )
    assert_error(response, 409, "conflict")


def _seen(response, submission_id: str) -> tuple[int, str, dict[str, str]]:
    """All a caller learns from an answer (status, body, headers but the date), with the
    id it asked about blanked out, so answers about two ids can be compared."""
    headers = {k: v for k, v in response.headers.items() if k.lower() != "date"}
    return response.status_code, response.text.replace(submission_id, "<id>"), headers


def test_another_devices_submission_id_is_answered_as_an_unknown_one(running):
    owner = running.enrolled("A")
    stranger = running.enrolled("B")
    taken = make_submission((10,))
    receipt = owner.deliver(taken)  # used by A and received
    free = SealedSubmission(str(uuid.uuid4()), taken.body, taken.attachments)  # never used
    taken_id, free_id = taken.submission_id, free.submission_id

    # before B sends anything under either id: every endpoint answers alike
    for ask in (
        lambda sid: stranger.head(sid, "a0"),
        lambda sid: stranger.patch(sid, "a0", 0, b"x"),
        lambda sid: stranger.patch(sid, "a0", 0, b""),
        stranger.complete,
    ):
        assert _seen(ask(taken_id), taken_id) == _seen(ask(free_id), free_id)
    assert stranger.head(taken_id, "a0").status_code == 404

    # PUT of the very body A sent: B gets a fresh submission of its own, as for a free id
    answers = [stranger.put(taken), stranger.put(free)]
    assert _seen(answers[0], taken_id) == _seen(answers[1], free_id)
    assert answers[0].status_code == 200
    state = protocol.SubmissionState.model_validate_json(answers[0].content)
    assert state.receipt is None
    assert [(a.offset, a.complete) for a in state.attachments] == [(0, False)]

    # B's submission under that id is B's alone: it gets its own receipt ...
    theirs = stranger.deliver(taken)
    assert theirs.submission_id == taken_id
    assert theirs.reference != receipt.reference
    # ... and A's is untouched
    again = owner.complete(taken_id)
    assert protocol.Receipt.model_validate_json(again.content) == receipt
    assert owner.head(taken_id, "a0").headers[protocol.UPLOAD_OFFSET_HEADER] == "10"


def test_complete_twice_returns_the_same_receipt(running):
    client = running.enrolled()
    submission = make_submission()
    first = client.deliver(submission)
    again = client.complete(submission.submission_id)
    assert again.status_code == 200
    assert protocol.Receipt.model_validate_json(again.content) == first
    state = client.put(submission).json()
    assert state["receipt"]["reference"] == first.reference


def test_references_are_gap_free(running):
    client = running.enrolled()
    references = [client.deliver(make_submission()).reference for _ in range(3)]
    numbers = [int(r.rsplit("-", 1)[1]) for r in references]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]


def test_complete_before_attachments_is_refused(running):
    client = running.enrolled()
    submission = make_submission((100, 100))
    client.put(submission).raise_for_status()
    client.patch(submission.submission_id, "a0", 0, submission.attachments["a0"])
    body = assert_error(client.complete(submission.submission_id), 409, "attachments_incomplete")
    assert body["missing"] == ["a1"]


def test_upload_resumes_from_head_offset_and_rejects_wrong_offsets(running):
    client = running.enrolled()
    submission = make_submission((1000,))
    data = submission.attachments["a0"]
    sid = submission.submission_id
    client.put(submission).raise_for_status()
    assert client.patch(sid, "a0", 0, data[:400]).headers["Upload-Offset"] == "400"
    head = client.head(sid, "a0")
    assert head.status_code == 200
    assert head.headers["Upload-Offset"] == "400"
    assert head.headers["Upload-Length"] == "1000"
    # replayed chunk: 409 with the right offset, nothing appended
    replay = client.patch(sid, "a0", 0, data[:400])
    body = assert_error(replay, 409, "offset_mismatch")
    assert body["offset"] == 400
    assert replay.headers["Upload-Offset"] == "400"
    # out-of-order chunk
    assert client.patch(sid, "a0", 800, data[800:]).status_code == 409
    assert client.patch(sid, "a0", 400, data[400:]).headers["Upload-Offset"] == "1000"
    assert client.complete(sid).status_code == 200


def test_checksum_mismatch_restarts_the_upload(running):
    client = running.enrolled()
    submission = make_submission((500,))
    sid = submission.submission_id
    client.put(submission).raise_for_status()
    client.patch(sid, "a0", 0, submission.attachments["a0"][:250]).raise_for_status()
    wrong = bytes(250)
    body = assert_error(client.patch(sid, "a0", 250, wrong), 422, "checksum_mismatch")
    assert body["offset"] == 0
    assert client.head(sid, "a0").headers["Upload-Offset"] == "0"
    client.patch(sid, "a0", 0, submission.attachments["a0"]).raise_for_status()
    assert client.complete(sid).status_code == 200


def test_longer_than_announced_is_refused(running):
    client = running.enrolled()
    submission = make_submission((10,))
    client.put(submission).raise_for_status()
    response = client.patch(submission.submission_id, "a0", 0, b"x" * 11)
    assert_error(response, 422, "attachment_too_long")
    assert client.head(submission.submission_id, "a0").headers["Upload-Offset"] == "0"


def test_payload_checksum_and_unknown_template_are_refused(running):
    client = running.enrolled()
    submission = make_submission(seal_payload=False)
    bad = dict(submission.body, payload_sha512="0" * 128)
    response = client.http.put(
        f"/v1/submissions/{submission.submission_id}", json=bad, headers=client.headers()
    )
    assert_error(response, 422, "payload_checksum_mismatch")
    unknown = dict(submission.body, template_id="gibtsnicht")
    response = client.http.put(
        f"/v1/submissions/{submission.submission_id}", json=unknown, headers=client.headers()
    )
    assert_error(response, 422, "unknown_template")
    with running.db().read() as session:
        assert (
            session.scalars(
                select(Submission).where(Submission.id == submission.submission_id)
            ).first()
            is None
        )


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/v1/submissions/..%2F..%2Fetc",
        "/v1/submissions/NOT-A-UUID",
        "/v1/submissions/" + "a" * 5000,
    ],
)
def test_path_like_and_oversized_ids_are_refused(running, path):
    client = running.enrolled()
    response = client.http.put(path, json=make_submission().body, headers=client.headers())
    # 413: a path that is no submission's gets the bound of bodiless routes, unread
    assert response.status_code in (404, 413, 414, 422)
    assert response.status_code < 500
    if response.status_code != 414:
        assert response.json()["error"] in ("invalid_request", "not_found", "too_large")


def test_bad_attachment_id_is_refused(running):
    client = running.enrolled()
    submission = make_submission((10,))
    client.put(submission).raise_for_status()
    for bad in ("..%2Fetc", ".hidden", "A" * 65):
        response = client.patch(submission.submission_id, bad, 0, b"x")
        assert response.status_code in (404, 422)
        assert response.json()["error"] in ("not_found", "invalid_request")


def test_malformed_json_wrong_type_and_too_large(running):
    client = running.enrolled()
    sid = make_submission().submission_id
    url = f"/v1/submissions/{sid}"
    json_type = {"Content-Type": "application/json"}
    malformed = client.http.put(
        url, content=b'{"template_id": ', headers=client.headers(**json_type)
    )
    assert_error(malformed, 422, "malformed_json")
    as_text = client.http.put(
        url, content=b"{}", headers=client.headers(**{"Content-Type": "text/plain"})
    )
    assert_error(as_text, 415, "unsupported_media_type")
    huge = b" " * (protocol.MAX_SUBMISSION_BODY_BYTES + 1)
    too_large = client.http.put(url, content=huge, headers=client.headers(**json_type))
    assert_error(too_large, 413, "too_large")
    chunk_as_json = client.http.patch(
        f"{url}/attachments/a0",
        content=b"x",
        headers=client.headers(**{"Upload-Offset": "0", "Content-Type": "application/json"}),
    )
    assert_error(chunk_as_json, 415, "unsupported_media_type")
    with running.db().read() as session:
        assert session.scalar(select(func.count()).select_from(Submission)) == 0


def test_chunked_body_over_the_limit_is_cut_off(running):
    client = running.enrolled()

    def body():
        for _ in range(protocol.MAX_SMALL_BODY_BYTES // 1024 + 2):
            yield b" " * 1024

    response = client.http.post(
        "/v1/devices/me/status",
        content=body(),
        headers=client.headers(**{"Content-Type": "application/json"}),
    )
    assert_error(response, 413, "too_large")


def test_invalid_fields_name_where_the_problem_is(running):
    client = running.enrolled()
    submission = make_submission()
    bad = dict(submission.body, created_at="gestern")
    response = client.http.put(
        f"/v1/submissions/{submission.submission_id}", json=bad, headers=client.headers()
    )
    body = assert_error(response, 422, "invalid_request")
    assert "created_at" in body["message"]
    assert "gestern" not in response.text  # the input is never echoed


def test_unknown_route_and_method_give_json_errors(running):
    client = running.enrolled()
    assert_error(client.http.get("/v1/nope", headers=client.headers()), 404, "not_found")
    assert_error(client.http.delete("/v1/health"), 405, "method_not_allowed")
    # without a token nothing but the public routes is told apart: no map of the API
    assert_error(running.client().http.get("/v1/nope"), 401, "unauthorized")


# --- visits and heartbeat --------------------------------------------------------------


def test_visits_of_this_device_only(running):
    mine = running.enrolled("Laptop Eins")
    running.enrolled("Laptop Zwei")
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=1)
    csv_text = (
        "id,device,starts_at,ends_at,citizen_name,address,purpose,suggested_forms\n"
        f"v1,Laptop Eins,{start.isoformat()},,Erika Mustermann,Hauptstr. 1,Pflegegeld,"
        f"{TEMPLATE_ID}\n"
        f"v2,Laptop Zwei,{start.isoformat()},,Max Muster,Nebenweg 2,Wohngeld,\n"
    )
    with running.db().write.begin() as session:
        assert fleet.import_visits(session, csv_text) == 2
    response = mine.http.get(
        "/v1/visits",
        params={"from": start.date().isoformat(), "to": start.date().isoformat()},
        headers=mine.headers(),
    )
    visits = protocol.VisitList.model_validate_json(response.content).visits
    assert [v.id for v in visits] == ["v1"]
    assert visits[0].suggested_forms == [TEMPLATE_ID]
    backwards = mine.http.get(
        "/v1/visits", params={"from": "2026-02-01", "to": "2026-01-01"}, headers=mine.headers()
    )
    assert backwards.status_code == 422


def test_heartbeat_is_shown_in_the_fleet(running):
    client = running.enrolled("Laptop Heartbeat")
    response = client.http.post(
        "/v1/devices/me/status",
        json={
            "app_version": "1.2.3",
            "catalog_version": 7,
            "outbox_length": 2,
            "last_error": "timeout",
        },
        headers=client.headers(),
    )
    assert response.status_code == 200
    assert response.json()["actions"] == []
    with running.db().read() as session:
        rows = {r.name: r for r in fleet.list_devices(session)}
    row = rows["Laptop Heartbeat"]
    assert (row.app_version, row.catalog_version, row.outbox_length, row.last_error) == (
        "1.2.3",
        7,
        2,
        "timeout",
    )


def test_openapi_document_is_published(running):
    document = running.client().http.get("/v1/openapi.json").json()
    paths = document["paths"]
    assert "/v1/submissions/{submission_id}/attachments/{attachment_id}" in paths
    assert "/v1/_sink" not in paths
    schema = json.dumps(document)
    assert "SubmissionRequest" in schema


def test_catalog_keys_listed_at_enrollment_come_from_the_database(running):
    with running.db().read() as session:
        keys = enrollment.catalog_keys(session)
    assert keys == [crypto.catalog_key(running.seed.signing_key)]
