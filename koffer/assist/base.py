"""What both ends' session models share: the endpoint, its state, the pump, sending."""

from __future__ import annotations

from typing import Any

from sync.assist import endpoint as ep
from sync.assist.endpoint import Endpoint
from sync.protocol import AssistMessage


class SessionModel:
    """Base of `OwnerSession` and `ExpertSession` (one end of a session, one thread)."""

    endpoint: Endpoint

    @property
    def phase(self) -> ep.Phase:
        """Where the session stands (connecting, waiting, verify, trusted, over)."""
        return self.endpoint.phase

    @property
    def verification_code(self) -> str | None:
        """The code to compare on the phone (once both keys are there)."""
        return self.endpoint.verification_code

    @property
    def peer_connected(self) -> bool:
        """Whether the other end is connected right now (and so is this one)."""
        return self.endpoint.peer_online and self.endpoint.link_up

    def pump(self) -> list[Any]:
        """Handle what arrived (from the link's queue) and say what changed."""
        out: list[Any] = []
        for event in self.endpoint.pump():
            out += self._on(event)
        return out

    def _on(self, event: ep.SessionEvent) -> list[Any]:
        """One event of the endpoint → the screen's events."""
        raise NotImplementedError

    def _ended(self, message: str, reason: str = "") -> list[Any]:
        """The session is over: drop what it held; the screen's events."""
        raise NotImplementedError

    def _send(self, message: AssistMessage, *, reliable: bool) -> None:
        for event in self.endpoint.send(message, reliable=reliable):
            if isinstance(event, ep.Over):
                self._ended(event.message, event.reason or "overflow")
