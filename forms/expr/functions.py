"""The whitelisted functions: their static signature and their implementation.

Every implementation takes already evaluated values (Decimal, str, bool, date, list,
None) and follows the null rules of the language: most functions of null give null.
`today()` and `if()` need the context or lazy arguments, so the compiler handles them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from forms.errors import EvaluationError, ExpressionError
from forms.expr.runtime import check_text
from forms.expr.typesys import ANY, BOOL, DATE, NUMBER, TEXT, T, join

Typer = Callable[[Sequence[T], Sequence[int]], T]


@dataclass(frozen=True, slots=True)
class Function:
    """A function of the language."""

    min_args: int
    max_args: int  # -1: any number
    typer: Typer
    impl: Callable[..., Any]


def _need(t: T, pos: int, func: str, *kinds: str) -> None:
    if not t.is_(*kinds):
        wanted = " or ".join(kinds)
        raise ExpressionError(f"{func}() expects {wanted}, got {t}", pos)


def _fixed(result: T, *kinds: tuple[str, ...], name: str) -> Typer:
    def typer(args: Sequence[T], pos: Sequence[int]) -> T:
        for t, p, k in zip(args, pos, kinds, strict=False):
            if k:
                _need(t, p, name, *k)
        return result

    return typer


# -- runtime helpers ------------------------------------------------------------------


def _date(value: Any) -> dt.date:
    if not isinstance(value, dt.date):
        raise EvaluationError("Ein Datum wurde erwartet.")
    return value


def _num(value: Any) -> Decimal:
    if not isinstance(value, Decimal):
        raise EvaluationError("Eine Zahl wurde erwartet.")
    return value


def full_years(start: dt.date, end: dt.date) -> int:
    """Completed years from `start` to `end` (negative when end is earlier)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def _years_between(a: Any, b: Any) -> Decimal | None:
    if a is None or b is None:
        return None
    return Decimal(full_years(_date(a), _date(b)))


def _days_between(a: Any, b: Any) -> Decimal | None:
    if a is None or b is None:
        return None
    return Decimal((_date(b) - _date(a)).days)


def _parse_date(text: Any) -> dt.date | None:
    if not isinstance(text, str) or len(text) != 10:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _year(d: Any) -> Decimal | None:
    return None if d is None else Decimal(_date(d).year)


def _month(d: Any) -> Decimal | None:
    return None if d is None else Decimal(_date(d).month)


def _len(x: Any) -> Decimal:
    if x is None:
        return Decimal(0)
    if isinstance(x, str | list):
        return Decimal(len(x))
    raise EvaluationError("len() braucht einen Text oder eine Liste.")


def _count(items: Any, *value: Any) -> Decimal:
    if items is None:
        return Decimal(0)
    if not isinstance(items, list):
        raise EvaluationError("count() braucht eine Liste.")
    if not value:
        return Decimal(len(items))
    return Decimal(sum(1 for item in items if item == value[0]))


def _sum(items: Any) -> Decimal:
    if items is None:
        return Decimal(0)
    if not isinstance(items, list):
        raise EvaluationError("sum() braucht eine Liste.")
    total = Decimal(0)
    for item in items:
        if item is not None:
            total += _num(item)
    return total


def _extreme(pick: Callable[[list[Any]], Any]) -> Callable[..., Any]:
    def impl(*args: Any) -> Any:
        values = args[0] if len(args) == 1 and isinstance(args[0], list) else list(args)
        present = [v for v in values if v is not None]
        if not present:
            return None
        kinds = {type(v) for v in present}
        if len(kinds) != 1 or not isinstance(present[0], Decimal | dt.date | str):
            raise EvaluationError("min()/max() brauchen gleichartige Werte.")
        return pick(present)

    return impl


def _round(x: Any, n: Any = Decimal(0)) -> Decimal | None:
    if x is None or n is None:
        return None
    places = _num(n)
    if places != places.to_integral_value() or not 0 <= places <= 10:
        raise EvaluationError("round() rundet auf 0 bis 10 Nachkommastellen.")
    return _num(x).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def _abs(x: Any) -> Decimal | None:
    return None if x is None else abs(_num(x))


def _text_fn(op: Callable[[str], str]) -> Callable[[Any], str | None]:
    def impl(s: Any) -> str | None:
        if s is None:
            return None
        if not isinstance(s, str):
            raise EvaluationError("Ein Text wurde erwartet.")
        return check_text(op(s))

    return impl


def _contains(container: Any, x: Any) -> bool:
    if container is None:
        return False
    if isinstance(container, list):
        # `group.member` of a multichoice is a list of lists: look into each row too.
        return x in container or any(x in item for item in container if isinstance(item, list))
    if isinstance(container, str):
        if x is None:
            return False
        if not isinstance(x, str):
            raise EvaluationError("In einem Text kann nur Text gesucht werden.")
        return x in container
    raise EvaluationError("contains() braucht einen Text oder eine Liste.")


