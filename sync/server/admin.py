"""`koffer-admin`: the town-hall administrator's command line."""

import sys


def main(argv: list[str] | None = None) -> int:
    """Entry point of `koffer-admin`."""
    del argv
    sys.stderr.write("koffer-admin: not yet available\n")
    return 2
