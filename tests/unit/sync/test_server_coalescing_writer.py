"""The answers' writes of one loop turn leave as one (`sync.server.transport`)."""

from __future__ import annotations

import asyncio

from sync.server.transport import _CoalescingWriter


class _Recording:
    """A transport that records what it is given."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        assert not self.closed, "written after close"
        self.writes.append(data)

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def write_eof(self) -> None:
        self.writes.append(b"<eof>")

    def get_extra_info(self, name: str) -> str:
        return f"info {name}"


def test_small_writes_of_one_turn_leave_as_one_write_in_order():
    async def run() -> list[bytes]:
        real = _Recording()
        writer = _CoalescingWriter(real, asyncio.get_running_loop())  # type: ignore[arg-type]
        writer.write(b"HTTP/1.1 200 OK\r\n\r\n")
        writer.write(b"{}")
        assert real.writes == []
        await asyncio.sleep(0)
        return real.writes

    assert asyncio.run(run()) == [b"HTTP/1.1 200 OK\r\n\r\n{}"]


def test_a_large_write_is_not_held_and_what_was_buffered_goes_first():
    async def run() -> list[bytes]:
        real = _Recording()
        writer = _CoalescingWriter(real, asyncio.get_running_loop())  # type: ignore[arg-type]
        writer.write(b"head")
        big = b"x" * (1 << 20)
        writer.write(big)
        assert real.writes == [b"head", big]
        await asyncio.sleep(0)
        return real.writes

    assert asyncio.run(run()) == [b"head", b"x" * (1 << 20)]


def test_close_sends_what_is_buffered_first_and_the_rest_is_the_real_transport():
    async def run() -> _Recording:
        real = _Recording()
        writer = _CoalescingWriter(real, asyncio.get_running_loop())  # type: ignore[arg-type]
        writer.write(b"HTTP/1.1 400 Bad Request\r\n\r\n")
        writer.close()
        await asyncio.sleep(0)
        assert writer.get_extra_info("peername") == "info peername"
        assert writer.is_closing()
        return real

    real = asyncio.run(run())
    assert real.writes == [b"HTTP/1.1 400 Bad Request\r\n\r\n"]
    assert real.closed


def test_the_end_of_the_sending_side_comes_after_what_was_buffered():
    async def run() -> list[bytes]:
        real = _Recording()
        writer = _CoalescingWriter(real, asyncio.get_running_loop())  # type: ignore[arg-type]
        writer.write(b"last frame")
        writer.write_eof()
        await asyncio.sleep(0)
        return real.writes

    assert asyncio.run(run()) == [b"last frame", b"<eof>"]
