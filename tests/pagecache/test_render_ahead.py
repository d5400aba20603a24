"""A publish starts a new version of the pages; with the site's address set, the current
page is rendered ahead under it, so that no visitor waits for the render."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from missions.models.editions import Edition
from missions.pagecache import addresses, middleware, store
from missions.pagecache.middleware import render_current_pages

from ..helpers.editions import publish_from_review
from ..helpers.pages import CURRENT as URL
from ..helpers.staff import signed_in

pytestmark = pytest.mark.django_db

PAGES = [URL, "/fr/missions-en-cours/"]


def public_text():
    return Client().get(URL).content.decode()


def rename(region):
    region.name_en = region.name_fr = "Renamed region"
    region.save()


@pytest.mark.parametrize("path", [URL, "/fr/missions-en-cours/"])
@pytest.mark.parametrize("encoding", ["", "gzip", "br"])
def test_the_first_visitor_after_a_publish_gets_the_new_page_from_the_cache(
    haiti, path, encoding, django_assert_num_queries, settings
):
    settings.SITE_URL = "http://testserver"
    # The version the render ahead read serves the visitor, however long publishing took.
    settings.PAGE_VERSION_SECONDS = 3600
    region = haiti.region
    rename(region)
    publisher = signed_in("Publishers")

    assert publish_from_review(publisher).status_code == 302

    with django_assert_num_queries(0):
        first = Client().get(path, HTTP_ACCEPT_ENCODING=encoding)
    assert first.status_code == 200
    assert first["ETag"].startswith(f'"{Edition.objects.live().content_hash}-2-')
    assert first.get("Content-Encoding", "") == encoding
    assert "Renamed region" in public_text()


def test_visitors_keep_the_last_page_while_the_new_one_is_rendered_ahead(
    haiti, settings, monkeypatch
):
    settings.SITE_URL = "http://testserver"
    region = haiti.region
    for path in PAGES:
        assert "Renamed region" not in Client().get(path).content.decode()  # cached
    rename(region)
    handler = middleware.visitors_handler()
    seen_meanwhile = {}

    class VisitorsMeanwhile:
        """Each render ahead, with a visitor asking for its page as it starts."""

        def get_response(self, request):
            seen_meanwhile[request.path] = Client().get(request.path)
            return handler.get_response(request)

    monkeypatch.setattr(middleware, "visitors_handler", VisitorsMeanwhile)
    publish_from_review(signed_in("Publishers"))

    assert list(seen_meanwhile) == PAGES
    for path, response in seen_meanwhile.items():
        assert "Renamed region" not in response.content.decode()
        assert response["Cache-Control"] == "no-cache"  # the last copy, kept by no one
        assert "Renamed region" in Client().get(path).content.decode()


def test_a_render_ahead_leaves_a_page_another_process_is_rendering_to_it(haiti, settings):
    settings.SITE_URL = "http://testserver"
    period = f"next:{timezone.localdate()}"
    english, french = (middleware.page_key(*addresses.public_address(path), {}) for path in PAGES)
    assert store.claim_render(period, french)  # another worker is rendering it

    render_current_pages("next")

    assert store.cached_page(period, f"{english}:identity") is not None
    assert store.cached_page(period, f"{french}:identity") is None
    claims = [key for key in cache._cache if "missions:rendering:" in key]
    assert len(claims) == 1 and claims[0].endswith(store.claim_key(period, french))


def test_a_failed_render_ahead_still_puts_the_new_edition_live(
    haiti, settings, monkeypatch, caplog
):
    settings.SITE_URL = "http://testserver"
    region = haiti.region
    public_text()
    rename(region)
    monkeypatch.setattr(middleware, "visitors_handler", lambda: 1 / 0)

    publish_from_review(signed_in("Publishers"))

    assert "The current pages were not rendered ahead." in caplog.messages
    assert "Renamed region" in public_text()


def test_without_the_sites_address_the_first_visitor_renders_the_new_page(
    haiti, settings, django_assert_max_num_queries
):
    settings.SITE_URL = ""
    region = haiti.region
    public_text()
    rename(region)
    publish_from_review(signed_in("Publishers"))

    with django_assert_max_num_queries(50) as queries:
        assert "Renamed region" in public_text()
    assert len(queries) > 0


def test_the_pages_rendered_at_publish_time_have_the_sites_address(haiti, settings):
    settings.SITE_URL = "https://peace.example.ca"
    region = haiti.region
    rename(region)
    publisher = signed_in("Publishers")
    publisher.defaults.update(HTTP_HOST="admin.example.ca", HTTP_X_FORWARDED_PROTO="https")

    hosts = ["peace.example.ca", "admin.example.ca", "testserver"]
    with override_settings(ALLOWED_HOSTS=hosts, SECURE_SSL_REDIRECT=True):
        publish_from_review(publisher)
        # Another visitor's host: the page was rendered for the site's address.
        html = Client(HTTP_X_FORWARDED_PROTO="https").get(URL)

    assert (
        '<link rel="canonical" href="https://peace.example.ca/en/current-peace-operations/">'
        in html.content.decode()
    )
