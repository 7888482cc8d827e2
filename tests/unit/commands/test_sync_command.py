"""`koffer sync` says when finalised applications wait for the next unlock to be sealed."""

from __future__ import annotations

from typing import Any

from koffer.sync_command import describe_sync
from sync.client.runner import SyncReport


class Counts:
    """The non-personal counters device.db keeps (`DeviceStore.draft_counts`)."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    def draft_counts(self) -> dict[str, int]:
        return dict(self.counts)


def _lines(counts: dict[str, int]) -> list[str]:
    device: Any = Counts(counts)
    return describe_sync(SyncReport(reachable=True), device)


def test_waiting_applications_are_named_with_what_happens_next() -> None:
    lines = _lines({"awaiting_key": 2, "draft": 5})
    assert any("2 abgeschlossene" in line and "entsperrt" in line for line in lines)
    assert not any("Schlüssel" in line for line in lines)


def test_nothing_is_said_when_nothing_waits() -> None:
    assert not any("entsperrt" in line for line in _lines({"sealed": 1}))
