"""What a compiled expression sees while running, and the limits it runs under."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from forms.errors import EvaluationError

#: Longest text an expression may produce.
MAX_TEXT = 10_000
#: Longest list an expression may produce.
MAX_LIST = 10_000

#: Decimal arithmetic of every evaluation: bounded precision and exponent, and every
#: mistake raises (and becomes null plus a finding) instead of yielding NaN or Infinity.
DECIMAL_CONTEXT = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=999_999,
    Emin=-999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


class Ctx:
    """The values an expression reads.

    Attributes:
        v: typed value of every top-level field by id (None when unanswered or not
            relevant); a group's value is its list of row dicts.
        row: typed values of the current repeat-group row (empty outside groups).
        today: the date `today()` returns, fixed per evaluation.
    """

    __slots__ = ("row", "today", "v")

    def __init__(self, v: dict[str, Any], today: dt.date) -> None:
        self.v = v
        self.row: dict[str, Any] = {}
        self.today = today


def check_text(value: str) -> str:
    """`value`, unless it is longer than the expression limit."""
    if len(value) > MAX_TEXT:
        raise EvaluationError(f"Ein Text wurde länger als {MAX_TEXT} Zeichen.")
    return value


def check_list(value: list[Any]) -> list[Any]:
    """`value`, unless it is longer than the expression limit."""
    if len(value) > MAX_LIST:
        raise EvaluationError(f"Eine Liste wurde länger als {MAX_LIST} Einträge.")
    return value
