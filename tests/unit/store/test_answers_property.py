"""Property test: any sequence of answer edits (values, rows added, removed, filled)
leaves exactly what a plain dict model says, with forms.paths as the oracle."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.paths import set_value
from koffer.store import DraftStore

FIELDS = st.sampled_from(["name", "plz", "kinder"])
GROUPS = st.sampled_from(["haushalt", "konten"])
MEMBERS = st.sampled_from(["name", "einkommen"])
VALUES = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.integers(-1000, 10**6),
    st.booleans(),
    st.lists(st.text(max_size=5), max_size=3),
)
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("set"), FIELDS, VALUES),
        st.tuples(st.just("set_row"), GROUPS, st.integers(0, 3), MEMBERS, VALUES),
        st.tuples(st.just("add_row"), GROUPS),
        st.tuples(st.just("remove_row"), GROUPS, st.integers(0, 3)),
    ),
    max_size=12,
)


def _apply(
    store: DraftStore, draft_id: str, model: dict[str, Any], op: tuple[Any, ...]
) -> dict[str, Any]:
    kind = op[0]
    if kind == "set":
        store.set_answer(draft_id, op[1], op[2])
        return set_value(model, op[1], op[2])
    if kind == "set_row":
        path = f"{op[1]}[{op[2]}].{op[3]}"
        store.set_answer(draft_id, path, op[4])
        return set_value(model, path, op[4])
    rows = list(model.get(op[1]) or [])
    if kind == "add_row":
        assert store.add_group_row(draft_id, op[1]) == len(rows)
        return {**model, op[1]: [*rows, {}]}
    if op[2] >= len(rows):
        return model
    store.remove_group_row(draft_id, op[1], op[2])
    del rows[op[2]]
    return {**model, op[1]: rows}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_store_matches_the_model(store: DraftStore, ops: list[tuple[Any, ...]]) -> None:
    draft_id = store.create_draft("t", "1.0.0").id
    model: dict[str, Any] = {}
    for op in ops:
        model = _apply(store, draft_id, model, op)
        assert store.get_draft(draft_id).answers == model
