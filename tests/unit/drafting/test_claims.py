"""What a printout may claim: receipts only for a finalised application; drafts marked.

The PDFs are rendered and their text read back (pypdf).
"""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from koffer.drafting.claims import PrintKind
from koffer.drafting.lifecycle import Stage
from koffer.drafting.workspace import Workspace
from koffer.printouts.content import Claims, PrintFacts, build_content, render_document
from printing.content import Letterhead
from tests.unit.drafting.conftest import OfficeKeys, template
from tests.unit.printing.samples import WOHNGELD_ANSWERS

STROKES = [[[0.1, 0.2, 0.5, 0]]]
PNG = b"\x89PNG-sig"


def pages(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def printed(workspace: Workspace, draft_id: str, kind: PrintKind) -> list[str]:
    plan = workspace.print_plan(draft_id)
    assert kind in plan.kinds
    checked = workspace.check(draft_id)
    facts = PrintFacts("Petra Feld", Letterhead(), "Kassel", dt.datetime.now(dt.UTC))
    claims = Claims(plan.draft, plan.reference, plan.provisional, plan.review_sha256)
    content = build_content(workspace.drafts, draft_id, checked.template, facts, claims)
    return pages(render_document(kind, checked.template, content))


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
