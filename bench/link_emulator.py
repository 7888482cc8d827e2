"""A shaped link between two network namespaces, emulated in user space (no `sch_netem`).

Two TUN devices, one moved into each namespace, joined by this process: every IP packet
one side sends is read here, dropped with the loss probability, queued behind the
packets before it at the link rate (drop-tail when the queue is full) and handed to the
other side after the one-way delay. Real TCP (the kernel's, congestion control and all)
runs across it, so a benchmark sees what a VPN of that rate, round trip and loss does
to the protocol: handshakes, slow start, retransmissions, head-of-line waits.

Needs root, `ip netns` and /dev/net/tun; `available()` says why not where they are
missing. Only namespaces and addresses this module made are touched (10.77.0.1 and
10.77.0.2, point to point), and everything is removed again on exit.
"""

from __future__ import annotations

import contextlib
import fcntl
import heapq
import os
import random
import select
import shutil
import struct
import subprocess
import threading
import time
from dataclasses import dataclass, field

CLIENT_ADDRESS = "10.77.0.1"
SERVER_ADDRESS = "10.77.0.2"
MTU = 1400  # a VPN's inner MTU

_TUNSETIFF = 0x400454CA
_IFF_TUN = 0x0001
_IFF_NO_PI = 0x1000


@dataclass(frozen=True)
class LinkProfile:
    """Rate (bit/s, each direction), round-trip time (s) and packet loss (each direction)."""

    name: str
    rate_bps: float
    rtt: float
    loss: float = 0.0

    @property
    def queue_bytes(self) -> int:
        """Drop-tail queue: one bandwidth-delay product, at least 64 KiB (a VPN router)."""
        return max(64 * 1024, int(self.rate_bps / 8 * self.rtt))


def available() -> str | None:
    """None when the emulator can run here, else the reason it cannot."""
    if os.geteuid() != 0:
        return "needs root (network namespaces and TUN devices)"
    if shutil.which("ip") is None:
        return "needs the `ip` command (iproute2)"
    if not os.path.exists("/dev/net/tun"):
        return "needs /dev/net/tun"
    probe = f"kofferprobe{os.getpid()}"
    made = subprocess.run(["ip", "netns", "add", probe], capture_output=True, check=False)
    if made.returncode != 0:
        return "cannot create a network namespace: " + made.stderr.decode(errors="replace")
    subprocess.run(["ip", "netns", "del", probe], capture_output=True, check=False)
    return None


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)


def _open_tun(name: str) -> int:
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, _TUNSETIFF, struct.pack("16sH", name.encode(), _IFF_TUN | _IFF_NO_PI))
    return fd


@dataclass
class _Direction:
    """One direction of the link: its queue's tail and what it dropped."""

    out_fd: int
    busy_until: float = 0.0
    dropped_loss: int = 0
    dropped_queue: int = 0
    packets: int = 0


