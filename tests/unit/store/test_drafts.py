"""DraftStore: answers, rows, status, search, attachments, signatures, retention."""

from __future__ import annotations

import hashlib
import threading
from datetime import timedelta

import pytest

from koffer.settings import DRAFT_COUNTS, RETENTION_DAYS
from koffer.store import (
    AttachmentTooLarge,
    DraftLocked,
    DraftNotFound,
    DraftStatus,
    DraftStore,
    Profile,
)
from koffer.store.drafts import search_terms
from tests.unit.store.conftest import Clock

SHA = "ab" * 32


def test_create_and_get_draft(store: DraftStore, clock: Clock) -> None:
    draft = store.create_draft("wohngeld", "2.0.0", " Max Müller ", form_title="Wohngeld")
    got = store.get_draft(draft.id)
    assert got.citizen_name == "Max Müller"
    assert got.status is DraftStatus.DRAFT
    assert got.answers == {}
    assert got.created_at == clock.now
    assert got.created_at.tzinfo is not None
    assert got.form_title == "Wohngeld"


def test_set_answer_paths_and_updated_at(store: DraftStore, clock: Clock) -> None:
    draft = store.create_draft("wohngeld", "2.0.0")
    clock.advance(minutes=5)
    store.set_answer(draft.id, "name", "Anna")
    store.set_answer(draft.id, "haushalt[1].einkommen", "1200.50")
    store.set_answer(draft.id, "kinder", 2)
    got = store.get_draft(draft.id)
    assert got.answers == {
        "name": "Anna",
        "haushalt": [{}, {"einkommen": "1200.50"}],
        "kinder": 2,
    }
    assert got.updated_at == clock.now


def test_set_answer_rejects_bad_path_and_unknown_draft(store: DraftStore) -> None:
    draft = store.create_draft("wohngeld", "2.0.0")
    with pytest.raises(ValueError):
        store.set_answer(draft.id, "Haushalt[x]", 1)
    with pytest.raises(DraftNotFound):
        store.set_answer("nope", "name", "x")


def test_group_rows(store: DraftStore) -> None:
    draft = store.create_draft("wohngeld", "2.0.0")
    assert store.add_group_row(draft.id, "haushalt") == 0
    assert store.add_group_row(draft.id, "haushalt", {"freibetrag": False}) == 1
    store.set_answer(draft.id, "haushalt[0].name", "A")
    store.set_answer(draft.id, "haushalt[1].name", "B")
    store.remove_group_row(draft.id, "haushalt", 0)
    assert store.get_draft(draft.id).answers["haushalt"] == [{"freibetrag": False, "name": "B"}]
    with pytest.raises(ValueError):
        store.remove_group_row(draft.id, "haushalt", 5)


def test_removing_a_row_removes_its_attachments(store: DraftStore) -> None:
    draft = store.create_draft("wohngeld", "2.0.0")
    store.add_group_row(draft.id, "haushalt")
    info = store.add_attachment(draft.id, "haushalt[0].beleg", "b.pdf", "application/pdf", b"1")
    store.remove_group_row(draft.id, "haushalt", 0)
    assert store.list_attachments(draft.id) == []
    with pytest.raises(DraftNotFound):
        store.get_attachment_data(info.id)


def test_set_answers_replaces_everything(store: DraftStore) -> None:
    draft = store.create_draft("wohngeld", "2.0.0")
    store.set_answer(draft.id, "alt", "x")
    store.set_answers(draft.id, {"neu": True})
    assert store.get_draft(draft.id).answers == {"neu": True}


def test_status_change_is_compare_and_set_and_finalised_answers_are_locked(
    store: DraftStore,
) -> None:
    draft = store.create_draft("wohngeld", "2.0.0")
    assert store.set_status(draft.id, "signed", expected={DraftStatus.DRAFT}) is DraftStatus.DRAFT
    with pytest.raises(DraftLocked):
        store.set_status(draft.id, DraftStatus.SEALED, expected={DraftStatus.DRAFT})
    assert store.get_draft(draft.id).status is DraftStatus.SIGNED
    store.set_status(draft.id, DraftStatus.SEALED, expected={DraftStatus.SIGNED})
    with pytest.raises(DraftLocked) as err:
        store.set_answer(draft.id, "name", "x")
    assert "abgeschlossen" in err.value.user_message
    store.set_status(draft.id, DraftStatus.AWAITING_KEY)
    with pytest.raises(DraftLocked):
        store.set_answer(draft.id, "name", "x")


