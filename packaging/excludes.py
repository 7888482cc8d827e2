"""Modules never frozen into the laptop program, for both freezers (PyInstaller on Linux,
cx_Freeze on Windows): the server stack, plaintext keyring backends, tools and tests.

The laptop build environment holds only `koffer[laptop]`, so these are a second fence:
scripts/package-laptop.sh also fails when one of them shows up in the bundle.
"""

EXCLUDES = [
    # the town-hall side (koffer[server])
    "fastapi",
    "starlette",
    "uvicorn",
    "httptools",
    "uvloop",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "psycopg_binary",
    "pydantic_settings",
    "sync.server",
    # no plaintext key storage, ever (keyrings.alt and friends)
    "keyrings",
    "keyrings.alt",
    # development only
    "koffer.ui.screenshots",
    "PySide6.QtTest",
    "pytest",
    "hypothesis",
    "IPython",
    "tkinter",
    "_tkinter",
    "setuptools",
    "pkg_resources",
    # Qt parts Koffer does not use
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtQuick",
    "PySide6.QtQml",
    "PySide6.Qt3DCore",
    "PySide6.QtCharts",
    "PySide6.QtDataVisualization",
]
