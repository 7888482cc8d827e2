"""Typed models of a form template: what one YAML file in the catalog may say.

The models only describe shape. Expressions stay strings here; `forms.expr` parses
them and `forms.engine` evaluates them, so a template can be inspected (listed,
searched, exported as JSON Schema) without compiling anything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from forms.paths import parse_path

#: A field, section, option or document id: lower case, starts with a letter, usable in
#: expressions as a bare name.
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
#: An ISO 639-1 language code ("de", "en", "tr").
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
#: Translations of a text, by language code; German is always the main text beside it.
Translations = dict[LanguageCode, str]
#: An expression in the Koffer expression language (see docs/template-format.md).
Expression = Annotated[str, StringConstraints(min_length=1, max_length=2000)]

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")

FieldType = Literal[
    "text",  # short text, one line
    "textarea",  # long text
    "integer",
    "decimal",
    "currency",  # EUR, two decimals
    "date",
    "boolean",  # yes/no
    "declaration",  # one check box with a declaration as its text ("Ich versichere …")
    "choice",  # single choice
    "multichoice",
    "iban",
    "tax_id",  # German Steuer-Identifikationsnummer
    "email",
    "phone",
    "postal_code",  # German PLZ
    "info",  # read-only text, no answer
    "signature",
    "attachment",
    "group",  # repeat group
]

#: Types that hold no answer of their own.
NON_ANSWER_TYPES: frozenset[str] = frozenset({"info"})
#: Types whose answers are always treated as sensitive (`FormField.masked_for_expert`).
SENSITIVE_TYPES: frozenset[str] = frozenset({"iban", "tax_id"})
#: Types that need `format: 3` (a laptop that knows only formats 1 and 2 skips the file).
FORMAT_3_TYPES: frozenset[str] = frozenset({"declaration"})
#: What the app may put into a new draft's field (format 3), and the field types it fits:
#: today's date, the signed-in staff member's name, the place where applications are
#: taken (the laptop's setting: the town).
Prefill = Literal["today", "staff_name", "place"]
PREFILL_TYPES: dict[str, frozenset[str]] = {
    "today": frozenset({"date"}),
    "staff_name": frozenset({"text"}),
    "place": frozenset({"text"}),
}
#: Types whose answers are numbers in expressions.
NUMERIC_TYPES: frozenset[str] = frozenset({"integer", "decimal", "currency"})

#: What one row of a group is called when its template names none ("Eintrag 2").
DEFAULT_ITEM_LABEL: dict[str, str] = {"de": "Eintrag", "en": "Entry"}


class _Model(BaseModel):
    """Base of all template models: immutable, and unknown keys are an error."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Option(_Model):
    """One answer of a single or multiple choice."""

    value: Identifier
    label: str = Field(min_length=1)
    label_i18n: Translations = Field(default_factory=dict)
    code: str | None = Field(
        default=None,
        max_length=200,
        description="code of the source code list (FIM/XÖV), kept for the office (format 2)",
    )


class Constraint(_Model):
    """A rule the answer must satisfy, with the message shown when it does not."""

    rule: Expression
    message: str = Field(min_length=1, description="German message shown when the rule is false")
    message_easy: str | None = Field(default=None, description="Leichte-Sprache variant")
    message_i18n: Translations = Field(default_factory=dict)
    severity: Literal["error", "warning"] = "error"


class FieldPrint(_Model):
    """How a field is printed."""

    receipt: bool = Field(default=False, description="also printed on the citizen's receipt")
    width: Literal["full", "half"] = "full"
    blank_lines: int = Field(default=1, ge=1, le=20, description="lines on the blank form")


#: A file of the catalog that belongs to a template (same rule as the manifest's files).
CatalogFileName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
#: Longest AcroForm field name or state name kept in a template.
MAX_PDF_NAME = 1000
#: Field types whose answer can be printed into a source PDF.
PDF_TYPES: frozenset[str] = frozenset(get_args(FieldType)) - {"info", "group", "attachment"}


