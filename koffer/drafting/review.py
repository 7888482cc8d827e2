"""What the citizen reviews before signing (§ 36a Abs. 2b SGB I), and its digest.

The review is exactly what will be printed and submitted: only relevant answers (the
engine decides), formatted by the one formatter (`forms.display`). Its digest is the
SHA-256 a signature is bound to: any later change of a reviewed answer gives another
digest, which voids the signature.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from forms.display import format_value
from forms.model import Answers, FormField, Template

#: Field types with nothing to review (info texts; the signature is what is given).
NOT_REVIEWED = frozenset({"info", "signature"})


class Evaluated(Protocol):
    """The part of the engine's evaluation the review reads."""

    @property
    def findings(self) -> list[Any]:
        """Errors and warnings, in form order."""
        ...

    def is_relevant(self, path: str) -> bool:
        """Whether a field or section applies."""
        ...

    def relevant_answers(self) -> Answers:
        """Only relevant answers, computed values filled in."""
        ...

    def is_required(self, path: str) -> bool:
        """Whether a relevant field must be answered (its `required`, evaluated)."""
        ...


def review_digest(template: Template, relevant_answers: Answers) -> str:
    """SHA-256 of exactly what the citizen reviewed: canonical JSON of the relevant answers.

    Signature fields are left out (their answer is the signature itself), so signing
    does not change what was signed. Keys are sorted and separators fixed, so the same
    answers always give the same digest on every machine. The template's id and version
    are part of it: a signature given on one version of a form is not one on another.
    """
    signed = {
        key: value
        for key, value in relevant_answers.items()
        if not (key in template.fields_by_id and template.fields_by_id[key].type == "signature")
    }
    document = {
        "template_id": template.id,
        "template_version": template.version,
        "answers": signed,
    }
    text = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def signature_fields(template: Template) -> tuple[FormField, ...]:
    """Every signature field of the form, in form order (applicable or not)."""
    return tuple(f for f in template.iter_fields() if f.type == "signature")


def signature_field(template: Template) -> str | None:
    """The form's first signature field, if it has one."""
    fields = signature_fields(template)
    return fields[0].id if fields else None


@dataclass(frozen=True, slots=True)
class SignatureSlot:
    """A signature field that applies now: who signs it, and whether that is needed.

    Attributes:
        field_id: the signature field.
        label: its label in the review's language ("Unterschrift der antragstellenden
            Person"): the heading of its pad, its line on the signature sheet and its
            block on the printout.
        required: the draft is not signed without it; an optional one ("freiwillig")
            may be left out.
    """

    field_id: str
    label: str
    required: bool


def applicable_signatures(
    template: Template, evaluation: Evaluated, language: str = "de"
) -> tuple[SignatureSlot, ...]:
    """The signature fields that apply now, in form order.

    One rule for every form, however many people sign it: a signature field applies
    when the engine finds it relevant (the partner's only when a partner moves in), and
    it is needed when its `required` holds for these answers. Everything that asks
    "who still has to sign" (signing, finalising, the review, the signature sheet, the
    printout) asks this.
    """
    return tuple(
        SignatureSlot(f.id, f.label_in(language), bool(evaluation.is_required(f.id)))
        for f in signature_fields(template)
        if evaluation.is_relevant(f.id)
    )


class Signed(Protocol):
    """What the signature rule reads of a stored signature."""

    @property
    def content_sha256(self) -> str:
        """The review digest it was given for."""
        ...


S = TypeVar("S", bound=Signed)


@dataclass(frozen=True)
class SignatureState(Generic[S]):
    """Which applicable signatures hold for the answers as they are now.

    Attributes:
        slots: the signature fields that apply now (`applicable_signatures`).
        valid: field id → its stored signature, for those given for exactly the current
            review digest.
        stale: field ids of applicable fields whose stored signature was given for other
            answers: void (a required one must be given again; an optional one is left
            out of what is sent and printed).
    """

    slots: tuple[SignatureSlot, ...]
    valid: dict[str, S]
    stale: frozenset[str]

    @property
    def missing(self) -> tuple[SignatureSlot, ...]:
        """Required signatures not (validly) given yet, in form order."""
        return tuple(s for s in self.slots if s.required and s.field_id not in self.valid)

    @property
    def signed(self) -> bool:
        """SIGNED: every required signature holds (and at least one signature does)."""
        return bool(self.valid) and not self.missing

    @property
    def any_stored(self) -> bool:
        """Some applicable signature was given, valid or void."""
        return bool(self.valid or self.stale)

    @property
    def void(self) -> bool:
        """Signed once, but the answers changed since: nothing signed holds any more."""
        return bool(self.stale) and not self.valid

    def given(self) -> tuple[tuple[SignatureSlot, S], ...]:
        """The valid signatures with their fields, in form order (what is sent, printed)."""
        return tuple((s, self.valid[s.field_id]) for s in self.slots if s.field_id in self.valid)


