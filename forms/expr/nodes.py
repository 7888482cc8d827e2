"""The syntax tree of an expression: small immutable nodes, each knowing its offset."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Node:
    """Base of all nodes; `pos` is the character offset in the expression text."""

    pos: int


@dataclass(frozen=True, slots=True)
class Literal(Node):
    """A number (Decimal), text, true/false or null."""

    value: Decimal | str | bool | None


@dataclass(frozen=True, slots=True)
class ListLit(Node):
    """A list literal: `['a', 'b']`."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Name(Node):
    """A field id."""

    name: str


@dataclass(frozen=True, slots=True)
class Member(Node):
    """`group.member`: the member's values over all rows (the only dotted form)."""

    group: str
    member: str


@dataclass(frozen=True, slots=True)
class Unary(Node):
    """`-x` or `not x`."""

    op: str
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary(Node):
    """Arithmetic: `+ - * / % **`."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Logical(Node):
    """`and` / `or`, short-circuiting; null counts as false."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Compare(Node):
    """`== != < <= > >= in` and `not in`."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call(Node):
    """A call of a whitelisted function."""

    func: str
    args: tuple[Node, ...]


def children(node: Node) -> tuple[Node, ...]:
    """The direct children of `node`, for walks that must not recurse."""
    if isinstance(node, ListLit):
        return node.items
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary | Logical | Compare):
        return (node.left, node.right)
    return ()
