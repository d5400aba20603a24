"""Page feedback: the form on every public page, and its endpoint."""

import http.client
import re
import sqlite3
import time
from html import unescape
from urllib.parse import urlencode

import pytest
from django.core import signing
from django.core.cache import cache, caches
from django.core.cache.backends.base import BaseCache
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from missions.models.feedback import Feedback
from missions.public import feedback
from missions.public.feedback import MAX_DETAILS, RATE_LIMIT

from ..helpers.environment import free_port, redis_caches, redis_url
from ..helpers.gunicorn import Gunicorn, set_up, site_env

pytestmark = pytest.mark.django_db

URL = "/en/current-peace-operations/"
FR_URL = "/fr/missions-en-cours/"
ENDPOINT = "/en/feedback/"
FR_ENDPOINT = "/fr/retroaction/"
ORIGIN = "http://testserver"


def send(client=None, origin=ORIGIN, endpoint=ENDPOINT, **data):
    if "?report=" not in endpoint:
        data.setdefault("path", URL)
    headers = {"Origin": origin} if origin else {}
    return (client or Client()).post(endpoint, data, headers=headers)


def form_action(html):
    """Where the page's one form posts to."""
    [action] = re.findall(r'<form[^>]*action="([^"]+)"', html)
    return action


def language_toggle(html):
    return re.search(r'<section class="lang-toggle".*?<a href="([^"]+)"', html, re.S)[1]


def answer_no(page=URL, endpoint=ENDPOINT):
    """Answer "No" on the page: the address of the page that asks what was wrong."""
    return send(path=page, helpful="false", endpoint=endpoint)["Location"]


@pytest.fixture(autouse=True)
def fresh_rate_limiter(monkeypatch):
    """Each test starts with a limiter that counts in the cache and has counted nothing in
    this process."""
    monkeypatch.setattr(feedback, "rate_limiter", feedback.RateLimiter())


def test_every_public_page_carries_the_yes_or_no_form_without_a_csrf_token(haiti, client):
    for url in (URL, "/fr/missions-en-cours/", "/en/missions/binuh/", "/fr/regions/haiti/"):
        page = client.get(url).content.decode()
        forms = re.findall(r'<form[^>]*action="([^"]+)"', page)
        feedback = "/fr/retroaction/" if url.startswith("/fr/") else ENDPOINT
        assert forms.count(feedback) == 1, url
        assert "csrfmiddlewaretoken" not in page
        assert f'name="path" value="{url}"' in page


def test_no_page_offers_to_report_a_problem_any_more(haiti, client):
    # Canada.ca decommissioned "Report a problem or mistake on this page" in October 2025.
    for url in (URL, FR_URL, "/en/missions/binuh/", "/fr/donnees/"):
        page = unescape(client.get(url).content.decode())
        assert "Report a problem" not in page
        assert "Signaler un problème" not in page
        assert 'name="problem"' not in page


def test_a_yes_is_stored_with_the_page_its_language_and_edition(haiti):
    response = send(helpful="true", edition_number="7")
    assert response.status_code == 302
    assert response["Location"] == "/en/feedback/thanks/?page=%2Fen%2Fcurrent-peace-operations%2F"
    report = Feedback.objects.get()
    assert (report.path, report.language, report.edition_number, report.helpful) == (
        URL,
        "en",
        7,
        True,
    )
    thanks = Client().get(response["Location"])
    assert thanks.status_code == 200
    assert f'href="{URL}"' in thanks.content.decode()


def test_a_page_without_an_edition_stores_none(haiti):
    send(helpful="true", edition_number="")
    assert Feedback.objects.get().edition_number is None


