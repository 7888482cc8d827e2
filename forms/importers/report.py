"""The import report: what an importer mapped, flattened, left out, and what needs a person.

The admin reviews it before publishing; it is the honest half of an import. Text for a
terminal, JSON (`--json`) for tools. English, like every admin-facing text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

#: What happened to one element of the source.
Kind = Literal["mapped", "flattened", "left_out", "needs_person", "note"]
KINDS: tuple[Kind, ...] = ("needs_person", "left_out", "flattened", "mapped", "note")
_HEADINGS: dict[str, str] = {
    "needs_person": "Needs a person",
    "left_out": "Left out",
    "flattened": "Flattened",
    "mapped": "Mapped",
    "note": "Notes",
}


@dataclass(frozen=True)
class ReportItem:
    """One line of the report.

    Attributes:
        kind: mapped, flattened, left_out, needs_person or note.
        where: the source element (FIM path and id, PDF field name and page).
        message: what happened and, for needs_person, what to do.
        field_id: the template field it concerns, if any.
    """

    kind: Kind
    where: str
    message: str
    field_id: str | None = None


@dataclass
class ImportReport:
    """Everything an import did, in the order it happened."""

    source: str
    importer: Literal["fim", "pdf"]
    template_id: str = ""
    template_version: str = ""
    items: list[ReportItem] = field(default_factory=list)

    def add(self, kind: Kind, where: str, message: str, field_id: str | None = None) -> None:
        """Record one item."""
        self.items.append(ReportItem(kind, where, message, field_id))

    def of(self, kind: Kind) -> list[ReportItem]:
        """The items of one kind."""
        return [i for i in self.items if i.kind == kind]

    def counts(self) -> dict[str, int]:
        """Items per kind (every kind, zero included)."""
        counted = Counter(i.kind for i in self.items)
        return {k: counted.get(k, 0) for k in KINDS}

    def to_json(self) -> dict[str, Any]:
        """The report as a JSON object."""
        return {
            "source": self.source,
            "importer": self.importer,
            "template": {"id": self.template_id, "version": self.template_version},
            "counts": self.counts(),
            "items": [
                {"kind": i.kind, "where": i.where, "message": i.message, "field": i.field_id}
                for i in self.items
            ],
        }

    def text(self, *, mapped: bool = True) -> str:
        """The report for a terminal, the items that need a person first."""
        counts = self.counts()
        lines = [
            f"Import report: {self.source} -> {self.template_id} {self.template_version}",
            "  " + ", ".join(f"{counts[k]} {_HEADINGS[k].lower()}" for k in KINDS),
        ]
        for kind in KINDS:
            if kind == "mapped" and not mapped:
                continue
            items = self.of(kind)
            if not items:
                continue
            lines.append("")
            lines.append(f"{_HEADINGS[kind]} ({len(items)}):")
            for item in items:
                target = f" -> {item.field_id}" if item.field_id else ""
                lines.append(f"  - {item.where}{target}: {item.message}")
        return "\n".join(lines) + "\n"
