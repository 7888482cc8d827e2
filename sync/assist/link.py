"""One end's WebSocket to the town hall's relay: connects out, reconnects, never blocks.

A reader thread connects (bearer token in the handshake, the pinned town-hall CA for
wss), turns what arrives into events on a queue and reconnects with a growing pause
when the link drops; a writer thread sends, so a stalled VPN never holds the caller.
The owner of the link drains `events` on its own thread (the desktop app on its UI
thread, woken by `wake`) and never inside a network callback.

Terminal outcomes (the session ended, the token was refused or revoked, another
connection of the same end took over) end the link with `Closed`; everything else is
`Down` followed by a new attempt.
"""

from __future__ import annotations

import contextlib
import queue
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import TypeAdapter, ValidationError
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException
from websockets.sync.client import ClientConnection, connect

from sync import protocol
from sync.protocol import (
    AssistPeer,
    ErrorBody,
    RelayControl,
    RelayEnded,
    RelayHello,
    RelayPeerChanged,
)

_CONTROL: TypeAdapter[RelayControl] = TypeAdapter(RelayControl)
#: Pauses between reconnection attempts (the last one repeats).
BACKOFF_SECONDS = (0.2, 0.5, 1.0, 2.0, 4.0)
USER_AGENT = "Koffer-Assist/1"

MSG_DOWN = "Die Verbindung ist unterbrochen. Koffer verbindet sich neu …"
MSG_REPLACED = "Diese Sitzung wurde in einem anderen Fenster geöffnet."
MSG_REFUSED = "Der Server hat die Verbindung zur Sitzung abgelehnt."


@dataclass(frozen=True)
class Up:
    """Connected (again); what the relay knows about the session."""

    hello: RelayHello


@dataclass(frozen=True)
class PeerChanged:
    """The other end came, went, or revealed its key."""

    peer: AssistPeer


@dataclass(frozen=True)
class FrameIn:
    """An opaque frame from the other end."""

    data: bytes


@dataclass(frozen=True)
class Down:
    """The link dropped; a new attempt follows."""

    message: str


@dataclass(frozen=True)
class Closed:
    """The link is over for good.

    Attributes:
        code: "ended", "replaced" or the server's error code (e.g. "expert_revoked").
        message: German text for the person at this end.
        reason: why the session ended, when it did (`protocol.EndReason`).
    """

    code: str
    message: str
    reason: str | None = None


LinkEvent = Up | PeerChanged | FrameIn | Down | Closed


def relay_url(base_url: str, session_id: str) -> str:
    """The relay's WebSocket URL for a session (https → wss, http → ws)."""
    base = base_url.rstrip("/")
    if base.startswith("https://"):
        base = "wss://" + base.removeprefix("https://")
    elif base.startswith("http://"):
        base = "ws://" + base.removeprefix("http://")
    return f"{base}{protocol.ASSIST_PREFIX}/sessions/{session_id}/ws"


