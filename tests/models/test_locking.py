"""Optimistic locking: each save moves a record's version on, and a save from an out-of-date
copy is refused by the database."""

import pytest

from missions.models import Mission, Region
from missions.models.locking import VersionConflict

from ..helpers.records import make_mission, make_region

pytestmark = pytest.mark.django_db


def test_a_save_from_an_out_of_date_copy_is_refused_by_the_database_check():
    region = make_region()
    stale = Region.objects.get(pk=region.pk)
    region.name_en = "Renamed"
    region.save()
    stale.name_en = "Stale"
    with pytest.raises(VersionConflict):
        stale.save()
    region.refresh_from_db()
    assert (region.name_en, region.version) == ("Renamed", 2)
    assert stale.version == 1  # unchanged, so the caller can reload and retry


def test_each_save_moves_the_version_on_and_is_recorded_with_it():
    mission = make_mission(make_region())
    mission.name_en = "Second"
    mission.save()
    mission.name_en = "Third"
    mission.save()
    assert mission.version == 3
    assert list(mission.history.values_list("version", "name_en")) == [
        (3, "Third"),
        (2, "Second"),
        (1, "Bilateral engagement"),
    ]
    assert Mission.objects.get().version == 3