def test_completeness_is_clamped_and_does_not_touch_updated_at(
    store: DraftStore, clock: Clock
) -> None:
    draft = store.create_draft("wohngeld", "2.0.0")
    clock.advance(hours=1)
    store.set_completeness(draft.id, 1.7)
    got = store.get_draft(draft.id)
    assert got.completeness == 1.0
    assert got.updated_at == draft.updated_at


@pytest.fixture
def three(store: DraftStore, clock: Clock) -> dict[str, str]:
    ids = {}
    for name, title in [
        ("Max Müller", "Wohngeldantrag"),
        ("Jo Li", "Grundsicherung im Alter"),
        ("Erika Weiß-Öztürk", "Schwerbehindertenausweis"),
    ]:
        clock.advance(minutes=1)
        ids[name] = store.create_draft("t", "1.0.0", name, form_title=title).id
    return ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Erika Weiß-Öztürk", "Jo Li", "Max Müller"]),
        ("muller", ["Max Müller"]),
        ("MÜLL antrag", ["Max Müller"]),
        ("ozturk", ["Erika Weiß-Öztürk"]),
        ("behinderten", ["Erika Weiß-Öztürk"]),
        ("li", ["Jo Li"]),
        ("alter jo", ["Jo Li"]),
        ("müller grundsicherung", []),
        ('" OR * NEAR(', []),
    ],
)
def test_search(store: DraftStore, three: dict[str, str], query: str, expected: list[str]) -> None:
    assert [d.citizen_name for d in store.list_drafts(query)] == expected


def test_search_follows_renames_and_deletes(store: DraftStore, three: dict[str, str]) -> None:
    store.set_citizen_name(three["Jo Li"], "Hans Berg")
    assert store.list_drafts("jo li") == []
    assert [d.citizen_name for d in store.list_drafts("berg")] == ["Hans Berg"]
    store.delete_draft(three["Jo Li"])
    assert store.list_drafts("berg") == []


def test_list_by_status(store: DraftStore, three: dict[str, str]) -> None:
    store.set_status(three["Jo Li"], "signed")
    assert [d.citizen_name for d in store.list_drafts(status="signed")] == ["Jo Li"]
    assert [d.citizen_name for d in store.list_drafts("li", status=DraftStatus.DRAFT)] == []


def test_stale_flag_after_30_days(store: DraftStore, clock: Clock, profile: Profile) -> None:
    old = store.create_draft("t", "1.0.0", "Alt")
    clock.advance(days=20)
    fresh = store.create_draft("t", "1.0.0", "Neu")
    clock.advance(days=11)
    flags = {d.id: d.flagged_stale for d in store.list_drafts()}
    assert flags == {old.id: True, fresh.id: False}
    store.set_answer(old.id, "x", 1)
    assert not any(d.flagged_stale for d in store.list_drafts())


def test_delete_draft(store: DraftStore) -> None:
    draft = store.create_draft("t", "1.0.0", "Weg")
    store.add_attachment(draft.id, "a", "a.txt", "text/plain", b"abc")
    store.delete_draft(draft.id)
    with pytest.raises(DraftNotFound):
        store.get_draft(draft.id)
    assert store.connection.query("SELECT count(*) FROM attachment_data") == [(0,)]
    with pytest.raises(DraftNotFound):
        store.delete_draft(draft.id)


def test_attachments(store: DraftStore) -> None:
    draft = store.create_draft("t", "1.0.0")
    data = b"%PDF-1.7 beispiel"
    info = store.add_attachment(draft.id, "nachweise", "miete.pdf", "application/pdf", data)
    second = store.add_attachment(draft.id, "nachweise", "lohn.pdf", "application/pdf", b"2")
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert info.size == len(data)
    assert store.get_attachment_data(info.id) == data
    assert store.get_draft(draft.id).answers["nachweise"] == [info.id, second.id]
    assert [a.filename for a in store.list_attachments(draft.id)] == ["miete.pdf", "lohn.pdf"]
    store.remove_attachment(info.id)
    assert store.get_draft(draft.id).answers["nachweise"] == [second.id]
    with pytest.raises(DraftNotFound):
        store.get_attachment_data(info.id)