class PdfState(_Model):
    """A check box or radio button of the source PDF and the state name that ticks it."""

    field: str = Field(min_length=1, max_length=MAX_PDF_NAME, description="AcroForm name")
    state: str = Field(min_length=1, max_length=MAX_PDF_NAME, description="e.g. Ja, On, 1")


class PdfTarget(_Model):
    """Where a field's answer is printed when the form is printed on its source PDF.

    Text, numbers, dates, choice lists and signatures name one AcroForm field. Yes/no
    and choices printed as boxes map each answer ("true", "false" or an option value)
    to the box that is ticked for it, which may be a radio button, a check box, or one
    of a Ja/Nein pair of check boxes.
    """

    field: str | None = Field(default=None, min_length=1, max_length=MAX_PDF_NAME)
    states: dict[str, PdfState] = Field(default_factory=dict)
    date_format: str | None = Field(
        default=None,
        pattern=r"^(?:d{1,2}|m{1,2}|y{2}|y{4}|[ ./-])+$",
        description="how the PDF writes dates, e.g. dd.mm.yyyy (from its AFDate format)",
    )

    @model_validator(mode="after")
    def _field_or_states(self) -> PdfTarget:
        if (self.field is None) == (not self.states):
            raise ValueError("a pdf target has either 'field' or 'states'")
        return self


class SourcePdf(_Model):
    """The town's own PDF the template was imported from; printing can fill it in."""

    file: CatalogFileName = Field(description="file name beside the template, e.g. x.pdf")
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    pages: int = Field(ge=1, le=2000)


class Origin(_Model):
    """Where an imported template came from, kept for the office and the next import."""

    kind: Literal["fim", "pdf"]
    id: str | None = Field(default=None, max_length=100, description="FIM id, e.g. S00000121")
    version: str | None = Field(default=None, max_length=50, description="FIM version")
    standard: str | None = Field(default=None, max_length=100, description="XDatenfelder 3.0.0")
    file: str | None = Field(default=None, max_length=300, description="the imported file")
    imported: dt.date | None = None


