"""The Qt binding the app runs on must not corrupt Python's reference counts.

PySide6 6.12.0's ``Signal.emit()`` dropped one reference to ``True`` per call: the app
(autosave, signature strokes, every status update) emits thousands of signals a day and
would abort with "deallocating True or False". The lock file excludes that release; this
test fails on any binding that does the same.

From Python 3.12 on (Debian 13 has 3.13) True, False and None are immortal (PEP 683):
their counts start near 2**32 and they are never deallocated, so a binding that drops
references to them cannot abort the app, and their counts say nothing. (PySide6 6.11.3
on Python 3.13 does drop one reference to None per emit with a value; harmless there.)
The singletons are checked where they are mortal; an ordinary object sent through a
signal is checked everywhere.
"""

from __future__ import annotations

import sys

import pytest

from PySide6.QtCore import QObject, Signal

#: PEP 683: the singletons' reference counts are fixed and meaningless.
IMMORTAL_SINGLETONS = sys.version_info >= (3, 12)


class _Emitter(QObject):
    bare = Signal()
    with_value = Signal(int)
    with_object = Signal(object)


def _refcounts() -> tuple[int, int, int]:
    return sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)


@pytest.mark.skipif(IMMORTAL_SINGLETONS, reason="True/False/None are immortal (PEP 683)")
def test_emitting_signals_keeps_reference_counts() -> None:
    emitter = _Emitter()
    received: list[int] = []
    emitter.with_value.connect(received.append)
    before = _refcounts()
    for value in range(500):
        emitter.bare.emit()
        emitter.with_value.emit(value)
    after = _refcounts()
    assert len(received) == 500
    # A little slack for unrelated objects; the 6.12.0 bug moves True by 500 here.
    assert all(abs(a - b) < 50 for a, b in zip(after, before, strict=True))


def test_an_object_sent_through_a_signal_keeps_its_reference_count() -> None:
    emitter = _Emitter()
    seen: list[int] = []
    emitter.with_object.connect(lambda obj: seen.append(id(obj)))
    payload = object()
    before = sys.getrefcount(payload)
    for _ in range(500):
        emitter.bare.emit()
        emitter.with_object.emit(payload)
    assert seen == [id(payload)] * 500
    assert sys.getrefcount(payload) == before
