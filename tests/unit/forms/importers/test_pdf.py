"""Fillable PDF import: the real Beratungshilfe form, generated forms, hostile PDFs."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pikepdf
import pytest

from forms.importers import ImportRefused
from forms.importers.pdf import Options, import_pdf
from forms.loader import load_template_text
from forms.model import Template
from tests.helpers import hostile_pdfs
from tests.helpers.pdf_forms import sample_form
from tests.unit.forms.test_catalog import complete_answers

BERATUNGSHILFE = (
    Path(__file__).resolve().parents[3] / "fixtures" / "pdf" / "antrag-beratungshilfe.pdf"
)


@pytest.fixture(scope="module")
def beratungshilfe() -> object:
    return import_pdf(BERATUNGSHILFE.read_bytes(), str(BERATUNGSHILFE))


def _by_pdf_name(template: Template) -> dict[str, object]:
    out: dict[str, object] = {}
    for item in template.iter_fields():
        if item.pdf is not None and item.pdf.field:
            out[item.pdf.field] = item
        for state in item.pdf.states.values() if item.pdf else []:
            out[state.field] = item
    return out


def test_real_form_imports_with_tooltips_as_labels(beratungshilfe: object) -> None:
    template = beratungshilfe.template  # type: ignore[attr-defined]
    assert load_template_text(beratungshilfe.yaml).key == template.key  # type: ignore[attr-defined]
    assert template.title == "Antrag auf Bewilligung von Beratungshilfe"
    by_name = _by_pdf_name(template)
    # the field name is "Tagsüber Telefonisch erreichbar unter Nummer", the tooltip wins
    phone = by_name["Tagsüber Telefonisch erreichbar unter Nummer"]
    assert phone.label == "Bitte Telefonnummer des Antragstellers eintragen"  # type: ignore[attr-defined]
    # a check box is a yes/no question that ticks the box's own on-state
    alone = by_name["D4-Wohnung, alleine"]
    assert alone.type == "boolean"  # type: ignore[attr-defined]
    assert alone.pdf.states["true"].state == "On"  # type: ignore[attr-defined]
    # every one of its 121 fields is asked and printed back into the PDF
    mapped = [f for f in template.iter_fields() if f.pdf is not None]
    assert len(mapped) == 121
    # ids are unique slugs
    ids = [f.id for f in template.iter_fields()]
    assert len(ids) == len(set(ids))


def test_real_form_keeps_its_pdf_and_sections_follow_the_pages(beratungshilfe: object) -> None:
    template = beratungshilfe.template  # type: ignore[attr-defined]
    assert template.source_pdf is not None
    assert template.source_pdf.sha256 == hashlib.sha256(BERATUNGSHILFE.read_bytes()).hexdigest()
    assert template.source_pdf.pages == 3
    assert template.source_pdf.file == f"{template.id}.pdf"
    assert template.sections[-1].fields[-1].type == "signature"  # added by Koffer
    titles = [s.title for s in template.sections]
    assert "Antrag auf Bewilligung von Beratungshilfe" in titles  # a heading of page 1
    assert "Seite 2" in titles


def test_real_form_renders_blank_and_accepts_complete_answers(beratungshilfe: object) -> None:
    from printing.blank import render_blank

    template = beratungshilfe.template  # type: ignore[attr-defined]
    assert render_blank(template).startswith(b"%PDF-")
    _, evaluation = complete_answers(template)
    assert evaluation.is_complete


@pytest.fixture(scope="module")
def generated() -> object:
    return import_pdf(sample_form(2), "antrag.pdf")


def test_radio_group_choice_list_and_check_boxes(generated: object) -> None:
    template = generated.template  # type: ignore[attr-defined]
    assert load_template_text(generated.yaml).key == template.key  # type: ignore[attr-defined]
    by_name = _by_pdf_name(template)
    stand = by_name["p1_familienstand"]
    assert stand.type == "choice"  # type: ignore[attr-defined]
    assert [o.label for o in stand.options] == ["ledig", "verheiratet", "verwitwet"]  # type: ignore[attr-defined]
    assert {s.state for s in stand.pdf.states.values()} == {"ledig", "verheiratet", "verwitwet"}  # type: ignore[attr-defined]
    wohnform = by_name["p1_wohnform"]
    assert wohnform.type == "choice"  # type: ignore[attr-defined]
    assert [o.label for o in wohnform.options] == ["Mietwohnung", "Eigentum", "Pflegeheim"]  # type: ignore[attr-defined]
    name = by_name["p1_text1"]
    assert (name.label, name.type) == ("Familienname", "text")  # type: ignore[attr-defined]
    assert by_name["p1_allein"].type == "boolean"  # type: ignore[attr-defined]
    _, evaluation = complete_answers(template)
    assert evaluation.is_complete


def test_values_filled_in_the_source_are_left_out_and_reported(generated: object) -> None:
    report = generated.report  # type: ignore[attr-defined]
    left = [i for i in report.of("left_out") if "p1_wohnform" in i.where]
    assert left
    assert "Mietwohnung" in left[0].message
    template = generated.template  # type: ignore[attr-defined]
    assert _by_pdf_name(template)["p1_wohnform"].default is None  # type: ignore[attr-defined]


def _form_with(**fields: object) -> bytes:
    """A one-page PDF with text fields named as given (value: tooltip or None)."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    for index, (name, tooltip) in enumerate(fields.items()):
        canvas.acroForm.textfield(
            name=name, tooltip=tooltip or "", x=100, y=700 - index * 30, width=200, height=16
        )
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_meaningless_names_need_a_person() -> None:
    result = import_pdf(_form_with(**{"Textfeld 1": None, "Vorname": "Vorname"}), "x.pdf")
    needs = [i.where for i in result.report.of("needs_person")]
    assert any("Textfeld 1" in w for w in needs)
    assert not any("Vorname" in w for w in needs)


