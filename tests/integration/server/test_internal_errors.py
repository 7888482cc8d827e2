"""A bug in a handler becomes a JSON 500 without the exception text; never a traceback."""

from __future__ import annotations

import logging

import httpx
import pytest

from sync.server.db import default_database_url
from sync.server.settings import ServerSettings
from tests.helpers.server import ThreadedServer

pytestmark = pytest.mark.integration


def test_unexpected_exception_is_a_plain_json_500(tmp_path, caplog):
    settings = ServerSettings(
        data_dir=tmp_path / "data", database_url=default_database_url(tmp_path / "data")
    )
    server = ThreadedServer(settings)

    def boom() -> None:
        raise RuntimeError("mustermann".upper())  # the text exists only at run time

    server.app.add_api_route("/_boom", boom)
    with server, caplog.at_level(logging.INFO):
        response = httpx.get(f"{server.url}/_boom")
    assert response.status_code == 500
    assert response.json()["error"] == "internal"
    assert "MUSTERMANN" not in response.text
    assert "RuntimeError" in caplog.text
    assert "MUSTERMANN" not in caplog.text


def test_database_trouble_is_a_retryable_503(tmp_path):
    from sqlalchemy.exc import OperationalError

    settings = ServerSettings(
        data_dir=tmp_path / "data", database_url=default_database_url(tmp_path / "data")
    )
    server = ThreadedServer(settings)

    def locked() -> None:
        raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))

    server.app.add_api_route("/_locked", locked)
    with server:
        response = httpx.get(f"{server.url}/_locked")
    assert response.status_code == 503
    assert response.json()["error"] == "unavailable"
    assert response.headers["Retry-After"] == "30"
