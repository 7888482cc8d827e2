"""`koffer experte`: the same Koffer app in expert mode (an expert's access, no profile)."""

from __future__ import annotations

import logging

from koffer.assist import expert_access
from koffer.ui import theme
from koffer.ui.app import make_app
from koffer.ui.assist.expert_window import ExpertWindow
from koffer.ui.i18n import install_translators, pick_language


def run_expert(argv: list[str] | None = None) -> int:
    """Open the expert window (setting up the access first if there is none)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = make_app(argv)
    install_translators(pick_language())
    app.setStyleSheet(theme.stylesheet("default", 100))
    window = ExpertWindow(expert_access.load())
    window.resize(1280, 800)
    window.show()
    return app.exec()
