"""Static types of expressions, known at load time: number, text, bool, date, list, any."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class T:
    """A static type; lists carry their element type ("row" for repeat-group rows)."""

    kind: str  # number | text | bool | date | list | row | any | null
    elem: T | None = None

    def __str__(self) -> str:
        if self.kind == "list" and self.elem is not None and self.elem.kind != "any":
            return f"list of {self.elem}"
        return self.kind

    @property
    def loose(self) -> bool:
        """Unknown until run time (any or null), so every check passes."""
        return self.kind in ("any", "null")

    def is_(self, *kinds: str) -> bool:
        """Whether the type may be one of `kinds` (loose types may be anything)."""
        return self.loose or self.kind in kinds


NUMBER = T("number")
TEXT = T("text")
BOOL = T("bool")
DATE = T("date")
ANY = T("any")
NULL = T("null")
ROW = T("row")
ROWS = T("list", ROW)


def list_of(elem: T) -> T:
    """The type of a list of `elem`."""
    return T("list", elem)


def join(a: T, b: T) -> T:
    """The type of a value that is either an `a` or a `b`."""
    if a.kind == "null":
        return b
    if b.kind == "null":
        return a
    if a == b:
        return a
    if a.kind == "list" and b.kind == "list":
        return list_of(join(a.elem or ANY, b.elem or ANY))
    return ANY


#: Expression type of an answer of each field type.
FIELD_TYPES: dict[str, T] = {
    "text": TEXT,
    "textarea": TEXT,
    "integer": NUMBER,
    "decimal": NUMBER,
    "currency": NUMBER,
    "date": DATE,
    "boolean": BOOL,
    "declaration": BOOL,
    "choice": TEXT,
    "multichoice": list_of(TEXT),
    "iban": TEXT,
    "tax_id": TEXT,
    "email": TEXT,
    "phone": TEXT,
    "postal_code": TEXT,
    "signature": TEXT,
    "attachment": list_of(TEXT),
    "group": ROWS,
}
