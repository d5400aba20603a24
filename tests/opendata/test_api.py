"""The read API, /api/v1/: records, filters, cursor pages, caching headers, 400s, the
OpenAPI document and its page for people."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from missions.editions.document import schema, schema_errors
from missions.models import DeploymentSnapshot, Edition, Mission, Region

from ..helpers.editions import make_edition, publish_working_copy
from ..helpers.pages import inline_scripts, inline_styles, start_tags
from ..helpers.records import DAY, generate_load_data, make_mission, make_region, make_snapshot

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content)
    return response.json()


def test_regions_carry_both_languages_and_their_addresses(seeded, client):
    data = get(client, "/api/v1/regions")["data"]
    assert len(data) == Region.objects.count()
    haiti = next(region for region in data if region["slug"] == "haiti")
    assert haiti["name"] == {"en": "Haiti", "fr": "Haïti"}
    assert haiti["language"] == "fr" and haiti["armed"] is True
    assert haiti["url"] == {
        "en": "http://testserver/en/regions/haiti/",
        "fr": "http://testserver/fr/regions/haiti/",
    }


def test_regions_carry_their_predecessor_s_slug(seeded, client):
    data = get(client, "/api/v1/regions")["data"]
    predecessors = {region["slug"]: region["predecessor"] for region in data}
    assert predecessors["caribbean-region"] == "haiti"
    assert predecessors["haiti"] is None


def test_missions_carry_both_languages_dates_and_lineage(seeded, client):
    data = get(client, "/api/v1/missions?region=haiti")["data"]
    minujusth = next(mission for mission in data if mission["slug"] == "minujusth")
    minustah = Mission.objects.get(slug="minustah")
    assert minujusth["acronym"] == {"en": "MINUJUSTH", "fr": "MINUJUSTH"}
    assert minujusth["name"]["fr"] == "Mission des Nations Unies pour l'appui à la justice en Haïti"
    assert minujusth["status"] == "ended" and minujusth["kind"] == "un"
    assert minujusth["started"] == "2017-10-16" and minujusth["started_precision"] == "day"
    assert minujusth["predecessor_id"] == minustah.pk
    assert minujusth["url"]["fr"] == "http://testserver/fr/missions/minujusth/"
    assert [m["slug"] for m in get(client, "/api/v1/missions?status=ended&kind=un")["data"]] == [
        m.slug for m in Mission.objects.filter(status="ended", kind="un").order_by("pk")
    ]


def test_figures_filter_by_mission_region_level_and_dates(seeded, client):
    def ids(query):
        return [figure["id"] for figure in get(client, f"/api/v1/figures?{query}")["data"]]

    def expected(**lookups):
        return list(
            DeploymentSnapshot.objects.filter(**lookups).order_by("pk").values_list("pk", flat=True)
        )

    assert ids("") == expected()
    assert ids("mission=minujusth") == expected(mission__slug="minujusth")
    assert ids("region=west-bank") == expected(region__slug="west-bank")
    assert ids("region=west-bank&level=region") == expected(region__slug="west-bank", mission=None)
    assert ids("level=mission") == expected(mission__isnull=False)
    assert ids("date_from=2024-01-01") == expected(as_of__gte="2024-01-01")
    assert ids("date_to=2017-12-31&level=region") == expected(as_of__lte="2017-12-31", mission=None)
    figure = get(client, "/api/v1/figures?mission=minujusth")["data"][0]
    assert figure | {"id": 0, "region_id": 0, "mission_id": 0, "source": ""} == {
        "id": 0,
        "level": "mission",
        "region_id": 0,
        "mission_id": 0,
        "as_of": "2017-10-16",
        "as_of_precision": "year",
        "authorized": 90,
        "deployed": 40,
        "source": "",
        "edition": 1,
    }


def test_editions_carry_both_summaries_and_their_addresses(seeded, client):
    data = get(client, "/api/v1/editions")["data"]
    assert [edition["number"] for edition in data] == [1, 2]
    first = Edition.objects.get(number=1)
    assert data[0] | {"summary": {}, "source": ""} == {
        "number": 1,
        "kind": "historical",
        "took_effect": "2017-10-16",
        "significant": True,
        "summary": {},
        "source": "",
        "recorded_on": None,
        "content_hash": first.content_hash,
        "url": {
            "en": "http://testserver/en/current-peace-operations/editions/1/",
            "fr": "http://testserver/fr/missions-en-cours/editions/1/",
        },
        "figures_csv": {
            "en": "http://testserver/en/current-peace-operations/editions/1/figures.csv",
            "fr": "http://testserver/fr/missions-en-cours/editions/1/figures.csv",
        },
        "figures_json": {
            "en": "http://testserver/en/current-peace-operations/editions/1/figures.json",
            "fr": "http://testserver/fr/missions-en-cours/editions/1/figures.json",
        },
    }
    assert data[0]["summary"] == {"en": first.summary_en, "fr": first.summary_fr}
    assert data[0]["source"] == first.source


def test_editions_filter_by_kind_significance_and_dates(client):
    make_edition(1, DAY)
    make_edition(2, DAY.replace(month=7), significant=False, kind="historical")
    make_edition(3, DAY.replace(month=8))

    def numbers(query):
        return [edition["number"] for edition in get(client, f"/api/v1/editions?{query}")["data"]]

    assert numbers("") == [1, 2, 3]
    assert numbers("kind=historical") == [2]
    assert numbers("significant=true") == [1, 3]
    assert numbers("significant=false") == [2]
    assert numbers("date_from=2020-07-01") == [2, 3]
    assert numbers("date_to=2020-07-01") == [1, 2]
    assert numbers("limit=2") == [1, 2]


def test_an_edition_carries_the_whole_page_it_published(seeded, client):
    edition = Edition.objects.get(number=2)
    answer = get(client, "/api/v1/editions/2")
    assert answer["document"] == edition.document
    assert answer["number"] == 2 and answer["content_hash"] == edition.content_hash
    assert schema_errors(answer["document"]) == []
    assert get(client, "/api/v1/editions/99", 404) == {"detail": "number: there is no edition 99."}


def test_an_edition_set_to_take_effect_later_is_not_in_the_api_yet(client):
    make_edition(1, DAY)
    make_edition(2, timezone.localdate() + datetime.timedelta(days=1))
    assert [e["number"] for e in get(client, "/api/v1/editions")["data"]] == [1]
    assert get(client, "/api/v1/editions/2", 404)["detail"] == "number: there is no edition 2."


@pytest.mark.parametrize("path", ["/api/v1/editions/a%2Fb", "/api/v1/colours", "/api/v1/regions/x"])
def test_an_address_under_the_api_that_names_nothing_gets_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("There is nothing at /api/v1/")


def test_the_edition_schema_is_served_with_the_api(client):
    assert get(client, "/api/v1/schemas/edition") == schema()


def test_figures_carry_and_filter_by_the_edition_that_published_their_values(client):
    region = make_region()
    mission = make_mission(region)
    kept = make_snapshot(region, mission, authorized=30)
    changed = make_snapshot(region, mission, as_of=DAY.replace(month=7), authorized=40)
    publish_working_copy(took_effect=DAY.replace(month=8))
    changed.authorized = 45
    changed.save()
    publish_working_copy(took_effect=DAY.replace(month=9))

    def figures(query=""):
        data = get(client, f"/api/v1/figures?{query}")["data"]
        return [(figure["id"], figure["authorized"], figure["edition"]) for figure in data]

    assert figures() == [(kept.pk, 30, 1), (changed.pk, 45, 2)]
    assert figures("edition=2") == [(changed.pk, 45, 2)]
    assert figures("edition=3") == []


def test_language_and_armed_are_as_published_not_as_the_working_copy_has_them(client):
    region = make_region(language="fr", armed=False)
    make_mission(region, slug="own", language="es", armed=True)
    make_mission(region, slug="same")
    publish_working_copy()
    Region.objects.update(language="en", armed=True)
    Mission.objects.update(language="", armed=None)

    (region_out,) = get(client, "/api/v1/regions")["data"]
    missions = {m["slug"]: m for m in get(client, "/api/v1/missions")["data"]}
    assert (region_out["language"], region_out["armed"]) == ("fr", False)
    assert (missions["own"]["language"], missions["own"]["armed"]) == ("es", True)
    assert (missions["same"]["language"], missions["same"]["armed"]) == (None, None)


def test_lists_come_a_page_at_a_time_after_a_cursor(client):
    region = make_region()
    mission = make_mission(region)
    for day in range(1, 8):
        make_snapshot(region, mission, as_of=DAY.replace(day=day), authorized=day)
    publish_working_copy()
    seen, url, pages = [], "/api/v1/figures?limit=3&mission=bilateral", 0
    while url:
        answer = get(client, url)
        seen += [figure["authorized"] for figure in answer["data"]]
        url, pages = answer["next"], pages + 1
        assert url is None or "mission=bilateral" in url
    assert seen == [1, 2, 3, 4, 5, 6, 7] and pages == 3


def test_drafts_stay_out_of_the_api(client):
    region = make_region()
    draft = make_mission(region, slug="draft", published=False)
    make_snapshot(region, draft)
    hidden = make_region(slug="hidden", name="Hidden", published=False)
    make_snapshot(hidden)
    publish_working_copy()
    assert get(client, "/api/v1/figures")["data"] == []
    assert [m["slug"] for m in get(client, "/api/v1/missions")["data"]] == []
    assert [r["slug"] for r in get(client, "/api/v1/regions")["data"]] == ["ukraine"]
    assert "no published mission" in get(client, "/api/v1/figures?mission=draft", 400)["detail"]


def test_answers_carry_an_etag_and_may_be_cached_for_five_minutes(seeded, client):
    response = client.get("/api/v1/figures?level=region")
    assert response["Cache-Control"] == "public, max-age=300, s-maxage=300"
    etag = response["ETag"]
    again = client.get("/api/v1/figures?level=region", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert client.get("/api/v1/figures?level=mission")["ETag"] != etag


@pytest.mark.parametrize(
    "query, message",
    [
        ("/regions?colour=red", "Unknown parameter: colour."),
        ("/figures?limit=0", "limit: Input should be greater than or equal to 1"),
        ("/figures?limit=1001", "limit: Input should be less than or equal to 1000"),
        ("/figures?limit=ten", "limit: Input should be a valid integer"),
        ("/figures?level=country", "level: Input should be 'region' or 'mission'"),
        ("/figures?date_from=2018-02-30", "date_from: Input should be a valid date"),
        ("/figures?date_from=2020-01-02&date_to=2020-01-01", "date_from: after date_to."),
        ("/figures?region=atlantis", "region: there is no published region “atlantis”."),
        ("/figures?mission=a%20b", "mission: String should match pattern"),
        ("/figures?cursor=bm9wZQ", "cursor: not a cursor from a `next` address."),
        ("/figures?level=region&level=mission", "Give each parameter once: level."),
        ("/missions?status=closed", "status: Input should be 'active', 'suspended' or 'ended'"),
        ("/figures?edition=0", "edition: Input should be greater than or equal to 1"),
        ("/editions?significant=maybe", "significant: Input should be a valid boolean"),
        ("/editions?kind=draft", "kind: Input should be 'published' or 'historical'"),
        ("/editions?date_from=2020-01-02&date_to=2020-01-01", "date_from: after date_to."),
        ("/editions/0", "number: String should match pattern"),
        ("/editions/1?format=xml", "Unknown parameter: format."),
        ("/schemas/edition?v=2", "Unknown parameter: v."),
    ],
)
def test_bad_parameters_get_a_400_that_says_what_is_wrong(client, query, message):
    assert message in get(client, f"/api/v1{query}", 400)["detail"]


def test_the_openapi_document_is_version_3_1_at_a_stable_address(client):
    document = get(client, "/api/v1/openapi.json")
    assert document["openapi"].startswith("3.1")
    assert document["info"]["version"] == "1"
    assert set(document["paths"]) == {
        "/api/v1/editions",
        "/api/v1/editions/{number}",
        "/api/v1/schemas/edition",
        "/api/v1/regions",
        "/api/v1/missions",
        "/api/v1/figures",
        "/api/v1/un-contributions",
    }
    for operation in document["paths"].values():
        assert {"200", "400"} <= set(operation["get"]["responses"])
    # Clients generated from the document name their calls by these: they never move.
    assert {operation["get"]["operationId"] for operation in document["paths"].values()} == {
        "missions_api_editions",
        "missions_api_edition",
        "missions_api_edition_schema",
        "missions_api_regions",
        "missions_api_missions",
        "missions_api_figures",
        "missions_api_un_contributions",
    }


@pytest.mark.parametrize("url", ["/en/api/", "/fr/api/"])
def test_the_api_page_for_people_lists_every_endpoint_and_loads_nothing_from_elsewhere(client, url):
    html = client.get(url).content.decode()
    paths = ("/api/v1/editions", "/api/v1/regions", "/api/v1/figures", f"{url}openapi.json")
    for path in paths:
        assert path in html
    for name in ("date_from", "cursor", "level"):
        assert f"<code>{name}</code>" in html
    assert not inline_scripts(html) and not inline_styles(html)
    for tag, attrs in start_tags(html):
        # The canonical and other-language links name pages; they load nothing.
        if tag in ("script", "link", "img") and attrs.get("rel") not in ("canonical", "alternate"):
            assert (attrs.get("src") or attrs.get("href")).startswith("/"), (tag, attrs)


@pytest.mark.slow
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/editions",
        "/api/v1/regions",
        "/api/v1/missions?status=active",
        "/api/v1/figures?limit=1000",
        "/api/v1/figures?region=load-region-0001&level=mission&date_from=2000-01-01",
    ],
)
def test_api_lists_make_the_same_queries_at_seed_size_and_generated_size(
    seeded, url, django_assert_num_queries
):
    generate(regions=2)
    client = Client()
    small = count_queries(client, url)
    generate(regions=12)
    assert DeploymentSnapshot.objects.count() > 1000
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200
    assert small <= 3  # the live edition, the records, and for missions their predecessors


def generate(regions):
    generate_load_data(regions, 5, 20)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_api_shows_only_what_an_edition_published(client):
    region = make_region()
    mission = make_mission(region, name="Published name")
    make_snapshot(region, mission, authorized=30)
    publish_working_copy()
    mission.name_en = "Unpublished name"
    mission.save()
    make_snapshot(region, mission, as_of=DAY + datetime.timedelta(days=1), authorized=99)
    make_region(slug="new-region", name="New region")

    missions = get(client, "/api/v1/missions")["data"]
    figures = get(client, "/api/v1/figures")["data"]
    regions = get(client, "/api/v1/regions")["data"]

    assert [m["name"]["en"] for m in missions] == ["Published name"]
    assert [f["authorized"] for f in figures] == [30]
    assert [r["slug"] for r in regions] == ["ukraine"]


def test_a_mission_moved_into_an_unpublished_region_keeps_its_published_region(client):
    haiti = make_region(slug="haiti", name="Haiti")
    mission = make_mission(haiti, slug="binuh")
    publish_working_copy()
    mission.region = make_region(slug="new-region", name="New region", position=2)
    mission.save()

    regions = get(client, "/api/v1/regions")["data"]
    (moved,) = get(client, "/api/v1/missions")["data"]

    assert [region["id"] for region in regions] == [haiti.pk]
    assert moved["region_id"] == haiti.pk
    assert [m["slug"] for m in get(client, "/api/v1/missions?region=haiti")["data"]] == ["binuh"]
    assert "no published region" in get(client, "/api/v1/missions?region=new-region", 400)["detail"]