class FormField(_Model):
    """One question of a form, or a repeat group of questions."""

    id: Identifier
    type: FieldType
    label: str = Field(min_length=1)
    label_i18n: Translations = Field(default_factory=dict)
    help: str | None = None
    help_easy: str | None = Field(default=None, description="help in Leichte Sprache")
    help_i18n: Translations = Field(default_factory=dict)
    placeholder: str | None = None
    required: bool | Expression = False
    relevant: Expression | None = Field(default=None, description="show only if true")
    constraints: list[Constraint] = Field(default_factory=list)
    default: str | int | Decimal | bool | list[str] | None = None
    compute: Expression | None = Field(default=None, description="computed, read-only")
    prefill: Prefill | None = Field(
        default=None,
        description="filled in when a draft starts: today, staff_name, place (format 3)",
    )
    # numbers
    min: Decimal | None = None
    max: Decimal | None = None
    # text
    max_length: int | None = Field(default=None, ge=1, le=100_000)
    # choices
    options: list[Option] = Field(default_factory=list)
    # attachments
    media_types: list[str] = Field(default_factory=list)
    max_size_mb: float | None = Field(default=None, gt=0, le=50)
    # repeat groups
    fields: list[FormField] = Field(default_factory=list)
    min_count: int = Field(default=0, ge=0, le=1000)
    max_count: int = Field(default=20, ge=1, le=1000)
    item_label: str | None = Field(default=None, description="name of one row, e.g. Person")
    item_label_i18n: Translations = Field(default_factory=dict)
    print: FieldPrint = FieldPrint()
    pdf: PdfTarget | None = Field(
        default=None, description="where the answer goes on the source PDF (format 2)"
    )
    sensitive: bool = Field(
        default=False,
        description="special care (health, criminal record): masked for a remote expert "
        "unless the worker unmasks it (format 2; IBAN and tax id are always masked)",
    )

    @model_validator(mode="after")
    def _type_specific_keys(self) -> FormField:
        if self.type in ("choice", "multichoice"):
            if not self.options:
                raise ValueError(f"'{self.id}': a choice needs 'options'")
            values = [o.value for o in self.options]
            if len(values) != len(set(values)):
                raise ValueError(f"'{self.id}': option values must be unique")
        elif self.options:
            raise ValueError(f"'{self.id}': only choice fields take 'options'")
        if self.type == "group":
            if not self.fields:
                raise ValueError(f"'{self.id}': a group needs 'fields'")
            if self.min_count > self.max_count:
                raise ValueError(f"'{self.id}': min_count is larger than max_count")
            if any(f.type == "group" for f in self.fields):
                raise ValueError(f"'{self.id}': groups cannot be nested")
        elif self.fields:
            raise ValueError(f"'{self.id}': only group fields take 'fields'")
        if self.type != "attachment" and (self.media_types or self.max_size_mb is not None):
            raise ValueError(f"'{self.id}': only attachment fields take media types and sizes")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"'{self.id}': min is larger than max")
        if self.compute is not None and self.type in (
            "info",
            "group",
            "signature",
            "attachment",
            "declaration",
        ):
            raise ValueError(f"'{self.id}': a {self.type} field cannot be computed")
        if self.prefill is not None:
            if self.type not in PREFILL_TYPES[self.prefill]:
                raise ValueError(f"'{self.id}': prefill {self.prefill} does not fit a {self.type}")
            if self.default is not None or self.compute is not None:
                raise ValueError(f"'{self.id}': prefill, default and compute exclude each other")
        if self.type == "declaration" and self.default is not None:
            raise ValueError(
                f"'{self.id}': a declaration has no default: the citizen ticks it themselves"
            )
        if self.pdf is not None:
            self._check_pdf(self.pdf)
        return self

    def _check_pdf(self, pdf: PdfTarget) -> None:
        if self.type not in PDF_TYPES:
            raise ValueError(f"'{self.id}': a {self.type} field cannot be printed on the PDF")
        if pdf.states:
            if self.type == "boolean":
                allowed = {"true", "false"}
            elif self.type == "declaration":
                allowed = {"true"}
            elif self.type in ("choice", "multichoice"):
                allowed = {o.value for o in self.options}
            else:
                raise ValueError(f"'{self.id}': only yes/no and choices map to boxes ('states')")
            unknown = sorted(set(pdf.states) - allowed)
            if unknown:
                raise ValueError(f"'{self.id}': pdf states for unknown answers: {unknown}")
        if pdf.date_format is not None and self.type != "date":
            raise ValueError(f"'{self.id}': only date fields take a date_format")

    @property
    def masked_for_expert(self) -> bool:
        """Whether a remote expert sees this answer only after the worker unmasks it."""
        return self.sensitive or self.type in SENSITIVE_TYPES

    @property
    def holds_answer(self) -> bool:
        """Whether the field stores an answer (info texts do not)."""
        return self.type not in NON_ANSWER_TYPES

    def label_in(self, language: str) -> str:
        """The label in `language`, German when there is no translation."""
        return self.label_i18n.get(language, self.label)

    def item_label_in(self, language: str) -> str:
        """What one row of this group is called ("Person"), in `language`."""
        return (
            self.item_label_i18n.get(language)
            or self.item_label
            or DEFAULT_ITEM_LABEL.get(language, DEFAULT_ITEM_LABEL["de"])
        )

    def entry_name(self, index: int, language: str) -> str:
        """Row `index` (0-based) of this group as every screen, review, message and
        printout names it ("Person 2"): one rule, so the citizen meets the same name
        for the same row everywhere."""
        return f"{self.item_label_in(language)} {index + 1}"


class SectionPrint(_Model):
    """How a section is printed."""

    page_break_before: bool = False
    columns: Literal[1, 2] = 1


class Section(_Model):
    """A page of the form: a titled list of fields."""

    id: Identifier
    title: str = Field(min_length=1)
    title_i18n: Translations = Field(default_factory=dict)
    description: str | None = None
    help: str | None = None
    help_easy: str | None = None
    relevant: Expression | None = None
    fields: list[FormField] = Field(min_length=1)
    print: SectionPrint = SectionPrint()

    def title_in(self, language: str) -> str:
        """The title in `language`, German when there is no translation."""
        return self.title_i18n.get(language, self.title)


