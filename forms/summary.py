"""A form's catalog card: what the catalog screen and search need, without the whole form.

Showing the catalog needs only each form's id, version, title, topic, keywords, synonyms
and description. Parsing and validating the full templates (YAML, pydantic, compiling the
expressions) costs a few hundred milliseconds at start, so the shipped catalog carries a
small JSON index (`index.json` beside the YAML files) with these cards and the SHA-256 of
every file they came from. `read_summaries` uses it only while every file still matches;
otherwise it answers None and the caller parses the templates as before. Regenerate it with
`koffer-forms index forms/catalog` (a test fails while it is stale).

This module must stay light: no pydantic, no YAML at import time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from forms.model import Template

#: File name of the index inside a catalog folder.
INDEX_NAME = "index.json"
#: Version of the index layout; an index of another version is ignored.
INDEX_FORMAT = 1
_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, eq=True)
class TemplateSummary:
    """The searchable, displayable part of one template version (immutable)."""

    id: str
    version: str
    title: str
    topic: str
    title_i18n: Mapping[str, str] = field(default_factory=dict)
    description: str = ""
    keywords: Sequence[str] = ()
    synonyms: Sequence[str] = ()

    @property
    def key(self) -> tuple[str, str]:
        """(id, version): the same key as `Template.key`."""
        return (self.id, self.version)

    @classmethod
    def of(cls, template: Template) -> TemplateSummary:
        """The card of a loaded template."""
        return cls(
            id=template.id,
            version=template.version,
            title=template.title,
            topic=template.topic,
            title_i18n=dict(template.title_i18n),
            description=template.description,
            keywords=tuple(template.keywords),
            synonyms=tuple(template.synonyms),
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the index entry)."""
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "title_i18n": dict(self.title_i18n),
            "topic": self.topic,
            "description": self.description,
            "keywords": list(self.keywords),
            "synonyms": list(self.synonyms),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TemplateSummary:
        """The card from an index entry.

        Raises:
            ValueError: when an entry has a missing or wrongly typed field.
        """
        text = {name: data.get(name) for name in ("id", "version", "title", "topic")}
        description = data.get("description", "")
        lists = {name: data.get(name, []) for name in ("keywords", "synonyms")}
        i18n = data.get("title_i18n", {})
        if not all(isinstance(v, str) and v for v in text.values()):
            raise ValueError("index entry without id, version, title or topic")
        if not isinstance(description, str):
            raise ValueError("index entry with a bad description")
        if not all(
            isinstance(v, list) and all(isinstance(w, str) for w in v) for v in lists.values()
        ):
            raise ValueError("index entry with bad keywords or synonyms")
        if not isinstance(i18n, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in i18n.items()
        ):
            raise ValueError("index entry with a bad title_i18n")
        return cls(
            id=str(text["id"]),
            version=str(text["version"]),
            title=str(text["title"]),
            topic=str(text["topic"]),
            title_i18n=dict(i18n),
            description=description,
            keywords=tuple(lists["keywords"]),
            synonyms=tuple(lists["synonyms"]),
        )


def template_files(folder: Path) -> list[Path]:
    """The template files of a catalog folder, in name order."""
    return sorted(p for p in folder.iterdir() if p.suffix in _SUFFIXES and p.is_file())


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def index_text(folder: str | Path) -> str:
    """The index of `folder` as JSON text: parses and validates every template there.

    Raises:
        TemplateError: when a template is invalid (the index lists only valid forms).
    """
    from forms.errors import TemplateError
    from forms.loader import load_files

    folder = Path(folder)
    loaded, problems = load_files(template_files(folder))
    if problems:
        raise TemplateError(problems)
    entries = [
        {"file": path.name, "sha256": _sha256(path), **TemplateSummary.of(template).to_json()}
        for path, template in loaded
    ]
    document = {"format": INDEX_FORMAT, "forms": entries}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_index(folder: str | Path) -> Path:
    """Write (or refresh) `index.json` in `folder`; returns its path."""
    path = Path(folder) / INDEX_NAME
    path.write_text(index_text(folder), encoding="utf-8")
    return path


def read_summaries(folder: str | Path) -> list[TemplateSummary] | None:
    """The cards of every template in `folder` from its index, or None if it is unusable.

    Unusable means: missing, unreadable, of another format, or stale (a template file was
    added, removed or changed since the index was written). Checking costs one SHA-256 per
    file, far less than parsing them.
    """
    folder = Path(folder)
    try:
        document = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
        if not isinstance(document, dict) or document.get("format") != INDEX_FORMAT:
            return None
        entries = document.get("forms")
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            return None
        files = {p.name: p for p in template_files(folder)}
        if sorted(files) != sorted(str(e.get("file")) for e in entries):
            return None
        if any(_sha256(files[str(e["file"])]) != e.get("sha256") for e in entries):
            return None
        return [TemplateSummary.from_json(e) for e in entries]
    except (OSError, ValueError):  # json.JSONDecodeError is a ValueError
        return None
