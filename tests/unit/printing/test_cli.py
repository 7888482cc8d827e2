import argparse
import json
import stat

import pytest

from printing.cli import render_command
from tests.unit.printing.conftest import pdf_text
from tests.unit.printing.samples import WOHNGELD_ANSWERS

WOHNGELD = "wohngeld-mietzuschuss"


def args(tmp_path, template=WOHNGELD, answers=None, **kw):
    return argparse.Namespace(
        template=template,
        answers=answers,
        output=str(tmp_path / "out.pdf"),
        blank=kw.get("blank", False),
        copy=kw.get("copy", "office"),
        large_print=kw.get("large_print", False),
    )


def test_renders_filled_citizen_copy_from_json(tmp_path, capsys):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(WOHNGELD_ANSWERS), encoding="utf-8")
    assert render_command(args(tmp_path, answers=str(answers), copy="citizen")) == 0
    out = tmp_path / "out.pdf"
    text = pdf_text(out.read_bytes())
    assert "Eingangsbestätigung" in text
    assert "Öztürk" in text
    assert "NICHT RELEVANT HEIM" not in text  # heim_name is not relevant for 'miete'
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "wrote" in capsys.readouterr().out


def test_renders_blank_large_print_by_catalog_id(tmp_path):
    assert render_command(args(tmp_path, blank=True, large_print=True)) == 0
    assert "Vordruck zum Ausfüllen von Hand" in pdf_text((tmp_path / "out.pdf").read_bytes())


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: args(p, template="no-such-form"), "template not found: no-such-form"),
        (lambda p: args(p, answers=str(p / "missing.json")), "cannot read answers"),
        (lambda p: args(p, answers=str(bad_json(p))), "not valid JSON: line 1"),
        (lambda p: args(p, answers=str(list_json(p))), "must be a JSON object"),
        (lambda p: args(p, template=str(bad_yaml(p))), "has problems"),
    ],
)
def test_admin_errors_are_one_clear_message(tmp_path, capsys, setup, message):
    assert render_command(setup(tmp_path)) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "out.pdf").exists()


def bad_json(path):
    f = path / "bad.json"
    f.write_text("{nope", encoding="utf-8")
    return f


def list_json(path):
    f = path / "list.json"
    f.write_text("[]", encoding="utf-8")
    return f


def bad_yaml(path):
    f = path / "bad.yaml"
    f.write_text("id: x\nversion: 1\n", encoding="utf-8")
    return f