class DocumentItem(_Model):
    """One entry of the required-documents checklist."""

    id: Identifier
    label: str = Field(min_length=1)
    label_i18n: Translations = Field(default_factory=dict)
    help: str | None = None
    help_easy: str | None = None
    relevant: Expression | None = Field(default=None, description="needed only if true")
    optional: bool = False


class RenameRule(_Model):
    """The field `from` of the previous version is called `to` now."""

    from_: Identifier = Field(alias="from")
    to: Identifier


class SplitRule(_Model):
    """A text field of the previous version is split into several fields."""

    from_: Identifier = Field(alias="from")
    into: list[Identifier] = Field(min_length=2)
    separator: str | None = Field(default=None, description="split at this text; None: any space")


class MapValuesRule(_Model):
    """Choice values of a field were renamed."""

    field: Identifier
    values: dict[str, str]


class MigrationRule(_Model):
    """Exactly one change from the previous template version."""

    rename: RenameRule | None = None
    remove: Identifier | None = None
    split: SplitRule | None = None
    map_values: MapValuesRule | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> MigrationRule:
        given = [x for x in (self.rename, self.remove, self.split, self.map_values) if x]
        if len(given) != 1:
            raise ValueError(
                "a migration rule has exactly one of rename, remove, split, map_values"
            )
        return self


class Migration(_Model):
    """How answers of the previous version become answers of this one."""

    from_version: str
    rules: list[MigrationRule] = Field(default_factory=list)

    @field_validator("from_version")
    @classmethod
    def _semver(cls, value: str) -> str:
        if not SEMVER.match(value):
            raise ValueError("from_version must look like 1.2.0")
        return value