@pytest.mark.parametrize(
    "page,endpoint,heading,recorded,warning,details",
    [
        (
            URL,
            ENDPOINT,
            "Tell us what was wrong",
            "Thank you: your answer has been recorded. You can tell us more.",
            "Don't include personal information (telephone, email, SIN, financial, medical, "
            "or work details).",
            "The Haiti figure changed.",
        ),
        (
            FR_URL,
            FR_ENDPOINT,
            "Dites-nous ce qui n'allait pas",
            "Merci\u00a0: votre réponse a été enregistrée. Vous pouvez nous en dire plus.",
            "N'incluez pas de renseignements personnels (téléphone, courriel, NAS, "
            "renseignements financiers, médicaux ou professionnels).",
            "Le chiffre d'Haïti a changé.",
        ),
    ],
)
def test_a_no_is_counted_at_once_then_its_details_are_attached_to_it(
    haiti, page, endpoint, heading, recorded, warning, details
):
    response = send(path=page, helpful="false", endpoint=endpoint)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{endpoint}?report=")
    report = Feedback.objects.get()
    assert (report.path, report.helpful, report.problem, report.details) == (page, False, "", "")

    html = unescape(Client().get(response["Location"]).content.decode())
    assert f"<h1>{heading}</h1>" in html
    assert recorded in html
    assert warning in html
    assert 'maxlength="300"' in html
    assert 'name="problem"' not in html
    assert "csrfmiddlewaretoken" not in html
    assert form_action(html) == response["Location"]

    thanks = send(endpoint=form_action(html), details=details)
    assert thanks.status_code == 302
    report = Feedback.objects.get()
    assert (report.language, report.helpful, report.problem) == (page[1:3], False, "")
    assert report.details == details


def test_a_report_without_yes_or_no_is_refused_with_a_message(haiti):
    response = send(problem="broken", details="The CSV link")
    assert response.status_code == 400
    assert "Answer Yes or No." in response.content.decode()
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize(
    "path",
    [
        "/en/current-peace-operations/editions/1/",
        "/fr/missions-en-cours/modifications/",
        "/en/missions/?status=active",
        "/fr/regions/",
        "/en/data/",
    ],
)
def test_every_page_that_shows_the_forms_can_be_reported(haiti, path):
    endpoint = "/fr/retroaction/" if path.startswith("/fr/") else ENDPOINT
    assert send(path=path, endpoint=endpoint, helpful="true").status_code == 302
    assert Feedback.objects.get().path == path


@pytest.mark.parametrize(
    "path", ["https://evil.example/", "//evil.example/", "/en/admin/", "/en/no-such-page/", ""]
)
def test_only_pages_of_this_site_can_be_reported(haiti, path):
    response = send(path=path, helpful="true")
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


def test_the_honeypot_stores_nothing_and_tells_the_robot_nothing(haiti):
    response = send(helpful="true", website="http://spam.example")
    assert response.status_code == 302
    assert Feedback.objects.count() == 0


def test_details_of_300_characters_are_taken_and_longer_ones_refused_with_a_message(haiti):
    assert MAX_DETAILS == 300
    details_page = answer_no()
    refused = send(endpoint=details_page, details="x" * (MAX_DETAILS + 1))
    assert refused.status_code == 400
    assert "at most 300 characters (it has 301)" in refused.content.decode()
    assert Feedback.objects.get().details == ""
    assert send(endpoint=details_page, details="x" * MAX_DETAILS).status_code == 302
    assert Feedback.objects.get().details == "x" * MAX_DETAILS


@pytest.mark.parametrize(
    "typed",
    [
        "613-555-0199",
        "(613) 555 0199",
        "+1 613 555 0199",
        "1-613-555-0199",
        "613.555.0199",
        "6135550199",
    ],
)
def test_a_phone_number_in_the_details_is_masked_before_storage(haiti, typed):
    send(endpoint=answer_no(), details=f"Call me at {typed}, thanks.")
    assert Feedback.objects.get().details == "Call me at [phone number removed], thanks."


@pytest.mark.parametrize("typed", ["046 454 286", "046-454-286", "046454286"])
def test_a_social_insurance_number_in_the_details_is_masked_before_storage(haiti, typed):
    send(endpoint=answer_no(), details=f"My SIN is {typed}.")
    assert Feedback.objects.get().details == "My SIN is [SIN removed]."


