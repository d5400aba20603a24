"""Page feedback: the form on every public page, and its endpoint."""

import re

import pytest
from django.core.cache import cache, caches
from django.test import Client

from missions.models.feedback import Feedback
from missions.public.feedback import MAX_DETAILS, RATE_LIMIT

from ..helpers.environment import redis_caches, redis_url

pytestmark = pytest.mark.django_db

URL = "/en/current-peace-operations/"
ENDPOINT = "/en/feedback/"
ORIGIN = "http://testserver"


def send(client=None, origin=ORIGIN, endpoint=ENDPOINT, **data):
    data.setdefault("path", URL)
    headers = {"Origin": origin} if origin else {}
    return (client or Client()).post(endpoint, data, headers=headers)


def test_every_public_page_carries_both_forms_without_a_csrf_token(haiti, client):
    for url in (URL, "/fr/missions-en-cours/", "/en/missions/binuh/", "/fr/regions/haiti/"):
        page = client.get(url).content.decode()
        forms = re.findall(r'<form[^>]*action="([^"]+)"', page)
        feedback = "/fr/retroaction/" if url.startswith("/fr/") else ENDPOINT
        assert forms.count(feedback) == 2, url
        assert "csrfmiddlewaretoken" not in page
        assert f'name="path" value="{url}"' in page


def test_the_form_names_the_page_with_its_date(haiti, client):
    page = client.get(URL, {"as_of": "2020-06-01"}).content.decode()
    assert 'name="path" value="/en/current-peace-operations/?as_of=2020-06-01"' in page


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


def test_a_no_asks_what_was_wrong_before_anything_is_stored(haiti):
    response = send(path="/fr/missions-en-cours/", helpful="false", endpoint="/fr/retroaction/")
    assert response.status_code == 200
    page = response.content.decode()
    assert Feedback.objects.count() == 0
    assert '<input type="hidden" name="helpful" value="false">' in page
    assert 'name="problem" value="wrong"' in page
    assert "csrfmiddlewaretoken" not in page

    send(
        path="/fr/missions-en-cours/",
        helpful="false",
        step="2",
        problem="wrong",
        details="Le chiffre d'Haïti a changé.",
        endpoint="/fr/retroaction/",
    )
    report = Feedback.objects.get()
    assert (report.language, report.helpful, report.problem) == ("fr", False, "wrong")
    assert report.details == "Le chiffre d'Haïti a changé."


def test_a_problem_report_needs_no_yes_or_no(haiti):
    send(problem="broken", details="The CSV link")
    report = Feedback.objects.get()
    assert (report.helpful, report.problem, report.details) == (None, "broken", "The CSV link")


def test_an_empty_report_is_refused_with_a_message(haiti):
    response = send()
    assert response.status_code == 400
    assert "Say whether you found it, or what was wrong." in response.content.decode()
    assert Feedback.objects.count() == 0


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


def test_details_longer_than_the_limit_are_refused(haiti):
    response = send(problem="other", details="x" * (MAX_DETAILS + 1))
    assert response.status_code == 400
    assert Feedback.objects.count() == 0


def test_an_oversized_request_is_refused_before_it_is_read(haiti):
    response = send(problem="other", details="x" * 20_000)
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
    send(Client(REMOTE_ADDR="203.0.113.5"), helpful="false", step="2", problem="other")
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


def test_the_endpoint_answers_only_posts_and_is_never_cached(haiti, client):
    assert client.get(ENDPOINT).status_code == 405
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
