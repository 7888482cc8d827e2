"""What both importers share: ids, versions, the closing signature section, YAML output.

An imported template is built as plain data (the YAML's shape), validated with the
template models and the expression compiler, and written as YAML with a header that
names its source, so what an importer hands out passes `koffer-forms validate`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import yaml

try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - libyaml is in the wheel on every target
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

from pydantic import ValidationError

from forms.engine import compile_with_locations
from forms.importers import ImportRefused
from forms.model import Template
from forms.search import fold

_NON_ID = re.compile(r"[^a-z0-9]+")
#: Longest generated identifier (the model allows 64).
MAX_ID = 60
#: Id of the signature field every imported template ends with.
SIGNATURE_ID = "unterschrift"


def identifier(text: str, prefix: str = "f", limit: int = 40) -> str:
    """A field/section/option id from free text: folded, `_`, starts with a letter."""
    base = _NON_ID.sub("_", fold(text)).strip("_")[:limit].strip("_")
    if not base:
        return prefix
    if not base[0].isalpha():
        base = f"{prefix}_{base}"
    return base[:MAX_ID]


class Ids:
    """Hands out ids unique in one template (sections, fields and group members share one
    namespace), appending `_2`, `_3` … to a repeated base."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken: set[str] = set(taken)

    def take(self, base: str) -> str:
        """`base`, or `base_N` with the smallest free N."""
        base = base[:MAX_ID]
        candidate, counter = base, 2
        while candidate in self.taken:
            suffix = f"_{counter}"
            candidate = base[: MAX_ID - len(suffix)] + suffix
            counter += 1
        self.taken.add(candidate)
        return candidate


def template_id(text: str) -> str:
    """A template id (`[a-z][a-z0-9-]{1,63}`) from a title."""
    base = _NON_ID.sub("-", fold(text)).strip("-")[:60].strip("-")
    if len(base) < 2 or not base[0].isalpha():
        base = f"formular-{base}".strip("-")
    return base[:64]


def semver(version: str) -> str | None:
    """`1.0` → `1.0.0`, `2` → `2.0.0`, `1.2.3` stays; None when it is no dotted number."""
    parts = version.strip().split(".")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() and len(p) <= 6 for p in parts):
        return None
    numbers = [str(int(p)) for p in parts] + ["0"] * (3 - len(parts))
    return ".".join(numbers)


def signature_section(ids: Ids) -> dict[str, Any]:
    """The closing page every Koffer form has: the citizen signs what they reviewed."""
    return {
        "id": ids.take("unterschrift_abschnitt"),
        "title": "Unterschrift",
        "fields": [
            {
                "id": ids.take(SIGNATURE_ID),
                "type": "signature",
                "label": "Unterschrift der antragstellenden Person",
                "required": True,
            }
        ],
    }


#: Key order of a field in the written YAML (the rest follows as built).
_FIELD_ORDER = (
    "id",
    "type",
    "label",
    "help",
    "placeholder",
    "required",
    "max_length",
    "min",
    "max",
)


def _ordered(item: dict[str, Any]) -> dict[str, Any]:
    head = {k: item[k] for k in _FIELD_ORDER if k in item}
    rest = {k: v for k, v in item.items() if k not in head}
    if isinstance(rest.get("fields"), list):
        rest["fields"] = [_ordered(f) for f in rest["fields"]]
    return {**head, **rest}


def to_yaml(template: dict[str, Any], header: str) -> str:
    """The template as YAML text, with `header` as a comment block on top."""
    data = dict(template)
    data["sections"] = [
        {**s, "fields": [_ordered(f) for f in s["fields"]]} for s in template["sections"]
    ]
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return comment + body


def checked(data: dict[str, Any], source: str) -> Template:
    """Validate the generated template as the loader does (models, every expression,
    cycles); a failure is a bug of the importer, reported as such instead of writing a
    template nobody can load.

    The YAML text itself is not parsed back here (for a 1,600-field form that costs
    seconds); the tests load every importer's YAML with `forms.loader`.
    """
    try:
        template = Template.model_validate(data)
    except ValidationError as exc:
        problems = "\n".join(
            f"  {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:10]
        )
        raise ImportRefused(
            f"{source}: the imported template does not validate (please report this):\n{problems}"
        ) from exc
    _, located = compile_with_locations(template)
    if located:
        problems = "\n".join(f"  {'.'.join(str(p) for p in loc)}: {m}" for loc, m in located[:10])
        raise ImportRefused(
            f"{source}: an expression of the imported template does not compile "
            f"(please report this):\n{problems}"
        )
    return template


def today() -> dt.date:
    """The import date written into `origin`."""
    return dt.datetime.now(dt.UTC).date()
