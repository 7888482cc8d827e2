"""Fixtures of the CUPS integration tests."""

from tests.helpers.cups_server import cups_server

__all__ = ["cups_server"]
