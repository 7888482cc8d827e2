"""Render the application icon (SVG) to the PNG sizes of the freedesktop icon theme.

`python render_png.py ICON.svg HICOLOR_DIR 48 128 256` writes
`HICOLOR_DIR/<n>x<n>/apps/<name>.png`; AppStream and older desktops want PNGs beside
the scalable SVG. `python render_png.py ICON.svg --ico OUT.ico` writes the Windows icon
(256 px; Qt's ICO plugin). Qt (QtSvg, already in the bundle's environment) does the
rendering, so the build needs no extra tool. Run with QT_QPA_PLATFORM=offscreen.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The icon at `size` x `size` pixels on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def main(argv: list[str]) -> int:
    """Render argv[0] into argv[1] at the sizes argv[2:] (or `--ico OUT`)."""
    svg = Path(argv[0])
    app = QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        sys.stderr.write(f"render_png: {svg} is not a valid SVG\n")
        return 1
    if argv[1] == "--ico":
        targets = [(Path(argv[2]), 256, "ICO")]
    else:
        hicolor = Path(argv[1])
        targets = [
            (hicolor / f"{n}x{n}" / "apps" / f"{svg.stem}.png", n, "PNG")
            for n in (int(s) for s in argv[2:])
        ]
    for out, size, kind in targets:
        out.parent.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(out), kind):
            sys.stderr.write(f"render_png: cannot write {out}\n")
            return 1
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