def signature_state(
    slots: tuple[SignatureSlot, ...], stored: Mapping[str, S | None], digest: str
) -> SignatureState[S]:
    """Judge the stored signatures (`stored`: field id → signature) against `digest`.

    A signature counts only for a field that applies now and only if it was given for
    exactly the current review digest; signatures of fields that no longer apply are
    ignored (their answer is not relevant, so nothing of them is sent).
    """
    valid: dict[str, S] = {}
    stale: set[str] = set()
    for slot in slots:
        signature = stored.get(slot.field_id)
        if signature is None:
            continue
        if signature.content_sha256 == digest:
            valid[slot.field_id] = signature
        else:
            stale.add(slot.field_id)
    return SignatureState(slots, valid, frozenset(stale))


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One answer as the citizen reads it."""

    label: str
    value: str
    path: str


@dataclass(frozen=True, slots=True)
class ReviewSection:
    """A section of the form with its answers."""

    id: str
    title: str
    rows: tuple[ReviewRow, ...]


@dataclass(frozen=True, slots=True)
class OpenPoint:
    """An error that stops signing: which question and why."""

    path: str
    label: str
    message: str


@dataclass(frozen=True, slots=True)
class Review:
    """Everything the review screen shows, and what a signature now would be bound to.

    Attributes:
        title: the form's title in the review's language.
        sections: the relevant sections with their answers.
        blocking: errors to fix before signing (the signature itself is not one).
        digest: `review_digest` of the reviewed answers.
        signatures: the signature fields that apply now, in form order (one pad each).
    """

    title: str
    language: str
    sections: tuple[ReviewSection, ...]
    blocking: tuple[OpenPoint, ...]
    digest: str
    signatures: tuple[SignatureSlot, ...] = ()

    @property
    def complete(self) -> bool:
        """Nothing stops signing."""
        return not self.blocking


def point_text(label: str, message: str, *, warning: bool = False) -> str:
    """One open point as the form screen and the review list it ("• Person 2 – Vorname:
    Bitte ausfüllen."), so the citizen reads the same line on both."""
    return f"{'⚠' if warning else '•'} {label}: {message}"


def open_points(template: Template, evaluation: Evaluated, language: str) -> list[OpenPoint]:
    """Errors that stop signing and finalising (errors of signature fields excepted)."""
    signatures = {f.id for f in template.iter_fields() if f.type == "signature"}
    out: list[OpenPoint] = []
    for finding in evaluation.findings:
        if finding.severity != "error" or finding.path.split("[")[0] in signatures:
            continue
        label = template.path_label(finding.path, language)
        out.append(OpenPoint(finding.path, label, finding.message_in(language)))
    return out


def _rows(
    fields: list[FormField], relevant: Answers, language: str, files: Mapping[str, str]
) -> list[ReviewRow]:
    rows: list[ReviewRow] = []
    for field in fields:
        if field.type in NOT_REVIEWED or field.id not in relevant:
            continue
        value = relevant[field.id]
        if field.type == "group" and isinstance(value, list):
            for index, row in enumerate(value):
                if not isinstance(row, dict):
                    continue
                for member in field.fields:
                    if member.type in NOT_REVIEWED or member.id not in row:
                        continue
                    rows.append(
                        ReviewRow(
                            f"{field.entry_name(index, language)} – {member.label_in(language)}",
                            format_value(member, row[member.id], language, files=files),
                            f"{field.id}[{index}].{member.id}",
                        )
                    )
            continue
        rows.append(
            ReviewRow(
                field.label_in(language),
                format_value(field, value, language, files=files),
                field.id,
            )
        )
    return rows


def build_review(
    template: Template,
    evaluation: Evaluated,
    language: str = "de",
    files: Mapping[str, str] | None = None,
) -> Review:
    """The review of the evaluated answers in `language`.

    Args:
        files: attachment id → file name, so attached proofs are named.
    """
    relevant = evaluation.relevant_answers()
    sections = []
    for section in template.sections:
        if not evaluation.is_relevant(section.id):
            continue
        rows = _rows(section.fields, relevant, language, files or {})
        if rows:
            sections.append(ReviewSection(section.id, section.title_in(language), tuple(rows)))
    return Review(
        title=template.title_in(language),
        language=language,
        sections=tuple(sections),
        blocking=tuple(open_points(template, evaluation, language)),
        digest=review_digest(template, relevant),
        signatures=applicable_signatures(template, evaluation, language),
    )
