import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from printing.blank import render_blank
from printing.content import VisitInfo
from printing.render import render_filled, render_visit_record
from tests.unit.printing.conftest import page_count, pdf_text
from tests.unit.printing.samples import (
    CREATED,
    SAMPLE_ANSWERS,
    FakeEvaluation,
    sample_content,
    sample_evaluation,
    sample_template,
)


@pytest.fixture(scope="module")
def office_pdf() -> bytes:
    return render_filled(sample_content(), "office", evaluation=sample_evaluation())


@pytest.fixture(scope="module")
def citizen_pdf() -> bytes:
    return render_filled(sample_content(), "citizen", evaluation=sample_evaluation())


def test_answers_print_with_umlauts_and_foreign_letters(office_pdf):
    text = pdf_text(office_pdf)
    for expected in (
        "Gülşen Łukasiewicz-Öztürk",  # Turkish and Polish
        "Äußere Grünstraße",  # umlauts and ß
        "Привет",  # Cyrillic
        "Zofia Żółć",  # group row
        "07.03.1948",
        "612,50 €",
        "DE02 1203 0000 0000 2020 51",
        "1.500,00 €",  # computed
        "Antrag auf Druckprobe",
        "LeiKa-Schlüssel 99000000000000",
        "§ 1 Druckprobengesetz",
        "Mietvertrag.pdf",
        "Rentenbescheid_2026.jpg",
        "SOZ-2026-000123",
        "Stadt Musterstadt",
        "Ausfertigung für das Amt",
    ):
        assert expected in text, expected


def test_markup_in_answers_is_printed_literally(office_pdf):
    assert "<b>&amp;</b>" in pdf_text(office_pdf)


def test_answers_of_non_relevant_fields_never_appear(office_pdf, citizen_pdf):
    assert SAMPLE_ANSWERS["vermieter"] == "GEHEIMER VERMIETER"
    assert "GEHEIMER" not in pdf_text(office_pdf)
    assert "GEHEIMER" not in pdf_text(citizen_pdf)
    assert "Vermieter" not in pdf_text(office_pdf)  # the question itself is left out too


def test_a_non_relevant_section_is_left_out():
    ev = FakeEvaluation(SAMPLE_ANSWERS, {"haushalt_abschnitt"}, {})
    text = pdf_text(render_filled(sample_content(), evaluation=ev))
    assert "Jürgen Öztürk" not in text
    assert "Haushalt" not in text


def test_signature_block_shows_signer_place_date_and_hash(office_pdf):
    text = pdf_text(office_pdf)
    content = sample_content()
    assert content.signature is not None
    assert "Gülşen Öztürk" in text
    assert "Musterstadt, 21.11.2026, 14:05 Uhr" in text
    assert content.signature.content_sha256 in text.replace("\n", "")


def test_fonts_are_embedded(office_pdf):
    reader = PdfReader(io.BytesIO(office_pdf))
    embedded = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            if desc is not None and "/FontFile2" in desc.get_object():
                embedded.add(str(font["/BaseFont"]))
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= {n.split("+")[-1] for n in embedded}
    # every font the pages draw text with is embedded (the 14 standard fonts lack ł and Ж)
    for page in reader.pages:
        used = set(re.findall(rb"/(F\d+(?:\+\d+)?) [\d.]+ Tf", page.get_contents().get_data()))
        fonts = page["/Resources"]["/Font"]
        assert used
        for name in used:
            font = fonts["/" + name.decode()].get_object()
            assert str(font["/BaseFont"]).lstrip("/").split("+")[-1] in embedded_plain(embedded)


def embedded_plain(names):
    return {n.lstrip("/").split("+")[-1] for n in names}


def test_footer_counts_pages(office_pdf):
    pages = page_count(office_pdf)
    text = pdf_text(office_pdf)
    assert f"Seite 1 von {pages}" in text
    assert f"Seite {pages} von {pages}" in text
    assert "Vordruck druck-probe · Version 1.0.0" in text


