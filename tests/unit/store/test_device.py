"""DeviceStore: settings, catalog, manifests, outbox and the hash-chained audit log."""

from __future__ import annotations

import hashlib

import pytest

from koffer.store import DeviceStore, DraftStore, Profile
from koffer.store.device import _entry_hash
from tests.unit.store.conftest import Clock


@pytest.fixture
def device(store: DraftStore, profile: Profile) -> DeviceStore:
    return profile.open_device()


def test_settings_roundtrip(device: DeviceStore) -> None:
    assert device.get_setting("x", 42) == 42
    device.set_setting("x", {"a": [1, "ü"]})
    assert device.get_setting("x") == {"a": [1, "ü"]}
    device.set_setting("x", None)
    assert device.get_setting("x", 42) is None


def test_catalog_versions(device: DeviceStore) -> None:
    device.put_template("wohngeld", "1.0.0", "title: alt\n")
    record = device.put_template("wohngeld", "2.0.0", "title: neu\n")
    device.put_template("wohngeld", "2.0.0", "title: neu\n")  # idempotent
    assert record.sha256 == hashlib.sha256(b"title: neu\n").hexdigest()
    assert device.get_template_text("wohngeld", "1.0.0") == "title: alt\n"
    assert device.get_template_text("wohngeld", "9.9.9") is None
    assert [(t.template_id, t.version) for t in device.list_templates()] == [
        ("wohngeld", "1.0.0"),
        ("wohngeld", "2.0.0"),
    ]


def test_prune_keeps_versions_drafts_use(device: DeviceStore) -> None:
    for version in ("1.0.0", "1.1.0", "2.0.0"):
        device.put_template("wohngeld", version, f"v {version}")
    removed = device.prune_templates(keep={("wohngeld", "1.0.0")}, current={("wohngeld", "2.0.0")})
    assert removed == 1
    assert [t.version for t in device.list_templates()] == ["1.0.0", "2.0.0"]


def test_manifest_sets_catalog_version(device: DeviceStore) -> None:
    assert device.latest_manifest() is None
    device.put_manifest(3, '{"v":3}', "sig3")
    device.put_manifest(4, '{"v":4}', "sig4")
    assert device.latest_manifest() == (4, '{"v":4}', "sig4")
    assert device.get_setting("catalog.version") == 4


def test_outbox_flow(device: DeviceStore, clock: Clock) -> None:
    device.outbox_add(
        "sub-1", "d-1", "wohngeld", "2.0.0", b"jwe", office_id="amt", parts={"a1": ("x", b"p")}
    )
    device.outbox_add("sub-2", "d-2", "wohngeld", "2.0.0", b"jwe2")
    assert device.outbox_count() == 2
    item = device.outbox_items()[0]
    assert (item.submission_id, item.payload, item.parts) == ("sub-1", b"jwe", ["a1"])
    device.outbox_mark_part_uploaded("sub-1", "a1")
    assert device.outbox_part("sub-1", "a1") == ("x", b"p", True)
    device.outbox_mark_failed("sub-1", "timeout")
    assert device.outbox_items()[0].attempts == 1
    device.outbox_mark_sent("sub-1", "srv-1")
    assert device.outbox_count() == 1
    sent = device.outbox_items("sent")[0]
    assert (sent.payload, sent.server_reference, sent.sent_at) == (b"", "srv-1", clock.now)
    assert device.outbox_part("sub-1", "a1") is None
    device.outbox_record_receipt("sub-2", "AZ-1", clock.now)
    assert device.outbox_receipts() == [("d-2", "AZ-1", clock.now)]


def test_sent_is_audited_once_per_submission(device: DeviceStore, clock: Clock) -> None:
    device.outbox_add("sub-1", "d-1", "wohngeld", "2.0.0", b"jwe")
    device.outbox_add("sub-2", "d-2", "wohngeld", "2.0.0", b"jwe2")
    device.outbox_mark_sent("sub-1", "srv-1")
    device.outbox_mark_sent("sub-1", "srv-1")  # a retried pass
    device.outbox_record_receipt("sub-1", "AZ-1", clock.now)
    device.outbox_record_receipt("sub-2", "AZ-2", clock.now)  # its "sent" answer was lost
    sent = [(e.draft_id, e.detail) for e in device.audit_entries() if e.action == "sent"]
    assert sent == [("d-1", "submission=sub-1"), ("d-2", "submission=sub-2")]
    assert device.verify_audit_chain()


def _fill_audit(device: DeviceStore) -> None:
    for action in ("created", "opened", "printed", "sealed", "sent", "shared"):
        device.audit(action, "d-1", "")


def test_audit_chain_intact(device: DeviceStore) -> None:
    _fill_audit(device)
    result = device.verify_audit_chain()
    assert result
    assert result.entries == len(device.audit_entries())


@pytest.mark.parametrize(
    ("tamper", "problem"),
    [
        ("UPDATE audit SET action = 'opened' WHERE seq = 4", "entry altered"),
        ("UPDATE audit SET draft_id = 'd-2' WHERE seq = 3", "entry altered"),
        ("DELETE FROM audit WHERE seq = 3", "entry missing"),
        ("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)", "entries removed at end"),
        ("DELETE FROM audit", "entries removed at end"),
    ],
)
def test_audit_chain_detects_tampering(device: DeviceStore, tamper: str, problem: str) -> None:
    _fill_audit(device)
    device.connection.execute(tamper)
    result = device.verify_audit_chain()
    assert not result
    assert result.problem == problem


def test_audit_rewritten_consistently_still_detected_by_head(device: DeviceStore) -> None:
    """Even recomputing every hash after deleting a row leaves the stored head wrong."""
    _fill_audit(device)
    conn = device.connection
    conn.execute("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)")
    assert not device.verify_audit_chain()
    rows = conn.query("SELECT seq, at, actor, action, draft_id, detail FROM audit ORDER BY seq")
    prev = "0" * 64
    for row in rows:
        digest = _entry_hash(prev, tuple(row))
        conn.execute(
            "UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, row[0])
        )
        prev = digest
    assert device.verify_audit_chain().problem == "entries removed at end"


def test_install_catalog_is_all_or_nothing(device: DeviceStore) -> None:
    device.install_catalog(
        5,
        "{}",
        "sig",
        [("wohngeld", "2.0.0", "title: W"), ("wbs", "1.0.0", "title: B")],
        {"catalog.etag": "e5"},
    )
    assert device.latest_manifest() == (5, "{}", "sig")
    assert device.get_setting("catalog.version") == 5
    assert device.get_setting("catalog.etag") == "e5"
    with pytest.raises(AttributeError):  # a bug half way: the transaction rolls back
        device.install_catalog(6, "{}", "sig6", [("neu", "1.0.0", "t"), ("kaputt", "1.0.0", None)])  # type: ignore[list-item]
    assert device.latest_manifest() == (5, "{}", "sig")
    assert device.get_template_text("neu", "1.0.0") is None


def test_outbox_remove_and_part_types(device: DeviceStore) -> None:
    device.outbox_add(
        "s1",
        "d1",
        "t",
        "1.0.0",
        b"x",
        parts={"b": ("image/png", b"1"), "a": ("application/pdf", b"2")},
    )
    assert device.outbox_part_types("s1") == [("a", "application/pdf"), ("b", "image/png")]
    device.outbox_remove("s1")
    assert device.outbox_items(None) == []
    assert device.outbox_part("s1", "a") is None
