"""Admin sign-in protection: repeated failures lock the user name out for a while."""

import datetime
import html
import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse

from peaceops.signin import client_ip

pytestmark = pytest.mark.django_db

LOGIN = "/en/admin/login/"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)


@pytest.fixture
def editor(db):
    return User.objects.create_user(
        "editor", password="a long and good passphrase", is_staff=True, is_superuser=True
    )


def sign_in(client, username="editor", password="wrong", address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/en/admin/"},
        REMOTE_ADDR=address,
    )


def test_the_admin_sign_in_page_lives_at_the_admin_url():
    assert reverse("admin:login") == LOGIN


def test_a_correct_password_signs_in_through_the_protected_form(client, axes_on, editor):
    response = sign_in(client, password="a long and good passphrase")
    assert response.status_code == 302
    assert response["Location"] == "/en/admin/"
    assert client.get("/en/admin/").status_code == 200


def test_a_few_failures_get_the_usual_error(client, axes_on, editor):
    response = sign_in(client)
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()


def test_repeated_failures_lock_the_user_name_out_with_a_clear_message_and_a_log_line(
    client, axes_on, editor, caplog
):
    caplog.set_level(logging.WARNING)
    for _attempt in range(2):
        assert sign_in(client).status_code == 200
    response = sign_in(client)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in locked" in html
    assert "After 3 failed attempts" in html
    assert "Try again in 30 minutes." in html
    locked = [r for r in caplog.records if "Locking out" in r.getMessage()]
    assert len(locked) == 1
    assert locked[0].levelno == logging.WARNING
    assert 'ip_address: "203.0.113.7"' in locked[0].getMessage()
    assert "editor" not in locked[0].getMessage()
    assert AccessAttempt.objects.get().username == "editor"


def test_while_locked_out_even_the_right_password_is_refused(client, axes_on, editor):
    for _attempt in range(3):
        sign_in(client)
    response = sign_in(client, password="a long and good passphrase")
    assert response.status_code == 429
    assert client.get("/en/admin/").status_code == 302  # still signed out


def test_the_lockout_does_not_touch_other_users_or_other_addresses(client, axes_on, editor):
    User.objects.create_user("publisher", password="another good passphrase", is_staff=True)
    for _attempt in range(3):
        sign_in(client)
    response = sign_in(client, username="publisher", password="another good passphrase")
    assert response.status_code == 302
    client.logout()
    response = sign_in(client, password="a long and good passphrase", address="198.51.100.4")
    assert response.status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, axes_on, editor):
    for _attempt in range(3):
        sign_in(client)
    assert sign_in(client, password="a long and good passphrase").status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=31)
    )
    assert sign_in(client, password="a long and good passphrase").status_code == 302


def test_forged_forwarded_addresses_do_not_escape_the_lockout(client, axes_on, editor):
    for attempt in range(3):
        client.post(
            LOGIN,
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}",
        )
    response = client.post(
        LOGIN,
        {"username": "editor", "password": "a long and good passphrase"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="10.0.0.99",
    )
    assert response.status_code == 429


def test_behind_trusted_proxies_the_visitor_is_the_address_they_appended(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.0.0.1"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 5
    assert client_ip(request) == "10.0.0.2"


@pytest.mark.parametrize(
    "url,language,text",
    [
        ("/en/admin/login/", "en", "Your form could not be sent"),
        ("/fr/admin/login/", "fr", "Votre formulaire n'a pas pu être envoyé"),
    ],
)
def test_a_form_without_its_csrf_token_gets_the_sites_own_page_in_its_language(url, language, text):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"username": "editor", "password": "wrong"})
    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert f'<html lang="{language}">' in page
    assert f"<h1>{text} " in page
    assert "<gcds-header" in page and "<gcds-footer" in page  # the Canada.ca frame
    assert "DEBUG" not in page and "CSRF" not in page
