"""Printing: rendering a 10-page filled form, and "Drucken" until CUPS accepted the job."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from bench.harness import Result, median, ms, percentile, samples
from forms.model import Answers, Template
from printing.content import PrintJobContent
from printing.cups_printer import CupsBackend
from printing.fonts import SANS, register_fonts
from printing.options import PrintOptions
from printing.queue import OfflinePrintQueue, PrintRequest
from printing.render import render_filled
from tests.unit.printing.fakes import MemoryPrintQueueStore
from tests.unit.printing.samples import CREATED, signature_png

TITLE = "Printing (PDF rendering, hand-over to CUPS)"

SECTIONS = 19
FIELDS_PER_SECTION = 10


def big_form() -> tuple[Template, Answers]:
    """A form of text, currency, date and choice fields that fills about 10 pages."""
    sections = []
    answers: Answers = {}
    for s in range(SECTIONS):
        fields = []
        for f in range(FIELDS_PER_SECTION):
            fid = f"f{s}_{f}"
            kind = ("text", "currency", "date", "choice", "textarea")[f % 5]
            field: dict[str, object] = {
                "id": fid,
                "type": kind,
                "label": f"Angabe {s + 1}.{f + 1} zur Prüfung",
            }
            if kind == "choice":
                field["options"] = [{"value": v, "label": v.title()} for v in ("ja", "nein")]
                answers[fid] = "ja"
            elif kind == "currency":
                answers[fid] = "1234.50"
            elif kind == "date":
                answers[fid] = "2026-11-21"
            elif kind == "textarea":
                answers[fid] = "Längerer Text über die Wohnsituation und den Bedarf. " * 3
            else:
                answers[fid] = f"Antwort Ä Ö Ü ß ğ ł Ж {s}-{f}"
            fields.append(field)
        sections.append({"id": f"s{s}", "title": f"Abschnitt {s + 1}", "fields": fields})
    template = Template.model_validate(
        {
            "id": "bench-form",
            "version": "1.0.0",
            "title": "Benchmark-Antrag",
            "topic": "Test",
            "office_id": "sozialamt",
            "sections": sections,
        }
    )
    return template, answers


def content(template: Template, answers: Answers) -> PrintJobContent:
    from printing.content import SignatureInfo

    return PrintJobContent(
        template=template,
        answers=answers,
        reference="SOZ-2026-000123",
        staff_name="Petra Schmidt",
        place="Musterstadt",
        created_at=CREATED,
        signature=SignatureInfo(signature_png(), "G. Öztürk", "Musterstadt", CREATED, "0" * 64),
    )


def plain_reportlab(lines: list[str], pages: int) -> bytes:
    """Baseline: the same text drawn line by line with reportlab, no layout at all."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    per_page = max(1, len(lines) // pages + 1)
    for start in range(0, len(lines), per_page):
        canvas.setFont(SANS, 10)
        y = 800.0
        for line in lines[start : start + per_page]:
            canvas.drawString(56, y, line[:110])
            y -= 13
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _rendering() -> list[Result]:
    template, answers = big_form()
    job = content(template, answers)
    pdf = render_filled(job, "citizen")
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    lines = [f"{template.fields_by_id[k].label}: {v}" for k, v in answers.items()]
    ours = samples(lambda: render_filled(job, "citizen"), repeat=15)
    base = samples(lambda: plain_reportlab(lines, pages), repeat=15)
    return [
        Result(
            name=f"render filled citizen copy, {pages} pages (engine + layout), median",
            value=ms(median(ours)),
            unit="ms",
            target="< 250 ms",
            baseline_name="plain reportlab text, same pages",
            baseline_value=ms(median(base)),
            met=ms(median(ours)) < 250,
            notes=f"p95 {ms(percentile(ours, 95)):.0f} ms; {len(answers)} answers",
        )
    ]


def _cups() -> list[Result]:
    from tests.helpers.cups_server import PDF_QUEUE, start_cups_server

    if shutil.which("cupsd") is None:
        return [Result("Drucken → job accepted", 0, "ms", notes="skipped: cupsd missing")]
    root = Path(tempfile.mkdtemp(prefix="koffer-cups-bench-"))
    try:
        server = start_cups_server(root, save_at_once=False)  # as on a laptop
    except (pytest.skip.Exception, RuntimeError, AssertionError) as exc:
        shutil.rmtree(root, ignore_errors=True)
        return [Result("Drucken → job accepted", 0, "ms", notes=f"skipped: {exc}")]
    try:
        template, answers = big_form()
        job = content(template, answers)
        pdf = render_filled(job, "citizen")
        backend = CupsBackend(host="127.0.0.1", port=server.port)
        queue = OfflinePrintQueue(backend, MemoryPrintQueueStore())
        request = PrintRequest(pdf, "Benchmark", PDF_QUEUE, PrintOptions())
        pdf_file = root / "bench.pdf"
        pdf_file.write_bytes(pdf)

        def press_print() -> None:
            outcome = queue.print(request)
            assert not outcome.queued

        def press_print_with_render() -> None:
            fresh = render_filled(job, "citizen")
            outcome = queue.print(PrintRequest(fresh, "Benchmark", PDF_QUEUE, PrintOptions()))
            assert not outcome.queued

        def lp() -> None:
            subprocess.run(
                ["lp", "-h", server.host, "-d", PDF_QUEUE, str(pdf_file)],
                check=True,
                capture_output=True,
            )

        ours = samples(press_print, repeat=20)
        full = samples(press_print_with_render, repeat=10)
        base = samples(lp, repeat=20)
        return [
            Result(
                name="Drucken → job accepted by the local scheduler (PDF ready), median",
                value=ms(median(ours)),
                unit="ms",
                target="< 500 ms",
                baseline_name="lp CLI, same PDF",
                baseline_value=ms(median(base)),
                met=ms(median(ours)) < 500,
                notes=f"p95 {ms(percentile(ours, 95)):.0f} ms; job kept in the offline "
                "queue + reachability check + capabilities + Create-Job, job-uuid, "
                "streamed Send-Document",
            ),
            Result(
                name=f"Drucken → accepted, including rendering the PDF ({len(pdf) // 1024} KiB)",
                value=ms(median(full)),
                unit="ms",
                target="< 500 ms",
                baseline_name="lp CLI, same PDF",
                baseline_value=ms(median(base)),
                met=ms(median(full)) < 500,
                notes=f"p95 {ms(percentile(full, 95)):.0f} ms",
            ),
        ]
    finally:
        server.cancel_all_jobs()
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def run() -> list[Result]:
    """Both measurements; CUPS ones are skipped without cupsd or root."""
    return _rendering() + _cups()
