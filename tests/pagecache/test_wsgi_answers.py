"""The cached pages, and the past dates' redirects, answered again before Django
(missions/pagecache/wsgi.py): the same status, headers and body Django sent, with no query
and no request cycle."""

import datetime
import io

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import close_old_connections

from missions.pagecache import store, wsgi
from missions.pagecache.wsgi import PageCacheApplication

from ..helpers.editions import make_edition, publish_working_copy, small_document
from ..helpers.pages import CURRENT

pytestmark = pytest.mark.django_db

FIRST, SECOND = datetime.date(2017, 10, 16), datetime.date(2024, 4, 1)


@pytest.fixture(autouse=True)
def no_answers(settings):
    settings.PAGE_VERSION_SECONDS = 3600  # the pages' version is not read again meanwhile
    wsgi.answers.clear()
    yield
    wsgi.answers.clear()


@pytest.fixture(autouse=True)
def connection_kept():
    """As Django's test client does: a request's start must not close the test's database
    connection, which is in the test's transaction (on PostgreSQL it would be closed)."""
    request_started.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)


@pytest.fixture
def two_editions():
    make_edition(1, FIRST, small_document("Haiti", slug="haiti"))
    make_edition(2, SECOND, small_document("Caribbean region", slug="caribbean"))


@pytest.fixture
def django_requests():
    """The requests that went through Django's request cycle."""
    started = []

    def count(**kwargs):
        started.append(kwargs)

    request_started.connect(count)
    yield started
    request_started.disconnect(count)


def get(path, query="", method="GET", **headers):
    """(status, headers, body) of the site's WSGI application, as gunicorn would call it.
    The response is not closed: request_finished would close the test's connection too."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    sent = []
    body = PageCacheApplication(WSGIHandler())(environ, lambda *args: sent.append(args))
    return sent[0][0], dict(sent[0][1]), b"".join(body)


def test_a_cached_page_is_answered_again_as_django_sent_it_without_a_query_or_django(
    two_editions, django_requests, django_assert_num_queries
):
    rendered = get(CURRENT)
    assert len(django_requests) == 1
    with django_assert_num_queries(0):
        answered = get(CURRENT)
    assert len(django_requests) == 1
    assert answered == rendered
    assert answered[0] == "200 OK"
    assert answered[1]["Content-Encoding"] == "gzip"
    assert "Content-Security-Policy" in answered[1]


def test_a_past_date_redirect_costs_no_query_for_a_date_never_asked_before(
    two_editions, django_requests, django_assert_num_queries
):
    get(CURRENT, "as_of=2018-01-01")
    with django_assert_num_queries(0):
        status, headers, _body = get(CURRENT, "as_of=2019-07-23")
    assert len(django_requests) == 1
    assert status == "302 Found"
    assert headers["Location"].startswith(f"{CURRENT}editions/1/")
    assert "2018-01-01" not in headers["Location"]
    wsgi.answers.clear()
    assert get(CURRENT, "as_of=2019-07-23") == (status, headers, b"")


def test_a_date_before_the_first_edition_is_the_404_django_gives_with_an_etag_of_its_own(
    two_editions, django_requests, django_assert_num_queries
):
    get("/fr/missions-en-cours/", "as_of=2012-05-09")
    with django_assert_num_queries(0):
        status, headers, body = get("/fr/missions-en-cours/", "as_of=2013-03-01")
        again = get("/fr/missions-en-cours/", "as_of=2013-03-01")
        other = get("/fr/missions-en-cours/", "as_of=2013-03-02")
    assert len(django_requests) == 1
    assert status == "404 Not Found"
    assert "1er mars 2013" in body.decode()
    assert headers["ETag"] == again[1]["ETag"] != other[1]["ETag"]
    wsgi.answers.clear()
    django_status, django_headers, django_body = get("/fr/missions-en-cours/", "as_of=2013-03-01")
    assert (status, body) == (django_status, django_body)
    del headers["ETag"], django_headers["ETag"]
    assert headers == django_headers


@pytest.mark.parametrize(
    "query, method, headers",
    [
        ("", "GET", {"cookie": "sessionid=abc"}),
        ("", "GET", {"if_none_match": '"x"'}),
        ("", "HEAD", {}),
        ("utm_source=news", "GET", {}),
        ("as_of=2018-1-1", "GET", {}),
    ],
)
def test_a_request_django_might_answer_otherwise_goes_through_django(
    two_editions, django_requests, query, method, headers
):
    get(CURRENT)
    get(CURRENT, query, method, **headers)
    assert len(django_requests) == 2


def test_a_new_edition_is_answered_once_the_pages_version_is_read_again(haiti, django_requests):
    before = get(CURRENT)
    haiti.region_figure.authorized = 26
    haiti.region_figure.save()
    publish_working_copy(summary="Cap 26")
    store.local.expire_version()  # as PAGE_VERSION_SECONDS do
    after = get(CURRENT)
    assert len(django_requests) == 2
    assert after[1]["ETag"] != before[1]["ETag"]
    assert get(CURRENT) == after
    assert len(django_requests) == 2
