"""The HTTP connection handling of `koffer-server`: uvicorn's httptools protocol with a
header deadline, a header size bound and a connection cap.

WHY: uvicorn waits for the headers of a new connection's first request for ever, so
1,100 connections trickling a header line every few seconds used up the server's file
descriptors ("Too many open files") until they went away, and health checks timed out.
Here a connection whose first request line and headers are not complete within
`header_timeout` is closed, and a connection beyond `max_connections` is closed the
moment it is accepted, so the descriptors stay for the laptops already talking and
for the database. Idle keep-alive connections are closed by uvicorn's own keep-alive
timeout (the next request's headers must start within it); a body that pauses longer
than `body_timeout` is ended by `RequestGuard`.

WHY httptools and not h11 (uvicorn's pure-Python parser): a 1 MB upload arrives in
64–256 KiB reads, and h11 copies each one into its receive buffer and out again in
Python while holding the GIL; under 20 delivering laptops the parser and the body
hand-over were a quarter of the event loop's time (py-spy, issue 16). httptools
(llhttp, C) hands the body over without that. The request line and headers together
are bounded by `MAX_HEAD_BYTES` (h11 did that with its incomplete-event limit); a
longer head is answered 400 and the connection closed.
"""

from __future__ import annotations

import asyncio
import logging
import resource
from typing import Any, ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from sync.server.settings import ServerSettings

log = logging.getLogger("koffer.server.transport")

#: Request line plus headers of one request, at most (h11's incomplete-event bound before).
MAX_HEAD_BYTES = 16 * 1024


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, plus the header deadline, the head size bound and the
    connection cap."""

    header_timeout: ClassVar[float] = 10.0
    max_connections: ClassVar[int] = 512
    _deadline: asyncio.TimerHandle | None = None
    _head_bytes = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Count the connection; over the cap it is closed at once."""
        super().connection_made(transport)
        # the requests' answers go out through the coalescing writer (flow control and
        # everything else stay on the real transport)
        self.transport = _CoalescingWriter(transport, self.loop)  # type: ignore[assignment]
        if len(self.connections) > self.max_connections:
            log.warning("connection refused: %d open (cap)", len(self.connections) - 1)
            transport.abort()
            return
        self._deadline = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def on_message_begin(self) -> None:
        """A new request starts: its head is counted afresh."""
        super().on_message_begin()
        self._head_bytes = 0

    def on_url(self, url: bytes) -> None:
        """Count the request target toward the head bound."""
        self._count_head(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        """Count each header toward the head bound."""
        self._count_head(len(name) + len(value) + 4)
        super().on_header(name, value)

    def _count_head(self, size: int) -> None:
        self._head_bytes += size
        if self._head_bytes > MAX_HEAD_BYTES:
            log.info("closing a connection whose request head was too large")
            # raised inside the parser's callback: the parser stops with an error, and
            # uvicorn answers 400 and closes the connection
            raise _HeadTooLargeError

    def data_received(self, data: bytes) -> None:
        """Feed the parser; once a request's headers are complete, the deadline goes."""
        super().data_received(data)
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


class _CoalescingWriter:
    """A transport whose small writes of one event-loop turn leave as one.

    WHY: uvicorn writes an answer's head and its body separately; on loopback each write
    is a `send()` that also wakes the reading client while the event loop holds the GIL:
    under 20 delivering laptops that was an eighth of the server's GIL time (py-spy,
    issue 16). Small writes wait in a buffer until the end of the current loop turn
    (`call_soon`); a write that would take the buffer past `COALESCE_BYTES` flushes at
    once, so large bodies are never held and the real transport's flow control (its
    pause at the high-water mark, set inside `write`) acts as before. `close` sends what
    is buffered first; `abort` drops it, as the real transport's abort drops its buffer.
    """

    COALESCE_BYTES = 64 * 1024

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []
        self._pending_bytes = 0

    def write(self, data: bytes) -> None:
        """Buffer small data until the end of this loop turn; send large data now."""
        if self._pending_bytes + len(data) > self.COALESCE_BYTES:
            self._flush()
            self._transport.write(data)
            return
        if not self._pending:
            self._loop.call_soon(self._flush)
        self._pending.append(data)
        self._pending_bytes += len(data)

    def _flush(self) -> None:
        if not self._pending:
            return
        data = b"".join(self._pending)
        self._pending.clear()
        self._pending_bytes = 0
        if not self._transport.is_closing():
            self._transport.write(data)

    def close(self) -> None:
        """Send what is buffered, then close."""
        self._flush()
        self._transport.close()

    def writelines(self, lines: list[bytes]) -> None:
        """Send what is buffered, then these (in order)."""
        self._flush()
        self._transport.writelines(lines)

    def write_eof(self) -> None:
        """Send what is buffered, then end the sending side (a WebSocket's close does)."""
        self._flush()
        self._transport.write_eof()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class _HeadTooLargeError(Exception):
    """The request line and headers passed `MAX_HEAD_BYTES`."""


class WorkerProtocol(GuardedHttpToolsProtocol):
    """The protocol of `serve --workers N`. uvicorn hands the protocol class to its
    worker processes by name (pickled), so a class made at run time cannot go across:
    each worker sets this one's limits from its settings (`configure_worker`), which
    the parent passed on in the environment."""


def configure_worker(settings: ServerSettings) -> None:
    """Set the limits of `WorkerProtocol` in this process (before it serves)."""
    WorkerProtocol.header_timeout = settings.header_timeout
    WorkerProtocol.max_connections = settings.max_connections


def protocol_for(settings: ServerSettings) -> type[GuardedHttpToolsProtocol]:
    """The protocol class with this server's limits (uvicorn takes a class)."""
    if settings.workers > 1:
        configure_worker(settings)
        return WorkerProtocol
    return type(
        "KofferHttpToolsProtocol",
        (GuardedHttpToolsProtocol,),
        {"header_timeout": settings.header_timeout, "max_connections": settings.max_connections},
    )


def uvicorn_options(settings: ServerSettings) -> dict[str, Any]:
    """The uvicorn settings every way of serving the app shares (CLI, tests, benchmark)."""
    return {
        "http": protocol_for(settings),
        "timeout_keep_alive": 5,
        "server_header": False,
        "proxy_headers": False,
    }


def raise_file_limit() -> int:
    """Raise the soft limit of open files to the hard one; returns the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        return hard
    return soft
