"""Fixtures of the CUPS integration tests."""

from tests.helpers.cups_server import cups_defaults, cups_server, cups_session

__all__ = ["cups_defaults", "cups_server", "cups_session"]
