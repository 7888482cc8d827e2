"""What every step of a draft's life needs: the open stores, the truth, the audited move.

`WorkspaceBase` holds both open stores, the catalog and who works; it evaluates a stored
draft as it stands (`check`: what every step is checked against) and takes a step in
the store (`move`: checked against the life cycle, atomic, audited, announced). The
steps themselves (`signing`, `finalising`, `delivery`, `claims`, `moving`) are
functions over it; `koffer.drafting.workspace.Workspace` adds them as methods.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from forms.model import Answers, AnswerValue, Template
from koffer.drafting.actors import Actor
from koffer.drafting.documents import Tick
from koffer.drafting.lifecycle import Event, Stage, Step, StepRefused, Transition, step
from koffer.drafting.review import (
    Review,
    SignatureState,
    applicable_signatures,
    build_review,
    review_digest,
    signature_field,
    signature_fields,
    signature_state,
)
from koffer.store import (
    DeviceStore,
    Draft,
    DraftStore,
    DraftSummary,
    SignatureInfo,
)
from koffer.store.models import utc_now
from koffer.townhall import manifest

if TYPE_CHECKING:
    from forms.engine import CompiledTemplate, Evaluation
    from koffer.drafting.backups import Backups
    from koffer.drafting.catalog import Catalog

log = logging.getLogger(__name__)

FINALISED_NOTE = "Der Antrag ist abgeschlossen und kann nicht mehr geändert werden."

Listener = Callable[[Event], None]

_TEMPLATE_MISSING = (
    "Die Formularfassung dieses Antrags fehlt auf dem Gerät. Bitte mit dem Rathaus "
    "verbinden; der Antrag bleibt gespeichert."
)


class TemplateMissing(StepRefused):
    """The exact template version of a draft is not on this laptop."""

    def __init__(self, template_id: str, version: str) -> None:
        super().__init__(f"template {template_id} {version} missing", _TEMPLATE_MISSING)


@dataclass(frozen=True)
class OpenedDraft:
    """A draft as an editor starts with it: answers, form, signatures, files.

    Attributes:
        draft: the stored draft (its stage is already brought in line with its
            signatures, see `Workspace.open_draft`).
        template, compiled: the exact form version it uses.
        signatures: the stored signatures by signature field (valid or not; the
            editor judges them against the answers).
        files: attachment id → file name.
        ticks: the document checklist's stored ticks, by document id.
    """

    draft: Draft
    template: Template
    compiled: CompiledTemplate
    signatures: dict[str, SignatureInfo] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    ticks: dict[str, Tick] = field(default_factory=dict)

    @property
    def stage(self) -> Stage:
        """The draft's stage."""
        return self.draft.status


@dataclass(frozen=True)
class SaveBatch:
    """What an editor's saver writes in one go (one store-lane job).

    Attributes:
        answers: the whole answer set (undo, rows), written first; None: unchanged.
        changes: single answers (path, value), in the order they were made.
        completeness: the engine's completeness for the list (0..1).
        signed: whether the answers as saved are exactly the signed ones (None: no
            signature to compare with). Moves the stage between draft and signed.
        ticks: document checklist ticks (document id, tick or None for open), written
            after the answers (an attachment they name is in the answers by then).
    """

    draft_id: str
    answers: Answers | None = None
    changes: tuple[tuple[str, AnswerValue], ...] = ()
    completeness: float | None = None
    signed: bool | None = None
    by: Actor | None = None
    ticks: tuple[tuple[str, Tick | None], ...] = ()


@dataclass(frozen=True)
class Checked:
    """A stored draft evaluated as it stands: what a step is checked against."""

    draft: Draft
    template: Template
    evaluation: Evaluation
    digest: str

    def review(self, language: str = "de", files: dict[str, str] | None = None) -> Review:
        """The review of the stored answers."""
        return build_review(self.template, self.evaluation, language, files)


