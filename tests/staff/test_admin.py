import pytest
from django.urls import reverse

from missions.models import DeploymentSnapshot, Mission

from .helpers import DAY, make_mission, make_posting, make_region, make_snapshot

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


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"deployed": "13"}, "deployed", "Deployed cannot be more than authorized."),
        ({"authorized": "-1"}, "authorized", "Ensure this value is greater than or equal to 0."),
        ({"authorized": "1.5"}, "authorized", "Enter a whole number."),
        ({"authorized": "many"}, "authorized", "Enter a whole number."),
        ({"as_of": "2999-01-01"}, "as_of", "The date cannot be in the future."),
        ({"as_of": "2021-02-30"}, "as_of", "Enter a valid date."),
    ],
)
def test_the_admin_rejects_an_invalid_figure_on_its_field_and_saves_nothing(
    admin_client, sample, overrides, field, message
):
    region, _mission = sample
    before = DeploymentSnapshot.objects.count()
    response = admin_client.post(
        reverse("admin:missions_deploymentsnapshot_add"), snapshot_form(region, **overrides)
    )
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors[field]
    assert DeploymentSnapshot.objects.count() == before


def test_the_admin_rejects_a_second_region_figure_for_the_same_date(admin_client, sample):
    region, _mission = sample
    response = admin_client.post(
        reverse("admin:missions_deploymentsnapshot_add"),
        snapshot_form(region, as_of=DAY.isoformat()),
    )
    assert response.status_code == 200
    assert "This region already has figures for this date." in response.content.decode()
    assert DeploymentSnapshot.objects.filter(mission=None).count() == 1


def test_the_admin_rejects_an_end_date_before_the_start_date(admin_client, sample):
    _region, mission = sample
    url = reverse("admin:missions_mission_change", args=[mission.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "name_en": "Renamed",
            "started": "2020-06-01",
            "ended": "2019-01-01",
            "snapshots-TOTAL_FORMS": "0",
            "snapshots-INITIAL_FORMS": "0",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert (
        "The end date cannot be before the start date."
        in response.context["adminform"].form.errors["ended"]
    )
    mission.refresh_from_db()
    assert mission.name_en == "Bilateral engagement"


def test_the_mission_change_form_links_to_the_public_page(admin_client, sample):
    _region, mission = sample
    html = admin_client.get(
        reverse("admin:missions_mission_change", args=[mission.pk])
    ).content.decode()
    assert "View on site" in html
