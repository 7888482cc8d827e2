"""FIM XDatenfelder 2.0 and 3.0.0 schemas as Koffer templates.

    koffer-forms import fim SCHEMA.xml [--codelists DIR] -o TEMPLATE.yaml

Mapping (docs/importing.md has the full table):

* Stammdatenschema (or a lone Datenfeldgruppe message) → template: title from
  `bezeichnung`/`bezeichnungEingabe`, `bezug` → legal basis, FIM id and version kept
  in `origin`.
* A top-level Datenfeldgruppe → section; a group whose multiplicity (`anzahl`, `0:*`,
  `2:5`) allows more than one → repeat group (min/max from it). Nested groups are
  flattened into the nearest section with their label as a sub-heading (an info field),
  because templates do not nest groups.
* Datenfeld → field by `feldart` and `datentyp`; `praezisierung` → constraints with German
  messages; `hilfetextEingabe` → help; required from the multiplicity; a code list
  reference → choice options from the genericode files given (unresolved: a text field,
  listed in the report).
* Field ids come from the *path* of FIM ids (the same field id appears under several
  groups), e.g. `g630_f13`: the same in the next version of the schema, so migration
  rules between two imported versions can be generated (`--previous`).
* `regel` elements are free text: each one is listed for a person; nothing is guessed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from forms.importers import ImportRefused
from forms.importers.build import (
    Ids,
    checked,
    identifier,
    semver,
    signature_section,
    template_id,
    to_yaml,
    today,
)
from forms.importers.genericode import MAX_CODES, CodeLists
from forms.importers.report import ImportReport
from forms.importers.xmlread import local, namespace, parse_xml
from forms.model import Template

NS_V1 = "urn:xoev-de:fim:standard:xdatenfelder_1"
NS_V2 = "urn:xoev-de:fim:standard:xdatenfelder_2"
NS_V3 = "urn:xoev-de:fim:standard:xdatenfelder_3.0.0"
STANDARDS = {NS_V2: "XDatenfelder 2.0", NS_V3: "XDatenfelder 3.0.0"}
SCHEMA_MESSAGE = "xdatenfelder.stammdatenschema.0102"
GROUP_MESSAGE = "xdatenfelder.datenfeldgruppe.0103"
#: Deepest group nesting followed (FIM schemas use 3–5).
MAX_GROUP_DEPTH = 25
#: Most elements (fields and groups) of one schema.
MAX_ELEMENTS = 20_000
#: Rows of a repeat group whose FIM multiplicity has no upper bound (`0:*`).
UNBOUNDED_ROWS = 20
#: Text fields allowing more characters than this become multi-line.
TEXTAREA_FROM = 200
DEFAULT_MEDIA_TYPES = ["application/pdf", "image/jpeg", "image/png"]
_ID = re.compile(r"^([A-Za-z])0*(\d+)$")


@dataclass
class Rule:
    """A `regel`: free text (and maybe a script) for a person to turn into an expression."""

    id: str
    name: str
    text: str


@dataclass
class Node:
    """A Datenfeldgruppe or Datenfeld at one position of the schema."""

    kind: str  # "group" or "field"
    fim_id: str
    version: str
    name: str
    label: str
    help: str
    min: int
    max: int | None  # None: unbounded
    path: str  # FIM ids from the top, e.g. G00000630/F00000013
    pid: str  # the Koffer id from the path, e.g. g630_f13
    children: list[Node] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    # fields only
    feldart: str = ""
    datentyp: str = ""
    constraints: dict[str, str] = field(default_factory=dict)
    content: str = ""
    codelist: tuple[str, str, str] | None = None  # canonical uri, version, version uri
    values: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    media_types: list[str] = field(default_factory=list)

    @property
    def repeats(self) -> bool:
        """Whether the multiplicity allows more than one."""
        return self.max is None or self.max > 1


@dataclass
class Schema:
    """What the importer read: the top of the schema and its elements."""

    standard: str
    fim_id: str
    version: str
    title: str
    legal_basis: str
    keywords: list[str]
    children: list[Node]
    rules: list[Rule]


# -- reading ------------------------------------------------------------------------------


class _Reader:
    def __init__(self, ns: str, source: str) -> None:
        self.ns = ns
        self.source = source
        self.count = 0

    def child(self, element: Element, name: str) -> Element | None:
        return element.find(f"{{{self.ns}}}{name}")

    def children(self, element: Element, name: str) -> list[Element]:
        return element.findall(f"{{{self.ns}}}{name}")

    def text(self, element: Element | None, name: str | None = None) -> str:
        if element is not None and name is not None:
            element = self.child(element, name)
        if element is None:
            return ""
        return " ".join("".join(element.itertext()).split())

    def code(self, element: Element, name: str) -> str:
        """A code value: `<x><code>input</code></x>` or `<x>input</x>`."""
        node = self.child(element, name)
        if node is None:
            return ""
        inner = node.find("code")
        if inner is None:
            inner = self.child(node, "code")
        return self.text(inner if inner is not None else node)

    def ident(self, element: Element) -> tuple[str, str]:
        node = self.child(element, "identifikation")
        return (self.text(node, "id"), self.text(node, "version")) if node is not None else ("", "")

    def legal(self, element: Element) -> str:
        texts = [self.text(b) for b in self.children(element, "bezug")]
        return "; ".join(t for t in texts if t)

    def rules(self, element: Element) -> list[Rule]:
        out = []
        for regel in self.children(element, "regel"):
            rid, _ = self.ident(regel)
            text = self.text(regel, "freitextRegel") or self.text(regel, "definition")
            script = self.text(regel, "skript") or self.text(regel, "script")
            if script:
                text = f"{text} [script: {script[:300]}]".strip()
            out.append(Rule(rid, self.text(regel, "name"), text))
        return out

    def structure(self, element: Element, path: str, depth: int) -> list[Node]:
        if depth > MAX_GROUP_DEPTH:
            raise ImportRefused(f"{self.source}: groups are nested deeper than {MAX_GROUP_DEPTH}")
        nodes = []
        for struktur in self.children(element, "struktur"):
            low, high = _multiplicity(self.text(struktur, "anzahl"), self.source, path)
            contains = self.child(struktur, "enthaelt")
            if contains is None:
                continue
            for item in contains:
                kind = local(item.tag)
                if kind in ("datenfeldgruppe", "datenfeld"):
                    nodes.append(self.node(item, kind, low, high, path=path, depth=depth))
        return nodes

    def node(
        self, element: Element, kind: str, low: int, high: int | None, *, path: str, depth: int
    ) -> Node:
        self.count += 1
        if self.count > MAX_ELEMENTS:
            raise ImportRefused(f"{self.source}: more than {MAX_ELEMENTS} fields and groups")
        fim_id, version = self.ident(element)
        if not fim_id:
            raise ImportRefused(f"{self.source}: a {kind} under {path or 'the schema'} has no id")
        here = f"{path}/{fim_id}" if path else fim_id
        node = Node(
            kind="group" if kind == "datenfeldgruppe" else "field",
            fim_id=fim_id,
            version=version,
            name=self.text(element, "name"),
            label=self.text(element, "bezeichnungEingabe") or self.text(element, "name"),
            help=self.text(element, "hilfetextEingabe"),
            min=low,
            max=high,
            path=here,
            pid="",
            rules=self.rules(element),
        )
        if node.kind == "group":
            node.children = self.structure(element, here, depth + 1)
            return node
        node.feldart = self.code(element, "feldart")
        node.datentyp = self.code(element, "datentyp")
        node.content = self.text(element, "inhalt")
        node.constraints = self.constraints(element)
        node.codelist = self.codelist(element)
        werte = self.child(element, "werte")
        for wert in self.children(werte, "wert") if werte is not None else []:
            code = self.text(wert, "code")
            if code:
                node.values.append((code, self.text(wert, "name") or code))
        node.media_types = [
            t for t in (self.text(m) for m in self.children(element, "mediaType")) if t
        ]
        return node

    def constraints(self, element: Element) -> dict[str, str]:
        node = self.child(element, "praezisierung")
        if node is None:
            return {}
        names = ("minLength", "maxLength", "minValue", "maxValue", "pattern")
        found = {k: v for k in names if (v := (node.get(k) or "").strip())}
        text = (node.text or "").strip()
        if self.ns == NS_V2 and text.startswith("{") and len(text) < 10_000:
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = None
            if isinstance(parsed, dict):
                for key in names:
                    value = parsed.get(key)
                    if isinstance(value, str | int | float) and str(value).strip():
                        found.setdefault(key, str(value).strip())
        return found

    def codelist(self, element: Element) -> tuple[str, str, str] | None:
        ref = self.child(element, "codelisteReferenz")
        if ref is None:
            return None
        ident = self.child(ref, "genericodeIdentification")
        base = ident if ident is not None else ref
        uri = self.text(base, "canonicalIdentification")
        version = self.text(base, "version")
        version_uri = self.text(base, "canonicalVersionUri")
        if not (uri or version_uri):
            return None
        return (uri, version, version_uri)


def _multiplicity(text: str, source: str, path: str) -> tuple[int, int | None]:
    """`1:1` → (1, 1), `0:*` → (0, None); a missing value means exactly once."""
    if not text:
        return 1, 1
    match = re.fullmatch(r"\s*(\d{1,4})\s*:\s*(\d{1,4}|\*)\s*", text)
    if not match:
        raise ImportRefused(f"{source}: {path or 'schema'}: multiplicity {text!r} is not n:m")
    low = int(match.group(1))
    high = None if match.group(2) == "*" else int(match.group(2))
    if high is not None and high < low:
        raise ImportRefused(f"{source}: {path or 'schema'}: multiplicity {text!r} has max < min")
    return low, high


def read_schema(data: bytes, source: str) -> Schema:
    """Parse an XDatenfelder 2.0 or 3.0.0 file.

    Raises:
        ImportRefused: not XDatenfelder, version 1 (unsupported), or malformed.
    """
    root = parse_xml(data, source)
    ns, message = namespace(root.tag), local(root.tag)
    if ns == NS_V1:
        raise ImportRefused(
            f"{source}: XDatenfelder 1 is not supported; export the schema from the FIM "
            "portal as XDatenfelder 2.0 or 3.0.0"
        )
    if ns not in STANDARDS:
        raise ImportRefused(
            f"{source}: not an XDatenfelder 2.0 or 3.0.0 file (namespace {ns or 'none'!r})"
        )
    reader = _Reader(ns, source)
    if message == SCHEMA_MESSAGE:
        top = reader.child(root, "stammdatenschema")
        if top is None:
            raise ImportRefused(f"{source}: the message holds no stammdatenschema")
        title = (
            reader.text(top, "bezeichnung")
            or reader.text(top, "bezeichnungEingabe")
            or reader.text(top, "name")
        )
        children = reader.structure(top, "", 0)
    elif message == GROUP_MESSAGE:
        top = reader.child(root, "datenfeldgruppe")
        if top is None:
            raise ImportRefused(f"{source}: the message holds no datenfeldgruppe")
        title = reader.text(top, "bezeichnungEingabe") or reader.text(top, "name")
        children = reader.structure(top, "", 0)
    else:
        raise ImportRefused(
            f"{source}: message {message!r} is neither a Stammdatenschema "
            f"({SCHEMA_MESSAGE}) nor a Datenfeldgruppe ({GROUP_MESSAGE})"
        )
    fim_id, version = reader.ident(top)
    if not fim_id:
        raise ImportRefused(f"{source}: the schema has no identifikation/id")
    keywords = [t for t in (reader.text(s) for s in reader.children(top, "stichwort")) if t]
    return Schema(
        standard=STANDARDS[ns],
        fim_id=fim_id,
        version=version,
        title=title or fim_id,
        legal_basis=reader.legal(top),
        keywords=keywords[:30],
        children=children,
        rules=reader.rules(top),
    )


# -- ids ------------------------------------------------------------------------------------


def short_id(fim_id: str) -> str:
    """`F00000013` → `f13`, `G60000000086` → `g60000000086` (leading zeros dropped)."""
    match = _ID.match(fim_id)
    if match:
        return f"{match.group(1).lower()}{match.group(2)}"
    return identifier(fim_id, "x", 20)


def assign_ids(nodes: list[Node], prefix: str = "") -> None:
    """Give every node its path id. The same element twice under one parent gets `x2`…"""
    seen: dict[str, int] = {}
    for node in nodes:
        base = short_id(node.fim_id)
        seen[base] = seen.get(base, 0) + 1
        segment = base if seen[base] == 1 else f"{base}x{seen[base]}"
        pid = f"{prefix}_{segment}" if prefix else segment
        if len(pid) > 60:  # deep paths: keep the end, stay unique with a stable hash
            import hashlib

            digest = hashlib.sha256(pid.encode()).hexdigest()[:8]
            pid = f"{segment[:40]}_{digest}"
        node.pid = pid
        assign_ids(node.children, pid)


# -- mapping --------------------------------------------------------------------------------


@dataclass
class Options:
    """What the admin chose on the command line."""

    template_id: str | None = None
    office_id: str = "sozialamt"
    topic: str = "Allgemein"
    previous: Template | None = None


class _Mapper:
    def __init__(
        self, schema: Schema, codelists: CodeLists, report: ImportReport, ids: Ids
    ) -> None:
        self.schema = schema
        self.codelists = codelists
        self.report = report
        self.ids = ids

    def where(self, node: Node) -> str:
        return f"{node.path} '{node.label or node.name}'"

    def note_rules(self, node: Node) -> None:
        for rule in node.rules:
            self.report.add(
                "needs_person",
                f"{self.where(node)} rule {rule.id} '{rule.name}'",
                f"turn into an expression by hand: {rule.text or '(no text)'}",
                node.pid,
            )

    # fields

    def field(self, node: Node, required: bool, in_group: bool = False) -> dict[str, Any] | None:
        self.note_rules(node)
        if node.kind == "group":  # pragma: no cover - callers flatten groups
            raise AssertionError("groups are flattened by the caller")
        art, typ = node.feldart or "input", node.datentyp or "text"
        where = self.where(node)
        pid = self.ids.take(node.pid)
        label = node.label or node.name or node.fim_id
        out: dict[str, Any] = {"id": pid, "label": label}
        if art == "hidden":
            self.report.add("left_out", where, "hidden field (set by the system, not asked)")
            self.ids.taken.discard(pid)
            return None
        if art in ("label", "locked") or typ == "obj":
            text = node.content or label
            if art == "locked":
                text = f"{label}: {node.content}" if node.content else label
            self.report.add(
                "mapped" if art == "label" else "flattened",
                where,
                f"{art} field shown as information text",
                pid,
            )
            return {"id": pid, "type": "info", "label": text}
        if node.help:
            out["help"] = node.help
        if art == "select":
            kind = self.choice(node, out, where)
        else:
            kind = self.input_type(node, out, where, typ)
        many = node.repeats
        if many and kind == "choice":
            kind = "multichoice"
            self.report.add("mapped", where, "select with several answers → multichoice", pid)
        elif many and not in_group and kind not in ("attachment", "multichoice"):
            self.report.add(
                "flattened",
                where,
                f"the field may be given {self._count(node)} times; Koffer asks it once "
                "(make it a repeat group by hand if the office needs every value)",
                pid,
            )
        out["type"] = kind
        if required:
            out["required"] = True
        if kind == "attachment":
            out.setdefault("media_types", node.media_types or list(DEFAULT_MEDIA_TYPES))
            out.setdefault("max_size_mb", 10)
            if many:
                out["max_count"] = node.max or UNBOUNDED_ROWS
        self.report.add("mapped", where, f"{art}/{typ} → {kind}", pid)
        return out

    def _count(self, node: Node) -> str:
        return f"{node.min} to {node.max if node.max is not None else 'any number of'}"

    def choice(self, node: Node, out: dict[str, Any], where: str) -> str:
        codes = list(node.values)
        found = "inline values"
        if not codes and node.codelist is not None:
            uri, version, version_uri = node.codelist
            code_list, found = self.codelists.find(uri, version, version_uri)
            if code_list is None:
                self.report.add(
                    "needs_person",
                    where,
                    f"code list {version_uri or uri} {version} not found in --codelists; "
                    "imported as a text field",
                    out["id"],
                )
                return self.text_type(node, out, where)
            codes = [(c.code, c.name) for c in code_list.codes]
        if not codes:
            self.report.add(
                "needs_person", where, "select field without values; imported as text", out["id"]
            )
            return self.text_type(node, out, where)
        if len(codes) > MAX_CODES:
            self.report.add(
                "needs_person",
                where,
                f"{len(codes)} values are too many for a choice; imported as text",
                out["id"],
            )
            return self.text_type(node, out, where)
        values = Ids()
        out["options"] = [
            {"value": values.take(identifier(code, "c", 30)), "label": name or code, "code": code}
            for code, name in codes
        ]
        self.report.add("mapped", where, f"{len(codes)} options from {found}", out["id"])
        return "choice"

    def text_type(self, node: Node, out: dict[str, Any], where: str) -> str:
        limit = _int(node.constraints.get("maxLength"))
        low = _int(node.constraints.get("minLength"))
        if limit is not None and 1 <= limit <= 100_000:
            out["max_length"] = limit
        if low is not None and low > 1:
            out.setdefault("constraints", []).append(
                {
                    "rule": f"len({out['id']}) >= {low}",
                    "message": f"Bitte mindestens {low} Zeichen eingeben.",
                }
            )
        if node.constraints.get("pattern"):
            self.report.add(
                "needs_person",
                where,
                f"pattern {node.constraints['pattern']!r} is not checked; write a "
                "constraint if the office needs it",
                out["id"],
            )
        return "textarea" if limit is not None and limit > TEXTAREA_FROM else "text"

    def input_type(self, node: Node, out: dict[str, Any], where: str, typ: str) -> str:
        if typ in ("text", "text_latin"):
            if typ == "text_latin":
                self.report.add(
                    "note",
                    where,
                    "text_latin: only Latin letters (DIN SPEC 91379) are allowed; "
                    "Koffer does not check this",
                    out["id"],
                )
            return self.text_type(node, out, where)
        if typ == "date":
            self.date_bounds(node, out)
            return "date"
        if typ in ("time", "datetime"):
            out["placeholder"] = "14:30" if typ == "time" else "31.12.2026 14:30"
            self.report.add(
                "flattened", where, f"{typ} → text (Koffer has no time type)", out["id"]
            )
            return self.text_type(node, out, where)
        if typ == "bool":
            return "boolean"
        if typ in ("num", "num_int", "num_currency"):
            for key, bound in (("minValue", "min"), ("maxValue", "max")):
                value = _decimal(node.constraints.get(key))
                if value is not None:
                    out[bound] = int(value) if value == value.to_integral_value() else str(value)
            if "min" in out and "max" in out and Decimal(out["min"]) > Decimal(out["max"]):
                self.report.add("needs_person", where, "min is larger than max; both dropped")
                out.pop("min")
                out.pop("max")
            return {"num": "decimal", "num_int": "integer", "num_currency": "currency"}[typ]
        if typ == "file":
            return "attachment"
        self.report.add("needs_person", where, f"unknown datentyp {typ!r}; imported as text")
        return self.text_type(node, out, where)

    def date_bounds(self, node: Node, out: dict[str, Any]) -> None:
        for key, op, words in (
            ("minValue", ">=", "vor dem"),
            ("maxValue", "<=", "nach dem"),
        ):
            value = node.constraints.get(key, "")
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                german = ".".join(reversed(value.split("-")))
                out.setdefault("constraints", []).append(
                    {
                        "rule": f"{out['id']} {op} date('{value}')",
                        "message": f"Das Datum darf nicht {words} {german} liegen.",
                    }
                )

    # groups

    def flatten(self, group: Node, required: bool, in_group: bool) -> list[dict[str, Any]]:
        """A group's fields as one list: sub-groups become a heading and their fields."""
        out: list[dict[str, Any]] = []
        self.note_rules(group)
        for child in group.children:
            need = required and child.min >= 1
            if child.kind == "field":
                if required is False and child.min >= 1:
                    self.report.add(
                        "needs_person",
                        self.where(child),
                        f"required inside the optional group '{group.label}'; imported "
                        "as optional (add a required expression if it matters)",
                    )
                made = self.field(child, need, in_group)
                if made is not None:
                    out.append(made)
                continue
            if child.repeats and not in_group:
                out.append(self.repeat_group(child))
                continue
            if child.repeats:
                self.report.add(
                    "needs_person",
                    self.where(child),
                    "a repeating group inside a repeating group; flattened to one entry",
                )
            heading = self.ids.take(f"{child.pid}_titel")
            out.append({"id": heading, "type": "info", "label": child.label or child.name})
            self.report.add(
                "flattened", self.where(child), "nested group → sub-heading and its fields"
            )
            out.extend(self.flatten(child, need, in_group))
        return out

    def repeat_group(self, node: Node) -> dict[str, Any]:
        members = self.flatten(node, True, in_group=True)
        gid = self.ids.take(node.pid)
        if node.max is None:
            self.report.add(
                "note",
                self.where(node),
                f"no upper limit in FIM; Koffer allows {UNBOUNDED_ROWS} rows",
                gid,
            )
        out: dict[str, Any] = {
            "id": gid,
            "type": "group",
            "label": node.label or node.name,
            "item_label": node.label or node.name,
            "fields": members
            or [{"id": self.ids.take(f"{gid}_hinweis"), "type": "info", "label": "-"}],
            "min_count": node.min,
            "max_count": max(node.max or UNBOUNDED_ROWS, node.min, 1),
        }
        if node.help:
            out["help"] = node.help
        if node.min >= 1:
            out["required"] = True
        self.report.add(
            "mapped", self.where(node), f"repeat group {node.min}:{node.max or '*'}", gid
        )
        return out

    def sections(self) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = []
        loose: list[dict[str, Any]] = []

        def close_loose() -> None:
            if loose:
                sections.append(
                    {
                        "id": self.ids.take("weitere_angaben"),
                        "title": "Weitere Angaben",
                        "fields": list(loose),
                    }
                )
                loose.clear()

        for node in self.schema.children:
            if node.kind == "field":
                made = self.field(node, node.min >= 1)
                if made is not None:
                    loose.append(made)
                continue
            close_loose()
            if node.repeats:
                fields = [self.repeat_group(node)]
            else:
                fields = self.flatten(node, node.min >= 1, in_group=False)
                if node.min == 0:
                    self.report.add(
                        "needs_person",
                        self.where(node),
                        "optional group: its fields are optional; add a 'relevant' "
                        "condition if the group applies only sometimes",
                    )
            if not fields:
                self.report.add("left_out", self.where(node), "group without fields")
                continue
            section: dict[str, Any] = {
                "id": self.ids.take(f"s_{node.pid}"),
                "title": node.label or node.name,
                "fields": fields,
            }
            if node.help:
                section["help"] = node.help
            sections.append(section)
        close_loose()
        return sections


