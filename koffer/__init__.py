"""Koffer desktop app: entry points, wiring, the encrypted local store and the Qt UI."""

__version__ = "0.1.0"
