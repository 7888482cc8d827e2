"""Evaluate a template against answers: relevance, computed values, findings, completeness.

CONTRACT (shared by printing, store, UI, sync; keep these names stable):

    compiled = compile_template(template)          # parses every expression once;
                                                   # raises TemplateError with problems
    ev = compiled.evaluate(answers, today=date)     # never raises on bad answers
    ev.findings            -> list[Finding]         # errors and warnings, in form order
    ev.is_relevant(path)   -> bool                  # "name", "haushalt[1].einkommen", or a
                                                    # section id / document id
    ev.computed            -> dict[path, value]     # computed values (JSON-ready)
    ev.section_completeness-> dict[section_id, float in 0..1]
    ev.completeness        -> float in 0..1
    ev.is_complete         -> bool                  # no error findings
    ev.relevant_answers()  -> Answers               # only relevant fields, computed filled in:
                                                    # what is printed, reviewed and submitted
    ev.required_documents  -> list[DocumentItem]    # checklist items relevant now
    ev.is_required(path)   -> bool

A path names one answer: a top-level field id ("name"), or a member of a repeat group
row ("haushalt[0].einkommen", 0-based). `forms.paths` parses and formats them.

Also: `compiled.initial_answers()` (defaults for a new draft) and
`compiled.initial_row(group_id)` (defaults for a new row of a repeat group).

How it works: `compile_template` turns every expression into a closure and orders all
sections and top-level fields so that whatever an expression reads is known before it
runs (a cycle is a load error). `evaluate` then makes two passes: the first, in that
order, decides relevance and typed values (non-relevant fields read as null); the second,
in form order, emits findings and counts completeness.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from forms.errors import EvaluationError, ExpressionError, Problem, TemplateError
from forms.expr import DECIMAL_CONTEXT, CompiledExpression, Ctx, Scope, compile_expression
from forms.expr.typesys import FIELD_TYPES, T
from forms.fieldtypes import (
    DECLARATION_MISSING,
    AnswerProblem,
    Parser,
    is_unanswered,
    make_parser,
    to_json,
)
from forms.model import Answers, DocumentItem, FormField, Template
from forms.paths import format_path, parse_path

Severity = Literal["error", "warning"]

#: Location of something in a template, as a pydantic `loc`: ("sections", 0, "fields", 2).
Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem with the answers, tied to the field it concerns.

    The message never repeats the field's label: it stands under the field, and a list
    of open points names the field once in front of it.
    """

    path: str
    severity: Severity
    code: str  # machine-readable: "required", "constraint", "type", "min", "max", ...
    message: str  # German, for the user
    message_easy: str | None = None  # Leichte Sprache, when the template has one
    message_i18n: Mapping[str, str] = field(default_factory=dict, hash=False)

    def message_in(self, language: str, *, easy: bool = False) -> str:
        """The message in the form's language; Leichte Sprache only exists in German."""
        if language != "de":
            return self.message_i18n.get(language, self.message)
        return self.message_easy if easy and self.message_easy else self.message

    @classmethod
    def of(cls, path: str, problem: AnswerProblem, severity: Severity = "error") -> Finding:
        """The finding of a parser's or the engine's own `problem` at `path`."""
        code, message, easy, i18n = problem
        return cls(path, severity, code, message, easy, dict(i18n))


# -- compiled template --------------------------------------------------------------------


@dataclass(eq=False)
class _Constraint:
    rule: CompiledExpression
    severity: Severity
    message: str
    message_easy: str | None
    message_i18n: Mapping[str, str]


@dataclass(eq=False)
class _Field:
    """Everything the hot path needs about one field, precomputed."""

    id: str
    type: str
    label: str
    section: str
    group: str | None
    parse: Parser
    holds_answer: bool
    relevant: CompiledExpression | None = None
    required: bool = False
    required_expr: CompiledExpression | None = None
    compute: CompiledExpression | None = None
    constraints: list[_Constraint] = field(default_factory=list)
    members: list[_Field] = field(default_factory=list)  # form order
    member_plan: list[_Field] = field(default_factory=list)  # dependency order
    min_count: int = 0
    max_count: int = 20
    model: FormField | None = None


