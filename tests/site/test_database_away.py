"""When the database goes away, visitors get a plain 503, and the site recovers by itself."""

import json
import logging
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client

from missions.pagecache import store

from ..helpers.environment import free_port

on_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="takes a PostgreSQL server away; runs when DATABASE_URL is PostgreSQL (.ci/run)",
)


@contextmanager
def database_unreachable():
    """Swap in a connection to a database that cannot be reached: PostgreSQL on a closed
    port, or an SQLite file in a folder that does not exist."""
    real = connections["default"]
    broken_settings = dict(real.settings_dict)
    if real.vendor == "postgresql":
        broken_settings.update(HOST="127.0.0.1", PORT=str(free_port()))
    else:
        broken_settings["NAME"] = "/nonexistent/peaceops.sqlite3"
    broken = real.__class__(broken_settings, "default")
    connections["default"] = broken
    try:
        yield
    finally:
        broken.close()
        connections["default"] = real


def assert_plain_503(status, headers, body):
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "no-store" in headers["Cache-Control"]
    assert "Service temporarily unavailable" in body
    assert "Service temporairement non disponible" in body
    for leak in ("Traceback", "OperationalError", "psycopg", "sqlite", "5432"):
        assert leak not in body


@pytest.mark.django_db
def test_without_a_database_pages_answer_a_plain_503_and_come_back_after(haiti, caplog):
    client = Client()
    assert client.get("/en/current-peace-operations/").status_code == 200
    with database_unreachable():
        sign_in = client.post("/en/admin/login/", {"username": "editor", "password": "secret"})
        for response in (
            client.get("/en/missions/binuh/"),
            client.get("/fr/regions/haiti/"),
            sign_in,
        ):
            assert_plain_503(response.status_code, response, response.content.decode())
            assert response["Content-Security-Policy"]
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.json() == {"status": "unavailable", "database": "down"}
    assert client.get("/en/missions/binuh/").status_code == 200
    assert client.get("/healthz").status_code == 200
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(r.name == "peaceops.middleware" for r in errors)
    assert any(r.name == "django.request" and r.status_code == 503 for r in errors)


@pytest.mark.django_db
def test_a_page_already_cached_is_still_served_while_the_database_is_away(haiti):
    client = Client()
    first = client.get("/en/current-peace-operations/")
    with database_unreachable():
        again = client.get("/en/current-peace-operations/")
    assert again.status_code == 200
    assert again.content == first.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/en/data/snapshots.csv",
        "/fr/donnees/snapshots.json",
        "/en/missions/binuh/snapshots.csv",
        "/fr/missions/binuh/snapshots.json",
    ],
)
def test_without_a_database_downloads_answer_the_same_503_not_a_cut_off_file(haiti, url):
    client = Client()
    before = client.get(url)
    assert before.status_code == 200
    before.close()  # PostgreSQL: its server-side cursor ends with this test
    with database_unreachable():
        response = client.get(url)
        assert not response.streaming
    assert_plain_503(response.status_code, response, response.content.decode())


@pytest.mark.django_db
def test_a_visitor_with_a_session_cookie_still_gets_cached_pages_while_the_database_is_away(
    haiti,
):
    client = Client()
    first = client.get("/en/current-peace-operations/")
    client.cookies["sessionid"] = "anything"
    with database_unreachable():
        again = client.get("/en/current-peace-operations/")
    assert again.status_code == 200
    assert again.content == first.content


@pytest.mark.django_db
def test_signed_in_staff_get_the_503_too(admin_client):
    with database_unreachable():
        response = admin_client.get("/en/admin/missions/mission/")
    assert_plain_503(response.status_code, response, response.content.decode())


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.mark.slow
@on_postgresql
def test_a_live_server_answers_503_while_postgresql_is_away_and_recovers_by_itself(
    live_server, transactional_db, haiti
):
    url = live_server.url + "/en/missions/binuh/"
    assert fetch(url)[0] == 200
    # The server thread opens a connection for each request, with these settings.
    shared = connection.settings_dict
    port = shared["PORT"]
    try:
        shared["PORT"] = str(free_port())
        cache.clear()
        store.local.forget()
        assert_plain_503(*fetch(url))
        status, _headers, body = fetch(live_server.url + "/healthz")
        assert (status, json.loads(body)["database"]) == (503, "down")
    finally:
        shared["PORT"] = port
    status, _headers, body = fetch(url)
    assert status == 200
    assert "BINUH" in body
    assert fetch(live_server.url + "/healthz")[0] == 200
