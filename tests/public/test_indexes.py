"""/missions/ and /regions/: every mission and region, past and present, with filters."""

import datetime
import re

import pytest

from missions.models import Mission, Status

from ..helpers.editions import publish_working_copy
from ..helpers.pages import page_html
from ..helpers.records import DAY, make_mission, make_region

pytestmark = pytest.mark.django_db


def listed(response_html, slugs):
    return [slug for slug in slugs if f'href="/en/missions/{slug}/"' in response_html]


def test_the_mission_index_lists_every_mission_past_and_present_in_both_languages(seeded, client):
    html = page_html(client, "/en/missions/")
    for mission in Mission.objects.all():
        assert f'href="/en/missions/{mission.slug}/"' in html
    assert (
        "Ministerial Liaison Team and Iraqi police training" in html
    )  # gone from the current page
    assert "Ended" in html and "United Nations mission" in html
    assert "90 authorized, 40 deployed" in html  # MINUJUSTH's last figures
    french = page_html(client, "/fr/missions/")
    assert 'href="/fr/missions/minujusth/"' in french
    assert "Terminée" in french or "Terminé" in french
    assert '<html lang="fr">' in french


def test_the_region_index_lists_every_region_with_its_figure_in_both_languages(seeded, client):
    html = page_html(client, "/en/regions/")
    for slug in ("caribbean-region", "haiti", "colombia", "iraq", "ukraine"):
        assert f'href="/en/regions/{slug}/"' in html
    assert "Up to 45" in html  # Ukraine's summary-table figure
    french = page_html(client, "/fr/regions/")
    assert 'href="/fr/regions/colombia/"' in french
    assert "45 tout au plus" in french


@pytest.mark.parametrize(
    "language,formerly,continued",
    [
        ("en", "Formerly", "Continued as"),
        ("fr", "Anciennement", "Poursuivie sous le nom"),
    ],
)
def test_the_region_index_shows_each_region_s_lineage(
    seeded, client, language, formerly, continued
):
    html = page_html(client, f"/{language}/regions/")
    rows = dict(
        re.findall(r'<th scope="row"><a href="[^"]*/regions/([^/]+)/"(.*?)</th>', html, re.S)
    )
    assert f'{formerly} <a href="/{language}/regions/haiti/"' in rows["caribbean-region"]
    assert f'{continued} <a href="/{language}/regions/caribbean-region/"' in rows["haiti"]
    assert "region-lineage" not in rows["ukraine"]


def test_the_mission_index_filters_by_status_kind_region_and_date(client):
    haiti = make_region(slug="haiti", name="Haiti")
    ukraine = make_region(slug="ukraine", name="Ukraine", position=2)
    slugs = ["old", "new", "eu", "paused"]
    old = make_mission(haiti, slug="old", kind=Mission.Kind.UN, started=datetime.date(2004, 1, 1))
    publish_working_copy(datetime.date(2010, 1, 1))
    old.status, old.ended = Status.ENDED, datetime.date(2017, 10, 15)
    old.save()
    make_mission(haiti, slug="new", kind=Mission.Kind.UN, started=datetime.date(2017, 10, 16))
    make_mission(ukraine, slug="eu", kind=Mission.Kind.EU, started=datetime.date(2015, 1, 1))
    make_mission(ukraine, slug="paused", status=Status.SUSPENDED, started=DAY)
    publish_working_copy(datetime.date(2018, 1, 1))
    assert listed(page_html(client, "/en/missions/?status=ended"), slugs) == ["old"]
    assert listed(page_html(client, "/en/missions/?kind=un"), slugs) == ["old", "new"]
    assert listed(page_html(client, "/en/missions/?region=ukraine"), slugs) == ["eu", "paused"]
    # On a date: the missions of the edition in force then.
    assert listed(page_html(client, "/en/missions/?active_on=2010-01-01"), slugs) == ["old"]
    assert listed(page_html(client, "/en/missions/?active_on=2018-01-01&kind=un"), slugs) == ["new"]
    assert (
        listed(page_html(client, "/en/missions/?status=&kind=&region=&active_on="), slugs) == slugs
    )


def test_the_region_index_filters_by_date(client):
    colombia = make_region(slug="colombia", name="Colombia", position=2)
    spm = make_mission(colombia, slug="spm", started=datetime.date(2016, 1, 1))
    publish_working_copy(datetime.date(2017, 1, 1))
    spm.status = Status.ENDED
    spm.save()
    haiti = make_region(slug="haiti", name="Haiti")
    make_mission(haiti, slug="binuh", started=datetime.date(2019, 10, 16))
    publish_working_copy(datetime.date(2019, 10, 16))
    html = page_html(client, "/en/regions/?active_on=2017-01-01")
    assert 'href="/en/regions/colombia/"' in html and 'href="/en/regions/haiti/"' not in html
    # The edition in force on 2020-01-01 took effect on 2019-10-16.
    html = client.get("/en/regions/?active_on=2020-01-01", follow=True).content.decode()
    assert 'href="/en/regions/colombia/"' not in html and 'href="/en/regions/haiti/"' in html


