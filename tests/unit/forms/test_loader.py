"""The loader: safe YAML, every problem as file:line: message, never a crash."""

from __future__ import annotations

import contextlib
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms import catalog_dir
from forms.errors import TemplateError
from forms.loader import MAX_BYTES, load_catalog, load_template, load_template_text

from .conftest import SMALL


def problems_of(text: str) -> list[str]:
    with pytest.raises(TemplateError) as caught:
        load_template_text(text, "t.yaml")
    return [str(p) for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    """The last line containing `needle` (duplicates are reported at the second one)."""
    return [i for i, line in enumerate(text.splitlines(), 1) if needle in line][-1]


def test_loads_a_valid_template(small_yaml):
    template = load_template_text(small_yaml, "t.yaml")
    assert template.id == "test-form"
    assert [f.id for f in template.iter_fields()][:3] == ["name", "geburtsdatum", "wohnform"]


def test_load_template_reads_a_file(tmp_path, small_yaml):
    path = tmp_path / "t.yaml"
    path.write_text(small_yaml, encoding="utf-8")
    assert load_template(path).title == "Testformular"


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("max_length: 20", "max_lenght: 20", "max_lenght", "unknown key 'max_lenght'"),
        (
            "        label: Name\n",
            "        label: Name\n        label: Name2\n",
            "Name2",
            "duplicate key 'label'",
        ),
        ("- id: geburtsdatum", "- id: name", "- id: name", "duplicate id 'name'"),
        (
            "relevant: \"wohnform == 'miete'\"\n        required",
            'relevant: "wohnform == 1"\n        required',
            "wohnform == 1",
            "always false",
        ),
        ('"age(geburtsdatum) >= 18"', '"age(name) >= 18"', "age(name)", "age() expects date"),
        ('"age(geburtsdatum) >= 18"', "\"__import__('os')\"", "__import__", "'__import__'"),
        ('"age(geburtsdatum) >= 18"', '"name.__class__"', "__class__", "attribute access"),
        ('"age(geburtsdatum) >= 18"', '"gibtsnicht > 1"', "gibtsnicht", "unknown field"),
        ('"age(geburtsdatum) >= 18"', '"2 ** 100 > 1"', "2 ** 100", "exponent"),
        ('"age(geburtsdatum) >= 18"', '"einkommen > 1"', "einkommen > 1", "haushalt.einkommen"),
        ('"hat_einkommen == true"', '"einkommen > 1"', "einkommen > 1", "einkommen -> einkommen"),
        (
            "relevant: \"wohnform == 'miete'\"\n        required",
            'relevant: "miete > 1"\n        required',
            "miete > 1",
            "cyclic",
        ),
        ("default: miete", "default: haus", "default: haus", "default does not fit"),
        ("version: 1.0.0", "version: 1.0", "version: 1.0", "write it in quotes"),
        ("- id: ausweis", "- id: mietvertrag", "- id: mietvertrag", "duplicate document id"),
        ("type: choice", "type: auswahl", "type: auswahl", "type"),
        ("max_count: 3", "max_count: 0", "max_count: 0", "greater than or equal to 1"),
    ],
)
def test_problems_name_the_line(old, new, needle, message):
    assert SMALL.count(old) == 1
    text = SMALL.replace(old, new)
    problems = problems_of(text)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"t.yaml:{line_of(text, needle)}: "), problems
    assert message in problems[0]


def test_cycle_between_computed_fields_is_reported():
    old = '        compute: "sum(haushalt.einkommen) + coalesce(miete, 0)"\n'
    assert old in SMALL
    text = SMALL.replace(
        old,
        '        compute: "summe2"\n'
        "      - id: summe2\n"
        "        type: currency\n"
        "        label: Summe 2\n"
        '        compute: "summe + 1"\n',
    )
    (problem,) = problems_of(text)
    assert "cyclic" in problem
    assert "summe -> summe2 -> summe" in problem


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "file is empty"),
        ("- a\n- b\n", "is a YAML mapping"),
        ("a: [1,\n", "malformed YAML"),
        ("a: 1\n---\nb: 2\n", "single document"),
        ("a: &x [1]\nb: *x\n", "aliases"),
        ("a: &a [x,x]\nb: &b [*a,*a]\nc: [*b,*b]\n", "aliases"),
        ("<<: {a: 1}\n", "merge keys"),
        ("a: " + "[" * 25 + "]" * 25 + "\n", "nesting deeper than 20"),
        ("a: " + "[" * 200_000, "nesting deeper than 20"),
        ("a:\n" + "".join("  " * i + "b:\n" for i in range(1, 30)), "nesting deeper than 20"),
        ("? [a]\n: 1\n", "keys must be plain text"),
        ("id: x\n", "missing key"),
    ],
)
def test_bad_yaml_gives_one_clear_problem(text, message):
    problems = problems_of(text)
    assert any(message in p for p in problems), problems
    assert all(p.startswith("t.yaml:") for p in problems)


def test_non_utf8_file_is_reported_with_its_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\ntitle: Gr\xfc\xdfe\n".encode("latin-1"))
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert str(caught.value.problems[0]) == f"{path}:2: file is not valid UTF-8 text"


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(TemplateError, match="larger than 5 MB"):
        load_template(path)


def test_missing_file_is_a_problem_not_a_traceback(tmp_path):
    with pytest.raises(TemplateError, match="cannot read file"):
        load_template(tmp_path / "nope.yaml")


def test_huge_string_is_bounded_by_the_model():
    text = SMALL.replace('"age(geburtsdatum) >= 18"', '"' + "x" * 3000 + '"')
    (problem,) = problems_of(text)
    assert "at most 2000 characters" in problem


def test_load_catalog_reports_every_bad_file_and_duplicates(tmp_path):
    (tmp_path / "a.yaml").write_text(SMALL, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(SMALL, encoding="utf-8")
    (tmp_path / "c.yml").write_text("a: [\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_catalog(tmp_path)
    text = str(caught.value)
    assert "also in" in text
    assert "c.yml:" in text


def test_shipped_catalog_loads():
    templates = load_catalog(catalog_dir())
    assert templates, "the catalog folder holds templates"
    assert len({t.id for t in templates}) == len(templates)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_only_raises_template_error(text):
    problems = []
    try:
        load_template_text(text, "fuzz.yaml")
    except TemplateError as error:
        problems = error.problems
    assert all(p.file == "fuzz.yaml" and p.line >= 1 for p in problems)


_YAMLISH = st.sampled_from(
    [
        "id: ",
        "sections:",
        "\n",
        "  ",
        "- ",
        "fields:",
        "type: ",
        "text",
        "group",
        "[",
        "]",
        "{",
        "}",
        ": ",
        "&a ",
        "*a",
        "relevant: ",
        "'x'",
        '"',
        "#",
        "!!python/object:os.system",
        "label: L",
        "version: 1.0.0",
        "true",
        "1",
        "?",
        "|",
        ">",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_YAMLISH, max_size=40).map("".join))
def test_yaml_like_text_only_raises_template_error(text):
    with contextlib.suppress(TemplateError):
        load_template_text(text, "fuzz.yaml")


def test_python_tags_are_never_constructed():
    text = textwrap.dedent(
        """\
        id: !!python/object/apply:os.system ["echo hacked"]
        """
    )
    (problem,) = problems_of(text)
    assert (
        problem
        == "t.yaml:1: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"
    )
