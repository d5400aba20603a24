"""The published copy: storing an edition indexes every item it shows, once."""

import pytest

from missions.models import Edition
from missions.models.published import Appearance

pytestmark = pytest.mark.django_db


def test_each_stored_edition_is_indexed_once(haiti):
    edition = Edition.objects.get()
    assert sorted(Appearance.objects.values_list("kind", "slug", "name_en", "status")) == [
        ("mission", "binuh", "BINUH", "active"),
        ("posting", "icc", "International Criminal Court", ""),
        ("region", "haiti", "Haiti", ""),
    ]
    mission_row = Appearance.objects.get(kind="mission")
    assert mission_row.edition == edition
    assert mission_row.figures["authorized"]["value"] == 10
    region_row = Appearance.objects.get(kind="region")
    assert region_row.figures["table"]["wording"] == {"en": "Up to 20", "fr": "20 tout au plus"}
