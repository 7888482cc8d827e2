"""Koffer desktop app: entry points, wiring, the encrypted local store and the Qt UI."""

from importlib.metadata import PackageNotFoundError, version

try:
    #: The installed version (wheel, .deb or MSI metadata), sent with every heartbeat.
    __version__ = version("koffer")
except PackageNotFoundError:  # a bare source tree that was never installed
    __version__ = "0+unbekannt"
