"""The REST calls of a remote expert session, on the town-hall client's plumbing.

`AssistApi` is `sync.client.api.TownHallApi` (same transport injection, TLS pinning,
error mapping and German messages) with the `/v1/assist` calls added.
"""

from __future__ import annotations

from typing import Any

import httpx

from sync.client.api import TownHallApi, _parse, error_for
from sync.client.errors import Rejected, Unreachable
from sync.protocol import (
    API_PREFIX,
    ASSIST_PREFIX,
    AssistJoined,
    AssistJoinRequest,
    AssistOpened,
    AssistOpenRequest,
    EnrollRequest,
    ExpertEnrollResponse,
)

_BASE = ASSIST_PREFIX.removeprefix(API_PREFIX)


class AssistApi(TownHallApi):
    """A client of the town hall's assist routes (device token or expert token)."""

    def __enter__(self) -> AssistApi:
        return self

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """As the town-hall client, but "too many attempts" (429) keeps the server's
        German text: here a person waits for the answer, not a background sync."""
        try:
            response = self.http.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            raise Unreachable(type(exc).__name__) from exc
        if response.status_code == 429:
            refused = error_for(response.__class__(400, content=response.content))
            if isinstance(refused, Rejected):
                raise Rejected(429, refused.error, refused.user_message, refused.body)
        if response.status_code >= 400:
            raise error_for(response)
        return response

    def open_session(self, key_commitment: str) -> AssistOpened:
        """`POST /assist/sessions` (device): a session and its join code."""
        body = AssistOpenRequest(key_commitment=key_commitment)
        response = self._send("POST", f"{_BASE}/sessions", json=body.model_dump(mode="json"))
        return _parse(AssistOpened, response)

    def join(self, join_code: str, expert_key: str) -> AssistJoined:
        """`POST /assist/join` (expert): redeem the join code read out on the phone."""
        body = AssistJoinRequest(join_code=join_code.strip()[:20], expert_key=expert_key)
        response = self._send("POST", f"{_BASE}/join", json=body.model_dump(mode="json"))
        return _parse(AssistJoined, response)

    def end_session(self, session_id: str) -> None:
        """`DELETE /assist/sessions/{id}`: end (owner) or leave (expert) the session."""
        self._send("DELETE", f"{_BASE}/sessions/{session_id}")

    def enroll_expert(self, code: str, name: str) -> ExpertEnrollResponse:
        """`POST /assist/enroll`: redeem an expert invitation for an expert token."""
        body = EnrollRequest(code=code, device_name=name.strip()[:120] or "Expertin")
        response = self._send("POST", f"{_BASE}/enroll", json=body.model_dump(mode="json"))
        return _parse(ExpertEnrollResponse, response)
