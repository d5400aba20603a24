"""The admin's import of figures and missions: a preview of every row first, then all or
nothing on confirmation, by the same rules as the admin's forms."""

import datetime
import io

import openpyxl
import pytest

from missions.models import DeploymentSnapshot, Mission

from ..helpers.records import make_snapshot
from ..helpers.spreadsheets import IMPORT_HEADER, confirm, upload

pytestmark = pytest.mark.django_db


def test_an_admin_import_shows_a_preview_then_imports_on_confirmation(
    ukraine_and_caribbean, editor
):
    content = f"{IMPORT_HEADER}\nUkraine,EUAM Ukraine,2021-01-01,45,30,\nUkraine,,2021-01-01,50,,\n"

    preview = upload(editor, content.encode())

    assert preview.status_code == 200
    assert preview.context["confirm_form"] is not None
    assert preview.context["result"].totals["new"] == 2
    assert DeploymentSnapshot.objects.count() == 1  # nothing written yet

    response = confirm(editor, preview)
    assert response.status_code == 302
    assert DeploymentSnapshot.objects.count() == 3
    record = DeploymentSnapshot.history.filter(as_of="2021-01-01").first()
    assert record.history_user.username == "erin"


def test_an_admin_import_with_a_bad_row_reports_each_row_and_imports_nothing(
    ukraine_and_caribbean, editor
):
    content = (
        f"{IMPORT_HEADER}\nUkraine,EUAM Ukraine,2021-01-01,45,30,\n"
        "Ukraine,,2021-01-01,5,6,\nNarnia,,2021-01-01,5,,\n"
    )

    preview = upload(editor, content.encode())

    assert "confirm_form" not in preview.context
    invalid = {row.number: row.error_dict for row in preview.context["result"].invalid_rows}
    assert invalid == {
        3: {"deployed": ["Deployed cannot be more than authorized."]},
        4: {"region": ["There is no region “Narnia”."]},
    }
    html = preview.content.decode()
    assert "Deployed cannot be more than authorized." in html
    assert DeploymentSnapshot.objects.count() == 1


def test_an_admin_import_with_a_wrong_header_says_so_without_a_traceback(
    ukraine_and_caribbean, editor
):
    preview = upload(editor, f"{IMPORT_HEADER},notes\nUkraine,,2021-01-01,5,,,\n".encode())
    html = preview.content.decode()
    assert "The header row is wrong (unknown columns: notes)." in html
    assert "Traceback" not in html
    assert "confirm_form" not in preview.context


def test_an_import_confirmed_after_the_data_changed_is_refused_whole(ukraine_and_caribbean, editor):
    ukraine = ukraine_and_caribbean[0]
    content = f"{IMPORT_HEADER}\nUkraine,EUAM Ukraine,2021-01-01,45,30,\nUkraine,,2021-01-01,50,,\n"
    preview = upload(editor, content.encode())
    make_snapshot(ukraine, as_of=datetime.date(2021, 1, 1), authorized=50)  # meanwhile

    response = confirm(editor, preview)

    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any(m.startswith("Nothing was imported") for m in messages)
    assert DeploymentSnapshot.objects.count() == 2  # the fixture's and the one made meanwhile


def test_an_admin_import_reads_xlsx(ukraine_and_caribbean, editor):
    book = openpyxl.Workbook()
    book.active.append(IMPORT_HEADER.split(","))
    book.active.append(["Ukraine", "", datetime.datetime(2021, 1, 1), 50, None, "Report"])
    content = io.BytesIO()
    book.save(content)

    preview = upload(editor, content.getvalue(), name="figures.xlsx", file_format="1")
    assert confirm(editor, preview).status_code == 302
    assert DeploymentSnapshot.objects.filter(mission=None, authorized=50).exists()


def test_a_mission_import_never_publishes(ukraine_and_caribbean, editor):
    content = (
        "slug,region,name_en,name_fr,kind,published,version\n"
        "new-mission,ukraine,New mission,Nouvelle mission,un,1,\n"
    )
    preview = upload(editor, content.encode(), model="mission")
    confirm(editor, preview, model="mission")
    assert Mission.objects.get(slug="new-mission").published is False


def test_a_mission_import_applies_the_same_rules_as_the_admin(ukraine_and_caribbean, editor):
    content = (
        "slug,region,name_en,name_fr,kind,started,ended,version\n"
        "new-mission,ukraine,New mission,Nouvelle,un,2020-01-01,2019-01-01,\n"
        "binuh,caribbean-region,Integrated Office,,un,,,1\n"
    )
    preview = upload(editor, content.encode(), model="mission")
    invalid = {row.number: row.error_dict for row in preview.context["result"].invalid_rows}
    assert invalid[2] == {"ended": ["The end date cannot be before the start date."]}
    # BINUH is published: taking away its French name is refused like in the form.
    assert "Name is missing in French" in invalid[3]["name_fr"][0]
    assert not Mission.objects.filter(slug="new-mission").exists()
