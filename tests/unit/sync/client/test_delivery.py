"""Delivery logic against a fake intake: resume from the server offset, no twins, rejection."""

from __future__ import annotations

import dataclasses
import hashlib
import socket
import threading
from collections.abc import Callable

import httpx
import pytest

from sync.client.api import TownHallApi
from sync.client.delivery import Deliverer, RetryPolicy
from sync.client.errors import ServerTrouble, Unreachable
from sync.ports import OutboxPart

from .fakes import FakeIntake, MemoryStore, entry

SID = "0b5e6f0c-6f4e-4c7a-9a51-3b1e1c1d2e3f"
SID2 = "1b5e6f0c-6f4e-4c7a-9a51-3b1e1c1d2e3f"


def _setup(intake: FakeIntake, parts: dict[str, bytes]) -> tuple[TownHallApi, MemoryStore]:
    store = MemoryStore()
    store.add(*entry(SID, parts))
    api = TownHallApi("http://townhall.test", "tok", transport=httpx.MockTransport(intake.handler))
    return api, store


def _deliverer(api: TownHallApi, store: MemoryStore, chunk: int = 4) -> Deliverer:
    """Parts of up to 2 bytes count as small here (sent beside the upload connection)."""
    retry = RetryPolicy(budget=1.0, initial=0.0, cap=0.0, sleep=lambda _s: None)
    return Deliverer(api, store, store, chunk_size=chunk, retry=retry, small_part_bytes=2)


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


def test_small_parts_go_with_the_next_put_beside_the_upload() -> None:
    """The upload connection carries only attachments: the next submission's PUT and
    its small parts (a signature image) go out on the other thread, during the upload."""
    intake = FakeIntake()
    beside_done = threading.Event()
    who: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        who.append((f"{request.method} {path}", threading.current_thread().name))
        if request.method == "PATCH" and path.endswith(f"{SID}/attachments/big"):
            # still streaming until the next PUT and its small part have arrived
            assert beside_done.wait(timeout=5)
        answer = intake.handler(request)
        if request.method == "PATCH" and path.endswith(f"{SID2}/attachments/sig"):
            beside_done.set()
        return answer

    store = MemoryStore()
    store.add(*entry(SID, {"big": b"0123456789", "sig": b"s1"}))
    store.add(*entry(SID2, {"big": b"abcdef", "sig": b"s2"}, draft_id="d2"))
    api = TownHallApi("http://townhall.test", "tok", transport=httpx.MockTransport(handler))
    stats = _deliverer(api, store).deliver_all()
    assert stats.delivered == [SID, SID2]
    on_main = [r for r, thread in who if thread == threading.current_thread().name]
    beside = [r for r, thread in who if thread != threading.current_thread().name]
    assert f"PATCH /v1/submissions/{SID}/attachments/big" in on_main
    assert f"PATCH /v1/submissions/{SID2}/attachments/big" in on_main
    assert f"PUT /v1/submissions/{SID2}" in beside
    assert f"PATCH /v1/submissions/{SID2}/attachments/sig" in beside
    assert not [r for r in on_main if r.endswith("/sig") and SID2 in r]
    for sid, data in ((SID, b"0123456789"), (SID2, b"abcdef")):
        assert bytes(intake.stored[(sid, "big")]) == data


Fault = Callable[[httpx.Request], httpx.Response | None]


