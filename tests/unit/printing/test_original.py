"""Printing on the town's own PDF: fill, flatten, check boxes visible, fonts embedded."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from forms.engine import compile_template
from forms.importers.pdf import import_pdf
from forms.model import Template
from printing.content import PrintJobContent
from printing.on_original import render_on_original
from printing.original import OriginalError, fill_original
from tests.helpers.pdf_forms import sample_form
from tests.helpers.town_pdf import BERATUNGSHILFE
from tests.helpers.town_pdf import field_id as _id

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def form() -> tuple[bytes, Template]:
    data = sample_form(1)
    return data, import_pdf(data, "antrag.pdf").template


def _answers(template: Template) -> dict[str, object]:
    stand = _id(template, "p1_familienstand")
    option = next(o.value for o in template.fields_by_id[stand].options if o.label == "verheiratet")
    return {
        _id(template, "p1_text1"): "Müller-Lüdenscheidt",
        _id(template, "p1_text2"): "Größe 62,5 m²",
        _id(template, "p1_allein"): True,
        _id(template, "p1_rente"): False,
        stand: option,
        _id(template, "p1_wohnform"): next(
            o.value
            for o in template.fields_by_id[_id(template, "p1_wohnform")].options
            if o.label == "Pflegeheim"
        ),
    }


def _relevant(template: Template, answers: dict[str, object]) -> dict[str, object]:
    return dict(compile_template(template).evaluate(answers, today=TODAY).relevant_answers())


def test_flattened_pdf_has_the_answers_as_text_and_no_form_left(
    form: tuple[bytes, Template],
) -> None:
    data, template = form
    filled = fill_original(data, template, _relevant(template, _answers(template)))
    reader = PdfReader(io.BytesIO(filled.pdf))
    text = reader.pages[0].extract_text()
    assert "Müller-Lüdenscheidt" in text  # umlauts as text, not as boxes
    assert "Größe 62,5 m²" in text
    assert "Pflegeheim" in text  # the choice list shows the chosen option
    assert "Mietwohnung" not in text.split("Wohnform", 1)[1]  # not the source's value
    assert "/AcroForm" not in reader.trailer["/Root"]
    assert not reader.get_fields()
    annots = reader.pages[0].get("/Annots")
    widgets = [a for a in (annots or []) if a.get_object().get("/Subtype") == "/Widget"]
    assert widgets == []


def _appearances(data: bytes, name: str) -> dict[str, bytes]:
    """State → appearance stream bytes of every widget of field `name` in `data`."""
    out: dict[str, bytes] = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for annot in pdf.pages[0].obj.Annots:
            parent = annot.get("/Parent")
            title = str(parent.T) if parent is not None else str(annot.get("/T"))
            if title != name:
                continue
            for state, stream in annot.AP.N.items():
                out[f"{state}:{len(out)}" if state == "/Off" else state] = stream.read_bytes()
    return out


def _stamped(pdf_bytes: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        xobjects = pdf.pages[0].obj.Resources.XObject
        return [xobjects[k].read_bytes() for k in xobjects if k.startswith("/KfAp")]


def test_chosen_radio_and_check_boxes_are_stamped_in_their_on_state(
    form: tuple[bytes, Template],
) -> None:
    data, template = form
    filled = fill_original(data, template, _relevant(template, _answers(template)))
    stamped = _stamped(filled.pdf)
    radio = _appearances(data, "p1_familienstand")
    on_verheiratet = radio["/verheiratet"]
    off = next(v for k, v in radio.items() if k.startswith("/Off"))
    assert stamped.count(on_verheiratet) == 1
    assert on_verheiratet != off
    # the other two options show their off state (not their on look)
    assert stamped.count(radio["/ledig"]) == (1 if radio["/ledig"] == on_verheiratet else 0)
    assert stamped.count(off) >= 2
    allein = _appearances(data, "p1_allein")
    rente = _appearances(data, "p1_rente")
    on_state = next(k for k in allein if not k.startswith("/Off"))
    assert allein[on_state] in stamped
    rente_off = next(v for k, v in rente.items() if k.startswith("/Off"))
    assert rente_off in stamped


def _render_gray(pdf: bytes, folder: Path, stem: str) -> tuple[int, bytes]:
    path = folder / f"{stem}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "144", "-f", "1", "-l", "1", str(path), str(folder / stem)],
        check=True,
        timeout=60,
    )
    width, _, pixels = _pgm(next(folder.glob(f"{stem}*.pgm")).read_bytes())
    return width, pixels


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils missing")
def test_the_chosen_radio_button_is_visibly_on(
    form: tuple[bytes, Template], tmp_path: Path
) -> None:
    data, template = form
    filled = fill_original(data, template, _relevant(template, _answers(template)))
    scale = 2.0  # 144 dpi
    before = _render_gray(data, tmp_path, "before")
    after = _render_gray(filled.pdf, tmp_path, "after")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page_height = float(pdf.pages[0].mediabox[3])
        boxes = {}
        for annot in pdf.pages[0].obj.Annots:
            parent = annot.get("/Parent")
            if parent is not None and str(parent.T) == "p1_familienstand":
                state = next(str(k) for k in annot.AP.N if k != "/Off")
                boxes[state] = [float(v) for v in annot.Rect]

    def ink(image: tuple[int, bytes], rect: list[float]) -> int:
        width, pixels = image
        x1, y1, x2, y2 = (round(v * scale) for v in rect)
        top = round(page_height * scale)
        return sum(
            255 - p
            for y in range(top - y2, top - y1)
            for p in pixels[y * width + x1 : y * width + x2]
        )

    gained = {state: ink(after, rect) - ink(before, rect) for state, rect in boxes.items()}
    assert gained["/verheiratet"] > 2000, gained  # the dot of the chosen option
    assert abs(gained["/ledig"]) < 500, gained  # the others look as in the blank form
    assert abs(gained["/verwitwet"]) < 500, gained


def _pgm(data: bytes) -> tuple[int, int, bytes]:
    parts = data.split(maxsplit=4)
    width, height = int(parts[1]), int(parts[2])
    return width, height, parts[4][-width * height :]


def test_answers_are_drawn_with_an_embedded_font(form: tuple[bytes, Template]) -> None:
    data, template = form
    filled = fill_original(data, template, _relevant(template, _answers(template)))
    embedded = []
    with pikepdf.open(io.BytesIO(filled.pdf)) as pdf:
        for obj in pdf.objects:
            descriptor = (
                isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
            )
            if descriptor and any(k in obj for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                embedded.append(str(obj.FontName))
    assert any("KofferSans" in name or "DejaVu" in name for name in embedded), embedded


def test_the_real_form_is_filled_in_its_boxes() -> None:
    data = BERATUNGSHILFE.read_bytes()
    template = import_pdf(data, "beratungshilfe.pdf").template
    answers = {
        _id(template, "Geburtsdatum des Antragstellers"): "15.03.1950",
        _id(template, "Familienstand des Antragstellers"): "verwitwet",
        _id(template, "D4-Wohnung, alleine"): True,
        _id(template, "Beruf, Erwerbstätigkeit"): "Rentnerin, früher Bäckerin",
    }
    filled = fill_original(data, template, _relevant(template, answers))
    reader = PdfReader(io.BytesIO(filled.pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    for value in ("15.03.1950", "verwitwet", "Rentnerin, früher Bäckerin"):
        assert value in text
    assert len(reader.pages) == 3
    assert not reader.get_fields()
    on = _stamped_on_all_pages(filled.pdf)
    box = _appearances_all(data, "D4-Wohnung, alleine")
    assert box["/On"] in on


def _stamped_on_all_pages(pdf_bytes: bytes) -> list[bytes]:
    out = []
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for page in pdf.pages:
            xobjects = page.obj.Resources.get("/XObject", {})
            out += [xobjects[k].read_bytes() for k in xobjects if k.startswith("/KfAp")]
    return out


def _appearances_all(data: bytes, name: str) -> dict[str, bytes]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                if str(annot.get("/T", "")) == name:
                    return {str(k): v.read_bytes() for k, v in annot.AP.N.items()}
    raise KeyError(name)


def test_text_that_does_not_fit_is_reported(form: tuple[bytes, Template]) -> None:
    data, template = form
    field_id = _id(template, "p1_text3")
    answers = {field_id: "Ein sehr langer Text, " * 12}
    filled = fill_original(data, template, _relevant(template, answers))
    assert filled.overflow == (field_id,)


def test_marker_is_printed_on_every_original_page() -> None:
    data = sample_form(2)
    template = import_pdf(data, "zwei.pdf").template
    filled = fill_original(data, template, {}, marker="ENTWURF – kein Antrag gestellt")
    reader = PdfReader(io.BytesIO(filled.pdf))
    assert all("ENTWURF – kein Antrag gestellt" in p.extract_text() for p in reader.pages)


def test_koffers_own_pages_follow_the_original(form: tuple[bytes, Template]) -> None:
    data, template = form
    content = PrintJobContent(
        template=template,
        answers=_answers(template),
        reference="SOZ-2026-000123",
        staff_name="Frau Beispiel",
        place="Musterstadt",
        created_at=dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC),
    )
    printout = render_on_original(content, data, "citizen")
    reader = PdfReader(io.BytesIO(printout.pdf))
    assert printout.original_pages == 1
    assert len(reader.pages) > 1
    assert "Müller-Lüdenscheidt" in reader.pages[0].extract_text()
    koffer = "".join(p.extract_text() for p in reader.pages[1:])
    assert "Ausfertigung für die antragstellende Person" in koffer
    assert "SOZ-2026-000123" in koffer


def test_a_different_pdf_is_refused(form: tuple[bytes, Template]) -> None:
    _, template = form
    content = PrintJobContent(
        template=template,
        answers={},
        reference="X",
        staff_name="",
        place="",
        created_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
    )
    with pytest.raises(OriginalError, match="not the one"):
        render_on_original(content, sample_form(2), "office")
