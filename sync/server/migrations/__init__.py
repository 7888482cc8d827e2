"""Alembic migrations of the town-hall database (run by `koffer-server migrate` and at start)."""
