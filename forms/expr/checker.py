"""Static check of a parsed expression against the fields of a template.

Runs once at load time: unknown names and functions, wrong arity, obvious type errors and
misuse of `group.member` are reported with the offset where they occur, so an admin sees
them before a citizen ever does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from forms.errors import ExpressionError
from forms.expr.functions import FUNCTIONS
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
from forms.expr.typesys import ANY, BOOL, NULL, NUMBER, TEXT, T, join, list_of


@dataclass(frozen=True)
class Scope:
    """The names an expression may use.

    Attributes:
        fields: expression type of every top-level field that holds an answer.
        members: for each repeat group, the types of its members.
        no_answer: ids of fields that hold no answer (info texts).
        group: the group whose row the expression runs in, or None at top level.
    """

    fields: Mapping[str, T]
    members: Mapping[str, Mapping[str, T]]
    no_answer: frozenset[str] = frozenset()
    group: str | None = None
    member_group: Mapping[str, str] = field(default_factory=dict)

    def in_group(self, group: str | None) -> Scope:
        """The same names, seen from a row of `group`."""
        return Scope(self.fields, self.members, self.no_answer, group, self.member_group)

    def is_row_member(self, name: str) -> bool:
        """Whether `name` means a value of the current row."""
        return self.group is not None and name in self.members.get(self.group, {})


@dataclass
class Checked:
    """Result of the check: the expression's type and what it reads.

    Attributes:
        type: static type of the result.
        refs: top-level field ids read (a group id for `group.member` or the group).
        row_refs: members of the current row read.
    """

    type: T
    refs: set[str] = field(default_factory=set)
    row_refs: set[str] = field(default_factory=set)


def check(node: Node, scope: Scope) -> Checked:
    """Type-check `node` in `scope`.

    Raises:
        ExpressionError: the first problem found.
    """
    out = Checked(ANY)
    out.type = _Checker(scope, out).visit(node)
    return out


def _literal_type(value: object) -> T:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, str):
        return TEXT
    return NUMBER


class _Checker:
    def __init__(self, scope: Scope, out: Checked) -> None:
        self.scope = scope
        self.out = out

    def visit(self, node: Node) -> T:
        if isinstance(node, Literal):
            return _literal_type(node.value)
        if isinstance(node, ListLit):
            elem = NULL
            for item in node.items:
                elem = join(elem, self.visit(item))
            return list_of(ANY if elem.kind == "null" else elem)
        if isinstance(node, Name):
            return self.name(node)
        if isinstance(node, Member):
            return self.member(node)
        if isinstance(node, Unary):
            operand = self.visit(node.operand)
            if node.op == "not":
                return BOOL
            if not operand.is_("number"):
                raise ExpressionError(f"cannot negate {operand}", node.pos)
            return NUMBER
        if isinstance(node, Logical):
            self.visit(node.left)
            self.visit(node.right)
            return BOOL
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, Compare):
            return self.compare(node)
        if isinstance(node, Call):
            return self.call(node)
        raise ExpressionError("unsupported expression", node.pos)  # pragma: no cover

    def name(self, node: Name) -> T:
        name = node.name
        scope = self.scope
        if scope.is_row_member(name):
            self.out.row_refs.add(name)
            return scope.members[scope.group or ""][name]
        if name in scope.fields:
            self.out.refs.add(name)
            return scope.fields[name]
        if name in scope.member_group:
            group = scope.member_group[name]
            raise ExpressionError(
                f"'{name}' is a member of group '{group}'; outside its rows use {group}.{name}",
                node.pos,
            )
        if name in scope.no_answer:
            raise ExpressionError(f"'{name}' is an info text and holds no answer", node.pos)
        if name in FUNCTIONS:
            raise ExpressionError(f"'{name}' is a function; call it as {name}(...)", node.pos)
        raise ExpressionError(f"unknown field '{name}'", node.pos)

    def member(self, node: Member) -> T:
        members = self.scope.members.get(node.group)
        if members is None:
            if node.group in self.scope.fields or node.group in self.scope.member_group:
                raise ExpressionError(
                    f"'{node.group}' is not a repeat group; attribute access is not allowed",
                    node.pos,
                )
            raise ExpressionError(
                f"unknown group '{node.group}' (attribute access is not allowed)", node.pos
            )
        if node.member not in members:
            raise ExpressionError(f"group '{node.group}' has no member '{node.member}'", node.pos)
        self.out.refs.add(node.group)
        return list_of(members[node.member])

    def binary(self, node: Binary) -> T:
        left = self.visit(node.left)
        right = self.visit(node.right)
        if node.op == "+":
            for kind in ("number", "text", "list"):
                if left.is_(kind) and right.is_(kind) and (kind in (left.kind, right.kind)):
                    return join(left, right) if kind == "list" else T(kind)
            if left.loose and right.loose:
                return ANY
            raise ExpressionError(f"cannot add {left} and {right}", node.pos)
        if not left.is_("number") or not right.is_("number"):
            raise ExpressionError(f"'{node.op}' needs numbers, got {left} and {right}", node.pos)
        return NUMBER

    def compare(self, node: Compare) -> T:
        left = self.visit(node.left)
        right = self.visit(node.right)
        op = node.op
        if op in ("in", "not in"):
            if not right.is_("list", "text"):
                raise ExpressionError(f"'{op}' needs a list or text on the right", node.pos)
            if right.kind == "text" and not left.is_("text"):
                raise ExpressionError(f"cannot look for {left} in a text", node.pos)
            return BOOL
        if left.loose or right.loose:
            return BOOL
        if op in ("==", "!="):
            if left.kind != right.kind:
                raise ExpressionError(f"comparing {left} with {right} is always false", node.pos)
            return BOOL
        if left.kind != right.kind or left.kind not in ("number", "text", "date"):
            raise ExpressionError(f"cannot order {left} and {right}", node.pos)
        return BOOL

    def call(self, node: Call) -> T:
        func = FUNCTIONS.get(node.func)
        if func is None:
            raise ExpressionError(f"unknown function '{node.func}'", node.pos)
        n = len(node.args)
        if n < func.min_args or (func.max_args >= 0 and n > func.max_args):
            if func.min_args == func.max_args:
                wanted = str(func.min_args)
            elif func.max_args < 0:
                wanted = f"at least {func.min_args}"
            else:
                wanted = f"{func.min_args} to {func.max_args}"
            raise ExpressionError(f"{node.func}() takes {wanted} arguments, got {n}", node.pos)
        types = [self.visit(arg) for arg in node.args]
        return func.typer(types, [arg.pos for arg in node.args])