@dataclass(eq=False)
class _Section:
    id: str
    relevant: CompiledExpression | None
    fields: list[_Field]


@dataclass(eq=False)
class _Document:
    item: DocumentItem
    relevant: CompiledExpression | None


_REQUIRED_EASY = "Hier fehlt noch etwas."
_REQUIRED = AnswerProblem("required", "Bitte ausfüllen.", _REQUIRED_EASY, {"en": "Please fill in."})
_CHOOSE = AnswerProblem(
    "required", "Bitte eine Antwort auswählen.", _REQUIRED_EASY, {"en": "Please choose an answer."}
)
_NO_ROWS = AnswerProblem(
    "required",
    "Bitte mindestens einen Eintrag angeben.",
    _REQUIRED_EASY,
    {"en": "Please add at least one entry."},
)
#: What a required, unanswered field of each type is told (others: `_REQUIRED`).
_REQUIRED_BY_TYPE = {
    "boolean": _CHOOSE,
    "choice": _CHOOSE,
    "multichoice": _CHOOSE,
    "declaration": DECLARATION_MISSING,
}
_EVAL_FAILED = "Die Regel zu „{label}“ konnte nicht geprüft werden: {reason}"


class CompiledTemplate:
    """A template with every expression compiled; evaluate it against answers."""

    def __init__(
        self,
        template: Template,
        sections: list[_Section],
        plan: list[_Section | _Field],
        documents: list[_Document],
    ) -> None:
        self.template = template
        self._sections = sections
        self._plan = plan
        self._documents = documents
        self._fields: dict[str, _Field] = {}
        for section in sections:
            for f in section.fields:
                self._fields[f.id] = f
                for m in f.members:
                    self._fields[m.id] = m

    def evaluate(self, answers: Answers, today: dt.date | None = None) -> Evaluation:
        """Evaluate `answers`; never raises on bad answers (they become findings)."""
        if not isinstance(answers, dict):
            answers = {}
        return Evaluation(self, answers, today or dt.datetime.now().astimezone().date())

    def initial_answers(self) -> Answers:
        """Answers of a new draft: every default, and the minimum number of rows."""
        out: Answers = {}
        for section in self._sections:
            for f in section.fields:
                model = f.model
                if model is None or f.compute is not None or not f.holds_answer:
                    continue
                if f.type == "group":
                    if f.min_count:
                        out[f.id] = [self.initial_row(f.id) for _ in range(f.min_count)]
                elif model.default is not None:
                    out[f.id] = _default_json(model)
        return out

    def initial_row(self, group_id: str) -> dict[str, Any]:
        """Defaults of a new row of repeat group `group_id`.

        Raises:
            KeyError: there is no such group.
        """
        group = self._fields[group_id]
        if group.type != "group":
            raise KeyError(group_id)
        return {
            m.id: _default_json(m.model)
            for m in group.members
            if m.model is not None and m.model.default is not None and m.compute is None
        }


def _default_json(model: FormField) -> Any:
    value = model.default
    if isinstance(value, decimal.Decimal):
        return int(value) if model.type == "integer" else format(value, "f")
    if isinstance(value, list):
        return list(value)
    return value


# -- evaluation ---------------------------------------------------------------------------


def _truth(value: Any) -> bool:
    return bool(value)