def test_long_group_flows_over_pages_with_numbered_footer():
    rows = [{"hm_name": f"Person {i}", "hm_einkommen": "10"} for i in range(120)]
    answers = {**SAMPLE_ANSWERS, "haushalt": rows}
    ev = FakeEvaluation(answers, {"vermieter"}, {})
    pdf = render_filled(sample_content(answers=answers), evaluation=ev)
    pages = page_count(pdf)
    assert pages >= 4
    text = pdf_text(pdf)
    assert "Person 119" in text
    assert f"Seite {pages} von {pages}" in text


def test_metadata(office_pdf):
    meta = PdfReader(io.BytesIO(office_pdf)).metadata
    assert meta is not None
    assert meta.title == "Antrag auf Druckprobe – Ausfertigung für das Amt"
    assert meta.author == "Stadt Musterstadt, Sozialamt"
    assert meta.subject == "Vorgangsnummer SOZ-2026-000123"
    assert meta["/CreationDate"].startswith("D:20261121140500")


def test_same_inputs_give_the_same_bytes(office_pdf):
    again = render_filled(sample_content(), "office", evaluation=sample_evaluation())
    assert again == office_pdf


def test_another_creation_time_gives_other_bytes(office_pdf):
    later = dataclasses.replace(sample_content(), created_at=CREATED + dt.timedelta(minutes=1))
    assert render_filled(later, "office", evaluation=sample_evaluation()) != office_pdf


def test_citizen_copy_has_the_receipt(citizen_pdf, office_pdf):
    text = pdf_text(citizen_pdf)
    assert "Eingangsbestätigung" in text
    assert "Eingegangen am" in text
    assert "21.11.2026, 14:05 Uhr" in text
    assert "Petra Schmidt" in text
    assert "sozialamt@musterstadt.example" in text
    assert "Ausfertigung für die antragstellende Person" in text
    assert "Eingangsbestätigung" not in pdf_text(office_pdf)


def qr_codes(pdf: bytes, folder) -> list[str]:
    """Every QR code on every page, as decoded text (pages rendered by poppler)."""
    import zxingcpp
    from PIL import Image

    (folder / "c.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", str(folder / "c.pdf"), str(folder / "page")],
        check=True,
    )
    found = []
    for page in sorted(folder.glob("page*.png")):
        with Image.open(page) as image:
            found += [
                b.text
                for b in zxingcpp.read_barcodes(image)
                if b.format == zxingcpp.BarcodeFormat.QRCode
            ]
    return found


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils missing")
def test_qr_code_on_the_receipt_decodes_to_the_reference(citizen_pdf, tmp_path):
    assert qr_codes(citizen_pdf, tmp_path) == ["SOZ-2026-000123"]


def draft_content(**changes):
    return dataclasses.replace(sample_content(), reference="", draft=True, **changes)


@pytest.mark.parametrize("copy", ["citizen", "office", "signing"])
def test_every_page_of_a_draft_says_no_application_was_made(copy, tmp_path):
    pdf = render_filled(draft_content(), copy, evaluation=sample_evaluation())
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 2
    for text in pages:
        assert "ENTWURF – kein Antrag gestellt" in text
        assert "Vorgangsnummer" not in text
        assert "SOZ-2026-000123" not in text
    joined = "\n".join(pages)
    assert "Eingangsbestätigung" not in joined
    assert "eingegangen" not in joined
    if shutil.which("pdftoppm") is not None:
        assert qr_codes(pdf, tmp_path) == []


def test_a_draft_never_carries_a_reference():
    with pytest.raises(ValueError, match="no reference"):
        dataclasses.replace(sample_content(), draft=True)


def test_a_draft_has_no_receipt_block():
    from printing.blocks import receipt_block
    from printing.theme import Theme

    theme = Theme()
    with pytest.raises(ValueError, match="finalised"):
        receipt_block(draft_content(), theme, theme.styles())


def test_a_provisional_reference_makes_the_receipt_provisional():
    content = dataclasses.replace(sample_content(), reference="VORL-1a2b3c4d", provisional=True)
    text = pdf_text(render_filled(content, "citizen", evaluation=sample_evaluation()))
    assert "Eingangsbestätigung (vorläufig)" in text
    assert "VORL-1a2b3c4d (vorläufig)" in text
    assert "entgegengenommen" in text
    assert "Entgegengenommen am" in text
    assert "Eingegangen am" not in text


