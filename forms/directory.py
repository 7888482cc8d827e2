"""The service directory: every service of the town and where to turn, with or without a form.

"The form that was needed was not in the bag" has a second half: sometimes there is no
form yet. The field worker must still find the service, the responsible office with its
contact, and what the citizen should bring. The directory holds one entry per service:
its LeiKa key (only where a source gives it: a LeiKa export or the admin, never derived
here), name, synonyms, the office, what to bring, and the catalog form that applies, if
any (a template imported from the town's PDF is just such a form).

It is published and signed with the catalog (a file named in the manifest by its
SHA-256), and `forms.search.CatalogIndex` searches its entries beside the forms'
cards (`forms.finder.Finder`), so one search box finds both.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from forms.search import fold

#: Largest directory file accepted (a district's directory with thousands of services).
MAX_DIRECTORY_BYTES = 16 * 1024 * 1024
#: Largest LeiKa CSV export accepted.
MAX_CSV_BYTES = 64 * 1024 * 1024
#: The shipped demo directory (in `forms/services/`).
DEMO_NAME = "demo.yaml"

ServiceId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,63}$")]
LeikaKey = Annotated[str, StringConstraints(pattern=r"^\d{14}$")]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class DirectoryError(ValueError):
    """A directory or a LeiKa export cannot be read; the message says where (English)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Office(_Model):
    """The office responsible for a service, as the citizen reaches it."""

    name: ShortText
    address_lines: list[ShortText] = Field(default_factory=list, max_length=6)
    phone: str = Field(default="", max_length=100)
    email: str = Field(default="", max_length=200)
    website: str = Field(default="", max_length=500)
    opening_hours: str = Field(default="", max_length=500)


class ServiceEntry(_Model):
    """One service of the town (Verwaltungsleistung)."""

    id: ServiceId
    name: ShortText
    leika: LeikaKey | None = Field(
        default=None, description="LeiKa key, only when a source (LeiKa export, admin) gives it"
    )
    leika_source: str | None = Field(
        default=None, max_length=300, description="where the key comes from"
    )
    synonyms: list[ShortText] = Field(default_factory=list, max_length=100)
    keywords: list[ShortText] = Field(default_factory=list, max_length=100)
    topic: str = Field(default="Allgemein", min_length=1, max_length=100)
    description: str = Field(default="", max_length=5000)
    legal_basis: str | None = Field(default=None, max_length=1000)
    office: Office | None = None
    bring: list[ShortText] = Field(default_factory=list, max_length=50)
    template_id: str | None = Field(
        default=None,
        pattern=r"^[a-z][a-z0-9-]{1,63}$",
        description="the catalog form for this service, if there is one",
    )

    @property
    def title(self) -> str:
        """The name, under the name search expects (`forms.search.Searchable`)."""
        return self.name

    @property
    def title_i18n(self) -> Mapping[str, str]:
        """No translations yet (the directory is German)."""
        return {}


class ServiceDirectory(_Model):
    """The whole directory as published."""

    format: Literal[1] = 1
    services: list[ServiceEntry] = Field(default_factory=list)

    def model_post_init(self, context: Any, /) -> None:
        """Ids are unique; so are LeiKa keys (one entry per service)."""
        del context
        ids = [s.id for s in self.services]
        if len(ids) != len(set(ids)):
            dup = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"duplicate service id(s): {', '.join(dup)}")
        keys = [s.leika for s in self.services if s.leika]
        if len(keys) != len(set(keys)):
            dup = sorted({k for k in keys if keys.count(k) > 1})
            raise ValueError(f"LeiKa key(s) used twice: {', '.join(dup)}")

    def by_id(self) -> dict[str, ServiceEntry]:
        """Entries by id."""
        return {s.id: s for s in self.services}

    def to_bytes(self) -> bytes:
        """The published form: compact JSON with sorted keys (same bytes for same content)."""
        data = self.model_dump(mode="json", exclude_none=True)
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
            "utf-8"
        )


def _validated(data: Any, source: str) -> ServiceDirectory:
    try:
        return ServiceDirectory.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[:5]
        lines = [
            f"{source}: {'.'.join(str(p) for p in e['loc']) or 'directory'}: {e['msg']}"
            for e in first
        ]
        raise DirectoryError("\n".join(lines)) from None
    except ValueError as exc:
        raise DirectoryError(f"{source}: {exc}") from None


def load_directory_bytes(data: bytes, source: str = "<directory>") -> ServiceDirectory:
    """A directory from its published JSON (or the admin's YAML: JSON is YAML too).

    Raises:
        DirectoryError: too large, not UTF-8, not YAML/JSON, or not a valid directory.
    """
    if len(data) > MAX_DIRECTORY_BYTES:
        raise DirectoryError(f"{source}: larger than {MAX_DIRECTORY_BYTES // 2**20} MB")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise DirectoryError(f"{source}: not UTF-8 text") from None
    try:
        parsed: Any = json.loads(text)
    except (ValueError, RecursionError):
        import yaml

        try:
            from yaml import CSafeLoader as Loader
        except ImportError:  # pragma: no cover
            from yaml import SafeLoader as Loader  # type: ignore[assignment]
        try:
            parsed = yaml.load(text, Loader=Loader)
        except (yaml.YAMLError, RecursionError) as exc:
            raise DirectoryError(f"{source}: neither JSON nor YAML ({exc})") from None
    return _validated(parsed, source)


