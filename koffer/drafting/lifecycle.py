"""What a draft may do next: its stages and every allowed step between them.

::

    draft ──sign──► signed ──finalise──► sealed ──send──► sent ──receive──► received
      ▲  ◄──void────  ▲  │                 ▲  │                               │
      │   restore ────┘  └─finalise without│  └──────────receive──────────────┤
      │   (undo)           office key ──► awaiting_key ──seal─┘               purge
      └──return (refused by the town hall)◄── sealed / sent                    ▼
                                                                            (gone)

A step is checked here and nowhere else: `step()` gives the stage a step leads to, or
raises `StepRefused` with a German reason. The stages themselves are stored by
`koffer.store` (`DraftStatus`); what a step needs beyond its stage (a signature for
exactly the reviewed answers, complete answers, a known template version) is checked by
the modules that take the step (`signing`, `finalising`), through this table.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from koffer.drafting.actors import Actor
from koffer.store import DraftStatus

Stage = DraftStatus
"""A draft's stage (the values the store keeps)."""


class Step(enum.StrEnum):
    """Something that moves a draft to another stage; the value names it in the audit log."""

    SIGN = "signed"  # signed on the pad or recorded as signed on paper
    VOID = "signature_voided"  # an answer changed after signing
    RESTORE = "signature_valid_again"  # undo brought back exactly the signed answers
    FINALISE = "finalised"  # "Abschließen": sealed into the outbox at once
    AWAIT_KEY = "finalised_awaiting_key"  # "Abschließen" while the office key is missing
    SEAL = "sealed"  # the office key arrived: sealed into the outbox
    SEND = "sent"  # the town hall took the submission
    RECEIVE = "received"  # the town hall's receipt with its reference
    RETURN = "returned"  # the town hall refused it: back to the worker
    PURGE = "purged"  # retention after the receipt is over: deleted


#: (stage, step) → the stage after it; None: the draft is gone.
TRANSITIONS: Mapping[tuple[Stage, Step], Stage | None] = {
    (Stage.DRAFT, Step.SIGN): Stage.SIGNED,
    (Stage.DRAFT, Step.RESTORE): Stage.SIGNED,
    (Stage.SIGNED, Step.SIGN): Stage.SIGNED,  # signed again (e.g. on paper instead)
    (Stage.SIGNED, Step.VOID): Stage.DRAFT,
    (Stage.SIGNED, Step.FINALISE): Stage.SEALED,
    (Stage.SIGNED, Step.AWAIT_KEY): Stage.AWAITING_KEY,
    (Stage.AWAITING_KEY, Step.SEAL): Stage.SEALED,
    (Stage.SEALED, Step.SEND): Stage.SENT,
    (Stage.SEALED, Step.RECEIVE): Stage.RECEIVED,
    (Stage.SENT, Step.RECEIVE): Stage.RECEIVED,
    (Stage.SEALED, Step.RETURN): Stage.DRAFT,
    (Stage.SENT, Step.RETURN): Stage.DRAFT,
    (Stage.RECEIVED, Step.PURGE): None,
}

#: Stages whose application counts as made: a receipt may be printed, nothing changes.
FINALISED = frozenset({Stage.AWAITING_KEY, Stage.SEALED, Stage.SENT, Stage.RECEIVED})

_REFUSED: dict[Step, str] = {
    Step.SIGN: "Ein abgeschlossener Antrag kann nicht mehr unterschrieben werden.",
    Step.FINALISE: "Der Antrag muss zuerst unterschrieben werden.",
    Step.AWAIT_KEY: "Der Antrag muss zuerst unterschrieben werden.",
    Step.RETURN: "Nur ein abgeschlossener, noch nicht bestätigter Antrag kann zurückkommen.",
}
_REFUSED_DEFAULT = "Das ist in diesem Stand des Antrags nicht möglich."


class StepRefused(Exception):  # noqa: N818 - "refused" reads better than "...Error" here
    """A step that the draft's stage (or what it needs) does not allow.

    Attributes:
        user_message: German, for the worker: why not, and what to do.
    """

    def __init__(self, detail: str, user_message: str) -> None:
        super().__init__(detail)
        self.user_message = user_message


def step(stage: Stage, what: Step) -> Stage | None:
    """The stage `what` leads to from `stage` (None: the draft is deleted).

    Raises:
        StepRefused: the step is not allowed from `stage`.
    """
    key = (stage, what)
    if key not in TRANSITIONS:
        raise StepRefused(f"{what} from {stage}", _REFUSED.get(what, _REFUSED_DEFAULT))
    return TRANSITIONS[key]


def allowed(stage: Stage, what: Step) -> bool:
    """Whether `what` may be taken from `stage`."""
    return (stage, what) in TRANSITIONS


def sources(what: Step) -> frozenset[Stage]:
    """Every stage `what` may be taken from (the store's compare-and-set)."""
    return frozenset(stage for stage, taken in TRANSITIONS if taken is what)


def is_finalised(stage: Stage) -> bool:
    """Whether the application is made (finalised): its answers can no longer change."""
    return stage in FINALISED


@dataclass(frozen=True, slots=True)
class Transition:
    """A step that happened: what observers (the UI, later a backup) are told.

    Attributes:
        draft_id: the draft.
        before, after: its stages (after is None: deleted).
        step: what moved it.
        by: who took the step.
        at: when.
    """

    draft_id: str
    before: Stage
    after: Stage | None
    step: Step
    by: Actor
    at: datetime


@dataclass(frozen=True, slots=True)
class Saved:
    """A draft's answers were written (no stage change): what observers that keep a copy
    of a draft (a backup, say) need to hear.

    Attributes:
        draft_id: the draft.
        paths: the answer paths written ("*" for the whole answer set).
        by: who changed them.
        at: when.
    """

    draft_id: str
    paths: tuple[str, ...]
    by: Actor
    at: datetime


#: What `Workspace.subscribe` listeners are told.
Event = Transition | Saved
