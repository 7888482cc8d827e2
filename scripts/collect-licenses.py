"""Copy the licence texts of every Python distribution in this environment into one folder.

Run with the interpreter of the environment that was frozen (scripts/package-laptop.sh,
the Windows recipe): `python scripts/collect-licenses.py OUT [--skip NAME ...]`. Each
distribution gets `OUT/<name>-<version>/` with the files its wheel marks as licences
(PEP 639 `licenses/`, or files named LICENSE, LICENCE, COPYING, NOTICE, AUTHORS), and
`OUT/INDEX.txt` lists name, version and declared licence. A distribution that ships no
licence file is listed with "(no licence file in the wheel)", so nothing is silently
missing: packaging/licenses/THIRD-PARTY.md covers those by hand.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import sysconfig
from importlib.metadata import Distribution, distributions
from pathlib import Path

_NAMES = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS")


def licence_files(dist: Distribution) -> list[Path]:
    """The licence files of one installed distribution, as real paths."""
    found = []
    for entry in dist.files or []:
        parts = entry.parts
        if not parts or not parts[0].endswith(".dist-info"):
            continue
        name = parts[-1].upper()
        if "licenses" in parts[1:-1] or name.startswith(_NAMES):
            found.append(Path(str(dist.locate_file(entry))))
    return [p for p in found if p.is_file()]


def python_licence() -> Path | None:
    """The interpreter's own licence text (python.org builds; Debian's copyright file)."""
    short = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (
        Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE.txt",
        Path("/usr/share/doc") / short / "copyright",
    ):
        if candidate.is_file():
            return candidate
    return None


def main(argv: list[str]) -> int:
    """Collect into argv's OUT; returns 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--skip", nargs="*", default=[], help="build tools not in the bundle")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    skip = {s.lower().replace("_", "-") for s in args.skip}
    index = []
    for dist in sorted(distributions(), key=lambda d: d.metadata["Name"].lower()):
        name = dist.metadata["Name"]
        if name.lower().replace("_", "-") in skip:
            continue
        declared = dist.metadata.get("License-Expression") or dist.metadata.get("License") or ""
        declared = declared.splitlines()[0][:80] if declared else "see files"
        files = licence_files(dist)
        folder = args.out / f"{name}-{dist.version}"
        for path in files:
            folder.mkdir(exist_ok=True)
            shutil.copyfile(path, folder / path.name)
        note = "" if files else "  (no licence file in the wheel)"
        index.append(f"{name} {dist.version}: {declared}{note}")
    python = python_licence()
    if python is not None:
        (args.out / "Python").mkdir(exist_ok=True)
        shutil.copyfile(python, args.out / "Python" / "LICENSE.txt")
    index.append(f"Python {sys.version.split()[0]}: PSF-2.0" + ("" if python else "  (no file)"))
    (args.out / "INDEX.txt").write_text("\n".join(index) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
