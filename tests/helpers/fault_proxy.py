"""A TCP proxy on loopback that breaks connections on purpose (the shaky VPN in a box).

Each accepted connection is forwarded to the upstream server. With probability
`fault_rate` a connection is given one fault, chosen at random (seeded):

* ``cut``: after a random number of bytes in a random direction, both sockets close
  (the request or the answer is lost half way);
* ``reset``: the same, but with an RST (SO_LINGER 0) instead of a clean close;
* ``stall``: after a random number of bytes nothing is forwarded for `stall_seconds`
  (longer than the client's read timeout), then the connection is closed.

`faults` counts the faults that actually fired, so a test can bound the damage: every
fault may cost at most one chunk sent twice. With `fault_rate=0` it is a plain counting
proxy: `bytes_up` and `bytes_down` are the payload bytes that went each way.
"""

from __future__ import annotations

import contextlib
import random
import select
import socket
import struct
import threading
from dataclasses import dataclass, field

FAULT_KINDS = ("cut", "reset", "stall")


@dataclass
class FaultPlan:
    """The fault a connection will suffer (or none)."""

    kind: str | None
    after_bytes: int = 0
    upstream: bool = True  # count bytes client → server (else server → client)


@dataclass
class FaultStats:
    """What the proxy did."""

    connections: int = 0
    faults: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    #: payload bytes forwarded client → server and server → client (what was on the wire)
    bytes_up: int = 0
    bytes_down: int = 0


class FaultProxy:
    """Forward 127.0.0.1:port → upstream with random cuts, resets and stalls."""

    def __init__(
        self,
        upstream_port: int,
        *,
        seed: int = 0,
        fault_rate: float = 0.3,
        max_offset: int = 3 << 20,
        stall_seconds: float = 1.5,
        kinds: tuple[str, ...] = FAULT_KINDS,
    ) -> None:
        self.upstream_port = upstream_port
        self.rng = random.Random(seed)
        self.fault_rate = fault_rate
        self.max_offset = max_offset
        self.stall_seconds = stall_seconds
        self.kinds = kinds
        self.enabled = True
        self.stats = FaultStats()
        self._lock = threading.Lock()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = int(self._listener.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: set[socket.socket] = set()

    def start(self) -> FaultProxy:
        thread = threading.Thread(target=self._accept_loop, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            doomed = list(self._sockets)
        for sock in doomed:
            with contextlib.suppress(OSError):
                sock.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _plan(self) -> FaultPlan:
        with self._lock:
            self.stats.connections += 1
            if not self.enabled or self.rng.random() >= self.fault_rate:
                return FaultPlan(None)
            return FaultPlan(
                kind=self.rng.choice(self.kinds),
                after_bytes=self.rng.randrange(0, self.max_offset),
                upstream=self.rng.random() < 0.7,
            )

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
            thread.start()
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)

    def _fired(self, kind: str) -> None:
        with self._lock:
            self.stats.faults += 1
            self.stats.by_kind[kind] = self.stats.by_kind.get(kind, 0) + 1

    def _serve(self, client: socket.socket) -> None:
        try:
            server = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
        except OSError:
            _reset(client)
            return
        for sock in (client, server):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._lock:
            self._sockets.update((client, server))
        plan = self._plan()
        counted = 0
        try:
            self._pump(client, server, plan, counted)
        finally:
            with self._lock:
                self._sockets.discard(client)
                self._sockets.discard(server)
            for sock in (client, server):
                with contextlib.suppress(OSError):
                    sock.close()

    def _pump(
        self, client: socket.socket, server: socket.socket, plan: FaultPlan, counted: int
    ) -> None:
        peers = {client: server, server: client}
        while not self._stop.is_set():
            try:
                readable, _, _ = select.select(list(peers), [], [], 0.5)
            except (OSError, ValueError):
                return
            for sock in readable:
                try:
                    data = sock.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                upstream = sock is client
                if plan.kind is not None and upstream == plan.upstream:
                    if counted + len(data) > plan.after_bytes:
                        keep = plan.after_bytes - counted
                        with contextlib.suppress(OSError):
                            peers[sock].sendall(data[:keep])
                        self._apply(plan.kind, client, server)
                        return
                    counted += len(data)
                try:
                    peers[sock].sendall(data)
                except OSError:
                    return
                with self._lock:
                    if upstream:
                        self.stats.bytes_up += len(data)
                    else:
                        self.stats.bytes_down += len(data)

    def _apply(self, kind: str, client: socket.socket, server: socket.socket) -> None:
        self._fired(kind)
        if kind == "stall":
            self._stop.wait(self.stall_seconds)
            return
        if kind == "reset":
            _reset(client)
            _reset(server)


def _reset(sock: socket.socket) -> None:
    """Close with RST instead of FIN."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()
