"""device.db: catalog, signed manifests, outbox, audit log, settings.

Keyed with a random key from the keyring only, so `koffer sync` and `koffer status`
can open it without the passphrase. It never holds personal content in readable form:
submissions are sealed (encrypted to the office) before they enter the outbox, and the
audit log names draft ids, never citizens.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from koffer.settings import AUDIT_HEAD, CATALOG_VERSION, DRAFT_COUNTS
from koffer.store._sqlcipher import Connection
from koffer.store.backup_queue import BackupQueue
from koffer.store.models import (
    AuditEntry,
    AuditVerification,
    OutboxItem,
    TemplateRecord,
    from_text,
    to_text,
    utc_now,
)

#: Audit actions the app records (others are allowed, these are the agreed ones).
AUDIT_ACTIONS = frozenset(
    {
        "created",
        "opened",
        "printed",
        "sealed",
        "sent",
        "received",
        "deleted",
        "shared",
        "purged",
        "unsealed",
        "passphrase_changed",
        "wiped",
        "restored",
    }
)
_GENESIS = "0" * 64


def _entry_hash(prev_hash: str, content: tuple[object, ...]) -> str:
    """sha256 over the previous hash and this entry's (seq, at, actor, action, draft, detail)."""
    text = json.dumps(list(content), ensure_ascii=False)
    return hashlib.sha256((prev_hash + text).encode("utf-8")).hexdigest()


