"""Entry script of the frozen desktop app (PyInstaller on Linux, the Windows recipe too).

It only calls `koffer.cli.entry`, like the `koffer` console script of the wheel, so the
frozen program and the installed wheel take the same path through the code (the
process protection included).
"""

from koffer.cli import entry

if __name__ == "__main__":
    entry()
