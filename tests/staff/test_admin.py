"""The admin's everyday screens: searching, adding a figure, the link to the public page,
and the feedback reports."""

import pytest
from django.urls import reverse

from missions.models import Mission
from missions.models.feedback import Feedback

from ..helpers.pages import CURRENT
from ..helpers.records import DAY, make_mission, make_posting, make_region, make_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    region = make_region()
    mission = make_mission(region, started=DAY)
    make_snapshot(region, mission, authorized=10, deployed=5)
    make_snapshot(region, authorized=20)
    make_posting()
    return region, mission


def test_admin_search_finds_missions_by_acronym(admin_client, sample):
    Mission.objects.update(acronym_en="BINUH")
    response = admin_client.get(reverse("admin:missions_mission_changelist"), {"q": "binuh"})
    assert "Bilateral engagement" in response.content.decode()


def snapshot_form(region, **overrides):
    data = {
        "region": region.pk,
        "mission": "",
        "as_of": "2021-01-01",
        "as_of_precision": "day",
        "authorized": "12",
        "deployed": "4",
        "source": "Test",
    }
    data.update(overrides)
    return data


def test_an_editor_adds_a_new_figure_in_one_form(admin_client, sample):
    region, mission = sample
    response = admin_client.post(
        reverse("admin:missions_deploymentsnapshot_add"),
        snapshot_form(region, mission=mission.pk),
    )
    assert response.status_code == 302
    assert mission.snapshots.latest().authorized == 12


def test_the_mission_change_form_links_to_the_public_page(admin_client, sample):
    _region, mission = sample
    html = admin_client.get(
        reverse("admin:missions_mission_change", args=[mission.pk])
    ).content.decode()
    assert "View on site" in html


def test_staff_see_reports_in_the_admin_and_cannot_change_them(admin_client):
    report = Feedback.objects.create(
        path=CURRENT, language="en", problem="wrong", details="Ukraine figure is old"
    )
    listing = admin_client.get("/en/admin/missions/feedback/")
    assert listing.status_code == 200
    assert "Ukraine figure is old" in listing.content.decode()
    assert admin_client.get("/en/admin/missions/feedback/add/").status_code == 403
    detail = admin_client.get(f"/en/admin/missions/feedback/{report.pk}/change/")
    assert detail.status_code == 200
    assert 'name="details"' not in detail.content.decode()
