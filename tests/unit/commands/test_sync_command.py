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


def test_counts_of_one_are_said_in_the_singular_and_of_many_in_the_plural() -> None:
    """No "Antrag/Anträge", no "abgeschlossene(r)", no "1 Entwürfe" (issue 12)."""
    from sync.client.backup import BackupStats
    from sync.client.delivery import DeliveryStats

    def lines(n: int) -> str:
        report = SyncReport(
            reachable=True,
            delivery=DeliveryStats(delivered=[f"d{i}" for i in range(n)]),
            backup=BackupStats(records_sent=n, lost=n, waiting=n),
        )
        device: Any = Counts({"awaiting_key": n})
        return "\n".join(describe_sync(report, device))

    one = lines(1)
    assert "Gesendet: 1 Antrag," in one
    assert "Sicherung: 1 Entwurf gesichert" in one
    assert "Sicherung: 1 Entwurf wartet auf das Rathaus." in one
    assert "eine Sicherung nicht mehr; sie wird" in one
    assert "Ein abgeschlossener Antrag wird gesendet, sobald" in one
    many = lines(3)
    assert "Gesendet: 3 Anträge," in many
    assert "Sicherung: 3 Entwürfe gesichert" in many
    assert "Sicherung: 3 Entwürfe warten auf das Rathaus." in many
    assert "3 Sicherungen nicht mehr; sie werden" in many
    assert "3 abgeschlossene Anträge werden gesendet, sobald" in many
    for text in (one, many):
        assert "/" not in text
        assert "(r)" not in text
        assert "(en)" not in text
