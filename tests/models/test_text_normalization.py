"""Text is stored with LF line breaks whatever saved it (a browser posts CRLF, a file may
hold CR or CRLF), so that comparing two versions never shows a change nobody made."""

import pytest

from missions.models import DeploymentSnapshot

from ..helpers.records import DAY, make_mission, make_posting, make_region
from ..helpers.spreadsheets import IMPORT_HEADER, confirm, run_import, upload
from ..helpers.staff import admin_form_data, change_url, signed_in

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
    client = signed_in("Editors")
    url = change_url(mission)

    form = admin_form_data(client.get(url), body_en=CRLF_BODY, body_fr=CRLF_BODY)
    assert client.post(url, form).status_code == 302

    mission.refresh_from_db()
    assert mission.body_en == mission.body_fr == LF_BODY


def test_a_command_line_import_stores_lf_line_breaks(tmp_path):
    make_region()
    path = tmp_path / "figures.csv"
    path.write_bytes(f'{IMPORT_HEADER}\nukraine,,2021-01-01,50,,"One.\r\nTwo."\n'.encode())

    _out, err, error = run_import(path)
    assert error is None, err
    assert DeploymentSnapshot.objects.get().source == "One.\nTwo."


def test_an_admin_import_stores_lf_line_breaks():
    make_region()
    client = signed_in("Editors")
    content = f'{IMPORT_HEADER}\r\nukraine,,{DAY},50,,"A.\r\nB."\r\n'

    confirm(client, upload(client, content.encode()))

    assert DeploymentSnapshot.objects.get().source == "A.\nB."