def test_an_unpublished_change_stays_out_of_the_indexes(client):
    region = make_region()
    mission = make_mission(region, slug="shown", name="Published name")
    publish_working_copy()
    mission.name_en = "Unpublished name"
    mission.save()
    make_mission(region, slug="new-one")
    html = page_html(client, "/en/missions/")
    assert "Published name" in html and "Unpublished name" not in html
    assert listed(html, ["shown", "new-one"]) == ["shown"]


@pytest.mark.parametrize(
    "url, message",
    [
        ("/en/missions/?status=closed", "Select a valid choice"),
        ("/en/missions/?kind=navy", "Select a valid choice"),
        ("/en/missions/?region=atlantis", "Select a valid choice"),
        ("/en/missions/?active_on=2018-02-30", "YYYY-MM-DD"),
        ("/en/missions/?active_on=2999-01-01", "is in the future"),
        ("/fr/missions/?status=closed", "Sélectionnez un choix valide"),
    ],
)
def test_a_bad_filter_is_a_400_that_says_what_is_wrong(client, url, message):
    html = page_html(client, url, status=400)
    assert message in html
    # Starting again is the way out, not the current page's date form.
    index = url.partition("?")[0]
    assert f'<a href="{index}">' in html and "as it stood on another date" not in html


@pytest.mark.parametrize("url", ["/en/missions/?colour=red", "/fr/regions/?utm_source=mail"])
def test_a_parameter_the_index_does_not_use_is_ignored(client, url):
    assert page_html(client, url) == page_html(client, url.partition("?")[0])


def test_drafts_stay_out_of_the_indexes(client):
    region = make_region()
    make_mission(region, slug="shown")
    make_mission(region, slug="draft", published=False)
    make_region(slug="hidden", name="Hidden", published=False)
    publish_working_copy()
    html = page_html(client, "/en/missions/")
    assert listed(html, ["shown", "draft"]) == ["shown"]
    assert 'href="/en/regions/hidden/"' not in page_html(client, "/en/regions/")


def test_the_indexes_are_paged_keeping_the_filters(client):
    region = make_region()
    for number in range(55):
        make_mission(region, slug=f"m{number:02}", position=number)
    publish_working_copy()
    html = page_html(client, "/en/missions/?region=ukraine")
    assert "55 results" in html and "Page 1 of 2" in html
    assert 'href="?region=ukraine&amp;page=2"' in html
    assert 'href="/en/missions/m54/"' in page_html(client, "/en/missions/?region=ukraine&page=2")


def test_the_indexes_are_linked_from_the_current_page_and_the_history_pages(seeded, client):
    for url in (
        "/en/current-peace-operations/",
        "/en/missions/minujusth/",
        "/en/regions/haiti/",
        "/en/data/",
    ):
        html = page_html(client, url)
        assert 'href="/en/missions/"' in html and 'href="/en/regions/"' in html, url
        assert 'href="/en/data/"' in html, url
    html = page_html(client, "/fr/missions-en-cours/")
    assert 'href="/fr/missions/"' in html and 'href="/fr/donnees/"' in html
    assert 'href="/en/regions/haiti/snapshots.csv"' in page_html(client, "/en/regions/haiti/")


@pytest.fixture
def editions_of_2010_and_2018(client):
    """Haiti's mission "old" published on 2010-01-01, and Ukraine's "eu" added on 2018-01-01."""
    haiti = make_region(slug="haiti", name="Haiti", name_fr="Haïti")
    make_mission(haiti, slug="old", kind=Mission.Kind.UN)
    publish_working_copy(datetime.date(2010, 1, 1))
    ukraine = make_region(slug="ukraine", name="Ukraine", position=2)
    make_mission(ukraine, slug="eu", kind=Mission.Kind.EU)
    publish_working_copy(datetime.date(2018, 1, 1))


@pytest.mark.parametrize("index", ["/en/missions/", "/fr/missions/", "/en/regions/"])
def test_a_date_on_an_index_redirects_to_the_date_of_the_edition_in_force_then(
    editions_of_2010_and_2018, client, index
):
    response = client.get(f"{index}?active_on=2012-05-05&page=1")
    assert response.status_code == 302
    assert response["Location"] == f"{index}?active_on=2010-01-01&page=1"
    assert client.get(f"{index}?active_on=2018-01-01").status_code == 200


def test_a_date_on_an_index_keeps_its_other_filters_through_the_redirect(
    editions_of_2010_and_2018, client
):
    response = client.get("/en/missions/?active_on=2020-03-03&kind=eu&region=ukraine")
    assert response["Location"] == "/en/missions/?kind=eu&region=ukraine&active_on=2018-01-01"
    assert listed(page_html(client, response["Location"]), ["old", "eu"]) == ["eu"]


