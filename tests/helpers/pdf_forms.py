"""Fillable PDF forms made with reportlab's AcroForm support, for tests and benchmarks.

The real German forms in tests/fixtures/pdf (official Vordrucke) have check boxes but no
radio groups, choice lists or JavaScript date formats; these generated forms have every
kind of widget, German labels with umlauts as tooltips, and any number of pages.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import black, white
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from printing.fonts import SANS, SANS_BOLD, register_fonts

#: Widgets of one generated page besides its text fields: 2 check boxes, 1 radio group
#: of 3 (1 field), 1 choice list.
OTHER_FIELDS_PER_PAGE = 4


def sample_form(
    pages: int = 1, *, title: str = "Antrag auf Hilfe (Testformular)", text_rows: int = 30
) -> bytes:
    """A fillable PDF with `pages` pages of every widget kind (`text_rows` + 4 fields each)."""
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    _width, height = A4
    form = canvas.acroForm
    for page in range(1, pages + 1):
        canvas.setFont(SANS_BOLD, 16)
        canvas.drawString(
            50,
            height - 50,
            f"Abschnitt {page}: Angaben zur Person"
            if page == 1
            else f"Abschnitt {page}: Weitere Angaben",
        )
        canvas.setFont(SANS, 9)
        y = height - 90
        for row in range(text_rows):
            label = (
                f"Straße und Hausnummer {page}.{row + 1}"
                if row % 3 == 0
                else f"Größe der Wohnung {page}.{row + 1}"
            )
            if page == 1 and row == 0:
                label = "Familienname"
            canvas.drawString(50, y + 4, label)
            form.textfield(
                name=f"p{page}_text{row + 1}",
                tooltip=label,
                x=220,
                y=y,
                width=300,
                height=14,
                fontName="Helvetica",
                fontSize=9,
                borderColor=black,
                fillColor=white,
                forceBorder=True,
                maxlen=80 if row % 5 else 0,
            )
            y -= 19 if text_rows <= 30 else 17.5
        canvas.drawString(50, y + 4, "Ich lebe allein")
        form.checkbox(
            name=f"p{page}_allein",
            tooltip="Ich lebe allein",
            x=220,
            y=y,
            size=12,
            buttonStyle="check",
        )
        canvas.drawString(260, y + 4, "Ich beziehe Rente")
        form.checkbox(
            name=f"p{page}_rente",
            tooltip="Ich beziehe Rente",
            x=400,
            y=y,
            size=12,
            buttonStyle="check",
        )
        y -= 24
        canvas.drawString(50, y + 4, "Familienstand")
        for index, state in enumerate(("ledig", "verheiratet", "verwitwet")):
            form.radio(
                name=f"p{page}_familienstand",
                tooltip="Familienstand",
                value=state,
                selected=False,
                x=220 + index * 90,
                y=y,
                size=12,
                buttonStyle="circle",
            )
            canvas.drawString(236 + index * 90, y + 3, state)
        y -= 24
        canvas.drawString(50, y + 4, "Wohnform")
        form.choice(
            name=f"p{page}_wohnform",
            tooltip="Wohnform",
            value="Mietwohnung",
            options=["Mietwohnung", "Eigentum", "Pflegeheim"],
            x=220,
            y=y,
            width=200,
            height=16,
            fontName="Helvetica",
            fontSize=9,
        )
        canvas.showPage()
    canvas.save()
    return out.getvalue()
