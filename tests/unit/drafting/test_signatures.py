"""Forms with more than one signature: who must sign, when the draft is signed, and that
every signature reaches the office, the printout, the backup — on the shipped forms.

Wohnberechtigungsschein: the partner who moves in must sign too (a required signature
field that applies only then). Vollmacht and Hausbesuchsprotokoll: a second, voluntary
signature that may be left out. Real SQLCipher profile, real sealing, no Qt.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from pypdf import PdfReader

from forms.model import Answers, Template
from koffer.drafting.lifecycle import Stage, StepRefused
from koffer.drafting.review import applicable_signatures
from koffer.drafting.workspace import Workspace
from koffer.printouts.content import PrintFacts, render_document
from koffer.settings import REJECTED
from printing.content import Letterhead, PrintJobContent
from printing.render import render_filled
from sync import crypto
from sync.protocol import SealedContent
from tests.helpers.server import office_key
from tests.unit.drafting.conftest import OfficeKeys, template

STROKES = [[[0.1, 0.2, 0.5, 0], [0.4, 0.3, 0.5, 20]]]
APPLICANT = "unterschrift"
PARTNER = "unterschrift_partner"
PARTNER_LABEL = "Unterschrift der Ehe- oder Lebenspartnerin bzw. des Partners"
APPLICANT_LABEL = "Unterschrift der antragstellenden Person"


def png(name: str) -> bytes:
    """A tiny real PNG per signer (different bytes: which one was sealed shows)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (120, 40), "white")
    ImageDraw.Draw(image).text((4, 10), name, fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


#: Answers whose form has a shape a plain filler does not guess.
SHAPED: dict[str, Any] = {"uhrzeit_beginn": "09:15"}


def fill_required(workspace: Workspace, tpl: Template, answers: Answers) -> Answers:
    """`answers` plus a plain answer for every required question still open (test data)."""
    today = workspace.today().isoformat()
    filled: dict[str, Any] = dict(answers)
    compiled = workspace.catalog.compiled(tpl)
    for _ in range(5):
        open_ = [
            f
            for f in compiled.evaluate(filled, today=workspace.today()).findings
            if f.severity == "error" and "[" not in f.path
        ]
        fields = [tpl.fields_by_id[f.path] for f in open_ if f.path in tpl.fields_by_id]
        fields = [f for f in fields if f.type != "signature"]
        if not fields:
            return filled
        for field in fields:
            if field.id in SHAPED:
                filled[field.id] = SHAPED[field.id]
                continue
            filled[field.id] = {
                "date": "1960-05-01" if "geburt" in field.id else today,
                "choice": field.options[0].value if field.options else "x",
                "multichoice": [field.options[0].value] if field.options else [],
                "boolean": True,
                "declaration": True,
                "currency": 12000,
                "integer": 30,
                "decimal": 40,
                "postal_code": "34117",
                "email": "a@example.org",
                "phone": "0561 1234",
            }.get(field.type, "Beispiel")
    raise AssertionError("could not complete the test answers")


PARTNER_ROW = {
    "mz_name": "Jonas Beispiel",
    "mz_geburtsdatum": "1962-02-02",
    "mz_beziehung": "partner",
    "mz_jahreseinkommen": 9000,
}
CHILD_ROW = {**PARTNER_ROW, "mz_name": "Mia Beispiel", "mz_beziehung": "kind"}


def wbs(workspace: Workspace, templates: list[Template], rows: list[dict[str, Any]]) -> str:
    """A complete Wohnberechtigungsschein draft with `rows` moving in."""
    tpl = template(templates, "wohnberechtigungsschein")
    opened = workspace.create_draft(tpl, "Erika Beispiel")
    answers = fill_required(workspace, tpl, {**opened.draft.answers, "mitziehende": rows})
    workspace.drafts.set_answers(opened.draft.id, answers)
    checked = workspace.check(opened.draft.id)
    assert checked.review().complete, checked.review().blocking
    return opened.draft.id


def sign(workspace: Workspace, draft_id: str, field_id: str) -> None:
    digest = workspace.check(draft_id).digest
    workspace.sign_on_pad(draft_id, digest, strokes=STROKES, png=png(field_id), field_id=field_id)


def sign_both(workspace: Workspace, draft_id: str) -> None:
    """The applicant, then the partner, each on their own pad."""
    sign(workspace, draft_id, APPLICANT)
    sign(workspace, draft_id, PARTNER)


def stage(workspace: Workspace, draft_id: str) -> Stage:
    return workspace.drafts.get_draft(draft_id).status


def unseal(workspace: Workspace) -> dict[str, Any]:
    item = workspace.device.outbox_items()[0]
    payload: dict[str, Any] = json.loads(crypto.unseal(item.payload.decode("ascii"), office_key()))
    return payload


def printout_template(workspace: Workspace, draft_id: str) -> Template:
    return workspace.check(draft_id).template


def pdf_text(data: bytes) -> str:
    import io

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def facts(workspace: Workspace) -> PrintFacts:
    return PrintFacts("Petra Feld", Letterhead(), "Kassel", workspace.clock())


@pytest.fixture
def with_partner(workspace: Workspace, templates: list[Template]) -> str:
    return wbs(workspace, templates, [PARTNER_ROW, CHILD_ROW])


def test_a_partner_moving_in_must_sign_too(workspace: Workspace, with_partner: str, keys):
    keys.arrive("wohnungsamt")
    review = workspace.check(with_partner).review()
    assert [(s.field_id, s.label, s.required) for s in review.signatures] == [
        (APPLICANT, APPLICANT_LABEL, True),
        (PARTNER, PARTNER_LABEL, True),
    ]
    sign(workspace, with_partner, APPLICANT)
    assert stage(workspace, with_partner) is Stage.DRAFT  # one of two: not signed
    state = workspace.signatures(workspace.check(with_partner))
    assert [s.label for s in state.missing] == [PARTNER_LABEL]
    assert "signature_given" in [e.action for e in workspace.device.audit_entries(with_partner)]
    with pytest.raises(StepRefused) as refused:
        workspace.finalise(with_partner)
    assert PARTNER_LABEL in refused.value.user_message
    opened = workspace.open_draft(with_partner)  # the stage stays a draft on opening
    assert opened.stage is Stage.DRAFT
    assert set(opened.signatures) == {APPLICANT}


def test_both_signed_then_sealed_and_printed_with_both(
    workspace: Workspace, with_partner: str, keys: OfficeKeys
) -> None:
    keys.arrive("wohnungsamt")
    sign_both(workspace, with_partner)
    assert stage(workspace, with_partner) is Stage.SIGNED
    assert workspace.finalise(with_partner) is Stage.SEALED

    sealed = unseal(workspace)
    applicant = workspace.drafts.get_signature(with_partner, APPLICANT)
    partner = workspace.drafts.get_signature(with_partner, PARTNER)
    assert applicant is not None
    assert partner is not None
    assert sealed["answers"][APPLICANT] == applicant.id
    assert sealed["answers"][PARTNER] == partner.id
    files = {a["field_id"]: a for a in sealed["attachments"]}
    assert files[APPLICANT]["id"] == applicant.id
    assert files[PARTNER]["id"] == partner.id
    assert files[PARTNER]["sha512"] == crypto.sha512_hex(png(PARTNER))
    assert [(s["field_id"], s["label"], s["method"]) for s in sealed["signatures"]] == [
        (APPLICANT, APPLICANT_LABEL, "pad"),
        (PARTNER, PARTNER_LABEL, "pad"),
    ]
    item = workspace.device.outbox_items()[0]
    assert set(item.parts) >= {applicant.id, partner.id}
    # the office's inbox export reads the payload as SealedContent and renders its PDF
    # from it (sync.server.inbox): two signatures keep both working
    content = SealedContent.model_validate_json(
        crypto.unseal(item.payload.decode("ascii"), office_key())
    )
    assert len((content.model_extra or {})["signatures"]) == 2
    office_copy = PrintJobContent(
        template=printout_template(workspace, with_partner),
        answers=content.answers,
        reference="WA-1",
        staff_name="Petra Feld",
        place="",
        created_at=content.created_at,
    )
    assert render_filled(office_copy, "office").startswith(b"%PDF")

    printout = workspace.printout(with_partner, facts(workspace))
    assert [s.label for s in printout.content.given_signatures] == [
        APPLICANT_LABEL,
        PARTNER_LABEL,
    ]
    text = pdf_text(render_document("office", printout.content.template, printout.content))
    flat = text.replace("\n", " ")
    assert APPLICANT_LABEL in flat
    assert PARTNER_LABEL in flat
    assert flat.count("Elektronisch erfasste Unterschrift") == 2


def test_an_answer_change_voids_both(workspace: Workspace, with_partner: str) -> None:
    sign_both(workspace, with_partner)
    assert stage(workspace, with_partner) is Stage.SIGNED
    workspace.drafts.set_answer(with_partner, "ort", "Baunatal")
    opened = workspace.open_draft(with_partner)  # the truth: no signature holds
    assert opened.stage is Stage.DRAFT
    state = workspace.signatures(workspace.check(with_partner))
    assert state.void
    assert not state.valid
    assert [s.field_id for s in state.missing] == [APPLICANT, PARTNER]


def test_without_a_partner_one_signature_suffices(
    workspace: Workspace, templates: list[Template], keys: OfficeKeys
) -> None:
    keys.arrive("wohnungsamt")
    draft_id = wbs(workspace, templates, [CHILD_ROW])
    checked = workspace.check(draft_id)
    assert [s.field_id for s in applicable_signatures(checked.template, checked.evaluation)] == [
        APPLICANT
    ]
    with pytest.raises(StepRefused):  # the partner's field does not apply
        workspace.sign_on_pad(
            draft_id, checked.digest, strokes=STROKES, png=png("x"), field_id=PARTNER
        )
    sign(workspace, draft_id, APPLICANT)
    assert stage(workspace, draft_id) is Stage.SIGNED
    assert workspace.finalise(draft_id) is Stage.SEALED
    assert [s["field_id"] for s in unseal(workspace)["signatures"]] == [APPLICANT]


def test_paper_records_every_line_and_the_sheet_has_them(
    workspace: Workspace, with_partner: str, keys: OfficeKeys
) -> None:
    keys.arrive("wohnungsamt")
    sheet = workspace.printout(with_partner, facts(workspace)).content
    assert [line.label for line in sheet.signature_lines] == [APPLICANT_LABEL, PARTNER_LABEL]
    text = pdf_text(render_document("signing", sheet.template, sheet)).replace("\n", " ")
    assert APPLICANT_LABEL in text
    assert PARTNER_LABEL in text
    assert text.count("Ort, Datum") == 2

    digest = workspace.check(with_partner).digest
    with pytest.raises(StepRefused):  # the partner's line needs a name
        workspace.sign_on_paper(with_partner, digest, signers={APPLICANT: "Erika Beispiel"})
    when = workspace.clock() - dt.timedelta(minutes=2)
    infos = workspace.sign_on_paper(
        with_partner,
        digest,
        signers={APPLICANT: "Erika Beispiel", PARTNER: "Jonas Beispiel"},
        signed_at=when,
    )
    assert [(i.field_id, i.signer, i.created_at) for i in infos] == [
        (APPLICANT, "Erika Beispiel", when),
        (PARTNER, "Jonas Beispiel", when),
    ]
    assert stage(workspace, with_partner) is Stage.SIGNED
    assert workspace.finalise(with_partner) is Stage.SEALED
    sealed = unseal(workspace)
    assert [(s["field_id"], s["signer"]) for s in sealed["signatures"]] == [
        (APPLICANT, "Erika Beispiel"),
        (PARTNER, "Jonas Beispiel"),
    ]


def test_returning_a_refused_submission_clears_every_signature(
    workspace: Workspace, with_partner: str, keys: OfficeKeys
) -> None:
    keys.arrive("wohnungsamt")
    sign_both(workspace, with_partner)
    workspace.finalise(with_partner)
    submission_id = workspace.device.outbox_items()[0].submission_id
    REJECTED.write(
        workspace.device, {submission_id: {"draft_id": with_partner, "message": "Bitte neu"}}
    )
    workspace.return_refused()
    assert stage(workspace, with_partner) is Stage.DRAFT
    assert workspace.drafts.get_signature(with_partner, APPLICANT) is None
    assert workspace.drafts.get_signature(with_partner, PARTNER) is None


@pytest.mark.parametrize(
    ("template_id", "required", "optional", "office"),
    [
        ("vollmacht", "unterschrift", "unterschrift_bevollmaechtigte", None),
        ("hausbesuchsprotokoll", "unterschrift_mitarbeiter", "kenntnisnahme", None),
    ],
)
def test_a_voluntary_second_signature_may_be_left_out(
    workspace: Workspace,
    templates: list[Template],
    keys: OfficeKeys,
    template_id: str,
    required: str,
    optional: str,
    office: str | None,
) -> None:
    tpl = template(templates, template_id)
    keys.arrive(tpl.office_id)
    opened = workspace.create_draft(tpl, "Erika Beispiel")
    workspace.drafts.set_answers(
        opened.draft.id, fill_required(workspace, tpl, dict(opened.draft.answers))
    )
    draft_id = opened.draft.id
    checked = workspace.check(draft_id)
    assert checked.review().complete, checked.review().blocking
    slots = {s.field_id: s.required for s in checked.review().signatures}
    assert slots == {required: True, optional: False}
    sign(workspace, draft_id, required)
    assert stage(workspace, draft_id) is Stage.SIGNED  # the voluntary one left out
    assert workspace.finalise(draft_id) is Stage.SEALED
    assert [s["field_id"] for s in unseal(workspace)["signatures"]] == [required]


def test_a_voluntary_signature_given_then_voided_is_not_sent(
    workspace: Workspace, templates: list[Template], keys: OfficeKeys
) -> None:
    tpl = template(templates, "hausbesuchsprotokoll")
    keys.arrive(tpl.office_id)
    opened = workspace.create_draft(tpl, "Erika Beispiel")
    draft_id = opened.draft.id
    workspace.drafts.set_answers(
        draft_id, fill_required(workspace, tpl, dict(opened.draft.answers))
    )
    sign(workspace, draft_id, "kenntnisnahme")
    assert stage(workspace, draft_id) is Stage.DRAFT  # the staff member has not signed
    sign(workspace, draft_id, "unterschrift_mitarbeiter")
    assert stage(workspace, draft_id) is Stage.SIGNED
    workspace.drafts.set_answer(draft_id, "vereinbarungen", "Neuer Termin in zwei Wochen")
    workspace.open_draft(draft_id)  # voids both
    sign(workspace, draft_id, "unterschrift_mitarbeiter")  # only the staff member again
    assert stage(workspace, draft_id) is Stage.SIGNED
    assert workspace.finalise(draft_id) is Stage.SEALED
    sealed = unseal(workspace)
    old = workspace.drafts.get_signature(draft_id, "kenntnisnahme")
    assert old is not None
    assert [s["field_id"] for s in sealed["signatures"]] == ["unterschrift_mitarbeiter"]
    assert sealed["answers"].get("kenntnisnahme") is None
    assert old.id not in {a["id"] for a in sealed["attachments"]}


def test_the_backup_carries_every_signature(
    workspace: Workspace, with_partner: str, tmp_path, clock
) -> None:
    """Both signatures (strokes, image, digest, field) come back from a backup record on
    another laptop, and the draft there is signed by the same rule."""
    from koffer.store import Profile, ProfilePaths
    from koffer.store.keys import TEST_KDF
    from koffer.townhall.backup_record import DraftRecord, pack, unpack
    from tests.helpers.keyring_backends import MemoryKeyring

    sign_both(workspace, with_partner)
    record = unpack(pack(DraftRecord(workspace.drafts.export_draft(with_partner))))

    other = Profile(ProfilePaths(tmp_path / "b"), MemoryKeyring(), kdf=TEST_KDF, clock=clock)
    try:
        target = other.create("Erika", "ein Kennwort 123")
        target.import_draft(record.snapshot)
        for field_id in (APPLICANT, PARTNER):
            there = target.get_signature(with_partner, field_id)
            assert there is not None
            assert there.png == png(field_id)  # what this test signed with, per field
            assert there.strokes == STROKES
            assert there.content_sha256 == workspace.check(with_partner).digest
        restored = Workspace(target, other.open_device(), workspace.catalog, clock=clock)
        assert restored.signatures(restored.check(with_partner)).signed
        assert target.get_draft(with_partner).status is Stage.SIGNED
    finally:
        other.close()
