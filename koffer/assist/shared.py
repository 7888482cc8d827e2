"""The shared state of a session: one draft as the expert may see it, as a CRDT document.

The laptop writes the document (`SharedDraft`), the expert only reads its copy
(`SharedCopy`); the expert's wishes travel as messages that the laptop checks. A pycrdt
(Yjs) document gives the catch-up for free: an expert who joins or comes back sends its
state vector and receives exactly what it lacks, however long it was away.

What goes in is decided by `project`, the one place that says what an expert sees:
the form itself (its template text, rendered by the same engine at the other end), the
answers with every sensitive one masked (IBAN, tax id and fields the template marks
`sensitive`, unless the worker unmasked that field), never a signature, attachments only
when the worker shared them, and the engine's view of the answers (relevance, findings,
completeness, computed values, the documents checklist), so both ends show the same.

Every value is stored as JSON text: Yjs keeps numbers as doubles, and an answer must
reach the expert exactly as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pycrdt import Array, Doc, Map

from forms.engine import Evaluation
from forms.model import Answers, AnswerValue, FormField, Template
from forms.paths import format_path

#: Roots of the document (each a Map of JSON texts, `comments` an Array of JSON texts).
ROOTS = ("form", "answers", "masked", "view", "proposals")

#: Why an answer is hidden from the expert (the value of `masked`).
MASK_SENSITIVE = "sensitive"
MASK_SIGNATURE = "signature"
MASK_ATTACHMENT = "attachment"


def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class SharedFile:
    """An attachment the worker shared: what the expert sees of it."""

    id: str
    filename: str
    media_type: str
    size: int
    field: str


@dataclass
class Projection:
    """The document's content as flat maps of JSON texts, root by root."""

    roots: dict[str, dict[str, str]] = field(default_factory=dict)


def masked_paths(template: Template, answers: Answers, unmasked: Iterable[str]) -> set[str]:
    """Paths of sensitive answers that are hidden (answered, and not unmasked)."""
    keep_open = set(unmasked)
    out: set[str] = set()
    for section in template.sections:
        for f in section.fields:
            if f.type == "group":
                rows = answers.get(f.id)
                for index, row in enumerate(rows if isinstance(rows, list) else []):
                    if not isinstance(row, dict):
                        continue
                    for m in f.fields:
                        path = format_path(f.id, index, m.id)
                        if m.masked_for_expert and m.id in row and path not in keep_open:
                            out.add(path)
            elif f.masked_for_expert and f.id in answers and f.id not in keep_open:
                out.add(f.id)
    return out


def project(
    template: Template,
    template_text: str,
    answers: Answers,
    evaluation: Evaluation,
    *,
    stage: str,
    unmasked: Iterable[str] = (),
    shared_files: Mapping[str, SharedFile] | None = None,
) -> Projection:
    """What the expert may see of a draft right now (see the module docstring)."""
    shared = dict(shared_files or {})
    hidden = masked_paths(template, answers, unmasked)
    shown: dict[str, str] = {}
    masked: dict[str, str] = {}
    for section in template.sections:
        for f in section.fields:
            if not f.holds_answer or f.id not in answers:
                continue
            value = answers[f.id]
            if f.type == "group":
                shown[f.id] = _text(_rows(f, value, hidden, masked, shared))
                continue
            reason = _mask_reason(f, f.id, value, hidden, shared)
            if reason:
                masked[f.id] = _text(reason)
            else:
                shown[f.id] = _text(value)
    view = {
        "stage": _text(stage),
        "completeness": _text(round(float(evaluation.completeness), 4)),
        "sections": _text(
            {k: round(float(v), 4) for k, v in evaluation.section_completeness.items()}
        ),
        "relevant": _text(_relevance(template, answers, evaluation)),
        "findings": _text(
            [
                {
                    "path": x.path,
                    "severity": x.severity,
                    "code": x.code,
                    "message": x.message,
                    "message_easy": x.message_easy,
                }
                for x in evaluation.findings
                if x.path not in hidden
            ]
        ),
        "computed": _text(
            {k: v for k, v in sorted(evaluation.computed.items()) if k not in hidden}
        ),
        "documents": _text(
            [
                {"id": d.id, "needed": evaluation.is_relevant(d.id), "optional": d.optional}
                for d in template.documents
            ]
        ),
        "files": _text(
            {
                fid: {
                    "filename": f.filename,
                    "media_type": f.media_type,
                    "size": f.size,
                    "field": f.field,
                }
                for fid, f in sorted(shared.items())
            }
        ),
    }
    form = {
        "template": _text(template_text),
        "template_id": _text(template.id),
        "version": _text(template.version),
        "title": _text(template.title),
    }
    return Projection({"form": form, "answers": shown, "masked": masked, "view": view})


def _mask_reason(
    model: FormField,
    path: str,
    value: AnswerValue,
    hidden: set[str],
    shared: Mapping[str, SharedFile],
) -> str | None:
    if model.type == "signature":
        return MASK_SIGNATURE
    if model.type == "attachment":
        ids = value if isinstance(value, list) else [value]
        if any(isinstance(i, str) and i and i not in shared for i in ids):
            return MASK_ATTACHMENT
        return None
    if path in hidden:
        return MASK_SENSITIVE
    return None