class RelayLink:
    """The link of one end (see the module docstring).

    Args:
        url: `relay_url(...)`.
        token: the device token (laptop) or expert token.
        ssl_context: trusts only the pinned town-hall CA (wss only).
        wake: called from the link's thread after each event (e.g. to post to the UI).
    """

    def __init__(
        self,
        url: str,
        token: str,
        *,
        ssl_context: ssl.SSLContext | None = None,
        wake: Callable[[], None] | None = None,
        backoff: tuple[float, ...] = BACKOFF_SECONDS,
    ) -> None:
        self.url = url
        self._token = token
        self._ssl = ssl_context if url.startswith("wss://") else None
        self._wake = wake or (lambda: None)
        self._backoff = backoff
        self.events: queue.SimpleQueue[LinkEvent] = queue.SimpleQueue()
        self._outgoing: queue.SimpleQueue[bytes | str | None] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._ws: ClientConnection | None = None
        self._reader = threading.Thread(target=self._read_loop, name="assist-read", daemon=True)
        self._writer = threading.Thread(target=self._write_loop, name="assist-write", daemon=True)
        self.connects = 0

    # -- control ------------------------------------------------------------------------

    def start(self) -> RelayLink:
        """Start connecting."""
        self._reader.start()
        self._writer.start()
        return self

    def close(self) -> None:
        """Stop for good (no reconnect): send what is queued, close, wait for the threads."""
        self._stop.set()
        self._outgoing.put(None)
        if self._writer.is_alive() and self._writer is not threading.current_thread():
            self._writer.join(timeout=3)
        with self._lock:
            ws = self._ws
        if ws is not None:
            with contextlib.suppress(Exception):
                ws.close()
        if self._reader.is_alive() and self._reader is not threading.current_thread():
            # A connection attempt in progress ends by itself (it sees the stop).
            self._reader.join(timeout=1)

    def drop(self) -> None:
        """Cut the current connection as a network failure would (tests, benchmarks)."""
        with self._lock:
            ws = self._ws
        if ws is not None:
            with contextlib.suppress(Exception):
                ws.socket.shutdown(2)

    @property
    def connected(self) -> bool:
        """Whether a connection is open right now."""
        with self._lock:
            return self._ws is not None

    # -- sending ------------------------------------------------------------------------

    def send_frame(self, frame: bytes) -> None:
        """Send an opaque frame (dropped while the link is down: the channel resends)."""
        self._outgoing.put(frame)

    def send_control(self, request: protocol.RelayRevealKey | protocol.RelayEnd) -> None:
        """Send a control request to the relay."""
        self._outgoing.put(request.model_dump_json())

    def _write_loop(self) -> None:
        while True:
            item = self._outgoing.get()
            if item is None:
                return
            with self._lock:
                ws = self._ws
            if ws is None:
                continue
            with contextlib.suppress(Exception):  # the reader notices a dead link
                ws.send(item)

    # -- receiving ----------------------------------------------------------------------

    def _emit(self, event: LinkEvent) -> None:
        self.events.put(event)
        self._wake()

    def _read_loop(self) -> None:
        attempt = 0
        while not self._stop.is_set():
            outcome = self._connect_once()
            if isinstance(outcome, Closed):
                self._emit(outcome)
                return
            if outcome == "connected":
                attempt = 0
            if self._stop.is_set():
                return
            self._emit(Down(MSG_DOWN))
            self._stop.wait(self._backoff[min(attempt, len(self._backoff) - 1)])
            attempt += 1

    def _connect_once(self) -> Closed | str:
        """One connection: until it drops ("connected"/"failed") or ends (`Closed`)."""
        try:
            with connect(
                self.url,
                ssl=self._ssl,
                additional_headers={"Authorization": f"Bearer {self._token}"},
                user_agent_header=USER_AGENT,
                proxy=None,
                compression=None,
                open_timeout=10,
                ping_interval=10,
                ping_timeout=10,
                close_timeout=2,
                max_size=protocol.MAX_ASSIST_FRAME_BYTES + 1024,
            ) as ws:
                return self._serve(ws)
        except InvalidStatus as exc:
            return _refusal(exc) or "failed"
        except (OSError, TimeoutError, WebSocketException):
            return "failed"

    def _serve(self, ws: ClientConnection) -> Closed | str:
        """Read the open connection until it closes; what that means for the link."""
        if self._stop.is_set():  # closed while connecting: leave at once
            return "connected"
        with self._lock:
            self._ws = ws
        self.connects += 1
        ended: RelayEnded | None = None
        try:
            for message in ws:
                if isinstance(message, bytes):
                    self._emit(FrameIn(message))
                    continue
                try:
                    control = _CONTROL.validate_json(message)
                except ValidationError:
                    continue
                if isinstance(control, RelayHello):
                    self._emit(Up(control))
                elif isinstance(control, RelayPeerChanged):
                    self._emit(PeerChanged(control.peer))
                else:
                    ended = control
        except (ConnectionClosed, OSError, WebSocketException):
            pass
        finally:
            with self._lock:
                self._ws = None
        code = ws.close_code
        if ended is not None or code == protocol.ASSIST_CLOSE_ENDED:
            return Closed(
                "ended",
                ended.message if ended else "Die Sitzung ist beendet.",
                ended.reason if ended else None,
            )
        if code == protocol.ASSIST_CLOSE_REPLACED:
            return Closed("replaced", MSG_REPLACED)
        return "connected"


def _refusal(exc: InvalidStatus) -> Closed | None:
    """A refused handshake that retrying cannot fix, with the server's German text."""
    status = exc.response.status_code
    if status not in (401, 403, 404, 410):
        return None
    try:
        body = ErrorBody.model_validate_json(exc.response.body or b"{}")
        return Closed(body.error, body.message)
    except ValidationError:
        return Closed(f"http_{status}", MSG_REFUSED)