class WorkspaceBase:
    """The unlocked profile's stores, catalog and staff member (see the module docstring).

    Args:
        drafts, device: the open stores.
        catalog: every form the laptop knows (replace `catalog` after an update).
        staff_name: who works (audit log, printouts, sealed submission).
        clock: "now" (tests).
        office_keys: the offices' public keys by office id (default: the installed
            catalog manifest's).
    """

    def __init__(
        self,
        drafts: DraftStore,
        device: DeviceStore,
        catalog: Catalog,
        *,
        staff_name: str = "",
        clock: Callable[[], dt.datetime] = utc_now,
        office_keys: Callable[[], Mapping[str, Mapping[str, Any]]] | None = None,
    ) -> None:
        self.drafts = drafts
        self.device = device
        self.catalog = catalog
        self.staff_name = staff_name
        self.actor = Actor.worker(staff_name)
        self.clock = clock
        self._office_keys = office_keys
        self._listeners: list[Listener] = []
        self._before_close: list[Callable[[], object]] = []
        #: the draft backup (`koffer.drafting.backups.attach`); None where none is kept
        self.backups: Backups | None = None
        self.closed = False

    # ------------------------------------------------------------------ observers
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` after every step a draft takes (`Transition`) and every save of
        its answers (`Saved`); returns the unsubscriber.

        Listeners run on the thread that took the step (the store lane in the app).
        """
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def announce(self, event: Event) -> None:
        """Tell every listener about a step or a save (a failing listener is logged only)."""
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("a life-cycle listener failed")

    def move(
        self,
        draft_id: str,
        what: Step,
        *,
        by: Actor,
        detail: str = "",
        before: Stage | None = None,
        audit_as: str | None = None,
    ) -> Stage | None:
        """Take the step `what` in the store: checked, atomic, audited, announced.

        Args:
            before: the stage the caller checked (default: the stored one now).
            audit_as: the audit log's action when it is not the step's name (the
                event itself was audited where it happened).

        Raises:
            StepRefused: not allowed from the draft's stage.
        """
        current = before if before is not None else self.drafts.get_draft(draft_id).status
        after = step(current, what)
        if after is None:
            raise ValueError(f"{what} deletes the draft; use its own method")
        note = " ".join(part for part in (detail, by.audit_detail) if part)
        action = audit_as or what
        self.drafts.set_status(draft_id, after, expected={current}, action=action, detail=note)
        self.announce(Transition(draft_id, current, after, what, by, self.clock()))
        return after

    # ------------------------------------------------------------------ what is stored
    def today(self) -> dt.date:
        """The local date rules are evaluated for."""
        return self.clock().astimezone().date()

    def template_of(self, draft: Draft | DraftSummary) -> Template:
        """The exact form version of `draft`.

        Raises:
            TemplateMissing: that version is not on this laptop.
        """
        template = self.catalog.exact(draft.template_id, draft.template_version)
        if template is None:
            raise TemplateMissing(draft.template_id, draft.template_version)
        return template

    def check(self, draft_id: str) -> Checked:
        """Evaluate the stored answers of a draft as they stand now."""
        draft = self.drafts.get_draft(draft_id)
        template = self.template_of(draft)
        evaluation = self.catalog.compiled(template).evaluate(draft.answers, today=self.today())
        return Checked(
            draft, template, evaluation, review_digest(template, evaluation.relevant_answers())
        )

    def signature_of(self, draft_id: str, template: Template) -> SignatureInfo | None:
        """The stored signature of the form's first signature field."""
        field_id = signature_field(template)
        return None if field_id is None else self.drafts.get_signature(draft_id, field_id)

    def signatures_of(self, draft_id: str, template: Template) -> dict[str, SignatureInfo]:
        """Every stored signature of the draft, by signature field (valid or not)."""
        fields = signature_fields(template)
        stored = {f.id: self.drafts.get_signature(draft_id, f.id) for f in fields}
        return {field_id: info for field_id, info in stored.items() if info is not None}

    def signatures(self, checked: Checked) -> SignatureState[SignatureInfo]:
        """Which of the checked draft's applicable signatures hold (`review.signature_state`)."""
        return signature_state(
            applicable_signatures(checked.template, checked.evaluation),
            self.signatures_of(checked.draft.id, checked.template),
            checked.digest,
        )

    def office_keys(self) -> Mapping[str, Mapping[str, Any]]:
        """The offices' public keys the catalog has now, by office id."""
        if self._office_keys is not None:
            return self._office_keys()
        return manifest.office_keys(self.device)

    def files_of(self, draft_id: str) -> dict[str, str]:
        """Attachment id → file name."""
        return {a.id: a.filename for a in self.drafts.list_attachments(draft_id)}

    # ------------------------------------------------------------------ end
    def before_close(self, hook: Callable[[], object]) -> None:
        """Call `hook` at lock, before drafts.db closes (the backup's last records)."""
        self._before_close.append(hook)

    def close(self) -> None:
        """Lock: forget the listeners and close drafts.db (its key is wiped)."""
        if not self.closed and not self.drafts.closed:
            for hook in self._before_close:
                try:
                    hook()
                except Exception:
                    log.exception("a hook before the lock failed")
        self._before_close.clear()
        self.closed = True
        self._listeners.clear()
        if not self.drafts.closed:
            self.drafts.close()
