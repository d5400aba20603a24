"""A page first asked for under a host that passes ALLOWED_HOSTS but is not the site's
(`127.0.0.1:9999`, `127.0.0.1.`, `localhost.`: Django drops the port and the trailing
dot when it validates) is cached with the site's own links, under the one key every host
shares: no visitor can poison the copy that the next ones get."""

import re

import pytest
import redis
from django.test import Client

from ..helpers.environment import PRODUCTION, redis_url
from ..helpers.gunicorn import HOST, Gunicorn, request, seeded_site
from ..helpers.pages import CURRENT, cached_pages

SITE = PRODUCTION["SITE_URL"]
BAD_HOSTS = ["127.0.0.1:9999", "127.0.0.1.", "localhost."]
FRENCH = "/fr/missions-en-cours/"
# The pages whose copies a bad host could have poisoned: the current page, an edition's
# (kept a year by shared caches), and the feed.
PAGES = [CURRENT, FRENCH, f"{CURRENT}editions/1/", f"{FRENCH}modifications/fil/"]
# Every absolute address in a page or a feed, whatever the markup around it.
ADDRESS = re.compile(r"https?://[^\s\"'<>]+")


def addresses(content):
    return sorted(set(ADDRESS.findall(content)))


def own_addresses(content):
    """The page's addresses on the site itself (not on canada.ca, nor the W3C's
    namespaces)."""
    others = (
        "https://www.canada.ca/",
        "https://rcmp.ca/",
        "https://grc.ca/",
        "http://www.w3",
        "https://web.archive.org/",  # a historical edition's archived copy
    )
    return [address for address in addresses(content) if not address.startswith(others)]


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [HOST, "127.0.0.1", "localhost"]


@pytest.mark.django_db
@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize("path", PAGES)
def test_a_page_first_asked_for_under_a_bad_host_is_cached_with_the_sites_links(
    haiti, site, host, path, django_assert_num_queries
):
    first = Client(HTTP_HOST=host).get(path)
    assert first.status_code == 200
    kept = cached_pages()

    with django_assert_num_queries(0):
        later = Client(HTTP_HOST=HOST).get(path)

    assert later.content == first.content
    assert cached_pages() == kept  # the same entry, not one for each host
    links = own_addresses(later.content.decode())
    assert links
    assert [link for link in links if not link.startswith(f"{SITE}/")] == []


@pytest.mark.django_db
def test_the_pages_key_is_the_same_under_every_host(haiti, site, django_assert_num_queries):
    Client(HTTP_HOST=HOST).get(CURRENT)
    kept = cached_pages()

    with django_assert_num_queries(0):
        for host in BAD_HOSTS:
            assert Client(HTTP_HOST=host).get(CURRENT).status_code == 200

    assert cached_pages() == kept


# The production-like run: gunicorn with 2 workers on production settings, the page cache in
# the tests' Redis database.


@pytest.fixture
def server(tmp_path):
    """The seed content in a SQLite file, served by gunicorn, reachable under the bad hosts
    too, with no page in its Redis database yet (seeding rendered them ahead)."""
    env = seeded_site(tmp_path, ALLOWED_HOSTS=f"{HOST},127.0.0.1,localhost")
    shared = redis.Redis.from_url(redis_url())
    shared.flushdb()
    with Gunicorn(env, tmp_path, workers=2) as server:
        yield server, shared
    shared.flushdb()


@pytest.mark.slow
def test_under_gunicorn_bad_hosts_never_change_a_cached_link(server):
    server, shared = server
    assert shared.dbsize() == 0
    # The bad hosts first, so that they are the ones that render and store each page;
    # several times each, so that both workers keep their own copies from them.
    for _round in range(5):
        for host in BAD_HOSTS:
            for path in PAGES:
                response, _body = request(server.port, path, host=host)
                assert response.status == 200, (host, path)
            redirect, _body = request(server.port, CURRENT, host=host, https=False)
            assert redirect.getheader("Location") == f"{SITE}{CURRENT}"
    keys = shared.dbsize()

    seen = set()
    for _round in range(10):
        for path in PAGES:
            response, body = request(server.port, path)
            assert response.status == 200
            seen.update(own_addresses(body))

    assert f'<link rel="canonical" href="{SITE}{CURRENT}">' in request(server.port, CURRENT)[1]
    assert f"{SITE}{FRENCH}modifications/fil/" in seen  # the feed's rel="self"
    assert [address for address in seen if not address.startswith(f"{SITE}/")] == []
    assert shared.dbsize() == keys  # the bad hosts' copies are the ones served
