"""The stages and steps: every allowed step, and every other step refused in German."""

from __future__ import annotations

import itertools

import pytest

from koffer.drafting.lifecycle import (
    FINALISED,
    TRANSITIONS,
    Stage,
    Step,
    StepRefused,
    allowed,
    is_finalised,
    sources,
    step,
)

# Written out by hand from the life cycle in docs/lifecycle.md, not read from the code.
EXPECTED = {
    (Stage.DRAFT, Step.SIGN): Stage.SIGNED,
    (Stage.DRAFT, Step.RESTORE): Stage.SIGNED,
    (Stage.SIGNED, Step.SIGN): Stage.SIGNED,
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


def test_the_table_is_the_documented_life_cycle() -> None:
    assert dict(TRANSITIONS) == EXPECTED


@pytest.mark.parametrize(("stage", "what"), list(itertools.product(Stage, Step)))
def test_each_step_leads_where_documented_or_is_refused_in_german(stage: Stage, what: Step) -> None:
    if (stage, what) in EXPECTED:
        assert allowed(stage, what)
        assert step(stage, what) == EXPECTED[(stage, what)]
    else:
        assert not allowed(stage, what)
        with pytest.raises(StepRefused) as refused:
            step(stage, what)
        assert refused.value.user_message
        assert refused.value.user_message[0].isupper()


def test_nothing_leaves_received_but_the_purge_and_nothing_finalised_is_edited() -> None:
    assert [w for w in Step if allowed(Stage.RECEIVED, w)] == [Step.PURGE]
    for stage in FINALISED:
        assert is_finalised(stage)
        assert not stage.editable
        assert not allowed(stage, Step.SIGN)
    assert not is_finalised(Stage.DRAFT)
    assert not is_finalised(Stage.SIGNED)


def test_sources_are_the_stages_a_step_may_start_from() -> None:
    assert sources(Step.RECEIVE) == {Stage.SEALED, Stage.SENT}
    assert sources(Step.FINALISE) == {Stage.SIGNED}
    assert sources(Step.SEAL) == {Stage.AWAITING_KEY}
