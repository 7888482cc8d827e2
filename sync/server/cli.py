"""`koffer-server`: runs the town-hall backend."""

import sys


def main(argv: list[str] | None = None) -> int:
    """Entry point of `koffer-server`."""
    del argv
    sys.stderr.write("koffer-server: not yet available\n")
    return 2
