"""Keyring backends for tests: an in-memory one, and ones that fail like real ones do.

Unit tests inject these into `Profile(paths, keyring_backend=...)`; integration tests use
the real Secret Service (gnome-keyring, see scripts/with-test-keyring.sh).
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict: behaves like a working, unlocked Secret Service."""

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 (a classproperty)
        # Never viable for keyring's own choice: importing this module in a test run
        # must not make `keyring.get_keyring()` pick a dict over the real keyring.
        raise RuntimeError("test backend: inject it explicitly")

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("no such entry")


class LockedKeyring(MemoryKeyring):
    """A Secret Service whose collection stays locked (the user dismissed the prompt)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class PlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's PlaintextKeyring: works, but must be refused."""
