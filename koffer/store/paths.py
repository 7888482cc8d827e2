"""Where a profile's files live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

#: Environment variable that overrides the profile folder (tests, demo, second profile).
PROFILE_DIR_ENV = "KOFFER_PROFILE_DIR"


@dataclass(frozen=True)
class ProfilePaths:
    """The files of one profile, all inside `root`.

    Attributes:
        root: the profile folder (created 0700 by `Profile.create`).
    """

    root: Path

    @classmethod
    def default(cls) -> ProfilePaths:
        """`$KOFFER_PROFILE_DIR`, else platformdirs' user data folder for "koffer"."""
        override = os.environ.get(PROFILE_DIR_ENV)
        if override:
            return cls(Path(override).expanduser())
        return cls(Path(platformdirs.user_data_dir("koffer", appauthor=False)))

    @property
    def device_db(self) -> Path:
        """Catalog, outbox, audit, settings (keyring key only)."""
        return self.root / "device.db"

    @property
    def drafts_db(self) -> Path:
        """Everything personal (keyring secret + passphrase)."""
        return self.root / "drafts.db"

    @property
    def profile_file(self) -> Path:
        """Non-secret profile identity (profile id, format); written last on create."""
        return self.root / "profile.json"

    @property
    def lock_file(self) -> Path:
        """Held with flock by the one process that has the profile open."""
        return self.root / ".lock"

    def database_files(self) -> list[Path]:
        """Every file that may hold database content: dbs, WAL, SHM, journals, backups."""
        out: list[Path] = []
        if self.root.is_dir():
            for db in (self.device_db, self.drafts_db):
                out.extend(sorted(p for p in self.root.glob(db.name + "*") if p.is_file()))
        return out