class DeviceStore:
    """Access to an open device.db (thread-safe; every write its own transaction)."""

    def __init__(self, conn: Connection, clock: Callable[[], datetime] = utc_now) -> None:
        """Wrap an open, migrated connection."""
        self._conn = conn
        self._clock = clock
        self.actor = ""
        #: the draft backup's queue (ids, times and ciphertext only)
        self.backup = BackupQueue(conn, clock)

    @property
    def connection(self) -> Connection:
        """The underlying connection (tests, integrity checks)."""
        return self._conn

    # -- settings ------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        """The JSON value stored under `key`, else `default`."""
        row = self._conn.query_one("SELECT value FROM settings WHERE key = ?", (key,))
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable `value` under `key`."""
        with self._conn.transaction():
            self._set(key, value)

    def _set(self, key: str, value: Any) -> None:
        self._conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)),
        )

    # -- catalog -------------------------------------------------------------------

    def put_template(self, template_id: str, version: str, yaml_text: str) -> TemplateRecord:
        """Keep a template version (idempotent; a different text for the same version
        replaces it, since the signed manifest is the authority)."""
        digest = hashlib.sha256(yaml_text.encode("utf-8")).hexdigest()
        now = to_text(self._clock())
        with self._conn.transaction():
            self._conn.execute(
                "INSERT INTO templates (template_id, version, yaml_text, sha256, added_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (template_id, version) DO UPDATE SET "
                "yaml_text = excluded.yaml_text, sha256 = excluded.sha256 "
                "WHERE sha256 != excluded.sha256",
                (template_id, version, yaml_text, digest, now),
            )
        record = self.get_template_record(template_id, version)
        assert record is not None
        return record

    def get_template_text(self, template_id: str, version: str) -> str | None:
        """The YAML text of a template version, or None."""
        row = self._conn.query_one(
            "SELECT yaml_text FROM templates WHERE template_id = ? AND version = ?",
            (template_id, version),
        )
        return None if row is None else str(row[0])

    def get_template_record(self, template_id: str, version: str) -> TemplateRecord | None:
        """Id, version and sha256 of a stored template version, or None."""
        row = self._conn.query_one(
            "SELECT template_id, version, sha256, added_at FROM templates "
            "WHERE template_id = ? AND version = ?",
            (template_id, version),
        )
        return None if row is None else TemplateRecord(row[0], row[1], row[2], from_text(row[3]))

    def list_templates(self) -> list[TemplateRecord]:
        """Every stored template version, by id then insertion order."""
        rows = self._conn.query(
            "SELECT template_id, version, sha256, added_at FROM templates "
            "ORDER BY template_id, added_at, version"
        )
        return [TemplateRecord(r[0], r[1], r[2], from_text(r[3])) for r in rows]

    def remove_template(self, template_id: str, version: str) -> None:
        """Drop one template version."""
        with self._conn.transaction():
            self._conn.execute(
                "DELETE FROM templates WHERE template_id = ? AND version = ?",
                (template_id, version),
            )

    def prune_templates(self, keep: set[tuple[str, str]], current: set[tuple[str, str]]) -> int:
        """Drop versions neither in the current catalog nor used by a draft.

        Args:
            keep: (id, version) pairs drafts still use (`DraftStore.template_versions_in_use`).
            current: (id, version) pairs of the current signed catalog.

        Returns:
            How many versions were removed.
        """
        wanted = keep | current
        doomed = [
            (t.template_id, t.version)
            for t in self.list_templates()
            if (t.template_id, t.version) not in wanted
        ]
        with self._conn.transaction():
            for template_id, version in doomed:
                self._conn.execute(
                    "DELETE FROM templates WHERE template_id = ? AND version = ?",
                    (template_id, version),
                )
        return len(doomed)

    # -- signed manifests ------------------------------------------------------------

    def put_manifest(self, version: int, body: str, signature: str) -> None:
        """Keep a verified catalog manifest (the caller checked the signature)."""
        with self._conn.transaction():
            self._conn.execute(
                "INSERT OR REPLACE INTO manifests (version, body, signature, stored_at) "
                "VALUES (?, ?, ?, ?)",
                (version, body, signature, to_text(self._clock())),
            )
            self._set(CATALOG_VERSION.key, version)

    def install_catalog(
        self,
        version: int,
        body: str,
        signature: str,
        templates: list[tuple[str, str, str]],
        settings: dict[str, Any] | None = None,
        *,
        files: list[tuple[str, str, bytes]] | None = None,
    ) -> None:
        """Switch to a verified catalog in ONE transaction: the new (id, version, yaml)
        template files, the new (sha256, media type, bytes) catalog files, the manifest
        and `settings` (e.g. its ETag) land together or not at all, so a crash never
        leaves a manifest naming templates or files that are missing."""
        now = to_text(self._clock())
        with self._conn.transaction():
            for sha256, media_type, data in files or []:
                self._conn.execute(
                    "INSERT OR IGNORE INTO catalog_files (sha256, media_type, data, added_at) "
                    "VALUES (?, ?, ?, ?)",
                    (sha256, media_type, data, now),
                )
            for template_id, template_version, yaml_text in templates:
                digest = hashlib.sha256(yaml_text.encode("utf-8")).hexdigest()
                self._conn.execute(
                    "INSERT INTO templates (template_id, version, yaml_text, sha256, added_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (template_id, version) DO UPDATE SET "
                    "yaml_text = excluded.yaml_text, sha256 = excluded.sha256 "
                    "WHERE sha256 != excluded.sha256",
                    (template_id, template_version, yaml_text, digest, now),
                )
            self._conn.execute(
                "INSERT OR REPLACE INTO manifests (version, body, signature, stored_at) "
                "VALUES (?, ?, ?, ?)",
                (version, body, signature, now),
            )
            self._set(CATALOG_VERSION.key, version)
            for key, value in (settings or {}).items():
                self._set(key, value)

    def has_catalog_file(self, sha256: str) -> bool:
        """Whether the catalog file with this SHA-256 is stored."""
        row = self._conn.query_one("SELECT 1 FROM catalog_files WHERE sha256 = ?", (sha256,))
        return row is not None

    def get_catalog_file(self, sha256: str) -> bytes | None:
        """A catalog file (a form's source PDF, the service directory) by SHA-256, or None."""
        row = self._conn.query_one("SELECT data FROM catalog_files WHERE sha256 = ?", (sha256,))
        return None if row is None else bytes(row[0])

    def latest_manifest(self) -> tuple[int, str, str] | None:
        """(version, body, signature) of the newest manifest, or None."""
        row = self._conn.query_one(
            "SELECT version, body, signature FROM manifests ORDER BY version DESC LIMIT 1"
        )
        return None if row is None else (int(row[0]), str(row[1]), str(row[2]))

    # -- outbox ----------------------------------------------------------------------

    def outbox_add(
        self,
        submission_id: str,
        draft_id: str,
        template_id: str,
        template_version: str,
        payload: bytes,
        *,
        office_id: str = "",
        parts: dict[str, tuple[str, bytes]] | None = None,
    ) -> None:
        """Queue a SEALED submission; `parts` maps part id → (media type, sealed bytes).

        Each part's SHA-512 is taken here, once: the delivery announces it in its PUT
        (`outbox_part_digests`) instead of hashing the megabytes again on every pass.
        """
        digests = {
            part_id: hashlib.sha512(data).hexdigest()
            for part_id, (_, data) in (parts or {}).items()
        }
        with self._conn.transaction():
            self._conn.execute(
                "INSERT INTO outbox (submission_id, draft_id, template_id, template_version, "
                "office_id, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    submission_id,
                    draft_id,
                    template_id,
                    template_version,
                    office_id,
                    payload,
                    to_text(self._clock()),
                ),
            )
            for part_id, (media_type, data) in (parts or {}).items():
                self._conn.execute(
                    "INSERT INTO outbox_parts "
                    "(submission_id, part_id, media_type, payload, sha512) VALUES (?, ?, ?, ?, ?)",
                    (submission_id, part_id, media_type, data, digests[part_id]),
                )

    def outbox_items(self, state: str | None = "pending") -> list[OutboxItem]:
        """Submissions in the outbox (pending ones by default), oldest first."""
        sql = (
            "SELECT submission_id, draft_id, template_id, template_version, office_id, "
            "payload, state, attempts, last_error, server_reference, created_at, sent_at "
            "FROM outbox"
        )
        params: tuple[str, ...] = ()
        if state is not None:
            sql += " WHERE state = ?"
            params = (state,)
        rows = self._conn.query(sql + " ORDER BY created_at, rowid", params)
        items = []
        for r in rows:
            parts = [
                p[0]
                for p in self._conn.query(
                    "SELECT part_id FROM outbox_parts WHERE submission_id = ? ORDER BY part_id",
                    (r[0],),
                )
            ]
            items.append(
                OutboxItem(
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    bytes(r[5]),
                    r[6],
                    r[7],
                    r[8],
                    r[9],
                    from_text(r[10]),
                    None if r[11] is None else from_text(r[11]),
                    parts,
                )
            )
        return items

    def outbox_part(self, submission_id: str, part_id: str) -> tuple[str, bytes, bool] | None:
        """(media type, sealed bytes, uploaded) of one part, or None."""
        row = self._conn.query_one(
            "SELECT media_type, payload, uploaded FROM outbox_parts "
            "WHERE submission_id = ? AND part_id = ?",
            (submission_id, part_id),
        )
        return None if row is None else (str(row[0]), bytes(row[1]), bool(row[2]))

    def outbox_part_types(self, submission_id: str) -> list[tuple[str, str]]:
        """(part id, media type) of a submission's parts, without loading their bytes."""
        rows = self._conn.query(
            "SELECT part_id, media_type FROM outbox_parts WHERE submission_id = ? ORDER BY part_id",
            (submission_id,),
        )
        return [(str(r[0]), str(r[1])) for r in rows]

    def outbox_part_digests(self, submission_id: str) -> dict[str, str]:
        """Part id → hex SHA-512 of its sealed bytes, as taken when it was queued (parts
        queued before schema v4 have none and are missing here)."""
        rows = self._conn.query(
            "SELECT part_id, sha512 FROM outbox_parts "
            "WHERE submission_id = ? AND sha512 IS NOT NULL",
            (submission_id,),
        )
        return {str(r[0]): str(r[1]) for r in rows}

    def outbox_mark_part_uploaded(self, submission_id: str, part_id: str) -> None:
        """Remember that a part reached the server (resumable uploads)."""
        with self._conn.transaction():
            self._conn.execute(
                "UPDATE outbox_parts SET uploaded = 1 WHERE submission_id = ? AND part_id = ?",
                (submission_id, part_id),
            )

    def outbox_mark_failed(self, submission_id: str, error: str) -> None:
        """Count a failed attempt (error text must hold no personal data)."""
        with self._conn.transaction():
            self._conn.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE submission_id = ?",
                (error[:500], submission_id),
            )

    def outbox_mark_sent(self, submission_id: str, server_reference: str | None = None) -> None:
        """The server accepted the submission; its sealed bytes are no longer needed.

        The first time, "sent" goes into the audit log in the same transaction.
        """
        with self._conn.transaction():
            self._audit_sent(submission_id)
            self._conn.execute(
                "UPDATE outbox SET state = 'sent', sent_at = ?, server_reference = ?, "
                "payload = X'' WHERE submission_id = ?",
                (to_text(self._clock()), server_reference, submission_id),
            )
            self._conn.execute("DELETE FROM outbox_parts WHERE submission_id = ?", (submission_id,))

    def _audit_sent(self, submission_id: str) -> None:
        """Audit "sent" for a submission not marked sent yet (inside a transaction)."""
        row = self._conn.query_one(
            "SELECT draft_id FROM outbox WHERE submission_id = ? AND sent_at IS NULL",
            (submission_id,),
        )
        if row is not None:
            self._append_audit("sent", str(row[0]), f"submission={submission_id}")

    def outbox_record_receipt(
        self, submission_id: str, reference: str, received_at: datetime
    ) -> None:
        """Keep the town hall's receipt until the drafts store applies it (`koffer sync`
        runs without the passphrase, so it cannot write drafts.db itself).

        A delivered application needs no backup any more: its draft's backup record is
        deleted on the server at the next pass (Art. 17 GDPR), even while locked.
        """
        with self._conn.transaction(), self._conn.overwriting_only_written_pages():
            self._audit_sent(submission_id)  # a receipt for what was never marked sent
            self._conn.execute(
                "UPDATE outbox SET state = 'sent', server_reference = ?, received_at = ?, "
                "sent_at = coalesce(sent_at, ?), payload = X'' WHERE submission_id = ?",
                (reference, to_text(received_at), to_text(self._clock()), submission_id),
            )
            self._conn.execute("DELETE FROM outbox_parts WHERE submission_id = ?", (submission_id,))
            row = self._conn.query_one(
                "SELECT draft_id FROM outbox WHERE submission_id = ?", (submission_id,)
            )
        if row is not None:
            self.backup.forget(str(row[0]))

    def outbox_receipts(self) -> list[tuple[str, str, datetime]]:
        """(draft id, reference, received at) of every submission with a receipt."""
        rows = self._conn.query(
            "SELECT draft_id, server_reference, received_at FROM outbox "
            "WHERE received_at IS NOT NULL AND server_reference IS NOT NULL"
        )
        return [(str(r[0]), str(r[1]), from_text(r[2])) for r in rows]

    def outbox_remove(self, submission_id: str) -> None:
        """Drop a queued submission (it was refused and its draft goes back to editing)."""
        with self._conn.transaction():
            self._conn.execute("DELETE FROM outbox_parts WHERE submission_id = ?", (submission_id,))
            self._conn.execute("DELETE FROM outbox WHERE submission_id = ?", (submission_id,))

    def outbox_count(self) -> int:
        """How many submissions wait to be sent."""
        row = self._conn.query_one("SELECT count(*) FROM outbox WHERE state = 'pending'")
        return int(row[0]) if row else 0

    # -- audit -----------------------------------------------------------------------

    def audit(self, action: str, draft_id: str | None = None, detail: str = "") -> AuditEntry:
        """Append a hash-chained audit entry. `detail` must hold no personal content."""
        with self._conn.transaction():
            return self._append_audit(action, draft_id, detail)

    def audit_each(self, action: str, draft_ids: list[str]) -> None:
        """One entry per draft, in ONE transaction (a restore of many drafts)."""
        with self._conn.transaction():
            for draft_id in draft_ids:
                self._append_audit(action, draft_id, "")

    def _append_audit(self, action: str, draft_id: str | None, detail: str) -> AuditEntry:
        last = self._conn.query_one("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
        seq = 1 if last is None else int(last[0]) + 1
        prev = _GENESIS if last is None else str(last[1])
        at = to_text(self._clock())
        digest = _entry_hash(prev, (seq, at, self.actor, action, draft_id, detail))
        self._conn.execute(
            "INSERT INTO audit (seq, at, actor, action, draft_id, detail, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, at, self.actor, action, draft_id, detail, prev, digest),
        )
        self._set(AUDIT_HEAD.key, {"seq": seq, "hash": digest})
        return AuditEntry(seq, from_text(at), self.actor, action, draft_id, detail)

    def audit_entries(self, draft_id: str | None = None) -> list[AuditEntry]:
        """The audit log (of one draft, or all), oldest first."""
        sql = "SELECT seq, at, actor, action, draft_id, detail FROM audit"
        params: tuple[str, ...] = ()
        if draft_id is not None:
            sql += " WHERE draft_id = ?"
            params = (draft_id,)
        rows = self._conn.query(sql + " ORDER BY seq", params)
        return [AuditEntry(r[0], from_text(r[1]), r[2], r[3], r[4], r[5]) for r in rows]

    def verify_audit_chain(self) -> AuditVerification:
        """Recompute the chain: an altered, removed or appended-behind-our-back row shows.

        Each row's hash covers the previous hash and its own content; the newest hash
        and sequence number are also kept in settings (same transaction), so cutting
        rows off the end is detected too.
        """
        rows = self._conn.query(
            "SELECT seq, at, actor, action, draft_id, detail, prev_hash, hash "
            "FROM audit ORDER BY seq"
        )
        prev = _GENESIS
        expected_seq = 1
        for seq, at, actor, action, draft_id, detail, prev_hash, digest in rows:
            if seq != expected_seq:
                return AuditVerification(False, len(rows), expected_seq, "entry missing")
            if prev_hash != prev:
                return AuditVerification(False, len(rows), seq, "chain broken")
            if _entry_hash(prev, (seq, at, actor, action, draft_id, detail)) != digest:
                return AuditVerification(False, len(rows), seq, "entry altered")
            prev = digest
            expected_seq += 1
        head = AUDIT_HEAD.read(self)
        if head is None and rows:
            return AuditVerification(False, len(rows), None, "head missing")
        if head is not None and (head.get("seq") != len(rows) or head.get("hash") != prev):
            return AuditVerification(False, len(rows), len(rows) + 1, "entries removed at end")
        return AuditVerification(True, len(rows))

    # -- status counters -------------------------------------------------------------

    def draft_counts(self) -> dict[str, int]:
        """Drafts by status as last written by the drafts store (non-personal)."""
        value = DRAFT_COUNTS.read(self)
        return {str(k): int(v) for k, v in value.items()}

    def close(self) -> None:
        """Close device.db."""
        self._conn.close()
