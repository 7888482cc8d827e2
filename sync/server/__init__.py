"""The town-hall backend (FastAPI, SQLAlchemy, Alembic) and its admin command line."""
