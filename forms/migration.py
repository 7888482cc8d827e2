"""Carry a draft's answers from one template version to the next.

The new template's `migrate` rules (rename, remove, split, map_values) run first, when
they are written for the old version; then every answer whose field still exists with a
compatible type is carried over. Whatever cannot be carried is listed with a German
reason, so the worker can tell the citizen what to fill in again: nothing is lost silently.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from forms.fieldtypes import is_unanswered, make_parser
from forms.model import Answers, FormField, MigrationRule, Template
from forms.paths import format_path

#: Field types whose answers can move into each other unchanged.
_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"text", "textarea"}),
    frozenset({"integer", "decimal", "currency"}),
    # A yes/no question that became a declaration: "yes" carries as ticked; "no" is no
    # declaration and is dropped with a reason (the parser's type problem).
    frozenset({"boolean", "declaration"}),
)
#: Parser problems after which an answer is not carried (others become findings).
_BLOCKING = frozenset({"type", "choice", "date_range", "iban", "tax_id"})

_GONE = "Dieses Feld gibt es in der neuen Formularversion nicht mehr."
_REMOVED = "Dieses Feld wurde aus dem Formular entfernt."
_COMPUTED = "Dieser Wert wird in der neuen Version automatisch berechnet."


@dataclass
class MigrationReport:
    """What happened to each answer.

    Attributes:
        answers: the answers for the new template.
        carried: paths carried over (under their new id).
        dropped: (path in the old answers, German reason) of every answer not carried.
        renamed: (old id, new id) pairs applied.
        split: (old id, new ids) of split answers.
        mapped: (path, old value, new value) of renamed choice values.
    """

    answers: Answers
    carried: list[str] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    split: list[tuple[str, list[str]]] = field(default_factory=list)
    mapped: list[tuple[str, str, str]] = field(default_factory=list)


def _compatible(old_type: str, new_type: str) -> bool:
    if old_type == new_type:
        return True
    return any(old_type in family and new_type in family for family in _FAMILIES)


def _describe(kind: str) -> str:
    return {
        "text": "Text",
        "textarea": "Text",
        "integer": "ganze Zahl",
        "decimal": "Zahl",
        "currency": "Betrag",
        "date": "Datum",
        "boolean": "Ja/Nein",
        "declaration": "Erklärung zum Ankreuzen",
        "choice": "Auswahl",
        "multichoice": "Mehrfachauswahl",
        "group": "Liste von Einträgen",
        "attachment": "Anhang",
        "signature": "Unterschrift",
    }.get(kind, kind)


class _Migrator:
    def __init__(self, old: Template, new: Template, answers: Answers) -> None:
        self.old_fields = old.fields_by_id
        self.new = new
        self.old_group_of = old.group_of
        # Old ids as they are called after the rules ran (rename changes them).
        self.types: dict[str, str] = {fid: f.type for fid, f in self.old_fields.items()}
        self.work: dict[str, Any] = copy.deepcopy(dict(answers))
        self.report = MigrationReport(answers={})

    # -- rules --------------------------------------------------------------------------

    def apply(self, rule: MigrationRule) -> None:
        if rule.rename is not None:
            self.rename(rule.rename.from_, rule.rename.to)
        elif rule.remove is not None:
            self.remove(rule.remove)
        elif rule.split is not None:
            self.split(rule.split.from_, rule.split.into, rule.split.separator)
        elif rule.map_values is not None:
            self.map_values(rule.map_values.field, rule.map_values.values)

    def rename(self, old: str, new: str) -> None:
        group = self.old_group_of.get(old)
        if group is None:
            if old in self.work:
                self.work[new] = self.work.pop(old)
        else:
            for row in self._rows(group):
                if old in row:
                    row[new] = row.pop(old)
        if old in self.types:
            self.types[new] = self.types.pop(old)
        self.report.renamed.append((old, new))

    def remove(self, fid: str) -> None:
        group = self.old_group_of.get(fid)
        if group is None:
            if not is_unanswered(self.work.pop(fid, None)):
                self.report.dropped.append((fid, _REMOVED))
        else:
            for index, row in enumerate(self._rows(group)):
                if not is_unanswered(row.pop(fid, None)):
                    self.report.dropped.append((format_path(group, index, fid), _REMOVED))
        self.types.pop(fid, None)

    def split(self, source: str, into: list[str], separator: str | None) -> None:
        value = self.work.pop(source, None)
        self.types.pop(source, None)
        for target in into:
            self.types[target] = "text"
        if not isinstance(value, str) or not value.strip():
            return
        # Split from the right: "Anna Maria Schmidt" -> "Anna Maria" + "Schmidt".
        parts = value.strip().rsplit(separator, len(into) - 1)
        parts = [p.strip() for p in parts]
        parts = [""] * (len(into) - len(parts)) + parts if len(parts) < len(into) else parts
        for target, part in zip(into, parts, strict=True):
            if part:
                self.work[target] = part
        self.report.split.append((source, list(into)))

    def map_values(self, fid: str, mapping: dict[str, str]) -> None:
        def convert(value: Any, path: str) -> Any:
            if isinstance(value, str) and value in mapping:
                self.report.mapped.append((path, value, mapping[value]))
                return mapping[value]
            if isinstance(value, list):
                return [convert(v, path) for v in value]
            return value

        group = self.old_group_of.get(fid)
        if group is None:
            if fid in self.work:
                self.work[fid] = convert(self.work[fid], fid)
        else:
            for index, row in enumerate(self._rows(group)):
                if fid in row:
                    row[fid] = convert(row[fid], format_path(group, index, fid))

    def _rows(self, group: str) -> list[dict[str, Any]]:
        rows = self.work.get(group)
        if not isinstance(rows, list):
            return []
        return [row for row in rows if isinstance(row, dict)]

    # -- carrying ------------------------------------------------------------------------

    def carry_value(self, new_field: FormField, value: Any, path: str) -> tuple[bool, Any]:
        """Whether `value` fits `new_field`, dropping it with a reason when it does not."""
        if is_unanswered(value):
            return False, None
        if new_field.compute is not None:
            self.report.dropped.append((path, _COMPUTED))
            return False, None
        old_type = self.types.get(new_field.id, new_field.type)
        if not _compatible(old_type, new_field.type):
            self.report.dropped.append(
                (
                    path,
                    "Die Art der Angabe hat sich geändert "
                    f"({_describe(old_type)} → {_describe(new_field.type)}). Bitte neu eingeben.",
                )
            )
            return False, None
        _, problem = make_parser(new_field)(value)
        if problem is not None and problem.code in _BLOCKING:
            if problem.code == "choice":
                shown = ", ".join(value) if isinstance(value, list) else str(value)
                reason = f"Die Auswahl „{shown}“ gibt es nicht mehr. Bitte neu auswählen."
            elif new_field.type == "declaration":
                reason = (
                    "Die Erklärung wird jetzt angekreuzt; „Nein“ ist kein Kreuz. "
                    "Bitte mit der Bürgerin oder dem Bürger neu entscheiden."
                )
            else:
                reason = "Die Angabe passt nicht zur neuen Formularversion. Bitte neu eingeben."
            self.report.dropped.append((path, reason))
            return False, None
        return True, value

    def carry(self) -> MigrationReport:
        out: Answers = {}
        report = self.report
        new_top = {f.id: f for s in self.new.sections for f in s.fields}
        for fid, value in self.work.items():
            target = new_top.get(fid)
            if target is None:
                if not is_unanswered(value):
                    report.dropped.append((fid, _GONE))
                continue
            if target.type == "group":
                rows = self.carry_rows(target, value)
                if rows is not None:
                    out[fid] = rows
                    report.carried.append(fid)
                continue
            ok, carried = self.carry_value(target, value, fid)
            if ok:
                out[fid] = carried
                report.carried.append(fid)
        report.answers = out
        return report

    def carry_rows(self, group: FormField, value: Any) -> list[dict[str, Any]] | None:
        if is_unanswered(value):
            return None
        if self.types.get(group.id) != "group" or not isinstance(value, list):
            self.report.dropped.append(
                (group.id, "Die Art der Angabe hat sich geändert. Bitte neu eingeben.")
            )
            return None
        members = {m.id: m for m in group.fields}
        rows: list[dict[str, Any]] = []
        for index, row in enumerate(value[: group.max_count]):
            new_row: dict[str, Any] = {}
            for mid, member_value in row.items() if isinstance(row, dict) else ():
                path = format_path(group.id, index, mid)
                member = members.get(mid)
                if member is None:
                    if not is_unanswered(member_value):
                        self.report.dropped.append((path, _GONE))
                    continue
                ok, carried = self.carry_value(member, member_value, path)
                if ok:
                    new_row[mid] = carried
            rows.append(new_row)
        if len(value) > group.max_count:
            for index in range(group.max_count, len(value)):
                self.report.dropped.append(
                    (
                        format_path(group.id, index),
                        f"Die neue Version erlaubt höchstens {group.max_count} Einträge.",
                    )
                )
        return rows


def migrate_answers(
    old_template: Template, new_template: Template, answers: Answers
) -> MigrationReport:
    """Answers of `old_template` as answers of `new_template`, with a report.

    The `migrate` rules of the new template are applied only when they are written for
    the old template's version; otherwise only same-id fields are carried over.
    """
    migrator = _Migrator(old_template, new_template, answers)
    migration = new_template.migrate
    if migration is not None and migration.from_version == old_template.version:
        for rule in migration.rules:
            migrator.apply(rule)
    return migrator.carry()
