"""A publish starts a new version of the pages; with the site's address set, the current
page is rendered ahead under it, so that no visitor waits for the render."""

import pytest
from django.test import Client, override_settings

from missions.models.editions import Edition
from missions.pagecache import middleware, signals
from missions.pagecache.middleware import render_current_pages

from ..helpers.editions import publish_from_review
from ..helpers.pages import CURRENT as URL
from ..helpers.staff import signed_in

pytestmark = pytest.mark.django_db


def public_text():
    return Client().get(URL).content.decode()


def rename(region):
    region.name_en = "Renamed region"
    region.save()


@pytest.mark.parametrize("path", [URL, "/fr/missions-en-cours/"])
@pytest.mark.parametrize("encoding", ["", "gzip", "br"])
def test_the_first_visitor_after_a_publish_gets_the_new_page_from_the_cache(
    haiti, path, encoding, django_assert_num_queries, settings
):
    settings.SITE_URL = "http://testserver"
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


def test_visitors_keep_the_last_page_until_the_new_one_is_rendered_ahead(
    haiti, settings, monkeypatch
):
    settings.SITE_URL = "http://testserver"
    region = haiti.region
    assert "Renamed region" not in public_text()  # the live page, cached
    rename(region)
    seen_meanwhile = []

    def render_ahead(version):
        seen_meanwhile.append(public_text())
        render_current_pages(version)

    monkeypatch.setattr(signals, "render_current_pages", render_ahead)
    publish_from_review(signed_in("Publishers"))

    assert "Renamed region" not in seen_meanwhile[0]
    assert "Renamed region" in public_text()


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
