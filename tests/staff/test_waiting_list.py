"""Waiting for review: every record saved since the live edition, deleted ones included,
with what changed, who changed it and when, for Editors and Publishers alike."""

import datetime

import pytest
from django.urls import reverse

from missions.models import DeploymentSnapshot, Edition, Mission, Posting, Region
from missions.staff import waiting

from ..helpers.pages import table_rows
from ..helpers.records import make_mission, make_posting, make_region, make_snapshot
from ..helpers.staff import admin_form_data, change_url, signed_in

pytestmark = pytest.mark.django_db

WAITING = "/en/admin/missions/edition/waiting/"
PUBLISHED = datetime.datetime(2024, 5, 1, 16, 0, tzinfo=datetime.UTC)
BEFORE = PUBLISHED - datetime.timedelta(days=1)
SAVED = datetime.datetime(2024, 5, 2, 14, 30, tzinfo=datetime.UTC)  # 10:30 in Toronto
# The session, the user and their permissions (2), the live edition, the count, the page;
# for each of the four models on the page, its versions, their versions before the
# edition, and who saved them; the figures' missions and regions, kept or deleted.
QUERIES = 5 + 2 + 4 * 3 + 2 * 2


@pytest.fixture
def published(haiti):
    """Haiti (BINUH, two figures, a posting), published as edition 1 on PUBLISHED, every
    version of its records saved before that."""
    Edition.objects.update(published_at=PUBLISHED)
    for model in (Region, Mission, Posting, DeploymentSnapshot):
        model.history.update(history_date=BEFORE)
    return haiti


def saved_at(record, when):
    """Date the versions of `record` saved since the edition `when`."""
    versions = type(record).history.filter(id=record.pk, history_date__gt=PUBLISHED)
    versions.update(history_date=when)


def save(client, record, **changes):
    url = change_url(record)
    response = client.post(url, admin_form_data(client.get(url), **changes))
    assert response.status_code == 302
    return response


def rows(client, url=WAITING):
    response = client.get(url)
    assert response.status_code == 200
    return table_rows(response.content.decode(), "waiting-list")


def test_a_changed_record_is_listed_with_what_changed_who_changed_it_and_when(published, editor):
    save(editor, published.mission, body_en="New text.", body_fr="Nouveau texte.")
    saved_at(published.mission, SAVED)

    response = editor.get(WAITING)

    assert table_rows(response.content.decode(), "waiting-list") == [
        ["BINUH", "Mission", "changed: Body [en], Body [fr]", "erin", "May 2, 2024, 10:30 a.m."]
    ]
    assert f'<a href="{change_url(published.mission)}">BINUH</a>' in response.content.decode()
    assert "1 record waiting for review" in response.content.decode()


def test_the_list_is_in_french_on_the_french_admin(published, editor):
    save(editor, published.mission, body_en="New text.", body_fr="Nouveau texte.")
    saved_at(published.mission, SAVED)

    assert rows(editor, WAITING.replace("/en/", "/fr/")) == [
        [
            "BINUH FR",
            "Mission",
            "modifié\u00a0: Corps du texte [en], Corps du texte [fr]",
            "erin",
            "2 mai 2024 10:30",
        ]
    ]


def test_records_unchanged_since_the_live_edition_are_not_listed(published, editor):
    html = editor.get(WAITING).content.decode()
    assert "Nothing is waiting for review." in html
    assert "waiting-list" not in html


def test_added_and_deleted_records_are_listed_with_everyone_who_saved_them(
    published, editor, publisher
):
    europol = make_posting(slug="europol", title="Europol")
    saved_at(europol, SAVED)
    save(editor, published.region, name_en="Haiti and region")
    save(publisher, published.region, name_fr="Haïti et région")
    saved_at(published.region, SAVED + datetime.timedelta(hours=2))
    figure = published.figure
    delete = reverse("admin:missions_deploymentsnapshot_delete", args=[figure.pk])
    assert publisher.post(delete, {"post": "yes"}).status_code == 302
    saved_at(figure, SAVED + datetime.timedelta(hours=3))

    html = editor.get(WAITING).content.decode()

    assert table_rows(html, "waiting-list") == [
        ["BINUH, 2020-06-01", "Deployment snapshot", "deleted", "pat", "May 2, 2024, 1:30 p.m."],
        [
            "Haiti and region",
            "Region",
            "changed: Name [en], Name [fr]",
            "pat, erin",
            "May 2, 2024, 12:30 p.m.",
        ],
        ["Europol", "Posting", "added", "unknown", "May 2, 2024, 10:30 a.m."],
    ]
    history = reverse("admin:missions_deploymentsnapshot_history", args=[figure.pk])
    assert f'<a href="{history}">BINUH, 2020-06-01</a>' in html
    assert editor.get(history).status_code == 200


def test_before_the_first_edition_every_saved_record_is_listed(editor):
    make_region(slug="mali", name="Mali")
    assert rows(editor)[0][:4] == ["Mali", "Region", "added", "unknown"]


def test_the_list_is_paginated_newest_first(published, editor, monkeypatch):
    monkeypatch.setattr(waiting, "PER_PAGE", 2)
    for number, record in enumerate([published.region, published.mission, Posting.objects.get()]):
        save(editor, record, position=str(10 + number))
        saved_at(record, SAVED + datetime.timedelta(hours=number))

    first, second = rows(editor), rows(editor, f"{WAITING}?p=2")

    assert [row[0] for row in first] == ["International Criminal Court", "BINUH"]
    assert [row[0] for row in second] == ["Haiti"]
    assert "Page 1 of 2" in editor.get(WAITING).content.decode()


@pytest.mark.parametrize("regions", [2, 30])
def test_the_list_makes_the_same_few_queries_whatever_its_length(
    published, editor, regions, django_assert_max_num_queries
):
    # Each region added with a mission and its figure; one in two deleted since, so that a
    # figure is named after a mission kept or one deleted too.
    for number in range(regions):
        region = make_region(slug=f"region-{number}", name=f"Region {number}", position=number)
        mission = make_mission(region, slug=f"mission-{number}", name=f"Mission {number}")
        figure = make_snapshot(region, mission, as_of=BEFORE.date())
        if number % 2:
            figure.delete()
            mission.delete()
            region.delete()
    with django_assert_max_num_queries(QUERIES):
        shown = rows(editor)
    assert len(shown) == regions * 3
    assert ["Mission 1, 2024-04-30", "Deployment snapshot", "deleted"] in [row[:3] for row in shown]


def test_editors_and_publishers_may_see_the_list_others_may_not(published, client):
    assert signed_in("Editors").get(WAITING).status_code == 200
    assert signed_in("Publishers").get(WAITING).status_code == 200
    assert signed_in().get(WAITING).status_code == 403
    assert client.get(WAITING)["Location"].startswith("/en/admin/login/")


def test_the_admin_index_links_to_the_list_with_its_length(published, editor):
    save(editor, published.mission, body_en="New text.", body_fr="Nouveau texte.")

    html = editor.get("/en/admin/").content.decode()

    assert f'<a href="{WAITING}">Waiting for review (1)</a>' in html


def test_the_admin_index_link_is_in_french_on_the_french_admin(published, editor):
    html = editor.get("/fr/admin/").content.decode()
    assert "En attente d'examen (0)</a>" in html


def test_someone_who_may_not_see_the_list_gets_no_link(published):
    html = signed_in().get("/en/admin/").content.decode()
    assert "Waiting for review" not in html
