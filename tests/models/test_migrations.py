"""The data migrations, run on the rows an existing database held before them."""

import importlib

import pytest
from django.apps import apps
from django.test import Client

from missions.editions.building import build_document
from missions.models import Mission, Posting, Region
from missions.models.editions import Edition

from ..helpers.pages import CURRENT
from ..helpers.records import make_mission, make_region

pytestmark = pytest.mark.django_db

CRLF = "First paragraph.\r\n\r\nSecond paragraph.\r- item"
LF = "First paragraph.\n\nSecond paragraph.\n- item"


def first_edition_migration():
    return importlib.import_module("missions.migrations.0007_first_edition").first_edition


def test_the_migration_makes_edition_1_from_the_records_published_before_editions():
    region = make_region()
    make_mission(region, body_en="Advice.", body_fr="Conseils.")
    make_region(slug="draft", name="Draft region", published=False)

    first_edition_migration()(apps, None)

    edition = Edition.objects.get()
    assert edition.number == 1
    assert edition.document == build_document()
    assert "Draft region" not in str(edition.document)
    assert "Bilateral engagement" in Client().get(CURRENT).content.decode()


def test_the_migration_makes_no_edition_for_an_empty_database():
    first_edition_migration()(apps, None)
    assert not Edition.objects.exists()


def test_the_migration_normalises_rows_and_their_history_saved_before_it():
    mission = make_mission(make_region(), body_en="Plain.")
    # Rows written before the fix, bypassing save().
    Mission.objects.filter(pk=mission.pk).update(body_en=CRLF, acronym_fr="A\rB")
    Mission.history.filter(id=mission.pk).update(body_en=CRLF)
    Region.objects.update(note_en="x\r\ny")
    Posting.objects.all().delete()
    migration = importlib.import_module("missions.migrations.0005_normalize_line_endings")

    migration.normalize_line_endings(apps, None)

    mission.refresh_from_db()
    assert (mission.body_en, mission.acronym_fr) == (LF, "A\nB")
    assert mission.history.get().body_en == LF
    assert Region.objects.get().note_en == "x\ny"
