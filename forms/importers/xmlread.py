"""Read XML from outside safely: no DTD, no entities, no network, bounded size and depth.

`defusedxml` refuses any DTD (so entity bombs and external entities never expand, and
nothing is ever fetched), the file size is checked before parsing, and the nesting depth
is checked while parsing, so a deeply nested file is refused before its tree is built.
"""

from __future__ import annotations

import io
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from forms.importers import ImportRefused

#: Largest XML file read (real XDatenfelder schemas are well below 5 MB).
MAX_XML_BYTES = 20 * 1024 * 1024
#: Deepest element nesting accepted (XDatenfelder needs about 8 per group level).
MAX_XML_DEPTH = 200


def parse_xml(data: bytes, source: str) -> Element:
    """The root element of an XML document.

    Raises:
        ImportRefused: too large, a DTD or entity declaration, too deep, or not
            well-formed (with the line).
    """
    if len(data) > MAX_XML_BYTES:
        raise ImportRefused(
            f"{source}: the file has {len(data) // 2**20} MB; at most "
            f"{MAX_XML_BYTES // 2**20} MB of XML are read"
        )
    depth = 0
    root: Element | None = None
    try:
        for event, element in iterparse(
            io.BytesIO(data),
            events=("start", "end"),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        ):
            if event == "start":
                depth += 1
                if root is None:
                    root = element
                if depth > MAX_XML_DEPTH:
                    raise ImportRefused(
                        f"{source}: elements are nested deeper than {MAX_XML_DEPTH} levels"
                    )
            else:
                depth -= 1
    except DefusedXmlException:
        raise ImportRefused(
            f"{source}: the file declares a DTD or entities (<!DOCTYPE>, <!ENTITY>); "
            "XDatenfelder and genericode files have none, and Koffer never expands them"
        ) from None
    except ParseError as exc:
        line = getattr(exc, "position", (1, 0))[0]
        raise ImportRefused(f"{source}:{line}: not well-formed XML ({exc})") from None
    if root is None:  # pragma: no cover - expat reports an empty document as ParseError
        raise ImportRefused(f"{source}: the file is empty")
    return root


def local(tag: str) -> str:
    """The local name of a `{namespace}name` tag."""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    """The namespace of a `{namespace}name` tag ('' without one)."""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
