"""The records' rules, each held by the database and by validation alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from missions.models import DeploymentSnapshot, Mission

from ..helpers.records import DAY, make_mission, make_posting, make_region, make_snapshot

pytestmark = pytest.mark.django_db


def assert_db_refuses(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def assert_invalid(obj, field):
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    assert field in excinfo.value.message_dict, excinfo.value.message_dict
    return excinfo.value.message_dict[field]


# Snapshots


def test_a_mission_cannot_have_two_snapshots_on_one_date_in_the_database():
    region = make_region()
    mission = make_mission(region)
    make_snapshot(region, mission)
    assert_db_refuses(lambda: make_snapshot(region, mission))


def test_a_second_snapshot_for_a_mission_on_one_date_is_a_validation_error_on_the_date():
    region = make_region()
    mission = make_mission(region)
    make_snapshot(region, mission)
    duplicate = DeploymentSnapshot(region=region, mission=mission, as_of=DAY, authorized=3)
    assert assert_invalid(duplicate, "as_of") == ["This mission already has figures for this date."]


def test_a_region_cannot_have_two_region_level_snapshots_on_one_date():
    region = make_region()
    make_snapshot(region)
    assert_db_refuses(lambda: make_snapshot(region))
    duplicate = DeploymentSnapshot(region=region, as_of=DAY, authorized=3)
    assert assert_invalid(duplicate, "as_of") == ["This region already has figures for this date."]


def test_a_region_level_and_a_mission_level_snapshot_may_share_a_date():
    region = make_region()
    mission = make_mission(region)
    make_snapshot(region)
    make_snapshot(region, mission)
    assert DeploymentSnapshot.objects.count() == 2


def test_negative_counts_are_refused_by_the_database_and_by_validation():
    region = make_region()
    for field in ("authorized", "deployed"):
        values = {"authorized": 5, "deployed": 1, field: -1}
        assert_db_refuses(lambda values=values: make_snapshot(region, **values))
        assert_invalid(DeploymentSnapshot(region=region, as_of=DAY, **values), field)


def test_deployed_above_authorized_is_refused_by_the_database():
    region = make_region()
    assert_db_refuses(lambda: make_snapshot(region, authorized=5, deployed=6))


def test_deployed_above_authorized_is_a_validation_error_on_the_deployed_field():
    snapshot = DeploymentSnapshot(region=make_region(), as_of=DAY, authorized=5, deployed=6)
    assert assert_invalid(snapshot, "deployed") == ["Deployed cannot be more than authorized."]


def test_a_snapshot_without_any_figure_is_refused_both_ways():
    region = make_region()
    assert_db_refuses(lambda: make_snapshot(region, authorized=None, deployed=None))
    empty = DeploymentSnapshot(region=region, as_of=DAY)
    assert "Give the authorized figure" in str(assert_invalid(empty, "__all__"))


def test_a_snapshot_dated_in_the_future_is_a_validation_error():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    snapshot = DeploymentSnapshot(region=make_region(), as_of=tomorrow, authorized=1)
    assert assert_invalid(snapshot, "as_of") == ["The date cannot be in the future."]


def test_a_snapshot_for_a_mission_of_another_region_is_a_validation_error():
    mission = make_mission(make_region())
    other = make_region(slug="west-bank", name="West Bank")
    snapshot = DeploymentSnapshot(region=other, mission=mission, as_of=DAY, authorized=1)
    assert_invalid(snapshot, "mission")


def test_a_mission_snapshot_takes_its_region_from_the_mission():
    region = make_region()
    snapshot = DeploymentSnapshot(mission=make_mission(region), as_of=DAY, authorized=1)
    snapshot.save()
    assert snapshot.region == region


# Missions


def test_a_mission_ending_before_it_starts_is_refused_by_the_database():
    region = make_region()
    assert_db_refuses(
        lambda: make_mission(
            region, started=datetime.date(2017, 10, 16), ended=datetime.date(2017, 10, 15)
        )
    )


def test_a_mission_ending_before_it_starts_is_a_validation_error_on_the_end_date():
    mission = Mission(
        region=make_region(),
        slug="m",
        name_en="M",
        kind="un",
        started=datetime.date(2017, 10, 16),
        ended=datetime.date(2017, 10, 15),
    )
    assert assert_invalid(mission, "ended") == ["The end date cannot be before the start date."]


def test_a_mission_cannot_be_its_own_predecessor_in_the_database():
    mission = make_mission(make_region())
    mission.predecessor_id = mission.pk
    assert_db_refuses(lambda: mission.save())


def test_a_mission_cannot_be_its_own_predecessor_by_validation():
    mission = make_mission(make_region())
    mission.predecessor = mission
    assert_invalid(mission, "predecessor")


def test_a_predecessor_cycle_is_a_validation_error():
    region = make_region()
    first = make_mission(region, slug="first", name="First")
    second = make_mission(region, slug="second", name="Second", predecessor=first)
    first.predecessor = second
    assert_invalid(first, "predecessor")


def test_a_region_cannot_be_its_own_predecessor_in_the_database():
    region = make_region()
    region.predecessor_id = region.pk
    assert_db_refuses(lambda: region.save())


def test_a_region_cannot_be_its_own_predecessor_by_validation():
    region = make_region()
    region.predecessor = region
    assert assert_invalid(region, "predecessor") == [
        "A region cannot be its own predecessor, directly or through others."
    ]


def test_a_region_predecessor_cycle_is_a_validation_error():
    haiti = make_region(slug="haiti", name="Haiti")
    caribbean = make_region(slug="caribbean-region", name="Caribbean region", predecessor=haiti)
    haiti.predecessor = caribbean
    assert_invalid(haiti, "predecessor")


def test_a_region_may_continue_another_in_the_database_and_by_validation():
    haiti = make_region(slug="haiti", name="Haiti")
    caribbean = make_region(slug="caribbean-region", name="Caribbean region", predecessor=haiti)
    caribbean.full_clean()
    assert list(haiti.successors.all()) == [caribbean]


def test_slugs_are_unique_both_ways():
    region = make_region()
    make_mission(region, slug="binuh")
    assert_db_refuses(lambda: make_mission(region, slug="binuh", name="Other"))
    assert_invalid(Mission(region=region, slug="binuh", name_en="X", kind="un"), "slug")


def test_draft_missions_and_missions_of_draft_regions_are_not_published():
    public = make_region()
    hidden = make_region(slug="hidden", name="Hidden", published=False)
    shown = make_mission(public, slug="shown")
    make_mission(public, slug="draft", published=False)
    make_mission(hidden, slug="orphan")
    assert list(Mission.objects.published()) == [shown]


def test_a_figure_is_a_new_snapshot_and_the_current_one_is_the_latest():
    region = make_region()
    mission = make_mission(region, started=DAY)
    make_snapshot(region, mission, as_of=DAY, authorized=10)
    make_snapshot(region, mission, as_of=datetime.date(2021, 1, 1), authorized=12)
    mission = Mission.objects.with_latest_figures(timezone.localdate()).get()
    assert mission.latest_authorized == 12
    assert DeploymentSnapshot.objects.count() == 2


def test_every_record_has_a_readable_name_and_an_address():
    region = make_region()
    mission = make_mission(region, acronym_en="BINUH", name="Integrated Office")
    posting = make_posting()
    snapshot = make_snapshot(region, mission)
    assert str(mission) == "Integrated Office (BINUH)"
    assert str(snapshot) == "Integrated Office (BINUH), 2020-06-01"
    assert region.get_absolute_url() == "/en/regions/ukraine/"
    assert mission.get_absolute_url() == "/en/missions/bilateral/"
    assert snapshot.get_absolute_url() == mission.get_absolute_url()
    assert posting.get_absolute_url() == "/en/current-peace-operations/#posting-icc"


# Publishing needs both languages


def test_a_published_record_needs_its_name_in_both_languages():
    region = make_region(name_fr="")
    assert assert_invalid(region, "name_fr") == [
        "Name is missing in French. A published record needs both languages, "
        "so that the English and French pages match."
    ]
    region.published = False
    region.full_clean()  # a draft may be in one language


def test_a_published_record_has_each_optional_text_in_both_languages_or_neither():
    mission = make_mission(make_region(), body_en="", body_fr="")
    mission.full_clean()
    mission.body_fr = "Le texte."
    assert "Body is missing in English." in assert_invalid(mission, "body_en")[0]
    posting = make_posting(city_en="Geneva", city_fr="")
    assert "City is missing in French." in assert_invalid(posting, "city_fr")[0]


def test_a_missing_translation_of_a_field_left_out_of_a_form_is_still_reported():
    mission = make_mission(make_region(), body_en="Text.", body_fr="")
    with pytest.raises(ValidationError) as excinfo:
        mission.full_clean(exclude=["body_en", "body_fr"])
    assert "Body is missing in French." in excinfo.value.message_dict["__all__"][0]