@pytest.mark.parametrize("typed", ["name@example.ca", "first.last+tag@mail.example.gc.ca"])
def test_an_email_address_in_the_details_is_masked_before_storage(haiti, typed):
    send(endpoint=answer_no(), details=f"Write to {typed} please")
    assert Feedback.objects.get().details == "Write to [email removed] please"


def test_a_french_report_is_masked_in_french(haiti):
    details_page = answer_no(FR_URL, FR_ENDPOINT)
    send(
        endpoint=details_page, details="Courriel nom@exemple.ca, tél. 613-555-0199, NAS 046 454 286"
    )
    assert Feedback.objects.get().details == (
        "Courriel [courriel retiré], tél. [numéro de téléphone retiré], NAS [NAS retiré]"
    )


def test_figures_dates_and_addresses_of_pages_are_not_masked(haiti):
    details = "Haiti: 20 authorized since 2017-10-16, not 1,500; see /en/data/ (edition 12)."
    send(endpoint=answer_no(), details=details)
    assert Feedback.objects.get().details == details


def test_an_oversized_request_is_refused_before_it_is_read(haiti):
    response = send(helpful="false", details="x" * 20_000)
    assert response.status_code == 413
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("origin", [None, "https://evil.example"])
def test_a_report_from_another_site_or_no_origin_is_refused(haiti, origin):
    response = send(origin=origin, helpful="true")
    assert response.status_code == 403
    assert Feedback.objects.count() == 0


def test_the_same_site_referer_stands_in_for_a_missing_origin(haiti):
    response = Client().post(
        ENDPOINT, {"path": URL, "helpful": "true"}, headers={"Referer": f"{ORIGIN}{URL}"}
    )
    assert response.status_code == 302


def test_one_address_is_limited_and_another_is_not(haiti):
    one = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(RATE_LIMIT):
        assert send(one, helpful="true").status_code == 302
    refused = send(one, helpful="true")
    assert refused.status_code == 429
    assert Feedback.objects.count() == RATE_LIMIT
    assert send(Client(REMOTE_ADDR="203.0.113.6"), helpful="true").status_code == 302


def test_nothing_personal_is_stored_and_the_address_only_as_a_salted_hash(haiti):
    send(Client(REMOTE_ADDR="203.0.113.5"), helpful="false")
    report = Feedback.objects.values().get()
    assert set(report) == {
        "id",
        "created",
        "path",
        "language",
        "edition_number",
        "helpful",
        "problem",
        "details",
    }
    assert "203.0.113.5" not in str(report)
    keys = [key for key in cache._cache if "feedback-rate" in key]
    assert len(keys) == 1
    assert "203.0.113.5" not in keys[0]
    assert re.search(r"feedback-rate:[0-9a-f]{40}$", keys[0])


def test_the_endpoint_is_never_cached(haiti, client):
    response = send(helpful="true")
    assert "no-cache" in response["Cache-Control"]


def test_a_cached_page_is_still_served_from_the_cache_after_feedback(
    haiti, django_assert_num_queries
):
    first = Client().get(URL)
    send(helpful="true")
    assert Feedback.objects.count() == 1
    with django_assert_num_queries(0):
        again = Client().get(URL)
    assert again.content == first.content


@pytest.mark.slow
def test_the_rate_limit_holds_across_processes_in_a_shared_redis_cache(haiti, settings):
    settings.CACHES = redis_caches(redis_url())
    redis = caches["default"]
    redis.clear()
    try:
        one = Client(REMOTE_ADDR="203.0.113.7")
        for _ in range(RATE_LIMIT):
            assert send(one, helpful="true").status_code == 302
        assert send(one, helpful="true").status_code == 429
        server = redis._cache.get_client()
        [key] = server.keys("*missions:feedback-rate:*")
        assert 0 < server.ttl(key) <= 60 * 60  # the count expires
    finally:
        redis.clear()


# What was wrong, after a "No": its own page, which the language toggle keeps.


