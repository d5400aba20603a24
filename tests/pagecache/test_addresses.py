"""The addresses the page cache answers: each page at its canonical query, a bad address a
400 rendered once and never stored, a past date a redirect."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.test.signals import template_rendered
from django.utils import timezone

from missions.pagecache import addresses

from ..helpers.editions import make_edition
from ..helpers.pages import CURRENT as URL
from ..helpers.pages import cached_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def templates_rendered():
    """The names of the templates rendered while the test runs."""
    rendered = []

    def record(template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    yield rendered
    template_rendered.disconnect(record)


def test_parameters_a_page_does_not_use_get_the_cached_page(haiti, django_assert_num_queries):
    client = Client()
    page = client.get(URL)
    entries = cached_pages()
    with django_assert_num_queries(0):
        tracked = client.get(f"{URL}?utm_source=newsletter&utm_medium=email&fbclid=x")
    assert tracked.status_code == 200
    assert tracked.content == page.content
    assert cached_pages() == entries


def test_the_page_is_rendered_for_its_canonical_address_whatever_else_the_visitor_sent(haiti):
    html = Client().get(f"{URL}editions/1/?utm_source=newsletter").content.decode()
    assert "utm_source" not in html
    assert f'<link rel="canonical" href="http://testserver{URL}editions/1/">' in html
    assert 'href="/fr/missions-en-cours/editions/1/"' in html


def test_today_as_of_and_an_empty_as_of_are_the_current_page(haiti, django_assert_num_queries):
    client = Client()
    page = client.get(URL)
    today = timezone.localdate().isoformat()
    with django_assert_num_queries(0):
        for url in (f"{URL}?as_of={today}", f"{URL}?as_of="):
            assert client.get(url).content == page.content


def test_todays_date_is_the_current_page_today_and_redirects_to_its_edition_tomorrow(
    haiti, monkeypatch
):
    client = Client()
    today = timezone.localdate()
    url = f"{URL}?as_of={today.isoformat()}"
    assert client.get(url).status_code == 200
    monkeypatch.setattr(timezone, "localdate", lambda: today + datetime.timedelta(days=1))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{URL}editions/1/?as_of={today.isoformat()}"


@pytest.mark.parametrize(
    "query,message",
    [
        ("as_of=junk&as_of=2020-06-01", "The address gives “as_of” more than once."),
        ("as_of=2020-06-01&as_of=2020-06-01", "The address gives “as_of” more than once."),
        ("as_of=junk", "“junk” is not a date. Use the form YYYY-MM-DD."),
        ("as_of=2018-02-30", "“2018-02-30” is not a date. Use the form YYYY-MM-DD."),
        ("as_of=2018-1-1x", "“2018-1-1x” is not a date. Use the form YYYY-MM-DD."),
        ("as_of=<b>2020", "“&lt;b&gt;2020” is not a date. Use the form YYYY-MM-DD."),
        ("preview=1&preview=1", "The address gives “preview” more than once."),
    ],
)
def test_a_repeated_or_malformed_parameter_is_a_400_rendered_once_with_no_query(
    haiti, query, message, django_assert_num_queries, templates_rendered
):
    client = Client()
    client.get(f"{URL}?{query}")
    templates_rendered.clear()
    with django_assert_num_queries(0):
        response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert templates_rendered == []
    assert cached_pages() == []


def test_a_bad_request_in_french_is_in_french(haiti):
    response = Client().get("/fr/missions-en-cours/?as_of=jamais")
    assert response.status_code == 400
    assert response["Content-Language"] == "fr"
    assert "«\xa0jamais\xa0» n&#x27;est pas une date" in response.content.decode()


@pytest.mark.slow
def test_a_thousand_requests_with_distinct_junk_parameters_add_no_cache_entry(
    haiti, django_assert_num_queries, settings
):
    # Counted per request: the pages' version is not read again during these seconds.
    settings.PAGE_VERSION_SECONDS = 3600
    client = Client()
    for url in (URL, f"{URL}?as_of=junk", f"{URL}?as_of=1&as_of=2"):
        client.get(url)
    entries = cached_pages()
    statuses = set()
    with django_assert_num_queries(0):
        for n in range(250):
            for query in (f"utm_source={n}", f"as_of=junk{n}", f"as_of={n}&as_of=2020-06-01"):
                statuses.add(client.get(f"{URL}?{query}").status_code)
            statuses.add(client.get(f"{URL}?x{n}=1&preview=0").status_code)
    assert statuses == {200, 400}
    assert cached_pages() == entries
    assert len(cache._cache) == len(entries) + 1  # and the pages' version


@pytest.mark.slow
def test_ten_thousand_distinct_dates_redirect_with_no_query_and_no_cache_entry(
    django_assert_num_queries, settings
):
    # Counted per request: the pages' version is not read again during these seconds.
    settings.PAGE_VERSION_SECONDS = 3600
    make_edition(1, datetime.date(1998, 6, 1))
    make_edition(2, datetime.date(2010, 1, 1))
    client = Client()
    client.get(f"{URL}?as_of=2005-01-01")  # reads the editions' dates, once per process
    entries = len(cache._cache)
    first_day = datetime.date(1999, 1, 1)
    locations = {}
    with django_assert_num_queries(0):
        for n in range(10_000):
            day = first_day + datetime.timedelta(days=n)
            response = client.get(URL, {"as_of": day.isoformat()})
            assert response.status_code == 302
            edition, query = response["Location"].split("?")
            assert query == f"as_of={day.isoformat()}"
            locations[edition] = max(day, locations.get(edition, day))
    assert len(cache._cache) == entries
    assert locations == {
        f"{URL}editions/1/": datetime.date(2009, 12, 31),
        f"{URL}editions/2/": first_day + datetime.timedelta(days=9_999),
    }


def test_a_bad_request_is_not_cached_but_a_good_one_is(haiti):
    client = Client()
    assert client.get(f"{URL}?as_of=never").status_code == 400
    assert cached_pages() == []
    assert client.get(f"{URL}editions/1/").status_code == 200
    assert [key.rsplit(":", 1)[-1] for key in cached_pages()] == ["br", "gzip", "identity"]


def test_a_bad_address_is_parsed_once_though_both_middlewares_read_it(haiti, monkeypatch):
    parsed = []
    parse = addresses.canonical_query
    monkeypatch.setattr(
        addresses, "canonical_query", lambda view, query: parsed.append(query) or parse(view, query)
    )
    assert Client().get(f"{URL}?as_of=parsed-once").status_code == 400
    assert len(parsed) == 1


def test_a_bad_request_on_any_number_of_made_up_addresses_is_rendered_once(
    haiti, templates_rendered
):
    client = Client()
    for n in range(5):
        response = client.get(f"/en/missions/made-up-{n}/?preview=1&preview=1")
        assert response.status_code == 400
    assert templates_rendered.count("missions/bad_request.html") <= 1
