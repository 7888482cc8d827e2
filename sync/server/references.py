"""Human receipt references (`SOZ-2026-000123`): unique and gap-free per year.

The number is taken from a per-year counter row inside the transaction that completes
the submission. The row is locked (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite's
`BEGIN IMMEDIATE` already serializes writers), so two completions never get the same
number, and a rolled-back completion gives its number back: no gaps.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sync.server.db import ReferenceCounter, is_sqlite


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


def next_number(session: Session, year: int) -> int:
    """Allocate the next number of `year` inside the caller's transaction."""
    url = str(session.get_bind().engine.url)
    dialect = sqlite if is_sqlite(url) else postgresql
    session.execute(
        dialect.insert(ReferenceCounter)
        .values(year=year, last_number=0)
        .on_conflict_do_nothing(index_elements=["year"])
    )
    counter = session.execute(
        select(ReferenceCounter)
        .where(ReferenceCounter.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
    counter.last_number += 1
    session.flush()
    return counter.last_number
