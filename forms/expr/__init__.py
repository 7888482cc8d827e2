"""The Koffer expression language: parse once, check statically, compile to closures.

    compiled = compile_expression("age(geburtsdatum) >= 18", scope)
    compiled.type       # static type
    compiled.refs       # top-level fields read (for ordering and cycle detection)
    compiled.evaluate(ctx)  # value, or raises EvaluationError

Nothing here uses eval or exec: the text is tokenized and parsed by our own parser, and
only whitelisted functions exist.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from typing import Any

from forms.errors import EvaluationError, ExpressionError
from forms.expr.checker import Scope, check
from forms.expr.compiler import Fn, compile_node
from forms.expr.parser import parse
from forms.expr.runtime import DECIMAL_CONTEXT, Ctx
from forms.expr.typesys import T

__all__ = [
    "DECIMAL_CONTEXT",
    "CompiledExpression",
    "Ctx",
    "EvaluationError",
    "ExpressionError",
    "Scope",
    "compile_expression",
    "parse",
]


@dataclass(frozen=True, slots=True)
class CompiledExpression:
    """A checked, compiled expression.

    Attributes:
        text: the source text.
        type: its static type.
        refs: top-level field ids it reads.
        row_refs: members of the current row it reads.
        fn: the compiled closure; call `evaluate` for the error handling.
    """

    text: str
    type: T
    refs: frozenset[str]
    row_refs: frozenset[str]
    fn: Fn

    def evaluate(self, ctx: Ctx) -> Any:
        """The value in `ctx`.

        Must run inside `decimal.localcontext(DECIMAL_CONTEXT)` (the engine does that once
        per evaluation).

        Raises:
            EvaluationError: division by zero, overlong text, mismatched values at run time.
        """
        try:
            return self.fn(ctx)
        except EvaluationError:
            raise
        except (decimal.DecimalException, ArithmeticError):
            raise EvaluationError("Die Rechnung ist nicht möglich (Zahl zu groß?).") from None
        except (TypeError, ValueError):
            raise EvaluationError("Die Werte passen nicht zur Regel.") from None
        except RecursionError:  # pragma: no cover - trees are shallow by construction
            raise EvaluationError("Die Regel ist zu verschachtelt.") from None


def compile_expression(text: str, scope: Scope) -> CompiledExpression:
    """Parse, check and compile `text` for use in `scope`.

    Raises:
        ExpressionError: syntax error, unknown name or function, type error, limits.
    """
    node = parse(text)
    checked = check(node, scope)
    return CompiledExpression(
        text=text,
        type=checked.type,
        refs=frozenset(checked.refs),
        row_refs=frozenset(checked.row_refs),
        fn=compile_node(node, scope),
    )