@pytest.mark.parametrize(
    "page,endpoint,other_endpoint,other_heading",
    [
        (URL, ENDPOINT, FR_ENDPOINT, "Dites-nous ce qui n'allait pas"),
        (FR_URL, FR_ENDPOINT, ENDPOINT, "Tell us what was wrong"),
    ],
)
def test_the_language_toggle_after_a_no_leads_to_the_same_form_in_the_other_language(
    haiti, page, endpoint, other_endpoint, other_heading
):
    html = unescape(Client().get(answer_no(page, endpoint)).content.decode())
    toggle = language_toggle(html)
    assert toggle.startswith(f"{other_endpoint}?report=")

    other = Client().get(toggle)
    assert other.status_code == 200
    other_html = unescape(other.content.decode())
    assert f"<h1>{other_heading}</h1>" in other_html
    assert form_action(other_html) == toggle

    assert send(endpoint=toggle, details="Unclear").status_code == 302
    report = Feedback.objects.get()
    assert (report.path, report.language, report.helpful, report.details) == (
        page,
        page[1:3],
        False,
        "Unclear",
    )


def test_details_refused_keep_what_was_typed_and_the_toggle_still_leads_to_the_form(haiti):
    details_page = answer_no()
    typed = "Far too long. " * 30
    refused = send(endpoint=details_page, details=typed)
    assert refused.status_code == 400
    html = unescape(refused.content.decode())
    assert typed in html
    assert 'aria-invalid="true"' in html
    assert form_action(html) == details_page
    assert Client().get(language_toggle(html)).status_code == 200
    assert Feedback.objects.get().details == ""


def test_what_was_wrong_is_attached_once(haiti):
    details_page = answer_no()
    send(endpoint=details_page, details="First")
    again = send(endpoint=details_page, details="Second")
    assert again.status_code == 409
    assert "We already have what was wrong with this page." in again.content.decode()
    assert Feedback.objects.get().details == "First"
    # Its page, from the language toggle or the back button, leads to the thanks.
    shown = Client().get(details_page)
    assert shown.status_code == 302
    assert shown["Location"].startswith("/en/feedback/thanks/")


def test_sending_nothing_after_a_no_keeps_the_no(haiti):
    assert send(endpoint=answer_no()).status_code == 302
    report = Feedback.objects.get()
    assert (report.helpful, report.problem, report.details) == (False, "", "")


def test_an_altered_details_address_is_refused_with_a_message_and_changes_nothing(haiti):
    details_page = answer_no()
    altered = details_page[:-1] + ("A" if details_page[-1] != "A" else "B")
    for response in (Client().get(altered), send(endpoint=altered, details="Wrong")):
        assert response.status_code == 400
        assert "This form has expired." in response.content.decode()
    assert Feedback.objects.get().details == ""


def test_a_details_address_expires_after_a_day(haiti, monkeypatch):
    two_days_ago = int(time.time()) - 2 * feedback.DETAILS_SECONDS
    with monkeypatch.context() as past:
        past.setattr(
            signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(two_days_ago)
        )
        details_page = answer_no()
    response = send(endpoint=details_page, details="Wrong")
    assert response.status_code == 400
    assert "This form has expired." in response.content.decode()
    assert Feedback.objects.get().details == ""


def test_a_details_address_cannot_reach_a_yes(haiti):
    send(helpful="true")
    token = signing.dumps(Feedback.objects.get().pk, salt=feedback.REPORT_SALT)
    response = send(endpoint=f"{ENDPOINT}?report={token}", details="Changed")
    assert response.status_code == 400
    assert Feedback.objects.get().details == ""


@pytest.mark.parametrize("endpoint,current", [(ENDPOINT, URL), (FR_ENDPOINT, FR_URL)])
def test_the_endpoint_without_a_report_leads_a_get_to_the_current_page(haiti, endpoint, current):
    # Where the language toggle of a refusal or an error page leads.
    response = Client().get(endpoint)
    assert response.status_code == 302
    assert response["Location"] == current


# The rate limit when the shared cache fails.


class DownCache(BaseCache):
    """A cache whose server is down: each call raises, as Django's Redis cache does."""

    calls = 0

    def __init__(self, location, params):
        super().__init__(params)

    def fail(self, *args, **kwargs):
        DownCache.calls += 1
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    add = get = set = incr = delete = touch = has_key = clear = fail


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.DownCache"}}
    DownCache.calls = 0


