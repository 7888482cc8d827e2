"""A draft as plain rows, and back: what the draft backup encrypts and restores; part of
`DraftStore`.

WHY rows and not a hand-picked list of fields: a draft is whatever the tables that hang
off `drafts` hold (answers, attachments with their bytes, signatures with strokes, PNG
and the digest of what the citizen reviewed, and whatever a later schema adds). The
tables are found in the schema itself: every table whose foreign key cascades from
`drafts` (directly or through another such table) belongs to the draft, except those
named in `NOT_BACKED_UP`. A column the backup does not know yet travels with it; a
column a restoring laptop does not know is dropped, one it has and the snapshot lacks
gets its default. So a new table or column can never be silently left out of the backup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from koffer.store._base import StoreBase
from koffer.store._sqlcipher import IntegrityError
from koffer.store.errors import DraftNotFound

#: Tables that cascade from a draft but are no part of it: the offline print queue holds
#: rendered PDFs of the moment (they are made again from the draft when needed).
NOT_BACKED_UP = frozenset({"print_jobs"})
#: Columns that are local to one file (row numbers); a restored row gets new ones.
LOCAL_COLUMNS = {"drafts": frozenset({"seq"})}

Row = dict[str, Any]
#: Bytes values at least this large are written with incremental blob I/O on import.
LARGE_BLOB = 64 * 1024
#: Bound values per multi-row statement of an import (SQLite allows 32766; a few
#: hundred keep each statement's text and registers small).
INSERT_PARAMS = 900


class SnapshotRejected(ValueError):  # noqa: N818 - says what happened, like DraftNotFound
    """A snapshot's rows break a constraint of this store (a foreign key, a unique or
    NOT NULL column): the import changed nothing.

    WHY its own error: a snapshot comes from outside this file (a backup record made by
    another laptop, perhaps by another version of Koffer), so a constraint it breaks is
    bad input, not a bug here; the restore names that draft and restores the others,
    like a record that fails its check.
    """


@dataclass(frozen=True)
class OwnedTable:
    """A table whose rows belong to a draft, and how they are found from its id."""

    name: str
    #: SQL condition on the table (alias `t`) with ONE parameter, the draft id
    where: str
    #: parent table (None for `drafts` itself), so rows go in parent first
    parent: str | None


@dataclass(frozen=True)
class DraftSnapshot:
    """Every row of one draft, by table; values are None, int, float, str or bytes."""

    draft_id: str
    schema: int
    tables: dict[str, list[Row]] = field(default_factory=dict)


class SnapshotsMixin(StoreBase):
    """Export a draft as rows; import such rows as a draft (restore)."""

    def owned_tables(self) -> list[OwnedTable]:
        """`drafts` and every table that cascades from it, parents first."""
        names = [
            str(r[0])
            for r in self._conn.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE "
                "'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%'"
            )
        ]
        links: dict[str, list[tuple[str, str, str]]] = {}
        for name in names:
            for fk in self._conn.query(f"PRAGMA foreign_key_list({name})"):
                # id, seq, table, from, to, on_update, on_delete, match
                if str(fk[6]).upper() == "CASCADE":
                    links.setdefault(name, []).append((str(fk[2]), str(fk[3]), str(fk[4])))
        owned = [OwnedTable("drafts", "t.id = ?", None)]
        where_of = {"drafts": "t.id = ?"}
        changed = True
        while changed:
            changed = False
            for name in names:
                if name in where_of or name in NOT_BACKED_UP:
                    continue
                for parent, column, target in links.get(name, []):
                    if parent not in where_of:
                        continue
                    parent_where = where_of[parent]
                    where = (  # names from the schema itself, never from input
                        f"t.{column} IN (SELECT t.{target} FROM {parent} t "  # noqa: S608
                        f"WHERE {parent_where})"
                    )
                    where_of[name] = where
                    owned.append(OwnedTable(name, where, parent))
                    changed = True
                    break
        return owned

    def _columns(self, table: str) -> list[str]:
        return [str(r[1]) for r in self._conn.query(f"PRAGMA table_info({table})")]

    def export_draft(self, draft_id: str) -> DraftSnapshot:
        """Every row of the draft, read in one transaction (a consistent picture)."""
        tables: dict[str, list[Row]] = {}
        with self._conn.transaction():
            schema = int(self._conn.pragma("user_version"))
            for table in self.owned_tables():
                local = LOCAL_COLUMNS.get(table.name, frozenset())
                columns = [c for c in self._columns(table.name) if c not in local]
                listed = ", ".join(f"t.{c}" for c in columns)
                rows = self._conn.query(
                    f"SELECT {listed} FROM {table.name} t WHERE {table.where}",  # noqa: S608
                    (draft_id,),
                )
                tables[table.name] = [
                    {
                        c: (bytes(v) if isinstance(v, memoryview) else v)
                        for c, v in zip(columns, r, strict=True)
                    }
                    for r in rows
                ]
        if not tables.get("drafts"):
            raise DraftNotFound(f"draft {draft_id}")
        return DraftSnapshot(draft_id, schema, tables)

    def import_drafts(self, snapshots: list[DraftSnapshot]) -> None:
        """Put snapshots in as drafts (an existing draft of an id is replaced), in ONE
        transaction: either all of them are there afterwards, or nothing changed.

        One transaction for several drafts because a restore writes many: each commit
        costs an fsync, and the restore can be run again anyway. Within it, one DELETE
        for all their ids and, per table, multi-row INSERTs (parents first, rows in the
        snapshots' order); only rows with a large value go one by one (`_insert_row`).
        WHY: under SQLCipher's memory security every statement's cursors, registers and
        statement journal are locked and wiped allocations, and every statement with a
        trigger (the search index on `drafts`) journals the pages it changes and flushes
        the index; per draft that was five statements, now it is the attachment's own
        (docs/benchmarks.md, issue 17, lean restore).

        Raises:
            ValueError: a snapshot is not one draft's rows.
            SnapshotRejected: a snapshot's rows break a constraint of this store.
        """
        for snapshot in snapshots:
            if len(snapshot.tables.get("drafts", [])) != 1:
                raise ValueError("a snapshot holds exactly one draft row")
            if snapshot.tables["drafts"][0].get("id") != snapshot.draft_id:
                raise ValueError("the snapshot's draft row has another id")
        # the same draft twice: the later snapshot replaces the earlier, as one by one
        latest = list({s.draft_id: s for s in snapshots}.values())
        try:
            self._import(latest)
        except IntegrityError as exc:
            raise SnapshotRejected(f"a snapshot breaks a constraint: {exc}") from exc

    def _import(self, latest: list[DraftSnapshot]) -> None:
        """`import_drafts`' one transaction, for snapshots already checked."""
        tables = self.owned_tables()
        known = {
            t.name: set(self._columns(t.name)) - LOCAL_COLUMNS.get(t.name, frozenset())
            for t in tables
        }
        with self._conn.transaction():
            ids = [s.draft_id for s in latest]
            for start in range(0, len(ids), INSERT_PARAMS):
                part = ids[start : start + INSERT_PARAMS]
                self._conn.execute(
                    f"DELETE FROM drafts WHERE id IN ({', '.join('?' * len(part))})",  # noqa: S608
                    part,
                )
            for table in tables:
                rows = [row for s in latest for row in s.tables.get(table.name, [])]
                self._insert_rows(table.name, rows, known[table.name])

    def _insert_rows(self, table: str, rows: list[Row], known: set[str]) -> None:
        """Rows of one table in their order: runs of rows with the same columns as one
        multi-row INSERT each (at most INSERT_PARAMS values), a row with a large value
        on its own."""
        run: list[Row] = []
        columns: list[str] = []
        for row in rows:
            names = [c for c in row if c in known]
            if any(isinstance(row[c], bytes) and len(row[c]) >= LARGE_BLOB for c in names):
                self._insert_many(table, columns, run)
                run = []
                self._insert_row(table, row, known)
                continue
            if names != columns or (len(run) + 1) * len(names) > INSERT_PARAMS:
                self._insert_many(table, columns, run)
                run, columns = [], names
            run.append(row)
        self._insert_many(table, columns, run)

    def _insert_many(self, table: str, columns: list[str], rows: list[Row]) -> None:
        if not rows:
            return
        marks = f"({', '.join('?' * len(columns))})"
        self._conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES "  # noqa: S608
            + ", ".join([marks] * len(rows)),
            tuple(row[c] for row in rows for c in columns),
        )

    def _insert_row(self, table: str, row: Row, known: set[str]) -> None:
        """One row; a large bytes value (an attachment) goes in as `zeroblob(n)` and is
        then written into the row's pages (`Connection.write_blob`), in this same
        transaction."""
        columns = [c for c in row if c in known]
        large = [c for c in columns if isinstance(row[c], bytes) and len(row[c]) >= LARGE_BLOB]
        marks = ", ".join("zeroblob(?)" if c in large else "?" for c in columns)
        cursor = self._conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
            tuple(len(row[c]) if c in large else row[c] for c in columns),
        )
        if large:
            rowid = cursor.lastrowid
            if rowid is None:
                raise ValueError(f"{table} has no rowid for its blobs")
            for column in large:
                self._conn.write_blob(table, column, rowid, row[column])
