"""One open draft in memory: edits with their actor, undo, evaluation, signature state.

The form screen forwards what a person changed (`apply`); the editor updates the
answers, evaluates them (relevance, computed values, findings, completeness), hands the
change to its `Saver`, and tells its observers. Whether the signatures still hold is
decided here from the one review digest (`review.SignatureState`: every required
signature field that applies, signed for these answers): a change voids them all (the
stage goes back to "draft"), and an undo that brings back exactly the signed answers
makes them valid again.

Every edit names its actor (`koffer.drafting.actors`): the worker typing, or later an
expert's accepted proposal; both go through the same rules.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from forms.model import Answers, AnswerValue, FormField
from forms.paths import get_value, set_value
from koffer.drafting import documents
from koffer.drafting.actors import Actor
from koffer.drafting.base import FINALISED_NOTE, SaveBatch
from koffer.drafting.defaults import new_row
from koffer.drafting.lifecycle import Stage, StepRefused, is_finalised
from koffer.drafting.review import (
    Review,
    SignatureState,
    applicable_signatures,
    build_review,
    review_digest,
    signature_state,
)
from koffer.store import SignatureInfo

if TYPE_CHECKING:
    from koffer.drafting.base import OpenedDraft
    from koffer.drafting.saving import Saver

UNDO_LIMIT = 100


@dataclass(frozen=True, slots=True)
class SetAnswer:
    """Set the answer at `path` ("name" or "haushalt[1].einkommen")."""

    path: str
    value: AnswerValue


@dataclass(frozen=True, slots=True)
class AddRow:
    """Append a row (with the template's row defaults) to a repeat group."""

    group_id: str


@dataclass(frozen=True, slots=True)
class RemoveRow:
    """Remove row `index` of a repeat group."""

    group_id: str
    index: int


@dataclass(frozen=True, slots=True)
class SetDocument:
    """Tick a required document (`koffer.drafting.documents`): presented, attached to
    `attachment_id` (one of the draft's attachments), or open again."""

    document_id: str
    state: documents.DocState
    attachment_id: str | None = None


Change = SetAnswer | AddRow | RemoveRow | SetDocument


@dataclass(frozen=True, slots=True)
class Edited:
    """What observers are told after an edit or an undo.

    Attributes:
        change: what changed (None: an undo).
        by: who changed it.
        stage: the draft's stage now (draft or signed).
        signature_changed: the draft became signed, unsigned (void), or signed again.
    """

    change: Change | None
    by: Actor
    stage: Stage
    signature_changed: bool


Listener = Callable[[Edited], None]


class DraftEditor:
    """An open draft (see the module docstring).

    Args:
        opened: the draft as `Workspace.open_draft` / `create_draft` gave it.
        saver: writes the changes (None: nothing is saved, e.g. a preview).
        today: the date rules are evaluated for.
    """

    def __init__(
        self,
        opened: OpenedDraft,
        saver: Saver | None = None,
        *,
        today: Callable[[], dt.date] = lambda: dt.datetime.now().astimezone().date(),
    ) -> None:
        self.template = opened.template
        self.compiled = opened.compiled
        self.draft_id = opened.draft.id
        self.citizen_name = opened.draft.citizen_name
        self.files = dict(opened.files)
        #: the stored signatures by signature field (valid or not)
        self.signatures: dict[str, SignatureInfo] = dict(opened.signatures)
        self.stage = opened.stage
        self.answers: Answers = copy.deepcopy(dict(opened.draft.answers))
        self.ticks: dict[str, documents.Tick] = dict(opened.ticks)
        self.saver = saver
        self._today = today
        #: earlier states for Ctrl+Z: the answers and the document ticks of that moment
        self._undo: list[tuple[Answers, dict[str, documents.Tick]]] = []
        self._typing_path: str | None = None
        self._listeners: list[Listener] = []
        self.evaluation: Any = None
        self._digest: str | None = None
        self.evaluate()

    # ------------------------------------------------------------------ observers
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` after every edit and undo; returns the unsubscriber."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # ------------------------------------------------------------------ reading
    @property
    def read_only(self) -> bool:
        """Finalised: nothing can change any more."""
        return is_finalised(self.stage)

    @property
    def can_undo(self) -> bool:
        """There is a change to take back."""
        return bool(self._undo) and not self.read_only

    def value(self, path: str, field: FormField) -> AnswerValue:
        """The answer at `path` (a computed field's computed value)."""
        if field.compute is not None and self.evaluation is not None:
            computed: AnswerValue = self.evaluation.computed.get(path)
            return computed
        try:
            return get_value(self.answers, path)
        except (KeyError, IndexError, ValueError, TypeError):
            return None

    @property
    def digest(self) -> str:
        """The review digest of the answers as they are now."""
        if self._digest is None:
            self._digest = review_digest(self.template, self.evaluation.relevant_answers())
        return self._digest

    @property
    def signature_state(self) -> SignatureState[SignatureInfo]:
        """Which applicable signatures hold for the answers as they are now."""
        slots = applicable_signatures(self.template, self.evaluation)
        return signature_state(slots, self.signatures, self.digest)

    @property
    def signature_valid(self) -> bool:
        """Signed: every required signature, each for exactly these answers."""
        return self.signature_state.signed

    @property
    def signature_void(self) -> bool:
        """Signed once, but the answers changed since: no signature holds any more."""
        return self.signature_state.void

    def _signed_now(self) -> bool | None:
        """Whether the answers are the signed ones (None: nothing signed to compare)."""
        state = self.signature_state
        return state.signed if state.any_stored else None

    def linkable(self) -> dict[str, str]:
        """The attachments a document may be linked to (id → file name)."""
        return documents.attachments_in(self.evaluation.relevant_answers(), self.files)

    def checklist(self, language: str = "de", *, easy: bool = False) -> documents.Checklist:
        """The documents the answers require now, with their states."""
        return documents.checklist(
            self.evaluation.required_documents,
            self.ticks,
            self.linkable(),
            language=language,
            easy=easy,
        )

    def review(self, language: str = "de") -> Review:
        """What the citizen reviews now (and the digest a signature would be bound to)."""
        return build_review(self.template, self.evaluation, language, self.files)

    # ------------------------------------------------------------------ changing
    def evaluate(self) -> None:
        """Evaluate the answers (relevance, computed values, findings, completeness)."""
        self.evaluation = self.compiled.evaluate(self.answers, today=self._today())
        self._digest = None

    def end_typing(self) -> None:
        """The person left a field: the next change there is a new undo step."""
        self._typing_path = None

    def apply(self, change: Change, by: Actor) -> Edited:
        """Make one change for `by`, save it, re-evaluate, and tell the observers.

        Raises:
            StepRefused: the draft is finalised.
            ValueError: the change names a row that does not exist, or links a document
                to an attachment the draft does not have.
        """
        if self.read_only:
            raise StepRefused(f"edit {self.stage}", FINALISED_NOTE)
        if isinstance(change, SetDocument):
            tick = documents.tick_for(change.state, change.attachment_id, self.linkable())
            if self.ticks.get(change.document_id) == tick:
                return self._after_change(change, by)
            self._push_undo()
            self._typing_path = None
            if tick is None:
                self.ticks.pop(change.document_id, None)
            else:
                self.ticks[change.document_id] = tick
            if self.saver is not None:
                self.saver.tick(change.document_id, tick, by)
            return self._after_change(change, by)
        if isinstance(change, SetAnswer):
            if change.path != self._typing_path:
                self._push_undo()
                self._typing_path = change.path
            self.answers = set_value(self.answers, change.path, copy.deepcopy(change.value))
            saved_path, saved_value = change.path, change.value
        else:
            self._push_undo()
            self._typing_path = None
            rows = self._rows(change.group_id)
            if isinstance(change, AddRow):
                rows.append(new_row(self.compiled, change.group_id))
            else:
                if not 0 <= change.index < len(rows):
                    raise ValueError(f"{change.group_id}[{change.index}] does not exist")
                del rows[change.index]
            self.answers = set_value(self.answers, change.group_id, rows)
            saved_path, saved_value = change.group_id, rows
        if self.saver is not None:
            self.saver.answer(saved_path, saved_value, by)
        return self._after_change(change, by)

    def undo(self, by: Actor) -> Edited | None:
        """Take back the last change (Ctrl+Z); None when there is none."""
        if not self.can_undo:
            return None
        answers, ticks = self._undo.pop()
        ticks_changed = documents.changed_ticks(self.ticks, ticks)
        answers_changed = answers != self.answers
        self.answers, self.ticks = answers, ticks
        self._typing_path = None
        if self.saver is not None:
            if answers_changed:
                self.saver.everything(self.answers, by)
            for document_id, tick in ticks_changed.items():
                self.saver.tick(document_id, tick, by)
        return self._after_change(None, by)

    def restore(self, unsaved: SaveBatch, by: Actor) -> Edited:
        """Put back what could not be saved before a lock (one undo step), and save it.

        Raises:
            StepRefused: the draft was finalised meanwhile.
        """
        if self.read_only:
            raise StepRefused(f"restore {self.stage}", FINALISED_NOTE)
        self._push_undo()
        self._typing_path = None
        if unsaved.answers is not None:
            self.answers = copy.deepcopy(unsaved.answers)
            if self.saver is not None:
                self.saver.everything(self.answers, by)
        for path, value in unsaved.changes:
            self.answers = set_value(self.answers, path, copy.deepcopy(value))
            if self.saver is not None:
                self.saver.answer(path, value, by)
        for document_id, tick in unsaved.ticks:
            if tick is None:
                self.ticks.pop(document_id, None)
            else:
                self.ticks[document_id] = tick
            if self.saver is not None:
                self.saver.tick(document_id, tick, by)
        return self._after_change(None, by)

    def _rows(self, group_id: str) -> list[dict[str, AnswerValue]]:
        raw = self.answers.get(group_id)
        return [dict(r) for r in raw if isinstance(r, dict)] if isinstance(raw, list) else []

    def _push_undo(self) -> None:
        self._undo.append((copy.deepcopy(self.answers), dict(self.ticks)))
        del self._undo[:-UNDO_LIMIT]

    def _after_change(self, change: Change | None, by: Actor) -> Edited:
        before = self.stage
        self.evaluate()
        signed = self._signed_now()
        if signed is not None:
            self.stage = Stage.SIGNED if signed else Stage.DRAFT
        if self.saver is not None:
            self.saver.completeness(float(self.evaluation.completeness))
            self.saver.signed(signed)
        event = Edited(change, by, self.stage, self.stage != before)
        for listener in list(self._listeners):
            listener(event)
        return event

    # ------------------------------------------------------------------ steps done elsewhere
    def signed(self, *signatures: SignatureInfo) -> None:
        """The workspace stored signatures for these answers (one field each)."""
        for signature in signatures:
            self.signatures[signature.field_id] = signature
            self.answers = set_value(self.answers, signature.field_id, signature.id)
        self.evaluate()
        self.stage = Stage.SIGNED if self.signature_valid else Stage.DRAFT
        if self.saver is not None:
            self.saver.signed(self.signature_valid)

    def attached(self, attachment_id: str, filename: str) -> None:
        """A file was attached (its id reaches the answers through `apply`)."""
        self.files[attachment_id] = filename

    def detached(self, attachment_id: str) -> None:
        """An attachment was removed from the store (after its answer changed).

        "Entfernen" deletes the file at once (it may be another person's document), so
        Ctrl+Z cannot bring it back: the file leaves every earlier state too (its id out
        of the answers, a document linked to it open again, as the store's ON DELETE SET
        NULL left it), and steps that changed nothing else are dropped. Undo then never
        names a file that is gone, which its save would refuse.
        """
        self.files.pop(attachment_id, None)
        self.ticks = _unlinked(self.ticks, attachment_id)
        newer: tuple[Answers, dict[str, documents.Tick]] = (self.answers, self.ticks)
        kept: list[tuple[Answers, dict[str, documents.Tick]]] = []
        for answers, ticks in reversed(self._undo):
            state = (_without(answers, attachment_id), _unlinked(ticks, attachment_id))
            if state != newer:
                kept.append(state)
                newer = state
        self._undo = kept[::-1]
        self._typing_path = None

    def moved_to(self, stage: Stage) -> None:
        """The workspace took a step (finalised, returned): the editor follows."""
        self.stage = stage

    def forget(self) -> None:
        """Drop every answer held in memory (close, lock)."""
        self.answers = {}
        self.ticks = {}
        self._undo.clear()
        self.files.clear()
        self.signatures.clear()
        self.evaluation = None
        self._digest = None
        self._listeners.clear()


def _without(value: Any, attachment_id: str) -> Any:
    """`value` (answers, a row, a list) with every mention of `attachment_id` left out."""
    if isinstance(value, dict):
        return {k: _without(v, attachment_id) for k, v in value.items() if v != attachment_id}
    if isinstance(value, list):
        return [_without(v, attachment_id) for v in value if v != attachment_id]
    return value


def _unlinked(ticks: dict[str, documents.Tick], attachment_id: str) -> dict[str, documents.Tick]:
    """`ticks` with a link to `attachment_id` cleared (attached, attachment gone)."""
    return {
        doc: documents.Tick(tick.state, None) if tick.attachment_id == attachment_id else tick
        for doc, tick in ticks.items()
    }
