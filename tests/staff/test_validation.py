"""Every rule for figures and records, driven through the admin: each bad input gets its
message on the field and nothing is saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from missions.models import DeploymentSnapshot, Mission

from ..helpers.records import DAY, make_mission, make_snapshot
from ..helpers.staff import admin_form_data, change_url

pytestmark = pytest.mark.django_db


def post_mission(client, mission, **changes):
    url = change_url(mission)
    return client.post(url, admin_form_data(client.get(url), **changes))


def inline_errors(response, index, prefix=0):
    return response.context["inline_admin_formsets"][prefix].formset.forms[index].errors


FIGURE_RULES = [
    ({"authorized": "-3"}, "authorized", "Ensure this value is greater than or equal to 0."),
    ({"deployed": "2.5"}, "deployed", "Enter a whole number."),
    ({"authorized": "many"}, "authorized", "Enter a whole number."),
    ({"deployed": "12"}, "deployed", "Deployed cannot be more than authorized."),
    ({"as_of": "2999-01-01"}, "as_of", "The date cannot be in the future."),
    ({"as_of": "2021-02-30"}, "as_of", "Enter a valid date."),
    ({"as_of": DAY.isoformat()}, "as_of", "This mission already has figures for this date."),
]


def add_figure(client, mission, form, **changes):
    """Add a figure of the mission in the figure form, or as a new row of the mission's
    page, and return the errors the figure gets."""
    row = {"as_of": "2021-01-01", "authorized": "10", "deployed": "4", **changes}
    if form == "figure form":
        data = {"region": mission.region_id, "mission": mission.pk, "as_of_precision": "day"}
        response = client.post(reverse("admin:missions_deploymentsnapshot_add"), data | row)
        errors = response.context["adminform"].form.errors
    else:
        response = post_mission(client, mission, **{f"snapshots-1-{k}": v for k, v in row.items()})
        errors = inline_errors(response, 1)
    assert response.status_code == 200
    return errors


@pytest.mark.parametrize("form", ["figure form", "mission page"])
@pytest.mark.parametrize("changes,field,message", FIGURE_RULES)
def test_a_bad_new_figure_is_refused_on_its_field_and_nothing_is_saved(
    editor, mission, form, changes, field, message
):
    assert message in add_figure(editor, mission, form, **changes)[field]
    assert DeploymentSnapshot.objects.count() == 1


def test_the_same_date_twice_in_one_save_is_caught_on_the_field(editor, mission):
    url = reverse("admin:missions_mission_change", args=[mission.pk])
    data = admin_form_data(editor.get(url))
    data.update({"snapshots-TOTAL_FORMS": "3"})
    for index in (1, 2):
        data.update(
            {f"snapshots-{index}-as_of": "2021-01-01", f"snapshots-{index}-authorized": "7"}
        )
        data[f"snapshots-{index}-mission"] = str(mission.pk)
    response = editor.post(url, data)
    assert response.status_code == 200
    assert inline_errors(response, 2)["as_of"] == [
        "This mission already has figures for this date."
    ]
    assert mission.snapshots.count() == 1


def test_a_second_region_level_figure_for_a_date_is_caught_on_the_field(editor, mission):
    region = mission.region
    make_snapshot(region, as_of=DAY, authorized=20)
    url = reverse("admin:missions_region_change", args=[region.pk])
    response = editor.post(
        url,
        admin_form_data(
            editor.get(url),
            **{"snapshots-1-as_of": DAY.isoformat(), "snapshots-1-authorized": "21"},
        ),
    )
    assert response.status_code == 200
    assert inline_errors(response, 1)["as_of"] == ["This region already has figures for this date."]
    assert DeploymentSnapshot.objects.filter(mission=None).count() == 1


def test_a_changed_figure_is_checked_like_a_new_one(editor, mission):
    response = post_mission(editor, mission, **{"snapshots-0-deployed": "11"})
    assert inline_errors(response, 0)["deployed"] == ["Deployed cannot be more than authorized."]
    assert DeploymentSnapshot.objects.get().deployed == 5


def test_a_slug_in_use_is_refused_on_its_field(editor, mission):
    make_mission(mission.region, slug="binuh", name="BINUH")
    response = post_mission(editor, mission, slug="binuh")
    assert response.context["adminform"].form.errors["slug"] == [
        "Mission with this Slug already exists."
    ]
    mission.refresh_from_db()
    assert mission.slug == "bilateral"


def test_a_mission_cannot_be_its_own_predecessor_in_the_admin(editor, mission):
    response = post_mission(editor, mission, predecessor=str(mission.pk))
    assert response.context["adminform"].form.errors["predecessor"] == [
        "A mission cannot be its own predecessor, directly or through others."
    ]
    assert Mission.objects.get(pk=mission.pk).predecessor is None


def test_a_predecessor_cycle_is_refused_in_the_admin(editor, mission):
    successor = make_mission(mission.region, slug="binuh", name="BINUH", predecessor=mission)
    response = post_mission(editor, mission, predecessor=str(successor.pk))
    assert "predecessor" in response.context["adminform"].form.errors
    assert Mission.objects.get(pk=mission.pk).predecessor is None


def test_an_end_date_before_the_start_is_refused_on_the_field(editor, mission):
    response = post_mission(editor, mission, started="2017-10-16", ended="2017-10-15")
    assert response.context["adminform"].form.errors["ended"] == [
        "The end date cannot be before the start date."
    ]
    assert Mission.objects.get(pk=mission.pk).ended is None


def test_a_figure_dated_today_is_accepted(editor, mission):
    today = timezone.localdate().isoformat()
    response = post_mission(
        editor, mission, **{"snapshots-1-as_of": today, "snapshots-1-authorized": "9"}
    )
    assert response.status_code == 302
    assert mission.snapshots.latest().as_of == datetime.date.fromisoformat(today)
