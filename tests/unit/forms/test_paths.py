"""Answer paths: parse, format, get and set."""

from __future__ import annotations

import pytest

from forms.paths import format_path, get_value, parse_path, set_value


@pytest.mark.parametrize(
    ("path", "parsed"),
    [
        ("name", ("name", None, None)),
        ("haushalt[1]", ("haushalt", 1, None)),
        ("haushalt[12].einkommen", ("haushalt", 12, "einkommen")),
    ],
)
def test_parse_and_format_round_trip(path, parsed):
    assert parse_path(path) == parsed
    assert format_path(*parsed) == path


@pytest.mark.parametrize("bad", ["", "Name", "a[x]", "a[1]b", "a.b", "a[1].", "a[-1].b"])
def test_parse_rejects_malformed_paths(bad):
    with pytest.raises(ValueError, match="not an answer path"):
        parse_path(bad)


def test_get_value_handles_missing_rows_and_members():
    answers = {"name": "Erika", "haushalt": [{"einkommen": "100"}, "kaputt"]}
    assert get_value(answers, "name") == "Erika"
    assert get_value(answers, "haushalt[0].einkommen") == "100"
    assert get_value(answers, "haushalt[1].einkommen") is None
    assert get_value(answers, "haushalt[5].einkommen") is None
    assert get_value(answers, "fehlt") is None


def test_set_value_returns_a_new_dict_and_grows_rows():
    answers = {"haushalt": [{"einkommen": "1"}]}
    changed = set_value(answers, "haushalt[2].einkommen", "3")
    assert answers == {"haushalt": [{"einkommen": "1"}]}
    assert changed["haushalt"] == [{"einkommen": "1"}, {}, {"einkommen": "3"}]
    assert set_value({}, "name", "x") == {"name": "x"}


def test_set_value_refuses_rows_of_a_plain_answer():
    with pytest.raises(ValueError, match="holds no rows"):
        set_value({"name": "x"}, "name[0].a", "y")
