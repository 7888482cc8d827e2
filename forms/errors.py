"""Errors of the forms package: template problems (with file and line) and expression errors."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in a template file, reported as `file:line: message`."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class TemplateError(Exception):
    """A template cannot be loaded or compiled; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ExpressionError(Exception):
    """An expression cannot be parsed or fails the static check.

    Attributes:
        message: what is wrong, in English (admin-facing).
        offset: character offset in the expression text where the problem starts.
    """

    def __init__(self, message: str, offset: int = 0) -> None:
        self.message = message
        self.offset = offset
        super().__init__(f"{message} (at character {offset + 1})")


class EvaluationError(Exception):
    """An expression failed while evaluating (division by zero, text too long, ...).

    The engine turns it into a null value and a finding; it never reaches the user as
    a traceback. `message` is German because it ends up in a finding.
    """

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)