def test_the_signature_sheet_has_lines_and_the_digest_of_the_reviewed_content():
    digest = "ab" * 32
    content = draft_content(review_sha256=digest, signer="Gülşen Öztürk", signature=None)
    text = pdf_text(render_filled(content, "signing", evaluation=sample_evaluation()))
    assert "Entwurf · zur Unterschrift auf Papier" in text
    assert "Ort, Datum" in text
    assert "Unterschrift von Gülşen Öztürk" in text
    assert digest in text.replace("\n", "")


def test_the_signature_sheet_is_for_drafts_only():
    with pytest.raises(ValueError, match="draft"):
        render_filled(sample_content(), "signing", evaluation=sample_evaluation())


def test_a_paper_signature_is_named_on_the_finalised_copy():
    signature = dataclasses.replace(sample_content().signature, png=b"", on_paper=True)
    content = dataclasses.replace(sample_content(), signature=signature)
    text = pdf_text(render_filled(content, "office", evaluation=sample_evaluation()))
    assert "Unterschrift auf Papier" in text
    assert "Unterschrieben auf dem Unterschriftenblatt von Gülşen Öztürk" in text
    assert "Elektronisch erfasste Unterschrift" not in text


def test_large_print_uses_bigger_type_and_more_pages(office_pdf):
    large = render_filled(
        sample_content(), "office", large_print=True, evaluation=sample_evaluation()
    )
    assert median_font_size(large) >= 1.3 * median_font_size(office_pdf)
    assert "Gülşen Łukasiewicz-Öztürk" in pdf_text(large)


