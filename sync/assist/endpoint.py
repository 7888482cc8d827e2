"""One end of a session: the link, the key agreement, the verification and the channel.

`Endpoint` turns what the link reports into what a session needs to know: the peer's
presence, the verification code once both keys are there, the peer's messages (in
order, once), and why the session is over. It is pumped from one thread (`pump`); the
link's threads only fill its queue.

The handshake (see `sync.assist.crypto`): the laptop ("owner") reveals its key only
after the expert's key has arrived; the expert checks the revealed key against the
commitment it got when joining. A key that changes later, or a reveal that does not
match, ends the session: that is what an attacker in the middle would have to do.
Until the person at this end confirmed the verification code, `trusted` is False and
the applications send nothing of the draft (owner) or no proposals (expert).
"""

from __future__ import annotations

import enum
import queue
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from sync.assist import crypto
from sync.assist.channel import Channel, ChannelOverflow, Delivered, Malformed
from sync.assist.link import Closed, Down, FrameIn, LinkEvent, PeerChanged, RelayLink, Up
from sync.crypto import CryptoError
from sync.protocol import AssistMessage, AssistPeer, AssistRole, RelayEnd, RelayRevealKey

MSG_KEY_MISMATCH = (
    "Die Sicherheitsprüfung ist fehlgeschlagen: der Schlüssel der Gegenseite hat sich "
    "geändert. Die Sitzung wurde beendet, es wurde nichts übertragen."
)
MSG_CODE_MISMATCH = (
    "Die Prüfnummern stimmten nicht überein. Die Sitzung wurde beendet, es wurde nichts "
    "übertragen. Bitte eine neue Sitzung beginnen."
)
MSG_OVERFLOW = (
    "Die Verbindung war zu lange unterbrochen. Die Sitzung wurde beendet; im Antrag ist "
    "nichts verloren."
)


class Phase(enum.StrEnum):
    """Where the session stands at this end."""

    CONNECTING = "connecting"  # no relay connection yet
    WAITING = "waiting"  # connected; the other end has not joined or revealed yet
    VERIFY = "verify"  # both keys there: compare the verification code
    TRUSTED = "trusted"  # this end confirmed the code
    OVER = "over"  # ended


@dataclass(frozen=True)
class PeerPresence:
    """The other end came or went (`online`), or became known (`name`)."""

    online: bool
    name: str


@dataclass(frozen=True)
class CodeReady:
    """Both keys are there: show `code` for comparing on the phone."""

    code: str


@dataclass(frozen=True)
class MessageIn:
    """A message of the peer (reliable ones exactly once, in order)."""

    message: AssistMessage


@dataclass(frozen=True)
class Unreadable:
    """A reliable message of the peer that could not be read (refuse it)."""

    kind: str | None
    problem: str


@dataclass(frozen=True)
class LinkState:
    """The link to the relay is up or down (`message` says what the person should know)."""

    up: bool
    message: str = ""


@dataclass(frozen=True)
class Over:
    """The session is over; `message` is German for the person at this end."""

    message: str
    reason: str | None = None


SessionEvent = PeerPresence | CodeReady | MessageIn | Unreadable | LinkState | Over


