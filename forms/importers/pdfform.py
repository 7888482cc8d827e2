"""Read the fields of a fillable PDF (AcroForm) with pypdf: names, types, widgets, pages.

This is the part both the importer and printing need: what fields a PDF has and where
their widgets sit. It never changes the PDF. Hostile files are refused with a clear
message: too large, too many objects, encrypted without the password, damaged, a loop
in the field tree, or an XFA-only form.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from forms.importers import ImportRefused

#: Largest PDF read (a 45-page form with 1,600 fields has about 2 MB).
MAX_PDF_BYTES = 50 * 1024 * 1024
#: Most objects a PDF may declare (its cross-reference /Size).
MAX_OBJECTS = 300_000
#: Most pages read.
MAX_PAGES = 1000
#: Most terminal fields read.
MAX_FIELDS = 10_000
#: Deepest field hierarchy followed (`a.b.c` names).
MAX_FIELD_DEPTH = 32

# Field flags (PDF 32000-1, 12.7.3 and 12.7.4).
READ_ONLY = 1 << 0
REQUIRED = 1 << 1
MULTILINE = 1 << 12
PASSWORD = 1 << 13
NO_TOGGLE_TO_OFF = 1 << 14
RADIO = 1 << 15
PUSHBUTTON = 1 << 16
COMBO = 1 << 17
FILE_SELECT = 1 << 20
MULTI_SELECT = 1 << 21
COMB = 1 << 24

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
#: The object count a trailer or cross-reference stream declares (read before parsing).
_SIZE = re.compile(rb"/Size\s+(\d{1,12})")


@dataclass(frozen=True)
class Widget:
    """One visible box of a field: its page (0-based), rectangle and on-state name."""

    page: int
    rect: tuple[float, float, float, float]
    on_state: str | None = None
    ref: int | None = None  # object number of the widget annotation


@dataclass
class PdfField:
    """A terminal AcroForm field."""

    name: str  # fully qualified, e.g. "Antrag.Name"
    partial: str
    kind: str  # /Tx /Btn /Ch /Sig
    flags: int
    tooltip: str
    max_length: int | None
    options: list[tuple[str, str]]  # (export value, shown text)
    value: str
    javascript: str
    widgets: list[Widget] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The tooltip (what a screen reader says) or else the field's own name."""
        return self.tooltip or self.partial or self.name

    @property
    def is_radio(self) -> bool:
        return self.kind == "/Btn" and bool(self.flags & RADIO)

    @property
    def is_checkbox(self) -> bool:
        return self.kind == "/Btn" and not self.flags & (RADIO | PUSHBUTTON)

    @property
    def on_states(self) -> list[str]:
        """The distinct on-states of the widgets, in order."""
        out: list[str] = []
        for widget in self.widgets:
            if widget.on_state and widget.on_state not in out:
                out.append(widget.on_state)
        return out

    @property
    def first(self) -> Widget | None:
        return self.widgets[0] if self.widgets else None


@dataclass
class PdfForm:
    """What a fillable PDF offers."""

    reader: PdfReader
    fields: list[PdfField]
    pages: int
    title: str
    xfa: bool
    encrypted: bool


def clean(text: Any) -> str:
    """A PDF text string as one plain line."""
    return " ".join(_CONTROL.sub(" ", str(text)).split()) if text is not None else ""


def _get(node: DictionaryObject, key: str) -> Any:
    value = node.get(key)
    return value.get_object() if isinstance(value, IndirectObject) else value


