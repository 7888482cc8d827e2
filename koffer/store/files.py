"""Low-level file opening that behaves the same on Linux and Windows.

`os.open` on Windows opens in *text* mode unless `O_BINARY` is given: the C runtime then
turns every 0x0A written into 0x0D 0x0A and stops reading at 0x1A. For the random bytes
of a wipe or any binary content that corrupts data silently, so every `os.open` of the
store goes through `open_fd`. Owner-only mode 0600 is what POSIX honours; on Windows
the profile folder's ACL (the user's own AppData) does that job.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE = 0o600


def binary(flags: int) -> int:
    """`flags` plus `O_BINARY` where the platform has it (Windows), else unchanged."""
    return flags | getattr(os, "O_BINARY", 0)


def open_fd(path: Path, flags: int, mode: int = PRIVATE) -> int:
    """`os.open` in binary mode, owner-only when it creates the file."""
    return os.open(path, binary(flags), mode)