class Endpoint:
    """One end of a session (see the module docstring).

    Args:
        role: "owner" (the laptop) or "expert".
        link: the started relay link.
        key: this end's session key.
        session_id, device_id: the session and the laptop.
        commitment: the commitment to the owner's key (from opening or joining).
        expert_id: the expert (known to the expert from joining; to the owner later).
    """

    def __init__(
        self,
        role: AssistRole,
        link: RelayLink,
        key: X25519PrivateKey,
        *,
        session_id: str,
        device_id: str,
        commitment: str,
        expert_id: str | None = None,
    ) -> None:
        self.role = role
        self.link = link
        self._key = key
        self.session_id = session_id
        self.device_id = device_id
        self.expert_id = expert_id
        self.commitment = commitment
        self.own_key = crypto.public_text(key)
        self.peer_key: str | None = None
        self.peer_name = ""
        self.peer_online = False
        self.link_up = False
        self.phase = Phase.CONNECTING
        self.verification_code: str | None = None
        self.channel: Channel | None = None
        self._revealed = False
        self.frame_errors = 0
        self._pending: list[SessionEvent] = []

    # -- what the application does ------------------------------------------------------

    @property
    def trusted(self) -> bool:
        """This end confirmed the verification code."""
        return self.phase is Phase.TRUSTED

    def confirm_code(self) -> None:
        """The person at this end compared the code and it matched."""
        if self.phase is Phase.VERIFY:
            self.phase = Phase.TRUSTED
            if self.channel is not None and self.link_up:
                self.channel.resume()

    def reject_code(self) -> list[SessionEvent]:
        """The codes differed: end the session at once."""
        return self.end(MSG_CODE_MISMATCH, reason="verification")

    def send(self, message: AssistMessage, *, reliable: bool) -> list[SessionEvent]:
        """Send a message to the peer (only once trusted); events if that failed."""
        if self.channel is None or not self.trusted:
            return []
        try:
            self.channel.send(message, reliable=reliable)
        except ChannelOverflow:
            return self.end(MSG_OVERFLOW, reason="overflow")
        return []

    def end(self, message: str, *, reason: str | None = None) -> list[SessionEvent]:
        """End the session for both ends (the owner) or leave it (the expert)."""
        if self.phase is Phase.OVER:
            return []
        self.phase = Phase.OVER
        self.link.send_control(RelayEnd())
        self.link.close()
        return [Over(message, reason)]

    def close(self) -> None:
        """Stop the link without telling the relay (the process is going away)."""
        self.phase = Phase.OVER
        self.link.close()

    # -- what the link reported ----------------------------------------------------------

    def pump(self, limit: int = 1000) -> list[SessionEvent]:
        """Handle what the link reported since the last call (at most `limit` events)."""
        out: list[SessionEvent] = []
        for _ in range(limit):
            try:
                event = self.link.events.get_nowait()
            except queue.Empty:
                break
            if self.phase is Phase.OVER:
                continue
            out += self._handle(event)
        return out

    def _handle(self, event: LinkEvent) -> list[SessionEvent]:
        if isinstance(event, FrameIn):
            return self._frame(event.data)
        if isinstance(event, Up):
            self.link_up = True
            hello = event.hello
            out: list[SessionEvent] = [LinkState(True)]
            if hello.expert_id and not self.expert_id:
                self.expert_id = hello.expert_id
            peer_key = hello.expert_key if self.role == "owner" else hello.owner_key
            if hello.peer is not None:
                out += self._peer(hello.peer)
            elif peer_key:
                out += self._keys(peer_key)
            if self.phase is Phase.CONNECTING:
                self.phase = Phase.WAITING
            if self.channel is not None:
                self.channel.resume()
            return out
        if isinstance(event, PeerChanged):
            return self._peer(event.peer)
        if isinstance(event, Down):
            self.link_up = False
            if self.channel is not None:
                self.channel.link_lost()
            return [LinkState(False, event.message)]
        assert isinstance(event, Closed)
        self.phase = Phase.OVER
        self.link.close()
        return [Over(event.message, event.reason or event.code)]

    def _peer(self, peer: AssistPeer) -> list[SessionEvent]:
        out: list[SessionEvent] = []
        if peer.role == "expert" and not self.expert_id:
            self.expert_id = peer.id
        if peer.key:
            out += self._keys(peer.key)
            if self.phase is Phase.OVER:
                return out
        came_back = peer.online and not self.peer_online
        if peer.online != self.peer_online or peer.name != self.peer_name:
            self.peer_online, self.peer_name = peer.online, peer.name
            out.append(PeerPresence(peer.online, peer.name))
        if came_back and self.channel is not None and self.link_up:
            self.channel.resume()
        return out

    def _keys(self, peer_key: str) -> list[SessionEvent]:
        """The peer's key arrived (again): check it, reveal ours, agree."""
        if self.peer_key is not None:
            if peer_key != self.peer_key:
                return self.end(MSG_KEY_MISMATCH, reason="key_changed")
            return []
        if self.role == "expert" and not crypto.matches_commitment(peer_key, self.commitment):
            return self.end(MSG_KEY_MISMATCH, reason="commitment")
        self.peer_key = peer_key
        if self.role == "owner" and not self._revealed:
            self._revealed = True
            self.link.send_control(RelayRevealKey(key=self.own_key))
        if self.expert_id is None:
            return self.end(MSG_KEY_MISMATCH, reason="no_expert")
        owner_key = self.own_key if self.role == "owner" else peer_key
        expert_key = peer_key if self.role == "owner" else self.own_key
        transcript = crypto.Transcript(
            self.session_id, self.device_id, self.expert_id, owner_key, expert_key
        )
        try:
            keys = crypto.agree(self._key, self.role, transcript)
        except CryptoError:
            return self.end(MSG_KEY_MISMATCH, reason="bad_key")
        self.verification_code = keys.verification_code
        self.channel = Channel(crypto.FrameCipher(keys, self.session_id), self.link.send_frame)
        self.phase = Phase.VERIFY
        return [CodeReady(keys.verification_code)]

    def _frame(self, data: bytes) -> list[SessionEvent]:
        if self.channel is None:
            self.frame_errors += 1
            return []
        try:
            received = self.channel.receive(data)
        except CryptoError:
            self.frame_errors += 1
            return []
        except ChannelOverflow:
            return self.end(MSG_OVERFLOW, reason="overflow")
        out: list[SessionEvent] = []
        for item in received:
            if isinstance(item, Delivered):
                out.append(MessageIn(item.message))
            elif isinstance(item, Malformed):
                out.append(Unreadable(item.kind, item.problem))
        return out
