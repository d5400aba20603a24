"""The site as deployed: gunicorn with gunicorn.conf.py and the production environment."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ..helpers.environment import PRODUCTION, ROOT, clean_env, free_port
from ..helpers.gunicorn import HOST, Gunicorn, request, set_up, site_env

# Each test talks to gunicorn or runs a process of its own.
pytestmark = pytest.mark.slow


def poll(condition, seconds=10):
    """Whether the condition came true within the time, checked every 50 ms."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production")
    env = site_env(tmp_path)
    set_up(env)
    with Gunicorn(env, tmp_path, workers=2) as server:
        yield server


def test_the_health_check_answers_a_probe_on_the_bare_address_over_http(server):
    response, body = request(server.port, "/healthz", host="10.0.0.7:8000", https=False)
    assert response.status == 200
    assert json.loads(body) == {"status": "ok", "database": "up"}
    page, _body = request(server.port, "/en/current-peace-operations/", host="10.0.0.7:8000")
    assert page.status == 400  # only the health check answers on any host


def test_plain_http_is_redirected_to_https(server):
    response, _body = request(server.port, "/en/current-peace-operations/", https=False)
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/en/current-peace-operations/"


def test_an_unknown_host_is_refused(server):
    response, _body = request(server.port, "/en/current-peace-operations/", host="evil.example")
    assert response.status == 400


def test_the_public_page_is_served_over_https_with_hsts_and_the_security_headers(server):
    response, body = request(server.port, "/fr/missions-en-cours/")
    assert response.status == 200
    assert "Ukraine" in body
    assert response.getheader("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "script-src 'self'" in response.getheader("Content-Security-Policy")
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("Permissions-Policy")
    assert response.getheader("ETag")


@pytest.mark.parametrize(
    "path,status",
    [("/en/current-peace-operations/", 200), ("/en/no-such-page/", 404), ("/healthz", 200)],
)
def test_responses_do_not_name_the_server_software(server, path, status):
    response, _body = request(server.port, path)
    assert response.status == status
    assert response.getheader("Server") is None


def test_a_page_served_from_the_cache_keeps_hsts_the_policy_and_its_etag(server):
    for _request in range(2):
        response, _body = request(server.port, "/en/missions/binuh/", **{"Accept-Encoding": "br"})
        assert response.status == 200
        assert response.getheader("Content-Encoding") == "br"
        assert response.getheader("Strict-Transport-Security").startswith("max-age=31536000")
        assert "script-src 'self'" in response.getheader("Content-Security-Policy")
        assert response.getheader("X-Frame-Options") == "DENY"
        assert "stale-while-revalidate=600" in response.getheader("Cache-Control")
    etag = response.getheader("ETag")
    again, body = request(
        server.port, "/en/missions/binuh/", **{"Accept-Encoding": "br", "If-None-Match": etag}
    )
    assert again.status == 304
    assert body == ""


def test_static_files_are_served_with_hashed_names_and_a_long_lifetime(server):
    _response, body = request(server.port, "/en/current-peace-operations/")
    stylesheet = "/static/css/site." + body.split('href="/static/css/site.')[1].split('"')[0]
    assert stylesheet.startswith("/static/css/site.") and stylesheet.count(".") == 2
    response, _css = request(server.port, stylesheet)
    assert response.status == 200
    assert "max-age=315360000" in response.getheader("Cache-Control")


def test_the_admin_cookies_are_secure_and_http_only(server):
    response, body = request(server.port, "/en/admin/login/")
    assert response.status == 200
    cookie = response.getheader("Set-Cookie")
    assert cookie.startswith("csrftoken=")
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "Traceback" not in body


def test_a_missing_page_gets_the_site_404_page_not_a_debug_page(server):
    response, body = request(server.port, "/en/no-such-page/")
    assert response.status == 404
    assert "We couldn't find that page" in body
    assert "Traceback" not in body and "URLconf" not in body


def test_every_log_line_is_json_with_the_requests_and_errors(server):
    request(server.port, "/en/no-such-page/")

    def access_logged():
        return any(
            line["logger"] == "gunicorn.access"
            and '"GET /en/no-such-page/ HTTP/1.1" 404' in line["message"]
            for line in server.log_lines()
        )

    # gunicorn writes its access line just after the response.
    assert poll(access_logged)
    lines = server.log_lines()
    assert any(line["logger"] == "django.request" and line["status_code"] == 404 for line in lines)
    assert all({"timestamp", "level", "logger", "message"} <= set(line) for line in lines)


def test_without_its_database_the_deployed_site_answers_503_and_says_nothing_more(tmp_path):
    closed = free_port()
    env = site_env(tmp_path, DATABASE_URL=f"postgres://peaceops@127.0.0.1:{closed}/peaceops")
    with Gunicorn(env, tmp_path, workers=2) as server:
        health, _body = request(server.port, "/healthz", host="127.0.0.1", https=False)
        assert health.status == 503
        for path in (
            "/en/current-peace-operations/",
            "/en/data/snapshots.csv",
            "/fr/donnees/snapshots.json",
        ):
            response, body = request(server.port, path)
            assert response.status == 503, path
            assert response.getheader("Retry-After") == "30"
            assert "Service temporarily unavailable" in body
            assert "Traceback" not in body and "connection" not in body.lower()
    assert any(
        line["logger"] == "peaceops.middleware" and line["level"] == "ERROR"
        for line in server.log_lines()
    )


def gunicorn_config(**env_vars):
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--print-config"],
        cwd=ROOT,
        env=clean_env(**PRODUCTION, **env_vars),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return dict(
        [part.strip() for part in line.split("=", 1)]
        for line in result.stdout.splitlines()
        if "=" in line
    )


def test_gunicorn_reads_its_settings_from_the_environment():
    config = gunicorn_config(
        PORT="9123", WEB_CONCURRENCY="5", GUNICORN_THREADS="2", FORWARDED_ALLOW_IPS="10.0.0.2"
    )
    assert config["wsgi_app"] == "peaceops.wsgi"
    assert config["bind"] == "['0.0.0.0:9123']"
    assert config["workers"] == "5"
    assert config["threads"] == "2"
    assert config["reuse_port"] == "True"
    assert config["forwarded_allow_ips"] == "['10.0.0.2']"
    assert config["accesslog"] == "-"


def test_gunicorn_runs_one_process_unless_a_shared_cache_is_set_then_one_per_cpu():
    shared = "redis://127.0.0.1:6379/8"
    assert gunicorn_config()["workers"] == "1"
    assert gunicorn_config(CACHE_URL=shared)["workers"] == str(os.cpu_count())


def printed_by_python(code):
    """The words `code` prints, run by a Python process of its own with the production
    settings."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env(**PRODUCTION),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_workers_are_forked_from_the_application_loaded_with_its_url_configuration():
    # Not loaded by a worker's first request, which the requests queued behind it would wait for.
    assert gunicorn_config()["preload_app"] == "True"
    loaded = printed_by_python(
        "import sys, peaceops.wsgi; from django.db import connections; "
        "print('peaceops.urls' in sys.modules, connections['default'].connection)"
    )
    # And no database connection, which the workers would share.
    assert loaded == ["True", "None"]


def test_what_the_workers_inherit_is_frozen_out_of_their_garbage_collections():
    # Run in a process of its own: freezing this one would change every later test's.
    frozen = printed_by_python(
        "import gc, runpy; hooks = runpy.run_path('gunicorn.conf.py'); "
        "before = gc.get_freeze_count(); hooks['pre_fork'](None, None); "
        "print(before, gc.get_freeze_count() > 1000)"
    )
    assert frozen == ["0", "True"]
