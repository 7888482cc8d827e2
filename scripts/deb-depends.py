"""Print the Debian packages a frozen bundle needs from the system, one per line.

`python3 scripts/deb-depends.py BUNDLE_DIR` runs `ldd` on every ELF file in the bundle
(with the bundle's own folders first on the library path, as at run time), keeps the
libraries resolved outside the bundle and asks dpkg which package holds each. The
result goes into `Depends:`, so the list follows what the bundle really links against
on the build machine's Debian release instead of a hand-kept copy. Libraries the build
machine lacks ("not found") must be named in KNOWN_MISSING, else it fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: Libraries the bundle links that a desktop has but a build machine may lack.
KNOWN_MISSING = {"libpulse.so.0": "libpulse0", "libpulse-simple.so.0": "libpulse0"}
_ELF = b"\x7fELF"


def elf_files(root: Path) -> list[Path]:
    """Every ELF shared object or executable below `root`."""
    out = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == _ELF:
                    out.append(path)
    return out


def system_libraries(root: Path) -> tuple[set[str], set[str]]:
    """(paths resolved outside the bundle, sonames not found at all)."""
    folders = sorted({str(p.parent) for p in elf_files(root)})
    env = dict(os.environ, LD_LIBRARY_PATH=":".join(folders))
    outside: set[str] = set()
    missing: set[str] = set()
    for path in elf_files(root):
        result = subprocess.run(
            ["ldd", str(path)], check=False, capture_output=True, text=True, env=env
        )
        for line in result.stdout.splitlines():
            name, _, rest = line.strip().partition(" => ")
            if rest.startswith("not found"):
                missing.add(name)
            elif rest.startswith("/") and not rest.startswith(str(root)):
                outside.add(os.path.realpath(rest.split(" (")[0]))
    return outside, missing


def owning_packages(paths: set[str]) -> set[str]:
    """The Debian packages that installed `paths` (one dpkg call; merged /usr aware)."""
    wanted = {p: {p, p.replace("/usr/lib/", "/lib/", 1)} for p in paths}
    asked = sorted(set().union(*wanted.values())) if wanted else []
    result = subprocess.run(["dpkg", "-S", *asked], check=False, capture_output=True, text=True)
    owner: dict[str, str] = {}
    for line in result.stdout.splitlines():
        package, _, path = line.partition(": ")
        owner[path.strip()] = package.split(":")[0].split(",")[0].strip()
    found = set()
    for path, candidates in wanted.items():
        names = [owner[c] for c in candidates if c in owner]
        if not names:
            raise SystemExit(f"deb-depends: no Debian package owns {path}")
        found.add(names[0])
    return found


def main(argv: list[str]) -> int:
    """Print the packages; exit 1 on a library nobody provides."""
    root = Path(argv[0]).resolve()
    outside, missing = system_libraries(root)
    packages = owning_packages(outside)
    unknown = sorted(m for m in missing if m not in KNOWN_MISSING)
    if unknown:
        sys.stderr.write("deb-depends: not found on this machine: " + ", ".join(unknown) + "\n")
        return 1
    packages |= {KNOWN_MISSING[m] for m in missing}
    packages -= {"libc6"}  # dpkg's own base; versioned below by the caller
    sys.stdout.write("\n".join(sorted(packages)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