def test_with_the_cache_down_a_yes_and_a_no_with_what_was_wrong_are_kept(haiti, cache_down):
    assert send(helpful="true").status_code == 302
    assert send(endpoint=answer_no(), details="Old").status_code == 302
    reports = Feedback.objects.order_by("pk").values_list("helpful", "details")
    assert list(reports) == [(True, ""), (False, "Old")]


def test_with_the_cache_down_each_process_still_limits_each_address(haiti, cache_down):
    one = Client(REMOTE_ADDR="203.0.113.5")
    statuses = [send(one, helpful="true").status_code for _report in range(RATE_LIMIT + 1)]
    assert statuses == [302] * RATE_LIMIT + [429]
    assert send(Client(REMOTE_ADDR="203.0.113.6"), helpful="true").status_code == 302


def test_after_a_cache_failure_the_limit_skips_the_cache_until_it_is_time_to_retry(
    haiti, cache_down, caplog
):
    for _report in range(3):
        send(helpful="true")
    assert DownCache.calls == 1
    assert [r.getMessage() for r in caplog.records if r.name == feedback.__name__] == [
        "The feedback rate limit failed to reach the cache (Error 111 connecting to "
        "127.0.0.1:6379. Connection refused.); counting in this process for 30 s."
    ]
    feedback.rate_limiter.skip_until = time.monotonic()  # PAGE_CACHE_RETRY_SECONDS later
    send(helpful="true")
    assert DownCache.calls == 2


def test_counting_in_a_process_forgets_the_oldest_addresses_past_its_bound(monkeypatch):
    monkeypatch.setattr(feedback.RateLimiter, "MAX_LOCAL", 4)
    limiter = feedback.RateLimiter()
    for address in range(10):
        limiter.count_local(f"address-{address}")
        assert len(limiter.local) <= 4
    assert "address-9" in limiter.local and "address-0" not in limiter.local


def test_counting_in_a_process_starts_afresh_when_the_window_ends(monkeypatch):
    limiter = feedback.RateLimiter()
    now = 1000.0
    monkeypatch.setattr(feedback.time, "monotonic", lambda: now)
    assert [limiter.count_local("reader") for _report in range(3)] == [1, 2, 3]
    now += feedback.RATE_WINDOW
    assert limiter.count_local("reader") == 1


def post_to_gunicorn(port, path, data):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {
        "Host": "peace.example.ca",
        "X-Forwarded-Proto": "https",
        "Origin": "https://peace.example.ca",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    connection.request("POST", path, body=urlencode(data), headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, response.getheader("Location")


@pytest.mark.slow
def test_under_gunicorn_with_redis_down_from_the_start_feedback_is_taken_and_limited(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = site_env(
        tmp_path,
        CACHE_URL=f"redis://127.0.0.1:{free_port()}/0",
        SITE_URL="https://peace.example.ca",
    )
    set_up(env, seed=False)
    with Gunicorn(env, tmp_path, workers=2) as server:
        port = server.port
        assert post_to_gunicorn(port, ENDPOINT, {"path": URL, "helpful": "true"})[0] == 302
        status, details_page = post_to_gunicorn(port, ENDPOINT, {"path": URL, "helpful": "false"})
        assert status == 302
        answer = {"details": "Redis is down"}
        assert post_to_gunicorn(port, details_page, answer)[0] == 302
        # Each of the two workers counts on its own: one of them sees more than the limit.
        statuses = [
            post_to_gunicorn(port, ENDPOINT, {"path": URL, "helpful": "true"})[0]
            for _report in range(2 * RATE_LIMIT + 1)
        ]
        assert set(statuses) == {302, 429}
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT helpful, details FROM missions_feedback ORDER BY id LIMIT 2"
        ).fetchall()
    assert rows == [(1, ""), (0, "Redis is down")]
    assert "Traceback" not in server.errors.read_text()
