"""What shared caches may keep of each public response, for how long, and the tags of what
it depends on; and the tags a publish purges."""

import pytest
from django.test import Client

from missions.editions.cachetags import publish_tags

from ..helpers.editions import publish_working_copy
from ..helpers.pages import CURRENT
from ..helpers.records import make_snapshot

pytestmark = pytest.mark.django_db

EDITION = f"{CURRENT}editions/1/"
DAY = 24 * 60 * 60


@pytest.mark.parametrize(
    ("path", "status", "tags"),
    [
        (CURRENT, 200, "peaceops live"),
        ("/fr/missions-en-cours/", 200, "peaceops live"),
        (f"{CURRENT}?as_of=yesterday", 400, "peaceops live"),
        (EDITION, 200, "peaceops edition-1"),
        (f"{EDITION}figures.csv", 200, "peaceops edition-1"),
        (f"{EDITION}corrections/", 200, "peaceops live edition-1"),
        (f"{CURRENT}editions/2/", 404, "peaceops edition-2 live"),
        (f"{CURRENT}changes/", 200, "peaceops live changes"),
        (f"{CURRENT}changes/feed/", 200, "peaceops live changes"),
        ("/en/missions/", 200, "peaceops live"),
        ("/en/regions/", 200, "peaceops live"),
        ("/en/missions/binuh/", 200, "peaceops live mission-binuh"),
        ("/en/regions/haiti/", 200, "peaceops live region-haiti"),
        ("/en/missions/unknown/", 404, "peaceops live mission-unknown"),
        ("/en/data/", 200, "peaceops live downloads"),
        ("/en/data/datapackage.json", 200, "peaceops live downloads"),
        ("/en/data/snapshots.csv", 200, "peaceops live downloads"),
        ("/en/missions/binuh/snapshots.json", 200, "peaceops live mission-binuh downloads"),
        ("/en/regions/haiti/snapshots.csv", 200, "peaceops live region-haiti downloads"),
        ("/en/api/", 200, "peaceops live downloads"),
        ("/api/v1/missions", 200, "peaceops live downloads"),
        ("/en/no-such-page/", 404, "peaceops live"),
        ("/", 200, "peaceops"),
    ],
)
def test_each_public_response_names_what_it_depends_on_for_shared_caches(
    haiti, settings, path, status, tags
):
    settings.PAGE_SHARED_MAX_AGE = DAY
    response = Client().get(path)
    assert response.status_code == status
    assert response["Surrogate-Key"] == tags
    cache_control = response["Cache-Control"].split(", ")
    assert "public" in cache_control
    assert any(part.startswith("s-maxage=") for part in cache_control) or (
        "immutable" in cache_control  # an edition's files: kept for good by everyone
    )


def test_a_past_dates_redirect_is_shared_until_the_next_publish(two_published_editions):
    response = Client().get(f"{CURRENT}?as_of=2020-06-01")
    assert response.status_code == 302
    assert response["Surrogate-Key"] == "peaceops live"
    assert "s-maxage=60" in response["Cache-Control"]


def test_a_page_is_stored_with_its_shared_lifetime_and_tags_and_sent_with_them_from_the_cache(
    haiti, settings, django_assert_num_queries
):
    settings.PAGE_SHARED_MAX_AGE = DAY
    rendered = Client().get("/en/missions/binuh/", HTTP_ACCEPT_ENCODING="br")
    with django_assert_num_queries(0):
        cached = Client().get("/en/missions/binuh/", HTTP_ACCEPT_ENCODING="br")
    for response in (rendered, cached):
        cache_control = set(response["Cache-Control"].split(", "))
        assert cache_control == {
            "public",
            "max-age=60",
            "stale-while-revalidate=600",
            f"s-maxage={DAY}",
        }
        assert response["Surrogate-Key"] == "peaceops live mission-binuh"


def test_shared_caches_keep_a_page_as_long_as_browsers_unless_told_otherwise(haiti):
    cache_control = Client().get(CURRENT)["Cache-Control"].split(", ")
    assert "max-age=60" in cache_control
    assert "s-maxage=60" in cache_control


def test_shared_caches_never_keep_a_response_less_long_than_browsers(haiti):
    # The API's five minutes for browsers, with PAGE_SHARED_MAX_AGE's default of one.
    cache_control = Client().get("/api/v1/missions")["Cache-Control"].split(", ")
    assert {"max-age=300", "s-maxage=300"} <= set(cache_control)


def test_an_edition_keeps_its_year_in_shared_caches(haiti, settings):
    settings.PAGE_SHARED_MAX_AGE = DAY
    cache_control = Client().get(EDITION)["Cache-Control"].split(", ")
    assert set(cache_control) == {"public", "max-age=60", "s-maxage=31536000"}


@pytest.mark.parametrize(
    "header,value",
    [
        ("xkey", "peaceops live"),
        ("Surrogate-Key", "peaceops live"),
        ("Edge-Cache-Tag", "peaceops,live"),
        ("Cache-Tag", "peaceops,live"),
    ],
)
def test_the_tag_header_is_named_by_the_setting_and_separated_as_its_cache_expects(
    haiti, settings, header, value
):
    settings.CACHE_TAG_HEADER = header
    response = Client().get(CURRENT)
    assert response[header] == value
    others = {"xkey", "Surrogate-Key", "Edge-Cache-Tag", "Cache-Tag"} - {header}
    assert not any(other in response for other in others)


def test_signed_in_staff_get_pages_no_cache_keeps_and_no_tags(haiti, admin_client):
    for path in (CURRENT, EDITION, "/en/missions/binuh/"):
        response = admin_client.get(path)
        assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
        assert "s-maxage" not in response["Cache-Control"]
        assert "Surrogate-Key" not in response


def test_a_form_for_one_visitor_gets_no_tags(haiti):
    response = Client().get("/en/feedback/?page=/en/current-peace-operations/")
    assert "public" not in response.get("Cache-Control", "")
    assert "Surrogate-Key" not in response


def test_a_publish_purges_what_is_live_the_change_log_the_downloads_and_what_it_changed(haiti):
    make_snapshot(haiti.region, haiti.mission, as_of=haiti.figure.as_of.replace(day=2))
    edition = publish_working_copy(summary="A new figure")
    assert publish_tags(edition) == [
        "changes",
        "downloads",
        "live",
        "mission-binuh",
        "region-haiti",
    ]


def test_a_publish_that_changes_no_mission_or_region_purges_neither(haiti):
    from missions.models import Posting

    Posting.objects.filter(slug="icc").update(title_en="The International Criminal Court")
    edition = publish_working_copy(summary="A posting renamed")
    assert publish_tags(edition) == ["changes", "downloads", "live"]


def test_a_correction_purges_the_earlier_editions_that_showed_the_figure(haiti):
    haiti.figure.authorized = 12
    haiti.figure.save()
    edition = publish_working_copy(summary="A figure corrected")
    tags = publish_tags(edition)
    assert "edition-1" in tags
    assert "edition-2" not in tags
    assert {"mission-binuh", "region-haiti", "live"} <= set(tags)


def test_publish_tags_takes_four_queries_at_most(haiti, django_assert_max_num_queries):
    haiti.figure.authorized = 12
    haiti.figure.save()
    edition = publish_working_copy(summary="A figure corrected")
    with django_assert_max_num_queries(4):
        publish_tags(edition)
