"""drafts.db: everything personal — drafts, answers, attachments, signatures, visits,
the offline print queue.

Every public write is ONE small committed transaction (`synchronous=FULL` in WAL
mode), so each typed answer survives a killed process or a dead battery the moment the
call returns. Answers are kept as one JSON document per draft: a draft has at most a
few hundred answers (a few KB), rewriting that document is far below the cost of the
fsync, and it keeps repeat-group rows (add, remove, reorder) trivially consistent.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from forms.paths import set_value
from koffer.settings import DRAFT_COUNTS, RETENTION_DAYS
from koffer.store._base import dumps
from koffer.store._sqlcipher import Connection
from koffer.store.attachments import AttachmentsMixin
from koffer.store.backup_key import BackupKeyMixin
from koffer.store.device import DeviceStore
from koffer.store.errors import (
    DatabaseDamaged,
    DraftLocked,
    DraftNotFound,
)
from koffer.store.models import (
    STALE_AFTER,
    Draft,
    DraftStatus,
    DraftSummary,
    from_text,
    to_text,
    utc_now,
)
from koffer.store.print_queue import PrintQueueMixin
from koffer.store.snapshots import DraftSnapshot, SnapshotsMixin
from koffer.store.visits import VisitsMixin

if TYPE_CHECKING:
    from forms.model import Answers, AnswerValue

#: WAL pages between checkpoints in `bulk_writes` when it stays in WAL mode: 64 MB.
RESTORE_CHECKPOINT_PAGES = 16384
_MAX_QUERY_TOKENS = 12
_DRAFT_COLUMNS = (
    "d.id, d.template_id, d.template_version, d.citizen_name, d.status, a.doc, "
    "d.created_at, d.updated_at, d.completeness, d.reference, d.form_title, d.received_at"
)
_SUMMARY_COLUMNS = (
    "id, template_id, template_version, form_title, citizen_name, status, updated_at, completeness"
)
#: Statuses whose drafts are still being worked on (the "stale" count, `koffer status`).
_OPEN = ("draft", "signed")


#: A top-level field id of a template (`forms.model.Identifier`).
_FIELD_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")


def search_terms(text: str) -> tuple[str, list[str]]:
    """What a user typed, as (FTS5 MATCH expression, words too short for it).

    Every word of three or more characters must occur somewhere in the citizen name or
    form title (trigram index, so also inside compound words); words are quoted, so
    FTS5 operators typed by a user ("OR", "-", "*") are plain text. Shorter words are
    matched with LIKE on the (few) rows the index left.
    """
    words = re.findall(r"\w+", text)[:_MAX_QUERY_TOKENS]
    long_words = [w for w in words if len(w) >= 3]
    return " ".join(f'"{w}"' for w in long_words), [w for w in words if len(w) < 3]


class DraftStore(AttachmentsMixin, VisitsMixin, PrintQueueMixin, SnapshotsMixin, BackupKeyMixin):
    """Access to an open drafts.db (thread-safe).

    The device store, when given, receives the audit entries and the non-personal
    counters of drafts by status that `koffer status` shows without the passphrase,
    and learns of every draft that leaves drafts.db, so its backup record is deleted
    on the town-hall server too.
    """

    def __init__(
        self,
        conn: Connection,
        device: DeviceStore | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        """Wrap an open, migrated drafts.db connection."""
        self._conn = conn
        self._device = device
        self._clock = clock
        self._opened: set[str] = set()

    @property
    def connection(self) -> Connection:
        """The underlying connection (tests, integrity checks)."""
        return self._conn

    @property
    def closed(self) -> bool:
        """Whether the store was closed (idle lock)."""
        return self._conn.closed

    # -- drafts ----------------------------------------------------------------------

    def create_draft(
        self,
        template_id: str,
        template_version: str,
        citizen_name: str = "",
        *,
        form_title: str = "",
        answers: Answers | None = None,
    ) -> Draft:
        """Start a draft of a template version.

        Args:
            form_title: title shown in the list and searched; looked up in the device
                catalog when empty.
            answers: initial answers (e.g. template defaults or a copied draft).
        """
        draft_id = str(uuid.uuid4())
        now = to_text(self._clock())
        title = form_title or self._title_from_catalog(template_id, template_version)
        with self._conn.transaction():
            self._conn.execute(
                "INSERT INTO drafts (id, template_id, template_version, citizen_name, "
                "status, created_at, updated_at, form_title) "
                "VALUES (?, ?, ?, ?, 'draft', ?, ?, ?)",
                (draft_id, template_id, template_version, citizen_name.strip(), now, now, title),
            )
            self._conn.execute(
                "INSERT INTO draft_answers (draft_id, doc) VALUES (?, ?)",
                (draft_id, dumps(answers or {})),
            )
        self._audit("created", draft_id, f"{template_id}@{template_version}")
        self._opened.add(draft_id)
        self._publish_counts()
        return self.get_draft(draft_id)

    def _title_from_catalog(self, template_id: str, version: str) -> str:
        if self._device is None:
            return ""
        text = self._device.get_template_text(template_id, version)
        if text is None:
            return ""
        import yaml  # only here: creating a draft without a title is rare

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            return ""
        title = data.get("title") if isinstance(data, dict) else None
        return title.strip() if isinstance(title, str) else ""

    def get_draft(self, draft_id: str) -> Draft:
        """The draft with its answers; the first open per session is audited."""
        row = self._conn.query_one(
            f"SELECT {_DRAFT_COLUMNS} FROM drafts d "  # noqa: S608 (constant)
            "LEFT JOIN draft_answers a ON a.draft_id = d.id WHERE d.id = ?",
            (draft_id,),
        )
        if row is None:
            raise DraftNotFound(f"draft {draft_id}")
        if draft_id not in self._opened:
            self._opened.add(draft_id)
            self._audit("opened", draft_id)
        return Draft(
            id=row[0],
            template_id=row[1],
            template_version=row[2],
            citizen_name=row[3],
            status=DraftStatus(row[4]),
            answers=json.loads(row[5] or "{}"),
            created_at=from_text(row[6]),
            updated_at=from_text(row[7]),
            completeness=float(row[8]),
            reference=row[9],
            form_title=row[10],
            received_at=None if row[11] is None else from_text(row[11]),
        )

    def set_answer(self, draft_id: str, path: str, value: AnswerValue) -> None:
        """Store one answer durably (its own committed transaction).

        Args:
            path: "name" or "haushalt[1].einkommen" (rows up to the index are created).
        """
        with self._conn.transaction():
            answers = self._editable_answers(draft_id)
            self._write_answers(draft_id, set_value(answers, path, value))

    def set_answers(self, draft_id: str, answers: Answers) -> None:
        """Replace all answers at once (template migration, undo)."""
        with self._conn.transaction():
            self._editable_answers(draft_id)
            self._write_answers(draft_id, answers)

    def add_group_row(
        self, draft_id: str, group_id: str, row: dict[str, AnswerValue] | None = None
    ) -> int:
        """Append a row to a repeat group; returns its index.

        Args:
            row: the new row's answers, i.e. the template's defaults for a row
                (`forms.engine.CompiledTemplate.initial_row`); empty when None.
        """
        with self._conn.transaction():
            answers = self._editable_answers(draft_id)
            rows = answers.get(group_id)
            new_rows: list[Any] = list(rows) if isinstance(rows, list) else []
            new_rows.append(dict(row or {}))
            answers[group_id] = new_rows
            self._write_answers(draft_id, answers)
            return len(new_rows) - 1

    def remove_group_row(self, draft_id: str, group_id: str, index: int) -> None:
        """Remove one row of a repeat group, with the attachments and signature it held."""
        with self._conn.transaction():
            answers = self._editable_answers(draft_id)
            rows = answers.get(group_id)
            if not isinstance(rows, list) or not 0 <= index < len(rows):
                raise ValueError(f"{group_id}[{index}] does not exist")
            new_rows: list[Any] = list(rows)
            removed = new_rows.pop(index)
            answers[group_id] = new_rows
            self._write_answers(draft_id, answers)
            if isinstance(removed, dict):
                self._drop_referenced(draft_id, removed.values())

    def _drop_referenced(self, draft_id: str, values: Iterable[Any]) -> None:
        ids: list[str] = []
        for value in values:
            if isinstance(value, str):
                ids.append(value)
            elif isinstance(value, list):
                ids.extend(v for v in value if isinstance(v, str))
        for ref in ids:
            self._conn.execute(
                "DELETE FROM attachments WHERE id = ? AND draft_id = ?", (ref, draft_id)
            )
            self._conn.execute(
                "DELETE FROM signatures WHERE id = ? AND draft_id = ?", (ref, draft_id)
            )

    # -- the document checklist (rules: koffer.drafting.documents) ----------------------

    def document_ticks(self, draft_id: str) -> dict[str, tuple[str, str | None]]:
        """Every stored tick of the draft: document id → (state, attachment id or None).

        An attachment removed since leaves its tick with None (ON DELETE SET NULL).
        """
        rows = self._conn.query(
            "SELECT document_id, state, attachment_id FROM draft_documents WHERE draft_id = ?",
            (draft_id,),
        )
        return {str(r[0]): (str(r[1]), None if r[2] is None else str(r[2])) for r in rows}

    def set_document_tick(
        self, draft_id: str, document_id: str, state: str | None, attachment_id: str | None = None
    ) -> None:
        """Store one document's tick durably (None: open, the tick is removed).

        Like an answer, it changes the draft (`updated_at`, so its backup follows), and
        only while the draft is editable.

        Raises:
            DraftLocked: the draft is finalised.
            DraftNotFound: no such draft.
            ValueError: the attachment is not one of this draft's.
        """
        with self._conn.transaction():
            if not self._status(draft_id).editable:
                raise DraftLocked(f"draft {draft_id} is finalised")
            if attachment_id is not None and (
                self._conn.query_one(
                    "SELECT 1 FROM attachments WHERE id = ? AND draft_id = ?",
                    (attachment_id, draft_id),
                )
                is None
            ):
                raise ValueError("the attachment is not one of this draft's")
            now = to_text(self._clock())
            if state is None:
                self._conn.execute(
                    "DELETE FROM draft_documents WHERE draft_id = ? AND document_id = ?",
                    (draft_id, document_id),
                )
            else:
                self._conn.execute(
                    "INSERT INTO draft_documents (draft_id, document_id, state, attachment_id, "
                    "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (draft_id, document_id) "
                    "DO UPDATE SET state = excluded.state, attachment_id = excluded.attachment_id, "
                    "updated_at = excluded.updated_at",
                    (draft_id, document_id, state, attachment_id, now),
                )
            self._conn.execute("UPDATE drafts SET updated_at = ? WHERE id = ?", (now, draft_id))

    def set_citizen_name(self, draft_id: str, name: str) -> None:
        """Change the citizen's name shown in the list (and searched)."""
        with self._conn.transaction():
            cur = self._conn.execute(
                "UPDATE drafts SET citizen_name = ?, updated_at = ? WHERE id = ?",
                (name.strip(), to_text(self._clock()), draft_id),
            )
            if cur.rowcount == 0:
                raise DraftNotFound(f"draft {draft_id}")

    def set_completeness(self, draft_id: str, value: float) -> None:
        """Remember the engine's completeness (0..1) for the list; not a user change."""
        with self._conn.transaction():
            self._conn.execute(
                "UPDATE drafts SET completeness = ? WHERE id = ?",
                (min(1.0, max(0.0, float(value))), draft_id),
            )

    def set_status(
        self,
        draft_id: str,
        status: DraftStatus | str,
        *,
        expected: Collection[DraftStatus] | None = None,
        action: str = "status_changed",
        detail: str = "",
    ) -> DraftStatus:
        """Store a draft's new stage and audit it; returns the stage it had.

        Which change is allowed is decided above the store (`koffer.drafting.lifecycle`);
        the store only makes it atomic: with `expected`, the change happens only if the
        draft is in one of those stages at this moment.

        Args:
            action: the audit log's name for the change (no personal content).
            detail: more for the audit log (no personal content).

        Raises:
            DraftLocked: `expected` is given and the draft is in another stage.
            DraftNotFound: there is no such draft.
        """
        new = DraftStatus(status)
        with self._conn.transaction():
            old = self._status(draft_id)
            if expected is not None and old not in expected:
                raise DraftLocked(f"draft {draft_id} is {old}, not {sorted(expected)}")
            if new == old:
                return old
            self._conn.execute(
                "UPDATE drafts SET status = ?, updated_at = ? WHERE id = ?",
                (new.value, to_text(self._clock()), draft_id),
            )
        note = f"{old}->{new}" + (f" {detail}" if detail else "")
        self._audit(action, draft_id, note)
        self._publish_counts()
        return old

    def seal(
        self,
        draft_id: str,
        submission_id: str,
        payload: bytes,
        *,
        template_version: str,
        office_id: str = "",
        parts: dict[str, tuple[str, bytes]] | None = None,
        expected: Collection[DraftStatus] = (DraftStatus.SIGNED, DraftStatus.AWAITING_KEY),
        action: str = "sealed",
        detail: str = "",
    ) -> bool:
        """Queue the SEALED submission (ciphertext, e.g. JWE) and mark the draft sealed.

        The outbox row is written first: if the process dies in between, the draft is
        still in its earlier stage, and sealing it again finds the queued row of this
        draft and only sets the stage (no second submission). Returns False in that case.

        Raises:
            DraftLocked: the draft is in none of the `expected` stages.
        """
        if self._device is None:
            raise RuntimeError("sealing needs the device store (outbox)")
        draft = self.get_draft(draft_id)
        if draft.status not in expected:
            raise DraftLocked(f"draft {draft_id} is {draft.status}")
        queued = any(
            i.draft_id == draft_id and i.state == "pending"
            for i in self._device.outbox_items("pending")
        )
        if not queued:
            self._device.outbox_add(
                submission_id,
                draft_id,
                draft.template_id,
                template_version,
                payload,
                office_id=office_id,
                parts=parts,
            )
        self.set_status(
            draft_id, DraftStatus.SEALED, expected=expected, action=action, detail=detail
        )
        return not queued

    def has_draft(self, draft_id: str) -> bool:
        """Whether the draft is (still) on this laptop; reads no answers, audits nothing."""
        return self._conn.query_one("SELECT 1 FROM drafts WHERE id = ?", (draft_id,)) is not None

    def _status(self, draft_id: str) -> DraftStatus:
        row = self._conn.query_one("SELECT status FROM drafts WHERE id = ?", (draft_id,))
        if row is None:
            raise DraftNotFound(f"draft {draft_id}")
        return DraftStatus(row[0])

    def answers_for_search(self, field_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Some top-level answers of every draft, by draft id (search by birth date, address).

        Read without opening the drafts (no "opened" audit entries), like the names the
        list shows; only the named fields are read from the answers.

        Raises:
            ValueError: a field id is not an identifier.
        """
        ids = list(field_ids)
        if not ids or not all(_FIELD_ID.fullmatch(f) for f in ids):
            raise ValueError("field ids must be identifiers")
        columns = ", ".join("json_extract(a.doc, ?)" for _ in ids)
        rows = self._conn.query(
            f"SELECT d.id, {columns} FROM drafts d "  # noqa: S608 (placeholders only)
            "LEFT JOIN draft_answers a ON a.draft_id = d.id",
            [f"$.{f}" for f in ids],
        )
        return {
            str(row[0]): {f: v for f, v in zip(ids, row[1:], strict=True) if v is not None}
            for row in rows
        }

    def list_drafts(
        self, query: str = "", status: DraftStatus | str | None = None
    ) -> list[DraftSummary]:
        """Drafts, newest change first; `query` searches citizen name and form title."""
        sql = f"SELECT {_SUMMARY_COLUMNS} FROM drafts"  # noqa: S608 (constant columns)
        where: list[str] = []
        params: list[str] = []
        match, short_words = search_terms(query)
        if match:
            where.append("seq IN (SELECT rowid FROM drafts_fts WHERE drafts_fts MATCH ?)")
            params.append(match)
        for word in short_words:
            where.append("(citizen_name LIKE ? ESCAPE '\\' OR form_title LIKE ? ESCAPE '\\')")
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params += [pattern, pattern]
        if status is not None:
            where.append("status = ?")
            params.append(DraftStatus(status).value)
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self._conn.query(sql + " ORDER BY updated_at DESC, seq DESC", params)
        stale_before = self._clock() - STALE_AFTER
        out = []
        for r in rows:
            updated = from_text(r[6])
            out.append(
                DraftSummary(
                    id=r[0],
                    template_id=r[1],
                    template_version=r[2],
                    form_title=r[3],
                    citizen_name=r[4],
                    status=DraftStatus.of(r[5]),
                    updated_at=updated,
                    completeness=float(r[7]),
                    flagged_stale=updated < stale_before,
                )
            )
        return out

    def delete_draft(self, draft_id: str) -> None:
        """Delete a draft with its attachments, signatures and print jobs (overwritten)."""
        with self._conn.transaction():
            cur = self._conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
            if cur.rowcount == 0:
                raise DraftNotFound(f"draft {draft_id}")
        self._erase_deleted()
        self._opened.discard(draft_id)
        self._audit("deleted", draft_id)
        self._forget_backup(draft_id)
        self._publish_counts()

    def template_versions_in_use(self) -> set[tuple[str, str]]:
        """(template id, version) of every draft: the catalog must keep these."""
        rows = self._conn.query("SELECT DISTINCT template_id, template_version FROM drafts")
        return {(str(r[0]), str(r[1])) for r in rows}

    # -- receipt and retention -------------------------------------------------------

    def record_receipt(
        self,
        draft_id: str,
        reference: str,
        received_at: datetime,
        *,
        expected: Collection[DraftStatus] = (DraftStatus.SEALED, DraftStatus.SENT),
    ) -> None:
        """Store the town hall's receipt: the draft becomes "received".

        Raises:
            DraftLocked: the draft is in none of the `expected` stages.
        """
        with self._conn.transaction():
            old = self._status(draft_id)
            if old not in expected:
                raise DraftLocked(f"a {old} draft cannot take a receipt")
            self._conn.execute(
                "UPDATE drafts SET status = 'received', reference = ?, received_at = ?, "
                "updated_at = ? WHERE id = ?",
                (reference, to_text(received_at), to_text(self._clock()), draft_id),
            )
        self._audit("received", draft_id, f"{old}->received reference={reference}")
        self._publish_counts()

    def retention(self) -> timedelta:
        """How long a received draft is kept (device setting; default 0 days)."""
        return timedelta(days=RETENTION_DAYS.read(self._device))

    def purge_expired(self, now: datetime | None = None) -> list[str]:
        """Delete received drafts whose retention has passed; returns their ids."""
        moment = now or self._clock()
        keep_for = self.retention()
        rows = self._conn.query("SELECT id, received_at FROM drafts WHERE received_at IS NOT NULL")
        doomed = [r[0] for r in rows if from_text(r[1]) + keep_for <= moment]
        if not doomed:
            return []
        with self._conn.transaction():
            for draft_id in doomed:
                self._conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        self._erase_deleted()
        for draft_id in doomed:
            self._opened.discard(draft_id)
            self._audit("purged", draft_id, f"retention={keep_for.days}d")
            self._forget_backup(draft_id)
        self._publish_counts()
        return doomed

    def _forget_backup(self, draft_id: str) -> None:
        """The draft left drafts.db: its backup record goes from the server too."""
        if self._device is not None:
            self._device.backup.forget(draft_id)

    def import_drafts(self, snapshots: list[DraftSnapshot]) -> None:
        """Put restored drafts in (replacing ones of the same ids); see `SnapshotsMixin`."""
        super().import_drafts(snapshots)
        ids = [s.draft_id for s in snapshots]
        self._opened.difference_update(ids)
        if self._device is not None:
            self._device.audit_each("restored", ids)
        self._publish_counts()

    def import_draft(self, snapshot: DraftSnapshot) -> None:
        """Put one restored draft in (replacing one of the same id)."""
        self.import_drafts([snapshot])

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Commits inside write their pages once, straight into drafts.db.

        For a restore only: it writes hundreds of MB in a few large transactions. In WAL
        mode every page is written twice (into the WAL, then by a checkpoint into the
        file, each checkpoint with two fsyncs); a restore was bound by that. Inside,
        drafts.db uses a rollback journal (`journal_mode=TRUNCATE`) with
        `synchronous=FULL`: a new page goes into the file once, the journal holds only
        the few pages a commit changes, and every commit is atomic and durable as
        before (a crash leaves a hot journal that SQLite rolls back at the next open,
        and the open sets WAL again). Switching out of WAL needs the only connection to
        the file, which the profile lock guarantees; should SQLite refuse anyway, the
        writes stay in WAL with `synchronous=NORMAL` and rare checkpoints (a power cut
        then loses the newest commits, never half of one).
        """
        mode = str(self._conn.pragma("journal_mode = TRUNCATE")).lower()
        automatic = int(self._conn.pragma("wal_autocheckpoint"))
        if mode == "wal":
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.pragma(f"wal_autocheckpoint = {RESTORE_CHECKPOINT_PAGES}")
        try:
            yield
        finally:
            self._conn.execute("PRAGMA synchronous = FULL")
            if mode == "wal":
                self._conn.pragma(f"wal_autocheckpoint = {automatic}")
                self._conn.pragma("wal_checkpoint(FULL)")  # syncs the WAL, then the file
            else:
                self._conn.pragma("journal_mode = WAL")

    # -- housekeeping ----------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """Problems reported by `PRAGMA integrity_check` and `cipher_integrity_check`.

        A page that cannot even be decrypted makes the check itself fail; that is
        reported as a problem too, not raised.
        """
        problems: list[str] = []
        for pragma in ("integrity_check", "cipher_integrity_check"):
            try:
                rows = self._conn.query(f"PRAGMA {pragma}")
            except DatabaseDamaged as exc:
                problems.append(f"{pragma}: {exc}")
                continue
            problems += [f"{pragma}: {r[0]}" for r in rows if r[0] != "ok"]
        return problems

    def counts_by_status(self) -> dict[str, int]:
        """How many drafts are in each status."""
        rows = self._conn.query("SELECT status, count(*) FROM drafts GROUP BY status")
        return {str(r[0]): int(r[1]) for r in rows}

    def _publish_counts(self) -> None:
        if self._device is not None:
            counts = self.counts_by_status()
            stale_before = to_text(self._clock() - STALE_AFTER)
            row = self._conn.query_one(
                "SELECT count(*) FROM drafts WHERE status IN (?, ?) AND updated_at < ?",
                (*_OPEN, stale_before),
            )
            counts["stale"] = int(row[0]) if row else 0
            if DRAFT_COUNTS.read(self._device) != counts:
                DRAFT_COUNTS.write(self._device, counts)

    def close(self) -> None:
        """Close drafts.db (idle lock); the key is wiped by SQLCipher."""
        self._conn.close()