def _int(text: str | None) -> int | None:
    try:
        return int(str(text).strip()) if text is not None else None
    except ValueError:
        return None


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() and abs(value) < 10**15 else None


# -- migration between two imported versions ------------------------------------------------


def migration_rules(previous: Template, template: dict[str, Any]) -> list[dict[str, Any]]:
    """Rename/remove rules from the previous import to this one, matched by FIM path.

    A field keeps its id while its path of FIM ids stays; a field that moved (same FIM
    field id at the end of the path, exactly one candidate) is renamed; a field that is
    gone is removed, so the migration report says so.
    """
    old_ids = {f.id: f for f in previous.iter_fields() if f.holds_answer}
    new_ids: dict[str, str] = {}
    for section in template["sections"]:
        for item in section["fields"]:
            new_ids[item["id"]] = item["type"]
            for member in item.get("fields", []):
                new_ids[member["id"]] = member["type"]
    rules: list[dict[str, Any]] = []
    for old_id in old_ids:
        if old_id in new_ids:
            continue
        tail = old_id.rsplit("_", 1)[-1]
        moved = [n for n in new_ids if n.rsplit("_", 1)[-1] == tail and n not in old_ids]
        if len(moved) == 1:
            rules.append({"rename": {"from": old_id, "to": moved[0]}})
        else:
            rules.append({"remove": old_id})
    return rules


