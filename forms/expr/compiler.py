"""Compile a checked tree into nested Python closures (no eval, no exec).

Each node becomes one small function of the evaluation context, so evaluating an
expression is a handful of plain calls. Errors at run time raise EvaluationError, which the
engine turns into null plus a finding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from forms.errors import EvaluationError
from forms.expr.checker import Scope
from forms.expr.functions import FUNCTIONS, full_years
from forms.expr.nodes import (
    Binary,
    Call,
    Compare,
    ListLit,
    Literal,
    Logical,
    Member,
    Name,
    Node,
    Unary,
)
from forms.expr.runtime import Ctx, check_list, check_text

Fn = Callable[[Ctx], Any]


def compile_node(node: Node, scope: Scope) -> Fn:
    """A closure computing `node`; `node` must have passed `checker.check`."""
    if isinstance(node, Literal):
        value = node.value
        return lambda c: value
    if isinstance(node, ListLit):
        items = [compile_node(item, scope) for item in node.items]
        return lambda c: [item(c) for item in items]
    if isinstance(node, Name):
        name = node.name
        if scope.is_row_member(name):
            return lambda c: c.row.get(name)
        return lambda c: c.v.get(name)
    if isinstance(node, Member):
        return _member(node.group, node.member)
    if isinstance(node, Unary):
        return _unary(node.op, compile_node(node.operand, scope))
    if isinstance(node, Logical):
        return _logical(node.op, compile_node(node.left, scope), compile_node(node.right, scope))
    if isinstance(node, Binary):
        return _binary(node.op, compile_node(node.left, scope), compile_node(node.right, scope))
    if isinstance(node, Compare):
        return _compare(node.op, compile_node(node.left, scope), compile_node(node.right, scope))
    if isinstance(node, Call):
        return _call(node, scope)
    raise AssertionError(f"unknown node {node!r}")  # pragma: no cover


def _member(group: str, member: str) -> Fn:
    def fn(c: Ctx) -> list[Any]:
        rows = c.v.get(group) or ()
        return [row.get(member) if isinstance(row, dict) else None for row in rows]

    return fn


def _unary(op: str, operand: Fn) -> Fn:
    if op == "not":
        return lambda c: not operand(c)

    def negate(c: Ctx) -> Any:
        value = operand(c)
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise EvaluationError("Nur Zahlen können negativ sein.")
        return -value

    return negate


def _logical(op: str, left: Fn, right: Fn) -> Fn:
    if op == "and":
        return lambda c: bool(left(c)) and bool(right(c))
    return lambda c: bool(left(c)) or bool(right(c))


def _add(a: Any, b: Any) -> Any:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a + b
    if isinstance(a, str) and isinstance(b, str):
        return check_text(a + b) if len(a) + len(b) > 1000 else a + b
    if isinstance(a, list) and isinstance(b, list):
        return check_list(a + b)
    raise EvaluationError("Diese Werte lassen sich nicht addieren.")


def _arith(op: str) -> Callable[[Any, Any], Any]:
    def numbers(a: Any, b: Any) -> tuple[Decimal, Decimal]:
        if not isinstance(a, Decimal) or not isinstance(b, Decimal):
            raise EvaluationError("Hier wurden Zahlen erwartet.")
        return a, b

    def sub(a: Any, b: Any) -> Decimal:
        x, y = numbers(a, b)
        return x - y

    def mul(a: Any, b: Any) -> Decimal:
        x, y = numbers(a, b)
        return x * y

    def div(a: Any, b: Any) -> Decimal:
        x, y = numbers(a, b)
        if not y:
            raise EvaluationError("Division durch null.")
        return x / y

    def mod(a: Any, b: Any) -> Decimal:
        x, y = numbers(a, b)
        if not y:
            raise EvaluationError("Division durch null.")
        return x % y

    def power(a: Any, b: Any) -> Decimal:
        x, y = numbers(a, b)
        return x ** int(y)

    ops: dict[str, Callable[[Any, Any], Any]] = {
        "+": _add,
        "-": sub,
        "*": mul,
        "/": div,
        "%": mod,
        "**": power,
    }
    return ops[op]


def _binary(op: str, left: Fn, right: Fn) -> Fn:
    apply = _arith(op)

    def fn(c: Ctx) -> Any:
        a = left(c)
        if a is None:
            return None
        b = right(c)
        if b is None:
            return None
        return apply(a, b)

    return fn


def _ordered(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    if type(a) is not type(b) or not isinstance(a, Decimal | str | dt.date):
        raise EvaluationError("Diese Werte lassen sich nicht vergleichen.")
    return True


def _compare(op: str, left: Fn, right: Fn) -> Fn:
    if op == "==":
        return lambda c: left(c) == right(c)
    if op == "!=":
        return lambda c: left(c) != right(c)
    if op in ("in", "not in"):
        negate = op == "not in"

        def member(c: Ctx) -> bool:
            item = left(c)
            container = right(c)
            if container is None:
                found = False
            elif isinstance(container, str):
                found = isinstance(item, str) and item in container
            elif isinstance(container, list):
                found = item in container
            else:
                raise EvaluationError("'in' braucht eine Liste oder einen Text.")
            return found != negate

        return member

    def lt(c: Ctx) -> bool:
        a, b = left(c), right(c)
        return _ordered(a, b) and a < b

    def le(c: Ctx) -> bool:
        a, b = left(c), right(c)
        return _ordered(a, b) and a <= b

    def gt(c: Ctx) -> bool:
        a, b = left(c), right(c)
        return _ordered(a, b) and a > b

    def ge(c: Ctx) -> bool:
        a, b = left(c), right(c)
        return _ordered(a, b) and a >= b

    return {"<": lt, "<=": le, ">": gt, ">=": ge}[op]


def _call(node: Call, scope: Scope) -> Fn:
    args = [compile_node(arg, scope) for arg in node.args]
    name = node.func
    if name == "today":
        return lambda c: c.today
    if name == "age":
        (arg,) = args

        def age(c: Ctx) -> Decimal | None:
            born = arg(c)
            if born is None:
                return None
            if not isinstance(born, dt.date):
                raise EvaluationError("age() braucht ein Datum.")
            return Decimal(full_years(born, c.today))

        return age
    if name == "if":
        cond, then, other = args
        return lambda c: then(c) if cond(c) else other(c)
    impl = FUNCTIONS[name].impl
    if len(args) == 1:
        (only,) = args
        return lambda c: impl(only(c))
    if len(args) == 2:
        first, second = args
        return lambda c: impl(first(c), second(c))
    return lambda c: impl(*[arg(c) for arg in args])
