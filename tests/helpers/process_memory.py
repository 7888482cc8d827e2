"""Read another process's memory, as someone who has the running laptop would.

`count_in_memory(pid, needles)` reads every readable mapping of `pid` through
`/proc/<pid>/mem` (what `gcore` does, without writing a core file) and counts where each
needle occurs. Reading needs ptrace rights over the process: our own child, or root
(CAP_SYS_PTRACE) for a process that made itself non-dumpable, as Koffer does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

_CHUNK = 16 * 1024 * 1024
_SKIP = ("[vvar]", "[vsyscall]", "[vvar_vclock]")


def readable_regions(pid: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of every mapping of `pid` that can be read."""
    for line in Path(f"/proc/{pid}/maps").read_text(encoding="ascii").splitlines():
        fields = line.split(maxsplit=5)
        start, end = (int(x, 16) for x in fields[0].split("-"))
        name = fields[5] if len(fields) > 5 else ""
        if fields[1].startswith("r") and name not in _SKIP:
            yield start, end, name


def count_in_memory(pid: int, needles: Mapping[str, bytes]) -> dict[str, int]:
    """How often each needle occurs in the memory of `pid` (names → counts)."""
    counts = dict.fromkeys(needles, 0)
    overlap = max((len(n) for n in needles.values()), default=1) - 1
    fd = os.open(f"/proc/{pid}/mem", os.O_RDONLY)
    try:
        for start, end, _name in readable_regions(pid):
            tail = b""
            at = start
            while at < end:
                try:
                    chunk = os.pread(fd, min(_CHUNK, end - at), at)
                except OSError:
                    break  # a guard page or a mapping that went away meanwhile
                if not chunk:
                    break
                window = tail + chunk
                for name, needle in needles.items():
                    counts[name] += _occurrences(window, needle, len(tail))
                tail = window[-overlap:] if overlap else b""
                at += len(chunk)
    finally:
        os.close(fd)
    return counts


def _occurrences(window: bytes, needle: bytes, skip_before: int) -> int:
    """Occurrences of `needle` in `window` that do not lie wholly in its first
    `skip_before` bytes (those were counted with the previous chunk)."""
    found = 0
    at = window.find(needle)
    while at != -1:
        if at + len(needle) > skip_before:
            found += 1
        at = window.find(needle, at + 1)
    return found


def text_forms(text: str) -> dict[str, bytes]:
    """The ways a program can hold `text`: UTF-8 (C, Python's encoded copies), Latin-1
    (Python's own form of such a str), UTF-16 (Qt's QString), UCS-4."""
    forms = {
        "utf-8": text.encode("utf-8"),
        "utf-16": text.encode("utf-16-le"),
        "ucs-4": text.encode("utf-32-le"),
    }
    try:
        latin = text.encode("latin-1")
    except UnicodeEncodeError:
        return forms
    if latin != forms["utf-8"]:
        forms["latin-1"] = latin
    return forms
