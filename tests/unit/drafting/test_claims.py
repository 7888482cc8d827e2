"""What a printout may claim: receipts only for a finalised application; drafts marked,
on Koffer's own pages and on the town's own PDF alike.

The PDFs are rendered and their text read back (pypdf).
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from koffer.drafting.catalog import Catalog
from koffer.drafting.claims import PrintKind, original_kinds
from koffer.drafting.lifecycle import Stage
from koffer.drafting.workspace import Workspace
from koffer.printouts.content import Claims, PrintFacts, build_content, render_document
from koffer.townhall.catalog_files import source_pdf
from printing.content import Letterhead
from sync import crypto
from tests.helpers.server import office_key
from tests.helpers.town_pdf import answers as town_answers
from tests.helpers.town_pdf import beratungshilfe, install_source_pdf
from tests.unit.drafting.conftest import OfficeKeys, template
from tests.unit.printing.samples import WOHNGELD_ANSWERS

STROKES = [[[0.1, 0.2, 0.5, 0]]]
PNG = b"\x89PNG-sig"


def pages(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def printed(workspace: Workspace, draft_id: str, kind: PrintKind) -> list[str]:
    facts = PrintFacts("Petra Feld", Letterhead(), "Kassel", dt.datetime.now(dt.UTC))
    printout = workspace.printout(draft_id, facts)
    assert kind in printout.plan.kinds
    content = printout.content
    return pages(render_document(kind, content.template, content))


def wohngeld(workspace: Workspace, templates, answers: dict | None = None) -> str:
    form = template(templates, "wohngeld-mietzuschuss")
    draft_id = workspace.create_draft(form, "Gülşen Öztürk").draft.id
    values = dict(answers if answers is not None else WOHNGELD_ANSWERS)
    values.pop("unterschrift", None)
    values["nachweise"] = []
    if "datum_unterschrift" in values:
        values["datum_unterschrift"] = workspace.today().isoformat()
    workspace.drafts.set_answers(draft_id, values)
    return draft_id


def test_an_unfinished_draft_at_37_percent_has_no_receipt_anywhere(
    workspace: Workspace, templates
) -> None:
    """The blocker: a 37 % draft printed a citizen copy saying the application was received."""
    draft_id = wohngeld(workspace, templates, {"familienname": "Öztürk", "vorname": "Gülşen"})
    plan = workspace.print_plan(draft_id)
    assert plan.draft
    assert plan.reference == ""
    assert not plan.provisional
    assert PrintKind.CITIZEN not in plan.kinds
    assert PrintKind.SIGNING not in plan.kinds  # incomplete: nothing to sign yet
    for kind in plan.kinds:
        text = printed(workspace, draft_id, kind)
        assert all("ENTWURF – kein Antrag gestellt" in page for page in text), kind
        joined = "\n".join(text)
        for claim in ("Eingangsbestätigung", "eingegangen", "Vorgangsnummer", "VORL-"):
            assert claim not in joined, (kind, claim)


def test_a_complete_draft_offers_the_signature_sheet(workspace: Workspace, templates) -> None:
    draft_id = wohngeld(workspace, templates)
    plan = workspace.print_plan(draft_id)
    assert plan.kinds == (PrintKind.REVIEW_COPY, PrintKind.OFFICE, PrintKind.SIGNING)
    text = "\n".join(printed(workspace, draft_id, PrintKind.SIGNING))
    assert "Entwurf · zur Unterschrift auf Papier" in text
    assert plan.review_sha256 == workspace.check(draft_id).digest
    assert plan.review_sha256 in text.replace("\n", "")


def test_a_finalised_application_has_a_provisional_receipt_then_the_town_halls(
    workspace: Workspace, templates, keys: OfficeKeys
) -> None:
    draft_id = wohngeld(workspace, templates)
    workspace.sign_on_pad(draft_id, workspace.check(draft_id).digest, strokes=STROKES, png=PNG)
    assert workspace.print_plan(draft_id).draft  # signed is not finalised
    workspace.finalise(draft_id)  # no key yet: waiting, but finalised
    plan = workspace.print_plan(draft_id)
    assert plan.stage is Stage.AWAITING_KEY
    assert (plan.kinds, plan.draft, plan.provisional) == (
        (PrintKind.CITIZEN, PrintKind.OFFICE),
        False,
        True,
    )
    text = "\n".join(printed(workspace, draft_id, PrintKind.CITIZEN))
    assert "Eingangsbestätigung (vorläufig)" in text
    assert f"{plan.reference} (vorläufig)" in text
    assert "ENTWURF" not in text
    keys.arrive("wohngeldstelle")
    workspace.seal_waiting()
    workspace.take_receipt(draft_id, "SOZ-2026-000042", workspace.clock())
    plan = workspace.print_plan(draft_id)
    assert (plan.reference, plan.provisional) == ("SOZ-2026-000042", False)
    text = "\n".join(printed(workspace, draft_id, PrintKind.CITIZEN))
    assert "vorläufig" not in text
    assert "SOZ-2026-000042" in text


def test_the_receipt_says_which_documents_were_seen_and_lists_only_what_the_office_gets(
    workspace: Workspace, templates, keys: OfficeKeys
) -> None:
    """A receipt lists what was handed in: a file kept for an answer that was taken back
    is not sent (sealing takes only what the relevant answers name), so the paper must
    not say it is attached; the checklist says what was seen and what is to come."""
    draft_id = wohngeld(workspace, templates)
    lease = workspace.attach(draft_id, "nachweise", "mietvertrag-2026.pdf", b"%PDF-1.4 M")
    kept = workspace.attach(draft_id, "nachweise", "zurueckgenommen.pdf", b"%PDF-1.4 X")
    answers = dict(workspace.drafts.get_draft(draft_id).answers)
    answers["nachweise"] = [lease.id]  # the second one's answer was taken back (undo)
    workspace.drafts.set_answers(draft_id, answers)
    workspace.drafts.set_document_tick(draft_id, "ausweis", "presented")
    workspace.drafts.set_document_tick(draft_id, "mietvertrag", "attached", lease.id)

    draft_copy = " ".join(printed(workspace, draft_id, PrintKind.REVIEW_COPY))
    assert "Original vorgelegt" in draft_copy
    assert "Fehlt noch" in draft_copy
    assert "bitte nachreichen" not in draft_copy

    keys.arrive("wohngeldstelle")
    workspace.sign_on_pad(draft_id, workspace.check(draft_id).digest, strokes=STROKES, png=PNG)
    workspace.finalise(draft_id)
    (item,) = workspace.device.outbox_items()
    payload = json.loads(crypto.unseal(item.payload, office_key()))
    sent = {a["filename"] for a in payload["attachments"]}
    assert "mietvertrag-2026.pdf" in sent
    assert "zurueckgenommen.pdf" not in sent
    receipt = "\n".join(printed(workspace, draft_id, PrintKind.CITIZEN))
    flat = " ".join(receipt.split())
    assert "Eingangsbestätigung" in flat
    assert "mietvertrag-2026.pdf" in flat
    assert "zurueckgenommen.pdf" not in flat
    assert kept.id not in flat
    assert "Personalausweis oder Reisepass (zur Ansicht) Original vorgelegt" in flat
    assert "Mietvertrag Als Anlage beigefügt: mietvertrag-2026.pdf" in flat
    assert "Monate (z. B. Lohnabrechnungen) Fehlt noch – bitte nachreichen" in flat
    assert "Nebenkostenabrechnung (falls vorhanden) Nicht vorgelegt" in flat  # never missing


def test_the_review_and_the_paper_say_every_answer_the_same_way(
    workspace: Workspace, templates
) -> None:
    draft_id = wohngeld(workspace, templates)
    review = workspace.check(draft_id).review()
    paper = "\n".join(printed(workspace, draft_id, PrintKind.OFFICE)).replace("\n", " ")
    values = {r.value for s in review.sections for r in s.rows}
    for expected in ("612,50 €", "DE02 1203 0000 0000 2020 51", "07.03.1948", "54,5"):
        assert expected in values
        assert expected in paper
    for section in review.sections:
        for row in section.rows:
            if row.value not in ("Ja", "Nein") and len(row.value) < 40:  # boxes on paper
                assert row.value.replace("\n", " ") in paper, row


# ---------------------------------------------------------------------- the town's own PDF
def town_form(workspace: Workspace, templates) -> tuple[bytes, str]:
    """The Beratungshilfe form imported from the town's PDF, in the catalog and its PDF
    in device.db; a draft of it with some answers."""
    pdf, form = beratungshilfe()
    workspace.catalog = Catalog([*templates, form])
    install_source_pdf(workspace.device, pdf)
    draft_id = workspace.create_draft(form, "Gülşen Öztürk").draft.id
    workspace.drafts.set_answers(draft_id, town_answers(form))
    return pdf, draft_id


def printed_on_original(workspace: Workspace, draft_id: str, kind: PrintKind) -> list[str]:
    plan = workspace.print_plan(draft_id)
    assert kind in plan.original_kinds
    checked = workspace.check(draft_id)
    original = source_pdf(workspace.device, checked.template)
    assert original is not None
    facts = PrintFacts("Petra Feld", Letterhead(), "Kassel", dt.datetime.now(dt.UTC))
    claims = Claims(plan.draft, plan.reference, plan.provisional, plan.review_sha256, plan.marker)
    content = build_content(workspace.drafts, draft_id, checked.template, facts, claims)
    pdf = render_document(kind, checked.template, content, original=original, marker=plan.marker)
    return pages(pdf)


def test_a_draft_on_the_towns_pdf_is_marked_on_every_page_the_towns_included(
    workspace: Workspace, templates
) -> None:
    pdf, draft_id = town_form(workspace, templates)
    town_pages = len(PdfReader(io.BytesIO(pdf)).pages)
    plan = workspace.print_plan(draft_id)
    assert plan.on_original
    assert plan.original_kinds == (PrintKind.REVIEW_COPY, PrintKind.OFFICE)
    assert plan.marker == "ENTWURF – kein Antrag gestellt"
    for kind in plan.original_kinds:
        text = printed_on_original(workspace, draft_id, kind)
        assert len(text) > town_pages  # the town's pages, then Koffer's
        assert all("ENTWURF – kein Antrag gestellt" in page for page in text), kind
        assert "Rentnerin, früher Bäckerin" in text[0]  # the answer in the town's box
        joined = "\n".join(text)
        for claim in ("Eingangsbestätigung", "eingegangen", "Vorgangsnummer", "VORL-"):
            assert claim not in joined, (kind, claim)


def test_a_finalised_application_on_the_towns_pdf_has_the_receipt_after_its_pages(
    workspace: Workspace, templates
) -> None:
    pdf, draft_id = town_form(workspace, templates)
    town_pages = len(PdfReader(io.BytesIO(pdf)).pages)
    workspace.sign_on_pad(draft_id, workspace.check(draft_id).digest, strokes=STROKES, png=PNG)
    assert workspace.print_plan(draft_id).marker is not None  # signed is still a draft
    workspace.finalise(draft_id)
    plan = workspace.print_plan(draft_id)
    assert plan.original_kinds == (PrintKind.CITIZEN, PrintKind.OFFICE)
    assert plan.marker is None
    text = printed_on_original(workspace, draft_id, PrintKind.CITIZEN)
    town, koffer = text[:town_pages], "\n".join(text[town_pages:])
    assert "07.03.1948" in town[0]
    assert not any("ENTWURF" in page or "Eingangsbestätigung" in page for page in town)
    assert "Eingangsbestätigung (vorläufig)" in koffer
    assert f"{plan.reference} (vorläufig)" in koffer
    assert "ENTWURF" not in koffer
    office = "\n".join(printed_on_original(workspace, draft_id, PrintKind.OFFICE))
    assert "Eingangsbestätigung" not in office


def test_the_towns_pdf_is_offered_only_where_it_is_on_the_laptop(
    workspace: Workspace, templates
) -> None:
    _pdf, form = beratungshilfe()
    workspace.catalog = Catalog([*templates, form])
    draft_id = workspace.create_draft(form, "Gülşen Öztürk").draft.id
    assert not workspace.print_plan(draft_id).on_original  # the PDF is not installed
    plain = wohngeld(workspace, templates)
    assert workspace.print_plan(plain).original_kinds == ()  # a form without a PDF
    assert original_kinds((PrintKind.BLANK,), workspace.device, form) == ()


def test_printing_refuses_a_draft_on_the_towns_pdf_without_the_marker(
    workspace: Workspace, templates
) -> None:
    pdf, draft_id = town_form(workspace, templates)
    checked = workspace.check(draft_id)
    facts = PrintFacts("Petra Feld", Letterhead(), "Kassel", dt.datetime.now(dt.UTC))
    content = build_content(workspace.drafts, draft_id, checked.template, facts, Claims(True))
    with pytest.raises(ValueError, match="draft marker"):
        render_document("review_copy", checked.template, content, original=pdf, marker=None)


def test_the_blank_form_on_the_towns_pdf_is_the_towns_form_alone(
    workspace: Workspace, templates
) -> None:
    pdf, form = beratungshilfe()
    install_source_pdf(workspace.device, pdf)
    assert original_kinds((PrintKind.BLANK,), workspace.device, form) == (PrintKind.BLANK,)
    blank = PdfReader(io.BytesIO(render_document("blank", form, None, original=pdf)))
    assert len(blank.pages) == len(PdfReader(io.BytesIO(pdf)).pages)
    assert not blank.get_fields()  # flattened: nothing to type into, nothing pre-filled
    assert "Beratungshilfe" in (blank.pages[0].extract_text() or "")
