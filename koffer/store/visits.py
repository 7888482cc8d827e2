"""Planned and done home visits; part of `DraftStore`."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from koffer.store._base import StoreBase
from koffer.store.errors import DraftNotFound
from koffer.store.models import Visit, from_text, to_text


class VisitsMixin(StoreBase):
    """Visits (personal: names and addresses), kept in drafts.db."""

    def add_visit(
        self,
        citizen_name: str,
        planned_at: datetime | None = None,
        *,
        address: str = "",
        note: str = "",
        draft_id: str | None = None,
    ) -> Visit:
        """Plan a home visit."""
        visit_id = str(uuid.uuid4())
        now = to_text(self._clock())
        with self._conn.transaction():
            self._conn.execute(
                "INSERT INTO visits (id, citizen_name, address, planned_at, note, draft_id, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    visit_id,
                    citizen_name.strip(),
                    address,
                    None if planned_at is None else to_text(planned_at),
                    note,
                    draft_id,
                    now,
                ),
            )
        return self._visit(visit_id)

    def _visit(self, visit_id: str) -> Visit:
        row = self._conn.query_one(
            "SELECT id, citizen_name, address, planned_at, note, draft_id, done, created_at "
            "FROM visits WHERE id = ?",
            (visit_id,),
        )
        if row is None:
            raise DraftNotFound(f"visit {visit_id}")
        return _visit_from_row(row)

    def list_visits(self, *, include_done: bool = True) -> list[Visit]:
        """Visits by planned time (unplanned last)."""
        sql = (
            "SELECT id, citizen_name, address, planned_at, note, draft_id, done, created_at "
            "FROM visits"
        )
        if not include_done:
            sql += " WHERE done = 0"
        rows = self._conn.query(sql + " ORDER BY planned_at IS NULL, planned_at, created_at, rowid")
        return [_visit_from_row(r) for r in rows]

    def set_visit_done(self, visit_id: str, done: bool = True, draft_id: str | None = None) -> None:
        """Mark a visit done (optionally linking the draft made during it)."""
        with self._conn.transaction():
            self._conn.execute(
                "UPDATE visits SET done = ?, draft_id = coalesce(?, draft_id) WHERE id = ?",
                (int(done), draft_id, visit_id),
            )

    def remove_visit(self, visit_id: str) -> None:
        """Delete a visit."""
        with self._conn.transaction():
            self._conn.execute("DELETE FROM visits WHERE id = ?", (visit_id,))


def _visit_from_row(row: tuple[Any, ...]) -> Visit:
    return Visit(
        id=row[0],
        citizen_name=row[1],
        address=row[2],
        planned_at=None if row[3] is None else from_text(row[3]),
        note=row[4],
        draft_id=row[5],
        done=bool(row[6]),
        created_at=from_text(row[7]),
    )
