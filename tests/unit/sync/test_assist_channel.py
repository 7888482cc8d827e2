"""The channel delivers reliable messages once and in order over a link that drops."""

from __future__ import annotations

import random

import pytest

from sync.assist import channel as ch
from sync.assist import crypto
from sync.protocol import CommentMessage, PointAt, Propose

SESSION = "0" * 32


class Wire:
    """Frames in flight one way; `lose` drops some, `deliver` hands them over."""

    def __init__(self) -> None:
        self.frames: list[bytes] = []

    def send(self, frame: bytes) -> None:
        self.frames.append(frame)

    def take(self) -> list[bytes]:
        out, self.frames = self.frames, []
        return out


def _ends():
    owner, expert = crypto.new_session_key(), crypto.new_session_key()
    transcript = crypto.Transcript(
        SESSION, "d" * 32, "e" * 32, crypto.public_text(owner), crypto.public_text(expert)
    )
    to_owner, to_expert = Wire(), Wire()
    laptop = ch.Channel(
        crypto.FrameCipher(crypto.agree(owner, "owner", transcript), SESSION), to_expert.send
    )
    expert_end = ch.Channel(
        crypto.FrameCipher(crypto.agree(expert, "expert", transcript), SESSION), to_owner.send
    )
    return laptop, expert_end, to_owner, to_expert


def _deliver(target: ch.Channel, wire: Wire, keep=lambda i: True) -> list[ch.Received]:
    out: list[ch.Received] = []
    for index, frame in enumerate(wire.take()):
        if keep(index):
            out += target.receive(frame)
    return out


def _proposals(received):
    return [
        r.message.id
        for r in received
        if isinstance(r, ch.Delivered) and isinstance(r.message, Propose)
    ]


def test_lost_frames_are_resent_on_resume_and_delivered_once_in_order():
    laptop, expert, to_owner, to_expert = _ends()
    rng = random.Random(7)
    sent = []
    got = []
    for i in range(30):
        pid = f"p{i}"
        sent.append(pid)
        expert.send(Propose(id=pid, path="vorname", value=f"v{i}", reason="r"), reliable=True)
        got += _proposals(_deliver(laptop, to_owner, keep=lambda _: rng.random() > 0.4))
        _deliver(expert, to_expert, keep=lambda _: rng.random() > 0.4)  # acks get lost too
    for _ in range(10):  # reconnects: both sides say they are back
        laptop.resume()
        expert.resume()
        got += _proposals(_deliver(laptop, to_owner))
        _deliver(expert, to_expert)
    assert got == sent
    assert expert.unacknowledged == 0


def test_duplicates_are_not_delivered_twice():
    laptop, expert, to_owner, to_expert = _ends()
    expert.send(CommentMessage(id="c1", text="Hallo"), reliable=True)
    frames = to_owner.take()
    first = [r for f in frames for r in laptop.receive(f)]
    to_expert.take()  # the acknowledgement is lost
    laptop.resume()  # the laptop reconnects and asks for what it lacks
    _deliver(expert, to_expert)  # the expert resends c1
    again = _deliver(laptop, to_owner)
    assert [type(r) for r in first] == [ch.Delivered]
    assert not any(
        isinstance(r, ch.Delivered) and isinstance(r.message, CommentMessage) for r in again
    )


def test_unreliable_messages_are_not_kept():
    laptop, expert, to_owner, to_expert = _ends()
    expert.send(PointAt(path="vorname"), reliable=False)
    to_owner.take()  # lost
    laptop.resume()
    _deliver(expert, to_expert)
    assert not [r for r in _deliver(laptop, to_owner) if isinstance(r.message, PointAt)]  # type: ignore[union-attr]


def test_a_large_message_travels_in_several_frames():
    laptop, expert, to_owner, _ = _ends()
    text = "x" * 2000
    expert.send(Propose(id="big", path="bemerkung", value=text * 300, reason="lang"), reliable=True)
    frames = to_owner.frames
    assert len(frames) > 2
    received = _deliver(laptop, to_owner)
    assert _proposals(received) == ["big"]


def test_a_half_message_is_dropped_with_the_link_and_resent_whole():
    laptop, expert, to_owner, to_expert = _ends()
    expert.send(Propose(id="big", path="bemerkung", value="y" * 600_000, reason="r"), reliable=True)
    frames = to_owner.take()
    for frame in frames[:2]:
        assert laptop.receive(frame) == []
    laptop.link_lost()
    laptop.resume()
    _deliver(expert, to_expert)
    assert _proposals(_deliver(laptop, to_owner)) == ["big"]


def test_too_much_unacknowledged_ends_the_session(monkeypatch):
    monkeypatch.setattr(ch, "MAX_OUTBOX_MESSAGES", 3)
    _, expert, _, _ = _ends()
    for i in range(3):
        expert.send(CommentMessage(id=f"c{i}", text="x"), reliable=True)
    with pytest.raises(ch.ChannelOverflow):
        expert.send(CommentMessage(id="c9", text="x"), reliable=True)
