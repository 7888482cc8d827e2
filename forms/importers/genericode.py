"""XÖV code lists in OASIS genericode 1.0: the answers of a FIM select field.

A code list names its columns; XÖV marks the code column with the key `codeKey` and
often the name column with `codenameKey`. Without the latter, the first column that is
not the code is the name (as the XÖV code list handbook's lists are laid out).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from forms.importers import ImportRefused
from forms.importers.xmlread import local, parse_xml

GENERICODE_NS = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/"
#: Most entries of a code list turned into options (a longer list stays a text field).
MAX_CODES = 1000
#: Most code list files read from one folder.
MAX_FILES = 500


@dataclass(frozen=True)
class Code:
    """One entry: the code the office expects and the name shown."""

    code: str
    name: str


@dataclass
class CodeList:
    """One genericode file."""

    canonical_uri: str
    version: str
    canonical_version_uri: str
    short_name: str
    codes: list[Code] = field(default_factory=list)
    file: str = ""


def _child(element: Element, name: str) -> Element | None:
    return next((c for c in element if local(c.tag) == name), None)


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def read_code_list(data: bytes, source: str) -> CodeList:
    """Parse one genericode file.

    Raises:
        ImportRefused: not XML, not a genericode CodeList, or no code column.
    """
    root = parse_xml(data, source)
    if local(root.tag) != "CodeList":
        raise ImportRefused(f"{source}: not a genericode code list (root {local(root.tag)})")
    ident = _child(root, "Identification")
    columns = _child(root, "ColumnSet")
    if ident is None or columns is None:
        raise ImportRefused(f"{source}: the code list has no Identification or ColumnSet")
    column_ids = [c.get("Id", "") for c in columns if local(c.tag) == "Column"]
    keys: dict[str, str] = {}
    for key in columns:
        if local(key.tag) == "Key":
            ref = _child(key, "ColumnRef")
            keys[key.get("Id", "")] = ref.get("Ref", "") if ref is not None else ""
    code_column = keys.get("codeKey") or next(iter(keys.values()), "") or (column_ids or [""])[0]
    name_column = keys.get("codenameKey") or next(
        (c for c in column_ids if c != code_column), code_column
    )
    if not code_column:
        raise ImportRefused(f"{source}: the code list names no code column")
    result = CodeList(
        canonical_uri=_text(_child(ident, "CanonicalUri")),
        version=_text(_child(ident, "Version")),
        canonical_version_uri=_text(_child(ident, "CanonicalVersionUri")),
        short_name=_text(_child(ident, "ShortName")),
        file=source,
    )
    rows = _child(root, "SimpleCodeList")
    for row in rows if rows is not None else []:
        if local(row.tag) != "Row":
            continue
        values = {
            v.get("ColumnRef", ""): _text(_child(v, "SimpleValue"))
            for v in row
            if local(v.tag) == "Value"
        }
        code = values.get(code_column, "")
        if code:
            result.codes.append(Code(code=code, name=values.get(name_column) or code))
    return result


class CodeLists:
    """Code lists from a folder, found by the reference a FIM field makes."""

    def __init__(self, lists: list[CodeList]) -> None:
        self.lists = lists

    @classmethod
    def from_folder(cls, folder: str | Path | None) -> CodeLists:
        """Every `*.xml`/`*.gc` genericode file in `folder` (none when it is None).

        Raises:
            ImportRefused: not a folder, too many files, or a file that is not genericode.
        """
        if folder is None:
            return cls([])
        path = Path(folder)
        if not path.is_dir():
            raise ImportRefused(f"{path}: --codelists must be a folder of genericode files")
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".xml", ".gc"))
        if len(files) > MAX_FILES:
            raise ImportRefused(f"{path}: more than {MAX_FILES} code list files")
        lists = []
        for file in files:
            try:
                data = file.read_bytes()
            except OSError as exc:
                raise ImportRefused(f"{file}: cannot read: {exc.strerror}") from None
            lists.append(read_code_list(data, str(file)))
        return cls(lists)

    def find(self, uri: str, version: str, version_uri: str) -> tuple[CodeList | None, str]:
        """The list a reference means, and how it was found (for the report).

        Only exact matches count: the same canonical version URI, or the same canonical
        URI and version. A reference without a version takes the one list of that URI
        (said in the report); anything else is not resolved rather than guessed.
        """
        for item in self.lists:
            if version_uri and item.canonical_version_uri == version_uri:
                return item, f"code list {version_uri} ({item.file})"
        for item in self.lists:
            if uri and item.canonical_uri == uri and version and item.version == version:
                return item, f"code list {uri} version {version} ({item.file})"
        same = [i for i in self.lists if uri and i.canonical_uri == uri]
        if not version and not version_uri and len(same) == 1:
            return same[0], f"code list {uri}: no version given, took {same[0].version}"
        return None, ""
