"""The document checklist ("Mitzubringende Unterlagen"): what is ticked, what is missing.

Every rule about the checklist lives here, without Qt; the form screen only shows a
`Checklist` and forwards what the worker chose (`DraftEditor.apply(SetDocument(...))`).

- **States.** A required document is *open* (not seen yet), *presented* (the worker saw
  the original: "Original vorgelegt") or *attached* (one of the draft's attachments is
  the proof). Only presented and attached are stored (`Tick`); open is the absence of
  a tick, so "not ticked" needs no row and a cleared tick leaves nothing behind.
- **Attached means an attachment that is there.** A tick names its attachment; the tick
  counts as attached only while that attachment is one of the draft's attachments that
  go to the office (`attachments_in`: referenced by a relevant answer). An attachment
  removed (or no longer sent because its question stopped applying) turns the document
  back to open, marked `attachment_removed`, so the worker sees why and can attach it
  again; the store sets the link to NULL when the attachment row goes (ON DELETE SET
  NULL), which reads the same way here.
- **Required changes with the answers.** The checklist shows the documents the
  evaluation requires now. A tick of a document no longer required is kept (the answers
  may change back, and the worker did see it) but neither shown nor counted nor sent.
- **Missing is a hint, never a block.** An office accepts proofs sent in later
  ("bitte nachreichen"), so finalising does not look at the checklist. Optional
  documents ("falls vorhanden") are counted apart and never called missing.
- **Ticks are no part of what is signed.** They are not answers: the review digest does
  not include them, so a proof presented after signing leaves the signature valid.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from forms.model import DocumentItem
from forms.paths import texts_in
from printing.content import RequiredDocument

if TYPE_CHECKING:
    from koffer.drafting.base import Checked, WorkspaceBase


class DocState(enum.StrEnum):
    """What the checklist says of one document."""

    OPEN = "open"
    PRESENTED = "presented"  # seen in the original ("Original vorgelegt")
    ATTACHED = "attached"  # one of the draft's attachments proves it


#: How a saved tick is named among the saved answer paths (`lifecycle.Saved.paths`); no
#: answer path starts so (answer paths start with an identifier).
PATH_PREFIX = "#documents/"
#: The states a tick can store (open is no tick at all).
STORED_STATES = frozenset({DocState.PRESENTED, DocState.ATTACHED})


@dataclass(frozen=True, slots=True)
class Tick:
    """A stored tick of one document: presented, or attached with the attachment's id.

    `attachment_id` is None for presented, and for attached once its attachment was
    removed (the store's ON DELETE SET NULL): such a tick reads as open.
    """

    state: DocState
    attachment_id: str | None = None

    def __post_init__(self) -> None:
        if self.state not in STORED_STATES:
            raise ValueError(f"a tick is presented or attached, not {self.state}")
        if self.state is DocState.PRESENTED and self.attachment_id is not None:
            raise ValueError("a presented document names no attachment")


#: The stored ticks of a draft, by document id.
Ticks = Mapping[str, Tick]


@dataclass(frozen=True, slots=True)
class DocumentLine:
    """One required document as the checklist shows it.

    Attributes:
        id, label, help, optional: from the template (label and help in the language).
        state: open, presented or attached (attached only with an attachment present).
        attachment_id, attachment_name: the proof, when attached.
        attachment_removed: it was attached, but that attachment is gone: open again.
    """

    id: str
    label: str
    help: str
    optional: bool
    state: DocState
    attachment_id: str | None = None
    attachment_name: str = ""
    attachment_removed: bool = False

    @property
    def done(self) -> bool:
        """Presented or attached."""
        return self.state is not DocState.OPEN

    @property
    def missing(self) -> bool:
        """Required (not "falls vorhanden") and still open: "fehlt noch"."""
        return not self.optional and not self.done


@dataclass(frozen=True, slots=True)
class Checklist:
    """The documents required now, each with its state, in the template's order."""

    lines: tuple[DocumentLine, ...] = ()

    @property
    def required(self) -> tuple[DocumentLine, ...]:
        """The documents that must come (not optional)."""
        return tuple(line for line in self.lines if not line.optional)

    @property
    def optional(self) -> tuple[DocumentLine, ...]:
        """The documents "falls vorhanden"."""
        return tuple(line for line in self.lines if line.optional)

    @property
    def missing(self) -> tuple[DocumentLine, ...]:
        """Required documents still open (a hint: finalising does not wait for them)."""
        return tuple(line for line in self.lines if line.missing)

    @property
    def complete(self) -> bool:
        """Every required document is presented or attached."""
        return not self.missing

    def line(self, document_id: str) -> DocumentLine | None:
        """The line of a document required now, or None."""
        return next((line for line in self.lines if line.id == document_id), None)


def attachments_in(answers: Mapping[str, Any], files: Mapping[str, str]) -> dict[str, str]:
    """The attachments a document may be linked to: id → file name, in answer order.

    Those of `files` (the draft's stored attachments) that `answers` reference. Pass
    the relevant answers (`Evaluation.relevant_answers()`): only those attachments are
    sealed for the office, so only they can prove a document.
    """
    found: dict[str, str] = {}
    for value in texts_in(answers):
        if value in files and value not in found:
            found[value] = files[value]
    return found


def checklist(
    documents: Sequence[DocumentItem],
    ticks: Ticks,
    attachments: Mapping[str, str],
    *,
    language: str = "de",
    easy: bool = False,
) -> Checklist:
    """The checklist of the documents required now (`Evaluation.required_documents`).

    Args:
        ticks: every stored tick of the draft (those of documents not required now are
            left out here, and kept in the store).
        attachments: the attachments that may prove a document (`attachments_in`).
    """
    lines = []
    for document in documents:
        tick = ticks.get(document.id)
        state, attachment_id, name, removed = DocState.OPEN, None, "", False
        if tick is not None and tick.state is DocState.PRESENTED:
            state = DocState.PRESENTED
        elif (
            tick is not None
            and tick.attachment_id is not None
            and tick.attachment_id in attachments
        ):
            state, attachment_id = DocState.ATTACHED, tick.attachment_id
            name = attachments[attachment_id]
        elif tick is not None:
            removed = True
        help_text = document.help_easy if easy and document.help_easy else document.help
        lines.append(
            DocumentLine(
                id=document.id,
                label=document.label_i18n.get(language, document.label),
                help=help_text or "",
                optional=document.optional,
                state=state,
                attachment_id=attachment_id,
                attachment_name=name,
                attachment_removed=removed,
            )
        )
    return Checklist(tuple(lines))


def stored_checklist(
    workspace: WorkspaceBase, checked: Checked, *, language: str = "de"
) -> Checklist:
    """The checklist of a stored draft as it stands (finalising, printing): its stored
    ticks against the documents and attachments of its stored answers."""
    draft_id = checked.draft.id
    return checklist(
        checked.evaluation.required_documents,
        from_stored(workspace.drafts.document_ticks(draft_id)),
        attachments_in(checked.evaluation.relevant_answers(), workspace.files_of(draft_id)),
        language=language,
    )


def tick_for(
    state: DocState | str, attachment_id: str | None, attachments: Mapping[str, str]
) -> Tick | None:
    """What the worker's choice stores: None for open, else the tick.

    Linking an attachment ticks the document (attached); "Original vorgelegt" ticks it
    as presented; clearing the check box makes it open (its link goes too).

    Raises:
        ValueError: attached without an attachment of this draft (`attachments`), or an
            attachment named for another state.
    """
    wanted = DocState(state)
    if wanted is DocState.OPEN:
        if attachment_id is not None:
            raise ValueError("an open document names no attachment")
        return None
    if wanted is DocState.ATTACHED and attachment_id not in attachments:
        raise ValueError("link only to one of the draft's attachments")
    return Tick(wanted, attachment_id)


def changed_ticks(before: Ticks, after: Ticks) -> dict[str, Tick | None]:
    """Per document, the tick to store to go from `before` to `after` (None: clear it).

    Undo takes the whole checklist back; only the documents that differ are written.
    """
    out: dict[str, Tick | None] = {}
    for document_id in sorted(set(before) | set(after)):
        if before.get(document_id) != after.get(document_id):
            out[document_id] = after.get(document_id)
    return out


def from_stored(rows: Mapping[str, tuple[str, str | None]]) -> dict[str, Tick]:
    """Ticks from the store's rows (document id → (state, attachment id)); a row with a
    state this version does not know is left out (read as open), never an error."""
    ticks: dict[str, Tick] = {}
    for document_id, (state, attachment_id) in rows.items():
        try:
            ticks[document_id] = Tick(DocState(state), attachment_id)
        except ValueError:
            continue
    return ticks


def for_office(checked: Checklist) -> list[dict[str, Any]]:
    """The checklist as the sealed submission carries it ("documents"), so the office
    knows which proofs were seen in the original, which are attached (by attachment id,
    as in the submission's "attachments") and which are still to come."""
    return [
        {
            "id": line.id,
            "label": line.label,
            "optional": line.optional,
            "state": line.state.value,
            **({"attachment_id": line.attachment_id} if line.attachment_id else {}),
        }
        for line in checked.lines
    ]


def for_printout(checked: Checklist) -> tuple[RequiredDocument, ...]:
    """The checklist as the printout says it: what was seen, what is still to come."""
    return tuple(
        RequiredDocument(
            label=line.label,
            state=line.state.value,
            optional=line.optional,
            attachment=line.attachment_name,
        )
        for line in checked.lines
    )
