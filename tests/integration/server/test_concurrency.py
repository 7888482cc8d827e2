"""Exactly once under concurrency: racing PUTs and completions of the same submission."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from sync import protocol
from sync.server.db import ReferenceCounter, Submission
from tests.helpers.server import ApiClient, make_submission

pytestmark = pytest.mark.integration


def _race(n, action):
    barrier = threading.Barrier(n)

    def run(i):
        barrier.wait()
        return action(i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def test_two_clients_completing_at_once_get_one_receipt(running):
    owner = running.enrolled()
    clients = [ApiClient(running.url, owner.token) for _ in range(2)]
    try:
        for _ in range(3):  # a few rounds make a real overlap likely on both engines
            submission = make_submission((2000,))
            clients[0].put(submission).raise_for_status()
            clients[0].patch(
                submission.submission_id, "a0", 0, submission.attachments["a0"]
            ).raise_for_status()
            responses = _race(2, lambda i, s=submission: clients[i].complete(s.submission_id))
            assert [r.status_code for r in responses] == [200, 200]
            receipts = [protocol.Receipt.model_validate_json(r.content) for r in responses]
            assert receipts[0] == receipts[1]
        with running.db().read() as session:
            assert session.scalar(select(func.count()).select_from(Submission)) == 3
            # three submissions, three numbers: the race did not burn a number
            assert session.scalar(select(func.sum(ReferenceCounter.last_number))) == 3
    finally:
        for client in clients:
            client.close()


def test_racing_puts_store_one_submission(running):
    owner = running.enrolled()
    clients = [ApiClient(running.url, owner.token) for _ in range(4)]
    try:
        submission = make_submission((10,))
        responses = _race(4, lambda i: clients[i].put(submission))
        assert {r.status_code for r in responses} == {200}
        assert len({r.content for r in responses}) == 1
        with running.db().read() as session:
            assert session.scalar(select(func.count()).select_from(Submission)) == 1
    finally:
        for client in clients:
            client.close()


def test_many_devices_delivering_get_unique_gap_free_references(running):
    devices = [running.enrolled(f"Laptop {i}") for i in range(6)]
    submissions = [make_submission((3000,)) for _ in range(18)]

    def deliver(i):
        return devices[i % len(devices)].deliver(submissions[i], chunk=1000).reference

    with ThreadPoolExecutor(6) as pool:
        references = list(pool.map(deliver, range(len(submissions))))
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in references)
    assert numbers == list(range(1, len(submissions) + 1))


def test_racing_chunks_at_the_same_offset_append_once(running):
    owner = running.enrolled()
    clients = [ApiClient(running.url, owner.token) for _ in range(3)]
    try:
        submission = make_submission((3000,))
        data = submission.attachments["a0"]
        clients[0].put(submission).raise_for_status()
        responses = _race(
            3, lambda i: clients[i].patch(submission.submission_id, "a0", 0, data[:1500])
        )
        assert sorted(r.status_code for r in responses) == [204, 409, 409]
        head = clients[0].head(submission.submission_id, "a0")
        assert head.headers["Upload-Offset"] == "1500"
    finally:
        for client in clients:
            client.close()
