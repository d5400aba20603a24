"""Text is stored with LF line breaks whatever saved it (a browser posts CRLF, a file may
hold CR or CRLF), so that comparing two versions never shows a change nobody made."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from missions.models import DeploymentSnapshot, Mission, Posting, Region

from .helpers import DAY, admin_form_data, make_mission, make_posting, make_region, make_user

pytestmark = pytest.mark.django_db

CRLF_BODY = "First paragraph.\r\n\r\nSecond paragraph.\r- item"
LF_BODY = "First paragraph.\n\nSecond paragraph.\n- item"


def test_a_save_from_the_shell_stores_lf_line_breaks_in_every_text():
    region = make_region(note_en="Note.\r\nMore.", intro_fr="Intro.\rSuite.")
    mission = make_mission(region, body_en=CRLF_BODY, body_fr=CRLF_BODY)
    posting = make_posting(body_en=CRLF_BODY)

    region.refresh_from_db()
    mission.refresh_from_db()
    posting.refresh_from_db()
    assert (region.note_en, region.intro_fr) == ("Note.\nMore.", "Intro.\nSuite.")
    assert mission.body_en == mission.body_fr == LF_BODY
    assert posting.body_en == LF_BODY
    assert mission.history.get().body_en == LF_BODY


def test_a_save_from_an_admin_form_stores_lf_line_breaks():
    mission = make_mission(make_region(), body_en="Old.", body_fr="Ancien.")
    client = Client()
    client.force_login(make_user("editor", "Editors"))
    url = reverse("admin:missions_mission_change", args=[mission.pk])

    form = admin_form_data(client.get(url), body_en=CRLF_BODY, body_fr=CRLF_BODY)
    assert client.post(url, form).status_code == 302

    mission.refresh_from_db()
    assert mission.body_en == mission.body_fr == LF_BODY


def test_a_command_line_import_stores_lf_line_breaks(tmp_path):
    make_region()
    path = tmp_path / "figures.csv"
    path.write_bytes(
        b'region,mission,as_of,authorized,deployed,source\nukraine,,2021-01-01,50,,"One.\r\nTwo."\n'
    )

    call_command("import_snapshots", str(path), stdout=io.StringIO())
    assert DeploymentSnapshot.objects.get().source == "One.\nTwo."


def test_an_admin_import_stores_lf_line_breaks():
    make_region()
    client = Client()
    client.force_login(make_user("editor", "Editors"))
    content = 'region,mission,as_of,authorized,deployed,source\r\nukraine,,{},50,,"A.\r\nB."\r\n'
    preview = client.post(
        reverse("admin:missions_deploymentsnapshot_import"),
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("figures.csv", content.format(DAY).encode()),
        },
    )
    data = {field.html_name: field.value() for field in preview.context["confirm_form"]}

    client.post(reverse("admin:missions_deploymentsnapshot_process_import"), data)

    assert DeploymentSnapshot.objects.get().source == "A.\nB."


def test_the_migration_normalises_rows_and_their_history_saved_before_it():
    mission = make_mission(make_region(), body_en="Plain.")
    # Rows written before the fix, bypassing save().
    Mission.objects.filter(pk=mission.pk).update(body_en=CRLF_BODY, acronym_fr="A\rB")
    Mission.history.filter(id=mission.pk).update(body_en=CRLF_BODY)
    Region.objects.update(note_en="x\r\ny")
    Posting.objects.all().delete()
    migration = importlib.import_module("missions.migrations.0005_normalize_line_endings")

    migration.normalize_line_endings(apps, None)

    mission.refresh_from_db()
    assert (mission.body_en, mission.acronym_fr) == (LF_BODY, "A\nB")
    assert mission.history.get().body_en == LF_BODY
    assert Region.objects.get().note_en == "x\ny"