def median_font_size(pdf: bytes) -> float:
    reader = PdfReader(io.BytesIO(pdf))
    sizes = sorted(
        float(size)
        for page in reader.pages
        for size in re.findall(rb"/F\d+(?:\+\d+)? ([\d.]+) Tf", page.get_contents().get_data())
    )
    return sizes[len(sizes) // 2]


def test_blank_form_has_questions_and_choices_but_no_answers():
    pdf = render_blank(sample_template(), created_at=CREATED)
    text = pdf_text(pdf)
    for expected in (
        "Name",
        "Geburtsdatum",
        "Tag",
        "Monat",
        "Jahr",
        "Miete",
        "Eigentum",
        "Pflege",
        "Wohngeld",
        "Weitere Personen",
        "Ort, Datum",
        "Unterschrift",
        "Personalausweis",
        "Vordruck zum Ausfüllen von Hand",
        "nur ausfüllen, falls zutreffend",
    ):
        assert expected in text, expected
    assert "Gülşen" not in text
    assert render_blank(sample_template(), created_at=CREATED) == pdf


def test_blank_form_large_print_is_bigger():
    normal = render_blank(sample_template(), created_at=CREATED)
    large = render_blank(sample_template(), created_at=CREATED, large_print=True)
    assert page_count(large) > page_count(normal)
    assert median_font_size(large) >= 1.3 * median_font_size(normal)


def test_visit_record_has_the_visit_header():
    visit = VisitInfo(
        visited_at=CREATED,
        address="Äußere Grünstraße 3, 12345 Musterstadt",
        staff_name="Petra Schmidt",
        participants=("Frau Öztürk", "Sohn Jürgen"),
    )
    content = dataclasses.replace(sample_content(), visit=visit)
    text = pdf_text(render_visit_record(content, evaluation=sample_evaluation()))
    assert "Hausbesuchsprotokoll" in text
    assert "Hausbesuch am" in text
    assert "Frau Öztürk, Sohn Jürgen" in text


def test_visit_record_needs_a_visit():
    with pytest.raises(ValueError, match="visit"):
        render_visit_record(sample_content(), evaluation=sample_evaluation())


# --- with the real forms engine and the shipped catalog -------------------------------


@pytest.fixture(scope="module")
def wohngeld():
    from forms import catalog_dir
    from forms.loader import load_template

    return load_template(catalog_dir() / "wohngeld-mietzuschuss.yaml")


def test_engine_decides_relevance_for_the_shipped_wohngeld_form(wohngeld):
    from tests.unit.printing.samples import WOHNGELD_ANSWERS

    content = sample_content(template=wohngeld, answers=WOHNGELD_ANSWERS)
    text = pdf_text(render_filled(content, "citizen"))
    assert "Wohnungsbau Musterstadt GmbH" in text  # relevant for 'miete'
    assert "NICHT RELEVANT HEIM" not in text  # heim_name belongs to 'heim' only
    assert "527,50 €" in text  # computed: rent without heating
    assert "Jürgen" in text


def test_engine_relevance_on_the_sample_form():
    text = pdf_text(render_filled(sample_content()))  # no evaluation given: engine decides
    assert "GEHEIMER" not in text
    assert "Eigentum" in text


def test_visit_record_of_the_shipped_form():
    from forms import catalog_dir
    from forms.loader import load_template
    from tests.unit.printing.samples import VISIT_ANSWERS

    template = load_template(catalog_dir() / "hausbesuchsprotokoll.yaml")
    visit = VisitInfo(
        visited_at=CREATED,
        address="Äußere Grünstraße 3, 12345 Musterstadt",
        staff_name="Petra Schmidt",
    )
    content = dataclasses.replace(
        sample_content(template=template, answers=VISIT_ANSWERS), visit=visit
    )
    text = " ".join(pdf_text(render_visit_record(content)).split())
    assert "Hausbesuchsprotokoll" in text
    assert "Treppe fällt schwer" in text
    assert "NICHT RELEVANT SOFORT" not in text


def test_long_choice_labels_wrap_inside_the_page():
    from printing.flowables import ChoiceBoxes
    from printing.theme import Theme

    long = "Inhaberin oder Inhaber eines mietähnlichen Dauerwohnrechts " * 3
    boxes = ChoiceBoxes([("kurz", False), (long.strip(), True)], Theme())
    width, height = boxes.wrap(200, 1000)
    assert width == 200
    assert height >= 3 * boxes.line_height
    for row in boxes._rows:
        for text, _checked, x, _box in row:
            assert x + boxes._item_width(text) <= 200 + 0.01


def test_an_answer_longer_than_a_page_flows_over_pages():
    answers = {**SAMPLE_ANSWERS, "bemerkung": "Sehr langer Text über die Lage. " * 1500}
    pdf = render_filled(
        sample_content(answers=answers), evaluation=FakeEvaluation(answers, {"vermieter"}, {})
    )
    assert page_count(pdf) >= 5
    assert "Sehr langer Text" in pdf_text(pdf)


def _catalog():
    from forms import catalog_dir
    from forms.loader import load_catalog

    return load_catalog(catalog_dir())


@pytest.mark.parametrize("template", _catalog(), ids=lambda t: t.id)
def test_every_shipped_form_prints_blank_and_filled(template):
    blank = render_blank(template, large_print=True, created_at=CREATED)
    assert template.title_in("de").split()[0] in pdf_text(blank)
    filled = render_filled(sample_content(template=template, answers={}), "citizen")
    assert "Eingangsbestätigung" in pdf_text(filled)


def test_odd_text_prints_without_raw_control_characters():
    answers = {**SAMPLE_ANSWERS, "name": "Null\x00Byte", "bemerkung": "Zeile\x0bTab\tEnde"}
    pdf = render_filled(
        sample_content(answers=answers), evaluation=FakeEvaluation(answers, {"vermieter"}, {})
    )
    text = pdf_text(pdf)
    assert "Null Byte" in text
    assert "\x00" not in text


def test_a_damaged_signature_image_does_not_stop_the_printout():
    content = sample_content()
    assert content.signature is not None
    broken = dataclasses.replace(
        content, signature=dataclasses.replace(content.signature, png=b"not a png")
    )
    text = pdf_text(render_filled(broken, evaluation=sample_evaluation()))
    assert "Bild der Unterschrift nicht lesbar" in text
    assert content.signature.content_sha256 in text.replace("\n", "")
