"""Property-based API test: Schemathesis against the published OpenAPI document.

Every operation gets generated requests, valid and invalid, with and without a valid
device token; the server must never answer 5xx. Kept bounded (a few hundred requests).
"""

from __future__ import annotations

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode

from sync import protocol

pytestmark = [pytest.mark.integration, pytest.mark.slow]

EXAMPLES_PER_MODE = 15

# Attachment chunks are raw bytes; tell Schemathesis how to make some.
schemathesis.openapi.media_type(protocol.CHUNK_MEDIA_TYPE, st.binary(max_size=4096))


def _exercise(base_url, auth, operation, mode, failures):
    label = f"{operation.method.upper()} {operation.path} ({mode.value})"

    @hypothesis.settings(
        max_examples=EXAMPLES_PER_MODE,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode), with_token=st.booleans())
    def check(case, with_token):
        response = case.call(base_url=base_url, headers=auth if with_token else None)
        if response.status_code >= 500:
            failures.append(f"{label}: {response.status_code} {response.text[:200]}")
        elif response.status_code >= 400 and case.method.upper() != "HEAD":
            body = response.json()
            assert set(body) >= {"error", "message"}, f"{label}: {response.text}"

    try:
        check()
    except hypothesis.errors.Unsatisfiable:
        # nothing to break in this mode (e.g. no parameters at all): nothing to test
        assert mode is GenerationMode.NEGATIVE, label


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_no_server_errors_for_generated_requests(running):
    device = running.enrolled()
    auth = {"Authorization": f"Bearer {device.token}"}
    schema = schemathesis.openapi.from_url(f"{running.url}/v1/openapi.json")
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _exercise(running.url, auth, operation, mode, failures)
    assert failures == []
