"""Split expression text into tokens; anything outside the language is rejected here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from forms.errors import ExpressionError

TokenKind = Literal["num", "str", "name", "op", "end"]

#: Longest expression text accepted.
MAX_LENGTH = 2000
#: Longest number literal (digits and dot).
MAX_NUMBER_LENGTH = 30

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPS: tuple[str, ...] = ("**", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%")
_OPS += ("(", ")", "[", "]", ",", ".")
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "'": "'", '"': '"'}


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind, text (unescaped for strings) and offset."""

    kind: TokenKind
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    """Tokens of `text`, ending with an "end" token.

    Raises:
        ExpressionError: unknown character, unterminated text, too long.
    """
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression longer than {MAX_LENGTH} characters", MAX_LENGTH)
    tokens: list[Token] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\r\n":
            i += 1
            continue
        if ch.isascii() and ch.isdigit():
            match = _NUMBER.match(text, i)
            assert match is not None
            if len(match.group()) > MAX_NUMBER_LENGTH:
                raise ExpressionError("number literal too long", i)
            tokens.append(Token("num", match.group(), i))
            i = match.end()
            continue
        if ch == "_" or (ch.isascii() and ch.isalpha()):
            match = _NAME.match(text, i)
            assert match is not None
            tokens.append(Token("name", match.group(), i))
            i = match.end()
            continue
        if ch in "'\"":
            i = _read_string(text, i, tokens)
            continue
        for op in _OPS:
            if text.startswith(op, i):
                tokens.append(Token("op", op, i))
                i += len(op)
                break
        else:
            raise ExpressionError(f"unexpected character {ch!r}", i)
    tokens.append(Token("end", "", n))
    return tokens


def _read_string(text: str, start: int, tokens: list[Token]) -> int:
    quote = text[start]
    parts: list[str] = []
    i = start + 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == quote:
            tokens.append(Token("str", "".join(parts), start))
            return i + 1
        if ch == "\\":
            if i + 1 >= n:
                break
            esc = text[i + 1]
            if esc not in _ESCAPES:
                raise ExpressionError(f"unknown escape \\{esc} in text", i)
            parts.append(_ESCAPES[esc])
            i += 2
            continue
        parts.append(ch)
        i += 1
    raise ExpressionError("text is not closed (missing quote)", start)
