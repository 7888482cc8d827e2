"""Human receipt references (`SOZ-2026-000123`): unique and gap-free per year.

The number is taken from a per-year counter row inside the transaction that completes
the submission, with one statement: `INSERT ... ON CONFLICT DO UPDATE SET last_number =
last_number + 1 RETURNING last_number`. The upsert locks the row until the transaction
ends (PostgreSQL row lock; SQLite's `BEGIN IMMEDIATE` already serializes writers), so
two completions never get the same number, and a rolled-back completion gives its number
back: no gaps.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sync.server.db import ReferenceCounter


def reference_year(moment: dt.datetime, timezone: str) -> int:
    """The calendar year of `moment` in the town hall's time zone."""
    try:
        zone: dt.tzinfo = ZoneInfo(timezone)
    except ZoneInfoNotFoundError:
        zone = dt.UTC
    return moment.astimezone(zone).year


def format_reference(prefix: str, year: int, number: int) -> str:
    """`SOZ-2026-000123`: prefix, year, number with at least six digits."""
    return f"{prefix}-{year}-{number:06d}"


#: The upsert by "is SQLite", built once with the year as a parameter (built per call,
#: SQLAlchemy made its cache key anew for every receipt).
_NEXT_NUMBER = {
    is_sqlite: dialect.insert(ReferenceCounter)
    .values(year=bindparam("year"), last_number=1)
    .on_conflict_do_update(
        index_elements=["year"],
        set_={"last_number": ReferenceCounter.last_number + 1},
    )
    .returning(ReferenceCounter.last_number)
    for is_sqlite, dialect in ((True, sqlite), (False, postgresql))
}


def next_number(session: Session | Connection, year: int) -> int:
    """Allocate the next number of `year` inside the caller's transaction."""
    bind = session.connection() if isinstance(session, Session) else session
    statement = _NEXT_NUMBER[bind.dialect.name == "sqlite"]
    number: int = session.execute(statement, {"year": year}).scalar_one()
    return number
