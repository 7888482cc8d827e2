"""Schema versions of both databases and the code that upgrades them.

The version lives in `PRAGMA user_version`. A new database is built by running every
step from version 0, so a fresh file and an upgraded one are the same by construction
(and the upgrade path is exercised on every test run). Before each step on a file that
already holds data, the encrypted file is copied to `<name>.bak-v<N>` (same key); the
copy is removed after the step committed and kept when it failed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from koffer.store._sqlcipher import Connection, translating
from koffer.store.errors import MigrationFailed, StoreError
from koffer.store.files import PRIVATE, open_fd
from koffer.store.wipe import shred_file


@dataclass(frozen=True)
class Step:
    """One schema change: run `statements` to go from `version - 1` to `version`.

    Attributes:
        rebuilds: the step rebuilds a table that others refer to (SQLite's documented
            way to change a constraint: create the new table, copy, drop, rename). It
            runs with foreign keys off, so dropping the old table cannot cascade into
            the rows that refer to it; `foreign_key_check` must be clean before commit.
    """

    version: int
    description: str
    statements: Sequence[str]
    rebuilds: bool = False


_DRAFTS_V1 = (
    # seq: a stable integer key (VACUUM never renumbers an INTEGER PRIMARY KEY); the
    # search index refers to it. id: the uuid the rest of the app uses.
    """CREATE TABLE drafts (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        template_id TEXT NOT NULL,
        template_version TEXT NOT NULL,
        citizen_name TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'draft'
            CHECK (status IN ('draft', 'ready', 'sealed', 'sent', 'received')),
        completeness REAL NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX drafts_by_status ON drafts (status, updated_at)",
    # The answers document lives apart, so listing and searching drafts never reads
    # (or walks past) a few KB of answers per row.
    """CREATE TABLE draft_answers (
        draft_id TEXT PRIMARY KEY REFERENCES drafts (id) ON DELETE CASCADE,
        doc TEXT NOT NULL DEFAULT '{}'
    )""",
    """CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        draft_id TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
        field_id TEXT NOT NULL,
        filename TEXT NOT NULL,
        media_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX attachments_by_draft ON attachments (draft_id)",
    """CREATE TABLE attachment_data (
        attachment_id TEXT PRIMARY KEY REFERENCES attachments (id) ON DELETE CASCADE,
        data BLOB NOT NULL
    )""",
    """CREATE TABLE signatures (
        id TEXT PRIMARY KEY,
        draft_id TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
        field_id TEXT NOT NULL,
        strokes TEXT NOT NULL,
        png BLOB NOT NULL,
        content_sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (draft_id, field_id)
    )""",
)

# v2: full-text search over citizen name and form title (FTS5 inside the encrypted
# file). The trigram tokenizer finds parts of German compound words ("antrag" in
# "Wohngeldantrag") and ignores case and accents ("mull" finds "Müller"). The index's
# rowid is drafts.seq, so matching and deleting are key lookups; triggers keep it in
# step; secure-delete makes FTS5 really remove the tokens of deleted rows.
_DRAFTS_V2 = (
    "ALTER TABLE drafts ADD COLUMN form_title TEXT NOT NULL DEFAULT ''",
    """CREATE VIRTUAL TABLE drafts_fts USING fts5 (
        citizen_name, form_title, tokenize = 'trigram remove_diacritics 1'
    )""",
    "INSERT INTO drafts_fts (drafts_fts, rank) VALUES ('secure-delete', 1)",
    """CREATE TRIGGER drafts_fts_insert AFTER INSERT ON drafts BEGIN
        INSERT INTO drafts_fts (rowid, citizen_name, form_title)
        VALUES (new.seq, new.citizen_name, new.form_title);
    END""",
    """CREATE TRIGGER drafts_fts_delete AFTER DELETE ON drafts BEGIN
        DELETE FROM drafts_fts WHERE rowid = old.seq;
    END""",
    """CREATE TRIGGER drafts_fts_update AFTER UPDATE OF citizen_name, form_title ON drafts
    BEGIN
        DELETE FROM drafts_fts WHERE rowid = old.seq;
        INSERT INTO drafts_fts (rowid, citizen_name, form_title)
        VALUES (new.seq, new.citizen_name, new.form_title);
    END""",
    """INSERT INTO drafts_fts (rowid, citizen_name, form_title)
        SELECT seq, citizen_name, form_title FROM drafts""",
)

# v3: the town hall's receipt (retention), visits and the offline print queue.
_DRAFTS_V3 = (
    "ALTER TABLE drafts ADD COLUMN reference TEXT",
    "ALTER TABLE drafts ADD COLUMN received_at TEXT",
    "CREATE INDEX drafts_by_received ON drafts (received_at) WHERE received_at IS NOT NULL",
    """CREATE TABLE visits (
        id TEXT PRIMARY KEY,
        citizen_name TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        planned_at TEXT,
        note TEXT NOT NULL DEFAULT '',
        draft_id TEXT REFERENCES drafts (id) ON DELETE SET NULL,
        done INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE print_jobs (
        id TEXT PRIMARY KEY,
        draft_id TEXT REFERENCES drafts (id) ON DELETE CASCADE,
        title TEXT NOT NULL DEFAULT '',
        printer TEXT NOT NULL DEFAULT '',
        options TEXT NOT NULL DEFAULT '{}',
        pdf BLOB NOT NULL,
        state TEXT NOT NULL DEFAULT 'queued'
            CHECK (state IN ('queued', 'printing', 'done', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX print_jobs_by_state ON print_jobs (state, created_at)",
)

# v4: a print job remembers the print system's job (id and uuid) while it is there, and
# whether the print system went away since, so after a crash or a restart the queue asks
# about that job instead of printing twice.
_DRAFTS_V4 = (
    "ALTER TABLE print_jobs ADD COLUMN cups_job_id INTEGER",
    "ALTER TABLE print_jobs ADD COLUMN cups_job_uuid TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE print_jobs ADD COLUMN cups_contact_lost INTEGER NOT NULL DEFAULT 0",
)

# v5: the life cycle of `koffer.drafting.lifecycle`: "ready" becomes "signed" (signed
# for exactly the current answers), "awaiting_key" is a finalised draft waiting for the
# office's key; a signature can be given on paper (no strokes, no image, the signer).
_DRAFTS_V5 = (
    """CREATE TABLE drafts_v5 (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        template_id TEXT NOT NULL,
        template_version TEXT NOT NULL,
        citizen_name TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'draft'
            CHECK (status IN ('draft', 'signed', 'awaiting_key', 'sealed', 'sent', 'received')),
        completeness REAL NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        form_title TEXT NOT NULL DEFAULT '',
        reference TEXT,
        received_at TEXT
    )""",
    """INSERT INTO drafts_v5 (seq, id, template_id, template_version, citizen_name, status,
        completeness, created_at, updated_at, form_title, reference, received_at)
        SELECT seq, id, template_id, template_version, citizen_name,
            CASE status WHEN 'ready' THEN 'signed' ELSE status END,
            completeness, created_at, updated_at, form_title, reference, received_at
        FROM drafts""",
    "DROP TABLE drafts",
    "ALTER TABLE drafts_v5 RENAME TO drafts",
    "CREATE INDEX drafts_by_status ON drafts (status, updated_at)",
    "CREATE INDEX drafts_by_received ON drafts (received_at) WHERE received_at IS NOT NULL",
    *_DRAFTS_V2[3:6],  # the search index's triggers went with the old table
    """ALTER TABLE signatures ADD COLUMN method TEXT NOT NULL DEFAULT 'pad'
        CHECK (method IN ('pad', 'paper'))""",
    "ALTER TABLE signatures ADD COLUMN signer TEXT NOT NULL DEFAULT ''",
)

# v6: the person's backup key (see koffer.store.backup_key): personal, like the drafts
# it opens, so it lives where the passphrase is needed.
_DRAFTS_V6 = (
    """CREATE TABLE backup_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        staff_id TEXT NOT NULL,
        key BLOB NOT NULL,
        key_id TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
)

# v7: the document checklist (koffer.drafting.documents): per draft and required document
# one row once it is ticked (open is no row). The link to its attachment is set NULL
# when the attachment goes, so a removed proof can never be named as attached; it is
# checked at commit (DEFERRABLE), so a restore may insert rows in any table order.
_DRAFTS_V7 = (
    """CREATE TABLE draft_documents (
        draft_id TEXT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
        document_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('presented', 'attached')),
        attachment_id TEXT REFERENCES attachments (id) ON DELETE SET NULL
            DEFERRABLE INITIALLY DEFERRED,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (draft_id, document_id)
    )""",
)

DRAFTS_STEPS: tuple[Step, ...] = (
    Step(1, "drafts, answers, attachments, signatures", _DRAFTS_V1),
    Step(2, "full-text search over citizen name and form title", _DRAFTS_V2),
    Step(3, "receipts, visits, print queue", _DRAFTS_V3),
    Step(4, "print jobs remember the print system's job", _DRAFTS_V4),
    Step(5, "life cycle stages, signatures on paper", _DRAFTS_V5, rebuilds=True),
    Step(6, "the backup key", _DRAFTS_V6),
    Step(7, "the document checklist", _DRAFTS_V7),
)

_DEVICE_V1 = (
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE templates (
        template_id TEXT NOT NULL,
        version TEXT NOT NULL,
        yaml_text TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (template_id, version)
    )""",
    """CREATE TABLE manifests (
        version INTEGER PRIMARY KEY,
        body TEXT NOT NULL,
        signature TEXT NOT NULL,
        stored_at TEXT NOT NULL
    )""",
    """CREATE TABLE outbox (
        submission_id TEXT PRIMARY KEY,
        draft_id TEXT NOT NULL,
        template_id TEXT NOT NULL,
        template_version TEXT NOT NULL,
        office_id TEXT NOT NULL DEFAULT '',
        payload BLOB NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        server_reference TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        received_at TEXT
    )""",
    """CREATE TABLE outbox_parts (
        submission_id TEXT NOT NULL REFERENCES outbox (submission_id) ON DELETE CASCADE,
        part_id TEXT NOT NULL,
        media_type TEXT NOT NULL,
        payload BLOB NOT NULL,
        uploaded INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (submission_id, part_id)
    )""",
    """CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        draft_id TEXT,
        detail TEXT NOT NULL DEFAULT '',
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )""",
)

_DEVICE_V2 = (
    """CREATE TABLE catalog_files (
        sha256 TEXT PRIMARY KEY,
        media_type TEXT NOT NULL,
        data BLOB NOT NULL,
        added_at TEXT NOT NULL
    )""",
)

# v3: the draft backup's queue (koffer.store.backup_queue): ids, times and ciphertext
# only, so the headless `koffer sync` can send it without the passphrase.
_DEVICE_V3 = (
    """CREATE TABLE backup_drafts (
        draft_id TEXT PRIMARY KEY,
        record_id TEXT NOT NULL UNIQUE,
        version INTEGER NOT NULL DEFAULT 0,
        covers TEXT NOT NULL DEFAULT '',
        sent_version INTEGER NOT NULL DEFAULT 0,
        sent_covers TEXT NOT NULL DEFAULT '',
        sent_at TEXT
    )""",
    """CREATE TABLE backup_waiting (
        record_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        covers TEXT NOT NULL,
        sha512 TEXT NOT NULL,
        label TEXT NOT NULL,
        data BLOB NOT NULL,
        queued_at TEXT NOT NULL
    )""",
    "CREATE TABLE backup_deletions (record_id TEXT PRIMARY KEY, queued_at TEXT NOT NULL)",
    """CREATE TABLE backup_mirror (
        record_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        sha512 TEXT NOT NULL
    )""",
)

# v4: the SHA-512 of each sealed part, taken once when it is queued, so a delivery
# announces it without hashing megabytes again on every pass. NULL for parts queued
# before v4 (SQLite cannot hash): those are hashed when they are read, as before.
_DEVICE_V4 = ("ALTER TABLE outbox_parts ADD COLUMN sha512 TEXT",)

DEVICE_STEPS: tuple[Step, ...] = (
    Step(1, "settings, catalog, manifests, outbox, audit log", _DEVICE_V1),
    Step(2, "catalog files: source PDFs and the service directory, by SHA-256", _DEVICE_V2),
    Step(3, "the draft backup's queue and what the server holds", _DEVICE_V3),
    Step(4, "the SHA-512 of each sealed part", _DEVICE_V4),
)

_NEWER_MESSAGE = (
    "Diese Datenablage stammt von einer neueren Koffer-Version. Bitte installieren Sie "
    "die aktuelle Version von Koffer; die Daten wurden nicht verändert."
)


def backup_path(db_path: Path, version: int) -> Path:
    """Where the copy taken before upgrading from `version` goes."""
    return db_path.with_name(f"{db_path.name}.bak-v{version}")


def latest_version(steps: Sequence[Step]) -> int:
    """The schema version the code expects."""
    return steps[-1].version


def migrate(conn: Connection, steps: Sequence[Step]) -> int:
    """Bring `conn` to the latest version; returns the version found before.

    Raises:
        MigrationFailed: a step failed (its backup copy is kept) or the file is newer.
        StoreError: the disk is full etc. while copying or migrating.
    """
    found = int(conn.pragma("user_version"))
    target = latest_version(steps)
    if found > target:
        raise MigrationFailed(f"schema {found} is newer than {target}", _NEWER_MESSAGE)
    fresh = found == 0 and not conn.query("SELECT name FROM sqlite_master LIMIT 1")
    for step in steps:
        if step.version <= found:
            continue
        backup = None if fresh else _take_backup(conn, step.version - 1)
        if step.rebuilds:
            conn.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction
        try:
            with conn.transaction():
                for statement in step.statements:
                    conn.execute(statement)
                if step.rebuilds and conn.query("PRAGMA foreign_key_check"):
                    raise MigrationFailed(f"step to v{step.version} broke a reference")
                conn.execute(f"PRAGMA user_version = {step.version}")
        except StoreError:
            raise
        except Exception as exc:
            raise MigrationFailed(
                f"step to v{step.version} failed: {type(exc).__name__}: {exc}"
            ) from exc
        finally:
            if step.rebuilds:
                conn.execute("PRAGMA foreign_keys = ON")
        if backup is not None:
            shred_file(backup)
    return found


def _take_backup(conn: Connection, version: int) -> Path:
    """Copy the encrypted file (after a WAL checkpoint) to `.bak-v<version>`.

    The copy is owner-only from the moment it exists (created 0600, not chmod-ed
    afterwards), and a copy that could not be finished (disk full) is removed: it would
    be worth nothing, and the database itself is unchanged.
    """
    conn.pragma("wal_checkpoint(TRUNCATE)")
    target = backup_path(conn.path, version)
    try:
        with translating(conn.path.parent):
            fd = open_fd(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            try:
                if hasattr(os, "fchmod"):
                    os.fchmod(fd, PRIVATE)  # a leftover file would keep its old mode
                with conn.path.open("rb") as source, os.fdopen(fd, "wb", closefd=False) as out:
                    shutil.copyfileobj(source, out)
                os.fsync(fd)
            finally:
                os.close(fd)
    except BaseException:
        shred_file(target)
        raise
    return target
