"""Small server parts without a database: tokens, codes, body rules, references."""

from __future__ import annotations

import datetime as dt

import pytest

from sync import protocol
from sync.server import security
from sync.server.guard import rule_for
from sync.server.inbox import safe_filename
from sync.server.references import format_reference, reference_year


def test_codes_are_readable_and_normalize():
    code = security.new_enrollment_code()
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4, 4]
    assert set(code.replace("-", "")) <= set(security.CODE_ALPHABET)
    assert security.normalize_code(code.lower().replace("-", " ")) == code.replace("-", "")


def test_tokens_are_random_and_hashed():
    tokens = {security.new_token("kd") for _ in range(50)}
    assert len(tokens) == 50
    token = tokens.pop()
    assert token.startswith("kd_")
    assert len(token) > 40
    digest = security.hash_secret(token)
    assert len(digest) == 64
    assert token not in digest
    assert security.same_hash(digest, security.hash_secret(token))
    assert not security.same_hash(digest, security.hash_secret(token + "x"))


@pytest.mark.parametrize(
    ("method", "path", "limit", "media_type"),
    [
        (
            "PATCH",
            "/v1/submissions/x/attachments/a0",
            protocol.MAX_CHUNK_BYTES,
            protocol.CHUNK_MEDIA_TYPE,
        ),
        ("PUT", "/v1/submissions/x", protocol.MAX_SUBMISSION_BODY_BYTES, "application/json"),
        ("POST", "/v1/enroll", protocol.MAX_ENROLL_BODY_BYTES, "application/json"),
        ("POST", "/v1/devices/me/status", protocol.MAX_STATUS_BODY_BYTES, "application/json"),
        ("POST", "/v1/submissions/x/complete", 1024, None),
        ("GET", "/v1/health", 1024, None),
    ],
)
def test_body_rules(method, path, limit, media_type):
    rule = rule_for(method, path)
    assert (rule.limit, rule.media_type) == (limit, media_type)


def test_reference_format_and_year_in_berlin():
    assert format_reference("SOZ", 2026, 123) == "SOZ-2026-000123"
    assert format_reference("SOZ", 2026, 1234567) == "SOZ-2026-1234567"
    new_year_berlin = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)  # 00:30 in Berlin
    assert reference_year(new_year_berlin, "Europe/Berlin") == 2027
    assert reference_year(new_year_berlin, "UTC") == 2026


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\Mietvertrag.pdf", "Mietvertrag.pdf"),
        ("Bescheid vom 1.2.pdf", "Bescheid_vom_1.2.pdf"),
        ("..", "datei"),
        ("", "datei"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name, "datei") == expected