def load_directory(path: str | Path) -> ServiceDirectory:
    """A directory file (YAML or JSON)."""
    path = Path(path)
    try:
        return load_directory_bytes(path.read_bytes(), str(path))
    except OSError as exc:
        raise DirectoryError(f"{path}: cannot read: {exc.strerror or exc}") from None


def demo_directory_path() -> Path:
    """The shipped demo directory: the services of the shipped forms and some without one."""
    return Path(__file__).resolve().parent / "services" / DEMO_NAME


# -- LeiKa CSV export ---------------------------------------------------------------------

#: Header names of a LeiKa export, folded (`forms.search.fold`), by what they hold. Exports
#: from the FIM portal, the Länder and the redaction tools name the same columns
#: slightly differently; unknown columns are ignored and listed in the import result.
LEIKA_COLUMNS: dict[str, tuple[str, ...]] = {
    "leika": ("schluessel", "leistungsschluessel", "leika schluessel", "leika", "key"),
    "name": ("bezeichnung", "leistungsbezeichnung", "leistungsname", "name", "leistung"),
    "synonyms": ("synonyme", "synonym", "suchbegriffe"),
    "description": ("kurztext", "beschreibung", "volltext"),
    "legal_basis": ("rechtsgrundlage", "rechtsgrundlagen", "rechtsgrundlage n"),
    "topic": ("gruppierung", "thema", "lebenslage"),
}
_SPLIT = re.compile(r"\s*[;|,\n]\s*")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class LeikaImport:
    """What a LeiKa import did, for the admin (`koffer-admin services import-leika`)."""

    directory: ServiceDirectory
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def _decode_csv(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DirectoryError("the CSV is neither UTF-8 nor Windows-1252 text")  # pragma: no cover


def _column_map(header: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    ignored: list[str] = []
    for index, name in enumerate(header):
        folded = fold(name)
        kind = next((k for k, names in LEIKA_COLUMNS.items() if folded in names), None)
        if kind is None or kind in found:
            ignored.append(name)
        else:
            found[kind] = index
    return found, ignored


def slug(text: str, taken: Iterable[str] = ()) -> str:
    """A service id from a name: folded, dashes, at most 64 characters, unique."""
    base = _SLUG.sub("-", fold(text)).strip("-")[:56].strip("-") or "leistung"
    if not base[0].isalpha():
        base = "l-" + base
    used = set(taken)
    candidate, counter = base, 2
    while candidate in used:
        candidate = f"{base}-{counter}"
        counter += 1
    return candidate


def import_leika_csv(
    data: bytes, directory: ServiceDirectory | None = None, *, source: str = "LeiKa-Export"
) -> LeikaImport:
    """Merge a LeiKa CSV export into `directory` (new entries, names and synonyms updated).

    Entries are matched by LeiKa key; office, what to bring and the form link of an
    existing entry are kept, so the import can be repeated with every new export.

    Raises:
        DirectoryError: too large, no header with a key and a name column, or a row
            count beyond the limit.
    """
    if len(data) > MAX_CSV_BYTES:
        raise DirectoryError(f"the CSV is larger than {MAX_CSV_BYTES // 2**20} MB")
    text = _decode_csv(data)
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";"
    rows = csv.reader(io.StringIO(text), dialect)
    header = next(rows, None)
    if header is None:
        raise DirectoryError("the CSV is empty")
    columns, ignored = _column_map(header)
    if "leika" not in columns or "name" not in columns:
        raise DirectoryError(
            "the CSV has no key and name columns (expected headers such as "
            "'Schlüssel' and 'Bezeichnung'); found: " + ", ".join(header[:12])
        )
    existing = list(directory.services) if directory else []
    by_key = {s.leika: i for i, s in enumerate(existing) if s.leika}
    result = LeikaImport(directory=ServiceDirectory(), ignored_columns=ignored)
    taken = {s.id for s in existing}

    def cell(row: list[str], kind: str) -> str:
        index = columns.get(kind)
        return row[index].strip() if index is not None and index < len(row) else ""

    for number, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        key = re.sub(r"\s+", "", cell(row, "leika"))
        name = cell(row, "name")
        if not re.fullmatch(r"\d{14}", key) or not name:
            result.skipped.append(f"line {number}: no 14-digit key or no name")
            continue
        synonyms = [s for s in _SPLIT.split(cell(row, "synonyms")) if s][:100]
        update: dict[str, Any] = {
            "name": name[:500],
            "leika": key,
            "leika_source": source,
            "synonyms": [s[:500] for s in synonyms],
        }
        for kind in ("description", "legal_basis", "topic"):
            value = cell(row, kind)
            if value:
                update[kind] = value[:5000] if kind == "description" else value[:1000]
        if key in by_key:
            index = by_key[key]
            merged = {**existing[index].model_dump(), **update}
            existing[index] = ServiceEntry.model_validate(merged)
            result.updated.append(existing[index].id)
        else:
            entry_id = slug(name, taken)
            taken.add(entry_id)
            try:
                entry = ServiceEntry.model_validate({"id": entry_id, **update})
            except ValidationError as exc:
                result.skipped.append(f"line {number}: {exc.errors()[0]['msg']}")
                continue
            by_key[key] = len(existing)
            existing.append(entry)
            result.added.append(entry_id)
    result.directory = _validated({"services": [s.model_dump() for s in existing]}, "import")
    return result
