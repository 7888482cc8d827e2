"""Moving a draft to its form's newest version (the town hall published a new one).

The answers are carried over by the forms engine's migration; what cannot be carried is
reported, never silently lost. The move makes a NEW draft of the new version and keeps
the old one, so nothing the citizen said is lost; the worker deletes the old one when
satisfied. Only drafts still being worked on can move: a signature belongs to one
version of a form.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from forms.migration import MigrationReport, migrate_answers
from koffer.drafting.lifecycle import StepRefused

if TYPE_CHECKING:
    from koffer.drafting.base import WorkspaceBase

ONLY_EDITABLE = "Nur Anträge in Bearbeitung können umgestellt werden."


def _newest(workspace: WorkspaceBase, template_id: str) -> str | None:
    versions = workspace.catalog.versions(template_id)
    return versions[-1] if versions else None


def preview_move(workspace: WorkspaceBase, draft_id: str) -> MigrationReport | None:
    """What moving the draft to the newest version would carry and drop (nothing changes).

    Returns None when there is nothing newer.
    """
    draft = workspace.drafts.get_draft(draft_id)
    target = _newest(workspace, draft.template_id)
    if target is None or target == draft.template_version:
        return None
    old = workspace.template_of(draft)
    new = workspace.catalog.exact(draft.template_id, target)
    if new is None:
        return None
    return migrate_answers(old, new, draft.answers)


def move_to_newest(workspace: WorkspaceBase, draft_id: str) -> tuple[str, MigrationReport] | None:
    """Copy an editable draft onto the newest version; (new draft id, report).

    Raises:
        StepRefused: the draft is finalised.
    """
    draft = workspace.drafts.get_draft(draft_id)
    if not draft.status.editable:
        raise StepRefused(f"move {draft.status}", ONLY_EDITABLE)
    report = preview_move(workspace, draft_id)
    target = _newest(workspace, draft.template_id)
    if report is None or target is None:
        return None
    moved = workspace.drafts.create_draft(
        draft.template_id,
        target,
        draft.citizen_name,
        answers=copy.deepcopy(report.answers),
    )
    workspace.device.audit(
        "migrated", moved.id, f"from={draft_id} {draft.template_version}->{target}"
    )
    return moved.id, report


def describe_report(report: MigrationReport) -> str:
    """German summary of a migration report for the worker."""
    lines = [f"Übernommen: {len(report.carried)} Angaben."]
    if report.renamed:
        lines.append(f"Umbenannt: {len(report.renamed)} Felder.")
    if report.dropped:
        lines.append("Nicht übernommen:")
        lines += [f"• {path}: {reason}" for path, reason in report.dropped]
    return "\n".join(lines)