def _starts_with(s: Any, prefix: Any) -> bool:
    if not isinstance(s, str) or not isinstance(prefix, str):
        return False
    return s.startswith(prefix)


def is_empty(x: Any) -> bool:
    """Unanswered: null, empty text or empty list."""
    return x is None or x in ("", [])


def _coalesce(*args: Any) -> Any:
    for value in args:
        if not is_empty(value):
            return value
    return None


def _any(items: Any) -> bool | None:
    if items is None:
        return None
    if not isinstance(items, list):
        raise EvaluationError("any() braucht eine Liste.")
    return any(bool(v) for v in items)


def _all(items: Any) -> bool | None:
    if items is None:
        return None
    if not isinstance(items, list):
        raise EvaluationError("all() braucht eine Liste.")
    return all(bool(v) for v in items)


# -- static typers that need more than fixed kinds -------------------------------------


def _type_len(args: Sequence[T], pos: Sequence[int]) -> T:
    _need(args[0], pos[0], "len", "text", "list")
    return NUMBER


def _type_count(args: Sequence[T], pos: Sequence[int]) -> T:
    _need(args[0], pos[0], "count", "list")
    return NUMBER


def _type_sum(args: Sequence[T], pos: Sequence[int]) -> T:
    _need(args[0], pos[0], "sum", "list")
    elem = args[0].elem or ANY
    if not elem.is_("number"):
        raise ExpressionError(f"sum() adds numbers, not {elem}", pos[0])
    return NUMBER


def _type_extreme(name: str) -> Typer:
    def typer(args: Sequence[T], pos: Sequence[int]) -> T:
        if len(args) == 1:
            _need(args[0], pos[0], name, "list")
            elem = args[0].elem or ANY
            _need(elem, pos[0], name, "number", "date", "text")
            return elem
        result = args[0]
        for t, p in zip(args, pos, strict=True):
            _need(t, p, name, "number", "date", "text")
            result = join(result, t)
        return result

    return typer


def _type_contains(args: Sequence[T], pos: Sequence[int]) -> T:
    _need(args[0], pos[0], "contains", "text", "list")
    if args[0].kind == "text":
        _need(args[1], pos[1], "contains", "text")
    return BOOL


def _type_join(args: Sequence[T], pos: Sequence[int]) -> T:
    result = args[0]
    for t in args[1:]:
        result = join(result, t)
    return result


def _type_if(args: Sequence[T], pos: Sequence[int]) -> T:
    return join(args[1], args[2])


def _today() -> None:  # pragma: no cover - compiled specially
    raise AssertionError("today() is compiled by the compiler")


FUNCTIONS: dict[str, Function] = {
    "today": Function(0, 0, _fixed(DATE, name="today"), _today),
    "age": Function(1, 1, _fixed(NUMBER, ("date",), name="age"), _years_between),
    "years_between": Function(
        2, 2, _fixed(NUMBER, ("date",), ("date",), name="years_between"), _years_between
    ),
    "days_between": Function(
        2, 2, _fixed(NUMBER, ("date",), ("date",), name="days_between"), _days_between
    ),
    "date": Function(1, 1, _fixed(DATE, ("text",), name="date"), _parse_date),
    "year": Function(1, 1, _fixed(NUMBER, ("date",), name="year"), _year),
    "month": Function(1, 1, _fixed(NUMBER, ("date",), name="month"), _month),
    "len": Function(1, 1, _type_len, _len),
    "count": Function(1, 2, _type_count, _count),
    "sum": Function(1, 1, _type_sum, _sum),
    "min": Function(1, -1, _type_extreme("min"), _extreme(min)),
    "max": Function(1, -1, _type_extreme("max"), _extreme(max)),
    "round": Function(1, 2, _fixed(NUMBER, ("number",), ("number",), name="round"), _round),
    "abs": Function(1, 1, _fixed(NUMBER, ("number",), name="abs"), _abs),
    "lower": Function(1, 1, _fixed(TEXT, ("text",), name="lower"), _text_fn(str.lower)),
    "upper": Function(1, 1, _fixed(TEXT, ("text",), name="upper"), _text_fn(str.upper)),
    "trim": Function(1, 1, _fixed(TEXT, ("text",), name="trim"), _text_fn(str.strip)),
    "contains": Function(2, 2, _type_contains, _contains),
    "starts_with": Function(
        2, 2, _fixed(BOOL, ("text",), ("text",), name="starts_with"), _starts_with
    ),
    "empty": Function(1, 1, _fixed(BOOL, name="empty"), is_empty),
    "filled": Function(1, 1, _fixed(BOOL, name="filled"), lambda x: not is_empty(x)),
    "if": Function(3, 3, _type_if, _coalesce),  # compiled lazily by the compiler
    "coalesce": Function(2, -1, _type_join, _coalesce),
    "any": Function(1, 1, _fixed(BOOL, ("list",), name="any"), _any),
    "all": Function(1, 1, _fixed(BOOL, ("list",), name="all"), _all),
}
