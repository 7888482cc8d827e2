"""Render the application icon (SVG) to the PNG sizes of the freedesktop icon theme.

`python render_png.py ICON.svg HICOLOR_DIR 48 128 256` writes
`HICOLOR_DIR/<n>x<n>/apps/<name>.png`; AppStream and older desktops want PNGs beside
the scalable SVG. Qt (QtSvg, already in the bundle's environment) does the rendering,
so the build needs no extra tool. Run with QT_QPA_PLATFORM=offscreen.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer


def main(argv: list[str]) -> int:
    """Render argv[0] into argv[1] at the sizes argv[2:]."""
    svg, hicolor, sizes = Path(argv[0]), Path(argv[1]), [int(s) for s in argv[2:]]
    app = QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        sys.stderr.write(f"render_png: {svg} is not a valid SVG\n")
        return 1
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        out = hicolor / f"{size}x{size}" / "apps" / f"{svg.stem}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out), "PNG"):
            sys.stderr.write(f"render_png: cannot write {out}\n")
            return 1
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
