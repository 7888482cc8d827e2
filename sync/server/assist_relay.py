"""The relay of remote expert sessions: opaque frames from one end to the other.

Each end of a session (the laptop, "owner", and the expert) holds one WebSocket to some
backend process. The relay forwards every binary frame unread to the other end and tells
each end when the other comes and goes. It stores no frame: when the other end is not
connected the frame is dropped, and the ends catch up by themselves when they meet again
(`sync.assist.channel`: acknowledgements and resending, CRDT state vectors).

One process (`Relay`): both sockets are in this process, frames go from queue to queue.
Several processes on PostgreSQL (`PostgresRelay`): every process LISTENs on one channel;
a frame for an end that is connected elsewhere goes out as NOTIFY (split into pieces
below PostgreSQL's 8000-byte payload limit) and the process holding that end delivers
it. No new server component: PostgreSQL is there already, and NOTIFY keeps the order of
one sender, which is the order the ends need.

Every connection has a bounded send queue; an end that does not keep up is disconnected
(it reconnects and catches up) instead of making the server hold its backlog.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

from sync import protocol
from sync.protocol import AssistPeer, AssistRole, RelayEnded, RelayPeerChanged

log = logging.getLogger("koffer.server.assist")

#: Frames waiting for one end before it counts as too slow and is disconnected.
SEND_QUEUE_FRAMES = 512
#: The NOTIFY channel of the relay.
PG_CHANNEL = "koffer_assist"
#: Payload bytes per NOTIFY (PostgreSQL allows just under 8000).
PG_PIECE = 7000
#: Pieces of a split message older than this are given up (a piece was lost).
PG_REASSEMBLY_SECONDS = 10.0

Outgoing = tuple[str, bytes | str] | tuple[str, int]


def other(role: AssistRole) -> AssistRole:
    """The role at the other end."""
    return "expert" if role == "owner" else "owner"


@dataclass(eq=False)
class Connection:
    """One end's WebSocket as the relay sees it: where to put frames for it."""

    session_id: str
    role: AssistRole
    id: str = field(default_factory=lambda: secrets.token_hex(16))
    queue: asyncio.Queue[Outgoing] = field(
        default_factory=lambda: asyncio.Queue(SEND_QUEUE_FRAMES + 4)
    )
    closing: bool = False
    frames: int = 0
    size: int = 0

    def put(self, item: Outgoing) -> None:
        """Queue a frame or a control text; a full queue disconnects this end."""
        if self.closing:
            return
        if self.queue.qsize() >= SEND_QUEUE_FRAMES:
            log.warning("assist: an end did not keep up; disconnecting it (it will resume)")
            self.close(1013)
            return
        self.queue.put_nowait(item)

    def close(self, code: int) -> None:
        """Ask the connection's writer to close the socket with `code`."""
        if not self.closing:
            self.closing = True
            self.queue.put_nowait(("close", code))


