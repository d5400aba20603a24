"""The visitor's address behind the TLS proxy that production requires (peaceops/signin.py,
with django-ipware): the sign-in lockout and the feedback rate limit count each reader
apart, and `check --deploy` refuses a proxy count of 0 behind the proxy."""

import http.client
import re
import subprocess
import sys
from urllib.parse import urlencode

import pytest
import redis
import yaml
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core import checks
from django.test import Client

from missions.checks import trusted_proxy_count
from missions.public.feedback import RATE_LIMIT

from ..helpers.environment import PRODUCTION, ROOT, clean_env, redis_url
from ..helpers.gunicorn import Gunicorn, manage, seeded_site

LOGIN = "/en/admin/login/"
PASSWORD = "a long and good passphrase"
PROXY = "10.0.0.1"
READER = "203.0.113.7"
OTHER_READER = "198.51.100.4"
FEEDBACK = "/en/feedback/"
PAGE = "/en/current-peace-operations/"


def through_proxy(forwarded_for, **headers):
    """The request as gunicorn gets it from the TLS proxy, which appended the address it
    was called from to X-Forwarded-For."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded_for, **headers}


def sign_in(forwarded_for, password="wrong", **headers):
    return Client().post(
        LOGIN,
        {"username": "editor", "password": password, "next": "/en/admin/"},
        **through_proxy(forwarded_for, **headers),
    )


def send_feedback(forwarded_for):
    return Client().post(
        FEEDBACK,
        {"path": PAGE, "helpful": "true"},
        headers={"Origin": "http://testserver"},
        **through_proxy(forwarded_for),
    )


@pytest.fixture
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def lockout_after_five(settings, db):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    User.objects.create_user("editor", password=PASSWORD, is_staff=True, is_superuser=True)


def test_behind_one_proxy_five_bad_passwords_from_one_reader_do_not_lock_out_another(
    one_proxy, lockout_after_five
):
    statuses = [sign_in(READER).status_code for _attempt in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert sign_in(READER, password=PASSWORD).status_code == 429
    assert sign_in(OTHER_READER, password=PASSWORD).status_code == 302


def test_a_proxy_that_adds_the_port_still_counts_one_reader(one_proxy, lockout_after_five):
    # Some load balancers append address:port, a new port for each connection.
    statuses = [sign_in(f"{READER}:{50000 + attempt}").status_code for attempt in range(5)]
    assert statuses[-1] == 429
    assert AccessAttempt.objects.get().ip_address == READER


def test_addresses_a_reader_sends_in_other_headers_are_not_believed(one_proxy, lockout_after_five):
    for attempt in range(5):
        forged = f"192.0.2.{attempt}"
        response = sign_in(
            f"{forged}, {READER}", HTTP_X_REAL_IP=forged, HTTP_CF_CONNECTING_IP=forged
        )
    assert response.status_code == 429


def test_behind_one_proxy_each_reader_has_a_feedback_rate_limit_of_their_own(haiti, one_proxy):
    statuses = [send_feedback(READER).status_code for _report in range(RATE_LIMIT + 1)]
    assert statuses == [302] * RATE_LIMIT + [429]
    assert send_feedback(OTHER_READER).status_code == 302


def test_the_deploy_check_refuses_a_proxy_count_of_0_behind_the_tls_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 0
    [error] = trusted_proxy_count(None)
    assert (error.level, error.id) == (checks.ERROR, "peaceops.E002")
    assert "TRUSTED_PROXY_COUNT is 0 behind the TLS proxy" in error.msg
    settings.TRUSTED_PROXY_COUNT = 1
    assert trusted_proxy_count(None) == []


def test_the_deploy_check_accepts_a_proxy_count_of_0_without_a_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.TRUSTED_PROXY_COUNT = 0
    assert trusted_proxy_count(None) == []


def compose_proxy_count():
    """The proxy count docker-compose.yml gives the site when the operator sets none."""
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    value = services["web"]["environment"]["TRUSTED_PROXY_COUNT"]
    return re.fullmatch(r"\$\{TRUSTED_PROXY_COUNT:-(\d+)\}", value)[1]


def test_compose_trusts_the_tls_proxy_and_varnish_in_front_of_the_site_by_default():
    assert compose_proxy_count() == "2"


def run_check_deploy(**env_vars):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_env(**{**PRODUCTION, "SITE_URL": "https://peace.example.ca", **env_vars}),
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
def test_check_deploy_with_production_settings_fails_without_a_proxy_count_and_passes_with_it():
    refused = run_check_deploy(TRUSTED_PROXY_COUNT="0")
    assert refused.returncode != 0
    assert "(peaceops.E002) TRUSTED_PROXY_COUNT is 0 behind the TLS proxy" in refused.stderr
    passed = run_check_deploy(TRUSTED_PROXY_COUNT="1")
    assert passed.returncode == 0, passed.stderr


@pytest.mark.slow
def test_a_negative_proxy_count_stops_start_up_with_a_message():
    result = run_check_deploy(TRUSTED_PROXY_COUNT="-1")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be 0 or more." in result.stderr


# Under gunicorn, as docker-compose.yml runs the site: two workers sharing Redis, behind
# the TLS proxy, which appends each reader's address, and Varnish, which appends the
# proxy's (these requests).


def call(port, method, path, forwarded_for, body=None, cookie=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {
        "Host": "peace.example.ca",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": f"{forwarded_for}, {PROXY}",
        "Origin": "https://peace.example.ca",
    }
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookie:
        headers["Cookie"] = cookie
    connection.request(method, path, body=body and urlencode(body), headers=headers)
    response = connection.getresponse()
    text = response.read().decode(errors="replace")
    connection.close()
    return response, text


def sign_in_through_gunicorn(port, forwarded_for, password="wrong"):
    """A sign-in with the form's CSRF token, as a browser sends it."""
    form, page = call(port, "GET", LOGIN, forwarded_for)
    cookie = form.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    body = {
        "csrfmiddlewaretoken": token,
        "username": "editor",
        "password": password,
        "next": "/en/admin/",
    }
    return call(port, "POST", LOGIN, forwarded_for, body, cookie)[0].status