class Template(_Model):
    """A complete form template."""

    format: Literal[1, 2, 3] = Field(
        default=1,
        description=(
            "version of the template format: 2 adds source_pdf, origin, pdf, code; "
            "3 adds the declaration field type and prefill"
        ),
    )
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,63}$")]
    version: str = Field(description="semantic version, e.g. 1.2.0")
    title: str = Field(min_length=1)
    title_i18n: Translations = Field(default_factory=dict)
    description: str = ""
    description_i18n: Translations = Field(default_factory=dict)
    keywords: list[str] = Field(default_factory=list)
    synonyms: list[str] = Field(default_factory=list)
    topic: str = Field(min_length=1)
    leika: Annotated[str, StringConstraints(pattern=r"^\d{14}$")] | None = Field(
        default=None, description="LeiKa key (Leistungskatalog), 14 digits"
    )
    legal_basis: str | None = None
    office_id: Identifier
    languages: list[LanguageCode] = Field(default_factory=lambda: ["de"])
    sections: list[Section] = Field(min_length=1)
    documents: list[DocumentItem] = Field(default_factory=list)
    migrate: Migration | None = None
    source_pdf: SourcePdf | None = Field(
        default=None, description="the town's PDF this form can be printed on (format 2)"
    )
    origin: Origin | None = Field(default=None, description="where it was imported from")

    @field_validator("version")
    @classmethod
    def _semver(cls, value: str) -> str:
        if not SEMVER.match(value):
            raise ValueError("version must look like 1.2.0")
        return value

    @model_validator(mode="after")
    def _unique_ids(self) -> Template:
        seen: set[str] = set()
        for section in self.sections:
            if section.id in seen:
                raise ValueError(f"duplicate id '{section.id}'")
            seen.add(section.id)
        for field in self.iter_fields():
            if field.id in seen:
                raise ValueError(f"duplicate id '{field.id}'")
            seen.add(field.id)
        doc_ids = [d.id for d in self.documents]
        if len(doc_ids) != len(set(doc_ids)):
            raise ValueError("duplicate document id")
        self._check_format()
        return self

    def _check_format(self) -> None:
        """Keys of format 2 need `format: 2` and declarations `format: 3`, so a laptop that
        only knows an older format refuses the file as a whole (and skips it, see
        `sync.protocol.KNOWN_TEMPLATE_FORMATS`) instead of misreading it."""
        mapped = [f.id for f in self.iter_fields() if f.pdf is not None]
        coded = any(o.code is not None for f in self.iter_fields() for o in f.options)
        marked = any(f.sensitive for f in self.iter_fields())
        if self.format == 1 and (self.source_pdf or self.origin or mapped or coded or marked):
            raise ValueError(
                "source_pdf, origin, pdf, option codes and 'sensitive' need 'format: 2'"
            )
        newer = [
            f.id for f in self.iter_fields() if f.type in FORMAT_3_TYPES or f.prefill is not None
        ]
        if self.format < 3 and newer:
            raise ValueError(f"fields {newer[:3]} use declaration or prefill: need 'format: 3'")
        if mapped and self.source_pdf is None:
            raise ValueError(f"fields {mapped[:3]} print on a PDF, but there is no source_pdf")
        for field in self.iter_fields():
            if field.type == "group" and any(m.pdf is not None for m in field.fields):
                raise ValueError(f"'{field.id}': rows of a group cannot be printed on the PDF")
            if field.type == "group" and any(m.prefill is not None for m in field.fields):
                raise ValueError(f"'{field.id}': rows of a group are not prefilled")

    def iter_fields(self) -> Iterator[FormField]:
        """Every field in order, group members right after their group."""
        for section in self.sections:
            for field in section.fields:
                yield field
                yield from field.fields

    @cached_property
    def fields_by_id(self) -> dict[str, FormField]:
        """Every field by id (ids are unique across the whole template)."""
        return {f.id: f for f in self.iter_fields()}

    @cached_property
    def top_fields_by_id(self) -> dict[str, FormField]:
        """The fields directly in a section (not a group's members), by id: what the
        first part of an answer path names."""
        return {f.id: f for s in self.sections for f in s.fields}

    @cached_property
    def group_of(self) -> dict[str, str]:
        """For each field inside a repeat group, the id of its group."""
        return {m.id: f.id for f in self.iter_fields() if f.type == "group" for m in f.fields}

    @cached_property
    def section_of(self) -> dict[str, str]:
        """For each field, the id of its section."""
        out: dict[str, str] = {}
        for section in self.sections:
            for field in section.fields:
                out[field.id] = section.id
                for member in field.fields:
                    out[member.id] = section.id
        return out

    @cached_property
    def prefills(self) -> dict[str, Prefill]:
        """Top-level field id → what the app fills into it when a draft starts."""
        return {f.id: f.prefill for s in self.sections for f in s.fields if f.prefill is not None}

    @property
    def key(self) -> tuple[str, str]:
        """(id, version): what identifies this template in a catalog."""
        return (self.id, self.version)

    def title_in(self, language: str) -> str:
        """The title in `language`, German when there is no translation."""
        return self.title_i18n.get(language, self.title)

    def field_at(self, path: str) -> FormField | None:
        """The field an answer path names (a row member for `group[i].member`), if any;
        None for a whole row (`group[i]`) and for what the template does not have."""
        try:
            field_id, index, member = parse_path(path)
        except ValueError:
            return None
        top = self.top_fields_by_id.get(field_id)
        if top is None or index is None:
            return top
        if member is None or top.type != "group":
            return None
        return next((m for m in top.fields if m.id == member), None)

    def path_label(self, path: str, language: str) -> str:
        """The question an answer path names, as the citizen reads it: "Vorname", or
        "Person 2 – Vorname" for a member of a group's second row (so that two missing
        first names in a list of open points say whose they are), or "Person 2" for the
        row itself. The path itself when the template has no such field."""
        try:
            field_id, index, member = parse_path(path)
        except ValueError:
            return path
        top = self.top_fields_by_id.get(field_id)
        if top is None:
            return path
        if index is None:
            return top.label_in(language)
        if top.type != "group":
            return path
        if member is None:
            return top.entry_name(index, language)
        field = self.field_at(path)
        if field is None:
            return path
        return f"{top.entry_name(index, language)} – {field.label_in(language)}"


#: An answer as stored in a draft and sent as JSON: text, number as text or int, bool,
#: ISO date text, list of choice values / attachment ids, or rows of a repeat group.
AnswerValue = str | int | bool | list[str] | list[dict[str, "AnswerValue"]] | None
Answers = dict[str, AnswerValue]
