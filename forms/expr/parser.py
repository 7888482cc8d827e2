"""Recursive-descent parser: tokens to a syntax tree, with bounded nesting.

Grammar, lowest precedence first: `or`, `and`, `not`, comparisons (one per level, no
chains), `+ -`, `* / %`, unary `-`, `**` (exponent: literal integer 0..10), calls and
atoms. The only dotted form is `group.member`; whether the names fit is the checker's job.
"""

from __future__ import annotations

from decimal import Decimal

from forms.errors import ExpressionError
from forms.expr.lexer import Token, tokenize
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
    children,
)

#: Deepest nesting of parentheses, lists, calls and unary operators.
MAX_NESTING = 20
#: Deepest syntax tree (long operator chains count too); keeps evaluation shallow.
MAX_TREE_DEPTH = 100
#: Largest exponent of `**`.
MAX_EXPONENT = 10

_KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})
_COMPARE = frozenset({"==", "!=", "<", "<=", ">", ">="})


def parse(text: str) -> Node:
    """Parse `text` into a tree.

    Raises:
        ExpressionError: a syntax error, with the offset where it was found.
    """
    if not text.strip():
        raise ExpressionError("expression is empty", 0)
    parser = _Parser(tokenize(text))
    node = parser.expression()
    tok = parser.peek()
    if tok.kind != "end":
        raise ExpressionError(f"unexpected {_describe(tok)}", tok.pos)
    _check_depth(node)
    return node


def _describe(tok: Token) -> str:
    if tok.kind == "end":
        return "end of expression"
    if tok.kind == "str":
        return "text"
    return repr(tok.text)


def _check_depth(root: Node) -> None:
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            raise ExpressionError("expression is too long a chain of operations", node.pos)
        stack.extend((child, depth + 1) for child in children(node))


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def next(self) -> Token:
        tok = self.tokens[self.i]
        if tok.kind != "end":
            self.i += 1
        return tok

    def at_op(self, op: str) -> bool:
        tok = self.tokens[self.i]
        return tok.kind == "op" and tok.text == op

    def at_word(self, word: str) -> bool:
        tok = self.tokens[self.i]
        return tok.kind == "name" and tok.text == word

    def expect_op(self, op: str) -> Token:
        tok = self.next()
        if tok.kind != "op" or tok.text != op:
            raise ExpressionError(f"expected {op!r}, found {_describe(tok)}", tok.pos)
        return tok

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ExpressionError(f"nesting deeper than {MAX_NESTING}", pos)

    # -- grammar -------------------------------------------------------------------

    def expression(self) -> Node:
        self.enter(self.peek().pos)
        node = self.or_expr()
        self.depth -= 1
        return node

    def or_expr(self) -> Node:
        node = self.and_expr()
        while self.at_word("or"):
            pos = self.next().pos
            node = Logical(pos, "or", node, self.and_expr())
        return node

    def and_expr(self) -> Node:
        node = self.not_expr()
        while self.at_word("and"):
            pos = self.next().pos
            node = Logical(pos, "and", node, self.not_expr())
        return node

    def not_expr(self) -> Node:
        if self.at_word("not"):
            pos = self.next().pos
            self.enter(pos)
            operand = self.not_expr()
            self.depth -= 1
            return Unary(pos, "not", operand)
        return self.comparison()

    def comparison(self) -> Node:
        left = self.additive()
        op = self._compare_op()
        if op is None:
            return left
        pos = self.peek().pos
        if op == "not in":
            self.next()
        self.next()
        node = Compare(pos, op, left, self.additive())
        if self._compare_op() is not None:
            raise ExpressionError("chained comparisons are not supported", self.peek().pos)
        return node

    def _compare_op(self) -> str | None:
        tok = self.peek()
        if tok.kind == "op" and tok.text in _COMPARE:
            return tok.text
        if tok.kind == "name" and tok.text == "in":
            return "in"
        if tok.kind == "name" and tok.text == "not":
            after = self.tokens[self.i + 1]
            if after.kind == "name" and after.text == "in":
                return "not in"
        return None

    def additive(self) -> Node:
        node = self.multiplicative()
        while self.at_op("+") or self.at_op("-"):
            tok = self.next()
            node = Binary(tok.pos, tok.text, node, self.multiplicative())
        return node

    def multiplicative(self) -> Node:
        node = self.unary()
        while self.at_op("*") or self.at_op("/") or self.at_op("%"):
            tok = self.next()
            node = Binary(tok.pos, tok.text, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.at_op("-"):
            pos = self.next().pos
            self.enter(pos)
            operand = self.unary()
            self.depth -= 1
            return Unary(pos, "-", operand)
        return self.power()

    def power(self) -> Node:
        base = self.atom()
        if not self.at_op("**"):
            return base
        pos = self.next().pos
        tok = self.next()
        if tok.kind != "num" or "." in tok.text or int(tok.text) > MAX_EXPONENT:
            raise ExpressionError(
                f"the exponent of ** must be a whole number from 0 to {MAX_EXPONENT}", tok.pos
            )
        if self.at_op("**"):
            raise ExpressionError("chained ** is not supported", self.peek().pos)
        return Binary(pos, "**", base, Literal(tok.pos, Decimal(tok.text)))

    def atom(self) -> Node:
        tok = self.next()
        if tok.kind == "num":
            return Literal(tok.pos, Decimal(tok.text))
        if tok.kind == "str":
            return Literal(tok.pos, tok.text)
        if tok.kind == "op" and tok.text == "(":
            node = self.expression()
            self.expect_op(")")
            return node
        if tok.kind == "op" and tok.text == "[":
            return self.list_literal(tok)
        if tok.kind == "name":
            return self.name_or_call(tok)
        raise ExpressionError(f"unexpected {_describe(tok)}", tok.pos)

    def list_literal(self, start: Token) -> Node:
        items: list[Node] = []
        self.enter(start.pos)
        if not self.at_op("]"):
            items.append(self.expression())
            while self.at_op(","):
                self.next()
                items.append(self.expression())
        self.expect_op("]")
        self.depth -= 1
        return ListLit(start.pos, tuple(items))

    def name_or_call(self, tok: Token) -> Node:
        word = tok.text
        if word == "true":
            return Literal(tok.pos, True)
        if word == "false":
            return Literal(tok.pos, False)
        if word == "null":
            return Literal(tok.pos, None)
        if word in _KEYWORDS:
            raise ExpressionError(f"unexpected {word!r}", tok.pos)
        if self.at_op("("):
            self.next()
            self.enter(tok.pos)
            args: list[Node] = []
            if not self.at_op(")"):
                args.append(self.expression())
                while self.at_op(","):
                    self.next()
                    args.append(self.expression())
            self.expect_op(")")
            self.depth -= 1
            return Call(tok.pos, word, tuple(args))
        if self.at_op("."):
            self.next()
            member = self.next()
            if member.kind != "name" or member.text in _KEYWORDS:
                raise ExpressionError("expected a member name after '.'", member.pos)
            if self.at_op(".") or self.at_op("("):
                raise ExpressionError(
                    "only group.member is allowed; no further '.' or calls", self.peek().pos
                )
            return Member(tok.pos, word, member.text)
        return Name(tok.pos, word)