class Relay:
    """The relay within one process (SQLite, or a single worker)."""

    def __init__(self) -> None:
        self._local: dict[tuple[str, AssistRole], Connection] = {}

    async def ensure_started(self) -> None:
        """Nothing to start within one process."""

    async def stop(self) -> None:
        """Nothing to stop within one process."""

    # -- connections ---------------------------------------------------------------------

    async def attach(self, connection: Connection) -> None:
        """Make `connection` the end's current one; an older one of that end is closed."""
        key = (connection.session_id, connection.role)
        older = self._local.get(key)
        self._local[key] = connection
        if older is not None and older is not connection:
            older.close(protocol.ASSIST_CLOSE_REPLACED)
        await self._publish(
            {"t": "c", "s": connection.session_id, "r": connection.role, "c": connection.id}
        )

    def detach(self, connection: Connection) -> None:
        """Forget `connection` (if it is still the end's current one here)."""
        key = (connection.session_id, connection.role)
        if self._local.get(key) is connection:
            del self._local[key]

    # -- traffic ------------------------------------------------------------------------

    async def forward(self, session_id: str, to: AssistRole, frame: bytes) -> None:
        """Hand a frame to the end `to` of the session, wherever it is connected."""
        target = self._local.get((session_id, to))
        if target is not None:
            target.put(("bytes", frame))
            return
        await self._publish({"t": "f", "s": session_id, "r": to, "d": _b64(frame)})

    async def announce(self, session_id: str, to: AssistRole, peer: AssistPeer) -> None:
        """Tell the end `to` that its peer came, went, or revealed its key."""
        text = RelayPeerChanged(peer=peer).model_dump_json()
        target = self._local.get((session_id, to))
        if target is not None:
            target.put(("text", text))
            return
        await self._publish({"t": "p", "s": session_id, "r": to, "x": text})

    async def end(self, session_id: str, reason: str, message: str) -> None:
        """Tell both ends the session is over and close their connections."""
        self._end_local(session_id, reason, message)
        await self._publish({"t": "e", "s": session_id, "reason": reason, "m": message})

    def _end_local(self, session_id: str, reason: str, message: str) -> None:
        text = RelayEnded(reason=reason, message=message).model_dump_json()
        for role in ("owner", "expert"):
            connection = self._local.get((session_id, role))
            if connection is not None:
                connection.put(("text", text))
                connection.close(protocol.ASSIST_CLOSE_ENDED)

    # -- other processes -----------------------------------------------------------------

    async def _publish(self, event: dict[str, Any]) -> None:
        """Send `event` to the other processes (none here)."""

    def _dispatch(self, event: dict[str, Any]) -> None:
        """Act on an event another process published."""
        kind, session_id = event.get("t"), str(event.get("s", ""))
        role = event.get("r")
        if kind == "f" and role in ("owner", "expert"):
            target = self._local.get((session_id, role))
            if target is not None:
                target.put(("bytes", base64.b64decode(event["d"])))
        elif kind == "p" and role in ("owner", "expert"):
            target = self._local.get((session_id, role))
            if target is not None:
                target.put(("text", str(event["x"])))
        elif kind == "e":
            self._end_local(session_id, str(event.get("reason", "owner")), str(event.get("m", "")))
        elif kind == "c" and role in ("owner", "expert"):
            local = self._local.get((session_id, role))
            if local is not None and local.id != event.get("c"):
                self.detach(local)
                local.close(protocol.ASSIST_CLOSE_REPLACED)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _conninfo(url: str) -> str:
    """A libpq URI from the SQLAlchemy URL (`postgresql+psycopg://…`)."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class PostgresRelay(Relay):
    """The relay across backend processes, over PostgreSQL LISTEN/NOTIFY."""

    def __init__(self, database_url: str) -> None:
        super().__init__()
        self._conninfo = _conninfo(database_url)
        self._process = secrets.token_hex(6)
        self._counter = 0
        self._listener: asyncio.Task[None] | None = None
        self._sender: Any = None
        self._send_lock: asyncio.Lock | None = None
        self._listening: asyncio.Event | None = None
        self._pieces: dict[str, tuple[float, list[str | None]]] = {}

    def _prepare(self) -> None:
        """Make the locks in the server's running loop (not at import or app build)."""
        if self._send_lock is None:
            self._send_lock = asyncio.Lock()
            self._listening = asyncio.Event()

    def _start_listener(self) -> None:
        self._prepare()
        if self._listener is None or self._listener.done():
            self._listener = asyncio.create_task(self._listen(), name="assist-listen")

    async def ensure_started(self) -> None:
        """Connect the listener on first use (in the server's loop) and wait until it
        listens, so no event published after this call is missed."""
        self._start_listener()
        assert self._listening is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._listening.wait(), timeout=10)

    async def stop(self) -> None:
        """Stop listening and close both connections."""
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
        if self._sender is not None:
            with contextlib.suppress(Exception):
                await self._sender.close()
            self._sender = None

    async def _connect(self) -> Any:
        import psycopg

        return await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)

    async def _listen(self) -> None:
        """LISTEN and dispatch, reconnecting after a database outage."""
        delay = 0.2
        while True:
            try:
                connection = await self._connect()
                try:
                    await connection.execute(f"LISTEN {PG_CHANNEL}")
                    assert self._listening is not None
                    self._listening.set()
                    delay = 0.2
                    async for notify in connection.notifies():
                        self._receive(notify.payload)
                finally:
                    with contextlib.suppress(Exception):
                        await connection.close()
                    if self._sender is not None:
                        with contextlib.suppress(Exception):
                            await self._sender.close()
                        self._sender = None
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - keep the relay alive across outages
                log.warning("assist: LISTEN connection lost (%s); retrying", type(exc).__name__)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)

    async def _publish(self, event: dict[str, Any]) -> None:
        text = json.dumps(event, separators=(",", ":"))
        self._counter += 1
        message_id = f"{self._process}.{self._counter}"
        pieces = [text[i : i + PG_PIECE] for i in range(0, len(text), PG_PIECE)] or [""]
        self._start_listener()  # its task also closes the sender at shutdown
        assert self._send_lock is not None
        async with self._send_lock:
            for attempt in (1, 2):
                try:
                    if self._sender is None or self._sender.closed:
                        self._sender = await self._connect()
                    for index, piece in enumerate(pieces):
                        payload = f"{message_id}:{index}:{len(pieces)}:{piece}"
                        await self._sender.execute(
                            "SELECT pg_notify(%s, %s)", (PG_CHANNEL, payload)
                        )
                    return
                except Exception as exc:  # noqa: BLE001 - a lost frame is caught up later
                    self._sender = None
                    if attempt == 2:
                        log.warning("assist: NOTIFY failed (%s); frame dropped", type(exc).__name__)

    def _receive(self, payload: str) -> None:
        """Reassemble a published event from its pieces and dispatch it."""
        try:
            message_id, index_text, count_text, piece = payload.split(":", 3)
            index, count = int(index_text), int(count_text)
        except ValueError:
            return
        if message_id.split(".", 1)[0] == self._process:
            return  # our own event: already acted on locally
        if count == 1:
            self._dispatch_text(piece)
            return
        now = asyncio.get_running_loop().time()
        for stale in [k for k, (t, _) in self._pieces.items() if now - t > PG_REASSEMBLY_SECONDS]:
            del self._pieces[stale]
        _, parts = self._pieces.setdefault(message_id, (now, [None] * count))
        if not 0 <= index < len(parts):
            return
        parts[index] = piece
        if all(p is not None for p in parts):
            del self._pieces[message_id]
            self._dispatch_text("".join(p or "" for p in parts))

    def _dispatch_text(self, text: str) -> None:
        try:
            event = json.loads(text)
        except ValueError:
            return
        if isinstance(event, dict):
            self._dispatch(event)


def relay_for(database_url: str) -> Relay:
    """The relay that fits the database: across processes on PostgreSQL."""
    if database_url.startswith("postgresql"):
        return PostgresRelay(database_url)
    return Relay()
