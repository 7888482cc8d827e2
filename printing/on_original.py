"""The printout of an application on the town's own PDF: its pages, then Koffer's.

The town's PDF (filled and flattened by `printing.original`) comes first, so the office
gets its familiar layout. Koffer's own pages follow unchanged: the office copy, or the
citizen's copy with the receipt, built by `printing.render` (with whatever receipt or
draft marking rules apply there), because the PDF layout has no place for the receipt,
the attachment list, or an answer that did not fit into its box.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import pikepdf

from printing.content import DRAFT_MARKER, CopyKind, PrintJobContent
from printing.evaluation import Evaluation, evaluate
from printing.original import Filled, OriginalError, fill_original
from printing.render import render_filled


@dataclass(frozen=True)
class OnOriginal:
    """The combined printout and how many pages are the town's."""

    pdf: bytes
    original_pages: int
    overflow: tuple[str, ...]


def render_on_original(
    content: PrintJobContent,
    source_pdf: bytes,
    copy: CopyKind = "office",
    *,
    large_print: bool = False,
    evaluation: Evaluation | None = None,
    marker: str | None = None,
) -> OnOriginal:
    """The filled original PDF followed by Koffer's own copy of the application.

    Args:
        content: what `render_filled` prints (its template has a `source_pdf`).
        source_pdf: the template's PDF from the signed catalog.
        marker: printed on every page of the original, e.g. the draft marker (the
            caller decides, as it does for Koffer's pages).

    Raises:
        OriginalError: the template has no source PDF, or `source_pdf` is not it.
        ValueError: a draft without the draft marker: the town's pages must not look
            like an application that was made (Koffer's own pages carry it anyway).
    """
    if content.draft and marker != DRAFT_MARKER:
        raise ValueError("a draft on the town's PDF carries the draft marker on every page")
    template = content.template
    if template.source_pdf is None:
        raise OriginalError(f"{template.id} has no source PDF")
    if hashlib.sha256(source_pdf).hexdigest() != template.source_pdf.sha256:
        raise OriginalError(f"the PDF is not the one {template.id} {template.version} names")
    ev = evaluation or evaluate(template, content.answers, content.created_at.date())
    # each signature into the PDF field of its own signature field (one without a field id
    # is the form's only one: it goes into every signature field the PDF maps)
    given = content.given_signatures
    by_field = {s.field_id: s.png for s in given if s.field_id and s.png}
    single = next((s.png for s in given if not s.field_id and s.png), None)
    filled: Filled = fill_original(
        source_pdf,
        template,
        ev.relevant_answers(),
        signature_png=single,
        signature_pngs=by_field or None,
        marker=marker,
    )
    own = render_filled(content, copy, large_print=large_print, evaluation=ev)
    return OnOriginal(
        pdf=concatenate([filled.pdf, own]),
        original_pages=filled.pages,
        overflow=filled.overflow,
    )


def concatenate(documents: list[bytes]) -> bytes:
    """One PDF with the pages of `documents` in order (in memory)."""
    out = pikepdf.new()
    opened = [pikepdf.open(io.BytesIO(d)) for d in documents]
    try:
        for document in opened:
            out.pages.extend(document.pages)
        buffer = io.BytesIO()
        out.save(buffer, compress_streams=True)
        return buffer.getvalue()
    finally:
        for document in opened:
            document.close()
