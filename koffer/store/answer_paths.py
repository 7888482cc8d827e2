"""Answer paths ("name", "haushalt[1].einkommen") for the store, without importing forms.

Same rules as `forms.paths` (the contract in the spec; a unit test checks they agree):
0-based row index, setting a member of a missing row appends empty rows. The store keeps
its own copy only so that importing it does not load the template models (pydantic):
`koffer status`, `koffer sync` and the crash test's child process start in a fraction of
the time.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from forms.model import Answers, AnswerValue

_PATH = re.compile(r"^([a-z][a-z0-9_]{0,63})(?:\[(\d{1,6})\](?:\.([a-z][a-z0-9_]{0,63}))?)?$")


def parse_path(path: str) -> tuple[str, int | None, str | None]:
    """(field, row, member) of `path`; ValueError when it is not a path."""
    match = _PATH.match(path)
    if match is None:
        raise ValueError(f"not an answer path: {path!r}")
    field, index, member = match.groups()
    return (field, None if index is None else int(index), member)


def get_value(answers: Answers, path: str) -> AnswerValue:
    """The answer at `path`, or None when it (or its row) does not exist."""
    field, index, member = parse_path(path)
    value = answers.get(field)
    if index is None:
        return value
    if not isinstance(value, list) or index >= len(value):
        return None
    row: Any = value[index]
    if member is None:
        return row  # type: ignore[no-any-return]
    return row.get(member) if isinstance(row, dict) else None


def set_value(answers: Answers, path: str, value: AnswerValue) -> Answers:
    """A copy of `answers` with `path` set to `value` (missing rows are appended)."""
    field, index, member = parse_path(path)
    out = dict(answers)
    if index is None:
        out[field] = value
        return out
    rows = out.get(field)
    if rows is None:
        rows = []
    if not isinstance(rows, list):
        raise ValueError(f"{field!r} holds no rows")
    new_rows: list[Any] = copy.deepcopy(rows)
    while len(new_rows) <= index:
        new_rows.append({})
    if member is None:
        new_rows[index] = value
    else:
        row = new_rows[index] if isinstance(new_rows[index], dict) else {}
        row[member] = value
        new_rows[index] = row
    out[field] = new_rows
    return out