def test_ja_nein_check_box_pair_becomes_one_yes_no_question() -> None:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    question = "Besteht eine Rechtsschutzversicherung?"
    for index, name in enumerate(("B1", "B2")):
        canvas.acroForm.checkbox(name=name, tooltip=question, x=100 + 60 * index, y=700, size=12)
    canvas.showPage()
    canvas.save()
    pdf = pikepdf.open(io.BytesIO(out.getvalue()))
    for annot, state in zip(pdf.pages[0].obj.Annots, ("/Nein", "/Ja"), strict=True):
        annot.AP.N[state] = annot.AP.N["/Yes"]  # reportlab names the on-state Yes
        del annot.AP.N["/Yes"]
    buffer = io.BytesIO()
    pdf.save(buffer)
    template = import_pdf(buffer.getvalue(), "paar.pdf").template
    asked = [f for f in template.iter_fields() if f.type == "boolean"]
    assert len(asked) == 1
    states = asked[0].pdf.states  # type: ignore[union-attr]
    assert (states["true"].field, states["true"].state) == ("B2", "Ja")
    assert (states["false"].field, states["false"].state) == ("B1", "Nein")


def test_encrypted_pdf_needs_its_password() -> None:
    locked = hostile_pdfs.encrypted(sample_form(1))
    with pytest.raises(ImportRefused, match="--password"):
        import_pdf(locked, "locked.pdf")
    with pytest.raises(ImportRefused, match="does not open"):
        import_pdf(locked, "locked.pdf", Options(password="falsch"))
    opened = import_pdf(locked, "locked.pdf", Options(password="geheim"))
    assert any("encrypted" in i.message for i in opened.report.of("note"))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (hostile_pdfs.xfa_only, "XFA form"),
        (hostile_pdfs.no_fields, "no fillable fields"),
        (hostile_pdfs.page_tree_loop, "damaged"),
        (hostile_pdfs.field_tree_loop, "loop"),
        (lambda: sample_form(1)[:3000], "damaged"),
        (lambda: b"%PDF-1.4\n" + b"x" * 5000, "damaged"),
        (lambda: b"<html>no pdf</html>", "not a PDF"),
        (lambda: hostile_pdfs.many_objects(400_000), "declares 400001 objects"),
    ],
)
def test_bad_pdfs_are_refused_clearly(make: object, message: str) -> None:
    with pytest.raises(ImportRefused, match=message):
        import_pdf(make(), "bad.pdf")  # type: ignore[operator]


def test_the_documented_format_2_example_is_what_the_importer_makes(
    beratungshilfe: object,
) -> None:
    doc = Path(__file__).resolve().parents[4] / "docs" / "template-format.md"
    section = doc.read_text(encoding="utf-8").split("## Format 2: imported forms", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    documented = load_template_text(block, "docs/template-format.md")
    imported = beratungshilfe.template  # type: ignore[attr-defined]
    assert documented.source_pdf == imported.source_pdf
    for item in documented.iter_fields():
        assert imported.fields_by_id[item.id].pdf == item.pdf