def _rows(
    group: FormField,
    value: AnswerValue,
    hidden: set[str],
    masked: dict[str, str],
    shared: Mapping[str, SharedFile],
) -> list[dict[str, AnswerValue]]:
    out: list[dict[str, AnswerValue]] = []
    for index, row in enumerate(value if isinstance(value, list) else []):
        shown_row: dict[str, AnswerValue] = {}
        for m in group.fields:
            if not isinstance(row, dict) or m.id not in row:
                continue
            path = format_path(group.id, index, m.id)
            reason = _mask_reason(m, path, row[m.id], hidden, shared)
            if reason:
                masked[path] = _text(reason)
            else:
                shown_row[m.id] = row[m.id]
        out.append(shown_row)
    return out


def _relevance(template: Template, answers: Answers, evaluation: Evaluation) -> dict[str, bool]:
    """Whether each section, field and row member applies now (the expert's screen)."""
    out: dict[str, bool] = {}
    for section in template.sections:
        out[section.id] = evaluation.is_relevant(section.id)
        for f in section.fields:
            out[f.id] = evaluation.is_relevant(f.id)
            if f.type == "group":
                rows = answers.get(f.id)
                for index in range(len(rows) if isinstance(rows, list) else 0):
                    for m in f.fields:
                        path = format_path(f.id, index, m.id)
                        out[path] = evaluation.is_relevant(path)
    return out


class SharedDraft:
    """The laptop's document: it alone writes; `publish` returns the update to send."""

    def __init__(self) -> None:
        self.doc: Doc[Any] = Doc()
        self._maps = {name: self.doc.get(name, type=Map) for name in ROOTS}
        self.comments: Array[str] = self.doc.get("comments", type=Array)

    def state(self) -> bytes:
        """The document's state vector."""
        return self.doc.get_state()

    def update_since(self, state: bytes | None = None) -> bytes:
        """Everything a copy with state vector `state` lacks (None: everything).

        Raises:
            ValueError: `state` is not a state vector.
        """
        return self.doc.get_update(state)  # pycrdt raises ValueError on garbage

    def publish(self, projection: Projection) -> bytes | None:
        """Write what changed since the last projection; the update, or None if nothing."""
        before = self.doc.get_state()
        changed = False
        with self.doc.transaction():
            for name, wanted in projection.roots.items():
                target = self._maps[name]
                for key in [k for k in target if k not in wanted]:
                    del target[key]
                    changed = True
                for key, text in wanted.items():
                    if target.get(key) != text:
                        target[key] = text
                        changed = True
        return self.doc.get_update(before) if changed else None

    def set_item(self, root: str, key: str, value: Any) -> bytes:
        """Set one entry of a root (a proposal's state); the update."""
        before = self.doc.get_state()
        with self.doc.transaction():
            self._maps[root][key] = _text(value)
        return self.doc.get_update(before)

    def add_comment(self, comment: Mapping[str, Any]) -> bytes:
        """Append a comment to the side panel; the update."""
        before = self.doc.get_state()
        with self.doc.transaction():
            self.comments.append(_text(dict(comment)))
        return self.doc.get_update(before)


class SharedCopy:
    """The expert's copy, in memory only; read with the accessors below (parsed once
    per update, not on every read)."""

    def __init__(self) -> None:
        self.doc: Doc[Any] = Doc()
        self._maps = {name: self.doc.get(name, type=Map) for name in ROOTS}
        self.comments_array: Array[str] = self.doc.get("comments", type=Array)
        self._parsed: dict[str, Any] = {}

    def state(self) -> bytes:
        """The state vector to ask for what is missing."""
        return self.doc.get_state()

    def apply(self, update: bytes) -> None:
        """Apply an update from the laptop.

        Raises:
            ValueError: it is not a Yjs update.
        """
        self.doc.apply_update(update)  # pycrdt raises ValueError on garbage
        self._parsed.clear()

    def _root(self, name: str) -> dict[str, Any]:
        cached = self._parsed.get(name)
        if cached is not None:
            return dict(cached)
        out: dict[str, Any] = {}
        for key, text in self._maps[name].items():
            try:
                out[key] = json.loads(text)
            except (TypeError, ValueError):
                continue
        self._parsed[name] = out
        return dict(out)

    @property
    def form(self) -> dict[str, Any]:
        """template (YAML text), template_id, version, title."""
        return self._root("form")

    @property
    def answers(self) -> dict[str, Any]:
        """The answers the expert may see (groups as lists of rows)."""
        return self._root("answers")

    @property
    def masked(self) -> dict[str, str]:
        """Hidden answers: path → why ("sensitive", "signature", "attachment")."""
        return {k: str(v) for k, v in self._root("masked").items()}

    @property
    def view(self) -> dict[str, Any]:
        """The laptop engine's view: relevant, findings, completeness, computed, …"""
        return self._root("view")

    @property
    def proposals(self) -> dict[str, dict[str, Any]]:
        """Proposals by id with their state as the laptop recorded it."""
        return {k: v for k, v in self._root("proposals").items() if isinstance(v, dict)}

    @property
    def comments(self) -> list[dict[str, Any]]:
        """The side panel's comments in order."""
        out = []
        for text in self.comments_array:
            try:
                item = json.loads(text)
            except (TypeError, ValueError):
                continue
            if isinstance(item, dict):
                out.append(item)
        return out

    def forget(self) -> None:
        """Drop the copy (the session ended): nothing of it remains in this object."""
        self._parsed = {}
        self.doc = Doc()
        self._maps = {name: self.doc.get(name, type=Map) for name in ROOTS}
        self.comments_array = self.doc.get("comments", type=Array)
