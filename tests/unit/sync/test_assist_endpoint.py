"""The handshake of an end: reveal after the peer's key, commitment, keys that change."""

from __future__ import annotations

import queue

from sync.assist import crypto
from sync.assist import endpoint as ep
from sync.assist.link import PeerChanged, Up
from sync.protocol import AssistPeer, RelayEnd, RelayHello, RelayRevealKey

SESSION, DEVICE, EXPERT = "0" * 32, "d" * 32, "e" * 32


class FakeLink:
    """What the endpoint needs of a link, recorded."""

    def __init__(self) -> None:
        self.events: queue.SimpleQueue[object] = queue.SimpleQueue()
        self.frames: list[bytes] = []
        self.controls: list[object] = []
        self.closed = False

    def send_frame(self, frame: bytes) -> None:
        self.frames.append(frame)

    def send_control(self, request: object) -> None:
        self.controls.append(request)

    def close(self) -> None:
        self.closed = True


def _hello(role, commitment, owner_key=None, expert_key=None, peer=None):
    return Up(
        RelayHello(
            session_id=SESSION,
            role=role,
            device_id=DEVICE,
            expert_id=EXPERT,
            key_commitment=commitment,
            owner_key=owner_key,
            expert_key=expert_key,
            peer=peer,
        )
    )


def _owner():
    key = crypto.new_session_key()
    commitment = crypto.commitment(crypto.public_text(key))
    link = FakeLink()
    end = ep.Endpoint(
        "owner", link, key, session_id=SESSION, device_id=DEVICE, commitment=commitment
    )  # type: ignore[arg-type]
    return end, link, key, commitment


def test_the_owner_reveals_its_key_only_after_the_experts():
    end, link, key, commitment = _owner()
    link.events.put(_hello("owner", commitment))
    end.pump()
    assert link.controls == []
    assert end.phase is ep.Phase.WAITING
    expert_key = crypto.public_text(crypto.new_session_key())
    link.events.put(
        PeerChanged(AssistPeer(role="expert", id=EXPERT, name="B", key=expert_key, online=True))
    )
    events = end.pump()
    assert link.controls == [RelayRevealKey(key=crypto.public_text(key))]
    assert any(isinstance(e, ep.CodeReady) for e in events)
    assert end.phase is ep.Phase.VERIFY


def test_a_peer_key_that_changes_ends_the_session():
    end, link, _, commitment = _owner()
    first = crypto.public_text(crypto.new_session_key())
    second = crypto.public_text(crypto.new_session_key())
    link.events.put(_hello("owner", commitment, expert_key=first))
    link.events.put(
        PeerChanged(AssistPeer(role="expert", id=EXPERT, name="B", key=second, online=True))
    )
    events = end.pump()
    assert any(isinstance(e, ep.Over) and "Sicherheitsprüfung" in e.message for e in events)
    assert RelayEnd() in link.controls
    assert link.closed


def test_the_expert_refuses_a_reveal_that_breaks_the_commitment():
    key = crypto.new_session_key()
    promised = crypto.commitment(crypto.public_text(crypto.new_session_key()))
    link = FakeLink()
    end = ep.Endpoint(
        "expert", link, key, session_id=SESSION, device_id=DEVICE, commitment=promised,
        expert_id=EXPERT,
    )  # type: ignore[arg-type]  # fmt: skip
    other = crypto.public_text(crypto.new_session_key())
    link.events.put(_hello("expert", promised, owner_key=other, expert_key=crypto.public_text(key)))
    events = end.pump()
    assert any(isinstance(e, ep.Over) for e in events)
    assert end.verification_code is None


def test_nothing_is_sent_before_the_code_is_confirmed():
    end, link, _, commitment = _owner()
    expert_key = crypto.public_text(crypto.new_session_key())
    link.events.put(_hello("owner", commitment, expert_key=expert_key))
    end.pump()
    from sync.protocol import CommentMessage

    before = len(link.frames)
    end.send(CommentMessage(id="c1", text="geheim"), reliable=True)
    assert len(link.frames) == before
    end.confirm_code()
    end.send(CommentMessage(id="c1", text="geheim"), reliable=True)
    assert len(link.frames) > before
    assert all(b"geheim" not in f for f in link.frames)
