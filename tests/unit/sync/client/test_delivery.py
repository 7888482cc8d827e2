"""Delivery logic against a fake intake: resume from the server offset, no twins, rejection."""

from __future__ import annotations

import httpx
import pytest

from sync.client.api import TownHallApi
from sync.client.delivery import Deliverer, RetryPolicy
from sync.client.errors import Unreachable

from .fakes import FakeIntake, MemoryStore, entry

SID = "0b5e6f0c-6f4e-4c7a-9a51-3b1e1c1d2e3f"
SID2 = "1b5e6f0c-6f4e-4c7a-9a51-3b1e1c1d2e3f"


def _setup(intake: FakeIntake, parts: dict[str, bytes]) -> tuple[TownHallApi, MemoryStore]:
    store = MemoryStore()
    store.add(*entry(SID, parts))
    api = TownHallApi("http://townhall.test", "tok", transport=httpx.MockTransport(intake.handler))
    return api, store


def _deliverer(api: TownHallApi, store: MemoryStore, chunk: int = 4) -> Deliverer:
    retry = RetryPolicy(budget=1.0, initial=0.0, cap=0.0, sleep=lambda _s: None)
    return Deliverer(api, store, store, chunk_size=chunk, retry=retry)


def test_chunks_arrive_in_order_and_receipt_is_recorded() -> None:
    intake = FakeIntake()
    api, store = _setup(intake, {"a1": b"0123456789"})
    stats = _deliverer(api, store).deliver_all()
    assert bytes(intake.stored[(SID, "a1")]) == b"0123456789"
    assert stats.delivered == [SID]
    assert stats.chunks_sent == 3
    assert store.receipts[SID] == ("d1", "SOZ-2026-000001")
    assert store.pending() == []


def test_lost_answer_after_commit_resumes_from_head_without_resending() -> None:
    intake = FakeIntake(fail_patch_after_commit={2})
    api, store = _setup(intake, {"a1": b"0123456789"})
    stats = _deliverer(api, store).deliver_all()
    assert bytes(intake.stored[(SID, "a1")]) == b"0123456789"
    assert stats.chunks_repeated == 0
    assert "HEAD" in " ".join(intake.requests)


def test_cut_before_commit_resends_exactly_that_chunk() -> None:
    intake = FakeIntake(fail_patch_before_commit={2})
    api, store = _setup(intake, {"a1": b"0123456789"})
    stats = _deliverer(api, store).deliver_all()
    assert bytes(intake.stored[(SID, "a1")]) == b"0123456789"
    assert stats.chunks_repeated == 1


def test_resume_from_server_offset_after_earlier_run() -> None:
    intake = FakeIntake()
    api, store = _setup(intake, {"a1": b"0123456789"})
    intake.offsets[(SID, "a1")] = 8
    intake.stored[(SID, "a1")] = bytearray(b"01234567")
    stats = _deliverer(api, store).deliver_all()
    assert stats.chunks_sent == 1
    assert bytes(intake.stored[(SID, "a1")]) == b"0123456789"


def test_rejected_submission_is_set_aside_with_server_message() -> None:
    message = "Dieses Formular ist im Rathaus nicht bekannt."
    intake = FakeIntake(reject_put=(422, {"error": "unknown_template", "message": message}))
    api, store = _setup(intake, {})
    store.add(*entry(SID2, {}, draft_id="d2"))
    stats = _deliverer(api, store).deliver_all()
    assert [r.message for r in stats.rejected] == [message, message]
    assert store.rejected == {SID: message, SID2: message}
    assert store.pending() == []


def test_unreachable_keeps_outbox_and_counts_attempt() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    store = MemoryStore()
    store.add(*entry(SID, {}))
    api = TownHallApi("http://townhall.test", "tok", transport=httpx.MockTransport(down))
    retry = RetryPolicy(budget=0.0, initial=0.0, cap=0.0, sleep=lambda _s: None)
    with pytest.raises(Unreachable):
        Deliverer(api, store, store, retry=retry).deliver_all()
    assert [e.submission_id for e in store.pending()] == [SID]
    assert store.failures == [(SID, "unreachable")]


def test_repeated_put_is_byte_identical() -> None:
    intake = FakeIntake(fail_patch_before_commit={1})
    api, store = _setup(intake, {"a1": b"abc", "b2": b"defgh"})
    _deliverer(api, store).deliver_all()
    # run again (e.g. receipt lost): the same body is sent; FakeIntake asserts equality
    store.receipts.clear()
    _deliverer(api, store).deliver_all()
    assert intake.requests.count(f"PUT /v1/submissions/{SID}") == 2


class _FailingReceipts(MemoryStore):
    """A store whose receipt commit fails (e.g. the disk is full)."""

    def record_receipt(self, *args: object) -> None:
        raise OSError("disk full")


def test_receipt_failure_in_the_helper_thread_ends_the_pass() -> None:
    intake = FakeIntake()
    store = _FailingReceipts()
    store.add(*entry(SID, {"a1": b"0123456789"}))
    store.add(*entry(SID2, {"a1": b"abc"}, draft_id="d2"))
    api = TownHallApi("http://townhall.test", "tok", transport=httpx.MockTransport(intake.handler))
    deliverer = _deliverer(api, store)
    with pytest.raises(OSError, match="disk full"):
        deliverer.deliver_all()
    assert deliverer.stats.delivered == []
    assert [e.submission_id for e in store.pending()] == [SID, SID2]


def test_receipts_kept_before_the_pass_ends_even_when_the_link_drops() -> None:
    """The first submission's receipt is committed although the second one fails."""
    intake = FakeIntake()

    def handler(request: httpx.Request) -> httpx.Response:
        if SID2 in request.url.path:
            raise httpx.ConnectError("refused")
        return intake.handler(request)

    store = MemoryStore()
    store.add(*entry(SID, {"a1": b"0123456789"}))
    store.add(*entry(SID2, {"a1": b"abc"}, draft_id="d2"))
    api = TownHallApi("http://townhall.test", "tok", transport=httpx.MockTransport(handler))
    retry = RetryPolicy(budget=0.0, initial=0.0, cap=0.0, sleep=lambda _s: None)
    deliverer = Deliverer(api, store, store, chunk_size=4, retry=retry)
    with pytest.raises(Unreachable):
        deliverer.deliver_all()
    assert store.receipts == {SID: ("d1", "SOZ-2026-000001")}
    assert deliverer.stats.delivered == [SID]
    assert store.purged == 1  # the retention purge still ran for what arrived
    assert [e.submission_id for e in store.pending()] == [SID2]


def test_one_request_at_a_time_in_order_without_head_on_a_fresh_upload() -> None:
    intake = FakeIntake()
    api, store = _setup(intake, {"a1": b"0123456789"})
    store.add(*entry(SID2, {"a1": b"abcdef"}, draft_id="d2"))
    stats = _deliverer(api, store).deliver_all()
    assert stats.delivered == [SID, SID2]
    assert not any(r.startswith("HEAD") for r in intake.requests)
    # the second submission starts only after the first one's complete
    first_done = intake.requests.index(f"POST /v1/submissions/{SID}/complete")
    assert intake.requests.index(f"PUT /v1/submissions/{SID2}") > first_done
