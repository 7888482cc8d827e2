"""Answer paths: "name" for a top-level field, "haushalt[1].einkommen" for a row member.

Paths are how findings, the UI and the printed form point at one answer. Indexes are
0-based. Setting a value returns a new dict, so a caller's draft is never changed behind
its back.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # kept light: the store and `koffer sync` import this without pydantic
    from forms.model import Answers, AnswerValue

_PATH = re.compile(r"^([a-z][a-z0-9_]{0,63})(?:\[(\d{1,6})\](?:\.([a-z][a-z0-9_]{0,63}))?)?$")

#: A parsed path: (field id, row index or None, member id or None).
ParsedPath = tuple[str, int | None, str | None]


def parse_path(path: str) -> ParsedPath:
    """Split a path into (field, row, member).

    Examples: "name" -> ("name", None, None); "haushalt[1]" -> ("haushalt", 1, None);
    "haushalt[1].einkommen" -> ("haushalt", 1, "einkommen").

    Raises:
        ValueError: the text is not a path.
    """
    match = _PATH.match(path)
    if match is None:
        raise ValueError(f"not an answer path: {path!r}")
    field, index, member = match.groups()
    return (field, None if index is None else int(index), member)


def format_path(field: str, index: int | None = None, member: str | None = None) -> str:
    """The inverse of `parse_path`."""
    if index is None:
        return field
    if member is None:
        return f"{field}[{index}]"
    return f"{field}[{index}].{member}"


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
    if not isinstance(row, dict):
        return None
    return row.get(member)


def set_value(answers: Answers, path: str, value: AnswerValue) -> Answers:
    """A copy of `answers` with `path` set to `value`.

    Setting a member of a row that does not exist yet appends empty rows up to it, so
    the UI can fill a new row field by field.

    Raises:
        ValueError: the path is malformed, or names a row of a field that is not a list.
    """
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
        row = new_rows[index]
        if not isinstance(row, dict):
            row = {}
        row[member] = value
        new_rows[index] = row
    out[field] = new_rows
    return out


def texts_in(value: Any) -> Iterator[str]:
    """Every text inside an answer value, rows and lists included.

    Attachment and signature ids are texts in the answers: the attachments the relevant
    answers name are the ones sealed for the office (`sync.sealing`) and the ones that
    can prove a required document (`koffer.drafting.documents`) — one walk for both.
    """
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from texts_in(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from texts_in(item)
