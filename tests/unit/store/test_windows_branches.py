"""The Windows branches of the store's file handling, checked on Linux.

The lock's msvcrt branch runs in a private copy of `koffer.store.lock` loaded with
`sys.platform` set to "win32" and a stand-in `msvcrt` that records the calls and fails
like the real one (OSError) when the byte is locked already; the store's binary-mode
open is checked through the flag it adds where `os.O_BINARY` exists.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import types
from pathlib import Path

import pytest

import koffer.store.lock
from koffer.store import ProfileInUse
from koffer.store.files import binary, open_fd

WINDOWS_O_BINARY = 0x8000  # the value of os.O_BINARY in the Windows C runtime


class FakeMsvcrt(types.ModuleType):
    """`msvcrt.locking` with one lockable byte per file descriptor's file."""

    LK_NBLCK = 2
    LK_UNLCK = 0

    def __init__(self) -> None:
        super().__init__("msvcrt")
        self.calls: list[tuple[int, int, int]] = []
        self.held: set[int] = set()

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        self.calls.append((fd, mode, nbytes))
        inode = os.fstat(fd).st_ino
        if mode == self.LK_NBLCK:
            if inode in self.held:
                raise OSError(13, "Permission denied")  # what Windows raises
            self.held.add(inode)
        elif mode == self.LK_UNLCK:
            self.held.discard(inode)


@pytest.fixture
def windows_lock(monkeypatch):
    fake = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    spec = importlib.util.spec_from_file_location("_lock_on_windows", koffer.store.lock.__file__)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, fake


def test_windows_lock_takes_one_byte_without_waiting_and_gives_it_back(windows_lock, tmp_path):
    module, fake = windows_lock
    first = module.ProfileLock(tmp_path / ".lock")
    first.acquire()
    assert fake.calls[-1][1:] == (FakeMsvcrt.LK_NBLCK, 1)
    second = module.ProfileLock(tmp_path / ".lock")
    with pytest.raises(ProfileInUse):
        second.acquire()
    first.release()
    assert fake.calls[-1][1:] == (FakeMsvcrt.LK_UNLCK, 1)
    second.acquire()  # free again
    second.release()
    assert not hasattr(module, "fcntl")  # the POSIX call is not even imported


def test_store_opens_binary_where_windows_needs_it(monkeypatch):
    flags = os.O_WRONLY | os.O_CREAT
    assert binary(flags) == flags | getattr(os, "O_BINARY", 0)
    monkeypatch.setattr(os, "O_BINARY", WINDOWS_O_BINARY, raising=False)
    assert binary(flags) == flags | WINDOWS_O_BINARY


def test_open_fd_is_owner_only_and_keeps_bytes(tmp_path: Path):
    path = tmp_path / "f"
    fd = open_fd(path, os.O_WRONLY | os.O_CREAT)
    try:
        os.write(fd, b"\n\x1a\r\n")
    finally:
        os.close(fd)
    assert path.read_bytes() == b"\n\x1a\r\n"
    assert path.stat().st_mode & 0o777 == 0o600