def _two_connections(
    intake: FakeIntake, fault: Fault, *submissions: tuple[str, dict[str, bytes]]
) -> tuple[TownHallApi, MemoryStore, list[tuple[str, bool]]]:
    """An outbox with `submissions` (drafts d1, d2, …) and an API whose requests are
    recorded with the thread that sent them (True: the delivery's own, the upload
    connection); `fault` may answer (or raise) instead of the intake."""
    main = threading.current_thread().name
    who: list[tuple[str, bool]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        on_main = threading.current_thread().name == main
        who.append((f"{request.method} {request.url.path}", on_main))
        return fault(request) or intake.handler(request)

    store = MemoryStore()
    for number, (sid, parts) in enumerate(submissions, start=1):
        store.add(*entry(sid, parts, draft_id=f"d{number}"))
    api = TownHallApi("http://townhall.test", "tok", transport=httpx.MockTransport(handler))
    return api, store, who


def test_a_small_part_cut_on_the_second_connection_resumes_there() -> None:
    """The signature's upload beside the large one breaks before its commit: the second
    connection asks where the server stands and sends it again; stored once, and the
    receipt is asked for only when it is in."""
    intake = FakeIntake()
    cuts = [f"/v1/submissions/{SID}/attachments/sig"]

    def fault(request: httpx.Request) -> httpx.Response | None:
        if request.method == "PATCH" and request.url.path in cuts:
            cuts.clear()
            raise httpx.ReadError("cut before commit")
        return None

    api, store, who = _two_connections(intake, fault, (SID, {"big": b"0123456789", "sig": b"s1"}))
    stats = _deliverer(api, store).deliver_all()
    assert stats.delivered == [SID]
    assert bytes(intake.stored[(SID, "sig")]) == b"s1"
    assert bytes(intake.stored[(SID, "big")]) == b"0123456789"
    sig = f"/v1/submissions/{SID}/attachments/sig"
    assert [(r, on_main) for r, on_main in who if r.endswith(sig)] == [
        (f"PATCH {sig}", False),
        (f"HEAD {sig}", False),
        (f"PATCH {sig}", False),
    ]
    assert store.receipts[SID] == ("d1", "SOZ-2026-000001")
    assert store.rejected == {}


def test_a_small_part_the_server_lost_beside_puts_the_submission_again() -> None:
    """The next submission's signature, sent beside the upload, gets a 404 (the server
    lost the submission): the submission is PUT again in line and delivered once."""
    intake = FakeIntake()
    sig = f"/v1/submissions/{SID2}/attachments/sig"
    lost_once = [sig]

    def fault(request: httpx.Request) -> httpx.Response | None:
        if request.method == "PATCH" and request.url.path in lost_once:
            lost_once.clear()
            return httpx.Response(404, json={"error": "not_found", "message": "weg"})
        return None

    api, store, who = _two_connections(
        intake, fault, (SID, {"a1": b"0123456789"}), (SID2, {"big": b"abcdef", "sig": b"s2"})
    )
    stats = _deliverer(api, store).deliver_all()
    assert stats.delivered == [SID, SID2]
    puts = [on_main for r, on_main in who if r == f"PUT /v1/submissions/{SID2}"]
    assert puts == [False, True]  # beside first, then again in line
    assert bytes(intake.stored[(SID2, "sig")]) == b"s2"
    assert bytes(intake.stored[(SID2, "big")]) == b"abcdef"
    assert store.rejected == {}
    assert store.pending() == []


def test_a_small_part_that_cannot_be_sent_keeps_the_submission() -> None:
    """The second connection cannot reach the town hall for the signature: no receipt is
    asked for, nothing is set aside, the submission stays in the outbox."""
    intake = FakeIntake()

    def fault(request: httpx.Request) -> httpx.Response | None:
        if request.url.path.endswith("/attachments/sig"):
            raise httpx.ConnectError("refused")
        return None

    api, store, _who = _two_connections(intake, fault, (SID, {"big": b"0123456789", "sig": b"s1"}))
    retry = RetryPolicy(
        budget=0.0, initial=0.0, cap=0.0, sleep=lambda _s: None, max_chunk_failures=2
    )
    deliverer = Deliverer(api, store, store, chunk_size=4, retry=retry, small_part_bytes=2)
    with pytest.raises(Unreachable):
        deliverer.deliver_all()
    assert deliverer.stats.delivered == []
    assert store.receipts == {}
    assert store.rejected == {}
    assert [e.submission_id for e in store.pending()] == [SID]
    assert store.failures == [(SID, "unreachable")]
    assert not any(r.endswith("/complete") for r in intake.requests)
    # the next pass (the town hall is back) sends only what is missing
    api.http._transport = httpx.MockTransport(intake.handler)
    stats = _deliverer(api, store).deliver_all()
    assert stats.delivered == [SID]
    assert bytes(intake.stored[(SID, "big")]) == b"0123456789"
    assert bytes(intake.stored[(SID, "sig")]) == b"s1"
    assert stats.bytes_sent == 2  # the signature; the large part was in already


def test_the_receipt_asked_for_beside_is_kept() -> None:
    """With a submission following, the receipt is asked for on the second connection;
    it is checked and kept like one that came with the upload."""
    intake = FakeIntake()
    api, store, who = _two_connections(
        intake, lambda _request: None, (SID, {"a1": b"0123456789"}), (SID2, {"a1": b"abcdef"})
    )
    stats = _deliverer(api, store).deliver_all()
    assert [(r, on_main) for r, on_main in who if r.endswith("/complete")] == [
        (f"POST /v1/submissions/{SID}/complete", False)
    ]
    assert stats.delivered == [SID, SID2]
    assert store.receipts == {SID: ("d1", "SOZ-2026-000001"), SID2: ("d2", "SOZ-2026-000001")}


def test_a_foreign_receipt_beside_keeps_the_sealed_copy() -> None:
    """The receipt asked for on the second connection names another submission: the
    sealed copy stays in the outbox, and the pass ends."""
    intake = FakeIntake()

    def fault(request: httpx.Request) -> httpx.Response | None:
        if request.url.path == f"/v1/submissions/{SID}/complete":
            intake.handler(request)
            return httpx.Response(200, json={**intake.receipt(SID), "submission_id": SID2})
        return None

    api, store, _who = _two_connections(
        intake, fault, (SID, {"a1": b"0123456789"}), (SID2, {"a1": b"abcdef"})
    )
    deliverer = _deliverer(api, store)
    with pytest.raises(ServerTrouble):
        deliverer.deliver_all()
    assert SID not in store.receipts
    assert SID in [e.submission_id for e in store.pending()]
    assert (SID, "server_error") in store.failures


def test_a_receipt_beside_for_a_lost_submission_is_fetched_again_next_pass() -> None:
    """The server answers 404 to the complete on the second connection (it lost the
    submission): nothing is deleted, the next pass PUTs it again and gets the receipt."""
    intake = FakeIntake()
    lost_once = [f"/v1/submissions/{SID}/complete"]

    def fault(request: httpx.Request) -> httpx.Response | None:
        if request.url.path in lost_once:
            lost_once.clear()
            return httpx.Response(404, json={"error": "not_found", "message": "weg"})
        return None

    api, store, _who = _two_connections(
        intake, fault, (SID, {"a1": b"0123456789"}), (SID2, {"a1": b"abcdef"})
    )
    with pytest.raises(ServerTrouble):
        _deliverer(api, store).deliver_all()
    assert SID not in store.receipts
    assert (SID, "lost_on_server") in store.failures
    stats = _deliverer(api, store).deliver_all()
    assert SID in stats.delivered
    assert store.pending() == []
    assert bytes(intake.stored[(SID, "a1")]) == b"0123456789"


class _CountingApi(TownHallApi):
    """Records the companions it made."""

    made: list[TownHallApi]

    def companion(self) -> TownHallApi:
        other = super().companion()
        self.made = [*getattr(self, "made", []), other]
        return other


def test_the_second_connection_is_closed_after_the_pass() -> None:
    """Each pass closes its second connection pool, also when it ends unreachable; the
    delivery's own client stays open for the caller (loopback, nothing listens)."""
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = MemoryStore()
    store.add(*entry(SID, {"a1": b"0123456789"}))
    api = _CountingApi(f"http://127.0.0.1:{port}", "tok", timeout=2)
    retry = RetryPolicy(budget=0.0, initial=0.0, cap=0.0, sleep=lambda _s: None)
    deliverer = Deliverer(api, store, store, retry=retry)
    for _ in range(2):
        with pytest.raises(Unreachable):
            deliverer.deliver_all()
    assert len(api.made) == 2
    assert all(side.http.is_closed for side in api.made)
    assert not api.http.is_closed
    api.close()


def test_a_companion_on_an_injected_transport_leaves_it_to_the_original() -> None:
    """Closing the companion does not close a transport the caller injected: the
    original client still works through it."""
    intake = FakeIntake()
    api, store = _setup(intake, {"a1": b"0123456789"})
    side = api.companion()
    side.close()
    assert api.health().status == "ok"
    assert _deliverer(api, store).deliver_all().delivered == [SID]


def test_the_put_announces_the_digest_the_outbox_took_when_queueing() -> None:
    """A part's SHA-512 comes from the outbox (taken once, when it was queued); only a
    part queued without one (before device.db schema v4) is hashed on the way."""
    intake = FakeIntake()
    store = MemoryStore()
    queued, parts = entry(SID, {"a1": b"0123456789", "b2": b"abcdef"})
    stored = "ab" * 64  # not the bytes' digest: shows which one went out
    queued = dataclasses.replace(
        queued, parts=[OutboxPart("a1", "application/pdf", stored), queued.parts[1]]
    )
    store.add(queued, parts)
    api = TownHallApi("http://townhall.test", "tok", transport=httpx.MockTransport(intake.handler))
    _deliverer(api, store).deliver_all()
    announced = {a["id"]: a["sha512"] for a in intake.bodies[SID]["attachments"]}
    assert announced == {"a1": stored, "b2": hashlib.sha512(b"abcdef").hexdigest()}


def test_the_put_after_next_does_not_wait_for_a_receipt_on_its_way() -> None:
    """While the server takes its time over a receipt (its fsync), the next-but-one
    submission is read and PUT: neither the store helper (keeping that receipt waits
    for it) nor the second connection's thread holds it up behind the receipt."""
    intake = FakeIntake()
    third_put = threading.Event()
    answered_after_it: list[bool] = []
    sid3 = "2b5e6f0c-6f4e-4c7a-9a51-3b1e1c1d2e3f"

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT" and sid3 in request.url.path:
            third_put.set()
        if request.url.path.endswith(f"{SID}/complete"):
            answered_after_it.append(third_put.wait(timeout=5))
        return intake.handler(request)

    store = MemoryStore()
    for sid, draft in ((SID, "d1"), (SID2, "d2"), (sid3, "d3")):
        store.add(*entry(sid, {"a1": b"0123456789"}, draft_id=draft))
    api = TownHallApi("http://townhall.test", "tok", transport=httpx.MockTransport(handler))
    stats = _deliverer(api, store).deliver_all()
    assert stats.delivered == [SID, SID2, sid3]
    assert answered_after_it == [True]
    assert set(store.receipts) == {SID, SID2, sid3}
