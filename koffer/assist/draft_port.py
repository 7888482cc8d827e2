"""The open draft as a session sees it: `DraftEditor` behind `owner.DraftPort`.

An accepted proposal goes into the draft exactly like the worker's own typing: through
`DraftEditor.apply` (evaluation, undo step, the saver's ordered write, the signature
that a change voids), with the expert as the actor. The session only learns whether it
went in; `on_applied` lets the screen show the new answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from forms.engine import Evaluation
from forms.model import Answers, AnswerValue, Template
from koffer.assist.owner import ProposalRefused
from koffer.drafting.actors import Actor, Role
from koffer.drafting.editor import DraftEditor, SetAnswer
from koffer.drafting.lifecycle import StepRefused


def template_text(template: Template) -> str:
    """The form as the expert's Koffer loads it: its model as JSON (valid YAML), so
    shipped and published forms travel alike, exactly in the version of the draft."""
    data = template.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class EditorDraft:
    """`DraftPort` over an open `DraftEditor` (see the module docstring).

    Args:
        editor: the open draft.
        files: the bytes of the attachments the worker shared (read on the store lane
            when the session started).
        on_applied: called with the path after an accepted proposal went in.
    """

    def __init__(
        self,
        editor: DraftEditor,
        files: Mapping[str, bytes] | None = None,
        on_applied: Callable[[str], None] | None = None,
    ) -> None:
        self.editor = editor
        self.draft_id = editor.draft_id
        self.template = editor.template
        self.template_text = template_text(editor.template)
        self._files = dict(files or {})
        self._on_applied = on_applied or (lambda path: None)

    def answers(self) -> Answers:
        """The editor's answers now."""
        return self.editor.answers

    def evaluation(self) -> Evaluation:
        """The editor's evaluation now."""
        evaluation: Evaluation = self.editor.evaluation
        return evaluation

    def stage(self) -> str:
        """The draft's stage."""
        return str(self.editor.stage)

    def label(self, path: str) -> str:
        """The field's German label (a row member's with the name of its row)."""
        return self.template.path_label(path, "de")

    def apply_proposal(self, path: str, value: AnswerValue, expert_name: str) -> None:
        """Apply through the editor as the expert's own undo step.

        Raises:
            ProposalRefused: the draft is finalised, or the row no longer exists.
        """
        self.editor.end_typing()
        try:
            self.editor.apply(SetAnswer(path, value), Actor(Role.EXPERT, expert_name))
        except StepRefused as refused:
            raise ProposalRefused(refused.user_message) from refused
        except (ValueError, KeyError, IndexError) as exc:
            raise ProposalRefused("Dieses Feld gibt es im Antrag so nicht mehr.") from exc
        finally:
            self.editor.end_typing()
        self._on_applied(path)

    def file_content(self, attachment_id: str) -> bytes:
        """A shared attachment's bytes."""
        return self._files[attachment_id]