class Evaluation:
    """The result of evaluating answers; see the module docstring for the contract."""

    def __init__(self, compiled: CompiledTemplate, answers: Answers, today: dt.date) -> None:
        self._compiled = compiled
        self._answers = answers
        self._values: dict[str, Any] = {}
        self._ctx = Ctx(self._values, today)
        self._relevant: dict[str, bool] = {}
        self._row_relevant: dict[str, list[dict[str, bool]]] = {}
        self._problems: dict[str, AnswerProblem] = {}
        self._eval_errors: dict[str, list[str]] = {}
        self.findings: list[Finding] = []
        self.computed: dict[str, Any] = {}
        self.section_completeness: dict[str, float] = {}
        self.completeness = 1.0
        self.required_documents: list[DocumentItem] = []
        self._document_relevant: dict[str, bool] = {}
        with decimal.localcontext(DECIMAL_CONTEXT):
            self._first_pass()
            self._second_pass()

    # -- helpers -------------------------------------------------------------------------

    def _safe(self, expr: CompiledExpression, path: str) -> Any:
        try:
            return expr.evaluate(self._ctx)
        except EvaluationError as error:
            self._eval_errors.setdefault(path, []).append(error.message)
            return None

    def _value_of(self, f: _Field, raw: Any, path: str) -> Any:
        if f.compute is not None:
            value = self._safe(f.compute, path)
            if value is not None:
                self.computed[path] = to_json(value, f.type)
            return value
        if not f.holds_answer or is_unanswered(raw):
            return None
        value, problem = f.parse(raw)
        if problem is not None:
            self._problems[path] = problem
        return value

    # -- pass 1: relevance and values, in dependency order ----------------------------------

    def _first_pass(self) -> None:
        answers = self._answers
        values = self._values
        relevant = self._relevant
        for step in self._compiled._plan:
            if isinstance(step, _Section):
                rel = step.relevant is None or _truth(self._safe(step.relevant, step.id))
                relevant[step.id] = rel
                continue
            fid = step.id
            rel = relevant[step.section] and (
                step.relevant is None or _truth(self._safe(step.relevant, fid))
            )
            relevant[fid] = rel
            if step.type == "group":
                values[fid] = self._rows(step, answers.get(fid)) if rel else []
            elif rel:
                values[fid] = self._value_of(step, answers.get(fid), fid)
            else:
                values[fid] = None

    def _rows(self, group: _Field, raw: Any) -> list[dict[str, Any]]:
        ctx = self._ctx
        gid = group.id
        if raw is None or raw == []:
            self._row_relevant[gid] = []
            return []
        if not isinstance(raw, list):
            self._problems[gid] = AnswerProblem(
                "type", "Die Einträge sind beschädigt.", None, {"en": "The entries are damaged."}
            )
            self._row_relevant[gid] = []
            return []
        rows: list[dict[str, Any]] = []
        row_relevance: list[dict[str, bool]] = []
        for index, given in enumerate(raw[: group.max_count]):
            raw_row = given if isinstance(given, dict) else {}
            if not isinstance(given, dict):
                self._problems[format_path(gid, index)] = AnswerProblem(
                    "type", "Dieser Eintrag ist beschädigt.", None, {"en": "This entry is damaged."}
                )
            typed: dict[str, Any] = {}
            rel: dict[str, bool] = {}
            ctx.row = typed
            for m in group.member_plan:
                mid = m.id
                is_rel = m.relevant is None or _truth(
                    self._safe(m.relevant, format_path(gid, index, mid))
                )
                rel[mid] = is_rel
                if is_rel:
                    raw_value = raw_row.get(mid)
                    if m.compute is None and (not m.holds_answer or is_unanswered(raw_value)):
                        typed[mid] = None
                    else:
                        typed[mid] = self._value_of(m, raw_value, format_path(gid, index, mid))
                else:
                    typed[mid] = None
            rows.append(typed)
            row_relevance.append(rel)
        ctx.row = {}
        self._row_relevant[gid] = row_relevance
        return rows

    # -- pass 2: findings and completeness, in form order -----------------------------------

    def _second_pass(self) -> None:
        total_all = done_all = 0
        for section in self._compiled._sections:
            total = done = 0
            if self._relevant[section.id]:
                self._emit_eval_errors(section.id, section.id)
                for f in section.fields:
                    if not self._relevant[f.id]:
                        continue
                    if f.type == "group":
                        t, d = self._check_group(f)
                    else:
                        t, d = self._check_field(f, f.id, self._answers.get(f.id))
                    total += t
                    done += d
            self.section_completeness[section.id] = done / total if total else 1.0
            total_all += total
            done_all += done
        self.completeness = done_all / total_all if total_all else 1.0
        for doc in self._compiled._documents:
            rel = doc.relevant is None or _truth(self._safe(doc.relevant, doc.item.id))
            self._document_relevant[doc.item.id] = rel
            if rel:
                self.required_documents.append(doc.item)
        self._emit_remaining_eval_errors()

    def _emit_eval_errors(self, path: str, label: str) -> None:
        errors = self._eval_errors.pop(path, None)
        for reason in errors or ():
            self.findings.append(
                Finding(
                    path,
                    "warning",
                    "expression",
                    _EVAL_FAILED.format(label=label, reason=reason),
                )
            )

    def _emit_remaining_eval_errors(self) -> None:
        for path in list(self._eval_errors):
            self._emit_eval_errors(path, path)

    def _check_field(self, f: _Field, path: str, raw: Any) -> tuple[int, int]:
        """Findings of one relevant field; returns (required count, answered count)."""
        findings = self.findings
        if self._eval_errors:
            self._emit_eval_errors(path, f.label)
        if f.compute is not None or not f.holds_answer:
            return 0, 0
        answered = not is_unanswered(raw)
        required = f.required
        if f.required_expr is not None:
            required = _truth(self._safe(f.required_expr, path))
            if self._eval_errors:
                self._emit_eval_errors(path, f.label)
        if not answered:
            if required:
                findings.append(Finding.of(path, _REQUIRED_BY_TYPE.get(f.type, _REQUIRED)))
                return 1, 0
            return 0, 0
        # One error per field, the first one: a later rule would only guess on top of it
        # (a birth date in the future is not also "not of age"). Rules run in the order
        # the template lists them.
        problem = self._problems.get(path) if self._problems else None
        if problem is not None:
            findings.append(Finding.of(path, problem))
            return (1, 0) if required else (0, 0)
        for constraint in f.constraints:
            ok = self._safe(constraint.rule, path)
            if ok is not None and not ok:
                findings.append(
                    Finding(
                        path,
                        constraint.severity,
                        "constraint",
                        constraint.message,
                        constraint.message_easy,
                        constraint.message_i18n,
                    )
                )
                if constraint.severity == "error":
                    break
        if f.constraints and self._eval_errors:
            self._emit_eval_errors(path, f.label)
        return (1, 1) if required else (0, 0)

    def _check_group(self, group: _Field) -> tuple[int, int]:
        gid = group.id
        raw = self._answers.get(gid)
        rows: list[Any] = raw if isinstance(raw, list) else []
        count = len(rows)
        total = done = 0
        required = group.required
        if group.required_expr is not None:
            required = _truth(self._safe(group.required_expr, gid))
        self._emit_eval_errors(gid, group.label)
        problem = self._problems.get(gid)
        if problem is not None:
            self.findings.append(Finding.of(gid, problem))
        needed = max(group.min_count, 1 if required else 0)
        if needed:
            total += 1
            if count >= needed:
                done += 1
            elif count == 0:
                self.findings.append(Finding.of(gid, _NO_ROWS))
            else:
                self.findings.append(
                    Finding(
                        gid,
                        "error",
                        "min_count",
                        f"Bitte mindestens {needed} Einträge angeben.",
                        f"Es fehlen noch Einträge. Mindestens {needed}.",
                        {"en": f"Please add at least {needed} entries."},
                    )
                )
        if count > group.max_count:
            self.findings.append(
                Finding(
                    gid,
                    "error",
                    "max_count",
                    f"Bitte höchstens {group.max_count} Einträge angeben.",
                    f"Das sind zu viele Einträge. Höchstens {group.max_count}.",
                    {"en": f"Please add at most {group.max_count} entries."},
                )
            )
        typed_rows = self._values.get(gid) or []
        row_relevance = self._row_relevant.get(gid, [])
        ctx = self._ctx
        for index, typed in enumerate(typed_rows):
            raw_row = rows[index] if isinstance(rows[index], dict) else {}
            row_path = format_path(gid, index)
            if self._problems and row_path in self._problems:
                self.findings.append(Finding.of(row_path, self._problems[row_path]))
            rel = row_relevance[index]
            ctx.row = typed
            for m in group.members:
                if rel[m.id]:
                    t, d = self._check_field(m, format_path(gid, index, m.id), raw_row.get(m.id))
                    total += t
                    done += d
        ctx.row = {}
        return total, done

    # -- queries -------------------------------------------------------------------------

    @property
    def is_complete(self) -> bool:
        """No error findings: the form may be finalized."""
        return not any(f.severity == "error" for f in self.findings)

    def is_relevant(self, path: str) -> bool:
        """Whether a field, row member, section or document applies to these answers."""
        if path in self._relevant:
            return self._relevant[path]
        if path in self._document_relevant:
            return self._document_relevant[path]
        try:
            fid, index, member = parse_path(path)
        except ValueError:
            return False
        target = self._compiled._fields.get(member or fid)
        if target is None:
            return False
        if index is None:  # a bare member id: relevant if its group is
            return self._relevant.get(target.group or "", False)
        if not self._relevant.get(fid, False):
            return False
        rows = self._row_relevant.get(fid, [])
        if index >= len(rows):
            return False
        return True if member is None else rows[index].get(member, False)

    def is_required(self, path: str) -> bool:
        """Whether the field at `path` must be answered now (false when not relevant)."""
        if not self.is_relevant(path):
            return False
        try:
            fid, index, member = parse_path(path)
        except ValueError:
            return False
        target = self._compiled._fields[member or fid]
        if target.compute is not None:
            return False
        if target.type == "group" and target.min_count > 0:
            return True
        if target.required_expr is None:
            return target.required
        ctx = self._ctx
        if index is not None and member is not None:
            ctx.row = (self._values.get(fid) or [])[index]
        try:
            with decimal.localcontext(DECIMAL_CONTEXT):
                return _truth(target.required_expr.evaluate(ctx))
        except EvaluationError:
            return False
        finally:
            ctx.row = {}

    def relevant_answers(self) -> Answers:
        """Only the relevant answers, computed values filled in: what is printed and sent."""
        out: Answers = {}
        answers = self._answers
        for section in self._compiled._sections:
            if not self._relevant[section.id]:
                continue
            for f in section.fields:
                if not self._relevant[f.id] or not f.holds_answer:
                    continue
                if f.type == "group":
                    out[f.id] = self._relevant_rows(f)
                elif f.compute is not None:
                    if f.id in self.computed:
                        out[f.id] = self.computed[f.id]
                else:
                    raw = answers.get(f.id)
                    if not is_unanswered(raw):
                        out[f.id] = raw
        return out

    def _relevant_rows(self, group: _Field) -> list[dict[str, Any]]:
        raw = self._answers.get(group.id)
        rows: list[Any] = raw if isinstance(raw, list) else []
        out: list[dict[str, Any]] = []
        for index, rel in enumerate(self._row_relevant.get(group.id, [])):
            raw_row = rows[index] if isinstance(rows[index], dict) else {}
            row: dict[str, Any] = {}
            for m in group.members:
                if not rel[m.id] or not m.holds_answer:
                    continue
                if m.compute is not None:
                    path = format_path(group.id, index, m.id)
                    if path in self.computed:
                        row[m.id] = self.computed[path]
                else:
                    value = raw_row.get(m.id)
                    if not is_unanswered(value):
                        row[m.id] = value
            out.append(row)
        return out


