"""The Qt binding the app runs on must not corrupt Python's reference counts.

PySide6 6.12.0's ``Signal.emit()`` dropped one reference to ``True`` per call: the app
(autosave, signature strokes, every status update) emits thousands of signals a day and
would abort with "deallocating True or False". The lock file excludes that release; this
test fails on any binding that does the same.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    bare = Signal()
    with_value = Signal(int)


def _refcounts() -> tuple[int, int, int]:
    return sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)


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
