"""Delivery logic against a fake intake: resume from the server offset, no twins, rejection."""

from __future__ import annotations

import threading

import httpx
import pytest

from sync.client.api import TownHallApi
from sync.client.delivery import Deliverer, RetryPolicy
from sync.client.errors import ServerTrouble, Unreachable

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


def test_one_upload_per_attachment_and_the_receipt_comes_with_it() -> None:
    intake = FakeIntake()
    api, store = _setup(intake, {"a1": b"0123456789"})
    stats = _deliverer(api, store).deliver_all()
    assert bytes(intake.stored[(SID, "a1")]) == b"0123456789"
    assert stats.delivered == [SID]
    assert stats.chunks_sent == 3  # pieces of 4 bytes, in ONE request
    assert intake.requests == [
        f"PUT /v1/submissions/{SID}",
        f"PATCH /v1/submissions/{SID}/attachments/a1",
    ]
    assert store.receipts[SID] == ("d1", "SOZ-2026-000001")
    assert store.pending() == []


def test_submission_without_attachments_is_one_request() -> None:
    intake = FakeIntake()
    api, store = _setup(intake, {})
    _deliverer(api, store).deliver_all()
    assert intake.requests == [f"PUT /v1/submissions/{SID}"]
    assert store.receipts[SID] == ("d1", "SOZ-2026-000001")


def test_lost_answer_after_commit_resumes_from_head_without_resending() -> None:
    intake = FakeIntake(fail_patch_after_commit={1})
    api, store = _setup(intake, {"a1": b"0123456789"})
    stats = _deliverer(api, store).deliver_all()
    assert bytes(intake.stored[(SID, "a1")]) == b"0123456789"
    assert stats.chunks_repeated == 0
    assert stats.bytes_resent == 0
    assert "HEAD" in " ".join(intake.requests)
    assert store.receipts[SID] == ("d1", "SOZ-2026-000001")


def test_cut_mid_stream_resumes_at_the_last_committed_piece() -> None:
    intake = FakeIntake(cut_after_pieces={1: 1})  # piece 0 committed, then the cut
    api, store = _setup(intake, {"a1": b"0123456789"})
    stats = _deliverer(api, store).deliver_all()
    assert bytes(intake.stored[(SID, "a1")]) == b"0123456789"
    # the client had handed all three pieces to the connection; two were lost
    assert stats.chunks_repeated == 2
    assert stats.bytes_resent == 6
    second = [r for r in intake.requests if r.startswith("PATCH")]
    assert len(second) == 2


def test_a_corrupt_piece_is_sent_again_alone() -> None:
    intake = FakeIntake(corrupt={(1, 1)})  # the second piece of the first upload
    api, store = _setup(intake, {"a1": b"0123456789"})
    stats = _deliverer(api, store).deliver_all()
    assert bytes(intake.stored[(SID, "a1")]) == b"0123456789"
    assert intake.offsets[(SID, "a1")] == 10
    # the first piece stayed; the upload went on from the corrupt one
    assert stats.bytes_resent == 6  # pieces 1 and 2 again, never piece 0
    assert store.receipts[SID] == ("d1", "SOZ-2026-000001")


def test_resume_from_server_offset_after_earlier_run() -> None:
    intake = FakeIntake()
    api, store = _setup(intake, {"a1": b"0123456789"})
    intake.offsets[(SID, "a1")] = 8
    intake.stored[(SID, "a1")] = bytearray(b"01234567")
    stats = _deliverer(api, store).deliver_all()
    assert stats.chunks_sent == 1
    assert bytes(intake.stored[(SID, "a1")]) == b"0123456789"


def test_a_submission_the_server_lost_is_put_again() -> None:
    """docs/server.md: a 404 on an upload means "PUT again" (e.g. restored backup)."""
    intake = FakeIntake()
    api, store = _setup(intake, {"a1": b"0123456789"})
    intake.lost.add(SID)
    original = intake.handler

    def forget_after_put(request: httpx.Request) -> httpx.Response:
        answer = original(request)
        if request.method == "PUT" and intake.requests.count(f"PUT /v1/submissions/{SID}") == 1:
            intake.lost.add(SID)  # the first PUT "is lost" again before the upload
        return answer

    api.http._transport = httpx.MockTransport(forget_after_put)
    stats = _deliverer(api, store).deliver_all()
    assert stats.reput == 1
    assert intake.requests.count(f"PUT /v1/submissions/{SID}") == 2
    assert store.receipts[SID] == ("d1", "SOZ-2026-000001")
    assert store.rejected == {}


def test_a_receipt_for_another_submission_keeps_the_sealed_copy() -> None:
    intake = FakeIntake(foreign_receipt=True)
    api, store = _setup(intake, {"a1": b"0123456789"})
    retry = RetryPolicy(budget=0.0, initial=0.0, cap=0.0, sleep=lambda _s: None)
    with pytest.raises(ServerTrouble):
        Deliverer(api, store, store, chunk_size=4, retry=retry).deliver_all()
    assert store.receipts == {}
    assert [e.submission_id for e in store.pending()] == [SID]


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


def test_next_put_overlaps_the_upload_and_no_head_on_a_fresh_upload() -> None:
    intake = FakeIntake()
    second_put = threading.Event()
    overlapped: list[bool] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT" and SID2 in request.url.path:
            second_put.set()
        if request.method == "PATCH" and SID in request.url.path:
            # the first upload is still "on the wire" until the next PUT has arrived
            overlapped.append(second_put.wait(timeout=5))
        return intake.handler(request)

    store = MemoryStore()
    store.add(*entry(SID, {"a1": b"0123456789"}))
    store.add(*entry(SID2, {"a1": b"abcdef"}, draft_id="d2"))
    api = TownHallApi("http://townhall.test", "tok", transport=httpx.MockTransport(handler))
    stats = _deliverer(api, store).deliver_all()
    assert stats.delivered == [SID, SID2]
    assert overlapped == [True]
    assert not any(r.startswith("HEAD") for r in intake.requests)
    # the first receipt is asked for beside the next upload, the last one with it
    assert [r for r in intake.requests if r.endswith("/complete")] == [
        f"POST /v1/submissions/{SID}/complete"
    ]
