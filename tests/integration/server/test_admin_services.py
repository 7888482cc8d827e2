"""`koffer-admin` for the service directory and for forms printed on the town's PDF."""

from __future__ import annotations

import pytest

from sync.server.admin import main as admin
from tests.helpers.pdf_forms import sample_form

pytestmark = pytest.mark.integration

LEIKA = (
    "Schlüssel;Bezeichnung;Synonyme\n"
    "99107023037000;Wohngeld;Mietzuschuss\n"
    "99999999999002;Schuldnerberatung;Schulden\n"
)


def run(capsys, data, *args) -> tuple[int, str, str]:
    code = admin(["--data", str(data), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_services_import_add_list_remove(tmp_path, capsys):
    data = tmp_path / "data"
    csv = tmp_path / "leika.csv"
    csv.write_text(LEIKA, encoding="utf-8")
    code, out, _ = run(capsys, data, "services", "import", str(csv), "--leika")
    assert code == 0
    assert "2 added" in out
    code, out, _ = run(
        capsys,
        data,
        "services",
        "add",
        "--id",
        "pflegeberatung",
        "--name",
        "Pflegeberatung",
        "--office",
        "Pflegestützpunkt",
        "--phone",
        "0123 4",
        "--bring",
        "Bescheide",
    )
    assert code == 0
    listing = run(capsys, data, "services", "list")[1]
    assert "pflegeberatung  Pflegeberatung  (no form)" in listing
    assert "LeiKa 99107023037000" in listing
    # a key without its source is refused: keys are never guessed
    code, _, err = run(
        capsys, data, "services", "add", "--id", "x-y", "--name", "X", "--leika", "99999999999003"
    )
    assert code == 1
    assert "--leika-source" in err
    assert run(capsys, data, "services", "remove", "pflegeberatung")[0] == 0
    assert "pflegeberatung" not in run(capsys, data, "services", "list")[1]
    assert run(capsys, data, "services", "remove", "pflegeberatung")[0] == 1


def test_catalog_add_takes_the_pdf_from_beside_the_template(tmp_path, capsys):
    from forms.cli import main as forms_cli

    data = tmp_path / "data"
    source = tmp_path / "Antrag.pdf"
    source.write_bytes(sample_form(1))
    template = tmp_path / "catalog" / "antrag.yaml"
    assert forms_cli(["import", "pdf", str(source), "-o", str(template), "--id", "antrag"]) == 0
    capsys.readouterr()
    pdf = template.parent / "antrag.pdf"
    pdf.unlink()
    code, _, err = run(capsys, data, "catalog", "add", str(template))
    assert code == 1
    assert "put that file beside it" in err
    pdf.write_bytes(b"%PDF-1.4 another PDF")
    code, _, err = run(capsys, data, "catalog", "add", str(template))
    assert code == 1
    assert "not the PDF the template was imported from" in err
    pdf.write_bytes(source.read_bytes())
    assert run(capsys, data, "catalog", "add", str(template))[0] == 0
