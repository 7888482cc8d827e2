"""Sample forms, answers and signatures for printing tests, benchmarks and screenshots."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from pathlib import Path

from PIL import Image, ImageDraw

from forms.model import Answers, Template
from printing.content import AttachmentInfo, Letterhead, PrintJobContent, SignatureInfo

BERLIN = dt.timezone(dt.timedelta(hours=1))
CREATED = dt.datetime(2026, 11, 21, 14, 5, tzinfo=BERLIN)
CATALOG = Path(__file__).resolve().parents[3] / "forms" / "catalog"

SAMPLE_TEMPLATE = {
    "id": "druck-probe",
    "version": "1.0.0",
    "title": "Antrag auf Druckprobe",
    "topic": "Test",
    "leika": "99000000000000",
    "legal_basis": "§ 1 Druckprobengesetz",
    "office_id": "sozialamt",
    "sections": [
        {
            "id": "person",
            "title": "Angaben zur Person",
            "fields": [
                {"id": "hinweis", "type": "info", "label": "Bitte vollständig ausfüllen."},
                {"id": "name", "type": "text", "label": "Name"},
                {"id": "geburtsdatum", "type": "date", "label": "Geburtsdatum"},
                {"id": "plz", "type": "postal_code", "label": "Postleitzahl"},
                {"id": "iban", "type": "iban", "label": "IBAN"},
                {"id": "alleinstehend", "type": "boolean", "label": "Alleinstehend"},
                {
                    "id": "wohnform",
                    "type": "choice",
                    "label": "Wohnform",
                    "options": [
                        {"value": "miete", "label": "Miete"},
                        {"value": "eigentum", "label": "Eigentum"},
                    ],
                },
                {
                    "id": "vermieter",
                    "type": "text",
                    "label": "Vermieter",
                    "relevant": "wohnform == 'miete'",
                },
                {
                    "id": "hilfen",
                    "type": "multichoice",
                    "label": "Hilfen",
                    "options": [
                        {"value": "pflege", "label": "Pflege"},
                        {"value": "rente", "label": "Rente"},
                        {"value": "wohngeld", "label": "Wohngeld"},
                    ],
                },
                {"id": "miete", "type": "currency", "label": "Miete monatlich"},
                {
                    "id": "bemerkung",
                    "type": "textarea",
                    "label": "Bemerkung",
                    "print": {"blank_lines": 3},
                },
            ],
        },
        {
            "id": "haushalt_abschnitt",
            "title": "Haushalt",
            "fields": [
                {
                    "id": "haushalt",
                    "type": "group",
                    "label": "Weitere Personen",
                    "item_label": "Person",
                    "fields": [
                        {"id": "hm_name", "type": "text", "label": "Name"},
                        {"id": "hm_einkommen", "type": "currency", "label": "Einkommen"},
                    ],
                },
                {
                    "id": "summe",
                    "type": "currency",
                    "label": "Einkommen gesamt",
                    "compute": "sum(haushalt.hm_einkommen)",
                },
            ],
        },
        {
            "id": "abschluss",
            "title": "Abschluss",
            "fields": [
                {"id": "belege", "type": "attachment", "label": "Nachweise"},
                {"id": "unterschrift", "type": "signature", "label": "Unterschrift"},
            ],
        },
    ],
    "documents": [{"id": "ausweis", "label": "Personalausweis"}],
}

SAMPLE_ANSWERS: Answers = {
    "name": "Gülşen Łukasiewicz-Öztürk",
    "geburtsdatum": "1948-03-07",
    "plz": "12345",
    "iban": "DE02120300000000202051",
    "alleinstehend": True,
    "wohnform": "eigentum",
    "vermieter": "GEHEIMER VERMIETER",  # not relevant: must never be printed
    "hilfen": ["pflege", "wohngeld"],
    "miete": "612.50",
    "bemerkung": "Straße: Äußere Grünstraße 3 — Иван говорит: «Привет» <b>&amp;</b>",
    "haushalt": [
        {"hm_name": "Jürgen Öztürk", "hm_einkommen": "1200.00"},
        {"hm_name": "Zofia Żółć", "hm_einkommen": "300"},
    ],
    "belege": ["att-1"],
    "unterschrift": "sig-1",
}


def sample_template() -> Template:
    """The small all-field-types form."""
    return Template.model_validate(SAMPLE_TEMPLATE)


class FakeEvaluation:
    """Stands in for the engine where a test needs a fixed relevance decision."""

    def __init__(self, answers: Answers, irrelevant: set[str], computed: Answers) -> None:
        self._answers = answers
        self._irrelevant = irrelevant
        self._computed = computed

    def is_relevant(self, path: str) -> bool:
        return path.split("[", maxsplit=1)[0] not in self._irrelevant

    def relevant_answers(self) -> Answers:
        out = {k: v for k, v in self._answers.items() if k not in self._irrelevant}
        out.update(self._computed)
        return out


def sample_evaluation() -> FakeEvaluation:
    return FakeEvaluation(SAMPLE_ANSWERS, {"vermieter"}, {"summe": "1500.00"})


def signature_png(text: str = "G. Öztürk") -> bytes:
    """A drawn stand-in for a handwritten signature (transparent PNG)."""
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [(20 + i * 9, 120 + int(40 * ((i % 7) - 3) / 3) * (-1) ** i) for i in range(60)]
    draw.line(points, fill=(20, 30, 90, 255), width=5, joint="curve")
    draw.line([(40, 170), (560, 150)], fill=(20, 30, 90, 255), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    del text
    return out.getvalue()


def sample_content(
    template: Template | None = None,
    answers: Answers | None = None,
    reference: str = "SOZ-2026-000123",
) -> PrintJobContent:
    """A complete print job for the sample form (or the given one)."""
    answers = SAMPLE_ANSWERS if answers is None else answers
    digest = hashlib.sha256(json.dumps(answers, sort_keys=True).encode()).hexdigest()
    return PrintJobContent(
        template=template or sample_template(),
        answers=answers,
        reference=reference,
        staff_name="Petra Schmidt",
        place="Musterstadt",
        created_at=CREATED,
        signature=SignatureInfo(
            png=signature_png(),
            signer="Gülşen Öztürk",
            place="Musterstadt",
            signed_at=CREATED,
            content_sha256=digest,
        ),
        attachments=(
            AttachmentInfo("Mietvertrag.pdf", "application/pdf", id="att-1"),
            AttachmentInfo("Rentenbescheid_2026.jpg", "image/jpeg", id="att-2"),
        ),
        letterhead=Letterhead(),
    )


#: Answers for the shipped Wohngeld form (forms/catalog/wohngeld-mietzuschuss.yaml).
WOHNGELD_ANSWERS: Answers = {
    "familienname": "Öztürk",
    "vorname": "Gülşen",
    "geburtsdatum": "1948-03-07",
    "familienstand": "verwitwet",
    "staatsangehoerigkeit": "deutsch",
    "telefon": "0123 98765",
    "strasse": "Äußere Grünstraße 3",
    "plz": "12345",
    "ort": "Musterstadt",
    "einzugsdatum": "1999-10-01",
    "wohnflaeche": "54.5",
    "anzahl_raeume": 2,
    "wohnverhaeltnis": "miete",
    "vermieter_name": "Wohnungsbau Musterstadt GmbH",
    "vermieter_anschrift": "Hafenstraße 12\n12345 Musterstadt",
    "verwandt_mit_vermieter": False,
    "heim_name": "NICHT RELEVANT HEIM",
    "gesamtmiete": "612.50",
    "heizkosten": "85.00",
    "warmwasser_in_miete": False,
    "untervermietung": False,
    "weitere_personen": True,
    "haushalt": [
        {
            "hm_vorname": "Jürgen",
            "hm_familienname": "Öztürk",
            "hm_geburtsdatum": "1975-05-02",
            "hm_verwandtschaft": "kind",
            "hm_einkommensart": "erwerbstaetigkeit",
            "einkommen": "1450.00",
            "hm_gdb_freibetrag": False,
        }
    ],
    "einkommensart": "rente",
    "einkommen_brutto": "1180.40",
    "gdb_freibetrag": True,
    "transferleistungen": False,
    "kontoinhaber_abweichend": False,
    "iban": "DE02120300000000202051",
    "kreditinstitut": "Sparkasse Musterstadt",
    "nachweise": ["att-1"],
    "bemerkungen": "Antrag beim Hausbesuch aufgenommen.",
    "erklaerung_richtig": True,
    "erklaerung_aenderungen": True,
    "ort_unterschrift": "Musterstadt",
    "datum_unterschrift": "2026-11-21",
    "unterschrift": "sig-1",
}


#: Answers for the shipped visit record (forms/catalog/hausbesuchsprotokoll.yaml).
VISIT_ANSWERS: Answers = {
    "besuchsdatum": "2026-11-21",
    "uhrzeit_beginn": "14:00",
    "dauer_minuten": 45,
    "besuchsort": "wohnung",
    "besuchsart": "angekuendigt",
    "mitarbeiter_name": "Petra Schmidt",
    "dienststelle": "Sozialamt, Seniorenbüro",
    "familienname": "Öztürk",
    "vorname": "Gülşen",
    "geburtsdatum": "1948-03-07",
    "aktenzeichen": "SOZ-2026-000123",
    "anschrift": "Äußere Grünstraße 3\n12345 Musterstadt",
    "buerger_anwesend": True,
    "anwesende": [{"anw_name": "Jürgen Öztürk", "anw_rolle": "angehoerige"}],
    "anlass": ["antragstellung", "beratung"],
    "anlass_text": "Antrag auf Wohngeld; Frau Öztürk kann das Rathaus nicht mehr erreichen.",
    "beobachtungen": "Wohnung gepflegt, zweiter Stock ohne Aufzug. Treppe fällt schwer.",
    "gefaehrdung": False,
    "sofortmassnahmen": "NICHT RELEVANT SOFORT",
    "vereinbarungen": "Nachweise (Mietbescheinigung) schickt der Sohn bis Monatsende.",
    "naechster_termin": "2026-12-15",
    "ausgehaendigt": ["wohngeld", "merkblatt"],
    "fotos_einwilligung": False,
    "protokoll_datum": "2026-11-21",
}
