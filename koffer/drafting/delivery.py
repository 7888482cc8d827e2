"""What the town hall does to a finalised draft: takes it, confirms it, or refuses it.

- send: the town hall accepted the submission (its receipt may follow later);
- receive: its receipt with the reference; the draft is "im Rathaus angekommen";
- purge: once the retention after the receipt is over, the draft is deleted;
- return: the town hall refused the submission; the worker takes it back to editing.

The headless `koffer sync` has no passphrase: it keeps receipts and sends in device.db,
and `catch_up` applies them at the next unlock.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from koffer.drafting.actors import SYSTEM, TOWN_HALL
from koffer.drafting.lifecycle import Stage, Step, Transition, allowed, sources
from koffer.drafting.review import signature_fields
from koffer.settings import REJECTED
from koffer.store import DraftLocked, DraftNotFound

if TYPE_CHECKING:
    from koffer.drafting.base import WorkspaceBase

log = logging.getLogger(__name__)


def take_receipt(
    workspace: WorkspaceBase, draft_id: str, reference: str, received_at: dt.datetime
) -> None:
    """The town hall's receipt: the draft is received, with the town hall's reference.

    A receipt for a draft that is gone or already received changes nothing (device.db
    keeps it anyway).
    """
    try:
        before = workspace.drafts.get_draft(draft_id).status
    except DraftNotFound:
        return
    if not allowed(before, Step.RECEIVE):
        return
    try:
        workspace.drafts.record_receipt(
            draft_id, reference, received_at, expected=sources(Step.RECEIVE)
        )
    except DraftLocked:
        return
    workspace.announce(
        Transition(draft_id, before, Stage.RECEIVED, Step.RECEIVE, TOWN_HALL, workspace.clock())
    )


def purge_expired(workspace: WorkspaceBase) -> list[str]:
    """Delete received drafts whose retention after the receipt is over; their ids."""
    purged = workspace.drafts.purge_expired(workspace.clock())
    for draft_id in purged:
        workspace.announce(
            Transition(draft_id, Stage.RECEIVED, None, Step.PURGE, SYSTEM, workspace.clock())
        )
    return purged


def catch_up(workspace: WorkspaceBase) -> None:
    """Apply what `koffer sync` did while the drafts were locked, then the retention."""
    device = workspace.device
    for draft_id, reference, received_at in device.outbox_receipts():
        take_receipt(workspace, draft_id, reference, received_at)
    for item in device.outbox_items("sent"):
        try:
            stage = workspace.drafts.get_draft(item.draft_id).status
        except DraftNotFound:
            continue
        if stage is Stage.SEALED:
            workspace.move(
                item.draft_id,
                Step.SEND,
                by=TOWN_HALL,
                detail=f"submission={item.submission_id}",
                before=stage,
                # "sent" itself was audited by device.db when the town hall took it
                audit_as="sent_applied",
            )
    purge_expired(workspace)


@dataclass(frozen=True)
class Returned:
    """A submission the town hall refused, taken back to editing."""

    submission_id: str
    draft_id: str
    message: str


def refused_count(workspace: WorkspaceBase) -> int:
    """How many submissions the town hall refused and wait to be taken back."""
    return len(REJECTED.read(workspace.device))


def return_refused(workspace: WorkspaceBase) -> list[Returned]:
    """Take every refused submission back: out of the outbox, its draft editable again.

    The town hall's message says what to correct; every old signature is removed, so
    the draft needs a new review and signatures before it is finalised again.
    """
    device = workspace.device
    refused = REJECTED.read(device)
    returned: list[Returned] = []
    for submission_id, entry in list(refused.items()):
        draft_id = str(entry.get("draft_id", "")) if isinstance(entry, dict) else ""
        message = str(entry.get("message", "")) if isinstance(entry, dict) else ""
        try:
            stage = workspace.drafts.get_draft(draft_id).status
        except DraftNotFound:
            stage = None
        if stage is not None and allowed(stage, Step.RETURN):
            template = workspace.catalog.exact(*_template_key(workspace, draft_id))
            fields = signature_fields(template) if template is not None else ()
            workspace.move(
                draft_id,
                Step.RETURN,
                by=TOWN_HALL,
                detail=f"submission={submission_id}",
                before=stage,
            )
            for field in fields:  # what the town hall refused needs new signatures, all
                workspace.drafts.clear_signature(draft_id, field.id)
        device.outbox_remove(submission_id)
        refused.pop(submission_id)
        REJECTED.write(device, refused)
        returned.append(Returned(submission_id, draft_id, message))
    return returned


def _template_key(workspace: WorkspaceBase, draft_id: str) -> tuple[str, str]:
    draft = workspace.drafts.get_draft(draft_id)
    return draft.template_id, draft.template_version
