"""Form templates: the format, the expression language, validation and migration (no Qt, no network)."""
