"""Faults of a session: codes, tokens, hostile messages, a killed relay, a cut link.

Each ends with a clear German message on the side that must act, loses no proposal,
and never changes the draft without the worker's acceptance.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import threading

import pytest

from koffer.assist.connect import join_as_expert, open_as_owner
from koffer.assist.events import Notice
from sync.assist.endpoint import Phase
from sync.client.errors import Rejected, Revoked
from sync.protocol import MAX_ASSIST_FRAME_BYTES, DocUpdate
from sync.server import assist
from sync.server.db import AssistSession, Database
from tests.helpers.assist import AssistWorld, wait_for
from tests.helpers.fault_proxy import FaultProxy
from tests.helpers.server import Seed, ServerProcess, free_port

pytestmark = pytest.mark.integration


# --- join codes ------------------------------------------------------------------------


def test_a_wrong_code_is_refused_in_german(world):
    with pytest.raises(Rejected) as caught:
        join_as_expert(world.expert(), "123-456-789")
    assert caught.value.status == 403
    assert "Zugangscode ist falsch" in caught.value.user_message


def test_a_code_works_once(world):
    pair = world.pair()
    try:
        with pytest.raises(Rejected) as caught:
            join_as_expert(world.expert(), pair.owner.join_code)
        assert caught.value.error == "invalid_join_code"
    finally:
        pair.close()


def test_an_expired_code_is_refused(world):
    endpoint, opened = open_as_owner(world.laptop(), world.device_id)
    try:
        db = Database.connect(world.seed.database_url, pool_size=1)
        with db.write.begin() as session:
            row = session.get(AssistSession, opened.session_id)
            row.code_expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        db.dispose()
        with pytest.raises(Rejected) as caught:
            join_as_expert(world.expert(), opened.join_code)
        assert caught.value.error == "invalid_join_code"
    finally:
        endpoint.close()


def test_guessing_codes_is_stopped(world):
    for _ in range(assist.JOIN_MAX_FAILURES):
        with pytest.raises(Rejected):
            join_as_expert(world.expert(), "000-000-000")
    endpoint, opened = open_as_owner(world.laptop(), world.device_id)
    try:
        with pytest.raises(Rejected) as caught:  # even the right code, for a while
            join_as_expert(world.expert(), opened.join_code)
        assert caught.value.status == 429
    finally:
        endpoint.close()


def test_a_laptop_token_cannot_join_and_an_unknown_token_cannot_open(world):
    endpoint, opened = open_as_owner(world.laptop(), world.device_id)
    try:
        from koffer.assist.connect import TownHall

        with pytest.raises(Exception) as caught:
            join_as_expert(TownHall(world.url, world.device_token), opened.join_code)
        assert "Experten-Zugang" in getattr(caught.value, "user_message", "")
        with pytest.raises(Exception) as caught:
            open_as_owner(TownHall(world.url, "kd_unknown"), world.device_id)
        assert getattr(caught.value, "code", "") == "unauthorized"
    finally:
        endpoint.close()


# --- tokens ----------------------------------------------------------------------------


def _revoke_expert(world: AssistWorld) -> None:
    db = Database.connect(world.seed.database_url, pool_size=1)
    with db.write.begin() as session:
        assist.revoke_expert(session, world.expert_id)
    db.dispose()


def test_a_revoked_expert_cannot_join(world):
    endpoint, opened = open_as_owner(world.laptop(), world.device_id)
    try:
        _revoke_expert(world)
        with pytest.raises(Revoked) as caught:
            join_as_expert(world.expert(), opened.join_code)
        assert "gesperrt" in caught.value.user_message
    finally:
        endpoint.close()


def test_revoking_the_expert_ends_a_running_session(world):
    pair = world.pair()
    try:
        pair.verify()
        _revoke_expert(world)
        pair.wait_for(lambda: pair.owner.over is not None and pair.expert.over is not None)
        assert "gesperrt" in pair.owner.over
        assert pair.expert.answers == {}
    finally:
        pair.close()


# --- hostile or broken messages ----------------------------------------------------------


def test_a_write_into_the_shared_draft_is_refused(world):
    pair = world.pair()
    try:
        pair.verify()
        before = dict(pair.draft.answers())
        forged = pair.owner.shared.update_since(None)  # any valid update will do
        pair.expert.send_raw(DocUpdate(update=base64.b64encode(forged).decode()))
        pair.wait_for(lambda: bool(pair.expert.refusals))
        assert pair.expert.refusals[0].refused_kind == "update"
        assert pair.draft.answers() == before
    finally:
        pair.close()


def test_a_malformed_message_is_refused_and_the_session_goes_on(world):
    pair = world.pair()
    try:
        pair.verify()
        channel = pair.expert.endpoint.channel
        assert channel is not None
        number = channel._next  # a hostile expert numbers its garbage correctly
        channel._next += 1
        garbage = f'{{"r": {number}, "a": 0, "m": {{"kind": "propose"}}}}'.encode()
        channel._send_frame(channel._cipher.seal(garbage))
        pair.wait_for(lambda: bool(pair.expert.refusals))
        assert "fehlerhaft" in pair.expert.refusals[0].message
        pair.expert.propose("vorname", "Erika", "laut Ausweis")
        pair.wait_for(lambda: len(pair.owner.proposals) == 1)
    finally:
        pair.close()


def test_a_proposal_for_a_field_that_does_not_exist_or_cannot_be_proposed(world):
    pair = world.pair()
    try:
        pair.verify()
        pair.expert.propose("gibt_es_nicht", "x", "test")
        pair.expert.propose("unterschrift", "x", "test")
        pair.wait_for(lambda: len(pair.expert.refusals) == 2)
        assert pair.owner.proposals == []
        assert not pair.draft.applied
    finally:
        pair.close()


def test_an_oversized_frame_is_cut_off_by_the_relay_and_the_session_resumes(world):
    pair = world.pair()
    try:
        pair.verify()
        link = pair.expert.endpoint.link
        connects = link.connects
        link.send_frame(os.urandom(MAX_ASSIST_FRAME_BYTES + 1))
        pair.wait_for(lambda: link.connects > connects and pair.expert.endpoint.link_up)
        pair.expert.propose("vorname", "Erika", "laut Ausweis")
        pair.wait_for(lambda: len(pair.owner.proposals) == 1)
    finally:
        pair.close()


def test_an_accepted_proposal_that_the_draft_refuses_is_reported(world):
    pair = world.pair()
    try:
        pair.verify()
        proposal = pair.expert.propose("vorname", "Erika", "laut Ausweis")
        pair.wait_for(lambda: len(pair.owner.proposals) == 1)
        pair.draft.finalised = True
        events = pair.owner.accept(proposal)
        assert any(isinstance(e, Notice) for e in events)
        pair.wait_for(lambda: pair.expert.proposals.get(proposal, {}).get("status") == "failed")
        assert "vorname" not in pair.draft.answers() or pair.draft.answers()["vorname"] != "Erika"
    finally:
        pair.close()


# --- a cut link, a killed relay ----------------------------------------------------------


def test_a_cut_link_mid_proposal_loses_nothing_and_duplicates_nothing(world):
    port = int(world.url.rsplit(":", 1)[1])
    with FaultProxy(
        port, seed=13, fault_rate=1.0, max_offset=1200, kinds=("cut", "reset")
    ) as proxy:
        pair = world.pair(expert_url=proxy.url)
        try:
            proxy.enabled = False
            pair.verify()
            proxy.enabled = True
            pair.expert.endpoint.link.drop()  # the next connections are cut again and again
            ids = [pair.expert.propose("vorname", f"Name {i}", f"Versuch {i}") for i in range(8)]
            pair.wait_for(lambda: proxy.stats.faults >= 3, timeout=60)
            proxy.enabled = False
            pair.wait_for(lambda: len(pair.owner.proposals) == 8, timeout=30)
            assert [p.id for p in pair.owner.proposals] == ids
            assert [p.value for p in pair.owner.proposals] == [f"Name {i}" for i in range(8)]
        finally:
            pair.close()


@pytest.mark.slow
def test_the_relay_killed_and_restarted_mid_session(tmp_path, monkeypatch):
    monkeypatch.setenv("KOFFER_SERVER_ASSIST_CHECK_INTERVAL", "PT1S")
    from sync.server.db import default_database_url

    database_url = default_database_url(tmp_path / "data")
    seed = Seed(database_url).prepare()
    server = ServerProcess(tmp_path / "data", database_url, port=free_port()).start()
    try:
        world = AssistWorld.create(server.url, seed)
        pair = world.pair()
        try:
            pair.verify()
            server.kill()
            first = pair.expert.propose("vorname", "Erika", "laut Ausweis")
            pair.wait_for(lambda: not pair.expert.endpoint.link_up)
            assert pair.owner.proposals == []
            server.start()
            pair.wait_for(lambda: len(pair.owner.proposals) == 1, timeout=60)
            assert pair.owner.proposals[0].id == first
            pair.owner.accept(first)
            pair.wait_for(lambda: pair.expert.answers.get("vorname") == "Erika")
        finally:
            pair.close()
    finally:
        server.stop()


# --- several server processes on PostgreSQL ------------------------------------------------


@pytest.mark.slow
def test_the_relay_spans_two_server_processes_on_postgresql(tmp_path, pg_cluster):
    database_url = pg_cluster.new_database()
    seed = Seed(database_url).prepare()
    one = ServerProcess(tmp_path / "one", database_url).start()
    two = ServerProcess(tmp_path / "two", database_url).start()
    try:
        world = AssistWorld.create(one.url, seed)
        pair = world.pair(owner_url=one.url, expert_url=two.url)
        try:
            for i in range(40):  # a catch-up larger than one NOTIFY payload
                pair.draft.set("vorname" if i == 0 else "familienname", "x" * 400 + str(i))
            pair.verify()
            pair.wait_for(lambda: pair.expert.answers.get("familienname", "").endswith("39"))
            proposal = pair.expert.propose("vorname", "Erika", "laut Ausweis")
            pair.wait_for(lambda: len(pair.owner.proposals) == 1)
            pair.owner.accept(proposal)
            pair.wait_for(lambda: pair.expert.answers.get("vorname") == "Erika")
            pair.expert.comment("Passt.")
            pair.wait_for(lambda: len(pair.owner.comments) == 1)
            pair.owner.end()
            pair.wait_for(lambda: pair.expert.over is not None)
        finally:
            pair.close()
    finally:
        one.stop()
        two.stop()


def test_nothing_waits_for_ever_when_the_laptop_never_comes(world):
    endpoint, opened = open_as_owner(world.laptop(), world.device_id)
    endpoint.close()  # the laptop went away right after opening
    wake = threading.Event()
    e_endpoint, _ = join_as_expert(world.expert(), opened.join_code, wake=wake.set)
    from koffer.assist.expert import ExpertSession

    expert = ExpertSession(e_endpoint)
    try:
        wait_for(lambda: expert.phase is Phase.WAITING, [expert], wake)
        assert not expert.laptop_online
    finally:
        e_endpoint.close()
