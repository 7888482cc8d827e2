"""The HTTP connection handling of `koffer-server`: uvicorn's h11 protocol with a header
deadline and a connection cap.

WHY: uvicorn waits for the headers of a new connection's first request for ever, so
1,100 connections trickling a header line every few seconds used up the server's file
descriptors ("Too many open files") until they went away, and health checks timed out.
Here a connection whose first request line and headers are not complete within
`header_timeout` is closed, and a connection beyond `max_connections` is closed the
moment it is accepted, so the descriptors stay for the laptops already talking and
for the database. Idle keep-alive connections are closed by uvicorn's own keep-alive
timeout (the next request's headers must start within it); a body that pauses longer
than `body_timeout` is ended by `RequestGuard`.
"""

from __future__ import annotations

import asyncio
import logging
import resource
from typing import Any, ClassVar

from uvicorn.protocols.http.h11_impl import H11Protocol

from sync.server.settings import ServerSettings

log = logging.getLogger("koffer.server.transport")


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, plus the header deadline and the connection cap."""

    header_timeout: ClassVar[float] = 10.0
    max_connections: ClassVar[int] = 512
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Count the connection; over the cap it is closed at once."""
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            log.warning("connection refused: %d open (cap)", len(self.connections) - 1)
            transport.abort()
            return
        self._deadline = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def handle_events(self) -> None:
        """Process what arrived; once a request's headers are complete, the deadline goes."""
        super().handle_events()
        if self.cycle is not None and self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the deadline with the connection."""
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        super().connection_lost(exc)

    def _headers_too_slow(self) -> None:
        self._deadline = None
        if self.cycle is None and not self.transport.is_closing():
            log.info("closing a connection whose request headers did not arrive in time")
            self.transport.abort()


def protocol_for(settings: ServerSettings) -> type[GuardedH11Protocol]:
    """The protocol class with this server's limits (uvicorn takes a class)."""
    return type(
        "KofferH11Protocol",
        (GuardedH11Protocol,),
        {"header_timeout": settings.header_timeout, "max_connections": settings.max_connections},
    )


def uvicorn_options(settings: ServerSettings) -> dict[str, Any]:
    """The uvicorn settings every way of serving the app shares (CLI, tests, benchmark)."""
    return {
        "http": protocol_for(settings),
        "timeout_keep_alive": 5,
        "server_header": False,
        "proxy_headers": False,
        "h11_max_incomplete_event_size": 16 * 1024,
    }


def raise_file_limit() -> int:
    """Raise the soft limit of open files to the hard one; returns the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        return hard
    return soft
