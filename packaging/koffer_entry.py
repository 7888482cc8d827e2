"""Entry script of the frozen desktop app (PyInstaller on Linux, the Windows recipe too).

It only calls `koffer.cli.main`, like the `koffer` console script of the wheel, so the
frozen program and the installed wheel take the same path through the code.
"""

import sys

from koffer.cli import main

if __name__ == "__main__":
    sys.exit(main())
