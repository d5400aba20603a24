"""Changes to this page: every edition, its summary and what changed, as a page and an
Atom feed; and each edition's figures as CSV and JSON."""

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from missions.editions.diff import DocumentChange, diff_documents
from missions.models import Edition

from .helpers import make_mission, make_posting, make_region, make_snapshot, publish_working_copy

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def get(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200
    return response


@pytest.fixture
def two_editions():
    """Edition 1: Ukraine with a bilateral engagement (20 authorized) and a posting.
    Edition 2: the mission renamed and at 25, the region's note changed, a new region,
    the posting gone."""
    ukraine = make_region(note_en="Old note", note_fr="Ancienne note")
    mission = make_mission(ukraine, slug="bilateral", name="Bilateral")
    make_snapshot(ukraine, mission, as_of=datetime.date(2020, 1, 1), authorized=20)
    posting = make_posting()
    publish_working_copy(datetime.date(2020, 2, 1), summary="First edition")
    mission.name_en, mission.name_fr = "Bilateral engagement", "Engagement bilatéral"
    mission.save()
    make_snapshot(ukraine, mission, as_of=datetime.date(2021, 1, 1), authorized=25)
    ukraine.note_en, ukraine.note_fr = "New note", "Nouvelle note"
    ukraine.save()
    mali = make_region(slug="mali", name="Mali", name_fr="Mali", position=2)
    make_mission(mali, slug="minusma", name="MINUSMA")
    posting.published = False
    posting.save()
    publish_working_copy(datetime.date(2021, 2, 1), summary="Second edition")


def test_diff_documents_names_each_kind_of_change(two_editions):
    first, second = Edition.objects.order_by("number")
    changes = diff_documents(first.document, second.document, "en")
    assert DocumentChange("added", "table", "mali", "Mali") in changes
    assert DocumentChange("added", "region", "mali", "Mali") in changes
    assert DocumentChange("added", "mission", "minusma", "MINUSMA") in changes
    assert DocumentChange("removed", "posting", "icc", "International Criminal Court") in changes
    assert (
        DocumentChange(
            "renamed",
            "mission",
            "bilateral",
            "Bilateral engagement",
            "name",
            "Bilateral",
            "Bilateral engagement",
        )
        in changes
    )
    assert (
        DocumentChange(
            "figure",
            "mission",
            "bilateral",
            "Bilateral engagement",
            "authorized",
            "20 (2020-01-01)",
            "25 (2021-01-01)",
        )
        in changes
    )
    assert (
        DocumentChange("text", "region", "ukraine", "Ukraine", "note", "Old note", "New note")
        in changes
    )
    french = diff_documents(first.document, second.document, "fr")
    assert (
        DocumentChange(
            "text", "region", "ukraine", "Ukraine FR", "note", "Ancienne note", "Nouvelle note"
        )
        in french
    )
    assert diff_documents(second.document, second.document, "en") == []
    assert all(c.kind == "added" for c in diff_documents(None, first.document, "en"))


def test_the_change_log_lists_every_edition_with_its_summary_and_changes(two_editions):
    content = get("/en/current-peace-operations/changes/").content.decode()
    assert content.index("Edition 2</a>") < content.index("Edition 1</a>")
    assert "Second edition" in content and "First edition" in content
    assert "Region added: Mali." in content
    assert "Posting removed: International Criminal Court." in content
    assert "Mission renamed from “Bilateral” to “Bilateral engagement”." in content
    assert (
        "Bilateral engagement: Authorized deployments changed from 20 (2020-01-01) "
        "to 25 (2021-01-01)." in content
    )
    assert "Ukraine: Note changed." in content
    assert "Ukraine: Summary-table figure changed from Up to 20 (2020-01-01)" in content
    assert 'href="/en/current-peace-operations/editions/2/"' in content
    assert 'href="/en/current-peace-operations/changes/feed/"' in content


def test_the_french_change_log_is_in_french(two_editions):
    content = get("/fr/missions-en-cours/changes/").content.decode()
    assert "Second edition (FR)" in content
    assert "Région ajoutée : Mali." in content
    assert 'href="/fr/missions-en-cours/editions/2/"' in content


def test_the_current_page_and_the_edition_pages_link_to_the_change_log(two_editions):
    for url in ("/en/current-peace-operations/", "/en/current-peace-operations/editions/1/"):
        assert 'href="/en/current-peace-operations/changes/"' in get(url).content.decode()


def test_the_atom_feed_lists_every_edition_linking_to_it(two_editions):
    response = get("/en/current-peace-operations/changes/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Edition 2", "Edition 1"]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links == [
        "http://testserver/en/current-peace-operations/editions/2/",
        "http://testserver/en/current-peace-operations/editions/1/",
    ]
    summary = entries[0].find(f"{ATOM}summary").text
    assert "Second edition" in summary and "Region added: Mali." in summary
    french = ET.fromstring(get("/fr/missions-en-cours/changes/feed/").content)
    assert "Région ajoutée : Mali." in french.find(f"{ATOM}entry/{ATOM}summary").text


def test_an_unpublished_change_is_in_no_change_log_or_feed(two_editions):
    region = make_region(slug="draft-region", name="Unpublished region")
    make_mission(region, slug="draft-mission")
    for url in (
        "/en/current-peace-operations/changes/",
        "/en/current-peace-operations/changes/feed/",
    ):
        assert "Unpublished region" not in get(url).content.decode()


def test_the_change_log_and_the_feed_take_the_same_queries_with_1000_editions(
    thousand_editions, django_assert_num_queries, settings
):
    # Counted as rendered, not as served from the page cache.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with django_assert_num_queries(5):
        content = get("/en/current-peace-operations/changes/").content.decode()
    assert "Page 1 of 20" in content
    assert len(re.findall(r'<h2 id="edition-', content)) == 50
    with django_assert_num_queries(5):
        content = get("/en/current-peace-operations/changes/?page=20").content.decode()
    assert "Edition 1</a>" in content
    with django_assert_num_queries(1):
        feed = ET.fromstring(get("/en/current-peace-operations/changes/feed/").content)
    assert len(feed.findall(f"{ATOM}entry")) == 1000


def test_each_edition_has_its_figures_as_csv_and_json(two_editions):
    response = get("/en/current-peace-operations/editions/1/figures.csv")
    assert response["Content-Disposition"] == 'attachment; filename="edition-1-figures-en.csv"'
    cache_control = set(response["Cache-Control"].split(", "))
    assert cache_control == {"public", "max-age=31536000", "immutable"}
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [
        (r["shown_in"], r["mission_slug"], r["figure"], r["wording"], r["as_of"]) for r in rows
    ] == [
        ("table", "", "authorized", "Up to 20", "2020-01-01"),
        ("mission", "bilateral", "authorized", "20", "2020-01-01"),
    ]
    assert rows[0]["level"] == "missions" and rows[1]["level"] == "mission"
    response = get("/fr/missions-en-cours/editions/2/figures.json")
    records = json.loads(b"".join(response.streaming_content))
    assert {(r["region"], r["wording"]) for r in records} >= {("Ukraine FR", "25 tout au plus")}
    assert all(r["edition"] == 2 for r in records)
    assert Client().get("/en/current-peace-operations/editions/9/figures.csv").status_code == 404


def test_a_figure_older_than_its_edition_by_over_a_year_shows_its_date(client):
    region = make_region()
    mission = make_mission(region)
    make_snapshot(region, mission, as_of=datetime.date(2018, 1, 1), authorized=30)
    publish_working_copy(datetime.date(2019, 6, 1))
    content = get("/en/current-peace-operations/editions/1/", client).content.decode()
    assert '<span class="figure-date">(as of January 1, 2018)</span>' in content
    make_snapshot(region, mission, as_of=datetime.date(2019, 1, 1), authorized=31)
    publish_working_copy(datetime.date(2019, 6, 2))
    content = get("/en/current-peace-operations/editions/2/", Client()).content.decode()
    assert "figure-date" not in content