def open_pdf(data: bytes, source: str, password: str | None = None) -> PdfReader:
    """A reader over `data`, decrypted when needed.

    Raises:
        ImportRefused: too large, not a PDF, damaged, too many objects, or encrypted
            with a password that was not given.
    """
    if len(data) > MAX_PDF_BYTES:
        raise ImportRefused(
            f"{source}: the file has {len(data) // 2**20} MB; at most "
            f"{MAX_PDF_BYTES // 2**20} MB are read"
        )
    if b"%PDF-" not in data[:1024]:
        raise ImportRefused(f"{source}: not a PDF file")
    declared = [int(n) for n in _SIZE.findall(data[-8192:])]
    if declared and max(declared) > MAX_OBJECTS:
        raise ImportRefused(
            f"{source}: the PDF declares {max(declared)} objects; more than {MAX_OBJECTS} "
            "are not read (a form needs far fewer)"
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        size = int(reader.trailer.get("/Size", 0) or 0)
        if size > MAX_OBJECTS:
            raise ImportRefused(
                f"{source}: the PDF declares {size} objects; more than {MAX_OBJECTS} are "
                "not read (a form needs far fewer)"
            )
        if reader.is_encrypted:
            result = reader.decrypt(password or "")
            if not result:
                raise ImportRefused(
                    f"{source}: the PDF is encrypted; give its password with --password"
                    if not password
                    else f"{source}: the password does not open the PDF"
                )
    except ImportRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise ImportRefused(f"{source}: the PDF is damaged ({type(exc).__name__}: {exc})") from None
    return reader


def _page_of_widgets(reader: PdfReader, source: str) -> dict[int, int]:
    out: dict[int, int] = {}
    pages = reader.pages
    if len(pages) > MAX_PAGES:
        raise ImportRefused(f"{source}: more than {MAX_PAGES} pages")
    for index, page in enumerate(pages):
        annots = page.get("/Annots")
        annots = annots.get_object() if annots is not None else None
        if not isinstance(annots, ArrayObject):
            continue
        for ref in annots:
            if isinstance(ref, IndirectObject):
                out.setdefault(ref.idnum, index)
    return out


def _on_state(widget: DictionaryObject) -> str | None:
    ap = _get(widget, "/AP")
    normal = _get(ap, "/N") if isinstance(ap, DictionaryObject) else None
    if isinstance(normal, DictionaryObject):
        for key in normal:
            if key != "/Off":
                return str(key)[1:]
    return None


def _rect(widget: DictionaryObject) -> tuple[float, float, float, float]:
    rect = _get(widget, "/Rect")
    try:
        x1, y1, x2, y2 = (float(v) for v in rect)
    except (TypeError, ValueError):
        return (0.0, 0.0, 0.0, 0.0)
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def _javascript(node: DictionaryObject) -> str:
    actions = _get(node, "/AA")
    if not isinstance(actions, DictionaryObject):
        return ""
    out = []
    for key in ("/F", "/K"):
        action = _get(actions, key)
        if isinstance(action, DictionaryObject):
            script = _get(action, "/JS")
            if hasattr(script, "get_data"):
                script = script.get_data().decode("latin-1", "replace")
            out.append(str(script or "")[:500])
    return " ".join(out)


def _options(node: DictionaryObject) -> list[tuple[str, str]]:
    opt = _get(node, "/Opt")
    out: list[tuple[str, str]] = []
    if isinstance(opt, ArrayObject):
        for raw in opt[:2000]:
            item = raw.get_object() if isinstance(raw, IndirectObject) else raw
            if isinstance(item, ArrayObject) and len(item) >= 2:
                out.append((clean(item[0].get_object()), clean(item[1].get_object())))
            else:
                out.append((clean(item), clean(item)))
    return out


def read_form(data: bytes, source: str, password: str | None = None) -> PdfForm:
    """Every terminal field of the PDF's AcroForm with its widgets.

    Raises:
        ImportRefused: see `open_pdf`; also an XFA-only form, a form without fields, a
            loop in the field tree, or too many fields.
    """
    reader = open_pdf(data, source, password)
    try:
        return _read_form(reader, source)
    except ImportRefused:
        raise
    except RecursionError:
        raise ImportRefused(f"{source}: the PDF is nested too deeply to read") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise ImportRefused(f"{source}: the PDF is damaged ({type(exc).__name__}: {exc})") from None


def _read_form(reader: PdfReader, source: str) -> PdfForm:
    root = reader.trailer["/Root"].get_object()
    if not isinstance(root, DictionaryObject):
        raise ImportRefused(f"{source}: the PDF has no document catalog")
    acroform = _get(root, "/AcroForm")
    pages = _page_of_widgets(reader, source)
    info = reader.metadata
    title = clean(info.get("/Title")) if info else ""
    xfa = isinstance(acroform, DictionaryObject) and "/XFA" in acroform
    top = _get(acroform, "/Fields") if isinstance(acroform, DictionaryObject) else None
    fields: list[PdfField] = []
    if isinstance(top, ArrayObject):
        _walk(top, fields, pages, source)
    if not fields:
        if xfa:
            raise ImportRefused(
                f"{source}: an XFA form (Adobe LiveCycle) without AcroForm fields; save it "
                "as a PDF with AcroForm fields (e.g. 'Save as other: Acrobat PDF') first"
            )
        raise ImportRefused(f"{source}: the PDF has no fillable fields")
    return PdfForm(
        reader=reader,
        fields=fields,
        pages=len(reader.pages),
        title=title,
        xfa=xfa,
        encrypted=reader.is_encrypted,
    )


def _walk(top: ArrayObject, out: list[PdfField], pages: dict[int, int], source: str) -> None:
    """The field tree, iteratively, each node at most once (a loop is refused)."""
    seen: set[int] = set()
    inherited: dict[str, Any] = {}
    stack: list[tuple[Any, str, dict[str, Any], int]] = [
        (ref, "", inherited, 0) for ref in reversed(list(top))
    ]
    while stack:
        ref, prefix, parent, depth = stack.pop()
        if depth > MAX_FIELD_DEPTH:
            raise ImportRefused(f"{source}: fields are nested deeper than {MAX_FIELD_DEPTH}")
        if isinstance(ref, IndirectObject):
            if ref.idnum in seen:
                raise ImportRefused(f"{source}: the field tree has a loop (object {ref.idnum})")
            seen.add(ref.idnum)
        node = ref.get_object() if ref is not None else None
        if not isinstance(node, DictionaryObject):
            continue
        partial = clean(_get(node, "/T"))
        name = f"{prefix}.{partial}" if prefix and partial else (partial or prefix)
        here = dict(parent)
        for key in ("/FT", "/Ff", "/MaxLen", "/DA", "/Opt", "/V"):
            if key in node:
                here[key] = _get(node, key)
        kids = _get(node, "/Kids")
        field_kids = [
            k
            for k in (kids if isinstance(kids, ArrayObject) else [])
            if isinstance(k.get_object(), DictionaryObject) and "/T" in k.get_object()
        ]
        if field_kids:
            stack.extend((k, name, here, depth + 1) for k in reversed(field_kids))
            continue
        widgets = [node] if _get(node, "/Subtype") == "/Widget" or not kids else []
        refs = [ref] if widgets else []
        for kid in kids if isinstance(kids, ArrayObject) else []:
            widget = kid.get_object()
            if isinstance(widget, DictionaryObject):
                widgets.append(widget)
                refs.append(kid)
        kind = str(here.get("/FT") or "")
        if not kind or not name:
            continue
        if len(out) >= MAX_FIELDS:
            raise ImportRefused(f"{source}: more than {MAX_FIELDS} fields")
        value = here.get("/V")
        out.append(
            PdfField(
                name=name,
                partial=partial,
                kind=kind,
                flags=int(here.get("/Ff") or 0),
                tooltip=clean(_get(node, "/TU")),
                max_length=int(here["/MaxLen"]) if here.get("/MaxLen") is not None else None,
                options=_options(node) if "/Opt" in node else _options_from(here),
                value="" if value is None or value == NameObject("/Off") else clean(value),
                javascript=_javascript(node),
                widgets=[
                    Widget(
                        page=pages.get(r.idnum, -1) if isinstance(r, IndirectObject) else -1,
                        rect=_rect(w),
                        on_state=_on_state(w) if kind == "/Btn" else None,
                        ref=r.idnum if isinstance(r, IndirectObject) else None,
                    )
                    for w, r in zip(widgets, refs, strict=True)
                ],
            )
        )


def _options_from(inherited: dict[str, Any]) -> list[tuple[str, str]]:
    opt = inherited.get("/Opt")
    return _options(DictionaryObject({NameObject("/Opt"): opt})) if opt is not None else []
