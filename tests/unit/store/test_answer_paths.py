"""The store's light copy of answer paths behaves exactly like forms.paths."""

from __future__ import annotations

from typing import Any

import pytest

from forms import paths as reference
from koffer.store import answer_paths as ours

ANSWERS: dict[str, Any] = {
    "name": "Anna",
    "haushalt": [{"einkommen": "1.00"}, {}],
    "text": "kein Feld mit Zeilen",
}
PATHS = [
    "name",
    "neu",
    "haushalt[0].einkommen",
    "haushalt[1].name",
    "haushalt[4].x",
    "haushalt[1]",
    "fehlt[2].x",
]


@pytest.mark.parametrize("path", PATHS)
def test_get_and_set_agree(path: str) -> None:
    assert ours.get_value(ANSWERS, path) == reference.get_value(ANSWERS, path)
    assert ours.set_value(ANSWERS, path, "v") == reference.set_value(ANSWERS, path, "v")
    assert ANSWERS["haushalt"] == [{"einkommen": "1.00"}, {}]  # input untouched


@pytest.mark.parametrize("path", ["", "Name", "a[x]", "a[1].B", "a.b", "a[1][2]"])
def test_bad_paths_agree(path: str) -> None:
    with pytest.raises(ValueError):
        ours.parse_path(path)
    with pytest.raises(ValueError):
        reference.parse_path(path)


def test_rows_of_a_non_list_agree() -> None:
    with pytest.raises(ValueError):
        ours.set_value(ANSWERS, "text[0].x", 1)
    with pytest.raises(ValueError):
        reference.set_value(ANSWERS, "text[0].x", 1)
