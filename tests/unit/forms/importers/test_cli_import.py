"""`koffer-forms import`: files written, reports, and hostile input ending in exit code 1.

The hostile files run through the real command (`python -m forms.cli`) in its own
process, because that is where the time and memory bounds apply.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from forms.cli import main
from forms.loader import load_template
from tests.helpers import hostile_pdfs
from tests.helpers.pdf_forms import sample_form

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
ROOT = Path(__file__).resolve().parents[4]


def test_import_fim_writes_a_valid_template_and_a_json_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "blaue-karte.yaml"
    code = main(
        [
            "import",
            "fim",
            str(FIXTURES / "fim" / "ozg" / "BlaueKarte.xml"),
            "--codelists",
            str(FIXTURES / "fim" / "codelists"),
            "-o",
            str(out),
            "--id",
            "blaue-karte",
            "--office",
            "auslaenderbehoerde",
            "--json",
        ]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["template"] == {"id": "blaue-karte", "version": "1.0.0"}
    assert report["counts"]["needs_person"] > 0
    template = load_template(out)
    assert template.office_id == "auslaenderbehoerde"
    assert main(["validate", str(out)]) == 0


def test_import_pdf_writes_the_template_and_its_pdf_beside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in" / "Antrag.pdf"
    source.parent.mkdir()
    source.write_bytes(sample_form(1))
    out = tmp_path / "catalog" / "antrag.yaml"
    assert main(["import", "pdf", str(source), "-o", str(out), "--id", "antrag"]) == 0
    text = capsys.readouterr().out
    assert "Import report: Antrag.pdf -> antrag 1.0.0" in text
    template = load_template(out)
    assert template.source_pdf is not None
    assert (out.parent / template.source_pdf.file).read_bytes() == source.read_bytes()


def test_a_refused_file_is_one_line_and_exit_code_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "x.xml"
    bad.write_text("<a>", encoding="utf-8")
    assert main(["import", "fim", str(bad), "-o", str(tmp_path / "x.yaml")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("koffer-forms import: ")
    assert "not well-formed" in err
    assert not (tmp_path / "x.yaml").exists()


def _billion_laughs() -> bytes:
    """The classic entity bomb: 10 levels of 10 references, 10**9 "lol" when expanded."""
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    return f'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY l0 "lol">{entities}]><a>&l9;</a>'.encode()


HOSTILE = {
    "bomb.xml": ("fim", _billion_laughs),
    "external.xml": (
        "fim",
        lambda: (
            b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "http://127.0.0.1:9/x">]>'
            b"<a>&e;</a>"
        ),
    ),
    "deep.xml": ("fim", lambda: b"<a>" * 200_000 + b"</a>" * 200_000),
    "huge.xml": ("fim", lambda: b"<a>" + b"x" * (50 * 1024 * 1024) + b"</a>"),
    "million.pdf": ("pdf", hostile_pdfs.many_objects),
    "loop.pdf": ("pdf", hostile_pdfs.page_tree_loop),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_end_in_exit_code_1_without_a_traceback(tmp_path: Path, name: str) -> None:
    kind, make = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(make())
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "forms.cli",
            "import",
            kind,
            str(path),
            "-o",
            str(tmp_path / "t.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("koffer-forms import: "), done.stderr
    assert "Traceback" not in done.stderr
    assert elapsed < 60
