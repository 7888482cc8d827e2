"""koffer-forms: exit codes and output of every command."""

from __future__ import annotations

import json

import pytest

from forms import catalog_dir
from forms.cli import main

from .conftest import SMALL


@pytest.fixture
def template_file(tmp_path):
    path = tmp_path / "form.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def write_json(tmp_path, data, name="answers.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_validate_valid_file(template_file, capsys):
    assert main(["validate", str(template_file)]) == 0
    assert "1 template(s) valid" in capsys.readouterr().out


def test_validate_reports_file_and_line(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("max_length: 20", "max_length: 20\n        farbe: rot"), "utf-8")
    (tmp_path / "broken.yaml").write_bytes(b"\xff\xfe")
    assert main(["validate", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:16: sections[0].fields[0].farbe: unknown key 'farbe'" in err
    assert f"{tmp_path / 'broken.yaml'}:1: file is not valid UTF-8 text" in err
    assert "Traceback" not in err


def test_validate_missing_path_and_empty_folder(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 1
    assert main(["validate", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "cannot read file" in err
    assert "no template files" in err


def test_validate_shipped_catalog(capsys):
    assert main(["validate", str(catalog_dir())]) == 0, capsys.readouterr().err


def test_list(template_file, capsys):
    assert main(["list", str(template_file.parent)]) == 0
    assert capsys.readouterr().out == "test-form\t1.0.0\tTestformular\tTest\n"


def test_schema_is_json_with_descriptions(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["additionalProperties"] is False
    assert "FormField" in schema["$defs"]
    assert schema["$defs"]["FormField"]["description"]
    assert "from" in schema["$defs"]["RenameRule"]["properties"]


def test_check_text_output(template_file, tmp_path, capsys):
    answers = write_json(tmp_path, {"wohnform": "miete", "miete": "abc"})
    assert main(["check", str(template_file), str(answers), "--today", "2026-06-15"]) == 1
    out = capsys.readouterr().out
    assert "name: error: Bitte ausfüllen. [required]" in out
    assert "miete: error:" in out
    assert "completeness:" in out
    assert "not complete" in out


def test_check_json_output_and_exit_0_when_complete(template_file, tmp_path, capsys):
    answers = {
        "name": "Erika",
        "wohnform": "eigentum",
    }
    path = write_json(tmp_path, answers)
    assert main(["check", str(template_file), str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["complete"] is True
    assert result["completeness"] == 1.0
    assert result["findings"] == []
    assert result["required_documents"] == ["ausweis"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "answers.json:1: invalid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ("[" * 100_000, "invalid JSON"),
    ],
)
def test_check_bad_json_is_a_clear_message(template_file, tmp_path, capsys, content, message):
    path = tmp_path / "answers.json"
    path.write_text(content, encoding="utf-8")
    assert main(["check", str(template_file), str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_check_bad_template(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [", encoding="utf-8")
    answers = write_json(tmp_path, {})
    assert main(["check", str(bad), str(answers)]) == 1
    assert "malformed YAML" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys):
    assert main([]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["check", "a.yaml", "b.json", "--today", "gestern"]) == 2


def test_render_needs_answers_or_blank(template_file, tmp_path, capsys):
    out = tmp_path / "out.pdf"
    assert main(["render", str(template_file), "-o", str(out)]) == 2
    assert "--blank" in capsys.readouterr().err


def test_render_hands_over_to_printing(template_file, tmp_path, capsys, monkeypatch):
    import sys
    import types

    calls = []
    fake = types.ModuleType("printing.cli")
    fake.render_command = lambda args: calls.append(args) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "printing.cli", fake)
    out = tmp_path / "out.pdf"
    code = main(["render", str(template_file), "--blank", "-o", str(out), "--copy", "office"])
    assert code == 0
    (args,) = calls
    assert (args.blank, args.copy, args.large_print, args.output) == (
        True,
        "office",
        False,
        str(out),
    )


def test_render_without_printing_says_so(template_file, tmp_path, capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "printing.cli", None)
    assert main(["render", str(template_file), "--blank", "-o", str(tmp_path / "o.pdf")]) == 2
    assert "render: printing not available yet" in capsys.readouterr().err
