"""Messages over a link that drops: numbered, acknowledged, resent, in order, once.

The relay forwards frames only while both ends are connected and stores none, and a
VPN flap loses whatever was on the wire. So each end keeps every *reliable* message it
sent (proposals, comments, refusals) until the peer acknowledged it, and resends the
rest whenever the peer says it is (back) there (`resume`). The receiver hands each
reliable message to the application exactly once and in order; a gap (a lost frame)
makes it ask for a resend instead of skipping ahead. Messages that may be lost (CRDT
updates, acknowledgements, pointing) are not kept: the CRDT's state-vector exchange on
every resume brings the draft up to date.

A message larger than one frame is split into frames flagged "more"; a half-received
message is dropped when the link drops (the sender resends it whole). Nothing here
touches a socket or a thread: `send_frame` is given, `receive` is called with frames.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import TypeAdapter, ValidationError

from sync.assist.crypto import FRAME_PAYLOAD_BYTES, FrameCipher
from sync.protocol import (
    MAX_ASSIST_MESSAGE_BYTES,
    AckMessage,
    AnyAssistMessage,
    AssistEnvelope,
    AssistMessage,
    ResumeMessage,
)

_MESSAGE: TypeAdapter[AnyAssistMessage] = TypeAdapter(AnyAssistMessage)
#: Reliable messages an end may hold unacknowledged before the session is given up.
MAX_OUTBOX_MESSAGES = 5000
#: Bytes of unacknowledged reliable messages an end may hold.
MAX_OUTBOX_BYTES = 64 * 1024 * 1024


class ChannelOverflow(Exception):  # noqa: N818 - says what happened
    """Too much unacknowledged: the peer has been gone too long for this session."""


@dataclass(frozen=True)
class Delivered:
    """A message from the peer, handed to the application once."""

    message: AssistMessage


@dataclass(frozen=True)
class Malformed:
    """A reliable message that could not be read: kind (if any) and what was wrong.

    It is acknowledged like any other (so the sender does not resend it for ever) and
    handed to the application, which refuses it.
    """

    kind: str | None
    problem: str


Received = Delivered | Malformed


class Channel:
    """One end's side of the message channel (see the module docstring)."""

    def __init__(self, cipher: FrameCipher, send_frame: Callable[[bytes], None]) -> None:
        self._cipher = cipher
        self._send_frame = send_frame
        self._next = 1  # number of the next reliable message
        self._outbox: deque[tuple[int, bytes]] = deque()
        self._outbox_bytes = 0
        self._in = 0  # last reliable message received in order
        self._partial = bytearray()
        self._asked_resume_at: int | None = None
        self.sent_messages = 0
        self.received_messages = 0

    # -- sending ------------------------------------------------------------------------

    def send(self, message: AssistMessage, *, reliable: bool) -> None:
        """Send `message`; a reliable one is kept until the peer acknowledges it.

        Raises:
            ChannelOverflow: too much is waiting for acknowledgement.
        """
        number = None
        if reliable:
            number = self._next
            self._next += 1
        body = message.model_dump(mode="json")
        if number is not None:
            kept = json.dumps(body, separators=(",", ":")).encode()
            if (
                len(self._outbox) >= MAX_OUTBOX_MESSAGES
                or self._outbox_bytes + len(kept) > MAX_OUTBOX_BYTES
            ):
                raise ChannelOverflow("too many unacknowledged messages")
            self._outbox.append((number, kept))
            self._outbox_bytes += len(kept)
        self._transmit(number, body)

    def resume(self) -> None:
        """The link is (back) up or the peer came back: ask it to resend what we lack."""
        self._partial.clear()
        self.send(ResumeMessage(), reliable=False)

    def link_lost(self) -> None:
        """The link dropped: a half-received message is gone (it will be resent whole)."""
        self._partial.clear()

    @property
    def unacknowledged(self) -> int:
        """Reliable messages sent but not yet acknowledged by the peer."""
        return len(self._outbox)

    def _encode(self, number: int | None, body: dict[str, object]) -> bytes:
        envelope = {"r": number, "a": self._in, "m": body}
        return json.dumps(envelope, separators=(",", ":"), ensure_ascii=False).encode()

    def _transmit(self, number: int | None, body: dict[str, object]) -> None:
        plain = self._encode(number, body)
        if len(plain) > MAX_ASSIST_MESSAGE_BYTES:
            raise ValueError("message too large for a session")
        pieces = [
            plain[i : i + FRAME_PAYLOAD_BYTES] for i in range(0, len(plain), FRAME_PAYLOAD_BYTES)
        ]
        for index, piece in enumerate(pieces):
            self._send_frame(self._cipher.seal(piece, more=index < len(pieces) - 1))
        self.sent_messages += 1

    def _resend(self) -> None:
        for number, body in list(self._outbox):
            self._transmit(number, json.loads(body))

    def _acknowledged(self, upto: int) -> None:
        while self._outbox and self._outbox[0][0] <= upto:
            self._outbox_bytes -= len(self._outbox.popleft()[1])

    # -- receiving ----------------------------------------------------------------------

    def receive(self, frame: bytes) -> list[Received]:
        """Open one frame from the peer; what it completes for the application.

        Raises:
            sync.assist.crypto.FrameError: the frame is forged, changed or replayed
                (nothing is delivered from it).
        """
        payload, more = self._cipher.open(frame)
        if len(self._partial) + len(payload) > MAX_ASSIST_MESSAGE_BYTES:
            self._partial.clear()
            return [Malformed(None, "message too large")]
        self._partial += payload
        if more:
            return []
        plain = bytes(self._partial)
        self._partial.clear()
        try:
            envelope = AssistEnvelope.model_validate_json(plain)
        except ValidationError:
            return [Malformed(None, "not an envelope")]
        self._acknowledged(envelope.a)
        kind = envelope.m.get("kind")
        kind_text = kind if isinstance(kind, str) else None
        if envelope.r is None:
            return self._unreliable(envelope, kind_text)
        return self._reliable(envelope, kind_text)

    def _unreliable(self, envelope: AssistEnvelope, kind: str | None) -> list[Received]:
        try:
            message = _MESSAGE.validate_python(envelope.m)
        except ValidationError:
            return []  # a lost-able message that is unreadable is simply lost
        if isinstance(message, ResumeMessage):
            self._resend()
            return [Delivered(message)]
        if isinstance(message, AckMessage):
            return []
        self.received_messages += 1
        return [Delivered(message)]

    def _reliable(self, envelope: AssistEnvelope, kind: str | None) -> list[Received]:
        assert envelope.r is not None
        if envelope.r <= self._in:
            self._send_ack()  # a resend of what we have: tell the peer again
            return []
        if envelope.r > self._in + 1:
            if self._asked_resume_at != self._in:
                self._asked_resume_at = self._in
                self.send(ResumeMessage(), reliable=False)
            return []
        self._in = envelope.r
        self._asked_resume_at = None
        self.received_messages += 1
        self._send_ack()
        try:
            return [Delivered(_MESSAGE.validate_python(envelope.m))]
        except ValidationError as exc:
            problem = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in problem["loc"][1:]) or "kind"
            return [Malformed(kind, f"{where}: {problem['type']}")]

    def _send_ack(self) -> None:
        self.send(AckMessage(), reliable=False)
