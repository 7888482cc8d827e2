"""Sealing: only relevant answers and their files, readable only with the office key."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from forms.loader import load_template_text
from sync import crypto
from sync.protocol import SealedContent
from sync.sealing import (
    FileToSeal,
    SealedSubmission,
    SealingError,
    build_request,
    seal_submission,
)
from tests.helpers.sample_forms import HILFEANTRAG_YAML
from tests.helpers.server import office_key

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def _seal(answers: dict[str, object]) -> tuple[SealedSubmission, SealedContent]:
    template = load_template_text(HILFEANTRAG_YAML)
    files = [
        FileToSeal("att-1", "nachweis", "beleg.pdf", "application/pdf", b"%PDF secret"),
        FileToSeal("sig-1", "unterschrift", "u.png", "image/png", b"\x89PNG sig"),
    ]
    keys = {"sozialamt": crypto.public_jwk(office_key())}
    sealed = seal_submission(
        template, answers, draft_id="d1", files=files, office_keys=keys, created_at=NOW
    )
    content = SealedContent.model_validate_json(crypto.unseal(sealed.payload, office_key()))
    return sealed, content


def test_only_relevant_answers_and_their_files_are_sealed() -> None:
    sealed, content = _seal(
        {"name": "Erika", "hat_nachweis": False, "nachweis": ["att-1"], "unterschrift": "sig-1"}
    )
    assert content.answers == {"name": "Erika", "hat_nachweis": False, "unterschrift": "sig-1"}
    assert set(sealed.parts) == {"sig-1"}


def test_parts_open_with_office_key_and_hashes_match() -> None:
    sealed, content = _seal(
        {"name": "Erika", "hat_nachweis": True, "nachweis": ["att-1"], "unterschrift": "sig-1"}
    )
    parts = sealed.parts
    assert crypto.unseal(parts["att-1"][1], office_key()) == b"%PDF secret"
    info = {a.id: a for a in content.attachments}
    assert (info["att-1"].model_extra or {})["sha512"] == crypto.sha512_hex(b"%PDF secret")
    request = sealed.request()
    announced = {a.id: a for a in request.attachments}
    assert announced["att-1"].sha512 == crypto.sha512_hex(parts["att-1"][1])
    assert request.payload_sha512 == crypto.sha512_hex(sealed.payload.encode())
    assert b"secret" not in json.dumps(request.model_dump(mode="json")).encode()


def test_same_input_gives_the_same_request_body() -> None:
    sealed, _ = _seal({"name": "Erika"})
    one = build_request(
        template_id="hilfeantrag",
        template_version="1.0.0",
        office_id="sozialamt",
        created_at=NOW,
        payload=sealed.payload,
        parts=sealed.parts,
    )
    assert one == sealed.request()


def test_missing_office_key_is_a_german_error() -> None:
    template = load_template_text(HILFEANTRAG_YAML)
    with pytest.raises(SealingError) as info:
        seal_submission(template, {"name": "E"}, draft_id="d", files=[], office_keys={})
    assert "Schlüssel" in info.value.user_message
