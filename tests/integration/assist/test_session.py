"""A whole session over the real relay: open, join, verify, point, propose, decide, end."""

from __future__ import annotations

import pytest

from koffer.assist import owner as ow
from koffer.assist.events import Ended, Notice
from sync.assist.endpoint import Phase
from sync.protocol import (
    AttachmentRequest,
    FinaliseRequest,
    OpenDraftRequest,
    PrintRequest,
    SignRequest,
)
from tests.helpers.assist import WOHNGELD, MemoryDraft, real_draft

pytestmark = pytest.mark.integration


def test_worker_and_expert_fill_a_draft_together(world, tmp_path):
    with real_draft(tmp_path) as draft:
        _together(world, draft)


def _together(world, draft):
    """The session over a real draft (real store, real editor, the device's audit log)."""
    device = draft.workspace.device
    pair = world.pair(draft, audit=device)
    try:
        owner, expert = pair.owner, pair.expert
        pair.wait_for(lambda: owner.phase is Phase.VERIFY and expert.phase is Phase.VERIFY)
        assert owner.expert_name == "Frau Becker"
        pair.verify()
        assert expert.template is not None
        assert expert.template.id == "wohngeld-mietzuschuss"

        # the worker types; the expert sees it
        from koffer.drafting.actors import Actor
        from koffer.drafting.editor import SetAnswer

        draft.editor.apply(SetAnswer("geburtsname", "Schulz"), Actor.worker("Petra Feld"))
        owner.draft_changed()
        pair.wait_for(lambda: expert.answers.get("geburtsname") == "Schulz")

        # pointing
        expert.point("vorname")
        pair.wait_for(lambda: any(isinstance(e, ow.Pointed) for e in pair.events))
        pointed = next(e for e in pair.events if isinstance(e, ow.Pointed))
        assert pointed.path == "vorname"
        assert pointed.label == pair.draft.label("vorname")

        # two proposals: one accepted, one rejected
        first = expert.propose("vorname", "Erika Maria", "laut Ausweis")
        second = expert.propose("familienname", "Musterfrau", "Tippfehler?")
        pair.wait_for(lambda: len(owner.proposals) == 2)
        owner.accept(first)
        owner.reject(second, "stimmt so")
        pair.wait_for(
            lambda: (
                expert.proposals.get(first, {}).get("status") == "accepted"
                and expert.proposals.get(second, {}).get("status") == "rejected"
            )
        )
        stored = draft.workspace.drafts.get_draft(draft.draft_id).answers
        assert stored["vorname"] == "Erika Maria"
        assert stored["familienname"] == "Mustermann"
        pair.wait_for(lambda: expert.answers.get("vorname") == "Erika Maria")
        entries = device.audit_entries(draft.draft_id)
        accepted = [e.detail for e in entries if e.action == "assist.accepted"]
        assert accepted == ["path=vorname by=expert:Frau Becker"]

        # comments both ways
        expert.comment("Bitte noch die Mietbescheinigung beilegen.")
        owner.comment("Mache ich.")
        pair.wait_for(lambda: len(expert.comments) == 2 and len(owner.comments) == 2)
        assert {c["by"] for c in expert.comments} == {"expert", "worker"}

        # the worker ends the session; the expert's copy is gone
        owner.end()
        pair.wait_for(lambda: expert.over is not None)
        assert expert.answers == {}
        assert expert.template is None
        actions = [e.action for e in device.audit_entries(draft.draft_id)]
        actions = [a for a in actions if a.startswith("assist.")]
        assert actions[:2] == ["assist.consent", "assist.started"]
        assert actions.index("assist.verified") < actions.index("assist.accepted")
        assert actions[-1] == "assist.ended"
    finally:
        pair.close()


@pytest.mark.parametrize(
    "message",
    [
        SignRequest(),
        FinaliseRequest(),
        PrintRequest(),
        OpenDraftRequest(draft_id="d-other"),
        AttachmentRequest(attachment_id="a1"),
    ],
    ids=lambda m: m.kind,
)
def test_the_laptop_refuses_what_an_expert_may_not_do(world, message):
    pair = world.pair()
    try:
        pair.wait_for(lambda: pair.owner.phase is Phase.VERIFY)
        pair.verify()
        before = dict(pair.draft.answers())
        pair.expert.send_raw(message)
        pair.wait_for(lambda: bool(pair.expert.refusals))
        assert pair.expert.refusals[0].refused_kind == message.kind
        assert any(isinstance(e, Notice) for e in pair.events)
        assert pair.draft.answers() == before
        assert ("assist.refused", "d-memory", f"kind={message.kind}") in pair.audit.entries
        assert not pair.draft.applied
    finally:
        pair.close()


def test_nothing_is_shared_before_the_worker_confirms_the_code(world):
    pair = world.pair()
    try:
        pair.draft.set("familienname", "Mustermann")
        pair.wait_for(
            lambda: pair.owner.phase is Phase.VERIFY and pair.expert.phase is Phase.VERIFY
        )
        pair.events += pair.expert.confirm_code()
        pair.expert.propose("vorname", "Erika", "laut Ausweis")
        pair.owner.draft_changed()
        # the expert's proposal reaches the laptop but waits; nothing of the draft leaves
        pair.wait_for(lambda: pair.expert.endpoint.channel.unacknowledged == 0)  # type: ignore[union-attr]
        assert pair.owner.proposals == []
        assert pair.expert.answers == {}
        pair.events += pair.owner.confirm_code()
        pair.wait_for(lambda: len(pair.owner.proposals) == 1)
        pair.wait_for(lambda: pair.expert.answers.get("familienname") == "Mustermann")
    finally:
        pair.close()


def test_a_code_mismatch_ends_the_session_with_nothing_shared(world):
    pair = world.pair()
    try:
        pair.draft.set("familienname", "Mustermann")
        pair.wait_for(lambda: pair.owner.phase is Phase.VERIFY)
        pair.events += pair.owner.reject_code()
        pair.wait_for(lambda: pair.expert.over is not None)
        assert pair.owner.over is not None
        assert "assist.verification_failed" in pair.audit.actions()
        assert pair.expert.answers == {}
        ended = [e for e in pair.events if isinstance(e, Ended)]
        assert ended
    finally:
        pair.close()


def test_only_the_shared_attachment_reaches_the_expert_whole(world):
    import os

    from koffer.assist.shared import SharedFile

    draft = MemoryDraft(WOHNGELD.read_text(encoding="utf-8"))
    data = os.urandom(300_000)  # three file parts
    draft.files = {"a1": data, "a2": b"not shared"}
    shared = {"a1": SharedFile("a1", "mietvertrag.pdf", "application/pdf", len(data), "x")}
    pair = world.pair(draft, shared_files=shared)
    try:
        pair.verify()
        pair.wait_for(lambda: pair.expert.file("a1") is not None)
        assert pair.expert.file("a1") == data
        assert pair.expert.file("a2") is None
        assert set(pair.expert.view["files"]) == {"a1"}
        pair.owner.end()
        pair.wait_for(lambda: pair.expert.over is not None)
        assert pair.expert.file("a1") is None  # dropped with the session
    finally:
        pair.close()
