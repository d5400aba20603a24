"""The figure downloads, CSV and JSON, of the whole page, a region, a mission and each
edition: streamed from the published copy, in the visitor's language."""

import csv
import datetime
import io
import json
import tracemalloc

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date

from missions.models import DeploymentSnapshot, Edition

from ..helpers.editions import publish_working_copy
from ..helpers.pages import DATA
from ..helpers.records import DAY, add_snapshots, make_mission, make_region, make_snapshot

pytestmark = pytest.mark.django_db

COLUMNS = [
    "figure_id",
    "level",
    "region_id",
    "region_slug",
    "region",
    "mission_id",
    "mission_slug",
    "mission",
    "acronym",
    "as_of",
    "as_of_precision",
    "authorized",
    "deployed",
    "status",
    "source",
    "edition",
]


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return response, b"".join(response.streaming_content).decode("utf-8")


def csv_rows(client, url):
    response, text = download(client, url)
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_downloads_live_at_their_named_urls():
    assert reverse("missions:snapshots_csv") == "/en/data/snapshots.csv"
    assert reverse("missions:snapshots_json") == "/en/data/snapshots.json"
    assert reverse("missions:regions_csv") == "/en/data/regions.csv"
    assert reverse("missions:missions_json") == "/en/data/missions.json"
    assert reverse("missions:region_snapshots_csv", args=["haiti"]) == (
        "/en/regions/haiti/snapshots.csv"
    )
    assert reverse("missions:mission_snapshots_csv", args=["binuh"]) == (
        "/en/missions/binuh/snapshots.csv"
    )
    assert reverse("missions:mission_snapshots_json", args=["binuh"]) == (
        "/en/missions/binuh/snapshots.json"
    )