def test_attachment_size_limit(store: DraftStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("koffer.store.attachments.MAX_ATTACHMENT_BYTES", 10)
    draft = store.create_draft("t", "1.0.0")
    with pytest.raises(AttachmentTooLarge) as err:
        store.add_attachment(draft.id, "a", "gross.jpg", "image/jpeg", b"x" * 11)
    assert "50 MB" in err.value.user_message
    assert store.list_attachments(draft.id) == []


def test_signature_roundtrip_and_replace(store: DraftStore) -> None:
    draft = store.create_draft("t", "1.0.0")
    strokes = [[[0.0, 0.0, 0.5], [10.5, 3.25, 0.7]], [[1.0, 1.0]]]
    first = store.save_signature(draft.id, "unterschrift", strokes, b"\x89PNG1", SHA)
    second = store.save_signature(draft.id, "unterschrift", strokes[:1], b"\x89PNG2", "cd" * 32)
    got = store.get_signature(draft.id, "unterschrift")
    assert got is not None
    assert got.id == second.id != first.id
    assert got.strokes == strokes[:1]
    assert got.png == b"\x89PNG2"
    assert got.content_sha256 == "cd" * 32
    assert store.get_draft(draft.id).answers["unterschrift"] == second.id
    store.clear_signature(draft.id, "unterschrift")
    assert store.get_signature(draft.id, "unterschrift") is None
    assert store.get_draft(draft.id).answers["unterschrift"] is None


def test_signature_needs_a_sha256(store: DraftStore) -> None:
    draft = store.create_draft("t", "1.0.0")
    with pytest.raises(ValueError):
        store.save_signature(draft.id, "u", [], b"png", "not-a-hash")


def test_visits(store: DraftStore, clock: Clock) -> None:
    later = store.add_visit("B", clock.now + timedelta(days=2), address="Weg 2")
    sooner = store.add_visit("A", clock.now + timedelta(days=1), note="klingeln")
    store.add_visit("ohne Termin")
    assert [v.citizen_name for v in store.list_visits()] == ["A", "B", "ohne Termin"]
    draft = store.create_draft("t", "1.0.0", "A")
    store.set_visit_done(sooner.id, draft_id=draft.id)
    assert [v.id for v in store.list_visits(include_done=False)] == [
        later.id,
        store.list_visits()[2].id,
    ]
    store.remove_visit(later.id)
    assert len(store.list_visits()) == 2


def test_print_queue(store: DraftStore, profile: Profile) -> None:
    draft = store.create_draft("t", "1.0.0")
    job = store.enqueue_print(
        b"%PDF", printer="Reise", options={"sides": "one-sided"}, draft_id=draft.id, title="Kopie"
    )
    assert store.get_print_pdf(job.id) == b"%PDF"
    store.set_print_state(job.id, "printing")
    store.set_print_state(job.id, "failed", "kein Papier")
    failed = store.list_print_jobs("failed")
    assert [(j.attempts, j.last_error, j.options) for j in failed] == [
        (1, "kein Papier", {"sides": "one-sided"})
    ]
    store.set_print_state(job.id, "done")
    assert store.get_print_pdf(job.id) == b""
    actions = [e.action for e in profile.open_device().audit_entries(draft.id)]
    assert "printed" in actions


def test_counts_published_to_device(store: DraftStore, profile: Profile) -> None:
    a = store.create_draft("t", "1.0.0")
    store.create_draft("t", "1.0.0")
    store.set_status(a.id, "signed")
    device = profile.open_device()
    assert DRAFT_COUNTS.read(device) == {"draft": 1, "signed": 1, "stale": 0}
    store.delete_draft(a.id)
    assert device.draft_counts() == {"draft": 1, "stale": 0}


def test_audit_trail_of_a_draft(store: DraftStore, profile: Profile) -> None:
    draft = store.create_draft("t", "1.0.0", "Geheim Name")
    store.set_status(draft.id, "sealed", action="sealed")
    store.set_status(draft.id, "sent", action="sent", detail="submission=s-1")
    store.delete_draft(draft.id)
    entries = profile.open_device().audit_entries(draft.id)
    assert [e.action for e in entries] == ["created", "sealed", "sent", "deleted"]
    assert entries[2].detail == "sealed->sent submission=s-1"
    assert all(e.actor == "Erika Mustermann" for e in entries)
    assert not any("Geheim" in e.detail for e in entries)


def _received(store: DraftStore, clock: Clock) -> str:
    draft = store.create_draft("t", "1.0.0", "Empfangen")
    store.set_status(draft.id, "sealed")
    store.set_status(draft.id, "sent")
    store.record_receipt(draft.id, "AZ-2026-17", clock.now)
    return draft.id


def test_receipt_default_retention_purges_at_once(store: DraftStore, clock: Clock) -> None:
    draft_id = _received(store, clock)
    got = store.get_draft(draft_id)
    assert (got.status, got.reference) == (DraftStatus.RECEIVED, "AZ-2026-17")
    kept = store.create_draft("t", "1.0.0", "Bleibt")
    assert store.purge_expired(clock.now) == [draft_id]
    assert [d.id for d in store.list_drafts()] == [kept.id]


def test_configured_retention(store: DraftStore, clock: Clock, profile: Profile) -> None:
    RETENTION_DAYS.write(profile.open_device(), 7)
    draft_id = _received(store, clock)
    assert store.purge_expired(clock.now + timedelta(days=6)) == []
    assert store.purge_expired(clock.now + timedelta(days=7)) == [draft_id]


def test_receipt_needs_a_sealed_draft(store: DraftStore, clock: Clock) -> None:
    draft = store.create_draft("t", "1.0.0")
    with pytest.raises(DraftLocked):
        store.record_receipt(draft.id, "AZ", clock.now)
    assert store.get_draft(draft.id).reference is None


def test_form_title_from_device_catalog(store: DraftStore, profile: Profile) -> None:
    profile.open_device().put_template("wohngeld", "2.0.0", "id: wohngeld\ntitle: Wohngeld\n")
    draft = store.create_draft("wohngeld", "2.0.0", "A")
    assert store.get_draft(draft.id).form_title == "Wohngeld"
    assert store.template_versions_in_use() == {("wohngeld", "2.0.0")}


def test_search_terms_quote_user_input() -> None:
    assert search_terms('Mül "x" AND ab') == ('"Mül" "AND"', ["x", "ab"])


def test_integrity_clean(store: DraftStore) -> None:
    store.create_draft("t", "1.0.0")
    assert store.integrity_problems() == []


def test_seal_queues_the_submission_once(store: DraftStore, profile: Profile) -> None:
    draft = store.create_draft("wohngeld", "2.0.0", "A")
    store.set_status(draft.id, "signed")
    first = store.seal(
        draft.id,
        "sub-1",
        b"jwe",
        template_version="2.0.0",
        office_id="amt",
        parts={"p1": ("x", b"1")},
    )
    store.set_status(draft.id, "signed")  # as if the process died before the status
    again = store.seal(draft.id, "sub-2", b"jwe", template_version="2.0.0", office_id="amt")
    assert (first, again) == (True, False)  # retried: no second submission
    device = profile.open_device()
    items = device.outbox_items()
    assert [(i.submission_id, i.office_id, i.parts) for i in items] == [("sub-1", "amt", ["p1"])]
    assert store.get_draft(draft.id).status is DraftStatus.SEALED
    assert device.draft_counts()["sealed"] == 1
    with pytest.raises(DraftLocked):
        store.set_answer(draft.id, "x", 1)


def test_writes_from_several_threads(store: DraftStore) -> None:
    """The UI's worker pool calls the store from different threads."""
    draft = store.create_draft("t", "1.0.0")
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(15):
                store.set_answer(draft.id, f"t{n}_{i}", i)
                store.list_drafts("x")
        except Exception as exc:  # noqa: BLE001 (collected and asserted below)
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    answers = store.get_draft(draft.id).answers
    assert answers == {f"t{n}_{i}": i for n in range(4) for i in range(15)}