@dataclass
class ShapedLink:
    """Two namespaces joined by the emulated link; use as a context manager."""

    profile: LinkProfile
    seed: int = 16
    tag: str = field(default_factory=lambda: str(os.getpid()))
    #: where to write a packet trace (time, direction, TCP ports, seq, length), if set
    trace_path: str | None = None

    def __post_init__(self) -> None:
        self.client_ns = f"kofferc{self.tag}"
        self.server_ns = f"koffers{self.tag}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._fds: list[int] = []
        self._rng = random.Random(self.seed)
        self.directions: list[_Direction] = []
        #: how late each packet was handed on (s): the emulator's own delay
        self.late: list[float] = []
        #: whether the emulator thread runs at real-time priority (see `_realtime`)
        self.realtime = False

    def __enter__(self) -> ShapedLink:
        client_dev, server_dev = f"kbc{self.tag}"[:15], f"kbs{self.tag}"[:15]
        try:
            for ns in (self.client_ns, self.server_ns):
                _ip("netns", "add", ns)
                _ip("-n", ns, "link", "set", "lo", "up")
            client_fd, server_fd = _open_tun(client_dev), _open_tun(server_dev)
            self._fds = [client_fd, server_fd]
            for dev, ns, here, there in (
                (client_dev, self.client_ns, CLIENT_ADDRESS, SERVER_ADDRESS),
                (server_dev, self.server_ns, SERVER_ADDRESS, CLIENT_ADDRESS),
            ):
                _ip("link", "set", dev, "netns", ns)
                _ip("-n", ns, "addr", "add", here, "peer", there, "dev", dev)
                _ip("-n", ns, "link", "set", dev, "mtu", str(MTU), "up")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        # client → server is read from the client's TUN and written to the server's
        self.directions = [_Direction(out_fd=server_fd), _Direction(out_fd=client_fd)]
        self._thread = threading.Thread(target=self._run, name="link-emulator", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        for fd in self._fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        for ns in (self.client_ns, self.server_ns):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, check=False)

    def run_in(self, namespace: str, command: list[str]) -> list[str]:
        """`command` prefixed to run inside one of the two namespaces."""
        return ["ip", "netns", "exec", namespace, *command]

    def _run(self) -> None:
        """The emulator loop: read packets, schedule them, deliver them when due."""
        self.realtime = _realtime()
        profile = self.profile
        pending: list[tuple[float, int, int, bytes]] = []
        client_fd, server_fd = self._fds
        by_fd = {client_fd: self.directions[0], server_fd: self.directions[1]}
        one_way = profile.rtt / 2
        seconds_per_byte = 8 / profile.rate_bps
        max_wait = profile.queue_bytes * seconds_per_byte
        trace: list[tuple[float, int, bytes, float]] | None = [] if self.trace_path else None
        try:
            self._loop(pending, by_fd, one_way, seconds_per_byte, max_wait, trace)
        finally:
            if trace is not None and self.trace_path:
                _write_trace(self.trace_path, trace, client_fd)

    def _loop(
        self,
        pending: list[tuple[float, int, int, bytes]],
        by_fd: dict[int, _Direction],
        one_way: float,
        seconds_per_byte: float,
        max_wait: float,
        trace: list[tuple[float, int, bytes, float]] | None,
    ) -> None:
        profile = self.profile
        sequence = 0
        while not self._stop.is_set():
            now = time.monotonic()
            while pending and pending[0][0] <= now:
                due, _, fd, packet = heapq.heappop(pending)
                with contextlib.suppress(BlockingIOError, OSError):
                    os.write(fd, packet)
                sent = time.monotonic()
                self.late.append(sent - due)
                if trace is not None:
                    trace.append((sent, fd, packet[:40], sent - due))
            timeout = 0.05 if not pending else max(0.0, pending[0][0] - time.monotonic())
            readable, _, _ = select.select(self._fds, [], [], timeout)
            now = time.monotonic()
            for fd in readable:
                direction = by_fd[fd]
                for _ in range(64):  # drain what is there, bounded
                    try:
                        packet = os.read(fd, 65535)
                    except (BlockingIOError, OSError):
                        break
                    direction.packets += 1
                    if profile.loss and self._rng.random() < profile.loss:
                        direction.dropped_loss += 1
                        continue
                    start = max(now, direction.busy_until)
                    if start - now > max_wait:
                        direction.dropped_queue += 1  # the router's queue is full
                        continue
                    direction.busy_until = start + len(packet) * seconds_per_byte
                    sequence += 1
                    heapq.heappush(
                        pending,
                        (direction.busy_until + one_way, sequence, direction.out_fd, packet),
                    )


def _realtime() -> bool:
    """Run the calling thread (the emulator) at real-time priority, if allowed.

    WHY: a link does not slow down when the laptop's or the server's CPU is busy, but a
    user-space emulator on a shared 2-core machine does: at normal priority it was
    descheduled for up to 0.4 s under load (p99 lateness 4–11 ms), and more so while the
    delivery's server and laptop worked than while the plain PUT's sink idled, which
    charged the emulator's stalls to the delivery. SCHED_FIFO lets the emulator run
    whenever a packet is due; it sleeps in `select` otherwise, so it takes no more CPU.
    """
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))  # 0: this thread
    except (AttributeError, OSError):
        return False
    return True


def _write_trace(path: str, trace: list[tuple[float, int, bytes, float]], client_fd: int) -> None:
    """One line per delivered packet: time, direction, ports, TCP seq, ack, flags,
    payload length, and how late the emulator handed it on."""
    with open(path, "w", encoding="ascii") as out:
        for when, fd, head, late in trace:
            if len(head) < 40 or head[9] != 6:  # IPv4 TCP only
                continue
            total = struct.unpack("!H", head[2:4])[0]
            ihl = (head[0] & 0x0F) * 4
            sport, dport, seq, ack = struct.unpack("!HHII", head[ihl : ihl + 12])
            offset = (head[ihl + 12] >> 4) * 4
            flags = head[ihl + 13]
            to_server = "up" if fd != client_fd else "down"
            payload = total - ihl - offset
            out.write(
                f"{when:.6f} {to_server} {sport} {dport} {seq} {ack} {flags} {payload} {late:.6f}\n"
            )