# -- compilation --------------------------------------------------------------------------


def compile_template(template: Template) -> CompiledTemplate:
    """Compile every expression of `template` and order the evaluation.

    Raises:
        TemplateError: bad expressions or cycles; problems name the template id (line 0).
            `forms.loader` maps them to file and line instead.
    """
    compiled, problems = compile_with_locations(template)
    if problems:
        raise TemplateError([Problem(template.id, 0, message) for _, message in problems])
    assert compiled is not None
    return compiled


def compile_with_locations(
    template: Template,
) -> tuple[CompiledTemplate | None, list[tuple[Loc, str]]]:
    """Like `compile_template`, but returns problems with their template location."""
    return _Compiler(template).run()


_CONDITION_KINDS = ("bool",)
_COMPUTE_KINDS: dict[str, tuple[str, ...]] = {
    "integer": ("number",),
    "decimal": ("number",),
    "currency": ("number",),
    "date": ("date",),
    "boolean": ("bool",),
    "multichoice": ("list",),
}


class _Compiler:
    def __init__(self, template: Template) -> None:
        self.template = template
        self.problems: list[tuple[Loc, str]] = []
        fields: dict[str, T] = {}
        members: dict[str, dict[str, T]] = {}
        member_group: dict[str, str] = {}
        no_answer: set[str] = set()
        for section in template.sections:
            for f in section.fields:
                if not f.holds_answer:
                    no_answer.add(f.id)
                else:
                    fields[f.id] = FIELD_TYPES[f.type]
                if f.type == "group":
                    members[f.id] = {}
                    for m in f.fields:
                        if not m.holds_answer:
                            no_answer.add(m.id)
                        else:
                            members[f.id][m.id] = FIELD_TYPES[m.type]
                        member_group[m.id] = f.id
        self.scope = Scope(fields, members, frozenset(no_answer), None, member_group)

    def expr(
        self, text: str | None, loc: Loc, group: str | None, kinds: tuple[str, ...] | None
    ) -> CompiledExpression | None:
        if text is None:
            return None
        scope = self.scope.in_group(group)
        try:
            compiled = compile_expression(text, scope)
        except ExpressionError as error:
            self.problems.append((loc, f"expression {text!r}: {error}"))
            return None
        if kinds is not None and not compiled.type.is_(*kinds):
            wanted = "yes/no" if kinds == _CONDITION_KINDS else " or ".join(kinds)
            self.problems.append(
                (loc, f"expression {text!r} gives {compiled.type}, but {wanted} is needed here")
            )
            return None
        return compiled

    def field(self, model: FormField, loc: Loc, section: str, group: str | None) -> _Field:
        f = _Field(
            id=model.id,
            type=model.type,
            label=model.label,
            section=section,
            group=group,
            parse=make_parser(model),
            holds_answer=model.holds_answer,
            min_count=model.min_count,
            max_count=model.max_count,
            model=model,
        )
        f.relevant = self.expr(model.relevant, (*loc, "relevant"), group, _CONDITION_KINDS)
        if isinstance(model.required, bool):
            f.required = model.required
        else:
            f.required_expr = self.expr(model.required, (*loc, "required"), group, _CONDITION_KINDS)
        kinds = _COMPUTE_KINDS.get(model.type, ("text",))
        f.compute = self.expr(model.compute, (*loc, "compute"), group, kinds)
        for ci, constraint in enumerate(model.constraints):
            rule = self.expr(
                constraint.rule, (*loc, "constraints", ci, "rule"), group, _CONDITION_KINDS
            )
            if rule is not None:
                f.constraints.append(
                    _Constraint(
                        rule,
                        constraint.severity,
                        constraint.message,
                        constraint.message_easy,
                        dict(constraint.message_i18n),
                    )
                )
        if model.default is not None and model.type not in ("group", "info"):
            _, problem = f.parse(_default_json(model))
            if problem is not None:
                self.problems.append(
                    ((*loc, "default"), f"default does not fit: {problem.message}")
                )
        for mi, member in enumerate(model.fields):
            f.members.append(self.field(member, (*loc, "fields", mi), section, model.id))
        return f

    def run(self) -> tuple[CompiledTemplate | None, list[tuple[Loc, str]]]:
        template = self.template
        sections: list[_Section] = []
        locs: dict[str, Loc] = {}
        for si, section in enumerate(template.sections):
            sloc: Loc = ("sections", si)
            locs[section.id] = sloc
            fields = []
            for fi, model in enumerate(section.fields):
                floc: Loc = (*sloc, "fields", fi)
                locs[model.id] = floc
                fields.append(self.field(model, floc, section.id, None))
            relevant = self.expr(section.relevant, (*sloc, "relevant"), None, _CONDITION_KINDS)
            sections.append(_Section(section.id, relevant, fields))
        documents = [
            _Document(
                doc, self.expr(doc.relevant, ("documents", di, "relevant"), None, _CONDITION_KINDS)
            )
            for di, doc in enumerate(template.documents)
        ]
        if self.problems:
            return None, self.problems
        plan = self.order(sections, locs)
        if self.problems:
            return None, self.problems
        return CompiledTemplate(template, sections, plan, documents), []

    def order(self, sections: list[_Section], locs: dict[str, Loc]) -> list[_Section | _Field]:
        """Sections and top-level fields so that every expression's inputs come first."""
        nodes: list[_Section | _Field] = []
        deps: dict[str, set[str]] = {}
        for section in sections:
            nodes.append(section)
            deps[section.id] = set(_refs(section.relevant))
            for f in section.fields:
                nodes.append(f)
                need = {section.id, *_refs(f.relevant, f.compute)}
                for m in f.members:
                    outside = set(_refs(m.relevant, m.compute))
                    if f.id in outside:
                        self.problems.append(
                            (
                                (*locs[f.id], "fields", f.members.index(m)),
                                f"'{m.id}' is inside group '{f.id}': its relevant/compute "
                                f"cannot read '{f.id}' itself (constraints can)",
                            )
                        )
                    need |= outside
                    need.add(section.id)
                deps[f.id] = need
                if f.members:
                    f.member_plan = self.order_members(f, locs)
        done: set[str] = set()
        plan: list[_Section | _Field] = []
        pending = list(nodes)
        while pending:
            ready = [n for n in pending if deps[n.id] <= done]
            if not ready:
                self.report_cycle(pending, deps, locs)
                return []
            for n in ready:
                done.add(n.id)
                plan.append(n)
            ready_ids = {id(n) for n in ready}
            pending = [n for n in pending if id(n) not in ready_ids]
        return plan

    def order_members(self, group: _Field, locs: dict[str, Loc]) -> list[_Field]:
        deps = {
            m.id: {r for e in (m.relevant, m.compute) if e is not None for r in e.row_refs}
            for m in group.members
        }
        done: set[str] = set()
        plan: list[_Field] = []
        pending = list(group.members)
        while pending:
            ready = [m for m in pending if deps[m.id] <= done]
            if not ready:
                gloc = locs[group.id]
                member_locs = {m.id: (*gloc, "fields", i) for i, m in enumerate(group.members)}
                self.report_cycle(pending, deps, member_locs)
                return []
            for m in ready:
                done.add(m.id)
                plan.append(m)
            pending = [m for m in pending if m.id not in done]
        return plan

    def report_cycle(
        self,
        pending: Sequence[_Section | _Field],
        deps: dict[str, set[str]],
        locs: dict[str, Loc],
    ) -> None:
        by_id = {n.id: n for n in pending}
        left = set(by_id)
        start = next(n.id for n in pending)
        chain = [start]
        seen = {start}
        current = start
        while True:
            current = sorted(deps[current] & left)[0]
            if current in seen:
                chain = [*chain[chain.index(current) :], current]
                break
            chain.append(current)
            seen.add(current)
        first = by_id.get(chain[0])
        compute = getattr(first, "compute", None)
        reads_next = compute is not None and chain[1] in (compute.refs | compute.row_refs)
        key = "compute" if reads_next else "relevant"
        self.problems.append(
            (
                (*locs.get(chain[0], ()), key),
                "cyclic dependency between relevant/compute expressions: " + " -> ".join(chain),
            )
        )


def _refs(*exprs: CompiledExpression | None) -> Iterable[str]:
    for e in exprs:
        if e is not None:
            yield from e.refs