def test_the_csv_has_a_header_and_one_row_per_snapshot_in_a_stable_order(published_seed, client):
    response, text = download(client, "/en/data/snapshots.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="snapshots-en.csv"'
    lines = text.splitlines()
    assert lines[0] == ",".join(COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == DeploymentSnapshot.objects.count() == 11
    # By region and mission address, then date: the order the published copy keeps.
    assert [(r["region_slug"], r["mission_slug"], r["as_of"]) for r in rows] == [
        ("caribbean-region", "", "2024-04-01"),
        ("colombia", "", "2017-10-16"),
        ("democratic-republic-of-the-congo", "", "2024-04-01"),
        ("haiti", "minujusth", "2017-10-16"),
        ("iraq", "iraq-ministerial-liaison-team", "2017-10-16"),
        ("ukraine", "", "2024-04-01"),
        ("ukraine", "ukraine-bilateral", "2017-10-16"),
        ("west-bank", "", "2017-10-16"),
        ("west-bank", "", "2024-04-01"),
        ("west-bank", "eupol-copps", "2017-10-16"),
        ("west-bank", "operation-proteus", "2017-10-16"),
    ]
    minujusth = rows[3]
    snapshot = DeploymentSnapshot.objects.get(mission__slug="minujusth")
    assert minujusth == {
        "figure_id": str(snapshot.pk),
        "level": "mission",
        "region_id": str(snapshot.region_id),
        "region_slug": "haiti",
        "region": "Haiti",
        "mission_id": str(snapshot.mission_id),
        "mission_slug": "minujusth",
        "mission": "United Nations Mission for Justice Support in Haiti",
        "acronym": "MINUJUSTH",
        "as_of": "2017-10-16",
        "as_of_precision": "year",
        "authorized": "90",
        "deployed": "40",
        "status": "ended",
        "source": minujusth["source"],
        "edition": "1",  # the 2017 page
    }
    assert '"Authorized deployments: 90"' in minujusth["source"]
    assert rows[9]["authorized"] == "" and rows[9]["deployed"] == "1"
    assert rows[0]["mission"] == rows[0]["mission_id"] == rows[0]["status"] == ""
    assert rows[0]["level"] == "region"


def test_the_french_csv_uses_french_names_in_utf8(published_seed, client):
    response, text = download(client, "/fr/donnees/snapshots.csv")
    assert response["Content-Disposition"] == 'attachment; filename="snapshots-fr.csv"'
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[0]["region"] == "Région des Caraïbes"
    assert rows[3]["region"] == "Haïti"
    assert rows[3]["mission"] == "Mission des Nations Unies pour l'appui à la justice en Haïti"
    assert rows[4]["acronym"] == "ELM"
    assert list(rows[0]) == COLUMNS


def test_a_name_the_live_edition_knows_only_in_english_is_given_in_english(client):
    region = make_region(slug="x", name="Somewhere")
    make_snapshot(region, make_mission(region, name="A mission"))
    edition = publish_working_copy()
    document = edition.document
    for entry in document["catalog"]["regions"] + document["catalog"]["missions"]:
        entry["name"] = {"en": entry["name"]["en"]}  # as a historical edition may have it
    Edition.objects.create(
        number=2, took_effect=edition.took_effect, summary_en="-", summary_fr="-", document=document
    )
    assert [(r["region"], r["mission"]) for r in csv_rows(client, "/fr/donnees/snapshots.csv")] == [
        ("Somewhere", "A mission")
    ]


def json_rows(client, url):
    return json.loads(download(client, url)[1])["data"]


def test_the_json_holds_the_licence_and_the_rows_with_the_same_columns(seeded, client):
    response, text = download(client, "/en/data/snapshots.json")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="snapshots-en.json"'
    document = json.loads(text)
    assert list(document) == ["licence", "citation", "describedby", "data"]
    records = document["data"]
    assert len(records) == 11
    assert all(list(record) == COLUMNS for record in records)
    assert records[3] | {"source": "", "figure_id": 0, "region_id": 0, "mission_id": 0} == {
        "figure_id": 0,
        "level": "mission",
        "region_id": 0,
        "region_slug": "haiti",
        "region": "Haiti",
        "mission_id": 0,
        "mission_slug": "minujusth",
        "mission": "United Nations Mission for Justice Support in Haiti",
        "acronym": "MINUJUSTH",
        "as_of": "2017-10-16",
        "as_of_precision": "year",
        "authorized": 90,
        "deployed": 40,
        "status": "ended",
        "source": "",
        "edition": 1,
    }
    assert records[0]["mission"] is None and records[0]["deployed"] is None
    assert json_rows(client, "/fr/donnees/snapshots.json")[3]["region"] == "Haïti"


def test_an_empty_export_is_a_header_or_an_empty_list(client):
    assert download(client, "/en/data/snapshots.csv")[1] == ",".join(COLUMNS) + "\r\n"
    assert json_rows(client, "/en/data/snapshots.json") == []


def test_a_missions_download_holds_only_its_own_figures(published_seed, client):
    response, text = download(client, "/en/missions/minujusth/snapshots.csv")
    assert response["Content-Disposition"] == ('attachment; filename="minujusth-snapshots-en.csv"')
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [(r["mission_slug"], r["authorized"], r["deployed"]) for r in rows] == [
        ("minujusth", "90", "40")
    ]
    records = json_rows(client, "/en/missions/eupol-copps/snapshots.json")
    assert [(r["mission_slug"], r["authorized"], r["deployed"]) for r in records] == [
        ("eupol-copps", None, 1)
    ]
    assert json_rows(client, "/en/missions/binuh/snapshots.json") == []


def test_a_regions_download_holds_its_shared_figures_and_its_missions(seeded, client):
    response, text = download(client, "/fr/regions/west-bank/snapshots.csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="region-west-bank-snapshots-fr.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [(r["level"], r["mission_slug"], r["as_of"]) for r in rows] == [
        ("region", "", "2017-10-16"),
        ("region", "", "2024-04-01"),
        ("mission", "eupol-copps", "2017-10-16"),
        ("mission", "operation-proteus", "2017-10-16"),
    ]
    assert {r["region"] for r in rows} == {"Cisjordanie"}
    assert [r["level"] for r in json_rows(client, "/en/regions/haiti/snapshots.json")] == [
        "mission"
    ]


def test_drafts_stay_out_of_the_downloads(client):
    region = make_region()
    shown = make_mission(region, slug="shown")
    draft = make_mission(region, slug="draft", published=False)
    hidden_region = make_region(slug="hidden", name="Hidden", published=False)
    make_snapshot(region, shown, authorized=1)
    make_snapshot(region, draft, authorized=2)
    make_snapshot(hidden_region, authorized=3)
    make_snapshot(region, authorized=4)
    publish_working_copy()
    rows = csv_rows(client, "/en/data/snapshots.csv")
    assert sorted(r["authorized"] for r in rows) == ["1", "4"]
    assert client.get("/en/missions/draft/snapshots.csv").status_code == 404
    assert client.get("/en/missions/draft/snapshots.json").status_code == 404
    assert client.get("/en/missions/no-such-mission/snapshots.csv").status_code == 404
    assert client.get("/en/regions/hidden/snapshots.csv").status_code == 404
    assert client.get("/en/regions/hidden/snapshots.json").status_code == 404


@pytest.mark.slow
def test_the_downloads_take_three_queries_however_many_rows(django_assert_num_queries, settings):
    settings.PAGE_VERSION_SECONDS = 3600  # counted per request, not per period
    region = make_region()
    mission = make_mission(region)
    add_snapshots(mission, 5000)
    publish_working_copy()
    # The live edition's number (the ETag), the live edition (for the names), then the
    # figures; the first download also reads the editions' dates, once, to look for the
    # live edition's built file (none here).
    for url, queries in (
        ("/en/data/snapshots.csv", 4),
        ("/en/data/snapshots.json", 3),
        ("/en/missions/bilateral/snapshots.csv", 3),
        ("/en/missions/bilateral/snapshots.json", 3),
        ("/en/regions/ukraine/snapshots.csv", 3),
        ("/fr/regions/ukraine/snapshots.json", 3),
    ):
        with django_assert_num_queries(queries):
            response = Client().get(url)
            body = b"".join(response.streaming_content)
        assert body.count(b"\n") >= 5000


def peak_memory(url):
    """The peak memory allocated while the whole download is produced, its size, and the
    number of pieces it is sent in (with no length given first)."""
    client = Client()
    tracemalloc.start()
    try:
        response = client.get(url)
        assert not response.has_header("Content-Length")
        sizes = [len(chunk) for chunk in response.streaming_content]
        return tracemalloc.get_traced_memory()[1], sum(sizes), len(sizes)
    finally:
        tracemalloc.stop()


@pytest.mark.slow
@pytest.mark.parametrize("url", ["/en/data/snapshots.csv", "/en/data/snapshots.json"])
def test_the_full_export_streams_so_memory_stays_flat(url):
    mission = make_mission(make_region())
    # The database iterator holds two chunks of 2,000 rows at most: start past that.
    add_snapshots(mission, 4000)
    publish_working_copy()
    small_peak, small_size, _pieces = peak_memory(url)
    add_snapshots(mission, 8000, start=4000)
    publish_working_copy()
    large_peak, large_size, pieces = peak_memory(url)
    assert large_size > 2.9 * small_size
    assert pieces > 1  # written as it is read, not built whole and sent in one piece
    # Holding the rows and the text would add over twice the extra output (about 6 MB);
    # streaming adds only noise (a few hundred kB at most).
    assert large_peak - small_peak < 0.25 * (large_size - small_size)


def test_text_a_spreadsheet_would_run_as_a_formula_is_defused_in_the_csv_only(client):
    region = make_region(slug="haiti", name="Haiti")
    mission = make_mission(region, slug="binuh", name='=HYPERLINK("http://x")', started=DAY)
    make_snapshot(region, mission, authorized=5, source="@SUM(A1)")
    publish_working_copy()
    [row] = csv_rows(client, "/en/data/snapshots.csv")
    assert row["mission"] == '\'=HYPERLINK("http://x")'
    assert row["source"] == "'@SUM(A1)"
    [record] = json_rows(client, "/en/data/snapshots.json")
    assert record["mission"] == '=HYPERLINK("http://x")'
    assert record["source"] == "@SUM(A1)"


def test_an_editors_unpublished_figures_stay_out_of_the_downloads_until_published(client):
    region = make_region()
    mission = make_mission(region, slug="m")
    snapshot = make_snapshot(region, mission, authorized=10)
    publish_working_copy()
    snapshot.authorized = 11
    snapshot.save()
    make_snapshot(region, mission, as_of=DAY + datetime.timedelta(days=1), authorized=12)
    mission.name_en = "Unpublished name"
    mission.save()
    for url in ("/en/data/snapshots.csv", "/en/missions/m/snapshots.csv"):
        rows = csv_rows(client, url)
        assert [(r["mission"], r["authorized"]) for r in rows] == [("Bilateral engagement", "10")]
    publish_working_copy()
    rows = csv_rows(client, "/en/data/snapshots.csv")
    assert [(r["mission"], r["authorized"]) for r in rows] == [
        ("Unpublished name", "11"),
        ("Unpublished name", "12"),
    ]


def test_the_region_and_mission_files_give_the_language_and_arms_as_published(haiti, client):
    haiti.region.language, haiti.region.armed = "ar", True
    haiti.region.save()
    haiti.mission.language = "pt"
    haiti.mission.save()
    regions = download(client, "/en/data/regions.csv")[1]
    missions = download(client, "/en/data/missions.csv")[1]
    assert ",en,false" in regions and ",ar," not in regions
    assert ",en,false," in missions and ",pt," not in missions
    publish_working_copy()
    assert ",ar,true" in download(client, "/en/data/regions.csv")[1]
    assert ",pt,true," in download(client, "/en/data/missions.csv")[1]


def test_each_edition_has_its_figures_as_csv_and_json(two_published_editions, client):
    response, text = download(client, "/en/current-peace-operations/editions/1/figures.csv")
    assert response["Content-Disposition"] == 'attachment; filename="edition-1-figures-en.csv"'
    cache_control = set(response["Cache-Control"].split(", "))
    assert cache_control == {"public", "max-age=31536000", "immutable"}
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [
        (r["shown_in"], r["mission_slug"], r["figure"], r["wording"], r["as_of"]) for r in rows
    ] == [
        ("table", "", "authorized", "Up to 20", "2020-01-01"),
        ("mission", "bilateral", "authorized", "20", "2020-01-01"),
    ]
    assert rows[0]["level"] == "missions" and rows[1]["level"] == "mission"
    records = json.loads(download(client, "/fr/missions-en-cours/editions/2/figures.json")[1])
    assert {(r["region"], r["wording"]) for r in records} >= {("Ukraine FR", "25 tout au plus")}
    assert all(r["edition"] == 2 for r in records)
    assert client.get("/en/current-peace-operations/editions/9/figures.csv").status_code == 404


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_mission_moved_into_an_unpublished_region_keeps_its_published_region_in_the_files(
    client, language
):
    haiti = make_region(slug="haiti", name="Haiti", name_fr="Haïti")
    mission = make_mission(haiti, slug="binuh")
    publish_working_copy()
    mission.region = make_region(slug="new-region", name="New region", position=2)
    mission.save()
    haiti.name_en, haiti.name_fr = "Renamed", "Renommée"
    haiti.save()

    regions = csv_rows(client, f"{DATA[language]}regions.csv")
    (moved,) = csv_rows(client, f"{DATA[language]}missions.csv")

    assert [(r["region_id"], r["region"]) for r in regions] == [
        (str(haiti.pk), {"en": "Haiti", "fr": "Haïti"}[language])
    ]
    assert moved["region_id"] == str(haiti.pk)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_regions_file_gives_each_region_s_predecessor_by_its_slug(seeded, client, language):
    with translation.override(language):
        url = reverse("missions:regions_csv")
    rows = {row["region_slug"]: row for row in csv_rows(client, url)}
    assert list(rows["caribbean-region"])[-1] == "predecessor"
    assert rows["caribbean-region"]["predecessor"] == "haiti"
    assert rows["haiti"]["predecessor"] == ""


STREAMS = [
    "/en/data/snapshots.csv",
    "/fr/donnees/regions.json",
    "/en/data/missions.csv",
    "/en/missions/binuh/snapshots.csv",
    "/fr/regions/haiti/snapshots.json",
]


@pytest.mark.parametrize("url", STREAMS)
def test_a_streamed_download_has_a_weak_etag_and_a_current_copy_costs_one_query(
    haiti, url, settings, django_assert_num_queries
):
    """Its hash is known only once it is sent: the tag names the edition it follows."""
    settings.PAGE_VERSION_SECONDS = 3600  # counted per request, not per period
    client = Client()
    first = client.get(url)
    # Read to the end, as a browser does: on PostgreSQL a stream reads through a cursor
    # that must close within the test's transaction.
    b"".join(first.streaming_content)
    assert first["ETag"].startswith('W/"')
    with django_assert_num_queries(1):
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_the_whole_figures_streams_304_varies_on_encoding_as_its_file_does(haiti, client):
    first = client.get("/en/data/snapshots.csv")
    again = client.get("/en/data/snapshots.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert "Accept-Encoding" in again["Vary"]


def test_a_streamed_downloads_etag_changes_with_each_edition(haiti, client):
    first = client.get("/en/data/regions.csv")["ETag"]
    make_region(slug="new-region", name="New region", position=2)
    publish_working_copy()
    response = client.get("/en/data/regions.csv", HTTP_IF_NONE_MATCH=first)
    assert response.status_code == 200
    assert response["ETag"] != first
    assert "New region" in b"".join(response.streaming_content).decode()


def test_the_json_streams_etag_changes_with_the_day_its_citation_gives(haiti, client, monkeypatch):
    json_tag = client.get("/en/data/regions.json")["ETag"]
    csv_tag = client.get("/en/data/regions.csv")["ETag"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert client.get("/en/data/regions.json", HTTP_IF_NONE_MATCH=json_tag).status_code == 200
    # A CSV gives no date.
    assert client.get("/en/data/regions.csv", HTTP_IF_NONE_MATCH=csv_tag).status_code == 304


def test_a_range_on_a_stream_gets_the_whole_file_even_with_its_etag(haiti, client):
    """A weak tag never satisfies If-Range: a stream cannot be resumed."""
    first = client.get("/en/data/snapshots.csv")
    whole = b"".join(first.streaming_content)
    response = client.get(
        "/en/data/snapshots.csv", HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=first["ETag"]
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == whole


EDITION_FIGURES = "/en/current-peace-operations/editions/1/figures.csv"


def test_an_editions_figures_carry_its_hash_and_publication_as_validators(
    two_published_editions, client
):
    edition = Edition.objects.get(number=1)
    response = client.get(EDITION_FIGURES)
    assert response["ETag"] == f'W/"{edition.content_hash}"'
    assert response["Last-Modified"] == http_date(edition.published_at.timestamp())
    second = client.get("/en/current-peace-operations/editions/2/figures.csv")
    assert second["ETag"] != response["ETag"]


@pytest.mark.parametrize(
    "validator,condition", [("ETag", "If-None-Match"), ("Last-Modified", "If-Modified-Since")]
)
def test_a_current_copy_of_an_editions_figures_gets_304_kept_as_long(
    two_published_editions, client, validator, condition
):
    first = client.get(EDITION_FIGURES)
    again = client.get(EDITION_FIGURES, headers={condition: first[validator]})
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    cache_control = set(again["Cache-Control"].split(", "))
    assert cache_control == {"public", "max-age=31536000", "immutable"}
