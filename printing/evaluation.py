"""What rendering needs from the forms engine, and how it gets it.

Printing must show exactly what the engine considers relevant: an answer to a question
that no longer applies (say, rent details after "owner" was chosen) must never reach
paper. So every printout is built from `relevant_answers()`, never from raw answers.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from forms.model import Answers, Template


class Evaluation(Protocol):
    """The part of `forms.engine`'s evaluation result that printing uses."""

    def is_relevant(self, path: str) -> bool:
        """Whether a field path, section id or document id applies now."""
        ...

    def relevant_answers(self) -> Answers:
        """Only relevant answers, computed values filled in."""
        ...


def evaluate(template: Template, answers: Answers, today: dt.date) -> Evaluation:
    """Evaluate `answers` with the forms engine (compiled once per call)."""
    from forms.engine import compile_template

    result: Evaluation = compile_template(template).evaluate(answers, today=today)
    return result