@pytest.mark.parametrize(
    "index, message",
    [
        (
            "/en/missions/",
            "No edition of this page is recorded on May 5, 2005. The earliest is of "
            "January 1, 2010.",
        ),
        (
            "/fr/regions/",
            "Aucune édition de cette page n'est consignée au 5 mai 2005. La plus ancienne "
            "date du 1er janvier 2010.",
        ),
    ],
)
def test_a_date_on_an_index_before_the_first_edition_is_a_404_that_costs_no_query(
    editions_of_2010_and_2018, client, index, message, django_assert_num_queries, settings
):
    settings.PAGE_VERSION_SECONDS = 3600  # the pages' version is not read again meanwhile
    client.get(f"{index}?active_on=2001-01-01")  # the editions' dates, once per process
    with django_assert_num_queries(0):
        response = client.get(f"{index}?active_on=2005-05-05")
    assert response.status_code == 404
    html = response.content.decode().replace("&#x27;", "'")
    assert message in html
    assert f'<a href="{index}">' in html  # start again with no filters


def test_an_index_on_a_date_is_redirected_or_refused_alike_when_the_view_answers(
    editions_of_2010_and_2018, client, no_page_cache
):
    response = client.get("/en/missions/?active_on=2012-05-05&page=1")
    assert response["Location"] == "/en/missions/?active_on=2010-01-01&page=1"
    refused = client.get("/en/regions/?active_on=2005-05-05")
    assert refused.status_code == 404
    assert "The earliest is of January 1, 2010." in refused.content.decode()


@pytest.mark.parametrize(
    "index, published, renamed, refused",
    [
        ("/en/missions/", "Haiti", "Renamed", "Select a valid choice"),
        ("/fr/missions/", "Haïti", "Renommée", "Sélectionnez un choix valide"),
    ],
)
def test_the_region_filter_names_the_regions_as_the_live_edition_publishes_them(
    client, index, published, renamed, refused
):
    haiti = make_region(slug="haiti", name="Haiti", name_fr="Haïti")
    make_mission(haiti, slug="binuh")
    publish_working_copy()
    haiti.name_en, haiti.name_fr = "Renamed", "Renommée"
    haiti.save()
    make_region(slug="unpublished", name="Unpublished region", position=2)

    html = page_html(client, index)

    assert f'<option value="haiti">{published}</option>' in html
    assert renamed not in html
    assert 'value="unpublished"' not in html
    assert refused in page_html(client, f"{index}?region=unpublished", status=400)
    assert listed(page_html(client, "/en/missions/?region=haiti"), ["binuh"]) == ["binuh"]


@pytest.fixture
def an_ended_mission_and_a_renamed_region():
    """2010: Haiti's MINUSTAH ("old"). 2018: MINUSTAH ended, off the page; Haiti renamed
    "Caribbean region", with BINUH ("new")."""
    haiti = make_region(slug="haiti", name="Haiti", name_fr="Haïti")
    old = make_mission(haiti, slug="old", name="MINUSTAH", kind=Mission.Kind.UN)
    publish_working_copy(datetime.date(2010, 1, 1))
    old.status, old.ended = Status.ENDED, datetime.date(2017, 10, 15)
    old.save()
    haiti.name_en, haiti.name_fr = "Caribbean region", "Région des Caraïbes"
    haiti.save()
    make_mission(haiti, slug="new", name="BINUH", kind=Mission.Kind.UN)
    publish_working_copy(datetime.date(2018, 1, 1))


def region_cells(content):
    return re.findall(r'<a href="/\w\w/regions/haiti/">([^<]*)</a>', content)


@pytest.mark.parametrize(
    "index, then, now",
    [
        ("/en/missions/", "Haiti", "Caribbean region"),
        ("/fr/missions/", "Haïti", "Région des Caraïbes"),
    ],
)
def test_the_mission_index_on_a_date_lists_exactly_the_missions_of_that_page(
    an_ended_mission_and_a_renamed_region, client, index, then, now
):
    slugs = ["old", "new"]
    content = page_html(client, f"{index}?active_on=2010-01-01")
    assert listed(content.replace(index, "/en/missions/"), slugs) == ["old"]
    assert region_cells(content) == [then]
    content = page_html(client, f"{index}?active_on=2018-01-01")
    assert listed(content.replace(index, "/en/missions/"), slugs) == ["new"]
    assert region_cells(content) == [now]
    # Without a date: every mission, ended ones included, under today's names.
    content = page_html(client, index)
    assert listed(content.replace(index, "/en/missions/"), slugs) == slugs
    assert region_cells(content) == [now, now]


def test_the_mission_index_on_a_date_filters_by_the_status_that_page_gave(
    an_ended_mission_and_a_renamed_region, client
):
    dated = "/en/missions/?active_on=2010-01-01"
    assert listed(page_html(client, f"{dated}&status=active&region=haiti"), ["old"]) == ["old"]
    assert listed(page_html(client, f"{dated}&status=ended"), ["old"]) == []


@pytest.mark.parametrize(
    "index, then, now",
    [
        ("/en/regions/", "Haiti", "Caribbean region"),
        ("/fr/regions/", "Haïti", "Région des Caraïbes"),
    ],
)
def test_the_region_index_on_a_date_names_a_renamed_region_as_that_page_did(
    an_ended_mission_and_a_renamed_region, client, index, then, now
):
    assert region_cells(page_html(client, f"{index}?active_on=2010-01-01")) == [then]
    assert region_cells(page_html(client, index)) == [now]