# -- entry point ------------------------------------------------------------------------------


@dataclass
class FimImport:
    """The result of an import: YAML text, the checked template and the report."""

    yaml: str
    template: Template
    report: ImportReport


def import_fim(
    data: bytes,
    source: str,
    *,
    codelists: CodeLists | None = None,
    options: Options | None = None,
) -> FimImport:
    """Turn an XDatenfelder file into a template.

    Raises:
        ImportRefused: the file is not XDatenfelder 2.0/3.0.0, or is malformed or too big.
    """
    options = options or Options()
    schema = read_schema(data, source)
    assign_ids(schema.children)
    report = ImportReport(source=Path(source).name, importer="fim")
    ids = Ids()
    mapper = _Mapper(schema, codelists or CodeLists([]), report, ids)
    for rule in schema.rules:
        report.add(
            "needs_person",
            f"schema rule {rule.id} '{rule.name}'",
            f"turn into an expression by hand: {rule.text or '(no text)'}",
        )
    sections = mapper.sections()
    if not sections:
        raise ImportRefused(f"{source}: the schema has no fields Koffer can ask")
    sections.append(signature_section(ids))
    report.add("note", "Koffer", "added a signature section (every Koffer form is signed)")
    version = semver(schema.version)
    if version is None:
        report.add(
            "needs_person", "schema", f"FIM version {schema.version!r} is not n.n.n; used 1.0.0"
        )
        version = "1.0.0"
    tid = options.template_id or (
        options.previous.id if options.previous else template_id(schema.title)
    )
    template: dict[str, Any] = {
        "format": 2,
        "id": tid,
        "version": version,
        "title": schema.title,
        "keywords": schema.keywords,
        "topic": options.topic,
        "office_id": options.office_id,
    }
    if schema.legal_basis:
        template["legal_basis"] = schema.legal_basis
    template["origin"] = {
        "kind": "fim",
        "id": schema.fim_id,
        "version": schema.version,
        "standard": schema.standard,
        "file": Path(source).name,
        "imported": today().isoformat(),
    }
    template["sections"] = sections
    if options.previous is not None:
        if options.previous.version == version:
            raise ImportRefused(
                f"{source}: version {version} is already imported ({options.previous.id}); "
                "import the next version of the schema"
            )
        rules = migration_rules(options.previous, template)
        template["migrate"] = {"from_version": options.previous.version, "rules": rules}
        report.add(
            "note",
            "migration",
            f"{len(rules)} rule(s) from {options.previous.version}: check them",
        )
    report.add(
        "note",
        "template",
        f"office_id {options.office_id!r} and topic "
        f"{options.topic!r}: check them (--office, --topic)",
    )
    header = (
        f"Imported by koffer-forms import fim from {Path(source).name}\n"
        f"({schema.standard}, {schema.fim_id} {schema.version}). Review the import report\n"
        "before publishing: rules and patterns of the schema need a person."
    )
    text = to_yaml(template, header)
    loaded = checked(template, f"{tid}.yaml")
    report.template_id, report.template_version = loaded.id, loaded.version
    return FimImport(yaml=text, template=loaded, report=report)
