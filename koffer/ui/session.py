"""What the window holds while it runs: the profile, device.db, the catalog, the workspace.

The workspace (`koffer.drafting.workspace.Workspace`) exists only while the profile is
unlocked: locking detaches it at once (`detach_workspace`, on the UI thread, so nothing
reaches it any more) and closes it on the store lane after every queued save. Everything
else of the application layer is reached through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily: the first screen must not wait for them
    from koffer.drafting.catalog import Catalog
    from koffer.drafting.locking import Unsaved
    from koffer.drafting.workspace import Workspace
    from koffer.store import DeviceStore, DraftStore, Profile


@dataclass
class Session:
    """The open profile: device.db (None before it is opened), the workspace while
    unlocked, and the catalog (loaded in the background at start)."""

    profile: Profile
    device: DeviceStore | None = None
    workspace: Workspace | None = None
    catalog: Catalog | None = None
    #: what the last lock could not write (disk full): put back at the next unlock
    unsaved: Unsaved | None = None

    @classmethod
    def default(cls) -> Session:
        """The session of the default profile (KOFFER_PROFILE_DIR overrides the folder)."""
        from koffer.store import Profile, ProfilePaths

        return cls(Profile(ProfilePaths.default()))

    @property
    def locked(self) -> bool:
        """Whether personal data is closed."""
        return self.workspace is None

    @property
    def drafts(self) -> DraftStore | None:
        """The open drafts store (None while locked)."""
        return None if self.workspace is None else self.workspace.drafts

    def detach_workspace(self) -> Workspace | None:
        """Forget the workspace now (lock); the caller closes it on the store lane."""
        workspace, self.workspace = self.workspace, None
        return workspace

    def close_all(self) -> None:
        """Close both stores (quit; runs on the store lane)."""
        workspace = self.detach_workspace()
        if workspace is not None:
            workspace.close()
        self.device = None
        self.profile.close()