@pytest.fixture(scope="module")
def behind_the_proxy(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("proxy")
    env = seeded_site(
        tmp_path, SITE_URL="https://peace.example.ca", TRUSTED_PROXY_COUNT=compose_proxy_count()
    )
    create = (
        "from django.contrib.auth.models import User; "
        f"User.objects.create_superuser('editor', 'editor@example.ca', {PASSWORD!r})"
    )
    manage(env, "shell", "-c", create)
    with Gunicorn(env, tmp_path, workers=2) as server:
        yield server
    redis.Redis.from_url(redis_url()).flushdb()


@pytest.mark.slow
def test_under_gunicorn_behind_the_proxy_one_readers_bad_passwords_lock_out_only_that_reader(
    behind_the_proxy,
):
    port = behind_the_proxy.port
    statuses = [sign_in_through_gunicorn(port, READER) for _attempt in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert sign_in_through_gunicorn(port, READER, password=PASSWORD) == 429
    assert sign_in_through_gunicorn(port, OTHER_READER, password=PASSWORD) == 302


@pytest.mark.slow
def test_under_gunicorn_behind_the_proxy_each_reader_has_a_feedback_rate_limit_of_their_own(
    behind_the_proxy,
):
    port = behind_the_proxy.port
    report = {"path": PAGE, "helpful": "true"}
    statuses = [
        call(port, "POST", FEEDBACK, READER, report)[0].status for _report in range(RATE_LIMIT + 1)
    ]
    # Both workers count in the one Redis database.
    assert statuses == [302] * RATE_LIMIT + [429]
    assert call(port, "POST", FEEDBACK, OTHER_READER, report)[0].status == 302
