"""JSON Schema of the template format, generated from the pydantic models.

Editors (VS Code's YAML extension, for one) use it to complete and check templates while
an admin types, so many mistakes never reach `koffer-forms validate`.
"""

from __future__ import annotations

import json
from typing import Any

from forms.model import Template

SCHEMA_ID = "https://koffer.example/schemas/form-template-1.json"


def template_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one template file."""
    schema = Template.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "Koffer form template"
    schema["description"] = (
        "One form of the Koffer catalog (format 1). Expressions in relevant, required, "
        "compute and constraint rules use the Koffer expression language "
        "(docs/template-format.md)."
    )
    return schema


def template_json_schema_text() -> str:
    """The schema as indented JSON text."""
    return json.dumps(template_json_schema(), indent=2, ensure_ascii=False) + "\n"
